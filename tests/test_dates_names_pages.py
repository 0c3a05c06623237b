"""The small parsers the readers share: dates, author lists, page ranges."""

from __future__ import annotations

import pytest

from ldnrefs.dates import is_no_date, parse_date
from ldnrefs.model import Date, Name
from ldnrefs.names import parse_family_first, parse_names
from ldnrefs.pages import is_pages, normalize_pages


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("15 February 2014", Date(2014, 2, 15), id="dmy"),
        pytest.param("April 2014", Date(2014, 4), id="my"),
        pytest.param("2018", Date(2018), id="y"),
        pytest.param("December 2021", Date(2021, 12), id="december"),
        pytest.param("October 4, 2002", Date(2002, 10, 4), id="mdy"),
        pytest.param("2020-02-05", Date(2020, 2, 5), id="iso"),
        pytest.param("Spring 2019", Date(2019, season=1), id="season"),
        pytest.param("Winter 2018–2019", Date(2018, season=4, end=Date(2019, season=4)), id="season-range"),
        pytest.param("c. 1900", Date(1900, circa=True), id="circa"),
        pytest.param("2014a", Date(2014), id="year-suffix"),
        pytest.param("Sept. 2014", Date(2014, 9), id="abbreviated-month"),
        pytest.param("15–17 May 2014", Date(2014, 5, 15, end=Date(2014, 5, 17)), id="day-range"),
        pytest.param("March–April 2014", Date(2014, 3, end=Date(2014, 4)), id="month-range"),
        pytest.param("15 May – 2 June 2014", Date(2014, 5, 15, end=Date(2014, 6, 2)), id="cross-month"),
        pytest.param("December 2013 – January 2014", Date(2013, 12, end=Date(2014, 1)), id="cross-year"),
        pytest.param("1999–2000", Date(1999, end=Date(2000)), id="year-range"),
    ],
)
def test_parse_date_reads_every_cs1_form(text: str, expected: Date) -> None:
    """Each date shape CS1 renders gives the right parts."""
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["451–9", "30 February 2014", "2020-13-01", "Smarch 2014", "", "x" * 500])
def test_parse_date_rejects_non_dates(text: str) -> None:
    """Impossible dates and page ranges are not dates."""
    assert parse_date(text) is None


@pytest.mark.parametrize("text", ["n.d.", "nd", "n. d.", "undated", "no date"])
def test_no_date_variants(text: str) -> None:
    """'n.d.' and its variants mean the work is undated."""
    assert is_no_date(text)


@pytest.mark.parametrize(
    ("text", "names", "et_al"),
    [
        pytest.param("Kim PS, Fishman MA", [Name("Kim", "P. S."), Name("Fishman", "M. A.")], False, id="vancouver"),
        pytest.param("Zijian Li, Yue You", [Name("Li", "Zijian"), Name("You", "Yue")], False, id="full-names"),
        pytest.param(
            "Younger, Jarred; Parkitny, Luke",
            [Name("Younger", "Jarred"), Name("Parkitny", "Luke")],
            False,
            id="last-first",
        ),
        pytest.param("Smith, John", [Name("Smith", "John")], False, id="single-last-first"),
        pytest.param("Smith J, Doe A, et al.", [Name("Smith", "J."), Name("Doe", "A.")], True, id="et-al"),
        pytest.param("van der Berg J", [Name("Berg", "J.", particle="van der")], False, id="particle-vancouver"),
        pytest.param("Ludwig van Beethoven", [Name("Beethoven", "Ludwig", particle="van")], False, id="particle-full"),
        pytest.param("Blichfeldt-Eckhardt MR", [Name("Blichfeldt-Eckhardt", "M. R.")], False, id="hyphen"),
        pytest.param("O'Kelly B", [Name("O'Kelly", "B.")], False, id="apostrophe"),
        pytest.param(
            "Småbrekke L, Ñúñez ÁJ", [Name("Småbrekke", "L."), Name("Ñúñez", "Á. J.")], False, id="diacritics"
        ),
        pytest.param("Smith JP Jr", [Name("Smith", "J. P.", suffix="Jr")], False, id="suffix"),
        pytest.param("Lefèvre J-P", [Name("Lefèvre", "J.-P.")], False, id="hyphenated-initials"),
        pytest.param("National Health Service", [Name(literal="National Health Service")], False, id="organisation"),
    ],
)
def test_parse_names(text: str, names: list[Name], et_al: bool) -> None:
    """Every author-list form CS1 renders splits into the right name parts."""
    assert parse_names(text) == (tuple(names), et_al)


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("451–459", "451-459"),
        ("451–9", "451-459"),
        ("1203–15", "1203-1215"),
        ("e0187423", "e0187423"),
        ("2055217316672242", "2055217316672242"),
        ("pp. 12–15", "12-15"),
        ("1–5, 7", "1-5, 7"),
        ("xi–xv", "xi-xv"),
    ],
)
def test_normalize_pages(text: str, normal: str) -> None:
    """Ranges get a hyphen; abbreviated ends are expanded; article numbers stay."""
    assert normalize_pages(text) == normal


def test_is_pages_rejects_words() -> None:
    """Publisher names are not page numbers."""
    assert not is_pages("Springer Science and Business Media LLC")
    assert is_pages("A12")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("King, Martin Luther Jr.", Name("King", "Martin Luther", suffix="Jr.")),
        ("King, Martin Luther, Jr.", Name("King", "Martin Luther", suffix="Jr.")),
        ("Henry, 2nd", Name("Henry", "2nd")),
        ("Smith, John III", Name("Smith", "John", suffix="III")),
        ("Smith, John V", Name("Smith", "John V")),
        ("Petrov, Ivan IV", Name("Petrov", "Ivan IV")),
        ("Smith, John, V", Name("Smith", "John", suffix="V")),
        ("van der Berg, Anna", Name("Berg", "Anna", particle="van der")),
    ],
)
def test_family_first_names_keep_a_lone_given_part(text: str, expected: Name) -> None:
    """A suffix at the end of the given part moves to ``suffix``, but never the whole given part,
    and not a "V" or "IV" that is more likely initials; after a second comma it is the suffix."""
    assert parse_family_first(text) == expected


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ({"month": 13}, "month 13 is not 1-12"),
        ({"day": 5}, "day 5 needs a month"),
        ({"month": 2, "day": 32}, "day 32 needs a month and must be 1-31"),
        ({"season": 5}, "season 5 is not 1-4"),
    ],
)
def test_date_refuses_impossible_parts(parts: dict[str, int], message: str) -> None:
    """A Date is checked when it is made, whoever makes it (readers, resolvers, users)."""
    with pytest.raises(ValueError, match=message):
        Date(2014, **parts)
