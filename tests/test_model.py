"""The record model: identifier sets combined and compared through the scheme table."""

from __future__ import annotations

import pytest

import ldnrefs
from ldnrefs.model import Date, Identifiers


def test_combined_keeps_the_first_set_and_fills_its_gaps() -> None:
    mine = Identifiers(doi="10.1000/A", issn=["0770-3198"], other=[("oclc", "1")])
    theirs = Identifiers(doi="10.1000/b", pmid="24526250", issn=["1434-9949"], other=[("jstor", "9")])
    combined = mine.combined(theirs)
    assert combined.doi == "10.1000/A"
    assert combined.pmid == "24526250"
    assert combined.issn == ("0770-3198", "1434-9949")
    assert combined.other == (("jstor", "9"), ("oclc", "1"))


def test_combined_with_a_choice_does_not_depend_on_order() -> None:
    a, b = Identifiers(doi="10.1000/b"), Identifiers(doi="10.1000/a", pmid="2")
    assert a.combined(b, choose=min) == b.combined(a, choose=min)
    assert a.combined(b, choose=min).doi == "10.1000/a"


def test_keys_are_the_identifiers_that_name_one_work() -> None:
    found = Identifiers(doi="10.1000/AbC", pmid="1", issn=["0770-3198"], url="https://example.org")
    assert found.keys() == {"doi:10.1000/abc", "pmid:1"}


def test_a_date_refuses_impossible_parts_with_the_library_error() -> None:
    with pytest.raises(ldnrefs.InvalidValueError):
        Date(2020, 13)
