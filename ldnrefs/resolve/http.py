"""HTTP for the resolvers: polite, bounded, retried, cached.

* A User-Agent naming ldnrefs, its version and a contact (``mailto``), as
  Crossref's etiquette asks.
* Connect and read timeouts; a cap on the size of a response.
* Retries with exponential backoff and jitter on network errors, 429 and 5xx,
  honouring ``Retry-After`` (up to :data:`MAX_WAIT`).
* One :class:`Limiter` per *service* (not per host): NCBI's E-utilities and ID converter share
  one (3 requests a second, 10 with an API key), Crossref has its own (its ``x-rate-limit-*``
  headers tighten it), so services on one host do not pace each other and services on
  different hosts can run at the same time, from different threads.
* GET answers (200 and 404) go through the SQLite cache by URL; batch requests are not cached
  as such — their callers store each identifier's answer (:meth:`HttpClient.remember`), so a
  later batch of other identifiers still finds them. ``offline=True`` answers from the cache alone.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, Final, TypeVar
from urllib.parse import quote, urlsplit

import attrs
import requests
import urllib3

from ldnrefs.errors import NetworkError, NotFoundError, OfflineError, RateLimitedError, ResolveError, ServiceError
from ldnrefs.resolve.cache import Cache

MAX_BODY: Final = 20 * 2**20
MAX_WAIT: Final = 60.0
"""The longest ldnrefs waits on a service's word (``Retry-After``, an announced rate): longer, and it
reports the service as busy instead of sleeping through the run."""


@attrs.frozen
class Answer:
    status: int
    body: bytes
    from_cache: bool


class Limiter:
    """Requests to one service: at least ``interval`` seconds apart, at most ``in_flight`` at once."""

    def __init__(self, interval: float = 0.0, in_flight: int = 1) -> None:
        self.interval = interval
        self.in_flight = max(1, in_flight)
        self._slots = threading.BoundedSemaphore(self.in_flight)
        self._lock = threading.Lock()
        self._next = 0.0

    def turn(self, sleep: Callable[[float], None]) -> None:
        """Wait for this request's turn (the caller holds a slot: see :meth:`slot`)."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            sleep(start - now)

    def slot(self) -> threading.BoundedSemaphore:
        return self._slots

    def learn(self, limit: str | None, window: str | None) -> None:
        """Crossref's ``x-rate-limit-limit`` / ``-interval`` (``50`` / ``1s``): never faster than
        announced, never slower than :data:`MAX_WAIT` a request whatever is announced."""
        try:
            count = float(limit) if limit else 0.0
            seconds = float((window or "1s").rstrip("s"))
        except ValueError:
            return
        if count > 0 and seconds > 0:
            announced = min(seconds / count, MAX_WAIT)
            with self._lock:
                self.interval = max(self.interval, announced)


class HttpClient:
    """One requests session per resolver, with the politeness rules above; safe to share between threads."""

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
        adapter = requests.adapters.HTTPAdapter(pool_connections=8, pool_maxsize=16)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.cache = cache
        self.offline = offline
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.limiters: dict[str, Limiter] = {host: Limiter(interval) for host, interval in (min_interval or {}).items()}
        """Limiters by service name (or by host, for requests that name no service)."""
        self.requests_made = 0
        self.requests_by_service: dict[str, int] = {}
        self._down: set[str] = set()
        self._lock = threading.Lock()

    @property
    def min_interval(self) -> dict[str, float]:
        """Each limiter's interval (read only; set limits with :meth:`limit`)."""
        return {name: limiter.interval for name, limiter in self.limiters.items()}

    def limit(self, service: str, interval: float, in_flight: int = 1) -> None:
        """Pace ``service``: ``interval`` seconds between requests, ``in_flight`` at a time."""
        with self._lock:
            self.limiters[service] = Limiter(interval, in_flight)

    def close(self) -> None:
        """Close the HTTP session and the cache."""
        self.session.close()
        if self.cache is not None:
            self.cache.close()

    def recall(self, key: str) -> Answer | None:
        """An identifier's stored answer (``crossref:work:10.1/x``), fresh — or any, offline."""
        if self.cache is None:
            return None
        cached = self.cache.get(key, stale_ok=self.offline)
        return Answer(cached.status, cached.body, True) if cached is not None else None

    def remember(self, key: str, status: int, body: bytes) -> None:
        """Store one identifier's answer, after the caller has checked it."""
        if self.cache is not None:
            self.cache.put(key, status, body)

    def get(
        self,
        url: str,
        *,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        service: str | None = None,
        cache: bool = True,
        any_host: bool = False,
    ) -> Answer:
        """GET ``url`` (cache first, unless ``cache`` is false); 200 and 404 are answers, anything
        else raises a ResolveError."""
        full = requests.Request("GET", url, params=params).prepare().url or url
        key = full + ("|" + headers["Accept"] if headers and "Accept" in headers else "")
        if cache and self.cache is not None:
            cached = self.cache.get(key, stale_ok=self.offline)
            if cached is not None:
                return Answer(cached.status, cached.body, True)
        answer = self._send("GET", full, None, headers, service, any_host=any_host)
        if cache and self.cache is not None:
            self.cache.put(key, answer.status, answer.body)
        return answer

    def post(
        self, url: str, *, data: dict[str, str], service: str | None = None, headers: dict[str, str] | None = None
    ) -> Answer:
        """POST a form (E-utilities take long id lists this way); never cached as a whole."""
        return self._send("POST", url, data, headers, service)

    def _send(
        self,
        method: str,
        full: str,
        data: dict[str, str] | None,
        headers: dict[str, str] | None,
        service: str | None,
        *,
        any_host: bool = False,
    ) -> Answer:
        """One request, retried; ``any_host`` lets it be redirected to another host (doi.org sends
        content negotiation on to the registration agency)."""
        parts = urlsplit(full)
        host = parts.netloc
        where = f"{host}{parts.path}"  # messages name the endpoint, not a long batch query
        if self.offline:
            raise OfflineError(f"offline and not in the cache: {where}")
        if host in self._down:
            # The host did not answer after every retry earlier in this run: fail
            # fast instead of waiting out the backoff again for each identifier.
            raise NetworkError(f"{host} did not answer earlier in this run")
        name = service or host
        with self._lock:
            limiter = self.limiters.get(name)
            if limiter is None:
                limiter = self.limiters[name] = Limiter()
        delay = self.backoff
        for attempt in range(self.retries + 1):
            with limiter.slot():
                limiter.turn(self.sleep)
                with self._lock:
                    self.requests_made += 1
                    self.requests_by_service[name] = self.requests_by_service.get(name, 0) + 1
                try:
                    response = self.session.request(
                        method,
                        full,
                        data=data,
                        headers=headers,
                        timeout=self.timeout,
                        stream=True,
                        allow_redirects=any_host,
                    )
                    if response.is_redirect:
                        # An API that redirects (a maintenance page, a captive portal, a loop) gave no answer.
                        raise ServiceError(f"{where} redirected elsewhere instead of answering")
                    body = _body(response, where)
                except (requests.ConnectionError, requests.Timeout, urllib3.exceptions.HTTPError) as error:
                    if attempt == self.retries:
                        self._down.add(host)
                        raise NetworkError(f"{type(error).__name__} reaching {where}") from None
                    self.sleep(delay + random.uniform(0, delay))
                    delay *= 2
                    continue
                except requests.RequestException as error:  # a redirect loop, a redirect to file:, a bad URL
                    raise ServiceError(f"{type(error).__name__} from {where}") from None
            limiter.learn(response.headers.get("x-rate-limit-limit"), response.headers.get("x-rate-limit-interval"))
            if len(body) > MAX_BODY:
                raise ServiceError(f"response larger than {MAX_BODY} bytes from {where}")
            if response.status_code in (200, 404):
                return Answer(response.status_code, body, False)
            if response.status_code in (429, 500, 502, 503, 504) and attempt < self.retries:
                wait = _retry_after(response.headers.get("Retry-After", ""), delay)
                if wait > MAX_WAIT:
                    raise RateLimitedError(f"{where} asks to wait {wait:.0f} s; try again later")
                self.sleep(wait + random.uniform(0, delay / 2))
                delay *= 2
                continue
            error_type = RateLimitedError if response.status_code == 429 else ServiceError
            raise error_type(f"HTTP {response.status_code} from {where}")
        raise NetworkError(f"no answer from {where}")


_Read = TypeVar("_Read")


def recall_each(
    client: HttpClient,
    identifiers: Iterable[str],
    key: Callable[[str], str],
    read: Callable[[bytes], _Read],
    unknown: Callable[[str], str],
) -> tuple[dict[str, _Read | ResolveError], list[str]]:
    """What the cache holds for each identifier, one at a time (``key`` names its entry): an answer
    read by ``read``, a :class:`NotFoundError` with ``unknown``'s message for a stored 404; and the
    identifiers it holds nothing for, in order, for the caller to ask the service about."""
    found: dict[str, _Read | ResolveError] = {}
    missing: list[str] = []
    for identifier in identifiers:
        cached = client.recall(key(identifier))
        if cached is None:
            missing.append(identifier)
        elif cached.status == 404:
            found[identifier] = NotFoundError(unknown(identifier))
        else:
            try:
                found[identifier] = read(cached.body)
            except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
                missing.append(identifier)  # kept by another version, or damaged: asked again
    return found, missing


def json_body(body: bytes, service: str) -> Any:
    """A response body as JSON.

    :raises ServiceError: when it is not JSON, or is nested deeper than the parser goes.
    """
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        raise ServiceError(f"{service} sent a response that is not JSON") from None


def quote_path(identifier: str) -> str:
    """``identifier`` as a URL path (its ``/`` kept, everything else quoted).

    :raises NotFoundError: for a ``.`` or ``..`` segment, which would change the request's path.
    """
    segments = identifier.split("/")
    if any(segment in (".", "..") for segment in segments):
        raise NotFoundError(f"{identifier} has a '.' or '..' part; no service is asked for it")
    return "/".join(quote(segment, safe="") for segment in segments)


def _body(response: requests.Response, where: str) -> bytes:
    """The body, read within :data:`MAX_WAIT` seconds and :data:`MAX_BODY` bytes: a server that
    trickles a byte a second does not hold the run."""
    started = time.monotonic()
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_content(chunk_size=65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            break
        if time.monotonic() - started > MAX_WAIT:
            raise NetworkError(f"{where} took more than {MAX_WAIT:.0f} s to send its answer")
    return b"".join(chunks)


def _retry_after(value: str, default: float) -> float:
    """Seconds from a ``Retry-After`` header (a number; HTTP dates and anything else: ``default``)."""
    value = value.strip()
    if value.isascii() and value.replace(".", "", 1).isdecimal() and len(value) < 12:
        return float(value)
    return default
