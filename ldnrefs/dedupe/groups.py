"""Union-find over record positions that refuses the unions identifiers or maintainers forbid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final

from ldnrefs import identifiers as ids
from ldnrefs.model import Reference

# Identifiers whose different values mean different works (DOI, PMID, PMCID): never merged.
STRONG_SCHEMES: Final = ids.EXCLUSIVE


class Groups:
    """Union-find over record positions that refuses some unions.

    A union is refused when the two components carry different DOIs, PMIDs or
    PMCIDs, or when it would put a pair the caller declared distinct (a
    maintainer's "not a duplicate" judgement) into one component.
    """

    def __init__(self, records: Sequence[Reference], distinct: Iterable[tuple[int, int]] = ()) -> None:
        self.parent = list(range(len(records)))
        self.apart: dict[int, set[int]] = defaultdict(set)
        self.members: dict[int, list[int]] = {}
        for a, b in distinct:
            if a != b:
                self.apart[a].add(b)
                self.apart[b].add(a)
                self.members.setdefault(a, [a])
                self.members.setdefault(b, [b])
        self.records = records
        # The DOI, PMID and PMCID of each component that has grown beyond one
        # record; a single record's are read from it (a million small dicts
        # would cost hundreds of megabytes).
        self.strong: dict[int, dict[str, str]] = {}

    def _strong(self, root: int) -> dict[str, str]:
        cached = self.strong.get(root)
        if cached is not None:
            return cached
        record_ids = self.records[root].identifiers
        return {scheme: ids.key(scheme, value) for scheme in STRONG_SCHEMES if (value := getattr(record_ids, scheme))}

    def find(self, index: int) -> int:
        root = index
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[index] != root:
            self.parent[index], index = root, self.parent[index]
        return root

    def clash(self, a: int, b: int) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        left, right = self._strong(ra), self._strong(rb)
        if not left or not right:
            return None
        for scheme in STRONG_SCHEMES:
            if scheme in left and scheme in right and left[scheme] != right[scheme]:
                return scheme
        return None

    def _kept_apart(self, ra: int, rb: int) -> bool:
        if not self.apart:
            return False
        left, right = self.members.get(ra, [ra]), self.members.get(rb, [rb])
        return any(other in self.apart.get(member, ()) for member in left for other in right)

    def keep_apart(self, a: int, b: int) -> None:
        """From now on, never put ``a`` and ``b`` into one component (a pair judged two works)."""
        if a != b:
            self.apart[a].add(b)
            self.apart[b].add(a)

    def members_of(self, index: int) -> list[int]:
        """Every record in ``index``'s component (itself alone when it joined none)."""
        root = self.find(index)
        return self.members.get(root, [root])

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.clash(a, b) or self._kept_apart(ra, rb):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] = self.members.get(ra, [ra]) + self.members.pop(rb, [rb])
        combined = self._strong(ra)
        for scheme, value in self._strong(rb).items():
            combined.setdefault(scheme, value)
        self.strong.pop(rb, None)
        if combined:
            self.strong[ra] = combined
        return True
