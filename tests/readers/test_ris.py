"""Reading RIS: broken files read with warnings, stray lines, SN sorted into ISSN and ISBN."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from tests.conftest import DATA


def test_broken_ris_is_read_with_warnings() -> None:
    """A stray line before any record and a record without ER give warnings naming their lines."""
    text = "junk\nTY  - JOUR\nTI  - First\nTY  - BOOK\nTI  - Second\nER  - \n"
    result = ldnrefs.parse(text, format="ris", source="x.ris")
    assert [record.title for record in result] == ["First", "Second"]
    assert [(d.line, d.code) for d in result.diagnostics] == [(1, "ris.stray-line"), (2, "ris.missing-er")]


def test_an_untagged_line_after_ty_is_stray_not_part_of_the_type() -> None:
    """Only values wrap onto untagged lines; the type code stays JOUR and the line is reported."""
    result = ldnrefs.parse("TY  - JOUR\nwrapped words\nTI  - Title\nER  - \n", format="ris", source="y.ris")
    assert result[0].type == "article-journal"
    assert result[0].title == "Title"
    assert [(d.line, d.code) for d in result.diagnostics] == [(2, "ris.stray-line")]


@given(st.text(max_size=300))
def test_ris_reader_never_raises(text: str) -> None:
    """Any text gives records and diagnostics, never an exception; the opened record is always kept."""
    result = ldnrefs.parse("TY  - JOUR\n" + text, format="ris")
    assert len(result) >= 1


def test_sn_values_are_sorted_into_issns_and_isbns() -> None:
    """SN holds both: ISSN-shaped values (hyphen or not, bad check digit kept) are ISSNs, the rest ISBNs."""
    text = "TY  - BOOK\nSN  - 0028-0836\nSN  - 1476468X\nSN  - 1234-5678\nSN  - 978-0-00-735074-2\nER  - \n"
    found = ldnrefs.parse(text, format="ris")[0].identifiers
    assert found.issn == ("0028-0836", "1476-468X", "1234-5678")
    assert found.isbn == ("9780007350742",)


REALWORLD = sorted((DATA / "realworld" / "ris").iterdir())


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in REALWORLD])
def test_real_exports_are_read_and_written_back_whole(path: Path) -> None:
    """Every record of eight real exports; RIS to RIS gives equal records, unknown tags included."""
    records = ldnrefs.read(path, format="ris")
    expected = len(re.findall(r"^(?:\ufeff)?TY  - ", path.read_text(encoding="utf-8-sig"), flags=re.MULTILINE))
    assert len(records) == expected
    assert [d for d in records.diagnostics if d.severity == "error"] == []
    back = ldnrefs.parse(ldnrefs.to_ris(records), format="ris")
    assert list(back) == list(records)


def test_accessed_and_tags_without_a_field_survive_a_round_trip() -> None:
    """Y2 in RIS's own date form is read; AB, KW (twice), J2 and ST are written back as read."""
    text = "TY  - JOUR\nTI  - T\nY2  - 2019/11/18/\nAB  - An abstract\nKW  - one\nKW  - two\nJ2  - J Abbr\nER  - \n"
    record = ldnrefs.parse(text, format="ris")[0]
    assert record.accessed is not None
    assert record.accessed.isoformat() == "2019-11-18"
    written = ldnrefs.to_ris([record])
    assert "AB  - An abstract\nKW  - one\nKW  - two\nJ2  - J Abbr\n" in written
    assert ldnrefs.parse(written, format="ris")[0] == record


def test_what_ovid_writes_after_er_belongs_to_the_record() -> None:
    """Ovid numbers records ("1.") and puts an NL tag and a full-text link after ER: all kept, no warning."""
    records = ldnrefs.read(DATA / "realworld" / "ris" / "ovid_psycinfo.ris")
    assert not records.diagnostics
    assert len(records) == 6
    first = records[0]
    assert dict(first.extra)["NL"] == "Clin Psychol Psychother"
    assert first.note is not None
    assert first.note.startswith("Link to the Ovid Full Text or citation: https://login.proxy.library.uu.nl/")


def test_scopus_issns_labelled_issn_are_issns() -> None:
    """Scopus writes ``SN  - 03064530 (ISSN)``: an ISSN, not an invalid ISBN."""
    records = ldnrefs.read(DATA / "realworld" / "ris" / "scopus.ris")
    assert not [d for d in records.diagnostics if d.code == "identifier.invalid"]
    assert records[0].identifiers.issn == ("0306-4530",)
