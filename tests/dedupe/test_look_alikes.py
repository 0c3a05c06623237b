"""Look-alikes from real Wikipedia lists that are different works, and the evidence that does join records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs import identifiers as ids
from ldnrefs.check import DIFFERENT_PAGES, SAME_WORK, group_kind
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
            '1. ^ "Online Etymology Dictionary". Online Etymology Dictionary. Retrieved 2 May 2010.\n'
            '2. ^ "Online Etymology Dictionary". Online Etymology Dictionary. Retrieved 4 May 2012.\n',
            id="a-sites-name-as-the-title-of-two-pages-without-addresses",
        ),
        pytest.param(
            "1. ^ Smith, A (2001). Diagnosis. 2nd ed. Oxford: OUP.\n"
            "2. ^ Smith, A (2001). Diagnosis. 3rd ed. Oxford: OUP.\n",
            id="different-editions",
        ),
        # The next five: the real dump's references as a rendered list shows them
        # (benchmarks/rendered_dump.py); its wikitext kept them apart by their addresses.
        pytest.param(
            '1. ^ Winter, Mark. "WebElements Periodic Table of the Elements Sodium biological information". '
            "WebElements. Retrieved 13 January 2012.\n"
            '2. ^ Winter, Mark. "WebElements Periodic Table of the Elements Potassium biological information". '
            "WebElements. Retrieved 13 January 2012.\n",
            id="one-word-of-substance-swapped-for-another",
        ),
        pytest.param(
            '1. ^ "CIA — The World Factbook". Cia.gov. Archived from the original on 29 December 2010. '
            "Retrieved 20 December 2010.\n"
            '2. ^ "CIA — The World Factbook". Cia.gov. Archived from the original on 28 December 2010. '
            "Retrieved 20 December 2010.\n",
            id="no-author-no-date-two-snapshot-dates",
        ),
        pytest.param(
            '1. ^ "CIA The World Factbook: Oil producers". Retrieved 23 June 2013.\n'
            '2. ^ "CIA – The World Factbook". Retrieved 13 September 2014.\n',
            id="no-author-no-date-title-starts-the-other",
        ),
        pytest.param(
            "1. ^ Hobhouse, Hermione (1994). \"British History Online\". In 'Northern Millwall: Tooke Town', "
            "Survey of London: volumes 43 and 44. Retrieved 8 November 2009.\n"
            "2. ^ Hobhouse, Hermione (1994). \"British History Online\". In 'Cubitt Town: Riverside area', "
            "Survey of London: volumes 43 and 44. Retrieved 8 November 2009.\n",
            id="one-chapter-title-in-two-books",
        ),
        pytest.param(
            "1. ^ \"Publisher's page for Gray's Anatomy. 39th edition (UK). 2004\". Archived from the original on "
            "12 October 2007. Retrieved 19 March 2007.\n"
            "2. ^ \"Publisher's page for Gray's Anatomy. 39th edition (US). 2004\". Archived from the original on "
            "9 February 2007. Retrieved 19 March 2007.\n",
            id="two-pages-of-one-publisher-archived-apart",
        ),
    ],
)
def test_look_alikes_stay_apart(entries: str) -> None:
    assert _groups(entries) == []


def test_what_still_joins_records_a_rendered_list_cannot_tell_apart() -> None:
    """Identical text is one work (item 6), snapshot dates or not; a title spelled another way, or a
    word split in two, is no word of substance swapped."""
    same = '"CIA — The World Factbook". Cia.gov. Archived from the original on 29 December 2010.\n'
    assert _groups(f"1. ^ {same}2. ^ {same}") == [(1, 2)]
    spelled = (
        '1. ^ Kim, A (2001). "Atypical haemolytic uraemic syndrome in children". Kidney Int. 12 (3): 1–9.\n'
        '2. ^ Kim, A (2001). "Atypical hemolytic uremic syndrome in children". Kidney Int.\n'
        '3. ^ Lee, B (1999). "The learnability of boolean formulae". Machine Learning. 4: 1–9.\n'
        '4. ^ Lee, B (1999). "The learn ability of boolean formulae". Machine Learning.\n'
    )
    assert _groups(spelled) == [(1, 2), (3, 4)]


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


def _wikitext_groups(*templates: str) -> list[tuple[int, ...]]:
    text = "".join(f"<ref>{template}</ref>\n" for template in templates)
    return [group.numbers for group in ldnrefs.deduplicate(ldnrefs.parse(text, format="wikitext")).groups]


# From gensim's English Wikipedia dump (tests/data/realworld/wikidump/): each pair was reported as
# one work cited twice, and is not.
@pytest.mark.parametrize(
    "pair",
    [
        pytest.param(
            (
                "{{cite web|url=http://www.insurgentdesire.org.uk/postleft.htm|title=insurgentdesire.org.uk"
                "|work=insurgentdesire.org.uk}}",
                "{{cite web|url=http://www.insurgentdesire.org.uk/notes.htm|title=insurgentdesire.org.uk"
                "|work=insurgentdesire.org.uk}}",
            ),
            id="a-sites-name-on-two-of-its-pages",
        ),
        pytest.param(
            (
                "{{cite web|url=http://www.grida.no/climate/ipcc_tar/wg1/231.htm#671 |title=Climate Change 2001: "
                "The Scientific Basis |publisher=Grida.no |accessdate=19 August 2011}}",
                "{{cite web|url=http://www.grida.no/climate/ipcc_tar/wg1/233.htm |title=Climate Change 2001: "
                "The Scientific Basis |publisher=Grida.no |accessdate=19 August 2011}}",
            ),
            id="two-pages-of-one-report",
        ),
        pytest.param(
            (
                "Anarchism, Online etymology dictionary. "
                "http://www.etymonline.com/index.php?term=anarchism&allowed_in_frame=0",
                "-ism, Online etymology dictionary. http://www.etymonline.com/index.php?term=-ism&allowed_in_frame=0",
            ),
            id="two-dictionary-entries-in-plain-text",
        ),
        pytest.param(
            (
                "{{cite web |title=Bio:Andre Agassi |publisher=[[Biography Channel]] |date=2011}}",
                "{{cite web |title=Bio:Andre Agassi |publisher=Persian Mirror |date=2011}}",
            ),
            id="one-title-from-two-publishers",
        ),
        pytest.param(
            (
                "{{cite web | url = http://www.lincolnfuneraltrain.com/html/funeral_train.html | title = The Lincoln "
                "Funeral Train | author = Scott D. Trostel | accessdate = November 20, 2012 }}",
                "{{cite book|isbn=978-0-925436-21-4|title=The Lincoln Funeral Train: The Final Journey and National "
                "Funeral for Abraham Lincoln|last=Trostel|first=Scott D.|publisher=Cam-Tech Publishing|year=2002}}",
            ),
            id="an-authors-website-and-his-book",
        ),
        pytest.param(
            (
                'Chrispeels, M.J.; Sadava, D.E. 1994. "Nutrition from the Soil" pp.187 – 218 in Plants, Genes, '
                "and Agriculture. Jones and Bartlett, Boston, MA.",
                'Chrispeels, M.J. and D.E. Sadava. 1994. "Strategies for Pest Control" pp.355 – 383 in Plants, '
                "Genes, and Agriculture. Jones and Bartlett, Boston, MA.",
            ),
            id="two-chapters-of-one-book-in-an-author-date-style",
        ),
        pytest.param(
            (
                "{{citation |date=January 1914 |title=Claridge's Patent Asphalte Co. ventures into tarred slag "
                "macadam |journal=Concrete and Constructional Engineering |volume=IX |issue=1 |page=760}}",
                "Claridge's Patent Asphalte Co. compulsorily wound up Funds invested in new company The Law Times "
                "Reports (1921) Vol.125, p.256. Retrieved 15 June 2010. "
                "https://books.google.com/books?id=TiYyAAAAIAAJ",
            ),
            id="a-full-stop-after-co-is-no-subtitle",
        ),
        pytest.param(
            (
                "{{cite journal|author=Einstein, A |title=Näherungsweise Integration der Feldgleichungen der "
                "Gravitation |date= June 1916 |url=http://einstein-annalen.mpiwg-berlin.mpg.de/related_texts/"
                "sitzungsberichte |journal=Sitzungsberichte der Königlich Preussischen Akademie der Wissenschaften "
                "Berlin |volume=part 1|pages=688–696}}",
                "{{cite journal|author=Einstein, A |title=Über Gravitationswellen |date=1918 |url=http://einstein-"
                "annalen.mpiwg-berlin.mpg.de/related_texts/sitzungsberichte |journal=Sitzungsberichte der Königlich "
                "Preussischen Akademie der Wissenschaften Berlin|volume=part 1|pages=154–167}}",
            ),
            id="two-papers-at-the-address-of-their-index",
        ),
        pytest.param(
            (
                "{{cite web |url=http://www.cal.org/co/afghan/ahist.html |title=The Afghans&nbsp;– Their History "
                "and Culture |publisher=[[Center for Applied Linguistics]] |location=United States |date=30 June "
                "2002 |accessdate=25 September 2010}}",
                "{{cite web |url=http://www.cal.org/co/afghan/ahist.html |title=42 Buddhist relics discovered in "
                "Logar |accessdate=23 August 2010 |work=Maqsood Azizi |publisher=[[Pajhwok Afghan News]] "
                "|date=18 August 2010}}",
            ),
            id="a-news-story-with-another-pages-address",
        ),
    ],
)
def test_real_look_alikes_from_a_wikipedia_dump_stay_apart(pair: tuple[str, str]) -> None:
    assert _wikitext_groups(*pair) == []


def test_one_address_under_two_titles_is_one_page() -> None:
    """A book's page cited by its title and by the page's own ("Table Of Contents"): one address, and
    nothing else that disagrees."""
    assert _wikitext_groups(
        "Graham, Robert 'Anarchism (Montreal: Black Rose Books 2005) ISBN 1-55164-251-4. "
        "http://www.blackrosebooks.net/anarism1.htm",
        "{{cite web |url=http://blackrosebooks.net/anarism1.htm |title=Table Of Contents "
        "|publisher=Blackrosebooks.net |date= |accessdate=20 September 2010}}",
    ) == [(1, 2)]


def test_a_record_without_a_page_does_not_bridge_two_works_at_one_address() -> None:
    """Articles of one magazine volume, each cited with the address of the page an editor had open:
    the two with their own pages are two works, and the citation without a page joins one at most."""
    url = "https://books.google.com/books?id=ygoAAAAAMAAJ&pg=PA479"
    found = _wikitext_groups(
        f"{{{{cite journal |title=Nothing New under the Sun |journal=The Mechanic's Magazine |year=1838 "
        f"|page=176 |url={url}}}}}",
        f"{{{{cite journal |title=Account of Claridge's Scottish and Irish Patents |journal=The Mechanic's Magazine "
        f"|year=1838 |url={url}}}}}",
        f"{{{{cite journal |title=Bitumen uses by Robinson's and Claridge's companies |journal=The Mechanic's "
        f"Magazine |year=1838 |page=448 |url={url}}}}}",
    )
    assert not any({1, 3} <= set(group) for group in found)
    assert len(found) <= 1


def test_one_page_on_two_hosts_of_one_site_is_one_work() -> None:
    """The same path at apps.who.int and www.who.int, the same title and author: one commentary."""
    one = (
        "{{cite web|author=Cheng L.|url=http://apps.who.int/rhl/fertility/abortion/CD006714_chengl_com/en/index.html"
        "|title=Surgical versus medical methods for second-trimester induced abortion|date=1 November 2008"
        "|work=The WHO Reproductive Health Library|publisher=World Health Organization}}"
    )
    other = (
        "{{cite web|last=Cheng|first=Linan|date=1 November 2008|title=Surgical versus medical methods for "
        "second-trimester induced abortion: RHL commentary|work=The WHO Reproductive Health Library"
        "|publisher=World Health Organization"
        "|url=http://www.who.int/rhl/fertility/abortion/CD006714_chengl_com/en/index.html}}"
    )
    assert _wikitext_groups(one, other) == [(1, 2)]


def test_one_path_on_unrelated_hosts_is_not_one_page() -> None:
    """Only a host and its subdomain share a page: two sites under one public suffix do not."""
    from ldnrefs.dedupe.rules import _one_path_on_one_site

    assert _one_path_on_one_site("apps.who.int/rhl/a.html", "who.int/rhl/a.html")
    assert not _one_path_on_one_site("site-a.co.uk/notes.htm", "site-b.co.uk/notes.htm")
    assert not _one_path_on_one_site("apps.who.int/rhl/a.html", "who.int/rhl/b.html")


def _wikitext_findings(*references: str) -> list[tuple[tuple[int, ...], str]]:
    text = "".join(f"<ref>{reference}</ref>\n" for reference in references)
    records = ldnrefs.parse(text, format="wikitext")
    result = ldnrefs.deduplicate(records)
    return [(group.numbers, group_kind(records, group)) for group in result.groups]


# Shortened notes from gensim's dump ("A Modest Proposal", "American Revolutionary War", "Apollo",
# "Arthur Schopenhauer"): the pinpoint used to stay in the title, so two notes citing one book at two
# places failed the check as the same work cited twice, or were never compared.
@pytest.mark.parametrize(
    "notes",
    [
        pytest.param(
            ("Landa, A Modest Proposal and Populousness, p161", "Landa, A Modest Proposal and Populousness, p165"),
            id="p161-p165",
        ),
        pytest.param(
            (
                "Curtis, The Organization of the British Army in the American Revolution, ch. 4.",
                "Curtis, The Organization of the British Army in the American Revolution, ch. 3.",
            ),
            id="two-chapters",
        ),
        pytest.param(("Stephanus of Byzantium s. v. Patara", "Stephanus of Byzantium, s. v. Galeōtai"), id="sub-verbo"),
        pytest.param(
            (
                "The World as Will and Representation, Vol. II, Ch. XLVII.",
                "Payne, The World as Will and Representation, Vol. II, p. 519",
            ),
            id="a-chapter-and-a-page",
        ),
        pytest.param(
            (
                "Jonathan Dull, A Diplomatic History of the American Revolution (Yale University Press, 1985), p. 110.",
                "Dull, A Diplomatic History of the American Revolution, ch. 18.",
            ),
            id="full-note-then-short-note",
        ),
    ],
)
def test_one_book_at_two_places_is_one_work_at_different_pages(notes: tuple[str, str]) -> None:
    assert _wikitext_findings(*notes) == [((1, 2), DIFFERENT_PAGES)]


def test_a_book_cited_in_full_at_two_pages_is_one_work_at_different_pages() -> None:
    """A book's page is where it is cited, not where it is (an article's pages are: kept apart)."""
    books = [
        "{{cite book | title=The Scientific Renaissance 1450–1630 | publisher=Fontana | author=Boas, Marie "
        f"| year=1970 | {pages}}}}}"
        for pages in ("pages=120–143", "page=229")
    ]
    assert _wikitext_findings(*books) == [((1, 2), DIFFERENT_PAGES)]
    articles = [
        "{{cite journal | title=The Scientific Renaissance and its critics | journal=Isis | author=Boas, Marie "
        f"| year=1970 | volume=12 | {pages}}}}}"
        for pages in ("pages=120–143", "page=229")
    ]
    assert _wikitext_findings(*articles) == []


def test_notes_at_the_same_place_are_the_same_work() -> None:
    assert _wikitext_findings(
        "Schopenhauer, The World as Will and Representation, Vol. I, § 62.",
        "The World as Will and Representation, Vol. I, § 62.",
    ) == [((1, 2), SAME_WORK)]


def test_back_references_never_join() -> None:
    """ "Ibid., p. 45" after a note on Smith's book and again after one on Jones's cites two works;
    so may two long "Op. cit." notes (once joined by title, or word for word)."""
    notes = (
        "Smith, A Book of Things, p. 4.",
        "Ibid., p. 45.",
        "Jones, Another Book Entirely, p. 7.",
        "Ibid., p. 45.",
        "Op. cit., pp. 123–125, 130–131.",
        "Op. cit., pp. 123–125, 130–131.",
        "Id. at 45.",
        "Id. at 45.",
    )
    assert _wikitext_findings(*notes) == []


CONFERENCE_AND_JOURNAL = """
@inproceedings{smith2017conf,
  author = {Smith, John and Doe, Jane},
  title = {Fast Approximate Matching of Bibliographic Records},
  booktitle = {Proceedings of the 34th International Conference on Machine Learning},
  year = {2017},
  pages = {100--108}
}
@article{smith2018journal,
  author = {Smith, John and Doe, Jane},
  title = {Fast Approximate Matching of Bibliographic Records},
  journal = {Journal of Machine Learning Research},
  year = {2018},
  volume = {19},
  pages = {1--40}
}
@article{smith2018nopages,
  author = {Smith, John and Doe, Jane},
  title = {Fast Approximate Matching of Bibliographic Records},
  journal = {Journal of Machine Learning Research},
  year = {2018}
}
"""


def test_a_record_that_says_less_does_not_bridge_two_that_disagree() -> None:
    """The conference paper and its journal version are two publications (a paper may cite both);
    the journal entry without pages matched both and used to join all three. Now it joins the one
    its group does not contradict, and the two versions stay apart."""
    records = ldnrefs.parse(CONFERENCE_AND_JOURNAL, format="bibtex")
    result = ldnrefs.deduplicate(records)
    assert [[records[position].provenance.key for position in group.positions] for group in result.groups] == [
        ["smith2018journal", "smith2018nopages"]
    ]
    assert ldnrefs.deduplicate(result.records).groups == ()
    journal_first = ldnrefs.deduplicate([records[2], records[0], records[1]])
    assert [sorted(group.positions) for group in journal_first.groups] == [[0, 2]]


def test_a_thesis_and_the_article_it_became_are_two_publications() -> None:
    roe = (ldnrefs.Name(family="Roe", given="A"),)
    thesis = ldnrefs.Reference(
        type="thesis", title="Opioid growth factor in wound healing", authors=roe, publisher="Penn State"
    )
    article = ldnrefs.Reference(
        type="article-journal",
        title="Opioid growth factor in wound healing",
        authors=roe,
        container_title="Wound Repair and Regeneration",
    )
    assert ldnrefs.deduplicate([thesis, article]).groups == ()


def test_a_conference_paper_in_a_journal_series_is_the_journal_record() -> None:
    """Types differ but the container agrees ("J. Phys.: Conf. Ser." prints conference papers)."""
    roe = (ldnrefs.Name(family="Roe", given="A"),)
    records = [
        ldnrefs.Reference(
            type=kind,
            title="Calibration of the tracker at high luminosity",
            authors=roe,
            issued=ldnrefs.Date(2020),
            container_title="Journal of Physics: Conference Series",
        )
        for kind in ("paper-conference", "article-journal")
    ]
    assert [group.positions for group in ldnrefs.deduplicate(records).groups] == [(0, 1)]


def test_a_note_at_a_page_inside_an_article_cites_that_article() -> None:
    """ "Smith, Toward a Participatory Rhetoric, p. 136" cites the article at pp. 135–149 (gensim's dump,
    "A Modest Proposal"); a page outside it does not."""
    article = (
        "{{citation | last = Smith | first = Charles Kay | title = Toward a Participatory Rhetoric: Teaching "
        "Swift's ''Modest Proposal'' | journal = College English | volume = 30 | issue = 2 | year = 1968 "
        "| pages = 135–149}}"
    )
    assert _wikitext_findings(article, "Smith, Toward a Participatory Rhetoric, p. 136") == [((1, 2), DIFFERENT_PAGES)]
    assert _wikitext_findings(article, "Smith, Toward a Participatory Rhetoric, p. 210") == []


def test_two_undated_books_by_one_author_are_two_works() -> None:
    """CS1 without a date writes "Smith, John Paul. Title. Publisher.": the author list was read as
    the title, and two books by one author (a title of three words or more) joined on it."""
    entries = (
        "1. ^ Smith, John Paul. The Book of Things. Penguin.\n"
        "2. ^ Smith, John Paul. Another Book Entirely. Penguin.\n"
        "3. ^ Smith, John; Doe, Jane. A Third Book. Penguin.\n"
        "4. ^ Smith, John; Doe, Jane. A Fourth Book. Penguin.\n"
    )
    assert _groups(entries) == []
    records = ldnrefs.parse("References\n" + entries)
    assert [(record.title, [name.family for name in record.authors]) for record in records[:3:2]] == [
        ("The Book of Things", ["Smith"]),
        ("A Third Book", ["Smith", "Doe"]),
    ]
