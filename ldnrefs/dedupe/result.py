"""What deduplication returns: groups of records with their evidence, conflicts and renumbering."""

from __future__ import annotations

from typing import Literal

import attrs

from ldnrefs.dedupe.merge import Conflict
from ldnrefs.model import Reference


@attrs.frozen
class Evidence:
    """Why two records were judged the same work."""

    kind: Literal["identifier", "fuzzy", "related"]
    detail: str
    identifiers: tuple[str, ...] = ()
    title_similarity: float | None = None

    def __str__(self) -> str:
        return self.detail


@attrs.frozen
class Link:
    """One pairwise match, by positions (0-based) in the input."""

    first: int
    second: int
    evidence: Evidence


Relation = Literal["erratum-of", "reply-to", "abstract-of", "registration-of"]


@attrs.frozen
class RelatedLink:
    """Study mode: two records of one study that are not one publication. ``first`` is the related
    item (the erratum, the abstract…), ``second`` the work it belongs to; positions are 0-based."""

    first: int
    second: int
    relation: Relation
    evidence: str

    def __str__(self) -> str:
        return f"{self.relation.replace('-', ' ')}: {self.evidence}"


@attrs.frozen
class DuplicateGroup:
    """Records that cite one work: positions, reference numbers, evidence, merged record, conflicts."""

    positions: tuple[int, ...]
    numbers: tuple[int, ...]
    links: tuple[Link, ...]
    merged: Reference
    conflicts: tuple[Conflict, ...]


@attrs.frozen
class DedupeResult:
    """What :func:`deduplicate` found.

    ``records`` are the unique works, merged, in order of first appearance;
    ``renumbering`` maps each old reference number to its new one.
    """

    records: tuple[Reference, ...]
    groups: tuple[DuplicateGroup, ...]
    old_numbers: tuple[int, ...]
    """The reference number of each input record (its list number, or position + 1)."""
    new_numbers: tuple[int, ...]
    """The number each input record has after merging."""
    conflicts: tuple[Conflict, ...]
    related: tuple[RelatedLink, ...] = ()
    """Study mode: records of one study that are not one publication, each with its relation."""

    @property
    def renumbering(self) -> tuple[tuple[int, int], ...]:
        """(old number, new number) for each input record, in input order."""
        return tuple(zip(self.old_numbers, self.new_numbers, strict=True))

    @property
    def mapping(self) -> dict[int, int]:
        """Old reference number → new reference number."""
        return dict(zip(self.old_numbers, self.new_numbers, strict=True))
