"""The second pass: compare records inside their blocks, then merged groups again until nothing joins."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence

from ldnrefs.dedupe.blocking import BlockingKeys, blocking_keys, canonical_order, shared_key_blocks, split_block
from ldnrefs.dedupe.by_identifier import Skipped, rejoin_skipped
from ldnrefs.dedupe.features import Features
from ldnrefs.dedupe.groups import Groups
from ldnrefs.dedupe.merge import Conflict
from ldnrefs.dedupe.result import Link
from ldnrefs.dedupe.rules import compare
from ldnrefs.dedupe.settings import Settings
from ldnrefs.model import Reference


def match_fuzzy(
    features: Sequence[Features],
    order: Sequence[int],
    groups: Groups,
    links: list[Link],
    settings: Settings,
    *,
    keys: Callable[[int, int], Iterable[int]],
    positions: Sequence[int] | None = None,
    focus: set[int] | None = None,
) -> int:
    """Compare records that share a blocking key; returns the number of new unions.

    ``features[i]`` stands for input position ``positions[i]`` (a group's merged
    record stands for its first member); ``keys(kind, i)`` gives its hashed
    blocking keys. With ``focus``, only blocks holding a member of it are
    built, and only pairs with a member in it compared. Author keys and title
    keys are blocked in two passes, so only one table is in memory at a time.
    """
    where = positions if positions is not None else range(len(features))
    unions = 0
    for kind in (0, 1):
        wanted = None
        if focus is not None:
            wanted = {key for index in focus for key in keys(kind, index)}
            if not wanted:
                continue
        blocks = shared_key_blocks(((index, keys(kind, index)) for index in order), wanted)
        seen: set[tuple[int, int]] = set()
        for members in blocks:
            for chunk in split_block(members, features, settings.max_block_size):
                for offset, a in enumerate(chunk):
                    for b in chunk[offset + 1 :]:
                        if focus is not None and a not in focus and b not in focus:
                            continue
                        pair = (a, b) if a < b else (b, a)
                        if groups.find(where[a]) == groups.find(where[b]) or pair in seen:
                            continue
                        seen.add(pair)
                        evidence = compare(features[pair[0]], features[pair[1]], settings)
                        if evidence is not None and groups.union(where[pair[0]], where[pair[1]]):
                            first, second = sorted((where[pair[0]], where[pair[1]]))
                            links.append(Link(first, second, evidence))
                            unions += 1
    return unions


def _representative_keys(
    fresh: dict[int, tuple[list[str], list[str]]], roots: Sequence[int], key_index: BlockingKeys, kind: int, slot: int
) -> Iterable[int]:
    """Blocking keys of a representative: fresh for a merged group, cached for a single record."""
    if slot in fresh:
        return [hash(key) for key in fresh[slot][kind]]
    return key_index.of(kind, roots[slot])


def members_by_root(groups: Groups, count: int) -> dict[int, list[int]]:
    """Members of every group of two or more, by root (single records are left out)."""
    roots = [groups.find(index) for index in range(count)]
    by_root = sorted(range(count), key=roots.__getitem__)
    members: dict[int, list[int]] = {}
    start = 0
    for end in range(1, count + 1):
        if end == count or roots[by_root[end]] != roots[by_root[start]]:
            if end - start > 1:
                members[roots[by_root[start]]] = sorted(by_root[start:end])
            start = end
    return members


def refine(
    records: Sequence[Reference],
    features: Sequence[Features],
    key_index: BlockingKeys,
    members: dict[int, list[int]],
    groups: Groups,
    links: list[Link],
    settings: Settings,
    merged: Callable[[list[int]], tuple[Reference, list[Conflict]]],
    skipped: Skipped | None = None,
) -> dict[int, list[int]]:
    """Compare merged groups again until nothing changes; returns the final groups.

    A merged record combines its members' fields and may match a record that
    none of its members matched. Repeating until nothing joins makes the result
    stable: deduplicating it again finds nothing more.
    """
    for _ in range(10):
        if not members:
            break

        def representative(position: int, members: dict[int, list[int]] = members) -> Reference:
            root = groups.find(position)
            return merged(members[root])[0] if root in members else records[position]

        rejoined = bool(skipped) and rejoin_skipped(records, skipped or [], groups, links, representative)
        if rejoined:
            members = members_by_root(groups, len(records))
        in_group = {position for positions in members.values() for position in positions}
        roots = [index for index in range(len(records)) if index not in in_group or index in members]
        representatives = [features[root] for root in roots]
        focus = set()
        for slot, root in enumerate(roots):
            if root in members:
                representatives[slot] = Features(merged(members[root])[0])
                focus.add(slot)
        rep_order = canonical_order(representatives)
        fresh = {slot: blocking_keys(representatives[slot]) for slot in focus}
        rep_keys = functools.partial(_representative_keys, fresh, roots, key_index)
        if (
            not match_fuzzy(
                representatives, rep_order, groups, links, settings, keys=rep_keys, positions=roots, focus=focus
            )
            and not rejoined
        ):
            break
        members = members_by_root(groups, len(records))
    return members
