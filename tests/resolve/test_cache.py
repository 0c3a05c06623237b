"""The SQLite cache: time-to-live, shorter for not-found answers, shared by processes."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

from ldnrefs.resolve.cache import DAY, Cache


def test_entries_expire_and_not_found_expires_sooner(tmp_path: Path) -> None:
    """A 200 stays fresh for the TTL, a 404 only for its shorter TTL; stale entries serve offline."""
    with Cache(tmp_path / "c.sqlite", ttl=30 * DAY, not_found_ttl=DAY) as cache:
        cache.put("found", 200, b"{}", now=0)
        cache.put("missing", 404, b"", now=0)
        assert cache.get("found", now=2 * DAY) is not None
        assert cache.get("missing", now=2 * DAY) is None
        assert cache.get("missing", now=2 * DAY, stale_ok=True) is not None
        assert cache.get("found", now=31 * DAY) is None


def _write(path: str, start: int) -> None:
    cache = Cache(path)
    for number in range(start, start + 200):
        cache.put(f"url-{number}", 200, str(number).encode())
    cache.close()


def test_processes_share_one_cache(tmp_path: Path) -> None:
    """Four processes writing at once lose nothing and corrupt nothing (WAL mode)."""
    path = str(tmp_path / "shared.sqlite")
    Cache(path).close()
    processes = [multiprocessing.Process(target=_write, args=(path, start)) for start in range(0, 800, 200)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    with Cache(path) as cache:
        assert all(cache.get(f"url-{number}") is not None for number in range(800))


def _killed_writer(path: str) -> None:
    import os

    cache = Cache(path)
    cache.put("before", 200, b"kept")
    cache._db.execute("BEGIN")
    cache._db.execute("INSERT OR REPLACE INTO responses VALUES ('during', 200, x'00', 0)")
    os._exit(1)  # killed mid-transaction


def test_a_process_killed_mid_write_leaves_a_readable_cache(tmp_path: Path) -> None:
    """The committed entry survives; the half-done one is simply absent."""
    path = str(tmp_path / "killed.sqlite")
    process = multiprocessing.Process(target=_killed_writer, args=(path,))
    process.start()
    process.join(timeout=60)
    with Cache(path) as cache:
        cached = cache.get("before")
        assert cached is not None
        assert cached.body == b"kept"
        assert cache.get("during", stale_ok=True) is None


def test_an_unusable_cache_is_a_cache_error(tmp_path: Path) -> None:
    """A cache path that is a directory, or a file that is not SQLite, raises the library's CacheError."""
    import pytest

    import ldnrefs

    with pytest.raises(ldnrefs.CacheError, match="cannot use the cache"):
        Cache(tmp_path)
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database, " * 100)
    with pytest.raises(ldnrefs.CacheError):
        Cache(broken)


def test_the_cache_keeps_under_its_size_limit(tmp_path: Path) -> None:
    import time

    start = time.time() - 1000
    cache = Cache(tmp_path / "c.sqlite", max_bytes=200_000)
    for number in range(300):
        cache.put(f"key{number}", 200, b"x" * 2000, now=start + number)
    cache.prune()
    assert cache.get("key299") is not None  # the newest stay
    assert cache.get("key0") is None  # the oldest went
    cache.close()
    assert (tmp_path / "c.sqlite").stat().st_size < 1_000_000
