"""Write records as CSL-JSON, the canonical serialisation of the model.

Output validates against the CSL 1.0.2 data schema. Each item's ``id`` is its
citation key (:mod:`ldnrefs.keys`), so ids are stable across runs and equal to
the keys the BibTeX writer uses. Provenance goes under ``custom.provenance``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

from ldnrefs.keys import citation_keys
from ldnrefs.mappings import csl as mapping
from ldnrefs.model import Date, Name, Reference

NAME: Final = "csl-json"
SUFFIX: Final = ".json"
OPTIONS: Final = ("provenance", "indent")  # keyword options of dumps()


def name_to_csl(name: Name) -> dict[str, str]:
    return {key: value for attr, key in mapping.NAME_PARTS.items() if (value := getattr(name, attr))}


def date_to_csl(date: Date) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if date.season is not None:
        item["date-parts"] = [[date.year]] + ([[date.end.year]] if date.end and date.end.year != date.year else [])
        item["season"] = date.season
    else:
        item["date-parts"] = [date.parts()] + ([date.end.parts()] if date.end else [])
    if date.circa:
        item["circa"] = True
    return item


def to_csl(record: Reference, *, item_id: str | None = None, provenance: bool = True) -> dict[str, Any]:
    """One record as a CSL-JSON item (a plain dict ready for :func:`json.dumps`)."""
    item: dict[str, Any] = {"id": item_id or "item", "type": record.type}
    for attr, key in mapping.NAME_FIELDS.items():
        names = getattr(record, attr)
        if names:
            item[key] = [name_to_csl(name) for name in names]
    for attr, key in mapping.TEXT_FIELDS.items():
        value = getattr(record, attr)
        if value is not None:
            item[key] = value
    for attr, key in mapping.DATE_FIELDS.items():
        value = getattr(record, attr)
        if value is not None:
            item[key] = date_to_csl(value)
    identifiers = record.identifiers
    for attr, key in mapping.IDENTIFIER_FIELDS.items():
        value = getattr(identifiers, attr)
        if isinstance(value, tuple):
            if value:
                item[key] = mapping.MULTI_VALUE_SEPARATOR.join(value)
        elif value is not None:
            item[key] = value
    custom: dict[str, Any] = {}
    for attr, key in mapping.CUSTOM_IDENTIFIERS.items():
        value = getattr(identifiers, attr)
        if value is not None:
            custom[key] = value
    if identifiers.other:
        others: dict[str, list[str]] = {}
        for scheme, value in identifiers.other:
            others.setdefault(scheme, []).append(value)
        custom[mapping.CUSTOM_OTHER_IDENTIFIERS] = others
    archived = record.archive_date
    if archived is not None:
        # an ISO date where one says it all; a range, a season or "circa" as a CSL date object
        plain = archived.end is None and archived.season is None and not archived.circa
        custom[mapping.CUSTOM_ARCHIVE_DATE] = archived.isoformat() if plain else date_to_csl(archived)
    if record.archive_url is not None:
        custom[mapping.CUSTOM_ARCHIVE_URL] = record.archive_url
    if record.et_al:
        custom[mapping.CUSTOM_ET_AL] = True
    for key, value in record.extra:
        custom.setdefault(key, value)
    if provenance and record.provenance is not None:
        origin = record.provenance
        custom[mapping.CUSTOM_PROVENANCE] = {
            key: value
            for key, value in (
                ("source", origin.source),
                ("line", origin.line),
                ("number", origin.number),
                ("text", origin.text),
                ("key", origin.key),
            )
            if value is not None
        }
    if custom:
        item["custom"] = custom
    return item


def to_csl_items(
    records: Sequence[Reference], *, provenance: bool = True, announce: bool = False
) -> list[dict[str, Any]]:
    """CSL-JSON items for ``records`` with unique, stable ids (``announce``: log a user's id that had to change)."""
    return [
        to_csl(record, item_id=key, provenance=provenance)
        for record, key in zip(records, citation_keys(records, announce=announce), strict=True)
    ]


def dumps(records: Iterable[Reference], *, provenance: bool = True, indent: int | None = 2) -> str:
    """A CSL-JSON array of ``records`` as text (UTF-8 characters kept, not escaped)."""
    return "".join(pieces(records, provenance=provenance, indent=indent))


def pieces(records: Iterable[Reference], *, provenance: bool = True, indent: int | None = 2) -> Iterator[str]:
    """:func:`dumps`' text a piece at a time, each item encoded as it is made, for a file to be written
    as they come: the text json.dumps gives for the whole list, without the list of every item's
    dict or the whole text ever held (that took 500 MB for 46,000 records)."""
    records = list(records)
    keys = citation_keys(records, announce=True)
    inner = " " * (indent or 0)
    for position, (record, key) in enumerate(zip(records, keys, strict=True)):
        item = json.dumps(to_csl(record, item_id=key, provenance=provenance), ensure_ascii=False, indent=indent)
        if indent is None:
            yield ("[" if position == 0 else ", ") + item
        else:
            yield ("[\n" if position == 0 else ",\n") + inner + item.replace("\n", "\n" + inner)
    yield ("[]" if not records else "]" if indent is None else "\n]") + "\n"
