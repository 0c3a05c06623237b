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
    blank_to_none,
    check_day,
    check_month,
    check_season,
    to_names,
    to_pairs,
)

_new = object.__new__
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
    _NAME["family"](built, blank_to_none(family))
    _NAME["given"](built, blank_to_none(given))
    _NAME["particle"](built, blank_to_none(particle))
    _NAME["suffix"](built, blank_to_none(suffix))
    _NAME["literal"](built, blank_to_none(literal))
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


COMPILED: Final = not isinstance(name, types.FunctionType)
"""Whether this module runs compiled (the mypyc build): its functions are then C functions."""


RawIdentifiers = Mapping[str, Sequence[str]]
"""Identifiers as a reader found them: scheme name → raw values, in the order found."""


def identifiers(found: RawIdentifiers) -> Identifiers:
    """Identifiers from what a reader found, scheme by scheme, in order.

    The first value of a single-valued scheme (DOI, PMID…) is kept in its
    field and any further, different ones in ``other``, with every value of
    schemes the model has no field for; ISSNs and ISBNs are all kept.
    Blank values are dropped. Each value is normalised once, here.
    """
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {}
    other: list[tuple[str, str]] = []
    for scheme, values in found.items():
        handler = ids.SCHEMES.get(scheme)
        for raw in values:
            value = _normal(handler, raw)
            if not value:
                continue
            if handler is None or not handler.field:
                other.append((scheme, value))
            elif handler.multi:
                kept = multi.setdefault(scheme, [])
                if value not in kept:
                    kept.append(value)
            elif scheme not in single:
                single[scheme] = value
            elif single[scheme] != value:
                other.append((scheme, value))
    built: Identifiers = _new(Identifiers)
    for scheme in ids.FIELDS:
        if ids.SCHEMES[scheme].multi:
            _IDENTIFIERS[scheme](built, tuple(multi.get(scheme, ())))
        else:
            _IDENTIFIERS[scheme](built, single.get(scheme))
    _IDENTIFIERS["other"](built, tuple(sorted(dict.fromkeys(other))))
    return built


def _normal(handler: ids.Scheme | None, raw: str | None) -> str:
    if raw is None:
        return ""
    text = str(raw)
    if not text.strip():
        return ""
    return handler.normalize(text) if handler is not None else text.strip()


def problems(found: Identifiers, *, source: str | None, line: int | None) -> list[Diagnostic]:
    """An ``identifier.invalid`` warning for each identifier that fails its scheme's validation."""
    diagnostics: list[Diagnostic] = []
    for scheme, value in found.items():
        handler = ids.SCHEMES.get(scheme)
        if handler is None:
            continue
        reason = handler.problem(value)
        if reason:
            message = f"{handler.label} {value}: {reason}"
            diagnostics.append(Diagnostic("warning", "identifier.invalid", message, source, line))
    return diagnostics


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
    collected = identifiers(found)
    built: Reference = _new(Reference)
    blank = blank_to_none
    _REFERENCE["type"](built, type)
    _REFERENCE["title"](built, blank(title))
    _REFERENCE["authors"](built, to_names(authors))
    _REFERENCE["editors"](built, to_names(editors))
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
    _REFERENCE["extra"](built, to_pairs(extra))
    _REFERENCE["provenance"](built, provenance)
    if diagnostics is not None and collected:
        where: Provenance | None = provenance
        diagnostics.extend(
            problems(collected, source=where.source if where else None, line=where.line if where else None)
        )
    return built
