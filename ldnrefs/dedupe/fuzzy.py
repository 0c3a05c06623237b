"""The second pass: compare records inside their blocks, then merged groups again until nothing joins."""

from __future__ import annotations

import functools
from array import array
from collections.abc import Callable, Sequence

from ldnrefs.dedupe.blocking import BlockingKeys, blocking_keys, canonical_order, split_block
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
    blocks: Callable[[int], list[list[int]]],
    groups: Groups,
    links: list[Link],
    settings: Settings,
    *,
    positions: Sequence[int] | None = None,
    focus: set[int] | None = None,
    contradicted: Callable[[int, int], bool] | None = None,
) -> int:
    """Compare records that share a blocking key; returns the number of new unions.

    ``features[i]`` stands for input position ``positions[i]`` (a group's merged
    record stands for its first member); ``blocks(kind)`` gives the indices that
    share a key of that kind (author keys, then title keys: only one table is
    in memory at a time). With ``focus``, only pairs with a member in it are
    compared. ``contradicted(x, y)`` says whether the groups of two input
    records cannot be one work: a pair that matches is not joined when its groups
    contradict each other (a journal article and the conference paper of the same
    title, each matching a record that gives no pages).
    """
    where = positions if positions is not None else range(len(features))
    unions = 0
    for kind in (0, 1):
        seen: set[tuple[int, int]] = set()
        for members in blocks(kind):
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
                        if evidence is None or (
                            contradicted is not None and contradicted(where[pair[0]], where[pair[1]])
                        ):
                            continue
                        if groups.union(where[pair[0]], where[pair[1]]):
                            first, second = sorted((where[pair[0]], where[pair[1]]))
                            links.append(Link(first, second, evidence))
                            unions += 1
    return unions


def ranks(order: Sequence[int]) -> array[int]:
    """The position of each index in ``order``."""
    rank = array("i", [0]) * len(order)
    for position, index in enumerate(order):
        rank[index] = position
    return rank


def _focus_blocks(
    key_index: BlockingKeys,
    fresh: dict[int, tuple[list[str], list[str]]],
    slot_of: Sequence[int],
    rank: Sequence[int],
    kind: int,
) -> list[list[int]]:
    hashed = {slot: [hash(key) for key in keys[kind]] for slot, keys in fresh.items()}
    return key_index.focus_blocks(kind, slot_of, hashed, rank)


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
    order: Sequence[int],
    skipped: Skipped | None = None,
    contradicted: Callable[[int, int], bool] | None = None,
) -> dict[int, list[int]]:
    """Compare merged groups again until nothing changes; returns the final groups.

    A merged record combines its members' fields and may match a record that
    none of its members matched. Repeating until nothing joins makes the result
    stable: deduplicating it again finds nothing more. ``order`` is the first
    pass's canonical order of all records.
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
        slot_of = array("i", [-1]) * len(records)  # -1 too for a merged group: its record's keys are not its own
        representatives = [features[root] for root in roots]
        focus = set()
        for slot, root in enumerate(roots):
            if root in members:
                representatives[slot] = Features(merged(members[root])[0])
                focus.add(slot)
            else:
                slot_of[root] = slot
        # The first pass's order, in slots, with the merged records at the end: nearly sorted
        # already, so the canonical order costs a merge of two runs rather than a full sort.
        hint = [slot for index in order if (slot := slot_of[index]) >= 0]
        hint.extend(sorted(focus, key=lambda slot: representatives[slot].title))
        rank = ranks(canonical_order(representatives, hint))
        fresh = {slot: blocking_keys(representatives[slot]) for slot in focus}
        blocks = functools.partial(_focus_blocks, key_index, fresh, slot_of, rank)

        joined = match_fuzzy(
            representatives,
            blocks,
            groups,
            links,
            settings,
            positions=roots,
            focus=focus,
            contradicted=contradicted,
        )
        if not joined and not rejoined:
            break
        members = members_by_root(groups, len(records))
    return members
