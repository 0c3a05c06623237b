"""Merging the records of one work: the richest value of each field, every conflict reported."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.dedupe import deduplicate
from ldnrefs.dedupe.merge import merge
from ldnrefs.model import Date, Identifiers, Name, Reference
from ldnrefs.normalize import family_key
from tests.conftest import DATA, SEED

CASES = DATA / "dedupe" / "cases.txt"


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


def test_merge_prefers_full_given_names_and_reports_author_list_differences() -> None:
    """'Smith JP' and 'Smith, Jill P.': the full given names are kept; the differing lists are reported."""
    result = deduplicate(ldnrefs.read(CASES))
    group = next(group for group in result.groups if group.numbers == (8, 9))
    assert group.merged.authors[0] == Name("Smith", "Jill P.")
    assert [conflict.field for conflict in group.conflicts] == ["authors"]
    assert group.merged.container_title == "The American Journal of Gastroenterology"
    assert group.merged.page == "820-828"


def test_merging_keeps_every_co_author() -> None:
    """ "Younger J, Parkitny L, McLain D" and "Younger, Jarred": three authors, the first with his given name."""
    short = Reference(
        type="article-journal",
        title="The use of LDN",
        authors=(Name("Younger", "J."), Name("Parkitny", "L."), Name("McLain", "D.")),
    )
    full_first = Reference(type="article-journal", title="The use of LDN", authors=(Name("Younger", "Jarred"),))
    for members in ([short, full_first], [full_first, short]):
        merged, _ = merge(members, [1, 2])
        assert [str(name) for name in merged.authors] == ["Younger, Jarred", "Parkitny, L.", "McLain, D."]


def test_an_et_al_list_is_incomplete_and_a_person_named_once_is_kept() -> None:
    et_al = Reference(title="T", authors=(Name("Kim", "P."), Name("Fishman", "M.")), et_al=True)
    complete = Reference(title="T", authors=(Name("Kim", "Paul"), Name("Fishman", "Michael")))
    other = Reference(title="T", authors=(Name("Kim", "P."), Name("Lee", "A.")))
    merged, _ = merge([et_al, complete], [1, 2])
    assert (merged.et_al, [str(name) for name in merged.authors]) == (False, ["Kim, Paul", "Fishman, Michael"])
    merged, conflicts = merge([complete, other], [1, 2])
    assert [str(name) for name in merged.authors] == ["Kim, Paul", "Fishman, Michael", "Lee, A."]
    assert [conflict.field for conflict in conflicts] == ["authors"]


people = st.builds(
    Name,
    family=st.sampled_from(["Kim", "Fishman", "Younger", "Lee", "van Dam"]),
    given=st.sampled_from([None, "P.", "Paul", "J. P.", "Jarred"]),
)
members = st.builds(
    Reference,
    title=st.just("One work"),
    authors=st.lists(people, max_size=5).map(tuple),
    et_al=st.booleans(),
    identifiers=st.builds(
        Identifiers,
        doi=st.sampled_from([None, "10.1000/a"]),
        pmid=st.sampled_from([None, "1"]),
        issn=st.lists(st.sampled_from(["0770-3198", "1434-9949"]), max_size=2),
        url=st.sampled_from([None, "https://a.example/x", "https://b.example/y"]),
    ),
    extra=st.lists(
        st.sampled_from(
            [("keywords", "pain, naltrexone"), ("keywords", "fibromyalgia"), ("KW", ["LDN", "pain"]), ("KW", ["MS"])]
        ),
        max_size=2,
        unique_by=lambda pair: pair[0],
    ),
)


@given(st.lists(members, min_size=2, max_size=4), st.randoms(use_true_random=False))
def test_merging_never_loses_an_author_an_identifier_or_a_keyword(records: list[Reference], rng: random.Random) -> None:
    merged, _ = merge(records, list(range(1, len(records) + 1)))
    kept_families = [family_key(name) for name in merged.authors]
    for record in records:
        for name in record.authors:
            assert family_key(name) in kept_families
        assert set(record.identifiers.items()) <= set(merged.identifiers.items()) | {
            (scheme, value) for scheme, value in merged.identifiers.other
        }
        merged_extra = dict(merged.extra)
        for key, value in record.extra:
            words = value if isinstance(value, list) else value.split(", ")
            kept = merged_extra[key] if isinstance(merged_extra[key], list) else merged_extra[key].split(", ")
            assert set(words) <= set(kept), (key, value, merged_extra[key])
    shuffled = records[:]
    rng.shuffle(shuffled)
    again, _ = merge(shuffled, list(range(1, len(records) + 1)))
    assert again.authors == merged.authors
