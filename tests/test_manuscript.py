"""``ldnrefs check paper.tex``: the works a LaTeX manuscript cites under two keys, keys no bibliography
defines, keys defined twice. Real manuscripts first; each finding written down before the test."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.manuscript import read_latex
from tests.conftest import DATA, SEED

MANUSCRIPTS = DATA / "realworld" / "manuscripts"
THESIS = MANUSCRIPTS / "fbartolic-thesis" / "src" / "tex" / "ms.tex"
REVIEW = MANUSCRIPTS / "araa-gps" / "src" / "tex" / "ms.tex"
PAPER = MANUSCRIPTS / "chembench-paper" / "src" / "tex" / "ms.tex"

# Written down from the bibliography by hand (issue 14): the same work under two keys, both cited.
# Eight are the corpus README's; the ninth (vehtari2017 / arXiv:1507.04544, "Practical Bayesian
# model evaluation using leave-one-out cross-validation and WAIC", the Statistics and Computing paper
# and its preprint) was checked against the entries.
THESIS_PAIRS = {
    frozenset({"2009MNRAS.398.1601F", "arXiv:0809.3437"}),
    frozenset({"2013PASP..125..306F", "arXiv:1202.3665"}),
    frozenset({"2012A&A...548A.128D", "arXiv:1202.3829"}),
    frozenset({"2015arXiv150702646V", "arXiv:1507.02646"}),
    frozenset({"2016S&C....26..383B", "arXiv:1407.5459"}),
    frozenset({"2021arXiv210306275L", "2022AJ....164....4L"}),
    frozenset({"arXiv:2101.07256", "hogg2021"}),
    frozenset({"2002GeoRL..29.1443R", "rathbun2002"}),
    frozenset({"vehtari2017", "arXiv:1507.04544"}),
}


def _check_json(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, object]]:
    code = main(["check", str(path), "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)


def test_a_thesis_citing_nine_works_under_two_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, report = _check_json(THESIS, capsys)
    assert code == 1
    duplicates = report["duplicates"]
    assert isinstance(duplicates, list)
    assert {frozenset(item["keys"]) for item in duplicates} == THESIS_PAIRS
    # Two different books both titled "Gravitational Lenses", both cited: never one work.
    assert not any("1964PhRv..133..835L" in item["keys"] for item in duplicates)
    # Each finding points at the manuscript line where the later key is first cited.
    text = THESIS.read_text(encoding="utf-8").splitlines()
    for item in duplicates:
        assert item["file"] == str(THESIS)
        assert item["keys"][1] in text[item["line"] - 1]


def test_uncited_duplicates_are_quiet_and_a_repeated_key_is_found(capsys: pytest.CaptureFixture[str]) -> None:
    """RW07 and gpml are one book, but only gpml is cited; 2015JATIS...1a4003R is defined twice."""
    code, report = _check_json(REVIEW, capsys)
    assert code == 1
    assert report["duplicates"] == []
    assert report["missing_keys"] == []
    assert [item["key"] for item in report["repeated_keys"]] == ["2015JATIS...1a4003R"]  # type: ignore[index]


def test_a_multi_file_biblatex_paper_is_read_whole(capsys: pytest.CaptureFixture[str]) -> None:
    manuscript = read_latex(PAPER)
    assert {Path(citation.source).name for citation in manuscript.citations} >= {"ms.tex", "appendix.tex"}
    assert len(manuscript.citations) == 124
    assert len({citation.key for citation in manuscript.citations}) == 92
    assert [Path(name).name for name, _, _ in manuscript.bibliographies] == ["references.bib"]
    assert main(["check", str(PAPER)]) == 0


def _write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "paper.tex"


BIB = """@article{smith2017,
  author = {Smith, John and Doe, Jane},
  title = {Low-dose naltrexone for chronic pain},
  journal = {Pain}, year = {2017}, volume = {12}, pages = {1--10}, doi = {10.1000/xyz}
}
@article{Smith2017a,
  author = {Smith, J. and Doe, J.},
  title = {Low-dose naltrexone for chronic pain},
  journal = {Pain}, year = {2017}, volume = {12}, pages = {1--10}
}
@book{other, author = {Roe, Richard}, title = {Another book}, year = {2001}, publisher = {P}}
"""


def test_commands_comments_and_verbatim(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = _write(
        tmp_path,
        {
            "refs.bib": BIB,
            "chapters/one.tex": "As shown \\citep[see][p.~3]{smith2017}.\n",
            "paper.tex": (
                "\\documentclass{article}\n\\setcitestyle{authoryear}\n\\begin{document}\n"
                "\\input{chapters/one}\n"
                "% \\cite{missing1} is commented out\n"
                "\\begin{verbatim}\n\\cite{missing2}\n\\end{verbatim}\n"
                "Later \\Textcite*{Smith2017a} and \\cites[a]{other}[b]{smith2017}.\n"
                "\\bibliography{refs}\n\\end{document}\n"
            ),
        },
    )
    manuscript = read_latex(paper)
    assert [(citation.key, Path(citation.source).name, citation.line) for citation in manuscript.citations] == [
        ("smith2017", "one.tex", 1),
        ("Smith2017a", "paper.tex", 9),
        ("other", "paper.tex", 9),
        ("smith2017", "paper.tex", 9),
    ]
    assert main(["check", str(paper)]) == 1
    out = capsys.readouterr().out
    assert (
        out == f"{paper}:9: \\cite{{Smith2017a}} duplicates \\cite{{smith2017}} (title 1.00 similar, "
        f"first author Smith, year 2017, volume 12, first page 1)\n"
    )


def test_a_missing_key_is_a_finding_and_nocite_star_cites_everything(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = _write(tmp_path, {"refs.bib": BIB, "paper.tex": "\\cite{smith2017,nowhere}\n\\addbibresource{refs.bib}\n"})
    assert main(["check", str(paper)]) == 1
    assert capsys.readouterr().out == f"{paper}:1: \\cite{{nowhere}} is cited but no bibliography defines it\n"
    # Uncited duplicates are quiet … until \nocite{*} cites every entry.
    quiet = _write(tmp_path, {"paper.tex": "\\cite{other}\n\\bibliography{refs}\n"})
    assert main(["check", str(quiet)]) == 0
    everything = _write(tmp_path, {"paper.tex": "\\cite{other}\\nocite{*}\n\\bibliography{refs}\n"})
    assert main(["check", str(everything)]) == 1


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({"paper.tex": "\\cite{a}\n\\bibliography{nothere}\n"}, "paper.tex:2: error: the bibliography"),
        ({"refs.bib": BIB, "paper.tex": "\\input{gone}\n\\bibliography{refs}\n"}, "paper.tex:1: error: cannot read"),
        ({"refs.bib": BIB, "paper.tex": "x\n\\cite{smith2017\n\\bibliography{refs}\n"}, "paper.tex:2: error: \\cite"),
    ],
)
def test_bad_input_names_file_and_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], message: str
) -> None:
    paper = _write(tmp_path, files)
    assert main(["check", str(paper)]) == 2
    assert message in capsys.readouterr().err.replace(str(tmp_path) + "/", "")


JOSS = MANUSCRIPTS / "pyhf-joss" / "docs" / "JOSS" / "paper.md"


def test_a_clean_joss_paper_in_pandoc_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    """Ten keys cited, ten entries, nothing twice: exit 0 (the author's e-mail and TeX math cite nothing)."""
    code, report = _check_json(JOSS, capsys)
    assert code == 0
    assert report["citations"] == 10
    assert report["duplicates"] == report["missing_keys"] == []


def test_pandoc_citations_front_matter_and_what_is_not_a_citation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = tmp_path / "paper.md"
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    paper.write_text(
        "---\ntitle: A paper\nauthor: jane@example.org\nbibliography:\n  - refs.bib\n---\n\n"
        "As shown [see @smith2017, p. 3; -@other]. Write to jane@example.org.\n"
        "See @fig:one and `@notacitation` and\n"
        "```\n@inside_code\n```\n"
        "<!-- @commented -->\n"
        "Again @Smith2017a says so.\n",
        encoding="utf-8",
    )
    from ldnrefs.manuscript import read_markdown

    manuscript = read_markdown(paper)
    assert [(citation.key, citation.line) for citation in manuscript.citations] == [
        ("smith2017", 8),
        ("other", 8),
        ("Smith2017a", 14),
    ]
    assert [(name, line) for name, _, line in manuscript.bibliographies] == [("refs.bib", 4)]
    assert main(["check", str(paper)]) == 1
    assert capsys.readouterr().out.startswith(f"{paper}:14: @Smith2017a duplicates @smith2017")


def test_inline_suppression_all_entries_and_exit_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cited_twice = "\\cite{smith2017} and \\cite{Smith2017a}\n\\bibliography{refs}\n"
    paper = _write(tmp_path, {"refs.bib": BIB, "paper.tex": cited_twice})
    assert main(["check", str(paper)]) == 1
    assert main(["check", str(paper), "--exit-zero"]) == 0
    # The author judged them different works: "% ldnrefs: ignore KEY1 KEY2".
    paper = _write(tmp_path, {"paper.tex": "% ldnrefs: ignore smith2017 Smith2017a\n" + cited_twice})
    assert main(["check", str(paper)]) == 0
    markdown = tmp_path / "paper.md"
    markdown.write_text(
        "---\nbibliography: refs.bib\n---\n"
        "<!-- ldnrefs: ignore smith2017, Smith2017a -->\n@smith2017 and @Smith2017a\n",
        encoding="utf-8",
    )
    assert main(["check", str(markdown)]) == 0
    # Uncited duplicates are quiet unless asked for.
    uncited = _write(tmp_path, {"paper.tex": "\\cite{other}\n\\bibliography{refs}\n"})
    assert main(["check", str(uncited)]) == 0
    capsys.readouterr()
    assert main(["check", str(uncited), "--all-entries"]) == 1
    assert "\\cite{Smith2017a} duplicates \\cite{smith2017}" in capsys.readouterr().out


def test_sarif_for_code_scanning(capsys: pytest.CaptureFixture[str]) -> None:
    """One SARIF result per finding, at the manuscript's file and line; rules named once."""
    assert main(["check", str(THESIS), "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["tool"]["driver"]["name"] == "ldnrefs"
    assert [rule["id"] for rule in run["tool"]["driver"]["rules"]] == ["same-work"]
    results = run["results"]
    assert len(results) == len(THESIS_PAIRS)
    for result in results:
        assert result["level"] == "error"
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"].endswith("fbartolic-thesis/src/tex/ms.tex")
        assert location["region"]["startLine"] > 1
        assert " duplicates " in result["message"]["text"]


def test_a_markdown_reference_list_is_still_checked_as_a_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .md file that cites nothing and names no bibliography (a formatted bibliography) is a list."""
    listed = tmp_path / "bibliography.md"
    listed.write_text(
        ldnrefs.format_bibliography(ldnrefs.read(SEED), style="vancouver", output="markdown"), encoding="utf-8"
    )
    assert main(["check", str(listed)]) == 1
    assert "reference 9 duplicates reference 1" in capsys.readouterr().out
