"""The README stays true: its Python example runs and its commands exist."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from ldnrefs.cli import build_parser

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_python_example_runs(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Every ```python block of the README runs from the repository root."""
    monkeypatch.chdir(ROOT)
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "10.1007/s10067-014-2517-2" in out
    assert "\n15\n" in out


def test_commands_in_readme_are_real_subcommands() -> None:
    """Each `ldnrefs COMMAND` the README shows is a subcommand the CLI accepts."""
    parser = build_parser()
    choices = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
    shown = set(re.findall(r"ldnrefs (parse|check|dedupe|export|resolve)\b", README))
    assert shown
    assert shown <= choices


def test_set_up_commands_are_the_ones_ci_runs() -> None:
    """The README's install command and test command both appear in .ci/run."""
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q -e '.[test]'" in ci
    assert "pip install -e '.[test]'" in README
    assert ".venv/bin/python -m pytest" in ci
    assert ".venv/bin/python -m pytest" in README
    assert os.access(ROOT / ".ci" / "run", os.X_OK)
