"""The first pass: records that share an identifier naming one work are one work."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from ldnrefs import identifiers as ids
from ldnrefs.dedupe.groups import Groups
from ldnrefs.dedupe.result import Evidence, Link
from ldnrefs.model import Reference


def identifier_keys(record: Reference) -> list[str]:
    """The keys that name one work: DOI, PMID, PMCID, arXiv id, and ISBN for whole books only
    (the chapters of one book share its ISBN)."""
    found = record.identifiers
    keys = [
        ids.key(scheme, value)
        for scheme in ids.NAMES_WORK
        if not ids.SCHEMES[scheme].multi and (value := getattr(found, scheme))
    ]
    if found.isbn and record.type == "book":
        keys.extend(sorted({ids.key("isbn", value) for value in found.isbn}))
    return keys


def _shown(record: Reference, scheme: str, key: str) -> str:
    """The identifier as the record writes it (``key`` is case-folded or ISBN-13)."""
    for item_scheme, value in record.identifiers.items():
        if item_scheme == scheme and ids.key(scheme, value) == key:
            return value
    return key.split(":", 1)[1]


def match_identifiers(records: Sequence[Reference], order: Sequence[int], groups: Groups, links: list[Link]) -> None:
    # Every earlier holder of a key is tried, not only the first: when the
    # first was refused (a conflicting DOI), a later holder may still match.
    holders: dict[str, list[int]] = defaultdict(list)
    for index in order:
        for key in identifier_keys(records[index]):
            earlier = holders[key]
            for other in earlier:
                if groups.find(other) == groups.find(index):
                    break
                if groups.union(other, index):
                    scheme = key.split(":", 1)[0]
                    first, second = sorted((other, index))
                    detail = f"same {ids.SCHEMES[scheme].label} {_shown(records[first], scheme, key)}"
                    links.append(Link(first, second, Evidence("identifier", detail, (key,))))
                    break
            if not earlier or groups.find(earlier[-1]) != groups.find(index):
                earlier.append(index)
