"""Page ranges: normalised forms, and what is not a page range."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnrefs.pages import is_pages, normalize_pages, split_locator


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
    ("text", "rest", "locator"),
    [
        ("Wittkowsky, Swift's Modest Proposal, p85", "Wittkowsky, Swift's Modest Proposal", "85"),
        ("Annas, Classical Greek Philosophy pp. 252", "Annas, Classical Greek Philosophy", "252"),
        (
            "Vines, Alex. Angola Unravels, 1999. Human Rights Watch. Page 189.",
            "Vines, Alex. Angola Unravels, 1999. Human Rights Watch.",
            "189",
        ),
        ("Schwartz, Abraham Lincoln (2009) pp. xi, 9, 24", "Schwartz, Abraham Lincoln (2009)", "xi, 9, 24"),
        ("Faivre. Western esotericism. 1995. p.viii–xvi", "Faivre. Western esotericism. 1995.", "viii-xvi"),
        ("Foo, A Title, pp. 12, 14ff.", "Foo, A Title", "12, 14"),
        (
            "Dull, A Diplomatic History of the American Revolution, ch. 18.",
            "Dull, A Diplomatic History of the American Revolution",
            "ch. 18",
        ),
        ("The World as Will and Representation, Vol. I, § 62.", "The World as Will and Representation, Vol. I", "§ 62"),
        ("Photius, Lexicon s. v. Linos", "Photius, Lexicon", "s. v. Linos"),
        ("Somerset, p. 116", "Somerset", "116"),
    ],
)
def test_a_pinpoint_at_the_end_of_a_note_is_split_off(text: str, rest: str, locator: str) -> None:
    assert split_locator(text) == (rest, locator)


@pytest.mark.parametrize(
    "text",
    [
        "Life after Chapter 11",  # a title, not a chapter: no comma or full stop before it
        "A history of pp",
        'Younger J (2014). "Title". Clin Rheum. 33 (4): 451–459.',  # a journal's pages carry no "p."
        "Nutrition from the Soil, pp.187 – 218 in Plants, Genes, and Agriculture.",  # not at the end
        "Cabot RC (1919). Physical diagnosis. p. 5 – via Google Books.",
        "Peppers p100",  # a bare "p" only after a comma
    ],
)
def test_no_pinpoint_where_the_end_is_something_else(text: str) -> None:
    assert split_locator(text) == (text, None)


def test_a_year_after_the_pages_is_not_a_page() -> None:
    """IEEE's "…, pp. 56–65, 2013." ends with the year: no pinpoint there (the reader reads it whole)."""
    text = "Alt Ther Health Med, vol. 19, no. 2, pp. 56–65, 2013."
    assert split_locator(text) == (text, None)


@given(
    st.text(max_size=300)
    | st.builds(
        lambda head, mark, value: f"{head}{mark}{value}",
        st.text(max_size=80),
        st.sampled_from([", p", ", p. ", " pp. ", ", ch. ", " § ", " s. v. ", ". Page "]),
        st.text(alphabet="0123456789–-, ivxlcf.", max_size=20),
    )
)
def test_a_pinpoint_is_cut_only_from_the_end(text: str) -> None:
    """Whatever the text: either nothing is cut, or what is left is the start of the text and the
    pinpoint came from after it; never a crash."""
    rest, locator = split_locator(text)
    if locator is None:
        assert rest == text
    else:
        assert text.startswith(rest)
        assert len(rest) < len(text)
        assert locator
