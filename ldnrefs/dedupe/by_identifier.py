"""The first pass: records that share an identifier naming one work are one work."""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Final

from rapidfuzz import fuzz

from ldnrefs import identifiers as ids
from ldnrefs.dedupe.features import numbers_in
from ldnrefs.dedupe.groups import Groups
from ldnrefs.dedupe.result import Evidence, Link
from ldnrefs.dedupe.rules import containers_disagree, is_placeholder
from ldnrefs.model import Reference
from ldnrefs.normalize import family_key, is_back_reference, normalize_title


def identifier_keys(record: Reference) -> list[str]:
    """The keys that name one work: DOI, PMID, PMCID, arXiv id, ISBN for whole books only
    (the chapters of one book share its ISBN), and the page a URL names (``ids.url_key``)."""
    found = record.identifiers
    keys = [
        ids.key(scheme, value)
        for scheme in ids.NAMES_WORK
        if not ids.SCHEMES[scheme].multi and (value := getattr(found, scheme))
    ]
    if found.isbn and record.type == "book":
        keys.extend(sorted({ids.key("isbn", value) for value in found.isbn}))
    # A web address names one page: the record's URL, or the original inside its archive URL.
    pages = {page for url in (found.url, record.archive_url) if url and (page := ids.url_key(url))}
    keys.extend(f"url:{page}" for page in sorted(pages))
    text = _verbatim(record)
    if text and not (pages and record.title and is_placeholder(normalize_title(record.title))):
        # Word for word the same reference: one work (but a placeholder-titled page with a URL
        # of its own is told apart by that URL).
        # Hashed: a million entries' full texts would otherwise be held as keys.
        keys.append("text:" + hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest())
    return keys


_BACKLINKS: Final = re.compile(r"^\s*(?:\d{1,4}[.)]\s*)?\^?\s*(?:(?:[a-z]{1,2}|\d{1,2}\.\d{1,2})\s+)*(?=\S)")
_SHORTEST_TEXT: Final = 20


def _verbatim(record: Reference) -> str | None:
    """The entry's own text, back-link labels ("^ a b c") and spacing aside, when long enough to say something."""
    origin = record.provenance
    if origin is None or not origin.text:
        return None
    text = " ".join(_BACKLINKS.sub("", origin.text, count=1).split())
    if len(text) < _SHORTEST_TEXT or is_back_reference(text):
        return None  # "Ibid., pp. 123–125" twice may follow notes on two different works
    return text


def _shown(record: Reference, scheme: str, key: str) -> str:
    """The identifier as the record writes it (``key`` is case-folded or ISBN-13)."""
    for item_scheme, value in record.identifiers.items():
        if item_scheme == scheme and ids.key(scheme, value) == key:
            return value
    return key.split(":", 1)[1]


MOST_HOLDERS_TRIED: Final = 32
"""How many earlier groups holding one identifier a record is tried against."""

Skipped = list[tuple[int, int, str]]
"""Pairs that share an identifier but were kept apart (parts of one whole, a copied identifier), with the key."""


def match_identifiers(
    records: Sequence[Reference],
    order: Sequence[int],
    groups: Groups,
    links: list[Link],
    skipped: Skipped | None = None,
) -> None:
    # Every earlier holder of a key is tried, not only the first: when the
    # first was refused (a conflicting DOI), a later holder may still match.
    holders: dict[str, list[int]] = defaultdict(list)
    # How many records hold each key: a slip (an identifier copied onto one wrong record) is
    # judged only where exactly two hold it, so that the judgement cannot depend on which
    # record bridges the others (deduplicating the output must find nothing more). A key
    # held once maps to its holder, a shared key to minus its count; the keys of records
    # that share one are computed again rather than kept (at a million records, memory is
    # the scarcer), and only theirs.
    held: dict[str, int] = {}
    shares = bytearray(len(records))
    for index, record in enumerate(records):
        for key in identifier_keys(record):
            count = held.get(key)
            if count is None:
                held[key] = index
            else:
                if count >= 0:
                    shares[count] = 1
                    count = -1
                held[key] = count - 1
                shares[index] = 1
    for index in order:
        if not shares[index]:
            continue
        for key in identifier_keys(records[index]):
            if held[key] >= 0:
                continue
            earlier = holders[key]
            # Past a few dozen groups holding one key (an ISBN on 2,000 chapters with their own
            # DOIs), the key tells nothing more: trying every earlier holder made it quadratic.
            for other in earlier[:MOST_HOLDERS_TRIED]:
                if groups.find(other) == groups.find(index):
                    break
                if key.startswith("url:"):
                    # Two works, whatever else shares the address: no third record may bridge them
                    # (a citation of the magazine volume without a page, between two of its articles).
                    apart = [
                        m for m in groups.members_of(other) if _other_work_at_one_address(records[m], records[index])
                    ]
                    for member in apart:
                        groups.keep_apart(member, index)
                    if apart:
                        continue
                if _kept_apart(records[other], records[index], -held[key]):
                    if skipped is not None:
                        skipped.append((other, index, key))
                    continue
                if _join(records, groups, links, other, index, key):
                    break
            if not earlier or groups.find(earlier[-1]) != groups.find(index):
                earlier.append(index)


def _kept_apart(first: Reference, second: Reference, holders: int) -> bool:
    """Two holders of one identifier that are not one work: parts of one whole, or (where exactly two
    hold it) an identifier copied onto the wrong record."""
    return _parts_of_one_whole(first, second) or (holders == 2 and _not_one_work(first, second))


def _join(records: Sequence[Reference], groups: Groups, links: list[Link], one: int, other: int, key: str) -> bool:
    if not groups.union(one, other):
        return False
    scheme = key.split(":", 1)[0]
    first, second = sorted((one, other))
    if scheme == "url":
        detail = f"same web page {key.split(':', 1)[1]}"
    elif scheme == "text":
        detail = "word for word the same reference"
    else:
        detail = f"same {ids.SCHEMES[scheme].label} {_shown(records[first], scheme, key)}"
    links.append(Link(first, second, Evidence("identifier", detail, (key,))))
    return True


def rejoin_skipped(
    records: Sequence[Reference],
    skipped: Skipped,
    groups: Groups,
    links: list[Link],
    representative: Callable[[int], Reference],
) -> bool:
    """Judge the pairs kept apart again on the records their groups merge into, as deduplicating the
    output would: a copied identifier was judged on one member, and the merged record may be the
    work the other cites. (A key two records held is held by at most those two groups.) True when
    any pair joined."""
    joined = False
    for one, other, key in skipped:
        if groups.find(one) == groups.find(other):
            continue
        if not _kept_apart(representative(one), representative(other), 2) and _join(
            records, groups, links, one, other, key
        ):
            joined = True
    return joined


# Parts of a larger work: a book's chapters, an encyclopedia's entries. They often carry the
# whole's DOI or URL (a report's DOI on each of its panels' chapters).
_PART_TYPES: Final = frozenset({"chapter", "entry", "entry-encyclopedia", "entry-dictionary"})
_SAME_PART: Final = 92.0


def _parts_of_one_whole(first: Reference, second: Reference) -> bool:
    """Two parts whose titles differ: a shared identifier is the whole's, not one work's."""
    if first.type not in _PART_TYPES and second.type not in _PART_TYPES:
        return False
    one, other = normalize_title(first.title), normalize_title(second.title)
    if not one or not other:
        return False
    similarity: float = fuzz.ratio(one, other)
    return similarity < _SAME_PART


_UNRELATED_TITLES: Final = 50.0


def _unrelated_titles(one: str, other: str) -> bool:
    """Two normalised titles, both given, with little in common."""
    if not one or not other:
        return False
    similarity: float = fuzz.token_set_ratio(one, other)
    return similarity < _UNRELATED_TITLES


def _other_work_at_one_address(first: Reference, second: Reference) -> bool:
    """Two works at one address (three articles of one magazine volume, each cited with the address
    of the page an editor had open): unrelated titles (neither a placeholder, which is no title at all)
    and years, first authors, containers or pages that disagree (an index page, a site's table of
    contents, a section cited under its own heading agree on all of them)."""
    one, other = normalize_title(first.title), normalize_title(second.title)
    if is_placeholder(one) or is_placeholder(other) or not _unrelated_titles(one, other):
        return False
    if first.issued and second.issued and first.issued.year != second.issued.year:
        return True
    if first.authors and second.authors and family_key(first.authors[0]) != family_key(second.authors[0]):
        return True
    if containers_disagree(first.container_title, second.container_title):
        return True
    pages = [numbers_in(record.page)[:1] for record in (first, second)]
    return bool(pages[0] and pages[1] and pages[0] != pages[1])


def _not_one_work(first: Reference, second: Reference) -> bool:
    """An identifier copied onto the wrong record (a reference manager's slip): the titles have
    little in common and the first authors differ. Joining them would be a false alarm."""
    if not first.authors or not second.authors:
        return False
    if family_key(first.authors[0]) == family_key(second.authors[0]):
        return False
    return _unrelated_titles(normalize_title(first.title), normalize_title(second.title))
