"""Blocking: which records are compared at all, so that the work grows about linearly."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Sequence

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
    words = [word for word in features.title.split() if word not in STOP_WORDS]
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
    merged groups; a million records take about 40 MB here instead of the
    several hundred that lists of key strings would.
    """

    def __init__(self, features: Sequence[Features]) -> None:
        self.flat = (array("q"), array("q"))
        self.start = (array("q", [0]), array("q", [0]))
        for feature in features:
            for kind, keys in enumerate(blocking_keys(feature)):
                self.flat[kind].extend(hash(key) for key in keys)
                self.start[kind].append(len(self.flat[kind]))

    def of(self, kind: int, index: int) -> array[int]:
        return self.flat[kind][self.start[kind][index] : self.start[kind][index + 1]]


def shared_key_blocks(keyed: Iterable[tuple[int, Iterable[int]]], wanted: set[int] | None) -> list[list[int]]:
    """Lists of indices that share a key, built without keeping one list per record.

    A key seen once maps to its index (an int); only a second holder turns it
    into a list. At a million records this halves the memory of blocking.
    """
    table: dict[int, int | list[int]] = {}
    for index, keys in keyed:
        for key in keys:
            if wanted is not None and key not in wanted:
                continue
            held = table.get(key)
            if held is None:
                table[key] = index
            elif isinstance(held, int):
                table[key] = [held, index]
            else:
                held.append(index)
    return [held for held in table.values() if isinstance(held, list)]


def canonical_order(features: Sequence[Features]) -> list[int]:
    """Positions sorted by content, so that matching decisions do not depend on input order.

    Sorted by folded title first (no tuple per record); runs of equal titles
    are then ordered by their remaining content.
    """
    titles = [feature.title for feature in features]
    order = sorted(range(len(features)), key=titles.__getitem__)
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or titles[order[end]] != titles[order[start]]:
            if end - start > 1:
                order[start:end] = sorted(order[start:end], key=lambda index: _content(features[index], index))
            start = end
    return order


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
