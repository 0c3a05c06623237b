"""Hypothesis strategies for records and reference-list text."""

from __future__ import annotations

from hypothesis import strategies as st

from ldnrefs.model import Date, Identifiers, Name, Reference

CSL_TYPES = ["article-journal", "article-newspaper", "webpage", "report", "book", "chapter", "thesis", "article"]

# Text with the characters that break formats: quotes, braces, TeX specials,
# newlines, tabs, RTL marks and astral characters.
hostile_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list("\"'{}\\%$#_&~^<>[]()., ;:\n\t–—‐")),
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")

plain_word = st.text(alphabet=st.characters(categories=("L",)), min_size=1, max_size=12)


@st.composite
def dates(draw: st.DrawFn) -> Date:
    """A date of any precision, a season ("Spring 2004"), or a range of the same precision
    ("15–17 September 2004", "2004–2006"): what CSL's ``date-parts`` and ``season`` can hold."""
    year = draw(st.integers(1000, 2100))
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    day = draw(st.one_of(st.none(), st.integers(1, 28))) if month else None
    season = draw(st.one_of(st.none(), st.integers(1, 4))) if month is None else None
    end = None
    if draw(st.integers(0, 3)) == 0 and year < 2100:
        # the two dates often share their year, or year and month: the parts a style prints once
        end_year = draw(st.integers(year + 1, 2100) if season else st.one_of(st.just(year), st.integers(year, 2100)))
        end_month = draw(st.one_of(st.just(month), st.integers(1, 12))) if month else None
        end_day = draw(st.integers(1, 28)) if day else None
        end = Date(end_year, end_month, end_day, season=season)
    return Date(year, month, day, season=season, end=end)


names = st.one_of(
    st.builds(Name, family=hostile_text, given=st.one_of(st.none(), hostile_text)),
    st.builds(Name, literal=hostile_text),
)

identifiers = st.builds(
    Identifiers,
    doi=st.one_of(st.none(), st.from_regex(r"10\.\d{4,6}/[a-z0-9.\-]{1,12}", fullmatch=True)),
    pmid=st.one_of(st.none(), st.integers(1, 99_999_999).map(str)),
    pmcid=st.one_of(st.none(), st.integers(1, 9_999_999).map(lambda n: f"PMC{n}")),
    issn=st.lists(st.from_regex(r"\d{4}-\d{3}[\dX]", fullmatch=True), max_size=2),
    s2cid=st.one_of(st.none(), st.integers(1, 10**9).map(str)),
)

optional_text = st.one_of(st.none(), hostile_text)

records = st.builds(
    Reference,
    type=st.sampled_from(CSL_TYPES),
    title=optional_text,
    authors=st.lists(names, max_size=4).map(tuple),
    editors=st.lists(names, max_size=2).map(tuple),
    et_al=st.booleans(),
    issued=st.one_of(st.none(), dates()),
    container_title=optional_text,
    volume=optional_text,
    issue=optional_text,
    page=optional_text,
    publisher=optional_text,
    identifiers=identifiers,
    accessed=st.one_of(st.none(), dates()),
    archive_date=st.one_of(st.none(), dates()),
)
