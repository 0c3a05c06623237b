"""Benchmark: ``ldnrefs scan`` on a real Wikipedia dump — per-core speed, parallel efficiency, engines.

Usage::

    python benchmarks/scan.py                       # gensim's real dump (106 articles), 10 pages a stream
    python benchmarks/scan.py --copies 4            # the dump's pages four times over (more parts)

gensim's shortened English Wikipedia dump (``tests/data/realworld/wikidump``, May 2016: 106 articles,
100 redirects) is cut into Wikimedia's multistream layout with its index, ``--pages-per-stream``
pages a stream, and scanned:

* the map alone, in this process: articles and MB of wikitext per CPU-second;
* ``--engine local`` with 1 and with 2 workers: wall time and parallel efficiency (T1 / (2 × T2));
* ``--engine dask`` with 2 workers on a ``LocalCluster`` (if dask is installed): its overhead over
  the local engine, cluster start included.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from ldnrefs.scan import dump, scan
from ldnrefs.scan.work import run_part

GENSIM = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "data"
    / "realworld"
    / "wikidump"
    / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=1, help="the dump's pages this many times over")
    parser.add_argument("--pages-per-stream", type=int, default=10)
    parser.add_argument("--part-kb", type=int, default=200, help="compressed kilobytes a task")
    options = parser.parse_args()
    text, _ = dump.decompress(GENSIM.read_bytes())
    header = text[: text.index(b"<page>")]
    blocks = list(dump.pages_of(text))
    pages = []
    for copy in range(options.copies):
        for block in blocks:
            page = dump.parse_page(block)
            # Each copy its own page ids, so every page is a page of its own.
            pages.append(
                block.replace(
                    f"<id>{page.page_id}</id>".encode(), f"<id>{page.page_id + copy * 10**7}</id>".encode(), 1
                )
            )
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "enwiki-bench-pages-articles-multistream.xml.bz2"
        index = dump.write_multistream(pages, target, header=header, pages_per_stream=options.pages_per_stream)
        parts = dump.parts(target, index=index, part_bytes=options.part_kb * 1024)
        started = time.process_time()
        results = [run_part(part) for part in parts]
        cpu = time.process_time() - started
        articles = sum(result.articles for result in results)
        size = sum(result.wikitext_bytes for result in results)
        print(f"{articles} articles ({size / 1e6:.1f} MB of wikitext) in {len(parts)} parts of whole streams")
        print(f"map alone, one core: {articles / cpu:.1f} articles per CPU-second, {size / 1e6 / cpu:.2f} MB/CPU-s")
        walls = {}
        for label, engine, workers in (("local, 1 worker", "local", 1), ("local, 2 workers", "local", 2)):
            started = time.perf_counter()
            summary = scan(target, Path(folder) / label, index=index, engine=engine, workers=workers,
                           part_bytes=options.part_kb * 1024)  # fmt: skip
            walls[label] = time.perf_counter() - started
            print(f"{label}: {walls[label]:.1f} s wall, {summary.findings} findings")
        efficiency = walls["local, 1 worker"] / (2 * walls["local, 2 workers"])
        print(f"parallel efficiency with 2 workers: {efficiency:.2f}")
        summary = scan(target, Path(folder) / "cross", index=index, workers=2, part_bytes=options.part_kb * 1024,
                       cross_article=True)  # fmt: skip
        rows, seconds = summary.cross_article_rows or 0, summary.cross_article_seconds or 0.0
        print(
            f"cross-article pass: {rows:,} key rows shuffled and compared in {seconds:.2f} s "
            f"({rows / seconds:,.0f} rows/s), {summary.cross_article_findings} findings"
        )
        try:
            import distributed  # noqa: F401
        except ImportError:
            print("dask: not installed (pip install 'ldnrefs[dask]')")
            return
        started = time.perf_counter()
        summary = scan(target, Path(folder) / "dask", index=index, engine="dask", workers=2,
                       part_bytes=options.part_kb * 1024)  # fmt: skip
        wall = time.perf_counter() - started
        same = (Path(folder) / "dask" / "findings.jsonl").read_bytes() == (
            Path(folder) / "local, 2 workers" / "findings.jsonl"
        ).read_bytes()
        print(
            f"dask, 2 workers (LocalCluster): {wall:.1f} s wall, {summary.findings} findings, "
            f"identical to local: {same}; overhead over local: {wall / walls['local, 2 workers'] - 1:+.0%}"
        )


if __name__ == "__main__":
    main()
