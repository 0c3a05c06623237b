"""Read RIS: ``TAG  - value`` lines, ``TY`` opening and ``ER`` closing each record.

Tags are mapped as :mod:`ldnrefs.mappings.ris` says (the inverse of the
writer, plus the synonyms other tools write: ``T1``/``TI``, ``JO``/``JF``/
``T2``, ``Y1``/``PY``, ``A1``/``AU``). A line that is not a tag continues the
previous value, as EndNote writes long abstracts; unknown tags are kept in
``extra``; a record without ``ER`` is closed at the next ``TY`` with a warning.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any, Final

from ldnrefs import build
from ldnrefs import identifiers as ids
from ldnrefs.dates import parse_date
from ldnrefs.mappings import ris as mapping
from ldnrefs.model import Date, Diagnostic, Name, ParseResult, Reference
from ldnrefs.names import parse_family_first
from ldnrefs.pages import normalize_pages

NAME: Final = "ris"
_LINE: Final = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_SYNONYMS: Final = {"T1": "TI", "JO": "T2", "JF": "T2", "JA": "J2", "Y1": "PY", "A1": "AU", "ED": "A2", "BT": "T2"}
_DA: Final = re.compile(r"^(\d{4})(?:/(\d{0,2})(?:/(\d{0,2}))?)?")
# Identifiers RIS has no tag for, written as labelled N1 notes ("PMCID: PMC123").
_NOTE_SCHEMES: Final = {"PMCID": "pmcid", "S2CID": "s2cid", "Bibcode": "bibcode", "arXiv": "arxiv"}
_NOTE_LABELS: Final = frozenset({*_NOTE_SCHEMES, "Archived"})
_KNOWN: Final = frozenset(
    {"TY", "ER", "AU", "A2", "PY", "DA", "SP", "EP", "SN", "DO", "UR", "AN", "Y2", "N1", *mapping.TEXT_TAGS.values()}
)


def sniff(text: str) -> bool:
    return bool(re.search(r"^TY  - ", text.lstrip("\ufeff")[:5000], re.MULTILINE))


def _name(text: str) -> Name:
    return parse_family_first(text) if "," in text else build.name(literal=text)


def _date(fields: dict[str, list[str]]) -> Date | None:
    for value in fields.get("DA", []) + fields.get("PY", []):
        date = _ris_date(value)
        if date is not None:
            return date
    return None


def _ris_date(value: str) -> Date | None:
    """``2014/02/15/``, ``2014/02``, ``2014``, or a written date (``15 February 2014``)."""
    match = _DA.match(value)
    if match and value[match.end() : match.end() + 1] in ("", "/"):
        year, month, day = (int(part) if part else None for part in match.groups())
        try:
            return build.date(year or 0, month if month else None, day if month and day else None)
        except ValueError:
            return None
    return parse_date(value)


def _record(
    fields: dict[str, list[str]], source: str | None, line: int, number: int, diagnostics: list[Diagnostic]
) -> Reference:
    def first(tag: str) -> str | None:
        values = fields.get(tag)
        return values[0] if values else None

    labelled: dict[str, str] = {}
    notes = []
    for note in fields.get("N1", []):
        label, _, value = note.partition(": ")
        if label in _NOTE_LABELS and value:
            labelled[label] = value.strip()
        else:
            notes.append(note)
    start, end = first("SP"), first("EP")
    page = normalize_pages(f"{start}-{end}" if start and end else start) if start else None
    standard = fields.get("SN", [])
    issn = [value for value in standard if ids.looks_like_issn(value)]
    text_values: dict[str, Any] = {attr: first(tag) for attr, tag in mapping.TEXT_TAGS.items() if attr != "note"}
    found = {
        "doi": fields.get("DO", []),
        "pmid": fields.get("AN", [])[:1] if (first("AN") or "").isdecimal() else [],
        "issn": issn,
        "isbn": [value for value in standard if value not in issn],
        "url": fields.get("UR", []),
        **{scheme: [labelled[label]] for label, scheme in _NOTE_SCHEMES.items() if label in labelled},
    }
    return build.record(
        found,
        diagnostics,
        type=mapping.CSL_TYPES.get(first("TY") or "", "document"),
        authors=tuple(_name(value) for value in fields.get("AU", [])),
        editors=tuple(_name(value) for value in fields.get("A2", [])),
        issued=_date(fields),
        page=page,
        note="; ".join(notes) or None,
        accessed=_ris_date(first("Y2") or "") if first("Y2") else None,
        archive_date=parse_date(labelled["Archived"]) if "Archived" in labelled else None,
        extra=tuple(
            (tag, values[0] if len(values) == 1 else values) for tag, values in fields.items() if tag not in _KNOWN
        ),
        provenance=build.provenance(source=source, line=line, number=number, format=NAME),
        **text_values,
    )


# Ovid numbers its records ("1. ") on a line of their own before each TY.
_RECORD_NUMBER: Final = re.compile(r"^\d+\.$")


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse RIS text; every record found is returned, problems are diagnostics.

    What an exporter writes after a record's ``ER`` and before the next ``TY`` belongs
    to that record (Ovid puts an ``NL`` tag and a "Link to the Ovid Full Text" line
    there): tags are added to it, other text becomes one of its notes (``N1``).
    """
    records: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    fields: dict[str, list[str]] | None = None
    closed: dict[str, list[str]] | None = None  # the record ER ended, open for what follows it
    start = closed_start = 0
    last_tag = ""

    def finish_closed() -> None:
        nonlocal closed
        if closed is not None:
            records.append(_record(closed, source, closed_start, len(records) + 1, diagnostics))
            closed = None

    for index, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        match = _LINE.match(line)
        if match is None:
            if fields is not None and last_tag and last_tag != "TY":  # a type code never wraps
                fields[last_tag][-1] = f"{fields[last_tag][-1]} {line.strip()}".strip()
            elif _RECORD_NUMBER.match(line.strip()):
                pass
            elif closed is not None:
                closed["N1"].append(line.strip())
            else:
                diagnostics.append(
                    Diagnostic("warning", "ris.stray-line", f"not a RIS tag line: {line[:60]!r}", source, index)
                )
            continue
        tag, value = match.group(1), (match.group(2) or "").strip()
        tag = _SYNONYMS.get(tag, tag)
        if tag == "TY":
            finish_closed()
            if fields is not None:
                diagnostics.append(Diagnostic("warning", "ris.missing-er", "record not closed by ER", source, start))
                records.append(_record(fields, source, start, len(records) + 1, diagnostics))
            fields, start = defaultdict(list), index
        if fields is None:
            if closed is not None and tag != "ER":
                closed[tag].append(value)
            else:
                diagnostics.append(Diagnostic("warning", "ris.outside-record", f"{tag} before any TY", source, index))
            continue
        if tag == "ER":
            closed, closed_start = fields, start
            fields, last_tag = None, ""
            continue
        fields[tag].append(value)
        last_tag = tag
    finish_closed()
    if fields is not None:
        diagnostics.append(Diagnostic("warning", "ris.missing-er", "record not closed by ER", source, start))
        records.append(_record(fields, source, start, len(records) + 1, diagnostics))
    return ParseResult(records, diagnostics)
