"""Real tools read what ldnrefs writes: bibtex with plain.bst, and pandoc 3 with --citeproc.

A missing tool makes its test skip with the reason, except in CI (CI=true),
where .ci/run installs both and a missing one is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ldnrefs
from ldnrefs.writers.formatted import style_path
from tests.conftest import SEED

ROOT = Path(__file__).parents[2]


def _require(tool: str, path: str | None) -> str:
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{tool} is not installed; .ci/run should have installed it")
    pytest.skip(f"{tool} is not installed")


def _pandoc() -> str | None:
    try:
        import pypandoc

        path: str = pypandoc.get_pandoc_path()
        return path
    except (ImportError, OSError):
        return shutil.which("pandoc")


def _exports(directory: Path) -> dict[str, Path]:
    merged = list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)
    files = {"bibtex": directory / "refs.bib", "ris": directory / "refs.ris", "csl-json": directory / "refs.json"}
    for name, path in files.items():
        path.write_text(ldnrefs.registry.get_writer(name).dumps(merged), encoding="utf-8")
    return files


def test_bibtex_with_plain_bst_processes_refs_bib_without_error(tmp_path: Path) -> None:
    """bibtex writes one \\bibitem per work and reports no error (web pages as @online only warn)."""
    bibtex = _require("bibtex", shutil.which("bibtex"))
    shutil.copy(ROOT / "refs.bib", tmp_path / "refs.bib")
    (tmp_path / "job.aux").write_text("\\citation{*}\n\\bibstyle{plain}\n\\bibdata{refs}\n", encoding="utf-8")
    done = subprocess.run([bibtex, "job"], cwd=tmp_path, capture_output=True, text=True, check=False)
    log = (tmp_path / "job.blg").read_text(encoding="utf-8", errors="replace")
    assert done.returncode in (0, 1), done.stdout + done.stderr
    assert "error message" not in log
    assert (tmp_path / "job.bbl").read_text(encoding="utf-8").count("\\bibitem") == 15


def _rendered(pandoc: str, bibliography: Path, directory: Path) -> list[str]:
    document = directory / "doc.md"
    document.write_text('---\nnocite: "@*"\n---\n', encoding="utf-8")
    done = subprocess.run(
        [pandoc, str(document), "--citeproc", "--bibliography", str(bibliography), "-t", "plain", "--wrap=none"],
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if line.strip()]


def _head(entry: str) -> str:
    """Authors, year and title of a rendered entry, quotes removed: pandoc's RIS reader keeps
    straight apostrophes and does not quote the title of a web page without a site."""
    entry = entry.replace("’", "'").replace("“", "").replace("”", "")
    match = re.match(r"^(.*?\d{4}\. .*?[.?!])(?: |$)", entry)
    return match.group(1) if match else entry


def test_pandoc_renders_the_same_bibliography_from_bibtex_ris_and_csl_json(tmp_path: Path) -> None:
    """pandoc 3 --citeproc reads all three exports: 15 entries each, the same works in the same order."""
    pandoc = _require("pandoc", _pandoc())
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True, check=True).stdout
    assert int(version.split()[1].split(".")[0]) >= 3, version.splitlines()[0]
    rendered = {name: _rendered(pandoc, path, tmp_path) for name, path in _exports(tmp_path).items()}
    assert {name: len(entries) for name, entries in rendered.items()} == {"bibtex": 15, "ris": 15, "csl-json": 15}
    heads = {name: [_head(entry) for entry in entries] for name, entries in rendered.items()}
    assert heads["bibtex"] == heads["csl-json"] == heads["ris"]
    journal_articles = [entry for entry in rendered["csl-json"] if "https://doi.org/" in entry]
    assert len(journal_articles) == 11
    assert all(entry in rendered["bibtex"] for entry in journal_articles)


def test_pandoc_reads_every_special_character_back(tmp_path: Path) -> None:
    """A title with % & $ # _ { } ~ ^ \\ survives BibTeX into pandoc's rendering (an unescaped %
    would silently cut it short, with exit status 0)."""
    pandoc = _require("pandoc", _pandoc())
    title = "50% of LDN users pay $5 & more: #1 x_y {sic} ~ ^ back\\slash end"
    record = ldnrefs.Reference(
        type="article-journal",
        title=title,
        authors=(ldnrefs.Name("Smith", "J."),),
        container_title="J & K",
        issued=ldnrefs.Date(2020),
    )
    bib = tmp_path / "special.bib"
    bib.write_text(ldnrefs.to_bibtex([record]), encoding="utf-8")
    [entry] = _rendered(pandoc, bib, tmp_path)
    # pandoc's author-date style title-cases the title; compare case-blind.
    assert title.lower() in entry.lower(), entry
    assert "J & K" in entry


SEVEN_STYLES = [
    "apa",
    "vancouver",
    "chicago-author-date",
    "ieee",
    "harvard-cite-them-right",
    "nature",
    "modern-language-association",
]


def _same_text(entry: str) -> str:
    """Whitespace and straight versus curly quotes do not count."""
    return " ".join(entry.translate(str.maketrans("“”‘’", "\"\"''")).split())


@pytest.mark.parametrize("style", SEVEN_STYLES)
def test_formatted_bibliography_equals_pandoc_citeproc(style: str, tmp_path: Path) -> None:
    """The merged seed in seven common styles: ldnrefs' text equals pandoc --citeproc's, entry by entry."""
    pandoc = _require("pandoc", _pandoc())
    merged = list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)
    (tmp_path / "refs.json").write_text(ldnrefs.to_csl_json(merged, provenance=False), encoding="utf-8")
    command = [pandoc, "-f", "markdown", "-t", "plain", "--wrap=none", "--citeproc", "--bibliography", "refs.json"]
    done = subprocess.run(
        [*command, "--csl", str(style_path(style))],
        input="---\nnocite: '@*'\n---\n",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = [_same_text(entry) for entry in done.stdout.split("\n\n") if entry.strip()]
    ours = [_same_text(entry) for entry in ldnrefs.format_bibliography(merged, style=style).splitlines()]
    assert len(ours) == len(theirs) == 15
    for mine, reference in zip(ours, theirs, strict=True):
        assert mine == reference
