"""Synthetic training references: records rendered through CSL styles, labelled from their marked values."""

from __future__ import annotations

import random

import pytest

from ldnrefs.training import synthetic
from ldnrefs.training.corpora import Example

EXAMPLE = Example(
    [("x", "title", True)],
    {
        "author": ["Younger, J., Parkitny, L., & van der McLain, D."],
        "date": ["(2014)."],
        "title": ["The use of low-dose naltrexone as a novel treatment."],
        "journal": ["Clinical Rheumatology,"],
        "volume": ["33(4),"],
        "pages": ["451-459."],
        "doi": ["10.1007/s10067-013-2464-6"],
    },
)


def _rendered(style: str) -> tuple[synthetic.Sequence_, synthetic.NameSequence]:
    record = synthetic.record(EXAMPLE, random.Random(1))
    assert record is not None
    [(found, entry)] = synthetic.render([record], synthetic.styles_directory() / f"{style}.csl")
    return synthetic.label(found, entry)


def _runs(sequence: synthetic.Sequence_) -> list[tuple[str, str]]:
    """The entry as (label, text) runs."""
    runs: list[tuple[str, str]] = []
    for word, label, space in sequence:
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1] + (" " if space else "") + word)
        else:
            runs.append((label, word))
    return runs


def test_an_apa_rendering_is_labelled_field_by_field() -> None:
    sequence, names = _rendered("apa")
    assert _runs(sequence) == [
        ("author", "Younger, J., Parkitny, L., & van der McLain, D."),
        ("date", "(2014)."),
        ("title", "The use of low-dose naltrexone as a novel treatment."),
        ("container", "Clinical Rheumatology,"),
        ("volume", "33(4),"),
        ("pages", "451–459."),
        ("identifier", "https://doi.org/10.1007/s10067-013-2464-6"),
    ]
    assert [label for _, label, _ in names] == [
        *("family", "inner", "given", "between"),
        *("family", "inner", "given", "between", "between"),
        *("particle", "particle", "family", "inner", "given"),
    ]


def test_an_ieee_rendering_keeps_words_before_a_field_with_it() -> None:
    """ "vol.", "no.", "pp." and the opening quote go with the field after them, as AnyStyle tags them."""
    sequence, names = _rendered("ieee")
    assert _runs(sequence) == [
        ("number", "[1]"),
        ("author", "J. Younger, L. Parkitny, and D. van der McLain,"),
        ("title", "“The use of low-dose naltrexone as a novel treatment,”"),
        ("container", "Clinical Rheumatology,"),
        ("volume", "vol. 33, no. 4,"),
        ("pages", "pp. 451–459,"),
        ("date", "2014,"),
        ("identifier", "doi: 10.1007/s10067-013-2464-6."),
    ]
    assert [label for _, label, _ in names][:3] == ["given", "family", "between"]


def test_vancouver_initials_are_given_names_of_the_family_before_them() -> None:
    _, names = _rendered("nlm-citation-sequence")
    assert [(word, label) for word, label, _ in names][:3] == [("Younger", "family"), ("J", "given"), (",", "between")]


def test_held_out_styles_are_never_training_styles() -> None:
    training, held = synthetic.style_split()
    assert len(held) == 40
    assert not set(training) & set(held)
    assert synthetic.style_split() == (training, held)  # a fixed choice


@pytest.mark.parametrize("fields", [{"title": ["Hi"]}, {"title": ["A long enough title"]}])
def test_records_too_thin_to_render_are_skipped(fields: dict[str, list[str]]) -> None:
    assert synthetic.record(Example([], fields), random.Random(1)) is None
