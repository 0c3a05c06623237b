"""Merge the records of one work into one, and report where they disagree.

The merged record keeps the richest value of each field: full given names
over initials, a day-precise date over a month, the longest (unabbreviated)
title, journal and page range; every identifier of every member; the most
specific item type. Ties are broken by content, never by input order, so the
result does not depend on which member came first (except its provenance,
which is the first member's). Each field on which members really disagree —
beyond abbreviation, case or punctuation — is reported as a :class:`Conflict`.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from typing import Any, Final

import attrs

from ldnrefs.keys import own_key
from ldnrefs.model import Date, Identifiers, Name, Reference
from ldnrefs.normalize import abbreviates, family_key, fold


@attrs.frozen
class Conflict:
    """A field on which the members of a group disagree, and the value kept."""

    field: str
    values: tuple[tuple[int, str], ...]
    """(reference number, value) for each member that has the field."""
    kept: str

    def __str__(self) -> str:
        shown = " vs ".join(f"{value} (ref {number})" for number, value in self.values)
        return f"{self.field}: {shown}; kept {self.kept}"


def _longest(value: str) -> tuple[int, str]:
    """Sort key for "the richest text": the longest, ties broken by content, never by input order."""
    return (len(value), value)


def name_richness(names: tuple[Name, ...]) -> tuple[int, int]:
    """How much an author list says (letters of given names, then names): the richer list is kept."""
    given = sum(len((name.given or "").replace(".", "").replace(" ", "")) for name in names)
    return (given, len(names))


def _name_order(name: Name) -> tuple[int, int, str]:
    """How much one name says: letters of the given name, then parts, ties broken by content."""
    given = len((name.given or "").replace(".", "").replace(" ", ""))
    parts = sum(part is not None for part in (name.family, name.given, name.particle, name.suffix, name.literal))
    return (given, parts, str(name))


def _merged_names(lists: list[tuple[tuple[Name, ...], bool]]) -> tuple[tuple[Name, ...], bool]:
    """One author list from several, losing nobody: the longest list (a complete list before an
    "et al." one of the same length), each person in the richest form any list gives, matched by
    position and family name; a person only another list names is added at the end.

    The result does not depend on the order of ``lists``. Returns the names and whether the
    kept list still ends in "et al.".
    """
    if all(names == lists[0][0] for names, _ in lists[1:]):  # most often: the same names in each
        return lists[0][0], all(et_al for _, et_al in lists)
    ordered = sorted(lists, key=lambda item: (len(item[0]), not item[1], *name_richness(item[0]), str(item[0])))
    base, et_al = ordered[-1]
    merged = list(base)
    keys = [family_key(name) or str(name) for name in merged]
    for names, _ in reversed(ordered[:-1]):
        for position, name in enumerate(names):
            key = family_key(name) or str(name)
            if position < len(keys) and keys[position] == key:
                index = position
            elif key in keys:
                index = keys.index(key)
            else:
                merged.append(name)
                keys.append(key)
                continue
            if name != merged[index]:  # most are the same name: no need to weigh them
                merged[index] = max(merged[index], name, key=_name_order)
    return tuple(merged), et_al


def _richer_date(dates: list[Date]) -> Date:
    return max(dates, key=lambda date: (date.precision, date.end is not None, date.isoformat()))


def _dates_agree(a: Date, b: Date) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a.parts(), b.parts(), strict=False))


def _present(records: Sequence[Reference], numbers: Sequence[int], attr: str) -> list[tuple[int, Any]]:
    """(reference number, value) of each member that has ``attr``."""
    return [
        (number, value) for record, number in zip(records, numbers, strict=True) if (value := getattr(record, attr))
    ]


_TEXT_NAMES: Final = (
    "title",
    "container_title",
    "volume",
    "issue",
    "edition",
    "number",
    "publisher",
    "publisher_place",
    "medium",
    "genre",
    "language",
    "source",
    "note",
    "archive_url",
)
_TEXT_FIELDS: Final = operator.attrgetter(*_TEXT_NAMES)


def merge(records: Sequence[Reference], numbers: Sequence[int]) -> tuple[Reference, list[Conflict]]:
    """Merge records of one work into one, reporting each field on which they disagree."""
    conflicts: list[Conflict] = []
    first = records[0]
    fields: dict[str, object] = {}

    def report(field: str, values: list[tuple[int, str]], kept: str) -> None:
        conflicts.append(Conflict(field, tuple(values), kept))

    # Text fields: keep the longest (unabbreviated) value; report real disagreement.
    columns = zip(*map(_TEXT_FIELDS, records), strict=True)
    for attr, column in zip(_TEXT_NAMES, columns, strict=True):
        if column.count(column[0]) == len(column):  # most often: every member has the same (or none)
            if column[0]:
                fields[attr] = column[0]
            continue
        present = [(number, value) for number, value in zip(numbers, column, strict=True) if value]
        if not present:
            continue
        if len(present) == 1 or all(value == present[0][1] for _, value in present):
            fields[attr] = present[0][1]
            continue
        kept = max((value for _, value in present), key=_longest)
        fields[attr] = kept
        differ = len({fold(value) for _, value in present}) > 1 and attr not in {"note", "source", "publisher"}
        if differ and (attr != "container_title" or not _abbreviation_of(present)):
            report(attr.replace("_", "-"), present, kept)
    # Pages: a full range over an abbreviated one; different first pages are a conflict.
    pages = _present(records, numbers, "page")
    if pages:
        fields["page"] = max((value for _, value in pages), key=_longest)
        if len({value for _, value in pages}) > 1:
            report("page", pages, str(fields["page"]))
    # Dates: the most precise; report any disagreement in the parts both have.
    for attr in ("issued", "accessed", "archive_date"):
        dated = _present(records, numbers, attr)
        if not dated:
            continue
        if all(date == dated[0][1] for _, date in dated):
            fields[attr] = dated[0][1]
            continue
        kept_date = _richer_date([date for _, date in dated])
        fields[attr] = kept_date
        texts = [(number, date.isoformat()) for number, date in dated]
        if attr == "issued" and any(not _dates_agree(date, kept_date) for _, date in dated):
            report(attr, texts, kept_date.isoformat())
    # Names: every person any member names, each in its richest form (see _merged_names).
    for attr in ("authors", "editors"):
        lists = _present(records, numbers, attr)
        if not lists:
            continue
        et_al_of = {number: record.et_al for record, number in zip(records, numbers, strict=True)}
        kept_names, kept_et_al = _merged_names([(names, attr == "authors" and et_al_of[n]) for n, names in lists])
        fields[attr] = kept_names
        if attr == "authors":
            fields["et_al"] = kept_et_al
        same = all(names == lists[0][1] for _, names in lists[1:])
        if not same and len({tuple(family_key(name) for name in names) for _, names in lists}) > 1:
            report(
                attr,
                [(number, "; ".join(str(name) for name in names)) for number, names in lists],
                "; ".join(str(name) for name in kept_names),
            )
    # Type: the most specific one any member has.
    fields["type"] = _richest_type([record.type for record in records])
    fields.setdefault("et_al", first.et_al)
    fields["identifiers"] = _merge_identifiers([record.identifiers for record in records])
    extras: dict[str, object] = {}
    for record in records:
        for key, value in record.extra:
            extras[key] = _joined_extra(key, extras[key], value) if key in extras else value
    extras["merged-from"] = list(numbers)
    # The other members' citation keys stay valid: biblatex and biber resolve an
    # entry's ``ids`` aliases, so \cite{otherkey} still finds the merged entry.
    # Aliases the members already had (their ``ids``) stay aliases too.
    given = [
        alias.strip()
        for record in records
        for key, value in record.extra
        if key == "ids"
        for alias in str(value).split(",")
    ]
    aliases = [alias for record in records[1:] if (alias := own_key(record))]
    kept = [alias for alias in dict.fromkeys([*given, *aliases]) if alias and alias != own_key(first)]
    if kept:
        extras["ids"] = ",".join(kept)
    fields["extra"] = tuple(extras.items())
    merged = attrs.evolve(first, **fields)  # type: ignore[arg-type]
    return merged, conflicts


# Extra fields that hold a list in one string: the members' values are joined, none lost.
_LISTED_EXTRAS: Final = {"keywords": ", ", "keyword": ", ", "ids": ","}


def _joined_extra(key: str, kept: object, other: object) -> object:
    """Two members' values of one extra field: lists (RIS ``KW``, MEDLINE ``MH``) and keyword
    strings are joined without repeats; for anything else the first member's value stays."""
    if isinstance(kept, list) or isinstance(other, list):
        joined = list(kept) if isinstance(kept, list) else [kept]
        for item in other if isinstance(other, list) else [other]:
            if item not in joined:
                joined.append(item)
        return joined
    separator = _LISTED_EXTRAS.get(key.lower())
    if separator and isinstance(kept, str) and isinstance(other, str):
        words = [word.strip() for value in (kept, other) for word in value.split(separator.strip())]
        return separator.join(dict.fromkeys(word for word in words if word))
    return kept


def _abbreviation_of(values: list[tuple[int, str]]) -> bool:
    """True when the shorter container titles abbreviate the longest (J Clin Invest / Journal of Clinical…)."""
    longest = fold(max((value for _, value in values), key=_longest)).split()
    return all(abbreviates(fold(value).split(), longest) for _, value in values)


_TYPE_ORDER: Final = (
    "article-journal",
    "paper-conference",
    "chapter",
    "book",
    "report",
    "thesis",
    "article-newspaper",
    "article-magazine",
    "article",
    "webpage",
    "post",
    "document",
)


def _richest_type(types: list[str]) -> str:
    ranked = sorted(types, key=lambda kind: _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER))
    return ranked[0]


_NO_IDENTIFIERS: Final = Identifiers()


def _merge_identifiers(all_ids: list[Identifiers]) -> Identifiers:
    # The least value of each single-valued scheme: the same whatever the members' order.
    different = [found for found in dict.fromkeys(all_ids) if found != _NO_IDENTIFIERS]
    if len(different) <= 1:  # most often: one member's identifiers, or the same in each
        return different[0] if different else all_ids[0]
    return different[0].combined(*different[1:], choose=min)
