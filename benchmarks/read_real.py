"""Benchmark: read the real files of ``tests/data/realworld`` (BibTeX, RIS, CSL-JSON, MEDLINE).

Usage::

    python benchmarks/read_real.py            # best of three passes over each format's files

Prints entries read per second for each format (the first pass, and the best of
three), every file read once a pass
with ``ldnrefs.parse`` (the text already in memory). Real files carry what
generated ones lack: LaTeX accents and math, long abstracts, odd names.
"""

from __future__ import annotations

import time
from pathlib import Path

import ldnrefs

DATA = Path(__file__).parents[1] / "tests" / "data" / "realworld"
FORMATS = {
    "bibtex": ("bibtex/**/*.bib", "bibtex"),
    "ris": ("ris/*", "ris"),
    "csl-json": ("csl-json/*.json", "csl-json"),
    "medline": ("medline/*.nbib", "medline"),
}


def main() -> None:
    print("| format | files | entries | entries/s, first pass | entries/s, best of 3 |")
    print("|---|---:|---:|---:|---:|")
    for name, (pattern, reader) in FORMATS.items():
        texts = [path.read_text(encoding="utf-8-sig") for path in sorted(DATA.glob(pattern))]
        times, entries = [], 0
        for _ in range(3):
            started = time.perf_counter()
            entries = sum(len(ldnrefs.parse(text, format=reader)) for text in texts)
            times.append(time.perf_counter() - started)
        # The first pass decodes every LaTeX value; later ones find repeated values cached.
        print(f"| {name} | {len(texts)} | {entries:,} | {entries / times[0]:,.0f} | {entries / min(times):,.0f} |")


if __name__ == "__main__":
    main()
