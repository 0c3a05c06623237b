"""Deduplication: identifier and fuzzy matching, guards against look-alikes, merging, properties."""

from __future__ import annotations

import json
import random

from hypothesis import given, settings
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.dedupe import deduplicate
from ldnrefs.model import Date, Identifiers, Name, Reference
from tests.conftest import DATA, SEED

CASES = DATA / "dedupe" / "cases.txt"
EXPECTED = json.loads((DATA / "dedupe" / "expected.json").read_text(encoding="utf-8"))


def test_seed_has_exactly_three_duplicate_pairs() -> None:
    """The seed gives {1, 9}, {2, 8}, {5, 16} and 15 unique works."""
    result = deduplicate(ldnrefs.read(SEED))
    assert [group.numbers for group in result.groups] == [(1, 9), (2, 8), (5, 16)]
    assert len(result.records) == 15
    assert result.mapping == {
        1: 1,
        2: 2,
        3: 3,
        4: 4,
        5: 5,
        6: 6,
        7: 7,
        8: 2,
        9: 1,
        10: 8,
        11: 9,
        12: 10,
        13: 11,
        14: 12,
        15: 13,
        16: 5,
        17: 14,
        18: 15,
    }


def test_labelled_cases_find_every_true_pair_and_merge_no_look_alike() -> None:
    """35 entries: each matching case found, each look-alike kept apart (see expected.json for why)."""
    result = deduplicate(ldnrefs.read(CASES))
    assert [list(group.numbers) for group in result.groups] == EXPECTED["groups"]


def test_evidence_names_the_identifier_or_the_fuzzy_fields() -> None:
    """Evidence says which identifier matched, or which fields and how similar."""
    result = deduplicate(ldnrefs.read(CASES))
    evidence = {group.numbers: [str(link.evidence) for link in group.links] for group in result.groups}
    assert evidence[(1, 2)] == ["same DOI 10.1007/s10067-014-2517-2"]
    assert evidence[(3, 4, 5)] == ["same DOI 10.1007/s11916-020-00898-0", "same PMID 32845365"]
    assert evidence[(14, 15)] == ["same ISBN 9780007350742"]
    assert evidence[(10, 11)] == [
        "title 0.98 similar, first author Zagon, year 2008, volume 20, issue 9, first page 2218"
    ]
    fuzzy = next(link.evidence for group in result.groups if group.numbers == (12, 13) for link in group.links)
    assert fuzzy.kind == "fuzzy"
    assert fuzzy.title_similarity == 1.0


titles = st.sampled_from(
    [
        "Low-dose naltrexone for chronic pain",
        "Low dose naltrexone for chronic pain",
        "Opioid growth factor and cancer",
        "Opioid growth factor and cancer: Part II",
        "Correction to: Opioid growth factor and cancer",
        "Naltrexone in Crohn's disease",
    ]
)
records_strategy = st.builds(
    Reference,
    type=st.just("article-journal"),
    title=titles,
    authors=st.sampled_from([(Name("Zagon", "I."),), (Name("Smith", "J."),), ()]),
    issued=st.sampled_from([Date(2003), Date(2004), Date(2010), None]),
    volume=st.sampled_from([None, "1", "2"]),
    identifiers=st.builds(
        Identifiers,
        doi=st.sampled_from([None, "10.1000/a", "10.1000/A", "10.1000/b"]),
        pmid=st.sampled_from([None, "1", "2"]),
    ),
)


@settings(max_examples=150)
@given(st.lists(records_strategy, max_size=12))
def test_deduplication_is_idempotent(records: list[Reference]) -> None:
    """Deduplicating the output finds nothing more."""
    once = deduplicate(records)
    twice = deduplicate(once.records)
    assert twice.groups == ()
    assert len(twice.records) == len(once.records)


@settings(max_examples=150)
@given(st.lists(records_strategy, max_size=12), st.randoms(use_true_random=False))
def test_grouping_does_not_depend_on_input_order(records: list[Reference], rng: random.Random) -> None:
    """Shuffling the input gives the same partition into works."""
    order = list(range(len(records)))
    rng.shuffle(order)
    shuffled = [records[i] for i in order]

    def partition(result: ldnrefs.dedupe.DedupeResult, mapping: list[int]) -> set[frozenset[int]]:
        return {frozenset(mapping[p] for p in group.positions) for group in result.groups}

    identity = list(range(len(records)))
    assert partition(deduplicate(records), identity) == partition(deduplicate(shuffled), order)


def test_labelled_stroke_set_keeps_precision_and_recall() -> None:
    """bib-dedupe's stroke set (1,292 records): pairwise precision ≥ 0.99 and recall ≥ 0.95."""
    import sys

    sys.path.insert(0, str(DATA.parents[1] / "benchmarks"))
    import dedupe_labelled

    records, truth = dedupe_labelled.load_bib_dedupe("stroke")
    figures = dedupe_labelled.evaluate("stroke", records, truth, errors=0)
    assert figures["precision"] >= 0.99
    assert figures["recall"] >= 0.95


def test_numbers_are_list_numbers_or_positions() -> None:
    """Records from a numbered list keep their numbers; records without one are numbered by position."""
    seed = deduplicate(ldnrefs.read(SEED))
    assert seed.renumbering[:10] == ((1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 2), (9, 1), (10, 8))
    same = Reference(title="One work", identifiers=Identifiers(doi="10.1000/x"))
    plain = deduplicate([Reference(title="Another work"), same, same])
    assert plain.renumbering == ((1, 1), (2, 2), (3, 2))
    assert plain.groups[0].numbers == (2, 3)


def test_a_copied_identifier_is_judged_again_on_the_merged_record() -> None:
    """Found by hypothesis: a PMID held by an unrelated-looking record (another title, another author)
    was kept apart as a copied identifier, but the group that record merged into carries the other
    record's title: deduplicating the output joined them. The pair is judged again on the merged
    records, as a second run would, so one run finds everything."""

    def record(title: str, family: str, doi: str | None = None, pmid: str | None = None) -> Reference:
        return Reference(
            type="article-journal",
            title=title,
            authors=(Name(family=family, given=family[0] + "."),),
            issued=Date(2003),
            identifiers=Identifiers(doi=doi, pmid=pmid),
        )

    title = "Low-dose naltrexone for chronic pain"
    records = [
        record(title, "Zagon"),
        record(title, "Zagon", doi="10.1000/a"),
        record(title, "Smith", pmid="1"),
        record("Opioid growth factor and cancer", "Zagon", doi="10.1000/a", pmid="1"),
    ]
    once = deduplicate(records)
    assert deduplicate(once.records).groups == ()
