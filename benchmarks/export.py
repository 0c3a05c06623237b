"""Benchmark: write 100,000 records to each format and read them back; pybtex and rispy beside.

Usage::

    python benchmarks/export.py                 # 100,000 records
    python benchmarks/export.py --records 20000

Records come from the generator of ``benchmarks/dedupe.py`` (titles,
1–5 authors, year, journal, volume, issue, pages, DOI and PMID for some).
ldnrefs's writers and readers are timed on them; then, on the very text
ldnrefs wrote, pybtex's own BibTeX parser and writer and rispy's own RIS
parser and writer, in the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import dedupe as generated

import ldnrefs
from ldnrefs import registry


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    args = parser.parse_args()
    records, _, _ = generated.generate(args.records, 0.0, seed=7)
    count = len(records)
    rows: list[tuple[str, str, float, float]] = []
    texts: dict[str, str] = {}
    for name in ("csl-json", "bibtex", "ris"):
        writer = registry.get_writer(name)
        write_seconds, text = _timed(lambda writer=writer: writer.dumps(records))
        read_seconds, back = _timed(lambda text=text, name=name: ldnrefs.parse(text, format=name))
        assert len(back) == count, (name, len(back))
        texts[name] = text
        rows.append((f"ldnrefs {name}", f"{len(text) / 2**20:,.1f} MiB", count / write_seconds, count / read_seconds))

    from pybtex.database import parse_string

    parse_seconds, data = _timed(lambda: parse_string(texts["bibtex"], "bibtex"))
    write_seconds, _ = _timed(lambda: data.to_string("bibtex"))
    rows.append(("pybtex (on ldnrefs's BibTeX)", "", count / write_seconds, count / parse_seconds))

    import rispy

    parse_seconds, entries = _timed(lambda: rispy.loads(texts["ris"]))
    write_seconds, _ = _timed(lambda: rispy.dumps(entries))
    rows.append(("rispy (on ldnrefs's RIS)", "", count / write_seconds, count / parse_seconds))

    print(f"{count:,} records, one process, same run")
    print("| writer / reader | output | write records/s | read records/s |")
    print("|---|---:|---:|---:|")
    for label, size, write_rate, read_rate in rows:
        print(f"| {label} | {size} | {write_rate:,.0f} | {read_rate:,.0f} |")


if __name__ == "__main__":
    main()
