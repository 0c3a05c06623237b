"""The small parsers the readers share: dates, author lists, page ranges."""

from __future__ import annotations

import pytest

from ldnrefs.dates import is_no_date, parse_date
from ldnrefs.model import Date


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
