"""The converters and validators the record model's attrs fields run on every value given to them.

They live in their own module so that the compiled build (``setup.py``)
turns them into C functions: a reader builds tens of records' worth of
fields per entry, and each field passes through one of these.
One named function per field, because the attrs mypy plugin understands
only named converters; each calls its scheme's normaliser directly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ldnrefs import identifiers as ids

if TYPE_CHECKING:
    from ldnrefs.model import Name


def blank_to_none(value: str | None) -> str | None:
    """Surrounding spaces removed; an empty string becomes None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


# Validators of Date's parts (attrs calls them with the instance and the field).
def check_month(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and not 1 <= value <= 12:
        raise ValueError(f"month {value} is not 1-12")


def check_day(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and (instance.month is None or not 1 <= value <= 31):
        raise ValueError(f"day {value} needs a month and must be 1-31")


def check_season(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and not 1 <= value <= 4:
        raise ValueError(f"season {value} is not 1-4")


def _many(normalize: Callable[[str], str], values: Iterable[str] | str | None) -> tuple[str, ...]:
    if not values:
        return ()
    if isinstance(values, str):
        values = (values,)
    found: list[str] = []
    for value in values:
        normal = normalize(str(value)) if value else ""
        if normal and normal not in found:
            found.append(normal)
    return tuple(found)


def doi(value: str | None) -> str | None:
    return None if value is None else ids.normalize_doi(str(value)) or None


def pmid(value: str | None) -> str | None:
    return None if value is None else ids.normalize_pmid(str(value)) or None


def pmcid(value: str | None) -> str | None:
    return None if value is None or not str(value).strip() else ids.normalize_pmcid(str(value))


def s2cid(value: str | None) -> str | None:
    return None if value is None else ids.strip_value(str(value)) or None


def bibcode(value: str | None) -> str | None:
    return None if value is None else ids.strip_value(str(value)) or None


def arxiv(value: str | None) -> str | None:
    return None if value is None else ids.normalize_arxiv(str(value)) or None


def url(value: str | None) -> str | None:
    return None if value is None else str(value).strip() or None


def issns(values: Iterable[str] | str | None) -> tuple[str, ...]:
    return _many(ids.normalize_issn, values)


def isbns(values: Iterable[str] | str | None) -> tuple[str, ...]:
    return _many(ids.normalize_isbn, values)


def names(values: Iterable[Name]) -> tuple[Name, ...]:
    return tuple(values)


def pairs(values: Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple(values)


def others(values: Iterable[tuple[str, str]] | None) -> tuple[tuple[str, str], ...]:
    if not values:
        return ()
    pairs: dict[tuple[str, str], None] = {}
    for scheme, value in values or ():
        normal = ids.normalize(scheme, value) if scheme in ids.SCHEMES else value.strip()
        if normal:
            pairs.setdefault((scheme, normal), None)
    return tuple(sorted(pairs))
