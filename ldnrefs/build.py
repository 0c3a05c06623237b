"""The one way records are built: every reader and every resolve client calls this module.

A reader splits its input into fields and hands them here with the
identifiers it found, raw; :func:`record` collects those identifiers
(:func:`identifiers`: normalised once, through each scheme's entry in
:data:`ldnrefs.identifiers.SCHEMES`), validates them (check digits, shapes)
and reports each invalid one as an ``identifier.invalid`` diagnostic naming
the record's source and line. Nowhere else are identifiers collected,
normalised or validated on the way in.

The functions build the model's objects exactly as their attrs ``__init__``
would — the same converters on the same fields, defaults and factories, then
the validators — but store through the slots' own setters. A reader makes
seven or eight objects per entry (the reference, its identifiers, its
provenance, its date, a name per author); in the compiled build
(``setup.py``) this module is C, and the interpreted ``__init__`` methods
attrs writes cost more than the parsing around them. ``tests/test_build.py``
checks, on raw values the converters must clean and on values the
validators must refuse, that each function builds objects equal to the
class's and refuses what the class refuses.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import attrs

from ldnrefs import identifiers as ids
from ldnrefs.model import (
    Date,
    Diagnostic,
    Identifiers,
    Name,
    Provenance,
    Reference,
    check_day,
    check_month,
    check_season,
)

_new = object.__new__


def _blank(value: str | None) -> str | None:
    """:func:`ldnrefs.model.blank_to_none` again, here so that the compiled build runs it as C
    (``tests/test_build.py`` checks on hostile text that both give the same fields)."""
    if value is None:
        return None
    value = value.strip()
    return value or None


_NOTHING: Final[dict[str, Sequence[str]]] = {}  # no identifiers found (never changed)


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
    _NAME["family"](built, _blank(family))
    _NAME["given"](built, _blank(given))
    _NAME["particle"](built, _blank(particle))
    _NAME["suffix"](built, _blank(suffix))
    _NAME["literal"](built, _blank(literal))
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
    check_month(built, None, month)
    check_day(built, None, day)
    check_season(built, None, season)
    return built


def provenance(
    source: Any = None, line: Any = None, number: Any = None, text: Any = None, key: Any = None, format: Any = None
) -> Provenance:
    """:class:`~ldnrefs.model.Provenance`, built as its ``__init__`` builds it."""
    built: Provenance = _new(Provenance)
    _PROVENANCE["source"](built, source)
    _PROVENANCE["line"](built, line)
    _PROVENANCE["number"](built, number)
    _PROVENANCE["text"](built, text)
    _PROVENANCE["key"](built, key)
    _PROVENANCE["format"](built, format)
    return built


COMPILED: Final = not isinstance(name, types.FunctionType)
"""Whether this module runs compiled (the mypyc build): its functions are then C functions."""


RawIdentifiers = Mapping[str, Sequence[str]]
"""Identifiers as a reader found them: scheme name → raw values, in the order found."""


# The scheme table read once, as plain sets and dicts: this runs for every entry.
_SINGLE: Final = ids.SINGLE
_MULTI: Final = tuple(name for name in ids.FIELDS if ids.SCHEMES[name].multi)
_FIELD_SCHEMES: Final = frozenset(ids.FIELDS)
_MULTI_SCHEMES: Final = frozenset(_MULTI)
_NORMALIZE: Final = {name: scheme.normalize for name, scheme in ids.SCHEMES.items()}
_PROBLEM: Final = {name: scheme.problem for name, scheme in ids.SCHEMES.items()}
_LABEL: Final = {name: scheme.label for name, scheme in ids.SCHEMES.items()}


def identifiers(found: RawIdentifiers) -> Identifiers:
    """Identifiers from what a reader found, scheme by scheme, in order.

    The first value of a single-valued scheme (DOI, PMID…) is kept in its
    field and any further, different ones in ``other``, with every value of
    schemes the model has no field for; ISSNs and ISBNs are all kept.
    Blank values are dropped. Each value is normalised once, here.
    """
    return _collect(found, None)


def _collect(found: RawIdentifiers, invalid: list[str] | None) -> Identifiers:
    """:func:`identifiers`, and with ``invalid`` a message for each value that fails validation."""
    urls = found.get("url")
    if urls and not found.get("doi"):
        # A doi.org link given as a URL (a BibTeX url, a wikitext external link) is the work's DOI.
        links = [url for url in urls if ids.is_doi_link(url)]
        if links:
            found = {**found, "doi": links[:1]}
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    other: list[tuple[str, str]] = []
    for scheme, values in found.items():
        for raw in values:
            value = ids.normal_form(scheme, raw)
            if not value:
                continue
            if scheme not in _FIELD_SCHEMES:
                other.append((scheme, value))
            elif scheme in _MULTI_SCHEMES:
                kept = multi.setdefault(scheme, [])
                for each in _several(scheme, str(raw), value):
                    if each not in kept:
                        kept.append(each)
            elif scheme not in single:
                single[scheme] = value
            elif single[scheme] != value:
                other.append((scheme, value))
    built: Identifiers = _new(Identifiers)
    for scheme in _SINGLE:
        _IDENTIFIERS[scheme](built, single.get(scheme))
    for scheme in _MULTI:
        _IDENTIFIERS[scheme](built, tuple(multi.get(scheme, ())))
    others = tuple(sorted(dict.fromkeys(other))) if other else ()
    _IDENTIFIERS["other"](built, others)
    if invalid is not None:
        # In the model's order: single-valued schemes, ISSN, ISBN, then the others.
        for scheme, value in sorted(single.items(), key=_single_order):
            _check(scheme, value, invalid)
        for scheme in _MULTI:
            for value in multi.get(scheme, ()):
                _check(scheme, value, invalid)
        for scheme, value in others:
            _check(scheme, value, invalid)
    return built


def _several(scheme: str, text: str, value: str) -> list[str]:
    """``value``, or the values ``text`` lists separated by spaces ("9780822349242 9780822349198"),
    when every one of them is valid alone (a spaced-out "978 0 8223 4924 2" is one ISBN)."""
    words = text.split()
    if len(words) < 2 or _PROBLEM[scheme](value) is None:
        return [value]
    normalize = _NORMALIZE[scheme]
    found = [normalize(word) for word in words]
    if all(_PROBLEM[scheme](each) is None for each in found):
        return found
    return [value]


_SINGLE_ORDER: Final = {name: index for index, name in enumerate(_SINGLE)}


def _single_order(item: tuple[str, str]) -> int:
    return _SINGLE_ORDER[item[0]]


def _check(scheme: str, value: str, invalid: list[str]) -> None:
    problem = _PROBLEM.get(scheme)
    if problem is not None:
        reason = problem(value)
        if reason:
            invalid.append(f"{_LABEL[scheme]} {value}: {reason}")


def _people(names: Any) -> tuple[Name, ...]:
    """The names, less any with no part at all (a reader's ``and and``): no one, and a writer's trap."""
    people = tuple(names)
    if all(_named(person) for person in people):
        return people
    return tuple(person for person in people if _named(person))


def _named(person: Name) -> bool:
    return bool(person.family or person.given or person.literal or person.particle or person.suffix)


def record(
    found: RawIdentifiers = _NOTHING,
    diagnostics: list[Diagnostic] | None = None,
    *,
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
    accessed: Any = None,
    archive_date: Any = None,
    archive_url: Any = None,
    extra: Any = (),
    provenance: Any = None,
) -> Reference:
    """The record of one entry, built as :class:`~ldnrefs.model.Reference`'s ``__init__`` builds it.

    The fields are the class's; the raw identifiers ``found`` are collected
    into its :class:`~ldnrefs.model.Identifiers` (:func:`identifiers`), and an
    ``identifier.invalid`` warning is appended to ``diagnostics`` (when given)
    for each that fails validation, at the record's source and line.
    """
    invalid: list[str] | None = [] if diagnostics is not None and found else None
    collected = _collect(found, invalid)
    built: Reference = _new(Reference)
    blank = _blank
    _REFERENCE["type"](built, type)
    _REFERENCE["title"](built, blank(title))
    _REFERENCE["authors"](built, _people(authors))
    _REFERENCE["editors"](built, _people(editors))
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
    _REFERENCE["identifiers"](built, collected)
    _REFERENCE["accessed"](built, accessed)
    _REFERENCE["archive_date"](built, archive_date)
    _REFERENCE["archive_url"](built, blank(archive_url))
    _REFERENCE["extra"](built, tuple(extra))
    _REFERENCE["provenance"](built, provenance)
    if invalid and diagnostics is not None:
        where: Provenance | None = provenance
        place, line = (where.source, where.line) if where is not None else (None, None)
        for message in invalid:
            diagnostics.append(Diagnostic("warning", "identifier.invalid", message, place, line))
    return built
