"""Look-alikes from real Wikipedia lists that are different works, and the evidence that does join records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs import identifiers as ids
from ldnrefs.dedupe.rules import PLACEHOLDER_TITLES


def _groups(text: str) -> list[tuple[int, ...]]:
    return [group.numbers for group in ldnrefs.deduplicate(ldnrefs.parse("References\n" + text)).groups]


@pytest.mark.parametrize(
    "entries",
    [
        pytest.param(
            '1. ^ "Archived copy". Archived from the original on 2016-03-04. Retrieved 2016-02-20.\n'
            '2. ^ "Archived copy". Archived from the original on 2017-05-01. Retrieved 2017-04-20.\n',
            id="placeholder-titles",
        ),
        pytest.param(
            '1. ^ "Installation". PostgreSQL 15 Documentation. Section 17.4.\n'
            '2. ^ "Installation". PostgreSQL 15 Documentation. Section 17.6.\n',
            id="same-title-different-sections",
        ),
        pytest.param(
            '1. ^ Smith, John (12 March 2010). "Film review: The Thing". Variety.\n'
            '2. ^ Smith, John (10 September 2010). "Film review: The Thing". The Hollywood Reporter.\n',
            id="same-headline-different-outlets",
        ),
        pytest.param(
            '1. ^ Doe, J (5 May 2020). "Storm hits coast". The Guardian.\n'
            '2. ^ Doe, J (25 May 2020). "Storm hits coast". The Guardian.\n',
            id="same-headline-three-weeks-apart",
        ),
        pytest.param(
            '1. ^ "Naltrexone". NHS. Retrieved 2020-01-01.\n'
            '2. ^ Jones, A (2019). "Naltrexone: a review of its pharmacology". Drugs. 12 (3): 1–10.\n',
            id="authorless-page-titled-like-an-article",
        ),
        pytest.param(
            '1. ^ "Hydrocephalus". Collins English Dictionary. Retrieved 2022-05-16.\n'
            '2. ^ "Hydrocephalus". MedlinePlus. Retrieved 2022-05-16.\n',
            id="one-word-titles-on-two-sites",
        ),
        pytest.param(
            "1. ^ Smith, A (2001). Diagnosis. 2nd ed. Oxford: OUP.\n"
            "2. ^ Smith, A (2001). Diagnosis. 3rd ed. Oxford: OUP.\n",
            id="different-editions",
        ),
    ],
)
def test_look_alikes_stay_apart(entries: str) -> None:
    assert _groups(entries) == []


def test_what_joins_records_without_a_title_match() -> None:
    """The same web page behind different URL spellings and an archive, and word-for-word repeats."""
    entries = (
        '1. ^ "Dosing guide". Example Health. https://www.example.org/guide/?utm_source=feed\n'
        '2. ^ "Guide to dosing". Example Health. http://example.org/guide#top\n'
        "3. ^ A hand-written reference about a lecture given at the clinic, 2019, slides 3-5\n"
        "4. ^ a b A hand-written reference about a lecture given at the clinic, 2019, slides 3-5\n"
    )
    assert _groups(entries) == [(1, 2), (3, 4)]


def test_a_doi_link_in_a_wikitext_external_link_is_the_doi() -> None:
    text = (
        "A.<ref>[http://dx.doi.org/10.1000/xyz123 Some paper title] Journal 2010.</ref>"
        "B.<ref>Roe A. Some paper title. Journal. 2010. doi:10.1000/XYZ123</ref>\n==References==\n{{reflist}}"
    )
    records = ldnrefs.parse(text, format="wikitext")
    assert records[0].identifiers.doi == "10.1000/xyz123"
    assert [group.numbers for group in ldnrefs.deduplicate(records).groups] == [(1, 2)]


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://www.Example.org:443/a/b/?utm_source=x&id=3#top", "example.org/a/b?id=3"),
        ("https://web.archive.org/web/20160304000000/http://example.org/a/b", "example.org/a/b"),
        (
            "https://archive.ph/2020.01.01-000000/https://www.nhs.uk/medicines/naltrexone/",
            "nhs.uk/medicines/naltrexone",
        ),
        ("http://example.org/", None),
        ("https://doi.org/10.1000/x", None),
    ],
)
def test_urls_are_compared_as_the_page_they_name(url: str, key: str | None) -> None:
    assert ids.url_key(url) == key


@given(
    title=st.sampled_from(sorted(PLACEHOLDER_TITLES)),
    first=st.integers(1, 500),
    second=st.integers(501, 999),
    year=st.integers(1990, 2024) | st.none(),
)
def test_placeholder_titled_pages_with_different_urls_never_join(
    title: str, first: int, second: int, year: int | None
) -> None:
    """No placeholder-titled pair without a shared identifier or URL is ever joined, whatever else agrees."""
    records = [
        ldnrefs.Reference(
            type="webpage",
            title=title.title(),
            container_title="Example",
            issued=ldnrefs.Date(year) if year else None,
            identifiers=ldnrefs.Identifiers(url=f"https://example.org/page/{number}"),
        )
        for number in (first, second)
    ]
    assert ldnrefs.deduplicate(records).groups == ()


def test_a_year_in_a_title_is_the_title_but_a_citation_after_it_is_not() -> None:
    """ "… Update 2019" and "… Update 2020" are two works (they were joined once: the year was taken for
    a citation and dropped); "… pain. Clin Rheumatol. 2014;33(4):451-9" is its clean twin."""
    roe = (ldnrefs.Name(family="Roe", given="A"),)
    updates = [
        ldnrefs.Reference(title=f"Guidelines for hydrocephalus management. Update {year}", authors=roe)
        for year in (2019, 2020)
    ]
    assert ldnrefs.deduplicate(updates).groups == ()
    phases = [ldnrefs.Reference(title=f"Trial results. Phase {phase} 2019", authors=roe) for phase in (2, 3)]
    assert ldnrefs.deduplicate(phases).groups == ()
    younger = (ldnrefs.Name(family="Younger", given="J"),)
    twins = [
        ldnrefs.Reference(
            title="Low-dose naltrexone for chronic pain. Clin Rheumatol. 2014;33(4):451-9", authors=younger
        ),
        ldnrefs.Reference(title="Low-dose naltrexone for chronic pain", authors=younger, volume="33", page="451-459"),
    ]
    assert [group.numbers for group in ldnrefs.deduplicate(twins).groups] == [(1, 2)]
