"""Settings files: ``.ldnrefs.toml`` or ``[tool.ldnrefs]`` in ``pyproject.toml``, the nearest one up
from the input; command-line options win; a setting ldnrefs does not know is an error with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from ldnrefs import config
from ldnrefs.cli import main
from tests.test_manuscript import BIB, _write

CITED_TWICE = "\\cite{smith2017} and \\cite{Smith2017a}\n\\bibliography{refs}\n"


def test_ignore_in_a_settings_file_and_no_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = _write(tmp_path, {"refs.bib": BIB, "paper.tex": CITED_TWICE})
    assert main(["check", str(paper)]) == 1
    (tmp_path / ".ldnrefs.toml").write_text('ignore = [["smith2017", "Smith2017a"]]\n', encoding="utf-8")
    assert main(["check", str(paper)]) == 0
    assert main(["check", str(paper), "--no-config"]) == 1
    # The list reader honours it too, by key or identifier.
    assert main(["check", str(tmp_path / "refs.bib")]) == 0
    capsys.readouterr()


def test_the_nearest_file_wins_and_pyproject_needs_its_table(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.ldnrefs]\nmatch = "study"\n', encoding="utf-8")
    inner = tmp_path / "paper"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'x'\n", encoding="utf-8")
    assert config.find(inner / "paper.tex") == tmp_path / "pyproject.toml"
    (inner / ".ldnrefs.toml").write_text("strict = true\n", encoding="utf-8")
    assert config.find(inner / "paper.tex") == inner / ".ldnrefs.toml"
    assert config.load(tmp_path / "pyproject.toml").match == "study"


def test_fail_on_bibliographies_and_thresholds(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paper = _write(
        tmp_path,
        {
            "refs.bib": BIB,
            "shared/extra.bib": "@misc{extra, title = {An extra entry}, year = {2020}}\n",
            "paper.tex": CITED_TWICE + "\\cite{extra}\n",
        },
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.ldnrefs]\nfail-on = ["missing-key"]\nbibliographies = ["shared/extra.bib"]\n\n'
        "[tool.ldnrefs.thresholds]\ntitle-similarity = 95\nyear-tolerance = 0\n",
        encoding="utf-8",
    )
    # The duplicate is still reported, but only a missing key fails the build; extra.bib defines "extra".
    assert main(["check", str(paper)]) == 0
    assert "\\cite{Smith2017a} duplicates \\cite{smith2017}" in capsys.readouterr().out
    settings = config.load(tmp_path / "pyproject.toml").dedupe_settings()
    assert (settings.title_similarity, settings.year_tolerance) == (95, 0)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('ignore = []\nfail_on = ["same-work"]\n', ".ldnrefs.toml:2: fail_on: not a setting ldnrefs knows"),
        ('fail-on = ["duplicates"]\n', ".ldnrefs.toml:1: fail-on: kinds of finding are"),
        ("ignore = [['only-one']]\n", ".ldnrefs.toml:1: ignore: each entry is two or more"),
        ("match = 'fuzzy'\n", ".ldnrefs.toml:1: match: 'work' or 'study'"),
        ("[thresholds]\nyear-tolerance = 1.5\n", ".ldnrefs.toml:2: year-tolerance: a whole number"),
        ("strict = yes\n", ".ldnrefs.toml:1: not valid TOML"),
    ],
)
def test_a_bad_settings_file_names_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    paper = _write(tmp_path, {"refs.bib": BIB, "paper.tex": CITED_TWICE})
    (tmp_path / ".ldnrefs.toml").write_text(text, encoding="utf-8")
    assert main(["check", str(paper)]) == 2
    err = capsys.readouterr().err
    assert message in err.replace(str(tmp_path) + "/", "")
    assert "Traceback" not in err
