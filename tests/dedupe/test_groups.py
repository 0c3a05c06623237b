"""The union-find refuses unions that different registry identifiers or a maintainer forbid."""

from __future__ import annotations

import ldnrefs
from ldnrefs.dedupe import deduplicate
from ldnrefs.model import Identifiers
from tests.conftest import SEED
from tests.dedupe import article


def test_different_dois_never_merge_even_through_a_third_record() -> None:
    """A shares a PMID with B and C, but B and C carry different DOIs: B and C stay apart."""
    a = article("Opioid growth factor", identifiers=Identifiers(pmid="1"))
    b = article("Opioid growth factor", identifiers=Identifiers(pmid="1", doi="10.1000/b"))
    c = article("Opioid growth factor", identifiers=Identifiers(pmid="1", doi="10.1000/c"))
    result = deduplicate([a, b, c])
    assert [group.positions for group in result.groups] == [(0, 1)]
    assert len(result.records) == 2


def test_distinct_pairs_are_never_joined() -> None:
    """A maintainer's 'not a duplicate' pair is respected, also transitively."""
    records = list(ldnrefs.read(SEED))
    result = deduplicate(records, distinct=[(0, 8)])
    assert [group.numbers for group in result.groups] == [(2, 8), (5, 16)]
