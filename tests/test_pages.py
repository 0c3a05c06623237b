"""Page ranges: normalised forms, and what is not a page range."""

from __future__ import annotations

import pytest

from ldnrefs.pages import is_pages, normalize_pages


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
