"""The registry: every format looked up in one place, writers with the options they take."""

from __future__ import annotations

import pytest

import ldnrefs
from ldnrefs import registry
from ldnrefs.cli import main
from tests.conftest import SEED


def test_formatted_bibliographies_are_registered_writers() -> None:
    assert {"bibtex", "ris", "csl-json", "text", "html", "markdown"} <= set(registry.WRITERS)
    assert registry.get_writer("md") is registry.get_writer("markdown")
    assert registry.get_writer("bib").NAME == "bibtex"


def test_text_names_a_writer_and_a_reader_alias_alike() -> None:
    """ "text" read is the rendered list; "text" written is a plain bibliography."""
    assert registry.get_reader("text").NAME == "rendered"
    assert registry.get_writer("text").NAME == "text"


def test_writer_options_are_checked() -> None:
    records = list(ldnrefs.read(SEED))[:2]
    assert registry.dumps("markdown", records, style="vancouver").startswith("1. ")
    with pytest.raises(ldnrefs.UnknownFormatError, match="the bibtex writer takes no option 'style'"):
        registry.dumps("bibtex", records, style="apa")
    with pytest.raises(ldnrefs.UnknownFormatError, match="unknown output format 'docx'"):
        registry.dumps("docx", records)


def test_the_public_writers_go_through_the_registry() -> None:
    records = list(ldnrefs.read(SEED))[:3]
    assert ldnrefs.to_bibtex(records) == registry.get_writer("bibtex").dumps(records)
    assert ldnrefs.format_bibliography(records, style="ieee", output="html") == registry.dumps(
        "html", records, style="ieee"
    )
    with pytest.raises(ldnrefs.UnknownFormatError, match="unknown output 'bibtex'"):
        ldnrefs.format_bibliography(records, output="bibtex")


def test_export_refuses_a_style_for_a_data_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", str(SEED), "--to", "ris", "--style", "apa"]) == 2
    assert capsys.readouterr().err == "ldnrefs: the ris writer takes no option 'style' (its options: none)\n"
