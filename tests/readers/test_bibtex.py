"""Reading BibTeX: months in every form, hand-escaped URLs."""

from __future__ import annotations

import pytest

import ldnrefs

URL = "https://example.org/a_b%20c~d?x=1&y=2#frag"


@pytest.mark.parametrize(
    ("month", "expected"),
    [("apr", 4), ("{April}", 4), ("{4}", 4), ("{Sept.}", 9), ("{13}", None), ("{spring}", None)],
)
def test_reading_month_in_every_form_bibtex_writes(month: str, expected: int | None) -> None:
    """``month`` as a macro, a name, an abbreviation or a number; nonsense keeps the year alone."""
    records = ldnrefs.parse(f"@article{{k, title = {{T}}, year = 2014, month = {month}}}", format="bibtex")
    assert records[0].issued is not None
    assert (records[0].issued.year, records[0].issued.month) == (2014, expected)


def test_hand_escaped_urls_are_read_as_the_url() -> None:
    """.bib files written for plain BibTeX escape ``_`` and ``%`` in URLs; a URL broken over lines is joined."""
    text = "@misc{k, title = {T}, url = {https://example.org/a\\_b\\%20c~d\n    /more}}"
    assert ldnrefs.parse(text, format="bibtex")[0].identifiers.url == "https://example.org/a_b%20c~d/more"
