"""``ldnrefs dedupe paper.tex --rewrite``: each later key of a work cited under two keys replaced by
the first, nothing else changed; ``--bib-out`` the merged bibliography with ``ids`` aliases; pandoc
Markdown's front matter (``nocite:``, inline ``references:``, CSL YAML) and Manubot's identifier keys."""

from __future__ import annotations

import codecs
import json
import re
import shutil
from pathlib import Path

import pytest

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.manuscript import read_markdown
from tests.test_manuscript import BIB, MANUSCRIPTS, THESIS, THESIS_PAIRS, _write

MANUBOT = MANUSCRIPTS / "manubot-meta-review" / "content" / "02.main-text.md"


def _replaced(line: str, renames: dict[str, str]) -> str:
    """``line`` with each renamed key replaced where it stands as a whole key (the test's own reading)."""
    for old, new in renames.items():
        line = re.sub(rf"(?<=[{{,\s@]){re.escape(old)}(?=[}},\s\];.]|$)", new, line)
    return line


def test_the_rewrite_changes_keys_and_nothing_else(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CRLF line ends, a UTF-8 byte-order mark, a commented-out citation and a pinpoint note stay."""
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    original = (
        codecs.BOM_UTF8
        + b"Intro \\cite{smith2017}.\r\n% old: \\cite{Smith2017a}\r\nLater \\citep[p.~3]{other,  Smith2017a}\r\n"
        b"\\textcite{Smith2017a} says.\r\n\\bibliography{refs}\r\n"
    )
    paper = tmp_path / "paper.tex"
    paper.write_bytes(original)
    assert main(["dedupe", str(paper), "--rewrite"]) == 0
    captured = capsys.readouterr()
    assert captured.out.encode("utf-8") == original.replace(b"other,  Smith2017a", b"other,  smith2017").replace(
        b"\\textcite{Smith2017a}", b"\\textcite{smith2017}"
    ).removeprefix(codecs.BOM_UTF8)
    assert "Smith2017a is the same work as smith2017" in captured.err
    # Written with -o: byte for byte, the mark included.
    assert main(["-q", "dedupe", str(paper), "--rewrite", "-o", str(tmp_path / "out.tex")]) == 0
    written = (tmp_path / "out.tex").read_bytes()
    assert written.startswith(codecs.BOM_UTF8)
    assert written.count(b"\r\n") == 5
    assert written == codecs.BOM_UTF8 + captured.out.encode("utf-8")


def test_merged_bibliography_keeps_keys_and_records_aliases(tmp_path: Path) -> None:
    paper = _write(
        tmp_path, {"refs.bib": BIB, "paper.tex": "\\cite{smith2017} \\cite{Smith2017a}\n\\bibliography{refs}\n"}
    )
    assert main(["-q", "dedupe", str(paper), "--bib-out", str(tmp_path / "merged.bib")]) == 0
    merged = ldnrefs.read(tmp_path / "merged.bib")
    assert [record.provenance.key for record in merged if record.provenance] == ["smith2017", "other"]
    assert ("ids", "Smith2017a") in merged[0].extra
    assert [name.family for name in merged[0].authors] == ["Smith", "Doe"]


def test_round_trip_on_the_real_thesis(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rewrite the thesis and its bibliography in place, then check it: exit 0. Every changed line is
    the old line with its later keys replaced, and no line is added or lost."""
    folder = tmp_path / "thesis"
    shutil.copytree(THESIS.parent, folder)
    paper = folder / "ms.tex"
    before = paper.read_text(encoding="utf-8")
    assert main(["-q", "dedupe", str(paper), "--rewrite", "-o", str(paper), "--bib-out", str(folder / "bib.bib")]) == 0
    after = paper.read_text(encoding="utf-8")
    assert main(["check", str(paper)]) == 0, capsys.readouterr().out
    # The renames are the nine pairs, each later key to the one cited first.
    old_lines, new_lines = before.split("\n"), after.split("\n")
    assert len(old_lines) == len(new_lines)
    changed = [(old, new) for old, new in zip(old_lines, new_lines, strict=True) if old != new]
    assert changed
    renames: dict[str, str] = {}
    first_seen = {key: before.find(key) for pair in THESIS_PAIRS for key in pair}
    for pair in THESIS_PAIRS:
        first, later = sorted(pair, key=lambda key: first_seen[key])
        renames[later] = first
    for old, new in changed:
        assert _replaced(old, renames) == new
        assert not old.lstrip().startswith("%")
    for later in renames:
        assert not re.search(
            rf"[{{,\s]{re.escape(later)}[}},\s]",
            "\n".join(line for line in new_lines if not line.lstrip().startswith("%")),
        )


def test_a_multi_file_manuscript_is_rewritten_in_place_or_not_at_all(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = _write(
        tmp_path,
        {
            "refs.bib": BIB,
            "chapters/one.tex": "First \\cite{smith2017}.\n",
            "chapters/two.tex": "Then \\citet{Smith2017a}.\n",
            "paper.tex": "\\input{chapters/one}\n\\include{chapters/two}\n\\bibliography{refs}\n",
        },
    )
    assert main(["-q", "dedupe", str(paper), "--rewrite"]) == 2
    assert "use --in-place" in capsys.readouterr().err
    assert (tmp_path / "chapters/two.tex").read_text(encoding="utf-8") == "Then \\citet{Smith2017a}.\n"
    assert main(["-q", "dedupe", str(paper), "--rewrite", "--in-place"]) == 0
    assert (tmp_path / "chapters/two.tex").read_text(encoding="utf-8") == "Then \\citet{smith2017}.\n"
    assert (tmp_path / "chapters/one.tex").read_text(encoding="utf-8") == "First \\cite{smith2017}.\n"
    assert main(["check", str(paper)]) == 0


def test_markdown_rewrite_front_matter_nocite_and_braced_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    paper = tmp_path / "paper.md"
    text = (
        "---\ntitle: T\nbibliography: refs.bib\nnocite: |\n  @other, @Smith2017a\n---\n\n"
        "As shown [see @smith2017, p. 3; -@Smith2017a].\n"
        "<!-- [@Smith2017a] stays in a comment -->\n"
        "Braced @{Smith2017a} and `@Smith2017a` in code.\n"
    )
    paper.write_text(text, encoding="utf-8")
    manuscript = read_markdown(paper)
    # nocite's keys count after the text's: the first key of a work is the one the text cites first.
    assert [(citation.key, citation.line) for citation in manuscript.citations] == [
        ("smith2017", 8),
        ("Smith2017a", 8),
        ("Smith2017a", 10),
        ("other", 5),
        ("Smith2017a", 5),
    ]
    assert main(["check", str(paper)]) == 1
    assert capsys.readouterr().out.startswith(f"{paper}:8: @Smith2017a duplicates @smith2017")
    assert main(["-q", "dedupe", str(paper), "--rewrite"]) == 0
    assert capsys.readouterr().out == (
        "---\ntitle: T\nbibliography: refs.bib\nnocite: |\n  @other, @smith2017\n---\n\n"
        "As shown [see @smith2017, p. 3; -@smith2017].\n"
        "<!-- [@Smith2017a] stays in a comment -->\n"
        "Braced @{smith2017} and `@Smith2017a` in code.\n"
    )


def test_inline_references_and_csl_yaml_bibliographies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    item = (
        "  type: article-journal\n  title: Low-dose naltrexone for chronic pain\n  DOI: 10.1000/xyz\n  issued: 2017\n"
    )
    inline = tmp_path / "inline.md"
    inline.write_text(
        f"---\nreferences:\n- id: one\n{item}- id: two\n{item}---\n\n[@one] and [@two].\n", encoding="utf-8"
    )
    assert main(["check", str(inline)]) == 1
    assert capsys.readouterr().out == f"{inline}:15: @two duplicates @one (same DOI 10.1000/xyz)\n"
    (tmp_path / "refs.yaml").write_text(f"references:\n- id: one\n{item}- id: two\n{item}", encoding="utf-8")
    listed = tmp_path / "listed.md"
    listed.write_text("---\nbibliography: [refs.yaml]\n---\n[@one; @two]\n", encoding="utf-8")
    assert main(["check", str(listed), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["duplicates"][0]["keys"] == ["one", "two"]
    assert ldnrefs.read(tmp_path / "refs.yaml")[1].provenance.line == 7  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "---\ntitle: [unclosed\nbibliography: refs.bib\n---\n",
            "paper.md:3: the YAML front matter does not parse",
        ),
        ("---\n- just\n- a list\n---\n", "paper.md:2: the YAML front matter is not a mapping"),
    ],
)
def test_front_matter_that_does_not_parse(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], front: str, message: str
) -> None:
    paper = tmp_path / "paper.md"
    paper.write_text(front + "\n[@a]\n", encoding="utf-8")
    assert main(["check", str(paper)]) == 2
    err = capsys.readouterr().err
    assert message in err.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in err


def test_manubot_identifier_keys(capsys: pytest.CaptureFixture[str]) -> None:
    """The Manubot paper cites by identifier, with no bibliography of keys: 116 citations of 101 keys,
    no key missing, and offline no finding (the shortDOI doi:10/gddkhn is one work with
    doi:10.1098/rsif.2017.0387 only once resolved: tests/resolve)."""
    manuscript = read_markdown(MANUBOT)
    keys = {citation.key for citation in manuscript.citations}
    assert len(manuscript.citations) == 116
    assert len(keys) == 101
    assert ("tag:avasthi-preprints", "doi:10.7554/eLife.38532") in manuscript.aliases
    assert not any(key.startswith(("fig:", "tbl:")) for key in keys)
    assert main(["check", str(MANUBOT), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["duplicates"] == report["missing_keys"] == []
    assert report["unique"] == 101
    # dedupe prints the works it cites, named by their identifiers (no bibliography file).
    assert main(["-q", "dedupe", str(MANUBOT)]) == 0
    items = json.loads(capsys.readouterr().out)
    assert len(items) == 101
    assert items[0]["DOI"] == "10.1515/9781400839452"


def test_a_manuscript_without_citations_is_clean_with_a_note(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = _write(tmp_path, {"refs.bib": BIB, "paper.tex": "No citation here.\n\\bibliography{refs}\n"})
    assert main(["check", str(paper)]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{paper}: no citations" in captured.err


def test_json_names_the_kind_of_every_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bib = BIB + "@misc{other, title = {Defined again}, year = {2020}}\n"
    paper = _write(tmp_path, {"refs.bib": bib, "paper.tex": CITES + "\\cite{nowhere}\n"})
    assert main(["check", str(paper), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert [item["kind"] for item in report["duplicates"]] == ["same-work"]
    assert report["missing_keys"] == [{"kind": "missing-key", "key": "nowhere", "file": str(paper), "line": 3}]
    assert [(item["kind"], item["key"]) for item in report["repeated_keys"]] == [("repeated-key", "other")]


CITES = "\\cite{smith2017} \\cite{Smith2017a}\n\\bibliography{refs}\n"
