"""Write records as RIS, the tagged format Zotero, EndNote and Mendeley import.

One ``TAG  - value`` line per value (``AU`` once per author), ``ER  -`` to
close each record. No value ever spans two lines: whitespace, newlines
included, is collapsed. PMIDs go in ``AN`` (accession number), PMCIDs in a
note, as Zotero writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from ldnrefs import updates
from ldnrefs.mappings import ris as mapping
from ldnrefs.model import Date, Name, Reference
from ldnrefs.pages import first_page

NAME: Final = "ris"
SUFFIX: Final = ".ris"
OPTIONS: Final = ()  # keyword options of dumps()


_LINE_BREAKS: Final = re.compile(r"[ \t]*[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+[ \t]*")


def _one_line(text: str) -> str:
    """The value on one line: each line break (and the spaces around it) becomes one space;
    other spacing is the user's and is kept; the ends are trimmed, as readers trim them."""
    return _LINE_BREAKS.sub(" ", text).strip()


def _name(name: Name) -> str:
    if name.literal:
        return _one_line(name.literal)
    family = " ".join(part for part in (name.particle, name.family) if part)
    parts = [family, name.given or "", name.suffix or ""]
    while parts and not parts[-1]:
        parts.pop()
    return _one_line(", ".join(parts))


def _date(date: Date) -> str:
    """RIS DA: ``YYYY/MM/DD/`` with missing parts left empty."""
    month = f"{date.month:02d}" if date.month else ""
    day = f"{date.day:02d}" if date.day else ""
    return f"{date.year:04d}/{month}/{day}/"


def record_lines(record: Reference) -> list[str]:
    """The RIS lines of one record, ``TY`` first and ``ER`` last."""
    lines = [("TY", mapping.TYPES.get(record.type, mapping.DEFAULT_TYPE))]
    lines += [("AU", _name(name)) for name in record.authors]
    lines += [("A2", _name(name)) for name in record.editors]
    if record.issued is not None:
        lines += [("PY", str(record.issued.year)), ("DA", _date(record.issued))]
    for attr, tag in mapping.TEXT_TAGS.items():
        value = getattr(record, attr)
        if value:
            lines.append((tag, value))
    if record.page:
        start = first_page(record.page)
        lines.append(("SP", start))
        end = record.page[len(start) :].lstrip("-–").strip()
        if end and "," not in record.page:
            lines.append(("EP", end))
        elif end:
            lines[-1] = ("SP", record.page)
    identifiers = record.identifiers
    lines += [("SN", value) for value in (*identifiers.issn, *identifiers.isbn)]
    if identifiers.doi:
        lines.append(("DO", identifiers.doi))
    if identifiers.url:
        lines.append(("UR", identifiers.url))
    if identifiers.pmid:
        lines.append(("AN", identifiers.pmid))
    # RIS has no tags for these; labelled notes carry them, and ldnrefs reads them back.
    for label, value in (
        ("PMCID", identifiers.pmcid),
        ("S2CID", identifiers.s2cid),
        ("Bibcode", identifiers.bibcode),
        ("arXiv", identifiers.arxiv),
        ("Archived", record.archive_date.isoformat() if record.archive_date else None),
    ):
        if value:
            lines.append(("N1", f"{label}: {value}"))
    warning = updates.export_note(record)
    if warning:
        lines.append(("N1", warning))
    if record.accessed is not None:
        lines.append(("Y2", record.accessed.isoformat()))
    # Tags the model has no field for (AB, KW, J2, ST…), read from RIS, are written back as read.
    for tag, value in record.extra:
        if _TAG.fullmatch(tag) and tag not in _WRITTEN:
            values = value if isinstance(value, list) else [value]
            lines += [(tag, str(item)) for item in values if isinstance(item, (str, int))]
    lines.append(("ER", ""))
    return [f"{tag}  - {_one_line(value)}" for tag, value in lines]


_TAG: Final = re.compile(r"[A-Z][A-Z0-9]")
# Tags this writer makes from the record's fields: an extra of the same name is not written twice.
_WRITTEN: Final = frozenset(
    {"TY", "ER", "AU", "A2", "PY", "DA", "SP", "EP", "SN", "DO", "UR", "AN", "N1", "Y2", *mapping.TEXT_TAGS.values()}
)


def dumps(records: Iterable[Reference]) -> str:
    """A RIS file of ``records``, each closed by ``ER`` and followed by a blank line."""
    return "".join("\n".join(record_lines(record)) + "\n\n" for record in records)
