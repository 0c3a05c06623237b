"""``ldnrefs.build``, the one way records are built, makes what the classes make.

Its functions store through the slots' setters (compiled, in the mypyc build),
so here they are tested against the attrs classes on raw values the
converters must clean and on values the validators must refuse; and every
reader is shown to report an invalid identifier through it, alike.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs import build
from ldnrefs.model import Date, Diagnostic, Identifiers, Name, Provenance, Reference
from tests.strategies import hostile_text, records

raw_text = st.one_of(st.none(), st.just(""), st.just("  "), hostile_text, hostile_text.map(lambda t: f"  {t} "))


def _same(cls: type, make: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Both make equal objects with equal fields, or both refuse with the same error type."""
    try:
        expected = cls(*args, **kwargs)
    except (TypeError, ValueError) as error:
        with pytest.raises(type(error)):
            make(*args, **kwargs)
        return
    built = make(*args, **kwargs)
    assert type(built) is cls
    assert built == expected
    assert attrs.asdict(built, recurse=False) == attrs.asdict(expected, recurse=False)
    assert hash(built) == hash(expected)


@given(family=raw_text, given_name=raw_text, particle=raw_text, literal=raw_text)
def test_names_match_the_class(
    family: str | None, given_name: str | None, particle: str | None, literal: str | None
) -> None:
    _same(Name, build.name, family, given_name, particle=particle, literal=literal)
    _same(Name, build.name, family=family, given=given_name)


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
    _same(Date, build.date, year, month, day, season=season, circa=circa, end=Date(2020))


def test_impossible_date_parts_are_refused_with_the_library_error() -> None:
    with pytest.raises(ldnrefs.InvalidValueError, match="month 13"):
        build.date(2020, 13)
    with pytest.raises(ldnrefs.InvalidValueError, match="needs a month"):
        build.date(2020, None, 4)


singles = st.fixed_dictionaries(
    {},
    optional={
        "doi": st.sampled_from(["10.1000/x", "doi:10.1000/X.", " https://doi.org/10.1/a ", ""]),
        "pmid": st.sampled_from(["123", "PMID: 0456", " 7 "]),
        "pmcid": st.sampled_from(["PMC12", "12", " pmc 3 "]),
        "s2cid": st.sampled_from(["5.", " 6 "]),
        "bibcode": st.just("2017PLoSO..1287423R"),
        "arxiv": st.sampled_from(["arXiv:1701.01234", "hep-th/9901001v2"]),
        "url": st.sampled_from([" https://example.org ", ""]),
    },
)


@given(
    single=singles,
    issn=st.lists(st.sampled_from(["0770-3198", "07703198", "1234-5678", " "]), max_size=3),
    isbn=st.lists(st.sampled_from(["978-0-00-735074-2", "0226458040"]), max_size=2),
    other=st.lists(st.tuples(st.sampled_from(["oclc", "jstor", "made-up"]), st.sampled_from(["1", " 2 ", ""]))),
)
def test_identifiers_are_normalised_as_the_class_normalises_them(
    single: dict[str, str], issn: list[str], isbn: list[str], other: list[tuple[str, str]]
) -> None:
    found: dict[str, list[str]] = {scheme: [value] for scheme, value in single.items()}
    found.update(issn=issn, isbn=isbn)
    for scheme, value in other:
        found.setdefault(scheme, []).append(value)
    built = build.identifiers(found)
    expected = Identifiers(issn=issn, isbn=isbn, other=other, **single)
    assert built == expected
    assert hash(built) == hash(expected)


def test_a_second_value_of_a_single_scheme_is_kept_in_other_once() -> None:
    built = build.identifiers({"doi": ["10.1000/A", "doi:10.1000/A", "10.1000/b"], "pmid": ["1", "0001"]})
    assert built.doi == "10.1000/A"
    assert built.pmid == "1"
    assert built.other == (("doi", "10.1000/b"),)


@given(record=records, title=raw_text, note=raw_text, archive_url=raw_text)
def test_records_match_the_class(
    record: Reference, title: str | None, note: str | None, archive_url: str | None
) -> None:
    values = attrs.asdict(record, recurse=False)
    found = {scheme: [value] for scheme, value in record.identifiers.items() if scheme not in ("issn", "isbn")}
    found.update(issn=list(record.identifiers.issn), isbn=list(record.identifiers.isbn))
    del values["identifiers"]
    values.update(title=title, note=note, archive_url=archive_url, authors=list(record.authors), extra=[("k", "v")])
    expected = Reference(identifiers=record.identifiers, **values)
    built = build.record(found, **values)
    assert built == expected
    assert attrs.asdict(built, recurse=False) == attrs.asdict(expected, recurse=False)


def test_every_field_is_set_with_nothing_given() -> None:
    """A field added to a class but not to its builder fails here."""
    _same(Name, build.name)
    _same(Provenance, build.provenance)
    _same(Provenance, build.provenance, "a.txt", 3, 1, "text", key="k")
    assert build.record() == Reference()
    assert attrs.asdict(build.record(), recurse=False) == attrs.asdict(Reference(), recurse=False)
    assert build.identifiers({}) == Identifiers()
    built = build.record(title="T", provenance=Provenance(source="a.txt", line=3))
    assert built.provenance == Provenance(source="a.txt", line=3)


def test_bad_calls_are_refused_like_the_class() -> None:
    """Missing, unknown, doubled and surplus arguments raise TypeError, as attrs' __init__ does."""
    _same(Date, build.date)
    _same(Name, build.name, familly="Kim")
    _same(Name, build.name, "Kim", family="Kim")
    _same(Name, build.name, "a", "b", "c", "d", "e", "f")
    with pytest.raises(TypeError):
        build.record(titel="T")  # type: ignore[call-arg]


def test_invalid_identifiers_are_reported_at_the_records_place() -> None:
    diagnostics: list[Diagnostic] = []
    record = build.record(
        {"issn": ["1234-5678"], "pmid": ["0"], "doi": ["10.1000/ok"]},
        diagnostics,
        provenance=Provenance(source="refs.bib", line=7),
    )
    assert record.identifiers.issn == ("1234-5678",)  # kept as written
    assert [str(d) for d in diagnostics] == [
        "refs.bib:7: warning: PMID 0: a PMID is a positive whole number [identifier.invalid]",
        "refs.bib:7: warning: ISSN 1234-5678: check digit is 8, expected 9 [identifier.invalid]",
    ]


# One work with an ISSN whose check digit is wrong (0770-3199; 0770-3198 is right),
# written in each of the five input formats.
BAD_ISSN_INPUTS = {
    "rendered": 'References\n\n1. Younger J (2014). "The use of LDN". Clin Rheumatol. 33 (4): 451. ISSN 0770-3199.\n',
    "bibtex": "@article{younger2014,\n  title = {The use of LDN},\n  journal = {Clin Rheumatol},\n"
    "  year = {2014},\n  issn = {0770-3199},\n}\n",
    "ris": "TY  - JOUR\nTI  - The use of LDN\nT2  - Clin Rheumatol\nPY  - 2014\nSN  - 0770-3199\nER  - \n",
    "csl-json": '[{"id": "younger2014", "type": "article-journal", "title": "The use of LDN",\n'
    '  "ISSN": "0770-3199", "issued": {"date-parts": [[2014]]}}]',
    "wikitext": "Text.<ref>{{cite journal |title=The use of LDN |journal=Clin Rheumatol |year=2014 "
    "|issn=0770-3199}}</ref>\n",
}


@pytest.mark.parametrize("format_name", sorted(BAD_ISSN_INPUTS))
def test_an_invalid_issn_is_reported_alike_by_every_reader(format_name: str) -> None:
    """Every reader builds its records through ``build.record``: the same warning from all five."""
    result = ldnrefs.parse(BAD_ISSN_INPUTS[format_name], format=format_name, source="input")
    assert [record.identifiers.issn for record in result] == [("0770-3199",)]
    checked = [(d.severity, d.code, d.message) for d in result.diagnostics if d.code == "identifier.invalid"]
    assert checked == [("warning", "identifier.invalid", "ISSN 0770-3199: check digit is 9, expected 8")]
    assert [d.source for d in result.diagnostics if d.code == "identifier.invalid"] == ["input"]


def test_the_compiled_build_is_what_ci_tests() -> None:
    """CI runs the suite a second time against the compiled wheel with ``LDNREFS_EXPECT_COMPILED=1``,
    so that run cannot quietly test the sources."""
    if os.environ.get("LDNREFS_EXPECT_COMPILED"):
        assert build.COMPILED, f"expected the compiled build, imported {build.__file__}"
