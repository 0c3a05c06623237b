"""Parse the dates Wikipedia's CS1 templates render, and the ISO forms beside them.

Accepted shapes (each also as a range with an en dash or hyphen):
``15 February 2014``, ``February 15, 2014``, ``February 2014``, ``Feb. 2014``,
``2014``, ``2014a`` (disambiguated year), ``2020-02-05``, ``2020-02``,
``Spring 2019``, ``c. 1900``, ``15–17 May 2014``, ``May 15–17, 2014``,
``March–April 2014``, ``15 May – 2 June 2014``, ``2013–2014``,
``Winter 2018–2019``. ``n.d.`` and its variants mean "no date".

Every pattern is anchored and free of nested repetition, so parsing any string
takes time linear in its length.
"""

from __future__ import annotations

import calendar
import functools
import re
from typing import Final

from ldnrefs import build
from ldnrefs.model import Date
from ldnrefs.numbers import whole_number

MONTHS: Final[dict[str, int]] = {}
for _number in range(1, 13):
    for _name in (calendar.month_name[_number], calendar.month_abbr[_number]):
        MONTHS[_name.lower()] = _number
MONTHS["sept"] = 9

SEASONS: Final[dict[str, int]] = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}

NO_DATE: Final = re.compile(r"^(?:n\.\s?d\.?|nd|no date|undated|s\.\s?d\.)$", re.IGNORECASE)

_MONTH = r"(?P<{0}>[A-Za-z]{{3,9}})\.?"
_DASH = r"\s*[–—\-−]\s*"
_YEAR = r"(?P<{0}>\d{{4}})[a-z]?"
_DAY = r"(?P<{0}>\d{{1,2}})"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(r"^(?:c\.\s*|ca\.\s*|circa\s+)?" + pattern + r"$", re.IGNORECASE)


_D, _M, _Y = _DAY.format, _MONTH.format, _YEAR.format
_SHAPES: Final[list[re.Pattern[str]]] = [
    _compile(rf"{_Y('y')}-(?P<m>\d{{2}})(?:-(?P<d>\d{{2}}))?"),
    _compile(rf"{_D('d')}\s+{_M('m')}\s+{_Y('y')}"),
    _compile(rf"{_M('m')}\s+{_D('d')},?\s+{_Y('y')}"),
    _compile(rf"{_M('m')}\s+{_Y('y')}"),
    _compile(rf"{_Y('y')}"),
    _compile(rf"{_D('d')}{_DASH}{_D('d2')}\s+{_M('m')}\s+{_Y('y')}"),
    _compile(rf"{_M('m')}\s+{_D('d')}{_DASH}{_D('d2')},?\s+{_Y('y')}"),
    _compile(rf"{_D('d')}\s+{_M('m')}{_DASH}{_D('d2')}\s+{_M('m2')}\s+{_Y('y')}"),
    _compile(rf"{_M('m')}\s+{_D('d')}{_DASH}{_M('m2')}\s+{_D('d2')},?\s+{_Y('y')}"),
    _compile(rf"{_D('d')}\s+{_M('m')}\s+{_Y('y')}{_DASH}{_D('d2')}\s+{_M('m2')}\s+{_Y('y2')}"),
    _compile(rf"{_M('m')}\s+{_D('d')},?\s+{_Y('y')}{_DASH}{_M('m2')}\s+{_D('d2')},?\s+{_Y('y2')}"),
    _compile(rf"{_M('m')}{_DASH}{_M('m2')}\s+{_Y('y')}"),
    _compile(rf"{_M('m')}\s+{_Y('y')}{_DASH}{_M('m2')}\s+{_Y('y2')}"),
    _compile(rf"{_Y('y')}{_DASH}{_Y('y2')}"),
    _compile(r"(?P<s>[A-Za-z]{4,6})\s+" + _Y("y") + rf"(?:{_DASH}(?P<y2>\d{{4}}|\d{{2}}))?"),
    _compile(r"(?P<s>[A-Za-z]{4,6})" + _DASH + r"(?P<s2>[A-Za-z]{4,6})\s+" + _Y("y")),
]

_CIRCA = re.compile(r"^(?:c\.|ca\.|circa\s)", re.IGNORECASE)


def month_number(name: str | None) -> int | None:
    """1–12 for a month name, abbreviation (``Sept.``) or number; None for anything else."""
    if not name:
        return None
    name = name.strip()
    number = whole_number(name, max_digits=2) if name.isdecimal() else MONTHS.get(name.lower().rstrip("."))
    return number if number is not None and 1 <= number <= 12 else None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is not None and not 1 <= month <= 12:
        return False
    if day is not None:
        if month is None:
            return False
        if day <= 28:  # every month has 28 days; calendar.monthrange only for the last few
            return day >= 1
        return day <= calendar.monthrange(year, month)[1]
    return True


_HAS_YEAR: Final = re.compile(r"\d{4}")


@functools.lru_cache(maxsize=4096)
def parse_date(text: str) -> Date | None:
    """Parse one rendered date; ``None`` when ``text`` is not a date this module knows.

    Results are cached: a list repeats its access dates, and :class:`Date` is immutable.

    >>> parse_date("15 February 2014")
    Date(year=2014, month=2, day=15, season=None, circa=False, end=None)
    >>> parse_date("451–9") is None
    True
    """
    words = text.split()
    if not words or len(words) > 8 or len(text) > 80:
        return None
    date = _fast(words)
    if date is not None:
        return date
    text = " ".join(words).strip(" ,.")
    if not _HAS_YEAR.search(text):
        return None
    for shape in _SHAPES:
        match = shape.match(text)
        if match:
            date = _build(match, circa=bool(_CIRCA.match(text)))
            if date is not None:
                return date
    return None


def _year(token: str) -> int | None:
    token = token.rstrip(".,")
    if len(token) == 5 and token[4].isalpha() and token[4].islower():
        token = token[:4]
    return whole_number(token) if len(token) == 4 else None


def _fast(words: list[str]) -> Date | None:
    """The shapes nearly every list uses, read without regular expressions."""
    year = _year(words[-1])
    if len(words) == 1:
        if year is not None:
            return build.date(year)
        token = words[0].rstrip(".,")
        if len(token) == 10 and token[4] == token[7] == "-":
            year, month, day = whole_number(token[:4]), whole_number(token[5:7]), whole_number(token[8:])
            if year is not None and month is not None and day is not None and _valid(year, month, day):
                return build.date(year, month, day)
        return None
    if year is None:
        return None
    month = MONTHS.get(words[-2 if len(words) == 2 else 0].lower().rstrip("."))
    if len(words) == 2:
        return build.date(year, month) if month is not None else None
    if len(words) == 3:
        if words[0].isdecimal():
            day_text, month = words[0], MONTHS.get(words[1].lower().rstrip("."))
        else:
            day_text = words[1].rstrip(",")
        day = whole_number(day_text, max_digits=2)
        if month is not None and day is not None and _valid(year, month, day):
            return build.date(year, month, day)
    return None


def is_no_date(text: str) -> bool:
    """True for ``n.d.`` and its variants, which CS1 renders for undated works."""
    text = text.strip()
    return len(text) <= 12 and bool(NO_DATE.match(text))  # every variant is short: most text skips the pattern


def _build(match: re.Match[str], *, circa: bool) -> Date | None:
    groups = match.groupdict()
    year = int(groups["y"])
    if "s" in groups:
        season = SEASONS.get(groups["s"].lower())
        if season is None:
            return None
        end = None
        if groups.get("s2"):
            season2 = SEASONS.get(groups["s2"].lower())
            if season2 is None:
                return None
            end = build.date(year, season=season2)
        elif groups.get("y2"):
            second = groups["y2"]
            end_year = int(second) if len(second) == 4 else year // 100 * 100 + int(second)
            end = build.date(end_year, season=season)
        return build.date(year, season=season, circa=circa, end=end)
    month = month_number(groups.get("m"))
    if groups.get("m") is not None and month is None:
        return None
    day = int(groups["d"]) if groups.get("d") else None
    if not _valid(year, month, day):
        return None
    end = None
    if any(groups.get(name) for name in ("y2", "m2", "d2")):
        end_year = int(groups["y2"]) if groups.get("y2") else year
        end_month = month_number(groups.get("m2")) if groups.get("m2") else month
        if groups.get("m2") and end_month is None:
            return None
        end_day = int(groups["d2"]) if groups.get("d2") else None
        if not _valid(end_year, end_month, end_day):
            return None
        end = build.date(end_year, end_month, end_day)
    return build.date(year, month, day, circa=circa, end=end)


def pubmed_date(text: str) -> Date | None:
    """NCBI's dates (MEDLINE ``DP``, esummary ``pubdate``): ``2014 Apr 15``, ``2014 Apr``,
    ``2013 Mar-Apr`` (the first month), ``2013 Winter``, ``2017``."""
    words = text.replace("-", " ").split()
    if not words or not (words[0][:4].isascii() and words[0][:4].isdecimal()):
        return None
    year = int(words[0][:4])
    if len(words) > 1 and words[1].lower() in SEASONS:
        return build.date(year, season=SEASONS[words[1].lower()])
    month = month_number(words[1]) if len(words) > 1 else None
    day = (
        int(words[2])
        if month and len(words) > 2 and words[2].isascii() and words[2].isdecimal() and len(words[2]) <= 2
        else None
    )
    try:
        return build.date(year, month, day)
    except ValueError:
        return build.date(year, month)
