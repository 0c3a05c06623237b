"""Read MEDLINE: PubMed's "Send to: Citation manager" export (``.nbib``), and PMC's.

A record is a block of ``TAG - value`` lines (the tag padded to four
characters), records apart by a blank line; a line starting with spaces
continues the value above it. Authors come from ``FAU`` (the full name),
falling back to the ``AU`` that follows it, with ``CN`` (a group author) as
an organisation in its place in the list. Identifiers come from ``PMID``,
``PMC`` and the labelled ``AID``/``LID`` values (``10.1/x [doi]``); the
publication types (``PT``), MeSH terms, abstract and every other tag are kept
in ``extra`` under their own tag, in order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ldnrefs import build
from ldnrefs.dates import pubmed_date
from ldnrefs.model import Diagnostic, Name, ParseResult, Reference
from ldnrefs.names import parse_family_first, parse_one_name
from ldnrefs.pages import normalize_pages

NAME: Final = "medline"
# The tag is one to four capitals (``AU``, ``PMID``, ``FAU``), padded to four, then "- ".
_LINE: Final = re.compile(r"^([A-Z][A-Z0-9]{0,3}) {0,3}- ?(.*)$")
_START: Final = re.compile(r"^(?:PMID- *\d|PMC - *PMC\d)", re.MULTILINE)
_LABELLED: Final = re.compile(r"^(.*?)\s*\[([a-z\-]+)\]$")
# ISO 639-2 codes PubMed writes (``LA``), as the BCP 47 tags CSL's ``language`` holds.
_LANGUAGES: Final = {
    "eng": "en",
    "fre": "fr",
    "ger": "de",
    "spa": "es",
    "ita": "it",
    "jpn": "ja",
    "chi": "zh",
    "rus": "ru",
    "por": "pt",
    "dut": "nl",
    "pol": "pl",
    "kor": "ko",
    "swe": "sv",
    "dan": "da",
    "nor": "no",
    "fin": "fi",
    "hun": "hu",
    "cze": "cs",
    "tur": "tr",
    "gre": "el",
    "heb": "he",
    "ara": "ar",
    "per": "fa",
}
# Tags whose every value the record's own fields hold; the rest go to ``extra`` as they were.
_HELD: Final = frozenset(
    {"PMID", "PMC", "TI", "BTI", "FAU", "AU", "CN", "FED", "ED", "DP", "JT", "VI", "IP", "PG", "IS", "ISBN", "LA", "PB"}
)
# AID/LID labels that are identifiers of the record.
_HELD_LABELS: Final = frozenset({"doi", "pmc"})


def sniff(text: str) -> bool:
    """A ``PMID-`` line (or PMC's ``PMC -`` before it) among the first lines."""
    return bool(_START.search(text.lstrip("\ufeff")[:5000]))


def _blocks(
    text: str, source: str | None, diagnostics: list[Diagnostic]
) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """Each record's first line and its ``(tag, value)`` pairs in order, continuations joined."""
    fields: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line.strip():
            if fields:
                yield start, fields
            fields = []
            continue
        if line[:1] == " " and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}".strip())
            continue
        match = _LINE.match(line)
        if match is None:
            diagnostics.append(
                Diagnostic("warning", "medline.stray-line", f"not a MEDLINE tag line: {line[:60]!r}", source, number)
            )
            continue
        tag, value = match.group(1), match.group(2).strip()
        if tag == "PMID" and any(name == "PMID" for name, _ in fields):
            # The next record without a blank line before it.
            yield start, fields
            fields = []
        if not fields:
            start = number
        fields.append((tag, value))
    if fields:
        yield start, fields


def _people(fields: list[tuple[str, str]], full: str, short: str) -> tuple[Name, ...]:
    """Persons in order: each ``FAU`` with the ``AU`` after it as one person; a lone ``AU`` too;
    ``CN`` (for authors) as an organisation in its place."""
    people: list[Name] = []
    after_full = False
    for tag, value in fields:
        if not value:
            continue
        if tag == full:
            people.append(parse_family_first(value) if "," in value else parse_one_name(value, alone=True))
            after_full = True
        elif tag == short:
            if not after_full:
                people.append(parse_one_name(value, alone=True))
            after_full = False
        elif tag == "CN" and full == "FAU":
            people.append(build.name(literal=value))
            after_full = False
    return tuple(people)


def _title(value: str | None) -> str | None:
    """PubMed ends every title with a period that is not part of it."""
    if value and value.endswith(".") and not value.endswith(".."):
        return value[:-1]
    return value


def _record(
    fields: list[tuple[str, str]], source: str | None, line: int, number: int, diagnostics: list[Diagnostic]
) -> Reference:
    def first(tag: str) -> str | None:
        return next((value for name, value in fields if name == tag and value), None)

    def every(tag: str) -> list[str]:
        return [value for name, value in fields if name == tag and value]

    labelled: dict[str, list[str]] = {}
    unlabelled_location = None
    for tag, value in fields:
        if tag not in ("AID", "LID") or not value:
            continue
        match = _LABELLED.match(value)
        if match:
            labelled.setdefault(match.group(2), []).append(match.group(1))
        elif tag == "LID":
            unlabelled_location = value
    title, book_title = _title(first("TI")), _title(first("BTI"))
    if title and book_title:
        record_type, container = "chapter", book_title
    elif book_title:
        record_type, title, container = "book", book_title, None
    else:
        record_type, container = "article-journal", first("JT") or first("TA")
    # An unlabelled LID is the article's electronic location (an article number) when there are no pages.
    pages = first("PG") or unlabelled_location
    language = first("LA")
    found = {
        "pmid": every("PMID")[:1],
        "pmcid": every("PMC")[:1] or labelled.get("pmc", [])[:1],
        "doi": labelled.get("doi", [])[:1],
        # ``1434-9949 (Electronic)``: the medium in brackets is not part of the ISSN.
        "issn": [re.sub(r"\s*\(.*\)$", "", value) for value in every("IS")],
        "isbn": every("ISBN"),
    }
    is_book = record_type in ("book", "chapter")
    return build.record(
        found,
        diagnostics,
        type=record_type,
        title=title,
        authors=_people(fields, "FAU", "AU"),
        editors=_people(fields, "FED", "ED"),
        issued=pubmed_date(first("DP") or ""),
        container_title=container,
        volume=first("VI"),
        issue=first("IP"),
        page=normalize_pages(pages) if pages else None,
        publisher=first("PB"),
        publisher_place=first("PL") if is_book else None,
        language=_LANGUAGES.get(language, language) if language else None,
        extra=_extra(fields, place_held=is_book, pages_from_lid=not first("PG") and bool(unlabelled_location)),
        provenance=build.provenance(source=source, line=line, number=number, format=NAME),
    )


def _extra(fields: list[tuple[str, str]], *, place_held: bool, pages_from_lid: bool) -> tuple[tuple[str, object], ...]:
    """Every value the record's fields do not hold, under its tag in first-seen order (a list when repeated)."""
    kept: dict[str, list[str]] = {}
    for tag, value in fields:
        if tag in _HELD or (tag == "PL" and place_held):
            continue
        if tag in ("AID", "LID"):
            match = _LABELLED.match(value)
            if match is not None and match.group(2) in _HELD_LABELS:
                continue
            if match is None and tag == "LID" and pages_from_lid:
                continue
        kept.setdefault(tag, []).append(value)
    return tuple((tag, values[0] if len(values) == 1 else values) for tag, values in kept.items())


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse MEDLINE text; every record found is returned, problems are diagnostics."""
    diagnostics: list[Diagnostic] = []
    records = [
        _record(fields, source, line, number, diagnostics)
        for number, (line, fields) in enumerate(_blocks(text, source, diagnostics), start=1)
    ]
    if not records:
        diagnostics.append(Diagnostic("warning", "medline.empty", "no MEDLINE record (no PMID- line)", source, None))
    return ParseResult(records, diagnostics)
