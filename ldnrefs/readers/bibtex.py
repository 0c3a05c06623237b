"""Read BibTeX through pybtex, decoding LaTeX back to plain text.

Each entry becomes a record whose provenance names the entry's key and the
line of its ``@type{key,`` header; names are pybtex persons split into
family, given, particle and suffix, with a fully braced name (``{World Health
Organization}``) kept as an organisation. Fields the model has no slot for
are kept in ``extra``.
"""

from __future__ import annotations

import re
from typing import Any, Final

from pybtex.database import Person, parse_string
from pybtex.scanner import PybtexError

from ldnrefs import build
from ldnrefs import identifiers as ids
from ldnrefs.dates import month_number, parse_date
from ldnrefs.errors import MalformedInputError
from ldnrefs.latex import unescape, unescape_verbatim
from ldnrefs.mappings import bibtex as mapping
from ldnrefs.model import Date, Diagnostic, Name, ParseResult, Reference
from ldnrefs.pages import normalize_pages

NAME: Final = "bibtex"
SUFFIXES: Final = (".bib", ".bibtex")
_HEADER: Final = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
# Schemes the model has no field for, read from fields of their own name (``oclc = {…}``).
_OTHER_SCHEMES: Final = frozenset(name for name, scheme in ids.SCHEMES.items() if not scheme.field)
_KNOWN: Final = frozenset(
    {
        "title",
        "journal",
        "journaltitle",
        "organization",
        "series",
        "publisher",
        "booktitle",
        "howpublished",
        "institution",
        "school",
        "year",
        "month",
        "date",
        "pages",
        "eprint",
        "archiveprefix",
        "urldate",
        "archivedate",
        "archiveurl",
        "medium",
        mapping.SUBTYPE_FIELD,
        *mapping.TEXT_FIELDS.values(),
        *mapping.IDENTIFIER_FIELDS.values(),
        *mapping.EXTRA_IDENTIFIER_FIELDS.values(),
        *_OTHER_SCHEMES,
    }
)


def sniff(text: str) -> bool:
    return bool(_HEADER.search(text[:20000]))


def _name(person: Person) -> Name:
    last = " ".join(person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    if not given and not person.prelast_names and last.startswith("{") and last.endswith("}"):
        return build.name(literal=unescape(last))
    return build.name(
        family=unescape(last),
        given=unescape(given),
        particle=unescape(" ".join(person.prelast_names)),
        suffix=unescape(" ".join(person.lineage_names)),
    )


def _date(fields: dict[str, str]) -> Date | None:
    if fields.get("date"):
        date = parse_date(fields["date"].split("/")[0])
        if date is not None:
            return date
    year = fields.get("year", "")
    if not year.strip()[:4].isdigit():
        return None
    return build.date(int(year.strip()[:4]), month_number(fields.get("month")))


def _record(
    key: str, entry: Any, line: int | None, source: str | None, position: int, diagnostics: list[Diagnostic]
) -> Reference:
    fields = {
        name.lower(): unescape_verbatim(value) if name.lower() in mapping.VERBATIM_FIELDS else unescape(value)
        for name, value in entry.fields.items()
    }
    entry_type = entry.type.lower()
    container = next(
        (
            fields[name]
            for name in ("journal", "journaltitle", "booktitle", "howpublished", "organization", "series")
            if fields.get(name)
        ),
        None,
    )
    publisher = fields.get("publisher") or fields.get("institution") or fields.get("school")
    subtype = fields.get(mapping.SUBTYPE_FIELD)
    if subtype == "newspaper":
        subtype = "article-newspaper"
    elif subtype == "magazine":
        subtype = "article-magazine"
    record_type = subtype or mapping.CSL_TYPES.get(entry_type, "document")
    text_values = {attr: fields.get(field) for attr, field in mapping.TEXT_FIELDS.items()}
    if entry_type == "techreport":
        text_values["number"] = text_values.pop("issue")
    found: dict[str, list[str]] = {}
    for scheme, field in (*mapping.IDENTIFIER_FIELDS.items(), *mapping.EXTRA_IDENTIFIER_FIELDS.items()):
        value = fields.get(field)
        if value:
            # ISSN and ISBN fields may hold several, comma-separated.
            found[scheme] = value.split(",") if ids.SCHEMES[scheme].multi else [value]
    if fields.get("eprint") and fields.get("archiveprefix", "").lower() == "arxiv":
        found["arxiv"] = [fields["eprint"]]
    for scheme in sorted(_OTHER_SCHEMES):
        if fields.get(scheme):
            found[scheme] = [fields[scheme]]
    authors = [person for person in entry.persons.get("author", []) if str(person) != "others"]
    return build.record(
        found,
        diagnostics,
        type=record_type,
        title=fields.get("title"),
        authors=tuple(_name(person) for person in authors),
        editors=tuple(_name(person) for person in entry.persons.get("editor", [])),
        et_al=len(authors) < len(entry.persons.get("author", [])),
        issued=_date(fields),
        container_title=container,
        page=normalize_pages(fields["pages"].replace("--", "-")) if fields.get("pages") else None,
        publisher=publisher,
        accessed=parse_date(fields["urldate"]) if fields.get("urldate") else None,
        archive_date=parse_date(fields["archivedate"]) if fields.get("archivedate") else None,
        archive_url=fields.get("archiveurl"),
        medium=fields.get("medium"),
        extra=tuple((name, value) for name, value in fields.items() if name not in _KNOWN),
        provenance=build.provenance(source=source, line=line, number=position, key=key),
        **{attr: value for attr, value in text_values.items() if attr != "genre"},
        genre=text_values.get("genre") if entry_type in {"techreport", "phdthesis", "mastersthesis"} else None,
    )


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse BibTeX text.

    :raises MalformedInputError: when pybtex cannot parse it, with the line pybtex names.
    """
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as error:
        match = re.search(r"line (\d+)", str(error))
        raise MalformedInputError(
            f"not valid BibTeX: {error}", source=source, line=int(match.group(1)) if match else None
        ) from None
    lines: dict[str, int] = {}
    line, position = 1, 0
    for match in _HEADER.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.setdefault(match.group(2), line)
    diagnostics: list[Diagnostic] = []
    records = [
        _record(key, entry, lines.get(key), source, position, diagnostics)
        for position, (key, entry) in enumerate(data.entries.items(), start=1)
    ]
    return ParseResult(records, diagnostics)
