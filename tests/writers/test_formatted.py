"""Formatted bibliographies through citeproc-py and the official CSL styles."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.writers.formatted import style_path
from tests.conftest import SEED
from tests.strategies import records


def _merged() -> list[ldnrefs.Reference]:
    return list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)


@pytest.mark.parametrize("style", ["apa", "vancouver", "harvard", "ieee", "chicago", "nature"])
def test_seed_renders_fifteen_entries_in_common_styles(style: str) -> None:
    """Each common style gives one line per merged work, with the fields the records have."""
    text = ldnrefs.format_bibliography(_merged(), style=style)
    lines = text.splitlines()
    assert len(lines) == 15
    younger = next(line for line in lines if "Younger" in line)
    for field in ("low-dose naltrexone", "Clinical Rheumatology", "33", "451"):
        assert field.lower() in younger.lower(), (style, younger)


def test_vancouver_numbers_and_doi() -> None:
    """Vancouver: numbered entries, DOI and PMID printed."""
    first = ldnrefs.format_bibliography(_merged(), style="vancouver").splitlines()[0]
    assert first.startswith("1. Younger J, Parkitny L, McLain D.")
    assert "doi:10.1007/s10067-014-2517-2" in first
    assert "PMID: 24526250" in first


def test_html_and_markdown_outputs() -> None:
    """HTML is an ordered list with italics; Markdown turns them into asterisks."""
    records = _merged()[:2]
    html = ldnrefs.format_bibliography(records, style="apa", output="html")
    assert html.startswith('<ol class="bibliography">')
    assert html.count("<li>") == 2
    assert "<i>Clinical Rheumatology</i>" in html
    markdown = ldnrefs.format_bibliography(records, style="apa", output="markdown")
    # APA sorts by author: Kim before Younger.
    assert markdown.splitlines()[1].startswith("2. Younger, J., Parkitny, L., & McLain, D. (2014).")
    assert "*Clinical Rheumatology*" in markdown


def test_a_csl_file_path_works(tmp_path: Path) -> None:
    """Any .csl file can be given by path."""
    copy = tmp_path / "mine.csl"
    copy.write_bytes(style_path("ieee").read_bytes())
    assert len(ldnrefs.format_bibliography(_merged(), style=str(copy)).splitlines()) == 15


@pytest.mark.parametrize("style", ["no-such-style", "x" * 5000, "x" * 5000 + ".csl"])
def test_unknown_style_is_a_usage_error(style: str, capsys: pytest.CaptureFixture[str]) -> None:
    """An unknown style (a name too long for a file name included): exit 2 with a message that says
    what to give."""
    assert main(["export", str(SEED), "--to", "text", "--style", style]) == 2
    assert f"unknown citation style '{style[:20]}" in capsys.readouterr().err


def test_cli_export_to_text(capsys: pytest.CaptureFixture[str]) -> None:
    """`ldnrefs export --dedupe --to text --style vancouver` prints 15 numbered entries."""
    assert main(["-q", "export", str(SEED), "--dedupe", "--to", "text", "--style", "vancouver"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 15
    assert lines[14].startswith("15. Aitcheson N")


def _record(**fields: object) -> ldnrefs.Reference:
    base: dict[str, object] = {
        "type": "article-journal",
        "title": "A study",
        "authors": (ldnrefs.Name(family="Smith", given="Jane"),),
        "issued": ldnrefs.Date(2014, 2, 15),
        "container_title": "Journal",
    }
    base.update(fields)
    return ldnrefs.Reference(**base)  # type: ignore[arg-type]


def test_vancouver_dates_keep_their_spaces() -> None:
    """The NLM style's localized date joins year, month and day with spaces: 2014 Feb 15, not 2014Feb15."""
    assert "Journal. 2014 Feb 15." in ldnrefs.format_bibliography([_record()], style="vancouver")


def test_punctuation_goes_inside_closing_quotes_and_is_not_doubled() -> None:
    """en-US: ``pain,”`` not ``pain”,``; a title's own question mark takes no period or comma after it."""
    ieee = ldnrefs.format_bibliography([_record(title="Is it pain?")], style="ieee")
    assert "“Is it pain?” Journal" in ieee
    chicago = ldnrefs.format_bibliography([_record(title="Pain")], style="chicago-author-date")
    assert "“Pain.” Journal" in chicago
    nature = ldnrefs.format_bibliography([_record(title="Is it pain?")], style="nature")
    assert "Is it pain? Journal" in nature


def test_title_case_capitalises_each_part_of_a_hyphenated_word() -> None:
    text = ldnrefs.format_bibliography([_record(title="Low-dose naltrexone in a long-term study")], style="chicago")
    assert "“Low-Dose Naltrexone in a Long-Term Study.”" in text


def test_full_given_names_are_not_initialised_where_the_style_says_so() -> None:
    """Chicago (``initialize="false"``): "Smith, Jane", and a bare initial gets its period ("Jane K.")."""
    record = _record(authors=(ldnrefs.Name(family="Smith", given="Jane K"), ldnrefs.Name(family="Roe", given="Al")))
    assert ldnrefs.format_bibliography([record], style="chicago").startswith("Smith, Jane K., and Al Roe. 2014.")


def test_a_label_needs_a_value_and_takes_the_style_case() -> None:
    """No "Edition." without an edition (Chicago); APA writes "(Ed.)"."""
    news = _record(type="article-newspaper", container_title="Reuters")
    assert "Edition" not in ldnrefs.format_bibliography([news], style="chicago")
    chapter = _record(
        type="chapter", container_title="Book", editors=(ldnrefs.Name(family="Roe", given="Ann"),), publisher="P"
    )
    assert "In A. Roe (Ed.), Book" in ldnrefs.format_bibliography([chapter], style="apa")


@pytest.mark.parametrize(("page", "printed"), [("1-17", "1–17"), ("221-3", "221–223"), ("451-459", "451–459")])
def test_page_ranges_are_never_shortened_wrongly(page: str, printed: str) -> None:
    """A last page with more digits, or abbreviated in the data, is printed in full (APA's expanded format)."""
    assert f", {printed}." in ldnrefs.format_bibliography([_record(page=page)], style="apa")


def test_same_author_and_year_get_year_suffixes_in_bibliography_order() -> None:
    first = _record(title="Alpha", authors=(ldnrefs.Name(literal="TIME USA"),), issued=ldnrefs.Date(2019))
    second = _record(title="Beta", authors=(ldnrefs.Name(literal="TIME USA"),), issued=ldnrefs.Date(2019))
    lines = ldnrefs.format_bibliography([second, first], style="apa").splitlines()
    assert [line[:16] for line in lines] == ["TIME USA. (2019a", "TIME USA. (2019b"]
    assert "Alpha" in lines[0]


def test_what_stands_in_for_the_author_is_not_printed_twice() -> None:
    """No author: APA puts the title first, and not again; a book's editors stand in once."""
    untitled = ldnrefs.format_bibliography([_record(authors=(), type="webpage", title="Continuous Publishing")])
    assert untitled.count("Continuous Publishing") == 1
    book = _record(type="book", authors=(), editors=(ldnrefs.Name(family="Roe", given="Ann"),), publisher="P")
    assert ldnrefs.format_bibliography([book], style="apa").count("Roe") == 1


def test_quotes_inside_quotes_alternate() -> None:
    text = ldnrefs.format_bibliography([_record(title='The "Paper" of the future')], style="ieee")
    assert "“The ‘Paper’ of the future,”" in text


def test_a_title_over_two_lines_is_one_entry() -> None:
    text = ldnrefs.format_bibliography([_record(title="Semantics for referencing and\npreservation")], style="apa")
    assert len(text.splitlines()) == 1


def test_keys_differing_in_case_are_two_entries() -> None:
    """citeproc-py lower-cases ids; ldnrefs does not let Smith2017 and smith2017 collide."""
    records = ldnrefs.parse(
        "@article{Smith2017, title = {One}, year = 2017}\n@article{smith2017, title = {Two}, year = 2017}",
        format="bibtex",
    )
    assert len(ldnrefs.format_bibliography(records, style="apa").splitlines()) == 2


@pytest.mark.parametrize("style", ["vancouver", "ieee"])
def test_a_numeric_style_is_numbered_once_in_html_and_markdown(style: str) -> None:
    """Was "1. 1. Younger J…" in Markdown and "<li>[1] …" inside an <ol>: the list numbers its items."""
    records = ldnrefs.read(SEED)
    markdown = ldnrefs.format_bibliography(records, style=style, output="markdown").splitlines()
    assert markdown[0].startswith("1. ")
    assert not markdown[0].startswith(("1. 1.", "1. [1]"))
    html = ldnrefs.format_bibliography(records, style=style, output="html")
    assert "<li>1." not in html
    assert "<li>[1]" not in html
    text = ldnrefs.format_bibliography(records, style=style, output="text").splitlines()
    assert text[0].startswith(("1. ", "[1] "))  # plain text keeps the style's own numbers


def test_a_name_with_no_part_is_left_out_not_a_crash() -> None:
    """citeproc-py writes a name with no part as an empty name (", & Zagon, I. S.") or fails on it; a
    record built directly may hold one (the readers never make one). The other names are formatted;
    a role left with none is dropped."""
    record = ldnrefs.Reference(
        type="article-journal",
        title="Opioids and cancer",
        authors=(ldnrefs.Name(), ldnrefs.Name(family="Zagon", given="I. S.")),
        editors=(ldnrefs.Name(),),
        issued=ldnrefs.Date(2003),
        container_title="Neuropeptides",
    )
    assert (
        ldnrefs.format_bibliography([record], style="apa")
        == "Zagon, I. S. (2003). Opioids and cancer. Neuropeptides.\n"
    )


_SEPT_15_TO_17 = ldnrefs.Date(2004, 9, 15, end=ldnrefs.Date(2004, 9, 17))
_SEPT_TO_NOV = ldnrefs.Date(2004, 9, end=ldnrefs.Date(2004, 11))
_ACROSS_YEARS = ldnrefs.Date(2004, 9, 15, end=ldnrefs.Date(2005, 1, 17))


@pytest.mark.parametrize(
    ("issued", "style", "printed"),
    [
        (_SEPT_15_TO_17, "apa", "(2004, September 15–17)"),
        (_SEPT_15_TO_17, "modern-language-association", "The Times, 15–17 Sept. 2004."),
        (_SEPT_15_TO_17, "ieee", "Sep. 15–17, 2004."),
        (_SEPT_15_TO_17, "vancouver", "The Times. 2004 Sep 15–17."),
        (_SEPT_TO_NOV, "apa", "(2004, September–November)"),
        (_SEPT_TO_NOV, "modern-language-association", "Sept.–Nov. 2004."),
        (_ACROSS_YEARS, "ieee", "Sep. 15, 2004–Jan. 17, 2005."),
        (_ACROSS_YEARS, "modern-language-association", "15 Sept. 2004–17 Jan. 2005."),
        (ldnrefs.Date(2004, 9, 28, end=ldnrefs.Date(2004, 10, 2)), "chicago-author-date", "September 28–October 2."),
    ],
)
def test_a_date_range_prints_shared_parts_once(issued: ldnrefs.Date, style: str, printed: str) -> None:
    """citeproc-py raised on a range of days in one month (APA, Chicago: found by fuzzing a conference
    paper held 15–17 September) and dropped the year of a range within one year."""
    story = _record(type="article-newspaper", container_title="The Times", issued=issued)
    assert printed in ldnrefs.format_bibliography([story], style=style)


@settings(max_examples=60, deadline=None)
@given(st.lists(records, min_size=1, max_size=3), st.sampled_from(["apa", "chicago-author-date", "ieee", "vancouver"]))
def test_any_record_is_formatted_without_a_crash(generated: list[ldnrefs.Reference], style: str) -> None:
    """Dates of every shape (ranges, seasons), hostile text and empty fields: one entry each."""
    text = ldnrefs.format_bibliography(generated, style=style, output="html")
    assert text.count("<li>") == len(generated)
