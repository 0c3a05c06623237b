"""The pre-commit hook runs on reference files only: a requirements.txt must never fail a commit."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def _pattern() -> re.Pattern[str]:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    match = re.search(r"^\s*files: (.+)$", text, flags=re.MULTILINE)
    assert match is not None
    return re.compile(match.group(1).strip())


def test_reference_files_are_checked() -> None:
    for name in ("refs.bib", "paper/library.ris", "pubmed.nbib", "article.wiki"):
        assert _pattern().search(name), name


def test_other_text_and_json_files_are_not() -> None:
    for name in ("requirements.txt", "package.json", "README.md", "tsconfig.json", "notes.txt"):
        assert not _pattern().search(name), name


def test_the_manuscript_hook_checks_the_main_file_it_is_given() -> None:
    """Changed chapters are not passed one by one (a chapter names no bibliography): the repository
    names its main file in ``args``, and the hook runs whenever a .tex, Markdown or .bib file changes."""
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    block = text.split("- id: ldnrefs-check-manuscript", 1)[1]
    assert "entry: ldnrefs check\n" in block
    assert "pass_filenames: false" in block
    match = re.search(r"^\s*files: (.+)$", block, flags=re.MULTILINE)
    assert match is not None
    pattern = re.compile(match.group(1).strip())
    for name in ("thesis/main.tex", "paper.md", "paper.qmd", "analysis.Rmd", "refs.bib"):
        assert pattern.search(name), name
    assert not pattern.search("requirements.txt")
