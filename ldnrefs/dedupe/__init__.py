"""Find works cited more than once, explain why, and merge them.

Two passes, as in most reference managers and in bib-dedupe:

1. **Identifiers.** Records that share a DOI, PMID, PMCID, arXiv id or (for
   books) an ISBN join one group, transitively, through a union-find. Two
   records whose DOIs, PMIDs or PMCIDs *differ* are never joined, even through
   a third record: a conflict between registries' identifiers means different
   works (or an error worth a human's eyes), not the same work.
2. **Fuzzy matching** for everything else, inside *blocks* so that the work
   grows about linearly: records are compared only with records that share a
   blocking key (first author + year, or the first significant title words).
   A pair matches when the normalised titles are similar enough, the first
   authors agree, the years differ by at most one, volume / issue / first page
   agree where both have them, and no *guard* fires.

Guards keep look-alikes apart: a correction, erratum, retraction, reply or
comment and the article it concerns; a trial protocol and the trial's results;
Part I and Part II (any differing number in the titles); two chapters of one
book (a shared ISBN alone joins only whole books).

Study mode (:data:`STUDY`) also links the records of one study that are not
one publication — an erratum, a reply, a conference abstract, the trial's
registration — naming each relation (``DedupeResult.related``).

Merging keeps the richest value of each field (full given names over
initials, a day-precise date over a month, an unabbreviated page range or
journal title), keeps every identifier, and reports every field on which the
members disagree as a :class:`Conflict`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import attrs

from ldnrefs._alloc import collector_paused
from ldnrefs.dedupe.blocking import BlockingKeys, canonical_order
from ldnrefs.dedupe.by_identifier import Skipped, match_identifiers
from ldnrefs.dedupe.features import Features
from ldnrefs.dedupe.fuzzy import match_fuzzy, members_by_root, refine
from ldnrefs.dedupe.groups import Groups
from ldnrefs.dedupe.merge import Conflict, merge
from ldnrefs.dedupe.related import find_related
from ldnrefs.dedupe.result import DedupeResult, DuplicateGroup, Evidence, Link, RelatedLink
from ldnrefs.dedupe.rules import contradict, guard
from ldnrefs.dedupe.settings import DEFAULT_SETTINGS, STUDY, SYSTEMATIC_REVIEW, Settings
from ldnrefs.model import Reference

__all__ = [
    "DEFAULT_SETTINGS",
    "STUDY",
    "SYSTEMATIC_REVIEW",
    "Conflict",
    "DedupeResult",
    "DuplicateGroup",
    "Evidence",
    "Link",
    "RelatedLink",
    "Settings",
    "deduplicate",
    "guard",
    "merge",
]


def deduplicate(
    records: Sequence[Reference],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    distinct: Iterable[tuple[int, int]] = (),
) -> DedupeResult:
    """Find the works ``records`` cite more than once and merge them.

    :param settings: matching thresholds (see :class:`Settings`).
    :param distinct: pairs of positions (0-based) judged *not* to be the same
        work; they never end up in one group, directly or through others.
    :returns: the unique records (merged, in order of first appearance), the
        duplicate groups with their evidence and conflicts, and the mapping
        from old reference numbers to new ones.
    """
    # Matching allocates a few objects per record and keeps them to the end; none makes a
    # cycle. The cyclic collector would re-examine them all, again and again: a fifth of
    # the time at 300,000 records.
    with collector_paused():
        return _deduplicate(list(records), settings, distinct)


def _contradiction_test(
    features: Sequence[Features],
    groups: Groups,
    merged: Callable[[list[int]], tuple[Reference, list[Conflict]]],
    settings: Settings,
) -> Callable[[int, int], bool]:
    """Whether the groups of two records cannot be one work. A group stands for its merged record,
    as it does in the passes after the first: a record that says less (no pages) cannot bridge two
    that disagree (a conference paper and the journal article of the same title), and
    deduplicating the output finds nothing more."""

    made: dict[tuple[int, ...], Features] = {}

    def group_features(members: list[int]) -> Features:
        if len(members) == 1:
            return features[members[0]]
        key = tuple(sorted(members))
        if key not in made:
            made[key] = Features(merged(list(key))[0])
        return made[key]

    def contradicted(one: int, other: int) -> bool:
        left, right = groups.members_of(one), groups.members_of(other)
        if len(left) == 1 and len(right) == 1:
            return False  # the pair itself was just compared
        return contradict(group_features(left), group_features(right), settings)

    return contradicted


def _deduplicate(records: list[Reference], settings: Settings, distinct: Iterable[tuple[int, int]]) -> DedupeResult:
    groups = Groups(records, distinct)
    links: list[Link] = []
    features = [Features(record) for record in records]
    order = canonical_order(features)
    skipped: Skipped = []
    match_identifiers(records, order, groups, links, skipped)
    key_index = BlockingKeys(features, order)

    merged_cache: dict[tuple[int, ...], tuple[Reference, list[Conflict]]] = {}
    related_items: set[int] = set()

    def merged(positions: list[int]) -> tuple[Reference, list[Conflict]]:
        key = tuple(positions)
        if key not in merged_cache:
            # A study's erratum, abstract or registration joins it (merge_related) without lending
            # its title, container or pages: the work's own members make the merged record.
            work = [p for p in positions if p not in related_items] or positions
            record, conflicts = merge([records[p] for p in work], [records[p].reference_number(p) for p in work])
            if len(work) < len(positions):
                numbers = [records[p].reference_number(p) for p in positions]
                extra = {**dict(record.extra), "merged-from": numbers}
                record = attrs.evolve(record, extra=tuple(extra.items()))
            merged_cache[key] = (record, conflicts)
        return merged_cache[key]

    contradicted = _contradiction_test(features, groups, merged, settings)
    match_fuzzy(features, key_index.blocks, groups, links, settings, contradicted=contradicted)
    members = members_by_root(groups, len(records))
    members = refine(
        records, features, key_index, members, groups, links, settings, merged, order, skipped, contradicted
    )
    related: list[RelatedLink] = []
    if settings.link_related:
        related = find_related(records, features, key_index, groups, settings.max_block_size)
        if settings.merge_related:
            related_items.update(relation.first for relation in related)
            for relation in related:
                if groups.union(relation.first, relation.second):
                    first, second = sorted((relation.first, relation.second))
                    links.append(Link(first, second, Evidence("related", str(relation))))
            members = members_by_root(groups, len(records))
    # Matching is over: free its tables before the results are built, so the
    # peak memory is the larger of the two phases rather than their sum.
    del features, key_index, order, contradicted
    links_by_root: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        links_by_root[groups.find(link.first)].append(link)
    unique: list[Reference] = []
    found: list[DuplicateGroup] = []
    all_conflicts: list[Conflict] = []
    old_numbers: list[int] = []
    new_numbers: list[int] = []
    new_number = [0] * len(records)  # by root position; a list, not a dict, at a million records
    for index, record in enumerate(records):
        root = groups.find(index)
        number = new_number[root]
        if not number:
            number = new_number[root] = len(unique) + 1
            positions = members.get(root)
            if positions is None:
                unique.append(record)
            else:
                record_merged, conflicts = merged(positions)
                unique.append(record_merged)
                found.append(
                    DuplicateGroup(
                        tuple(positions),
                        tuple(records[p].reference_number(p) for p in positions),
                        tuple(sorted(links_by_root[root], key=lambda link: (link.second, link.first))),
                        record_merged,
                        tuple(conflicts),
                    )
                )
                all_conflicts.extend(conflicts)
        old_numbers.append(record.reference_number(index))
        new_numbers.append(number)
    return DedupeResult(
        tuple(unique), tuple(found), tuple(old_numbers), tuple(new_numbers), tuple(all_conflicts), tuple(related)
    )
