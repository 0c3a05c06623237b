"""Golden tests for the rendered CS1 reader: one folder per case under tests/data/rendered/.

Each folder holds ``input.txt``, ``expected.json`` (the CSL-JSON items, with
provenance reduced to line and number) and ``diagnostics.txt`` (one
``LINE CODE`` per expected warning). The expected files were checked by eye
against the input, field by field; regenerate them only with
``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import ldnrefs
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
