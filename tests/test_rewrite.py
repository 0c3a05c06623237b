"""Rewriting an article after deduplication: markers renumbered, the list merged."""

from __future__ import annotations

import io
import sys

import pytest

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
