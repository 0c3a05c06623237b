"""The compiled stand-ins for attrs' ``__init__`` build what the classes build.

``ldnrefs.assemble`` builds model objects in place of the classes when the
package is compiled; here its functions are tested directly (compiled or
not) against the classes, on raw values that the converters must clean and
on values the validators must refuse.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnrefs import assemble
from ldnrefs.model import Date, Identifiers, Name, Provenance, Reference
from tests.strategies import hostile_text, records

raw_text = st.one_of(st.none(), st.just(""), st.just("  "), hostile_text, hostile_text.map(lambda t: f"  {t} "))


def _same(cls: type, build: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Both make equal objects with equal fields, or both refuse with the same error type."""
    try:
        expected = cls(*args, **kwargs)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)):
            build(*args, **kwargs)
        return
    built = build(*args, **kwargs)
    assert type(built) is cls
    assert built == expected
    assert attrs.asdict(built, recurse=False) == attrs.asdict(expected, recurse=False)
    assert hash(built) == hash(expected)


@given(family=raw_text, given_name=raw_text, particle=raw_text, literal=raw_text)
def test_names_match_the_class(
    family: str | None, given_name: str | None, particle: str | None, literal: str | None
) -> None:
    _same(Name, assemble.name, family, given_name, particle=particle, literal=literal)
    _same(Name, assemble.name, family=family, given=given_name)


@given(
    year=st.integers(0, 3000),
    month=st.one_of(st.none(), st.integers(-1, 14)),
    day=st.one_of(st.none(), st.integers(-1, 33)),
    season=st.one_of(st.none(), st.integers(0, 5)),
    circa=st.booleans(),
)
def test_dates_match_the_class_and_refuse_the_same_parts(
    year: int, month: int | None, day: int | None, season: int | None, circa: bool
) -> None:
    _same(Date, assemble.date, year, month, day, season=season, circa=circa, end=Date(2020))


@given(
    doi=st.one_of(st.none(), st.sampled_from(["10.1000/x", "doi:10.1000/X.", " https://doi.org/10.1/a ", ""])),
    pmid=st.one_of(st.none(), st.sampled_from(["123", "PMID: 0456", " 7 "])),
    pmcid=st.one_of(st.none(), st.sampled_from(["PMC12", "12", " pmc 3 "])),
    issn=st.lists(st.sampled_from(["0770-3198", "07703198", "1234-5678"]), max_size=3),
    isbn=st.lists(st.sampled_from(["978-0-00-735074-2", "0226458040"]), max_size=2),
    other=st.lists(st.tuples(st.sampled_from(["oclc", "jstor", "made-up"]), st.sampled_from(["1", " 2 ", ""]))),
    extra=st.fixed_dictionaries(
        {},
        optional={
            "s2cid": st.sampled_from(["5.", " 6 "]),
            "bibcode": st.just("2017PLoSO..1287423R"),
            "arxiv": st.sampled_from(["arXiv:1701.01234", "hep-th/9901001v2"]),
            "url": st.sampled_from([" https://example.org ", ""]),
        },
    ),
)
def test_identifiers_are_normalised_alike(
    doi: str | None,
    pmid: str | None,
    pmcid: str | None,
    issn: list[str],
    isbn: list[str],
    other: list[tuple[str, str]],
    extra: dict[str, str],
) -> None:
    _same(
        Identifiers, assemble.identifiers, doi=doi, pmid=pmid, pmcid=pmcid, issn=issn, isbn=isbn, other=other, **extra
    )


@given(record=records, title=raw_text, note=raw_text, archive_url=raw_text)
def test_references_match_the_class(
    record: Reference, title: str | None, note: str | None, archive_url: str | None
) -> None:
    values = attrs.asdict(record, recurse=False)
    values.update(title=title, note=note, archive_url=archive_url, authors=list(record.authors), extra=[("k", "v")])
    _same(Reference, assemble.reference, **values)


def test_defaults_factories_and_fields_outside_equality() -> None:
    """Every field is set with nothing given (a field added to a class but not to its builder fails
    here); the identifiers factory runs when none are given; an explicit None is kept; provenance is set."""
    for cls, build in (
        (Name, assemble.name),
        (Identifiers, assemble.identifiers),
        (Provenance, assemble.provenance),
        (Reference, assemble.reference),
    ):
        _same(cls, build)
    assert assemble.reference().identifiers == Identifiers()
    _same(Reference, assemble.reference)
    _same(Reference, assemble.reference, identifiers=None)
    built = assemble.reference(title="T", provenance=Provenance(source="a.txt", line=3))
    assert built.provenance == Provenance(source="a.txt", line=3)
    _same(Provenance, assemble.provenance, "a.txt", 3, 1, "text", key="k")


def test_bad_calls_are_refused_like_the_class() -> None:
    """Missing, unknown, doubled and surplus arguments raise TypeError, as attrs' __init__ does."""
    _same(Date, assemble.date)
    _same(Name, assemble.name, familly="Kim")
    _same(Name, assemble.name, "Kim", family="Kim")
    _same(Name, assemble.name, "a", "b", "c", "d", "e", "f")


def test_readers_get_the_builders_only_when_compiled() -> None:
    """As source, the classes' own __init__ is faster, so readers are handed the classes.

    CI runs the suite a second time against the compiled wheel with
    ``LDNREFS_EXPECT_COMPILED=1``, so that run cannot quietly test the sources.
    """
    if os.environ.get("LDNREFS_EXPECT_COMPILED"):
        assert assemble.COMPILED, f"expected the compiled build, imported {assemble.__file__}"
    if assemble.COMPILED:
        assert assemble.new_name is assemble.name
        assert assemble.new_reference is assemble.reference
    else:
        assert assemble.new_name is Name
        assert assemble.new_reference is Reference
