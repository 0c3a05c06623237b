"""An embedded SQLite cache of HTTP answers, shared safely by several processes.

Keys are request URLs, or one identifier's key (``crossref:work:10.1/x``) for answers taken
out of a batch; a value is the status and body with the time it was
stored and how long it stays fresh. The database runs in WAL mode, so readers
never block a writer and a process killed mid-write leaves the last committed
state readable. Not-found answers are kept for a shorter time than found ones.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import Final

import attrs

from ldnrefs.errors import CacheError

DAY: Final = 86_400.0
MAX_BYTES: Final = 512 * 2**20
"""The cache's size limit: past it, expired and then the oldest answers are dropped."""


@attrs.frozen
class Cached:
    status: int
    body: bytes
    stored: float


class Cache:
    """SQLite-backed store of (status, body) by URL with a time-to-live."""

    def __init__(
        self,
        path: str | Path,
        *,
        ttl: float = 30 * DAY,
        not_found_ttl: float = 1 * DAY,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        self.path = Path(path)
        self.ttl = ttl
        self.not_found_ttl = not_found_ttl
        self.max_bytes = max_bytes
        self._puts = 0
        connection = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS responses (url TEXT PRIMARY KEY, status INTEGER, body BLOB, stored REAL)"
            )
        except (OSError, sqlite3.Error) as error:
            if connection is not None:
                connection.close()
            raise CacheError(f"{self.path}: cannot use the cache: {error}") from None
        self._db = connection
        self._lock = threading.Lock()  # one connection, several resolver threads
        self.prune()

    def prune(self) -> None:
        """Keep the cache under ``max_bytes``: expired answers go first, then the oldest, down to
        three quarters of the limit."""
        try:
            with self._lock:
                pages = self._db.execute("PRAGMA page_count").fetchone()[0]
                page_size = self._db.execute("PRAGMA page_size").fetchone()[0]
                free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
                if (pages - free) * page_size <= self.max_bytes:
                    return
                now = time.time()
                self._db.execute("DELETE FROM responses WHERE stored < ?", (now - self.ttl,))
                rows = self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
                pages = self._db.execute("PRAGMA page_count").fetchone()[0]
                free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
                used = (pages - free) * page_size
                if used > self.max_bytes and rows:
                    keep = int(rows * self.max_bytes * 0.75 / used)
                    self._db.execute(
                        "DELETE FROM responses WHERE url IN (SELECT url FROM responses ORDER BY stored LIMIT ?)",
                        (rows - keep,),
                    )
        except sqlite3.Error as error:
            raise CacheError(f"{self.path}: cannot use the cache: {error}") from None

    def get(self, url: str, *, now: float | None = None, stale_ok: bool = False) -> Cached | None:
        """The stored answer for ``url`` if fresh (or any, with ``stale_ok``)."""
        try:
            with self._lock:
                row = self._db.execute("SELECT status, body, stored FROM responses WHERE url = ?", (url,)).fetchone()
        except sqlite3.Error as error:
            raise CacheError(f"{self.path}: cannot read the cache: {error}") from None
        if row is None:
            return None
        cached = Cached(int(row[0]), bytes(row[1]), float(row[2]))
        age = (now if now is not None else time.time()) - cached.stored
        limit = self.not_found_ttl if cached.status == 404 else self.ttl
        return cached if stale_ok or age <= limit else None

    def put(self, url: str, status: int, body: bytes, *, now: float | None = None) -> None:
        stored = now if now is not None else time.time()
        try:
            with self._lock:
                self._db.execute(
                    "INSERT OR REPLACE INTO responses (url, status, body, stored) VALUES (?, ?, ?, ?)",
                    (url, status, body, stored),
                )
        except sqlite3.Error as error:
            raise CacheError(f"{self.path}: cannot write the cache: {error}") from None
        self._puts += 1
        if self._puts % 2000 == 0:
            self.prune()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
