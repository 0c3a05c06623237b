"""Write records as BibTeX through pybtex's data model and writer.

Values are escaped by :mod:`ldnrefs.latex` (pybtex's own encoder leaves ``$``
and ``^`` unescaped and escapes an escaped backslash twice), then handed to a
pybtex writer that writes them as they are. Keys are the citation keys of
:mod:`ldnrefs.keys` (``younger2014use``), stable and unique, equal to the
CSL-JSON ids.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.output.bibtex import Writer as _PybtexWriter

from ldnrefs import updates
from ldnrefs.keys import citation_keys
from ldnrefs.latex import escape, escape_title, escape_verbatim
from ldnrefs.mappings import bibtex as mapping
from ldnrefs.model import Name, Reference

NAME: Final = "bibtex"
SUFFIX: Final = ".bib"
OPTIONS: Final = ()  # keyword options of dumps()


class _Writer(_PybtexWriter):  # type: ignore[misc]
    """pybtex's BibTeX writer, given values ldnrefs has already escaped."""

    def _encode(self, text: str) -> str:
        return text


# A field name BibTeX and biber accept, and nothing that could break out of one.
_FIELD_NAME: Final = re.compile(r"[a-z][a-z0-9_\-]{0,63}")
# What BibTeX and biber cannot hold in a key (nor any \\cite{} name): it would end the key or
# start a TeX command.
_KEY_UNSAFE: Final = re.compile(r"[\s,{}\\\"#%()=~]")
_NAME_SEPARATOR: Final = re.compile(r",|\band\b", re.IGNORECASE)


def _part(text: str | None, *, family: bool = False) -> str:
    """One name part, escaped; braced when BibTeX's name syntax would split it differently:
    a comma or "and" inside it, or (in a family name) a word not starting with a capital,
    which BibTeX would take for a particle such as "van"."""
    escaped = escape(text or "")
    words = escaped.split()
    lowercase_word = family and len(words) > 1 and any(not word[:1].isupper() for word in words)
    return "{" + escaped + "}" if _NAME_SEPARATOR.search(escaped) or lowercase_word else escaped


def _person(name: Name) -> Person:
    if name.literal:
        return Person(last="{" + escape(name.literal) + "}")
    return Person(
        first=_part(name.given),
        prelast=_part(name.particle),
        last=_part(name.family, family=True) or "{}",
        lineage=_part(name.suffix),
    )


def entry_for(record: Reference) -> Entry:
    """One record as a pybtex entry (values escaped, ready to write)."""
    entry_type = mapping.ENTRY_TYPES.get(record.type, mapping.DEFAULT_ENTRY_TYPE)
    if entry_type == "phdthesis" and "master" in (record.genre or "").lower():
        entry_type = "mastersthesis"
    fields: dict[str, str] = {}
    if record.title:
        fields["title"] = escape_title(record.title)
    container_field = mapping.CONTAINER_FIELD.get(entry_type)
    if record.container_title and container_field:
        fields[container_field] = escape(record.container_title)
    if record.issued is not None:
        fields["year"] = str(record.issued.year)
        if record.issued.month:
            fields["month"] = mapping.MONTHS[record.issued.month - 1]
        fields["date"] = record.issued.isoformat()
    if record.publisher:
        fields[mapping.PUBLISHER_FIELD.get(entry_type, "publisher")] = escape(record.publisher)
    if record.page:
        fields["pages"] = escape(record.page).replace("-", "--")
    for attr, field in mapping.TEXT_FIELDS.items():
        value = getattr(record, attr)
        if value and not (field == "type" and entry_type not in {"phdthesis", "mastersthesis", "techreport"}):
            fields[field] = escape(value)
    if record.number and entry_type == "techreport":
        fields["number"] = escape(record.number)
    identifiers = record.identifiers
    for attr, field in mapping.IDENTIFIER_FIELDS.items():
        value = getattr(identifiers, attr)
        text = ", ".join(value) if isinstance(value, tuple) else value
        if text:
            fields[field] = escape_verbatim(text) if field in mapping.VERBATIM_FIELDS else escape(text)
    if identifiers.arxiv:
        fields["eprint"] = escape_verbatim(identifiers.arxiv)
        fields["archiveprefix"] = "arXiv"
    for attr, field in mapping.EXTRA_IDENTIFIER_FIELDS.items():
        value = getattr(identifiers, attr)
        if value:
            fields[field] = escape(value)
    for scheme, value in identifiers.other:
        if _FIELD_NAME.fullmatch(scheme):
            fields.setdefault(scheme, escape(value))
    if record.accessed is not None:
        fields["urldate"] = record.accessed.isoformat()
    if record.archive_date is not None:
        fields["archivedate"] = record.archive_date.isoformat()
    if record.archive_url:
        fields["archiveurl"] = escape_verbatim(record.archive_url)
    if record.medium:
        fields["medium"] = escape(record.medium)
    # Fields the model has no slot for (a BibTeX file's abstract, keywords, note
    # fields of reference managers) are written back as they were read.
    for name, value in record.extra:
        if isinstance(value, str) and _FIELD_NAME.fullmatch(name):
            fields.setdefault(name, escape_verbatim(value) if name in mapping.VERBATIM_FIELDS else escape(value))
    # A retracted or questioned work says so (biblatex prints pubstate and note).
    warning = updates.export_note(record)
    if warning:
        fields["note"] = f"{fields['note']}. {escape(warning)}" if fields.get("note") else escape(warning)
        if updates.status(record) == "retracted":
            fields.setdefault("pubstate", "retracted")
    if record.type == "article-newspaper":
        fields[mapping.SUBTYPE_FIELD] = "newspaper"
    elif mapping.CSL_TYPES.get(entry_type) != record.type:
        fields[mapping.SUBTYPE_FIELD] = record.type
    persons = {}
    if record.authors:
        persons["author"] = [_person(name) for name in record.authors] + ([Person("others")] if record.et_al else [])
    if record.editors:
        persons["editor"] = [_person(name) for name in record.editors]
    return Entry(entry_type, fields=fields, persons=persons)


def dumps(records: Iterable[Reference]) -> str:
    """A BibTeX file of ``records``, keyed by their citation keys, in order."""
    records = list(records)
    data = BibliographyData()
    for key, record in zip(citation_keys(records, announce=True, unsafe=_KEY_UNSAFE), records, strict=True):
        data.add_entry(key, entry_for(record))
    text: str = _Writer(encoding="UTF-8").to_string(data)
    return text if text.endswith("\n") else text + "\n"
