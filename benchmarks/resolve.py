"""Benchmark: resolve 1,000 DOIs and 1,000 PMIDs batched, against one request per identifier.

Usage::

    python benchmarks/resolve.py                 # 1,000 + 1,000 ids, 50 ms latency
    python benchmarks/resolve.py --ids 200 --latency 0.05

A local HTTP server on 127.0.0.1 answers in the services' formats (Crossref
``/works`` filters and single works, NCBI ``esearch`` and ``esummary``) after
``--latency`` seconds per request. The DOIs are of articles PubMed does not
hold, so ldnrefs also searches PubMed for them (40 DOIs a search). The same run then resolves the same ids the way
single-identifier tools do — one request each, NCBI's rate (10 a second with
an API key) applied to both — and finally resolves again from the cache.
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import ldnrefs
from ldnrefs.resolve import Resolver
from ldnrefs.resolve.cache import Cache
from ldnrefs.resolve.http import HttpClient


def _work(doi: str) -> dict[str, Any]:
    number = doi.rsplit(".", 1)[1]
    return {
        "DOI": doi,
        "type": "journal-article",
        "title": [f"Benchmark article {number}"],
        "author": [{"given": "Ada", "family": f"Author{number}"}],
        "container-title": ["Journal of Benchmarks"],
        "volume": "1",
        "issue": "2",
        "page": "3-4",
        "ISSN": ["1234-5679"],
        "issued": {"date-parts": [[2020, 1, 2]]},
    }


def _summary(pmid: str) -> dict[str, Any]:
    return {
        "uid": pmid,
        "pubdate": "2020 Jan 2",
        "title": f"Benchmark article {pmid}.",
        "authors": [{"name": f"Author{pmid} A", "authtype": "Author"}],
        "fulljournalname": "Journal of benchmarks",
        "volume": "1",
        "issue": "2",
        "pages": "3-4",
        "issn": "1234-5679",
        "essn": "",
        "articleids": [{"idtype": "pubmed", "value": pmid}],
    }


class Services:
    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.requests = 0

    def __call__(self, request: Request) -> Response:
        self.requests += 1
        time.sleep(self.latency)
        if request.path == "/works":
            dois = [part[4:] for part in request.args.get("filter", "").split(",") if part.startswith("doi:")]
            body: dict[str, Any] = {
                "status": "ok",
                "message-type": "work-list",
                "message": {"items": [_work(d) for d in dois]},
            }
        elif request.path.startswith("/works/"):
            body = {"status": "ok", "message-type": "work", "message": _work(request.path[len("/works/") :])}
        elif request.path.endswith("esearch.fcgi"):
            body = {"header": {"type": "esearch"}, "esearchresult": {"count": "0", "idlist": []}}
        else:
            ids = request.args.get("id", "").split(",")
            body = {"header": {"type": "esummary"}, "result": {"uids": ids, **{i: _summary(i) for i in ids}}}
        return Response(json.dumps(body), content_type="application/json")


def _crossref_base(server: HTTPServer) -> str:
    """Crossref is reached as localhost and NCBI as 127.0.0.1: two hosts, so NCBI's rate
    limit applies to NCBI alone, as it would against the real services."""
    return f"http://localhost:{server.port}"


def _resolver(server: HTTPServer, cache: Path) -> Resolver:
    return Resolver(
        crossref_url=_crossref_base(server),
        eutils_url=server.url_for("/eutils"),
        idconv_url=server.url_for("/idconv"),
        doi_url=server.url_for("/doi"),
        api_key="benchmark",
        cache_path=cache,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids", type=int, default=1_000, help="DOIs, and as many PMIDs")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the server waits before each answer")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    records = [
        ldnrefs.Reference(title=f"doi {n}", identifiers=ldnrefs.Identifiers(doi=f"10.5555/bench.{n}"))
        for n in range(args.ids)
    ] + [
        ldnrefs.Reference(title=f"pmid {n}", identifiers=ldnrefs.Identifiers(pmid=str(30_000_000 + n)))
        for n in range(args.ids)
    ]
    services = Services(args.latency)
    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/works").respond_with_handler(services)
    for record in records[: args.ids]:
        server.expect_request(f"/works/{record.identifiers.doi}").respond_with_handler(services)
    server.expect_request("/eutils/esummary.fcgi").respond_with_handler(services)
    server.expect_request("/eutils/esearch.fcgi").respond_with_handler(services)
    server.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            cache = Path(folder) / "cache.sqlite"
            started = time.perf_counter()
            first = _resolver(server, cache).resolve(records)
            batched_time, batched_requests = time.perf_counter() - started, services.requests
            assert sum(entry.status == "resolved" for entry in first.report) == 2 * args.ids
            before = services.requests
            started = time.perf_counter()
            again = _resolver(server, cache).resolve(records)
            cached_time, cached_requests = time.perf_counter() - started, services.requests - before
            assert again.records == first.records

            client = HttpClient(user_agent="single-id baseline", cache=Cache(Path(folder) / "single.sqlite"))
            client.min_interval[f"127.0.0.1:{server.port}"] = 0.1  # NCBI with an API key, as above
            before = services.requests
            started = time.perf_counter()
            for record in records:
                if record.identifiers.doi:
                    client.get(f"{_crossref_base(server)}/works/{record.identifiers.doi}")
                else:
                    client.get(
                        server.url_for("/eutils/esummary.fcgi"),
                        params={"db": "pubmed", "id": str(record.identifiers.pmid), "retmode": "json"},
                    )
            single_time, single_requests = time.perf_counter() - started, services.requests - before
    finally:
        server.stop()
    print(f"{args.ids:,} DOIs and {args.ids:,} PMIDs, {args.latency * 1000:.0f} ms per request, same run")
    print("| method | requests | wall seconds |")
    print("|---|---:|---:|")
    print(f"| ldnrefs, batched | {batched_requests:,} | {batched_time:.1f} |")
    print(f"| one request per identifier | {single_requests:,} | {single_time:.1f} |")
    print(f"| ldnrefs again, from the cache | {cached_requests:,} | {cached_time:.1f} |")
    fewer, faster = single_requests / batched_requests, single_time / batched_time
    print(f"fewer requests: {fewer:,.0f}x; less wall time: {faster:,.0f}x")


if __name__ == "__main__":
    main()
