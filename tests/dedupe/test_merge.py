"""Merging the records of one work: the richest value of each field, every conflict reported."""

from __future__ import annotations

import ldnrefs
from ldnrefs.dedupe import deduplicate
from ldnrefs.model import Date, Name
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
