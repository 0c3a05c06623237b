"""HTTP for the resolvers: polite, bounded, retried, cached.

* A User-Agent naming ldnrefs, its version and a contact (``mailto``), as
  Crossref's etiquette asks.
* Connect and read timeouts; a cap on the size of a response.
* Retries with exponential backoff and jitter on network errors, 429 and 5xx,
  honouring ``Retry-After``.
* A minimum interval between requests to one host (NCBI allows 3 a second
  without a key); Crossref's ``x-rate-limit-limit`` / ``-interval`` headers
  tighten it when they announce less.
* Answers (200 and 404) go through the SQLite cache; ``offline=True`` answers
  from the cache alone.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from typing import Final
from urllib.parse import urlsplit

import attrs
import requests

from ldnrefs.errors import NetworkError, OfflineError, RateLimitedError, ServiceError
from ldnrefs.resolve.cache import Cache

MAX_BODY: Final = 20 * 2**20


@attrs.frozen
class Answer:
    status: int
    body: bytes
    from_cache: bool


class HttpClient:
    """One requests session per resolver, with the politeness rules above."""

    def __init__(
        self,
        *,
        user_agent: str,
        cache: Cache | None = None,
        offline: bool = False,
        timeout: tuple[float, float] = (5.0, 30.0),
        retries: int = 4,
        backoff: float = 0.5,
        min_interval: dict[str, float] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.session = requests.Session()
        self.session.headers["User-Agent"] = user_agent
        self.cache = cache
        self.offline = offline
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.min_interval = dict(min_interval or {})
        self.sleep = sleep
        self.requests_made = 0
        self._last: dict[str, float] = {}
        self._down: set[str] = set()
        self._lock = threading.Lock()

    def close(self) -> None:
        """Close the HTTP session and the cache."""
        self.session.close()
        if self.cache is not None:
            self.cache.close()

    def _wait_turn(self, host: str) -> None:
        interval = self.min_interval.get(host, 0.0)
        with self._lock:
            now = time.monotonic()
            wait = self._last.get(host, 0.0) + interval - now
            self._last[host] = max(now, self._last.get(host, 0.0) + interval)
        if wait > 0:
            self.sleep(wait)

    def _learn_limits(self, host: str, response: requests.Response) -> None:
        limit = response.headers.get("x-rate-limit-limit")
        interval = response.headers.get("x-rate-limit-interval", "1s").rstrip("s")
        try:
            announced = float(interval) / float(limit) if limit else 0.0
        except ValueError:
            return
        if announced > self.min_interval.get(host, 0.0):
            self.min_interval[host] = announced

    def get(self, url: str, *, params: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> Answer:
        """GET ``url`` (cache first); 200 and 404 are answers, anything else raises a ResolveError."""
        full = requests.Request("GET", url, params=params).prepare().url or url
        key = full + ("|" + headers["Accept"] if headers and "Accept" in headers else "")
        if self.cache is not None:
            cached = self.cache.get(key, stale_ok=self.offline)
            if cached is not None:
                return Answer(cached.status, cached.body, True)
        if self.offline:
            raise OfflineError(f"offline and not in the cache: {urlsplit(full).netloc}{urlsplit(full).path}")
        parts = urlsplit(full)
        host = parts.netloc
        where = f"{host}{parts.path}"  # messages name the endpoint, not a long batch query
        if host in self._down:
            # The host did not answer after every retry earlier in this run: fail
            # fast instead of waiting out the backoff again for each identifier.
            raise NetworkError(f"{host} did not answer earlier in this run")
        delay = self.backoff
        for attempt in range(self.retries + 1):
            self._wait_turn(host)
            self.requests_made += 1
            try:
                response = self.session.get(full, headers=headers, timeout=self.timeout, stream=True)
                body = response.raw.read(MAX_BODY + 1, decode_content=True)
            except (requests.ConnectionError, requests.Timeout) as error:
                if attempt == self.retries:
                    self._down.add(host)
                    raise NetworkError(f"{type(error).__name__} reaching {where}") from None
                self.sleep(delay + random.uniform(0, delay))
                delay *= 2
                continue
            self._learn_limits(host, response)
            if len(body) > MAX_BODY:
                raise ServiceError(f"response larger than {MAX_BODY} bytes from {where}")
            if response.status_code in (200, 404):
                if self.cache is not None:
                    self.cache.put(key, response.status_code, body)
                return Answer(response.status_code, body, False)
            if response.status_code in (429, 500, 502, 503, 504) and attempt < self.retries:
                retry_after = response.headers.get("Retry-After", "")
                wait = float(retry_after) if retry_after.replace(".", "", 1).isdigit() else delay
                self.sleep(wait + random.uniform(0, delay / 2))
                delay *= 2
                continue
            error_type = RateLimitedError if response.status_code == 429 else ServiceError
            raise error_type(f"HTTP {response.status_code} from {where}")
        raise NetworkError(f"no answer from {where}")
