"""The RIS writer and reader: rispy reads the output, nothing is lost or broken across lines."""

from __future__ import annotations

import re

import attrs
import rispy
from hypothesis import given

import ldnrefs
from ldnrefs.model import Name, Reference
from ldnrefs.writers.ris import record_lines
from tests.conftest import SEED
from tests.strategies import hostile_text


def _merged_seed() -> list[Reference]:
    return list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)


def test_seed_round_trips_through_ris() -> None:
    """Every field of the 15 merged seed works survives RIS (extra fields aside)."""
    merged = _merged_seed()
    back = ldnrefs.parse(ldnrefs.registry.get_writer("ris").dumps(merged), format="ris")
    assert back.diagnostics == []
    assert [attrs.evolve(r, extra=()) for r in back] == [attrs.evolve(r, extra=()) for r in merged]


def test_rispy_reads_every_record_and_field() -> None:
    """rispy finds 15 records with the tags Zotero maps: type, authors, dates, pages, DOI, PMID."""
    entries = rispy.loads(ldnrefs.registry.get_writer("ris").dumps(_merged_seed()))
    assert len(entries) == 15
    first = entries[0]
    assert first["type_of_reference"] == "JOUR"
    assert first["authors"] == ["Younger, J.", "Parkitny, L.", "McLain, D."]
    assert (first["start_page"], first["end_page"], first["date"]) == ("451", "459", "2014/02/15/")
    assert (first["doi"], first["accession_number"]) == ("10.1007/s10067-014-2517-2", "24526250")
    assert {entry["type_of_reference"] for entry in entries} == {"JOUR", "NEWS", "ELEC"}


def _on_one_line(text: str) -> str:
    """Every character ``str.splitlines`` breaks at, with the spaces and tabs around it, is one space."""
    return re.sub(r"[ \t]*(?:[\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029][ \t]*)+", " ", text).strip()


@given(title=hostile_text, container=hostile_text, family=hostile_text, given_name=hostile_text)
def test_no_value_breaks_a_line(title: str, container: str, family: str, given_name: str) -> None:
    """Line breaks in the data never start a new RIS line: each becomes one space; other spacing is kept."""
    record = Reference(
        type="article-journal", title=title, container_title=container, authors=(Name(family, given_name),)
    )
    lines = record_lines(record)
    assert all(line[:2].isalnum() and line[2:6] == "  - " for line in lines)
    back = ldnrefs.parse("\n".join(lines) + "\n", format="ris")[0]
    assert back.title == (_on_one_line(title) or None)
    assert back.container_title == (_on_one_line(container) or None)
