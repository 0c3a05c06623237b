"""`ldnrefs check` and `ldnrefs dedupe` on the command line, and the article rewrite."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ldnrefs.cli import main
from tests.conftest import SEED

SEED_FINDINGS = [
    f"{SEED}:34: reference 8 duplicates reference 2 (same DOI 10.1007/s11916-020-00898-0)",
    f"{SEED}:35: reference 9 duplicates reference 1 (same DOI 10.1007/s10067-014-2517-2)",
    f"{SEED}:42: reference 16 duplicates reference 5 (same DOI 10.3390/medsci6040082)",
]


def test_check_exits_1_with_compiler_style_lines(capsys: pytest.CaptureFixture[str]) -> None:
    """One FILE:LINE line per duplicate, in line order; exit 1."""
    assert main(["check", str(SEED)]) == 1
    assert capsys.readouterr().out.splitlines() == SEED_FINDINGS


def test_check_json_has_exactly_the_documented_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """--format json: duplicates (references, evidence), total, unique."""
    assert main(["check", "--format", "json", str(SEED)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"duplicates", "total", "unique"}
    assert (report["total"], report["unique"]) == (18, 15)
    assert [item["references"] for item in report["duplicates"]] == [[1, 9], [2, 8], [5, 16]]
    assert all(set(item) == {"kind", "references", "evidence", "lines"} for item in report["duplicates"])
    assert [item["kind"] for item in report["duplicates"]] == ["same-work"] * 3
    assert report["duplicates"][0]["lines"] == [27, 35]
    assert report["duplicates"][0]["evidence"] == ["reference 9 = reference 1: same DOI 10.1007/s10067-014-2517-2"]


def test_check_github_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    """--format github prints ::error workflow commands with file and line."""
    assert main(["check", "--format", "github", str(SEED)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first == (
        f"::error file={SEED},line=34,title=Duplicate reference::"
        "reference 8 duplicates reference 2 (same DOI 10.1007/s11916-020-00898-0)"
    )


def test_check_passes_on_its_own_deduplicated_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """dedupe then check: exit 0, nothing printed; the article rewrite passes too."""
    merged = tmp_path / "merged.json"
    assert main(["-q", "dedupe", str(SEED), "-o", str(merged)]) == 0
    assert len(json.loads(merged.read_text(encoding="utf-8"))) == 15
    assert main(["check", str(merged)]) == 0
    rewritten = tmp_path / "article.txt"
    assert main(["-q", "dedupe", "--rewrite", str(SEED), "-o", str(rewritten)]) == 0
    assert main(["check", str(rewritten)]) == 0
    assert capsys.readouterr().out == ""


def test_check_on_csl_json_names_entry_keys(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """For formats without numbers the text output names the entries' keys and the JSON positions."""
    parsed = tmp_path / "refs.json"
    assert main(["parse", str(SEED), "-o", str(parsed)]) == 0
    assert main(["check", str(parsed)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith("entry kim2020low-2 duplicates entry kim2020low (same DOI 10.1007/s11916-020-00898-0)")
    assert lines[0].startswith(f"{parsed}:")


def test_ignore_file_silences_a_judged_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--ignore with a pair of identifiers removes exactly that finding."""
    ignore = tmp_path / "ignore.txt"
    ignore.write_text(
        "# judged different by a maintainer\npmid:24526250 doi:10.1007/S10067-014-2517-2\n", encoding="utf-8"
    )
    assert main(["check", "--ignore", str(ignore), str(SEED)]) == 1
    assert capsys.readouterr().out.splitlines() == SEED_FINDINGS[:1] + SEED_FINDINGS[2:]


def test_malformed_ignore_file_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A line that is not a pair: exit 2 with the file and line."""
    ignore = tmp_path / "ignore.txt"
    ignore.write_text("doi:10.1/a\n", encoding="utf-8")
    assert main(["check", "--ignore", str(ignore), str(SEED)]) == 2
    assert f"{ignore}:1: expected two identifiers or keys" in capsys.readouterr().err


def test_unreadable_input_wins_over_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One unreadable file among several: findings still printed, exit 2."""
    missing = tmp_path / "missing.txt"
    assert main(["check", str(SEED), str(missing)]) == 2
    captured = capsys.readouterr()
    assert captured.out.splitlines() == SEED_FINDINGS
    assert captured.err == f"ldnrefs: {missing}: no such file\n"


REPEATED = "@article{smith2017, title = {First work}, year = 2017}\n\n@article{smith2017,\n  title = {Other work}}\n"


def test_a_key_defined_twice_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two different works under one key: BibTeX keeps one of them, so check fails with the line."""
    path = tmp_path / "refs.bib"
    path.write_text(REPEATED, encoding="utf-8")
    assert main(["check", str(path)]) == 1
    assert capsys.readouterr().out == f"{path}:3: entry smith2017 is defined again (first at line 1)\n"
    assert main(["check", str(path), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["duplicates"] == []
    assert report["repeated_keys"] == [{"key": "smith2017", "lines": [1, 3]}]
    assert main(["check", str(path), "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith(f"::error file={path},line=3,title=Repeated key::entry smith2017")


def test_an_unusable_cache_is_exit_2_not_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A cache path that is a directory or not a database: one line, exit 2 (1 would read as "duplicates")."""
    not_a_database = tmp_path / "cache.sqlite"
    not_a_database.write_bytes(b"this is not SQLite " * 64)
    for cache in (tmp_path, not_a_database):
        assert main(["check", str(SEED), "--resolve", "--offline", "--cache", str(cache)]) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"ldnrefs: {cache}: cannot use the cache")
        assert "Traceback" not in err


def test_json_names_the_keys_and_lines_of_each_duplicate(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{zagon2003, title = {Opioid growth factor}, doi = {10.1000/ogf}, year = 2003}\n\n"
        "@article{Zagon_OGF, title = {Opioid growth factor}, doi = {10.1000/OGF}, year = 2003}\n",
        encoding="utf-8",
    )
    assert main(["check", str(path), "--format", "json"]) == 1
    (duplicate,) = json.loads(capsys.readouterr().out)["duplicates"]
    assert (duplicate["references"], duplicate["keys"], duplicate["lines"]) == (
        [1, 2],
        ["zagon2003", "Zagon_OGF"],
        [1, 3],
    )


def test_input_errors_are_in_the_json_and_github_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be used and a broken entry are reported where CI reads: the JSON and the annotations."""
    broken = tmp_path / "broken.bib"
    broken.write_text("@article{a, title={X}, year=2020\n@article{b, title={Y}, year=2021}\n", encoding="utf-8")
    missing = tmp_path / "missing.bib"
    assert main(["check", "--format", "json", str(broken), str(missing)]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 2
    assert report["errors"] == [
        {
            "file": str(broken),
            "line": 2,
            "code": "bibtex.syntax",
            "message": "not valid BibTeX: syntax error: '}' expected",
        },
        {"file": str(missing), "line": None, "code": "input.unusable", "message": "no such file"},
    ]
    assert main(["check", "--format", "github", str(broken), str(missing)]) == 2
    assert capsys.readouterr().out.splitlines() == [
        f"::error file={broken},line=2,title=Input problem::not valid BibTeX: syntax error: '}}' expected",
        f"::error file={missing},title=Unusable input::no such file",
    ]


BOOK_AT_TWO_PAGES = """Text cites the book.[1] And later.[2]

References
1. ^ Guyton AC, Hall JE (2006). Textbook of Medical Physiology (11th ed.). Elsevier. p. 764. ISBN 978-0-7216-0240-0.
2. ^ Guyton AC, Hall JE (2006). Textbook of Medical Physiology (11th ed.). Elsevier. p. 772. ISBN 978-0-7216-0240-0.
"""


def test_one_book_at_different_pages_is_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Accepted practice on Wikipedia: reported, failing the check only with --strict, kept apart by --rewrite."""
    article = tmp_path / "article.txt"
    article.write_text(BOOK_AT_TWO_PAGES, encoding="utf-8")
    assert main(["check", str(article)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        f"{article}:5: warning: reference 2 cites reference 1 at other pages (same ISBN 9780721602400"
    )
    assert "pages 764 / 772" in out
    assert main(["check", "--strict", str(article)]) == 1
    capsys.readouterr()
    assert main(["check", "--format", "json", str(article)]) == 0
    assert [item["kind"] for item in json.loads(capsys.readouterr().out)["duplicates"]] == ["same-work-different-pages"]
    assert main(["check", "--format", "github", str(article)]) == 0
    assert capsys.readouterr().out.startswith(f"::warning file={article},line=5,title=Same work, other pages::")
    assert main(["-q", "dedupe", "--rewrite", str(article)]) == 0
    assert "[2]" in capsys.readouterr().out
    assert main(["-q", "dedupe", "--rewrite", "--merge-pages", str(article)]) == 0
    assert "And later.[1]" in capsys.readouterr().out


BOOK_AT_TWO_PAGES_AND_AGAIN = BOOK_AT_TWO_PAGES.replace("And later.[2]", "And later.[2] Again.[3]") + (
    "3. ^ Guyton AC, Hall JE (2006). Textbook of Medical Physiology (11th ed.). Elsevier. p. 764. "
    "ISBN 978-0-7216-0240-0.\n"
)


def test_a_citation_repeated_at_one_page_fails_beside_another_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The book at p. 764, p. 772 and p. 764 again: the second p. 764 is one citation too many (a
    failure), p. 772 a warning; the rewrite merges the repeat and keeps the other page. (The whole
    group used to be one warning, "pages 764 / 764" included.)"""
    article = tmp_path / "article.txt"
    article.write_text(BOOK_AT_TWO_PAGES_AND_AGAIN, encoding="utf-8")
    assert main(["check", str(article)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"{article}:5: warning: reference 2 cites reference 1 at other pages")
    assert lines[1].startswith(f"{article}:6: reference 3 duplicates reference 1 (same ISBN")
    assert main(["-q", "dedupe", "--rewrite", str(article)]) == 0
    assert "And later.[2] Again.[1]" in capsys.readouterr().out


def test_a_citation_without_a_page_is_named_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The book cited without a page, then at p. 12 and p. 45: "pages not given / 45", never "None"."""
    article = tmp_path / "article.txt"
    article.write_text(
        "References\n"
        "1. ^ Smith, John (2005). The Book of Things. Oxford: Penguin.\n"
        "2. ^ Smith, John (2005). The Book of Things. Oxford: Penguin. p. 12.\n"
        "3. ^ Smith, John (2005). The Book of Things. Oxford: Penguin. p. 45.\n",
        encoding="utf-8",
    )
    assert main(["check", str(article)]) == 0
    out = capsys.readouterr().out
    assert "pages not given / 12" in out
    assert "None" not in out
