"""Benchmark: check a thesis — 20 chapter files, 500 citations, a 1,000-entry bibliography.

Usage::

    python benchmarks/manuscript.py                 # 5 runs of each command
    python benchmarks/manuscript.py --runs 10 --keep /tmp/thesis

The bibliography is real: the first 1,000 entries with distinct keys of the real .bib files in
``tests/data/realworld/bibtex`` (ADS, INSPIRE, JabRef, Mendeley, Zotero, nilearn exports), read
together and written as one file by ldnrefs' BibTeX writer. The thesis is generated with a fixed
seed: ``main.tex`` ``\\include``s 20 chapters; each chapter holds 25 citation commands of natbib
and biblatex (``\\citep[see][p.~3]{a,b}``, ``\\textcite{a}``…), one to three keys each, some
commented out, with prose between them.

Three figures, each the median of ``--runs`` runs, all in this one run:

* ``ldnrefs check main.tex`` as a user runs it (a new process: interpreter start and imports included);
* ``ldnrefs check refs.bib``, the same bibliography as a plain list (the issue's peer);
* the manuscript check in-process (``read_latex`` + bibliographies + ``check_manuscript``), which is
  what the command adds to Python's start.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ldnrefs
from ldnrefs import registry
from ldnrefs.check import check_manuscript
from ldnrefs.keys import own_key
from ldnrefs.manuscript import read_bibliographies, read_latex

BIBTEX = Path(__file__).resolve().parent.parent / "tests" / "data" / "realworld" / "bibtex"
COMMANDS = ["citep", "citet", "cite", "autocite", "parencite", "textcite", "citealp"]


def bibliography(entries: int) -> str:
    """The first ``entries`` entries with distinct keys of the real .bib files (read together, so
    their ``@string`` macros resolve), written as one BibTeX file by ldnrefs' writer."""
    chosen: list[ldnrefs.Reference] = []
    keys: set[str] = set()
    for result in ldnrefs.read_all(sorted(BIBTEX.rglob("*.bib"))):
        for record in result:
            key = own_key(record)
            if key is not None and key not in keys:
                keys.add(key)
                chosen.append(record)
    if len(chosen) < entries:
        raise SystemExit(f"only {len(chosen)} entries with distinct keys in {BIBTEX}")
    return registry.dumps("bibtex", chosen[:entries])


def thesis(folder: Path, keys: list[str], *, chapters: int = 20, per_chapter: int = 25, seed: int = 7) -> int:
    """Write ``main.tex`` and its chapters; returns the number of citation commands."""
    rng = random.Random(seed)
    (folder / "chapters").mkdir(parents=True, exist_ok=True)
    commands = 0
    for number in range(1, chapters + 1):
        lines = [f"\\chapter{{Chapter {number}}}", ""]
        for _ in range(per_chapter):
            cited = ",".join(rng.sample(keys, rng.choice([1, 1, 2, 3])))
            command = rng.choice(COMMANDS)
            notes = rng.choice(["", "[p.~3]", "[see][ch.~2]"])
            prose = " ".join(rng.choice(["results", "the model", "as shown", "data", "we find"]) for _ in range(12))
            lines.append(f"{prose.capitalize()} \\{command}{notes}{{{cited}}}.")
            if rng.random() < 0.05:
                lines.append(f"% an old draft: \\cite{{{rng.choice(keys)}}}")
            commands += 1
        (folder / "chapters" / f"ch{number:02d}.tex").write_text("\n".join(lines) + "\n", encoding="utf-8")
    includes = "\n".join(f"\\include{{chapters/ch{number:02d}}}" for number in range(1, chapters + 1))
    (folder / "main.tex").write_text(
        "\\documentclass{book}\n\\usepackage{natbib}\n\\begin{document}\n"
        f"{includes}\n\\bibliographystyle{{plainnat}}\n\\bibliography{{refs}}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    return commands


def _median_seconds(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--keep", metavar="DIR", help="write the thesis here and keep it")
    options = parser.parse_args()
    folder = Path(options.keep) if options.keep else Path(tempfile.mkdtemp(prefix="ldnrefs-thesis-"))
    (folder / "refs.bib").parent.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text(bibliography(options.entries), encoding="utf-8")
    keys = [key for record in ldnrefs.read(folder / "refs.bib") if (key := own_key(record))]
    commands = thesis(folder, keys)
    main_tex = folder / "main.tex"
    manuscript = read_latex(main_tex)
    print(
        f"thesis: {len(list((folder / 'chapters').glob('*.tex')))} chapter files, {commands} citation commands, "
        f"{len(manuscript.citations)} keys cited ({len({c.key for c in manuscript.citations})} distinct), "
        f"{len(keys)} bibliography entries"
    )

    # As a user's machine runs it: with byte-code caches (this workplace sets PYTHONDONTWRITEBYTECODE,
    # which would compile every module again in every process).
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}

    def command(target: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "ldnrefs", "check", "-q", str(target)],
            capture_output=True,
            check=False,
            env=environment,
        )
        if done.returncode not in (0, 1):
            raise SystemExit(done.stderr.decode())

    def in_process() -> None:
        read = read_latex(main_tex)
        bibliographies, _ = read_bibliographies(read)
        check_manuscript(read, bibliographies)

    command(main_tex)  # writes the byte-code caches
    python_start = _median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), options.runs)
    thesis_seconds = _median_seconds(lambda: command(main_tex), options.runs)
    bib_seconds = _median_seconds(lambda: command(folder / "refs.bib"), options.runs)
    inner_seconds = _median_seconds(in_process, options.runs)
    print(f"ldnrefs check main.tex (new process)    {thesis_seconds:6.3f} s")
    print(
        f"ldnrefs check refs.bib (new process)    {bib_seconds:6.3f} s   "
        f"(thesis / bib: {thesis_seconds / bib_seconds:.2f})"
    )
    print(f"manuscript check in-process             {inner_seconds:6.3f} s")
    print(f"python -c pass (interpreter start)      {python_start:6.3f} s")


if __name__ == "__main__":
    main()
