"""Blocking: which records are compared at all, so that the work grows about linearly."""

from __future__ import annotations

import operator
from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import compress, count, filterfalse, islice, repeat

from ldnrefs import identifiers as ids
from ldnrefs.dedupe.features import Features
from ldnrefs.normalize import STOP_WORDS


def blocking_keys(features: Features) -> tuple[list[str], list[str]]:
    """Records are compared only when they share one of these keys.

    Author keys: first author + year, and + year + 1, so a year apart still
    meets. Title keys: the first (up to) three and the last three significant title words,
    so a typo, a different author spelling or a missing year still meets on
    one of them.
    """
    author_keys = []
    if features.family and features.year is not None:
        author_keys = [f"{features.family}{features.year}", f"{features.family}{features.year + 1}"]
    words = list(filterfalse(STOP_WORDS.__contains__, features.title.split()))
    title_keys = []
    if words:
        # A one-word title gets its word: such records are compared (and kept apart by the rules).
        title_keys.append(" ".join(words[:3]))
    if len(words) >= 4:
        title_keys.append("~" + " ".join(words[-3:]))
    return author_keys, title_keys


def split_block(members: list[int], features: Sequence[Features], limit: int) -> Iterable[list[int]]:
    if len(members) <= limit:
        yield members
        return
    by_start: dict[str, list[int]] = defaultdict(list)
    for index in members:
        by_start[features[index].title[:2]].append(index)
    for group in by_start.values():
        if len(group) > 1:
            yield group[:limit]


class BlockingKeys:
    """The blocking keys of every record, hashed to ints and packed in arrays.

    Computed once and reused by both blocking passes and by the pass over
    merged groups; a million records take about 50 MB here instead of the
    several hundred that lists of key strings would. Each kind (author keys,
    title keys) is one flat array of keys, laid out in the canonical order of
    the records, with the record that holds each key beside it.
    """

    def __init__(self, features: Sequence[Features], order: Sequence[int]) -> None:
        self.flat = (array("q"), array("q"))
        self.owner = (array("i"), array("i"))
        author_keys, title_keys = self.flat
        author_owner, title_owner = self.owner
        for index in order:
            authors, titles = blocking_keys(features[index])
            author_keys.extend(map(hash, authors))
            author_owner.extend(repeat(index, len(authors)))
            title_keys.extend(map(hash, titles))
            title_owner.extend(repeat(index, len(titles)))

    def blocks(self, kind: int) -> list[list[int]]:
        """The records that share a key of ``kind``, each block in canonical order.

        Blocks come in the order of their first record, then of that record's
        keys, so the order in which pairs are compared (and so which unions
        win) does not depend on the input order. A key held once costs no list.
        """
        table: dict[int, int | list[int]] = {}
        for key, index in zip(self.flat[kind], self.owner[kind], strict=True):
            held = table.get(key)
            if held is None:
                table[key] = index
            elif isinstance(held, int):
                table[key] = [held, index]
            else:
                held.append(index)
        return [held for held in table.values() if isinstance(held, list)]

    def focus_blocks(
        self, kind: int, slot_of: Sequence[int], fresh: dict[int, list[int]], rank: Sequence[int]
    ) -> list[list[int]]:
        """Blocks of the pass over merged groups, in slots: every block holding a ``fresh`` key.

        ``slot_of[index]`` is the slot of a record that stands for itself (-1 for
        the members of merged groups: their merged record stands for them);
        ``fresh[slot]`` the hashed keys of a merged group's record; ``rank[slot]``
        its place in the canonical order of the slots. Ordered as :meth:`blocks`
        orders them.
        """
        wanted = {key for keys in fresh.values() for key in keys}
        table: dict[int, list[tuple[int, int, int]]] = {}
        if wanted:
            owner = self.owner[kind]
            # A record's keys lie side by side in key order: the entry orders them.
            for entry, key in enumerate(self.flat[kind]):
                if key in wanted and (slot := slot_of[owner[entry]]) >= 0:
                    table.setdefault(key, []).append((rank[slot], entry, slot))
            for slot, keys in fresh.items():
                for within, key in enumerate(keys):
                    table.setdefault(key, []).append((rank[slot], within, slot))
        shared = [sorted(held) for held in table.values() if len(held) > 1]
        shared.sort(key=lambda held: held[0][:2])
        return [[slot for _, _, slot in held] for held in shared]


def canonical_order(features: Sequence[Features], hint: Iterable[int] | None = None) -> list[int]:
    """Positions sorted by content, so that matching decisions do not depend on input order.

    Sorted by folded title first (no tuple per record); runs of equal titles
    are then ordered by their remaining content. ``hint``, every position in an
    order close to the result, only makes the sort faster: the result is the same.
    """
    titles = [feature.title for feature in features]
    order = sorted(range(len(features)) if hint is None else hint, key=titles.__getitem__)
    in_order = list(map(titles.__getitem__, order))
    # Where a title equals the one before it (compared in C; most titles are unique).
    repeats = compress(count(1), map(operator.eq, in_order, islice(in_order, 1, None)))
    for start, end in _runs(repeats):
        order[start:end] = sorted(order[start:end], key=lambda index: _content(features[index], index))
    return order


def _runs(repeats: Iterable[int]) -> Iterable[tuple[int, int]]:
    """(start, end) of each run of equal titles, from the ascending positions that repeat the one before."""
    start = end = -1
    for position in repeats:
        if position != end:
            if end > start:
                yield start, end
            start = position - 1
        end = position + 1
    if end > start:
        yield start, end


def _content(feature: Features, index: int) -> tuple[object, ...]:
    """Everything matching looks at, to order records that share a title."""
    record = feature.record
    found = record.identifiers
    first = record.authors[0] if record.authors else None
    return (
        ids.key_form("doi", found.doi or ""),
        found.pmid or "",
        found.pmcid or "",
        record.issued.parts() if record.issued else [],
        feature.family,
        (first.given or "") if first else "",
        len(record.authors),
        record.volume or "",
        record.issue or "",
        record.page or "",
        record.container_title or "",
        record.title or "",
        index,
    )
