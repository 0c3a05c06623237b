"""Build the record model's objects the way their ``__init__`` does, from compiled code.

attrs writes each class's ``__init__`` as interpreted Python. A reader makes
seven or eight model objects per entry (the reference, its identifiers, its
provenance, its date, a name per author), and in the compiled build
(``setup.py``) calling those interpreted ``__init__`` methods cost more than
the parsing around them. The functions here do exactly what the generated
``__init__`` does — the same converters on the same fields, defaults and
factories, then the validators — as compiled code.

The ``new_*`` names are what readers call: these functions when this module
is compiled, and the classes themselves otherwise (as pure Python the
generated ``__init__`` is the faster of the two). ``tests/test_assemble.py``
checks, on raw values the converters must clean and on values the
validators must refuse, that each function builds objects equal to the
class's and refuses what the class refuses.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any, Final

import attrs

from ldnrefs import converters as convert
from ldnrefs.model import SINGLE_IDENTIFIERS, Date, Identifiers, Name, Provenance, Reference

_new = object.__new__
_FACTORY: Final = object()  # "not given": the field's factory makes the value


def _setters(cls: type) -> dict[str, Callable[[Any, Any], None]]:
    """Each field's slot setter: it stores a value without the frozen class's ``__setattr__``
    refusing it, and in half the time ``object.__setattr__`` (attrs' own way round) takes."""
    found: dict[str, Callable[[Any, Any], None]] = {}
    for field in attrs.fields(cls):
        owner = next(klass for klass in cls.__mro__ if field.name in vars(klass))
        found[field.name] = vars(owner)[field.name].__set__
    return found


_NAME: Final = _setters(Name)
_DATE: Final = _setters(Date)
_IDENTIFIERS: Final = _setters(Identifiers)
_PROVENANCE: Final = _setters(Provenance)
_REFERENCE: Final = _setters(Reference)


def name(family: Any = None, given: Any = None, particle: Any = None, suffix: Any = None, literal: Any = None) -> Name:
    """:class:`~ldnrefs.model.Name`, built as its ``__init__`` builds it."""
    built: Name = _new(Name)
    _NAME["family"](built, convert.blank_to_none(family))
    _NAME["given"](built, convert.blank_to_none(given))
    _NAME["particle"](built, convert.blank_to_none(particle))
    _NAME["suffix"](built, convert.blank_to_none(suffix))
    _NAME["literal"](built, convert.blank_to_none(literal))
    return built


def date(
    year: Any, month: Any = None, day: Any = None, season: Any = None, circa: Any = False, end: Any = None
) -> Date:
    """:class:`~ldnrefs.model.Date`, built and checked as its ``__init__`` does."""
    built: Date = _new(Date)
    _DATE["year"](built, year)
    _DATE["month"](built, month)
    _DATE["day"](built, day)
    _DATE["season"](built, season)
    _DATE["circa"](built, circa)
    _DATE["end"](built, end)
    convert.check_month(built, None, month)
    convert.check_day(built, None, day)
    convert.check_season(built, None, season)
    return built


def identifiers(
    doi: Any = None,
    pmid: Any = None,
    pmcid: Any = None,
    issn: Any = (),
    isbn: Any = (),
    s2cid: Any = None,
    bibcode: Any = None,
    arxiv: Any = None,
    url: Any = None,
    other: Any = (),
) -> Identifiers:
    """:class:`~ldnrefs.model.Identifiers`, normalised as its ``__init__`` normalises them."""
    built: Identifiers = _new(Identifiers)
    _IDENTIFIERS["doi"](built, convert.doi(doi))
    _IDENTIFIERS["pmid"](built, convert.pmid(pmid))
    _IDENTIFIERS["pmcid"](built, convert.pmcid(pmcid))
    _IDENTIFIERS["issn"](built, convert.issns(issn))
    _IDENTIFIERS["isbn"](built, convert.isbns(isbn))
    _IDENTIFIERS["s2cid"](built, convert.s2cid(s2cid))
    _IDENTIFIERS["bibcode"](built, convert.bibcode(bibcode))
    _IDENTIFIERS["arxiv"](built, convert.arxiv(arxiv))
    _IDENTIFIERS["url"](built, convert.url(url))
    _IDENTIFIERS["other"](built, convert.others(other))
    return built


def provenance(
    source: Any = None, line: Any = None, number: Any = None, text: Any = None, key: Any = None
) -> Provenance:
    """:class:`~ldnrefs.model.Provenance`, built as its ``__init__`` builds it."""
    built: Provenance = _new(Provenance)
    _PROVENANCE["source"](built, source)
    _PROVENANCE["line"](built, line)
    _PROVENANCE["number"](built, number)
    _PROVENANCE["text"](built, text)
    _PROVENANCE["key"](built, key)
    return built


def reference(
    type: Any = "document",
    title: Any = None,
    authors: Any = (),
    editors: Any = (),
    et_al: Any = False,
    issued: Any = None,
    container_title: Any = None,
    volume: Any = None,
    issue: Any = None,
    page: Any = None,
    edition: Any = None,
    number: Any = None,
    publisher: Any = None,
    publisher_place: Any = None,
    medium: Any = None,
    genre: Any = None,
    language: Any = None,
    source: Any = None,
    note: Any = None,
    identifiers: Any = _FACTORY,
    accessed: Any = None,
    archive_date: Any = None,
    archive_url: Any = None,
    extra: Any = (),
    provenance: Any = None,
) -> Reference:
    """:class:`~ldnrefs.model.Reference`, built as its ``__init__`` builds it.

    ``identifiers`` defaults to a new empty :class:`~ldnrefs.model.Identifiers`,
    as the class's factory does (an explicit None is kept, as the class keeps it).
    """
    built: Reference = _new(Reference)
    blank = convert.blank_to_none
    _REFERENCE["type"](built, type)
    _REFERENCE["title"](built, blank(title))
    _REFERENCE["authors"](built, convert.names(authors))
    _REFERENCE["editors"](built, convert.names(editors))
    _REFERENCE["et_al"](built, et_al)
    _REFERENCE["issued"](built, issued)
    _REFERENCE["container_title"](built, blank(container_title))
    _REFERENCE["volume"](built, blank(volume))
    _REFERENCE["issue"](built, blank(issue))
    _REFERENCE["page"](built, blank(page))
    _REFERENCE["edition"](built, blank(edition))
    _REFERENCE["number"](built, blank(number))
    _REFERENCE["publisher"](built, blank(publisher))
    _REFERENCE["publisher_place"](built, blank(publisher_place))
    _REFERENCE["medium"](built, blank(medium))
    _REFERENCE["genre"](built, blank(genre))
    _REFERENCE["language"](built, blank(language))
    _REFERENCE["source"](built, blank(source))
    _REFERENCE["note"](built, blank(note))
    _REFERENCE["identifiers"](built, Identifiers() if identifiers is _FACTORY else identifiers)
    _REFERENCE["accessed"](built, accessed)
    _REFERENCE["archive_date"](built, archive_date)
    _REFERENCE["archive_url"](built, blank(archive_url))
    _REFERENCE["extra"](built, convert.pairs(extra))
    _REFERENCE["provenance"](built, provenance)
    return built


COMPILED: Final = not isinstance(name, types.FunctionType)
"""Whether this module runs compiled (the mypyc build): its functions are then C functions."""


def collected_identifiers(found: dict[str, list[str]]) -> Identifiers:
    """Identifiers from what a reader found, scheme by scheme, in order.

    The first value of a single-valued scheme (DOI, PMID…) is kept in its
    field and any further ones in ``other``, with every value of schemes the
    model has no field for; ISSNs and ISBNs are all kept.
    """
    single: dict[str, str] = {}
    other: list[tuple[str, str]] = []
    for scheme, values in found.items():
        if scheme in SINGLE_IDENTIFIERS:
            if values:
                single[scheme] = values[0]
                for value in values[1:]:
                    other.append((scheme, value))
        elif scheme != "issn" and scheme != "isbn":
            for value in values:
                other.append((scheme, value))
    return new_identifiers(issn=found.get("issn", ()), isbn=found.get("isbn", ()), other=other, **single)


# What readers call: the compiled builders, or the classes when this runs as source.
new_name: Final = name if COMPILED else Name
new_date: Final = date if COMPILED else Date
new_identifiers: Final = identifiers if COMPILED else Identifiers
new_provenance: Final = provenance if COMPILED else Provenance
new_reference: Final = reference if COMPILED else Reference
