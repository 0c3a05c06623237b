"""Rewriting an article after deduplication: markers renumbered, the list merged."""

from __future__ import annotations

import io
import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnrefs.cli import main
from ldnrefs.rewrite import renumber_markers
from tests.conftest import SEED


def test_rewrite_renumbers_markers_and_merges_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    """[9] becomes [1], later numbers close up, [8] [9] [10] becomes [1] [2] [8]; 15 entries remain."""
    assert main(["-q", "dedupe", "--rewrite", str(SEED)]) == 0
    text = capsys.readouterr().out
    assert "cancers. [1] [2] [8] Studies" in text
    assert "inconclusive [9] [10] ." in text
    assert "[low-dose naltrexone]." + '"' + " [5] The UK" in text
    references = text.split("\nReferences\n", 1)[1].strip().splitlines()
    assert len(references) == 15
    assert references[5].startswith("  6. Niciu MJ, Arias AJ (24 July 2013).")
    assert references[14].startswith("  15. Aitcheson N")


def test_rewrite_reads_standard_input_once(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``dedupe --rewrite -`` rewrites the article it read (standard input cannot be read a second time)."""
    assert main(["-q", "dedupe", "--rewrite", str(SEED)]) == 0
    from_file = capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(SEED.read_bytes()), encoding="utf-8"))
    assert main(["-q", "dedupe", "--rewrite", "-"]) == 0
    assert capsys.readouterr().out == from_file


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a [9] b", "a [1] b"),
        ("[8] [9] [10]", "[1] [2] [8]"),
        ("[8][9][1]", "[1][2]"),
        ("[9] [1]", "[1]"),
        ("see [99] and [note 1]", "see [99] and [note 1]"),
    ],
)
def test_renumber_markers(text: str, expected: str) -> None:
    """Runs of markers are mapped, sorted and de-duplicated; unknown numbers and notes stay."""
    mapping = {1: 1, 2: 2, 8: 2, 9: 1, 10: 8}
    assert renumber_markers(text, mapping) == expected


# Five references; the third is the first work again: 1 2 3 4 5 -> 1 2 1 3 4.
FIVE = {1: 1, 2: 2, 3: 1, 4: 3, 5: 4}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("as shown [2–4].", "as shown [1–3]."),
        ("as shown [3-5].", "as shown [1, 3, 4]."),
        ("as shown [1, 3].", "as shown [1]."),
        ("as shown [1,3,5].", "as shown [1,4]."),
        ("as shown [4][5].", "as shown [3][4]."),
        ("as shown [1—5].", "as shown [1—4]."),
        ("as shown [2; 4–5].", "as shown [2–4]."),
        ("in 2014 [5] and (see 3)", "in 2014 [4] and (see 3)"),
    ],
)
def test_every_marker_form_is_renumbered(text: str, expected: str) -> None:
    assert renumber_markers(text, FIVE) == expected


def test_numbers_in_parentheses_are_markers_only_in_an_article_that_cites_so() -> None:
    assert renumber_markers("Pain fell (1,3). Mood too (4–5).", FIVE) == "Pain fell (1). Mood too (3, 4)."
    # One bracketed marker: the article cites with brackets, so "(3)" is not a marker.
    assert renumber_markers("Step (3) of the protocol [5].", FIVE) == "Step (3) of the protocol [4]."
    # A year in parentheses: not a list of reference numbers.
    assert renumber_markers("Smith (2014) and Jones (3).", FIVE) == "Smith (2014) and Jones (3)."


def test_a_marker_naming_a_number_the_list_lacks_is_reported_and_left() -> None:
    unknown: list[tuple[int, int]] = []
    assert renumber_markers("First [1].\nThen [6, 2].", FIVE, unknown=unknown) == "First [1].\nThen [6, 2]."
    assert unknown == [(2, 6)]


def _expanded(marker: str) -> set[int]:
    found: set[int] = set()
    for first, _, last in re.findall(r"(\d+)(\s*[-–—]\s*(\d+))?", marker):
        found.update(range(int(first), int(last or first) + 1))
    return found


Article = tuple[str, dict[int, int], list[set[int]], dict[int, int]]


@st.composite
def articles(draw: st.DrawFn) -> Article:
    """A numbered list merged at random, and markers in every notation over its numbers.

    Returns the text, the old -> new mapping, the works each marker cites, and the work each new number is.
    """
    size = draw(st.integers(2, 12))
    work_of = [draw(st.integers(0, number)) for number in range(size)]  # old number k + 1 cites work_of[k]
    new_of_work: dict[int, int] = {}
    for work in work_of:
        new_of_work.setdefault(work, len(new_of_work) + 1)
    mapping = {number + 1: new_of_work[work] for number, work in enumerate(work_of)}
    markers, cited = [], []
    for _ in range(draw(st.integers(1, 6))):
        numbers = sorted(draw(st.sets(st.integers(1, size), min_size=1, max_size=4)))
        style = draw(st.sampled_from(["single", "run", "list", "tight", "range"]))
        if style == "range" and numbers[-1] > numbers[0]:
            marker = f"[{numbers[0]}–{numbers[-1]}]"
            numbers = list(range(numbers[0], numbers[-1] + 1))
        elif style == "run":
            marker = " ".join(f"[{number}]" for number in numbers)
        elif style in ("list", "tight"):
            marker = "[" + (", " if style == "list" else ",").join(map(str, numbers)) + "]"
        else:
            numbers = numbers[:1]
            marker = f"[{numbers[0]}]"
        markers.append(marker)
        cited.append({work_of[number - 1] for number in numbers})
    return " text ".join(markers) + ".", mapping, cited, {new: work for work, new in new_of_work.items()}


@given(articles())
def test_every_marker_names_the_same_works_after_renumbering(article: Article) -> None:
    """Read back, each rewritten marker cites exactly the works it cited before, each once."""
    text, mapping, cited, work_of_new = article
    pieces = renumber_markers(text, mapping).rstrip(".").split(" text ")
    assert len(pieces) == len(cited)
    for piece, works in zip(pieces, cited, strict=True):
        numbers = _expanded(piece)
        assert {work_of_new[number] for number in numbers} == works
        assert len(numbers) == len(works)
