"""Deduplication: identifier and fuzzy matching, guards against look-alikes, merging, properties."""

from __future__ import annotations

import json
import random

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.dedupe import deduplicate, guard
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


def test_seed_merge_keeps_richest_values_and_reports_the_date_conflict() -> None:
    """Younger 2014: the day-precise date, the full page range, all identifiers; the dates disagree."""
    result = deduplicate(ldnrefs.read(SEED))
    younger = result.records[0]
    assert younger.issued == Date(2014, 2, 15)
    assert younger.page == "451-459"
    assert younger.identifiers.pmcid == "PMC3962576"
    assert younger.identifiers.issn == ("0770-3198",)
    assert younger.publisher == "Springer Science and Business Media LLC"
    assert dict(younger.extra)["merged-from"] == [1, 9]
    [conflict] = result.groups[0].conflicts
    assert (conflict.field, conflict.values, conflict.kept) == (
        "issued",
        ((1, "2014-02-15"), (9, "2014-04")),
        "2014-02-15",
    )
    kim = result.records[1]
    assert kim.issued == Date(2020, 8, 26)
    assert kim.identifiers.s2cid == "221310708"
    assert result.groups[1].conflicts == ()


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


def test_merge_prefers_full_given_names_and_reports_author_list_differences() -> None:
    """'Smith JP' and 'Smith, Jill P.': the full given names are kept; the differing lists are reported."""
    result = deduplicate(ldnrefs.read(CASES))
    group = next(group for group in result.groups if group.numbers == (8, 9))
    assert group.merged.authors[0] == Name("Smith", "Jill P.")
    assert [conflict.field for conflict in group.conflicts] == ["authors"]
    assert group.merged.container_title == "The American Journal of Gastroenterology"
    assert group.merged.page == "820-828"


def _article(title: str, doi: str | None = None, **changes: object) -> Reference:
    base = Reference(
        type="article-journal",
        title=title,
        authors=(Name("Zagon", "I. S."), Name("McLaughlin", "P. J.")),
        issued=Date(2003),
        container_title="Neuropeptides",
        identifiers=Identifiers(doi=doi),
    )
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        pytest.param("Opioids and cancer", "Correction to: Opioids and cancer", "correction", id="correction"),
        pytest.param("Opioids and cancer", "Erratum: Opioids and cancer", "correction", id="erratum"),
        pytest.param("LDN in fibromyalgia: study protocol", "LDN in fibromyalgia: a trial", "protocol", id="protocol"),
        pytest.param("Opioids and cancer, Part 1", "Opioids and cancer, Part 2", "numbers", id="part-arabic"),
        pytest.param("Opioids: phase II trial", "Opioids: phase III trial", "numbers", id="phase-roman"),
        pytest.param("Guideline update 2019", "Guideline update 2020", "numbers", id="year-in-title"),
    ],
)
def test_guards_keep_look_alikes_apart(first: str, second: str, reason: str) -> None:
    """Notices, protocols and numbered parts never merge with their look-alikes."""
    message = guard(_article(first), _article(second))
    assert message is not None
    assert reason in message
    assert deduplicate([_article(first), _article(second)]).groups == ()


def test_different_dois_never_merge_even_through_a_third_record() -> None:
    """A shares a PMID with B and C, but B and C carry different DOIs: B and C stay apart."""
    a = _article("Opioid growth factor", identifiers=Identifiers(pmid="1"))
    b = _article("Opioid growth factor", identifiers=Identifiers(pmid="1", doi="10.1000/b"))
    c = _article("Opioid growth factor", identifiers=Identifiers(pmid="1", doi="10.1000/c"))
    result = deduplicate([a, b, c])
    assert [group.positions for group in result.groups] == [(0, 1)]
    assert len(result.records) == 2


def test_distinct_pairs_are_never_joined() -> None:
    """A maintainer's 'not a duplicate' pair is respected, also transitively."""
    records = list(ldnrefs.read(SEED))
    result = deduplicate(records, distinct=[(0, 8)])
    assert [group.numbers for group in result.groups] == [(2, 8), (5, 16)]


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
