"""``ldnrefs scan``: check every article of a Wikipedia dump, on this machine or a Dask cluster.

The dump is cut into parts of whole bzip2 streams (:mod:`ldnrefs.scan.dump`); each part is
checked by :func:`ldnrefs.scan.work.run_part` — every article (namespace 0, not a redirect)
exactly as ``ldnrefs check`` checks its wikitext — in worker processes (``engine="local"``) or
on Dask workers (``engine="dask"``: a ``LocalCluster`` or an existing scheduler). Results come
back in part order, so both engines write the same files:

* ``DIR/findings.jsonl``: one object a finding (``page_id``, ``rev_id``, ``title``, ``kind``,
  ``references``, ``names``, ``evidence``), in dump order;
* ``DIR/errors.jsonl``: one object a page that broke the reader (the scan goes on);
* ``DIR/summary.json``: pages read, articles, articles with findings, findings by kind, errors,
  bytes of wikitext, CPU seconds and wall seconds;
* ``DIR/findings.parquet`` as well, when pyarrow is installed;
* ``DIR/cross_article.jsonl`` with ``cross_article=True`` (:mod:`ldnrefs.scan.cross`): one work
  cited with conflicting metadata across articles, one work under several DOIs.

Every file is written through a temporary file and a rename.
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from ldnrefs.errors import EngineError
from ldnrefs.scan import cross
from ldnrefs.scan.cross import Shuffle
from ldnrefs.scan.dump import Part, parts
from ldnrefs.scan.work import PartResult, run_part

ENGINES: Final = ("local", "dask")


@attrs.frozen
class Summary:
    pages: int
    articles: int
    articles_with_findings: int
    findings: int
    findings_by_kind: dict[str, int]
    errors: int
    wikitext_bytes: int
    trailing_bytes: int
    parts: int
    workers: int
    engine: str
    cpu_seconds: float
    wall_seconds: float
    cross_article_findings: int | None = None
    cross_article_rows: int | None = None
    cross_article_seconds: float | None = None
    """The driver's shuffle and comparison of the rows, after the map."""

    def as_json(self) -> dict[str, Any]:
        return attrs.asdict(self)


def _local(tasks: Sequence[Part], workers: int, cross_article: bool) -> Iterator[PartResult]:
    work = functools.partial(run_part, cross_article=cross_article)
    if workers <= 1 or len(tasks) <= 1:
        yield from map(work, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(work, tasks)


def _dask(tasks: Sequence[Part], workers: int, scheduler: str | None, cross_article: bool) -> Iterator[PartResult]:
    try:
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise EngineError("the dask engine needs the dask extra: pip install 'ldnrefs[dask]'") from None
    Client, LocalCluster, as_completed = distributed.Client, distributed.LocalCluster, distributed.as_completed
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="30s")
        else:
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=40
            )
            client = Client(cluster)
    except OSError as error:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {error}") from None
    try:
        futures = client.map(run_part, list(tasks), pure=False, cross_article=cross_article)
        done: dict[int, PartResult] = {}
        following = 0
        for future in as_completed(futures):
            result: PartResult = future.result()
            done[result.number] = result
            while following in done:  # in part order, as soon as each is there
                yield done.pop(following)
                following += 1
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def scan(
    dump: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    index: str | os.PathLike[str] | None = None,
    engine: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    part_bytes: int | None = None,
    progress: Callable[[int, int, int, int], None] | None = None,
    cross_article: bool = False,
) -> Summary:
    """Check every article of ``dump`` and write the findings to the folder ``out``.

    ``progress(parts_done, parts, articles, findings)`` is told after each part.

    :raises LdnrefsError: for a dump or index that cannot be read, or an engine that cannot run.
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    started = time.perf_counter()
    workers = max(1, workers or os.cpu_count() or 1)
    options = {"part_bytes": part_bytes} if part_bytes else {}
    tasks = parts(dump, index=index, **options)
    results = (
        _local(tasks, workers, cross_article) if engine == "local" else _dask(tasks, workers, scheduler, cross_article)
    )
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    kinds: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    cpu = 0.0
    parquet = _Parquet(folder / "findings.parquet")
    shuffle = Shuffle(folder / ".cross-article.sqlite") if cross_article else None
    with _Atomic(folder / "findings.jsonl") as findings, _Atomic(folder / "errors.jsonl") as errors, parquet:
        for done, result in enumerate(results, start=1):
            for row in result.findings:
                findings.write(json.dumps(row, ensure_ascii=False) + "\n")
                kinds[row["kind"]] += 1
            parquet.write(result.findings)
            if shuffle is not None:
                shuffle.add(result.cited)
                totals.update(cited=len(result.cited))
            for row in result.errors:
                errors.write(json.dumps(row, ensure_ascii=False) + "\n")
            totals.update(
                pages=result.pages,
                articles=result.articles,
                with_findings=result.articles_with_findings,
                errors=len(result.errors),
                size=result.wikitext_bytes,
                trailing=result.trailing_bytes,
            )
            cpu += result.seconds
            if progress is not None:
                progress(done, len(tasks), totals["articles"], sum(kinds.values()))
    across = 0
    shuffled = 0.0
    if shuffle is not None:
        shuffle_started = time.perf_counter()
        try:
            with _Atomic(folder / "cross_article.jsonl") as stream:
                for key, members in shuffle.groups():
                    for row in cross.findings(key, members):
                        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
                        across += 1
        finally:
            shuffle.close()
        shuffled = time.perf_counter() - shuffle_started
    summary = Summary(
        pages=totals["pages"],
        articles=totals["articles"],
        articles_with_findings=totals["with_findings"],
        findings=sum(kinds.values()),
        findings_by_kind=dict(sorted(kinds.items())),
        errors=totals["errors"],
        wikitext_bytes=totals["size"],
        trailing_bytes=totals["trailing"],
        parts=len(tasks),
        workers=workers,
        engine=engine,
        cpu_seconds=round(cpu, 3),
        wall_seconds=round(time.perf_counter() - started, 3),
        cross_article_findings=across if cross_article else None,
        cross_article_rows=totals["cited"] if cross_article else None,
        cross_article_seconds=round(shuffled, 3) if cross_article else None,
    )
    with _Atomic(folder / "summary.json") as stream:
        stream.write(json.dumps(summary.as_json(), indent=2) + "\n")
    return summary


class _Atomic:
    """A text file written to a temporary name and renamed into place when complete."""

    def __init__(self, path: Path) -> None:
        self.path = path
        handle, self.temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        self.stream = os.fdopen(handle, "w", encoding="utf-8", newline="\n")

    def __enter__(self) -> Any:
        return self.stream

    def __exit__(self, kind: object, *rest: object) -> None:
        self.stream.close()
        if kind is None:
            _publish(self.temporary, self.path)
        else:
            Path(self.temporary).unlink(missing_ok=True)


def _publish(temporary: str, path: Path) -> None:
    """Rename into place with the permissions a new file gets (mkstemp's are the owner's only)."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary, 0o666 & ~umask)
    os.replace(temporary, path)


class _Parquet:
    """``findings.parquet``, written part by part (memory does not grow with the dump), when pyarrow
    is installed; nothing otherwise."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.writer: Any = None
        try:
            pa: Any = importlib.import_module("pyarrow")
            pq: Any = importlib.import_module("pyarrow.parquet")
        except ImportError:
            return
        self.pa = pa
        self.schema = pa.schema(
            [
                ("page_id", pa.int64()),
                ("rev_id", pa.int64()),
                ("title", pa.string()),
                ("kind", pa.string()),
                ("references", pa.list_(pa.int64())),
                ("names", pa.list_(pa.string())),
                ("evidence", pa.string()),
            ]
        )
        handle, self.temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(handle)
        self.writer = pq.ParquetWriter(self.temporary, self.schema)

    def write(self, rows: Sequence[dict[str, Any]]) -> None:
        if self.writer is not None and rows:
            self.writer.write_table(self.pa.Table.from_pylist(list(rows), schema=self.schema))

    def __enter__(self) -> _Parquet:
        return self

    def __exit__(self, kind: object, *rest: object) -> None:
        if self.writer is None:
            return
        self.writer.close()
        if kind is None:
            _publish(self.temporary, self.path)
        else:
            Path(self.temporary).unlink(missing_ok=True)


def progress_line(started: float) -> Callable[[int, int, int, int], None]:
    """A progress line for a terminal: parts, articles, findings, rate and what remains."""

    def show(done: int, total: int, articles: int, findings: int) -> None:
        elapsed = time.perf_counter() - started
        rate = articles / elapsed if elapsed else 0.0
        left = elapsed / done * (total - done) if done else 0.0
        sys.stderr.write(
            f"\rldnrefs scan: part {done}/{total}, {articles:,} articles, {findings:,} findings, "
            f"{rate:,.0f} articles/s, about {left:,.0f} s left\x1b[K"
        )
        sys.stderr.flush()

    return show


__all__ = ["ENGINES", "EngineError", "Summary", "progress_line", "scan"]
