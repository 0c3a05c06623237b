"""Four real Wikipedia reference lists read field by field, against golden files reviewed by eye.

The goldens (``tests/data/realworld/wikipedia/*.fields.json``) hold, per entry, what a reader of the
list would write down: type, family names, year, title, container, volume, issue, pages, publisher.
They were written by the reader and each entry checked against its line (2026-12-02); the entries
that were wrong then were fixed in the reader, not in the golden (the issue's "CS1 gets better too").
Regenerate with ``pytest --update-golden`` and review the diff line by line.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ldnrefs
from tests.conftest import DATA

LISTS = DATA / "realworld" / "wikipedia"
NAMES = ("cerebral-shunt", "cerebrospinal-fluid", "hydrocephalus", "normal-pressure-hydrocephalus")


def _fields(record: ldnrefs.Reference) -> dict[str, object]:
    return {
        "number": record.provenance.number if record.provenance else None,
        "type": record.type,
        "authors": [name.family or name.literal for name in record.authors],
        "year": record.issued.year if record.issued else None,
        "title": record.title,
        "container": record.container_title,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.page,
        "publisher": record.publisher,
    }


@pytest.mark.parametrize("name", NAMES)
def test_a_real_wikipedia_list_reads_as_reviewed(name: str, update_golden: bool) -> None:
    got = [_fields(record) for record in ldnrefs.read(LISTS / f"{name}.txt")]
    golden: Path = LISTS / f"{name}.fields.json"
    if update_golden:
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    want = json.loads(golden.read_text(encoding="utf-8"))
    assert len(got) == len(want)
    wrong = [
        (entry["number"], field)
        for entry, expected in zip(got, want, strict=True)
        for field in entry
        if entry[field] != expected[field]
    ]
    assert not wrong, f"fields that changed (entry, field): {wrong}"
