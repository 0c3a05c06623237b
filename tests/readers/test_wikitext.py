"""The wikitext reader: CS1 templates in <ref> tags, named references, hand-written refs."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.model import Date, Name
from ldnrefs.scan.dump import Page
from tests.conftest import DATA

ARTICLE = DATA / "wikitext" / "article.wiki"


def test_article_gives_one_record_per_cited_work_in_order() -> None:
    """Five references: a reused named ref is read once; lines, numbers and names are kept."""
    records = ldnrefs.read(ARTICLE)
    assert records.diagnostics == []
    assert [(r.provenance.line, r.provenance.number, r.provenance.key) for r in records if r.provenance] == [
        (1, 1, "Younger"),
        (3, 2, None),
        (4, 3, "YoungerApril"),
        (5, 4, None),
        (6, 5, None),
    ]
    younger = records[0]
    assert younger.authors == (Name("Younger", "J."), Name("Parkitny", "L."), Name("McLain", "D."))
    assert (younger.issued, younger.page, younger.identifiers.pmcid) == (Date(2014, 2, 15), "451-459", "PMC3962576")


def test_template_parameters_map_to_fields() -> None:
    """last1/first1, wiki links in titles, url/access-date, book chapters, and a hand-written ref."""
    records = ldnrefs.read(ARTICLE)
    web, april, chapter, plain = records[1], records[2], records[3], records[4]
    assert (web.type, web.identifiers.url, web.accessed) == ("webpage", "https://example.org/ldn", Date(2025, 2, 17))
    assert april.authors[0] == Name("Younger", "Jarred")
    assert april.container_title == "Clinical Rheumatology"
    assert april.title is not None
    assert april.title.startswith("The use of low-dose naltrexone (LDN)")
    assert april.page == "451-459"
    assert (chapter.type, chapter.title, chapter.container_title) == ("chapter", "Missing data", "Bad Pharma")
    assert (chapter.publisher, chapter.publisher_place, chapter.identifiers.isbn) == (
        "Fourth Estate",
        "London",
        ("9780007350742",),
    )
    assert (plain.title, plain.container_title, plain.volume) == ("A hand-written citation", "Journal", "1")


def test_reuse_is_not_a_duplicate_but_two_names_for_one_work_are(capsys: pytest.CaptureFixture[str]) -> None:
    """check: <ref name="Younger" /> is fine; Younger and YoungerApril citing one DOI are reported."""
    assert main(["check", str(ARTICLE)]) == 1
    assert capsys.readouterr().out == (
        f"{ARTICLE}:4: entry YoungerApril duplicates entry Younger (same DOI 10.1007/s10067-014-2517-2)\n"
    )


def test_repeated_ref_name_and_bad_date_are_reported(tmp_path: Path) -> None:
    """A second definition of one name is read once and reported; an unreadable date is reported."""
    source = tmp_path / "a.wiki"
    source.write_text(
        '<ref name="a">{{cite web |title=One |date=Smarch 2020}}</ref>\n<ref name="a">{{cite web |title=Two}}</ref>\n',
        encoding="utf-8",
    )
    result = ldnrefs.read(source)
    assert [record.title for record in result] == ["One"]
    assert [(d.line, d.code) for d in result.diagnostics] == [(1, "wikitext.bad-date"), (2, "wikitext.repeated-name")]


def test_wikitext_is_detected_from_content() -> None:
    """A .txt file holding cite templates is read as wikitext."""
    assert ldnrefs.parse("Text.<ref>{{cite journal |title=T |journal=J |doi=10.1000/x}}</ref>")[0].type == (
        "article-journal"
    )


@given(st.text(max_size=300))
def test_wikitext_reader_never_raises(text: str) -> None:
    """Any text gives records and diagnostics, never an exception; the leading reference is always read."""
    result = ldnrefs.parse("<ref>{{cite web |title=x}}</ref>" + text, format="wikitext")
    assert result[0].title == "x"


@pytest.mark.parametrize("name", ["cite book", "Cite_book", " Cite  book ", "CITE BOOK"])
def test_template_names_are_read_however_they_are_spelled(name: str) -> None:
    """Case, underscores and extra spaces in a template name do not change what it is."""
    records = ldnrefs.parse(f"<ref>{{{{{name} |title=Bad Pharma |date=2012}}}}</ref>", format="wikitext")
    assert [(r.type, r.title) for r in records] == [("book", "Bad Pharma")]


def _gensim_articles(count: int) -> list[Page]:
    from ldnrefs.scan import dump

    path = DATA / "realworld" / "wikidump" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
    text, _ = dump.decompress(path.read_bytes())
    pages = [dump.parse_page(block) for block in dump.pages_of(text)]
    return [page for page in pages if page.namespace == 0 and not page.redirect][:count]


# Articles where mwparserfromhell, parsing the whole page, loses a <ref> (a stray '' before it):
# MediaWiki renders it as a reference, and the span reader reads it. Everything else is equal.
LOST_BY_THE_WHOLE_PAGE_PARSE = {"Anarchism": 1, "Abraham Lincoln": 1, "Aristotle": 1}


def test_reading_only_the_citations_equals_parsing_the_whole_page() -> None:
    """On the first 12 real articles of gensim's dump: the same records and diagnostics as parsing the
    whole page, but for a reference the whole-page parse loses."""
    from ldnrefs.readers import wikitext

    for page in _gensim_articles(12):
        spans = wikitext.loads(page.text, source=page.title)
        whole = wikitext._loads_whole(page.text, source=page.title)
        lost = LOST_BY_THE_WHOLE_PAGE_PARSE.get(page.title, 0)
        assert len(spans) == len(whole) + lost, page.title
        if not lost:
            assert list(spans) == list(whole), page.title
            assert list(spans.diagnostics) == list(whole.diagnostics), page.title
        else:  # the whole parse's records, in order, with the lost one among them
            texts = [record.provenance.text for record in spans]
            at = 0
            for record in whole:
                at = texts.index(record.provenance.text, at) + 1


def test_plain_templates_read_without_mwparserfromhell_give_the_same_records(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every real article of gensim's dump (7,459 records): the fast path for plain citation templates
    and ``<ref>``s holding one gives what mwparserfromhell's reading gives, records and diagnostics."""
    from ldnrefs.readers import wikitext

    articles = _gensim_articles(106)
    fast = [wikitext.loads(page.text, source=page.title) for page in articles]
    taken = []
    plain = wikitext._read_plain
    monkeypatch.setattr(  # each span offered to the fast path (on copies of the reader's state), never used
        wikitext,
        "_read_plain",
        lambda span, kind, names, *rest: taken.append(plain(span, kind, set(names), [], *rest[1:])),
    )
    for page, read in zip(articles, fast, strict=True):
        slow = wikitext.loads(page.text, source=page.title)
        assert list(read) == list(slow), page.title
        assert read.diagnostics == slow.diagnostics, page.title
    assert sum(map(len, fast)) > 7000
    assert sum(found is not None for found in taken) > 0.6 * len(taken)  # most spans take the fast path


@pytest.mark.parametrize(
    "text",
    [
        "<ref>{{cite web |title=A |url=http://x.org/?a=b=c |website= W  |2=pos}}</ref>",
        '<ref name=" n  1 ">{{ Cite_Journal\n|title = T\n|last1=Smith |first1=J |journal=J |date=2001 }}</ref>',
        "<ref name='q'>{{cite book |title=B |year=1999}}</ref><ref name='q'>{{cite book |title=C}}</ref>",
        "<ref name=q>{{cite book |title=B}}</ref><ref name=q />{{cite news |title=N |work=W}}",
        "<ref>{{citation needed}}</ref><ref>{{cite web|title=|url=}}</ref>{{cite journal|}}",
        "<ref group=a>{{cite book |title=B}}</ref><ref>{{cite book |title=''B'' &amp; C}}</ref>",
        "<ref name=a&amp;b>{{cite book |title=B &amp;ndash; C&nbsp;D &foo; &#8211;}}</ref>",
        "<ref>Smith J (2001). Title. Journal 3: 4–5.</ref><ref name=n>Phelps wrote:\n:quoted text</ref>",
        "<ref>Text\n* a list\n== heading ==\n----</ref><ref> </ref><ref>Jones, p. 5 http://x.org/a.</ref>",
    ],
)
def test_the_fast_path_reads_edge_cases_as_mwparserfromhell_does(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from ldnrefs.readers import wikitext

    fast = wikitext.loads(text, source="t")
    monkeypatch.setattr(wikitext, "_read_plain", lambda *args: None)
    slow = wikitext.loads(text, source="t")
    assert list(fast) == list(slow)
    assert fast.diagnostics == slow.diagnostics


def test_the_fast_path_reads_mutated_pages_as_mwparserfromhell_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pieces of real articles, mutated as the fuzz harness mutates them (brackets, entities, markup,
    spans repeated and spliced): the fast path never reads a span otherwise than mwparserfromhell."""
    import logging

    from ldnrefs.readers import wikitext
    from tests.fuzz import Mutator, seeds

    logging.disable(logging.WARNING)
    try:
        mutator, pool = Mutator(20261202), seeds("wikitext")
        texts = [mutator.text(pool) for _ in range(300)]
        fast = [wikitext.loads(text, source="t") for text in texts]
        monkeypatch.setattr(wikitext, "_read_plain", lambda *args: None)
        for text, read in zip(texts, fast, strict=True):
            slow = wikitext.loads(text, source="t")
            assert (list(read), read.diagnostics) == (list(slow), slow.diagnostics), text
    finally:
        logging.disable(logging.NOTSET)


def test_a_ref_after_a_stray_italic_mark_is_its_own_reference() -> None:
    """Angola (2016): the whole-page parse swallowed 50 lines of article text into one reference."""
    from ldnrefs.readers import wikitext

    angola = next(page for page in _gensim_articles(106) if page.title == "Angola")
    records = wikitext.loads(angola.text, source="Angola")
    assert max(len(record.provenance.text or "") for record in records) < 1000
    assert any("Heimer, Educação e sociedade" in (record.provenance.text or "") for record in records)


def test_unclosed_refs_and_templates_are_warnings_in_linear_time() -> None:
    """13,000 unclosed <ref> tags took 40 s (each opening scanned to the end of the page)."""
    import time

    text = "<ref>Smith J. An unclosed reference.\n" * 13_000 + "<ref>{{cite journal |title=Closed |year=2020}}</ref>"
    started = time.perf_counter()
    result = ldnrefs.parse(text, format="wikitext")
    assert time.perf_counter() - started < 5
    assert [record.title for record in result] == ["Closed"]
    assert {diagnostic.code for diagnostic in result.diagnostics} == {"wikitext.unclosed-ref"}
    assert len(result.diagnostics) == 13_000
    unclosed = ldnrefs.parse("Text {{cite book |title=Never closed\n\nMore text.", format="wikitext")
    assert [d.code for d in unclosed.diagnostics] == ["wikitext.unclosed-template"]
