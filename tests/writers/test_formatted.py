"""Formatted bibliographies through citeproc-py and the official CSL styles."""

from __future__ import annotations

from pathlib import Path

import pytest

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.writers.formatted import style_path
from tests.conftest import SEED


def _merged() -> list[ldnrefs.Reference]:
    return list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)


@pytest.mark.parametrize("style", ["apa", "vancouver", "harvard", "ieee", "chicago", "nature"])
def test_seed_renders_fifteen_entries_in_common_styles(style: str) -> None:
    """Each common style gives one line per merged work, with the fields the records have."""
    text = ldnrefs.format_bibliography(_merged(), style=style)
    lines = text.splitlines()
    assert len(lines) == 15
    younger = next(line for line in lines if "Younger" in line)
    for field in ("low-dose naltrexone", "Clinical Rheumatology", "33", "451"):
        assert field.lower() in younger.lower(), (style, younger)


def test_vancouver_numbers_and_doi() -> None:
    """Vancouver: numbered entries, DOI and PMID printed."""
    first = ldnrefs.format_bibliography(_merged(), style="vancouver").splitlines()[0]
    assert first.startswith("1. Younger J, Parkitny L, McLain D.")
    assert "doi:10.1007/s10067-014-2517-2" in first
    assert "PMID: 24526250" in first


def test_html_and_markdown_outputs() -> None:
    """HTML is an ordered list with italics; Markdown turns them into asterisks."""
    records = _merged()[:2]
    html = ldnrefs.format_bibliography(records, style="apa", output="html")
    assert html.startswith('<ol class="bibliography">')
    assert html.count("<li>") == 2
    assert "<i>Clinical Rheumatology</i>" in html
    markdown = ldnrefs.format_bibliography(records, style="apa", output="markdown")
    assert markdown.splitlines()[0].startswith("1. Younger, J., Parkitny, L., & McLain, D. (2014).")
    assert "*Clinical Rheumatology*" in markdown


def test_a_csl_file_path_works(tmp_path: Path) -> None:
    """Any .csl file can be given by path."""
    copy = tmp_path / "mine.csl"
    copy.write_bytes(style_path("ieee").read_bytes())
    assert len(ldnrefs.format_bibliography(_merged(), style=str(copy)).splitlines()) == 15


def test_unknown_style_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown style: exit 2 with a message that says what to give."""
    assert main(["export", str(SEED), "--to", "text", "--style", "no-such-style"]) == 2
    assert "unknown citation style 'no-such-style'" in capsys.readouterr().err


def test_cli_export_to_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`ldnrefs export --dedupe --to text --style vancouver` prints 15 numbered entries."""
    assert main(["-q", "export", str(SEED), "--dedupe", "--to", "text", "--style", "vancouver"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 15
    assert lines[14].startswith("15. Aitcheson N")
