"""The rendered CS1 reader: golden files, and hostile input.

Golden tests: one folder per case under tests/data/rendered/. Each folder
holds ``input.txt``, ``expected.json`` (the CSL-JSON items, with provenance
reduced to line and number) and ``diagnostics.txt`` (one ``LINE CODE`` per
expected warning). The expected files were checked by eye against the
input, field by field; regenerate them only with ``pytest --update-golden``
and review the diff.

On hostile input the reader never crashes, never hangs, always yields valid
CSL-JSON.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.readers import rendered
from tests.conftest import CSL_VALIDATOR as VALIDATOR
from tests.conftest import DATA

CASES = sorted(path for path in (DATA / "rendered").iterdir() if (path / "input.txt").exists())


def _comparable(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for item in items:
        provenance = item.get("custom", {}).get("provenance", {})
        provenance.pop("text", None)
        provenance.pop("source", None)
    return items


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in CASES])
def test_rendered_reader_matches_golden_file(case: Path, update_golden: bool) -> None:
    """Every field of every entry equals the hand-checked expected CSL-JSON."""
    result = ldnrefs.read(case / "input.txt")
    items = _comparable(ldnrefs.to_csl_items(result))
    diagnostics = [f"{d.line} {d.code}" for d in result.diagnostics]
    expected_path = case / "expected.json"
    diagnostics_path = case / "diagnostics.txt"
    if update_golden:
        expected_path.write_text(json.dumps(items, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        diagnostics_path.write_text("".join(f"{line}\n" for line in diagnostics), encoding="utf-8")
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert len(items) == len(expected)
    for got, want in zip(items, expected, strict=True):
        assert got == want, f"entry {want.get('custom', {}).get('provenance', {}).get('number')} differs"
    assert diagnostics == diagnostics_path.read_text(encoding="utf-8").splitlines()


ENTRY_PIECES = st.sampled_from(
    [
        "Younger J, Parkitny L",
        " (15 February 2014). ",
        '"',
        "Title",
        '". ',
        "Journal",
        ". ",
        "33 (4)",
        ": 451–9",
        "doi:10.1007/x",
        " PMID 1",
        " ISSN 1234-5678",
        "(",
        ")",
        "[",
        "]",
        "Retrieved ",
        "Archived from the original on ",
        "In ",
        " (eds.)",
        "^ a b ",
        "1. ",
        "\n",
        "  ",
        "“",
        "”",
        "–",
        "n.d.",
        ", et al.",
        ":",
        ";",
        "ISBN 978",
    ]
)
entry_like = st.lists(ENTRY_PIECES, max_size=40).map("".join)


def _check(text: str) -> None:
    try:
        result = ldnrefs.parse(text, format="rendered")
    except ldnrefs.InputError:
        return
    items = json.loads(ldnrefs.to_csl_json(result))
    assert list(VALIDATOR.iter_errors(items)) == []
    for diagnostic in result.diagnostics:
        assert diagnostic.line is not None


@given(st.text(max_size=400))
@example("References\n\n  1. ")
@example('References\n1. "')
@example("1. (2014).")
def test_any_text_gives_records_or_a_documented_error(text: str) -> None:
    """Arbitrary text yields valid CSL-JSON or an InputError, nothing else."""
    _check(text)


@given(entry_like)
def test_entry_shaped_noise_gives_valid_records(text: str) -> None:
    """Shuffled pieces of real entries never crash the entry parser."""
    _check("References\n\n  1. " + text.replace("\n", " "))
    _, diagnostics = rendered.parse_entry(text, line=1)
    assert all(d.line == 1 for d in diagnostics)


@pytest.mark.timeout(60)
@pytest.mark.parametrize(
    "body",
    [
        pytest.param('"' * 20000, id="quotes"),
        pytest.param("." * 20000, id="dots"),
        pytest.param("(" * 10000 + ")" * 10000, id="parens"),
        pytest.param("( 2014" * 5000, id="open-dates"),
        pytest.param('"a". ' * 5000, id="titles"),
        pytest.param("doi:10.1234/" + "a" * 20000, id="long-doi"),
        pytest.param("Retrieved " * 5000, id="retrieved"),
        pytest.param("J. " * 10000, id="initials"),
        pytest.param("1 2 " * 5000, id="backlinks"),
        pytest.param("Smith J, " * 5000 + "(2014).", id="authors"),
        pytest.param(": " * 10000 + "1–2", id="colons"),
        pytest.param("a" * 50000, id="one-word"),
    ],
)
def test_pathological_entries_finish_quickly(body: str) -> None:
    """No regular expression backtracks catastrophically on repeated characters."""
    started = time.perf_counter()
    _check("References\n\n  1. " + body)
    # A generous bound: linear work here takes well under a second; exponential
    # backtracking would take hours.
    assert time.perf_counter() - started < 20


def test_ten_megabyte_file_is_parsed(tmp_path: pytest.TempPathFactory) -> None:
    """A 10 MB list is read whole, in order, with nothing lost."""
    entry = (
        '  {n}. Younger J, Parkitny L, McLain D (15 February 2014). "The use of low-dose naltrexone". '
        "Clinical Rheumatology. 33 (4): 451–459. doi:10.1007/s10067-014-{n}. PMID {n}.\n"
    )
    lines = ["References", ""]
    size = 0
    number = 0
    while size < 10_000_000:
        number += 1
        line = entry.format(n=number)
        lines.append(line.rstrip("\n"))
        size += len(line)
    result = ldnrefs.parse("\n".join(lines))
    assert len(result) == number
    assert result[-1].identifiers.pmid == str(number)
    assert result.diagnostics == []


def test_prose_without_a_list_is_a_clear_error() -> None:
    """A text with no reference list raises NoReferencesError naming the source."""
    with pytest.raises(ldnrefs.NoReferencesError, match=r"^essay\.txt: no reference list found"):
        ldnrefs.parse("Just an essay.\n\nWith two paragraphs and no citations at all.", source="essay.txt")


def test_empty_text_is_a_clear_error() -> None:
    """Empty input is an InputError, not an empty result."""
    with pytest.raises(ldnrefs.NoReferencesError, match="empty"):
        ldnrefs.parse("   \n")


def test_bytes_instead_of_text_says_what_to_do() -> None:
    """Bytes are a caller's mistake (TypeError, as Python does), with a message saying how to fix it."""
    with pytest.raises(TypeError, match=r"takes text \(str\), not bytes: decode it first"):
        ldnrefs.parse(b'References\n\n  1. Kim PS (2020). "T". J. 1 (2): 3.')  # type: ignore[arg-type]


def test_partly_understood_entry_keeps_what_was_read_and_warns() -> None:
    """Unplaceable text lands in note with a warning naming the line; strict mode raises."""
    text = 'References\n\n  1. Kim PS (2020). "Title". Journal. 24 (10): 64. Stray one. Stray two. Stray three.\n'
    result = ldnrefs.parse(text, source="a.txt")
    record = result[0]
    assert (record.title, record.container_title, record.volume, record.page) == ("Title", "Journal", "24", "64")
    assert record.note == "Stray two; Stray three"
    assert [str(d) for d in result.diagnostics] == [
        "a.txt:3: warning: could not place 'Stray two'; kept in note [rendered.unplaced-text]",
        "a.txt:3: warning: could not place 'Stray three'; kept in note [rendered.unplaced-text]",
    ]
    with pytest.raises(ldnrefs.ParseError) as caught:
        ldnrefs.parse(text, source="a.txt", strict=True)
    assert len(caught.value.diagnostics) == 2


@pytest.mark.parametrize(
    ("raw", "stripped"),
    [
        ("1 2 Niciu MJ", "Niciu MJ"),
        ("a b c Kim PS", "Kim PS"),
        ("^ a b Kim PS", "Kim PS"),
        ("^ Kim PS", "Kim PS"),
        ("de Souza A", "de Souza A"),
        ("a Smith J", "a Smith J"),
    ],
)
def test_strip_backlinks(raw: str, stripped: str) -> None:
    """Back-link labels go; a lone particle or letter that starts a name stays."""
    assert rendered.strip_backlinks(raw) == stripped


def test_split_segments_keeps_journal_abbreviations_together() -> None:
    """'Proc. Natl. Acad. Sci. U.S.A.' is one segment; the volume after it is another."""
    assert rendered.split_segments("Proc. Natl. Acad. Sci. U.S.A. 105 (3): 1–5. Vol. 3. pp. 7–9") == [
        "Proc. Natl. Acad. Sci. U.S.A",
        "105 (3): 1–5",
        "Vol. 3",
        "pp. 7–9",
    ]


_PASTED = (
    "Younger J, Parkitny L, McLain D. The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment "
    "for chronic pain. Clin Rheumatol. 2014;33(4):451-9.",
    "Kim, P. S., & Fishman, M. A. (2020). Low-dose naltrexone for chronic pain: Update and systemic review. "
    "Current Pain and Headache Reports, 24(10), 64.",
    "Toljan K, Vrooman B. Low-dose naltrexone (LDN)-review of therapeutic utilization. Med Sci (Basel). 2018;6(4):82.",
)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("References\n" + "".join(f"{n}. {e}\n" for n, e in enumerate(_PASTED, 1)), id="1."),
        pytest.param("References\n" + "".join(f"{n}) {e}\n" for n, e in enumerate(_PASTED, 1)), id="1)"),
        pytest.param("References\n" + "".join(f"[{n}] {e}\n" for n, e in enumerate(_PASTED, 1)), id="[1]"),
        pytest.param("References\n" + "".join(f"({n}) {e}\n" for n, e in enumerate(_PASTED, 1)), id="(1)"),
        pytest.param("References\n" + "".join(f"{e}\n" for e in _PASTED), id="one-per-line"),
        pytest.param("References\n\n" + "".join(f"{e}\n\n" for e in _PASTED), id="blank-line-separated"),
        pytest.param("References\n" + "".join(f"{e[:60]}\n    {e[60:]}\n" for e in _PASTED), id="hanging-indent"),
        pytest.param("References\n\n" + "".join(f"{e[:60]}\n{e[60:]}\n\n" for e in _PASTED), id="wrapped-paragraphs"),
        pytest.param("Bibliography\n" + "".join(f"{e}\n" for e in _PASTED), id="Bibliography"),
        pytest.param("Literature Cited\n" + "".join(f"{e}\n" for e in _PASTED), id="Literature-Cited"),
        pytest.param("Works Cited\n" + "".join(f"{e}\n" for e in _PASTED), id="Works-Cited"),
        pytest.param("Notes\n" + "".join(f"{e}\n" for e in _PASTED), id="Notes"),
        pytest.param("".join(f"{e}\n" for e in _PASTED), id="no-heading"),
    ],
)
def test_lists_as_people_paste_them(text: str) -> None:
    """Numbered 1. 1) [1] (1), unnumbered, blank-line separated, wrapped with or without a hanging
    indent, any usual heading or none: three references are three entries."""
    records = ldnrefs.parse(text)
    assert [record.authors[0].family for record in records] == ["Younger", "Kim", "Toljan"]
    assert [record.issued.year for record in records if record.issued] == [2014, 2020, 2018]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            'Smith, John M. (2010). "A study of things". Journal of Stuff. 5 (2): 10–20.',
            {"authors": ["Smith"], "container": "Journal of Stuff"},
            id="one-author-family-first-with-an-initial",
        ),
        pytest.param(
            'van der Berg, Jan; de Vries, Anna (2015). "Particles". Nature Things. 3: 1–2.',
            {"authors": ["Berg", "Vries"], "container": "Nature Things"},
            id="particles-stay-with-the-family-name",
        ),
        pytest.param(
            '"Some page title". Example.org. Archived 2016-03-04 at the Wayback Machine. Retrieved 2016-02-20.',
            {"authors": [], "container": "Example.org", "archive_date": ldnrefs.Date(2016, 3, 4)},
            id="webarchive-note-is-the-archive-date",
        ),
        pytest.param(
            'Roe A (2019). "A review of X". Journal of Y (Review). 12 (10): 5–9.',
            {"authors": ["Roe"], "container": "Journal of Y", "genre": "Review"},
            id="a-note-in-brackets-is-not-the-journal",
        ),
        pytest.param(
            'Toljan K, Vrooman B (2018). "LDN review". Med Sci (Basel). 6 (4): 82.',
            {"authors": ["Toljan", "Vrooman"], "container": "Med Sci (Basel)"},
            id="a-place-in-brackets-is-the-journal",
        ),
        pytest.param(
            'Roe A (2019). "A title here". Journal of Pain (10): 12–15.',
            {"authors": ["Roe"], "container": "Journal of Pain", "issue": "10"},
            id="a-bare-issue-in-brackets-is-not-the-journal",
        ),
        pytest.param(
            'Ludwig van Beethoven; Jan ten Brink (2001). "Title of it". Journal. 3 (2): 1–5.',
            {"authors": ["Beethoven", "Brink"], "container": "Journal"},
            id="full-names-apart-by-semicolons",
        ),
        pytest.param(
            'Pople IK (2002). "Hydrocephalus and shunts". J Neurol. 73 (suppl 1): i17–i22. PMID 12185257.'
            "{{cite journal}}:  CS1 maint: DOI inactive as of January 2024 (link)",
            {"authors": ["Pople"], "container": "J Neurol", "publisher": None},
            id="a-cs1-maintenance-message-is-no-field",
        ),
    ],
)
def test_cs1_cases_from_real_lists(entry: str, expected: dict[str, object]) -> None:
    """Issue 13 item 5: what real Wikipedia lists hold, read as meant."""
    record = ldnrefs.parse(f"References\n1. {entry}\n")[0]
    assert [name.family for name in record.authors] == expected["authors"]
    assert record.container_title == expected["container"]
    if "archive_date" in expected:
        assert record.archive_date == expected["archive_date"]
    if "genre" in expected:
        assert record.genre == expected["genre"]
    if "issue" in expected:
        assert record.issue == expected["issue"]
    if "publisher" in expected:
        assert record.publisher == expected["publisher"]


@pytest.mark.parametrize(
    ("entry", "authors", "title", "page"),
    [
        ("Landa, A Modest Proposal and Populousness, p161", ["Landa"], "A Modest Proposal and Populousness", "161"),
        (
            "Curtis, The Organization of the British Army in the American Revolution, ch. 4.",
            ["Curtis"],
            "The Organization of the British Army in the American Revolution",
            "ch. 4",
        ),
        ("Photius, Lexicon s. v. Linos", ["Photius"], "Lexicon", "s. v. Linos"),
        ("Stephanus of Byzantium s. v. Patara", [], "Stephanus of Byzantium", "s. v. Patara"),
    ],
)
def test_a_shortened_note_keeps_its_pinpoint_out_of_the_title(
    entry: str, authors: list[str], title: str, page: str
) -> None:
    """Real notes from gensim's Wikipedia dump: the pinpoint is the page (nothing of it left in the
    title), and "Family, Title" is an author and a title; the entry's text stays whole."""
    record = ldnrefs.parse(f"References\n1. ^ {entry}\n")[0]
    assert ([name.family for name in record.authors], record.title, record.page) == (authors, title, page)
    assert record.provenance is not None
    assert record.provenance.text == f"^ {entry}"


def test_an_undated_cs1_book_is_no_shortened_note() -> None:
    """ "Smith, John. The Book of Things. Penguin. p. 12." is CS1 without a date, not "Family, Title"."""
    record = ldnrefs.parse("References\n1. ^ Smith, John. The Book of Things. Penguin. p. 12.\n")[0]
    assert record.title != "John. The Book of Things. Penguin"
    assert record.page == "12"


def test_a_full_note_keeps_its_pinpoint_out_of_the_title() -> None:
    entry = "Jonathan Dull, A Diplomatic History of the American Revolution (Yale University Press, 1985), p. 110."
    record = ldnrefs.parse(f"References\n1. ^ {entry}\n")[0]
    assert (record.title, record.page, record.issued) == (
        "A Diplomatic History of the American Revolution",
        "110",
        ldnrefs.Date(1985),
    )


@pytest.mark.parametrize(
    ("facts", "publisher", "place"),
    [
        ("(New Haven: Yale University Press, 1985), 12.", "Yale University Press", "New Haven"),
        ("(Yale, 1985), 12.", "Yale", None),
    ],
)
def test_a_chicago_note_keeps_its_publication_facts_out_of_title_and_brackets(
    facts: str, publisher: str, place: str | None
) -> None:
    """The CRF cut "(New Haven" (with its bracket) for the place and left "(Yale" in the title."""
    record = ldnrefs.parse(f"References\n1. ^ Jonathan Dull, A Diplomatic History of the Revolution {facts}\n")[0]
    assert (record.title, record.publisher, record.publisher_place, record.page) == (
        "A Diplomatic History of the Revolution",
        publisher,
        place,
        "12",
    )


def test_an_author_date_entry_with_a_quoted_chapter_is_not_read_as_cs1() -> None:
    """ "Chrispeels, M.J.; Sadava, D.E. 1994. "Title" pp. … in Book." was read by the CS1 rules with
    the authors as its title (and two chapters of one book joined on it)."""
    record = ldnrefs.parse(
        'References\n1. ^ Chrispeels, M.J.; Sadava, D.E. 1994. "Nutrition from the Soil" pp.187 – 218 in '
        "Plants, Genes, and Agriculture. Jones and Bartlett, Boston, MA.\n"
    )[0]
    assert [name.family for name in record.authors] == ["Chrispeels", "Sadava"]
    assert record.title == "Nutrition from the Soil"
    assert record.issued == ldnrefs.Date(1994)


def test_page_spelled_out_is_read_whole() -> None:
    """ "page 4" was read as "age 4" by the learned reader."""
    record = ldnrefs.parse(
        "References\n1. ^ Robertson, Jean and Craig McDaniel: Themes of Contemporary Art, Visual Art after 1980, "
        "page 4. Oxford University Press, 2005.\n"
    )[0]
    assert record.page == "4"


@pytest.mark.parametrize("entry", ["Ibid., p. 45.", "ibid.", "Op. cit., pp. 3–4.", "Id. at 12.", "Ebd., S. 4."])
def test_a_back_reference_is_kept_with_a_warning_and_no_title(entry: str) -> None:
    result = ldnrefs.parse(f"References\n1. ^ {entry}\n")
    record = result[0]
    assert (record.title, record.note) == (None, entry)
    assert [diagnostic.code for diagnostic in result.diagnostics] == ["rendered.back-reference"]


def test_a_title_that_starts_like_a_back_reference_is_a_title() -> None:
    record = ldnrefs.parse("References\n1. ^ Idealism and Its Critics, p. 4\n")[0]
    assert (record.title, record.page) == ("Idealism and Its Critics", "4")


def test_a_maintenance_tag_is_kept_when_the_crf_reads_the_entry() -> None:
    """ "[dead link]" is cut before an entry is read; the CS1 rules kept it, the CRF's path dropped it."""
    record = ldnrefs.parse(
        "References\n1. ^ Younger J, Parkitny L. Low-dose naltrexone for chronic pain. Clin Rheumatol. "
        "2014;33(4):451-9. [dead link]\n"
    )[0]
    assert record.title == "Low-dose naltrexone for chronic pain"
    assert dict(record.extra)["maintenance"] == ["dead link"]


@pytest.mark.parametrize(
    ("entry", "year", "volume"),
    [
        ('"Apollo 11 Mission Report". NASA. 1971.', 1971, None),
        ('"Inside the Taliban". National Geographic. 2007. Archived from the original on 29 July 2013.', 2007, None),
        ('Smith, J. "A study". Journal of Things. 1971.', None, "1971"),  # after an author: the volume
    ],
)
def test_without_an_author_a_year_after_the_publisher_is_the_date(
    entry: str, year: int | None, volume: str | None
) -> None:
    """CS1 writes the date of an authorless item after its publisher; it was read as a volume."""
    record = ldnrefs.parse(f"References\n1. ^ {entry}\n")[0]
    assert (record.issued.year if record.issued else None, record.volume) == (year, volume)
