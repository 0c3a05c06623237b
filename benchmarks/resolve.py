"""Benchmark: resolve 1,000 DOIs and 1,000 PMIDs through the CLI, beside manubot, one local server.

Usage::

    python benchmarks/resolve.py                           # 1,000 + 1,000 ids, 50 ms a request
    python benchmarks/resolve.py --manubot /tmp/mbvenv/bin/manubot --manubot-sample 50

A threaded HTTP server on 127.0.0.1 answers in the services' formats after ``--latency``
seconds a request: Crossref (``/works`` filters and single works), NCBI (``esearch`` and
``esummary`` by GET or POST, the ID converter, the citation exporter), doi.org and DataCite
content negotiation, shortdoi.org. Half of the DOIs are known to PubMed, so ``esearch`` finds
PMIDs for them and ``esummary`` must not summarise those again. No API key: NCBI's 3 requests a
second apply.

1. ``ldnrefs resolve ids.json`` as a user runs it (a new process), every base URL pointed at the
   server through ``LDNREFS_*_URL``; requests counted per service.
2. The same command again: everything from the cache.
3. manubot (``manubot cite``, if ``--manubot`` names its executable) on a sample of the same ids,
   its requests sent to the same server by a ``sitecustomize`` that rewrites ``https://HOST/`` to
   ``http://127.0.0.1:PORT/HOST/``; requests and seconds per identifier, scaled to the whole job.

The floor is one request per identifier at the server's latency: 2,000 × 50 ms = 100 s.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SCHEMA = Path(__file__).resolve().parent.parent / "ldnrefs" / "data" / "csl-data.json"
PMID_BASE = 30_000_000
DOI_PMID_BASE = 40_000_000
REDIRECT = """
import os, requests
_base = os.environ["BENCH_REDIRECT"]
_request = requests.sessions.Session.request
def request(self, method, url, *args, **kwargs):
    for scheme in ("https://", "http://"):
        if url.startswith(scheme):
            url = _base + "/" + url[len(scheme):]
            break
    return _request(self, method, url, *args, **kwargs)
requests.sessions.Session.request = request
"""


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
    number = int(pmid)
    ids = [{"idtype": "pubmed", "value": pmid}]
    title = f"Benchmark article {pmid}."
    if number >= DOI_PMID_BASE:  # an article found by its DOI
        ids.append({"idtype": "doi", "value": f"10.5555/bench.{number - DOI_PMID_BASE}"})
        title = f"Benchmark article {number - DOI_PMID_BASE}."
    return {
        "uid": pmid,
        "pubdate": "2020 Jan 2",
        "title": title,
        "authors": [{"name": f"Author{pmid} A", "authtype": "Author"}],
        "source": "J Bench",
        "fulljournalname": "Journal of benchmarks",
        "volume": "1",
        "issue": "2",
        "pages": "3-4",
        "issn": "1234-5679",
        "essn": "",
        "articleids": ids,
    }


def _pubmed_xml(pmid: str) -> str:
    """A minimal PubMed efetch record (the elements manubot reads)."""
    return (
        f"<PubmedArticle><MedlineCitation><PMID>{pmid}</PMID><Article><Journal><JournalIssue>"
        "<Volume>1</Volume><Issue>2</Issue><PubDate><Year>2020</Year><Month>Jan</Month></PubDate>"
        "</JournalIssue><Title>Journal of benchmarks</Title><ISOAbbreviation>J Bench</ISOAbbreviation></Journal>"
        f"<ArticleTitle>Benchmark article {pmid}.</ArticleTitle><Pagination><MedlinePgn>3-4</MedlinePgn></Pagination>"
        f"<AuthorList><Author><LastName>Author{pmid}</LastName><Initials>A</Initials></Author></AuthorList>"
        "</Article></MedlineCitation><PubmedData><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>'
    )


def _csl(identifier: str) -> dict[str, Any]:
    return {"type": "article-journal", "title": f"Benchmark {identifier}", "issued": {"date-parts": [[2020]]}}


class Services:
    """The stand-in services; counts requests per service."""

    def __init__(self, latency: float) -> None:
        self.latency = latency
        self.counts: Counter[str] = Counter()
        self.other: list[str] = []
        self._lock = threading.Lock()

    def count(self, service: str) -> None:
        with self._lock:
            self.counts[service] += 1

    def __call__(self, request: Request) -> Response:
        time.sleep(self.latency)
        path = request.path
        values = request.values
        if path.startswith("/crossref/works"):
            self.count("crossref")
            if path == "/crossref/works":
                dois = [part[4:] for part in values.get("filter", "").split(",") if part.startswith("doi:")]
                items = [_work(doi) for doi in dois]
                return _json({"status": "ok", "message-type": "work-list", "message": {"items": items}})
            doi = unquote(path[len("/crossref/works/") :])
            return _json({"status": "ok", "message-type": "work", "message": _work(doi)})
        if "esearch.fcgi" in path:
            self.count("ncbi")
            term = values.get("term", "")
            found = [
                str(DOI_PMID_BASE + int(part.split(".")[-1]))
                for part in term.replace('"', " ").replace("[doi]", " ").replace("[DOI]", " ").split()
                if part.startswith("10.5555/bench.") and int(part.split(".")[-1]) % 2 == 0
            ]
            if values.get("retmode") == "json":
                return _json({"esearchresult": {"count": str(len(found)), "idlist": found}})
            ids = "".join(f"<Id>{pmid}</Id>" for pmid in found)
            return Response(f"<eSearchResult><Count>{len(found)}</Count><IdList>{ids}</IdList></eSearchResult>")
        if "esummary.fcgi" in path:
            self.count("ncbi")
            ids = [pmid for pmid in values.get("id", "").split(",") if pmid]
            return _json({"header": {"type": "esummary"}, "result": {"uids": ids, **{i: _summary(i) for i in ids}}})
        if "efetch.fcgi" in path:
            self.count("ncbi")
            articles = "".join(_pubmed_xml(pmid) for pmid in values.get("id", "").split(",") if pmid)
            return Response(f"<PubmedArticleSet>{articles}</PubmedArticleSet>", content_type="text/xml")
        if "/idconv" in path:
            self.count("ncbi")
            records = [
                {"requested-id": key, "status": "error", "errmsg": "invalid article id"}
                for key in values.get("ids", "").split(",")
            ]
            return _json({"status": "ok", "responseDate": "2026-12-02 07:00:00", "records": records})
        if "/lit/ctxp/" in path:
            self.count("ncbi")
            return _json({**_csl(values.get("id", "")), "id": values.get("id", "")})
        if path.startswith("/shortdoi.org/"):
            self.count("shortdoi.org")
            return _json({"DOI": unquote(path[len("/shortdoi.org/") :]), "ShortDOI": "10/abcd"})
        if path.startswith(("/doi.org/", "/doiorg/", "/data.crosscite.org/")):
            self.count("doi.org")
            return Response(json.dumps(_csl(path)), content_type="application/vnd.citationstyles.csl+json")
        if path.endswith("csl-data.json"):  # manubot validates items against CSL's schema, fetched once
            self.count("schema")
            return Response(SCHEMA.read_bytes(), content_type="application/json")
        self.count("other")
        self.other.append(path)
        return Response("not found", status=404)


def _json(body: dict[str, Any]) -> Response:
    return Response(json.dumps(body), content_type="application/json")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ids", type=int, default=1_000, help="DOIs, and as many PMIDs")
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the server waits before each answer")
    parser.add_argument("--manubot", metavar="EXE", help="manubot's executable, to run it on a sample")
    parser.add_argument("--manubot-sample", type=int, default=50, help="DOIs, and as many PMIDs, for manubot")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    services = Services(args.latency)
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.expect_request(__import__("re").compile(".*")).respond_with_handler(services)
    server.start()
    base = f"http://127.0.0.1:{server.port}"
    items = [{"id": f"d{n}", "type": "article-journal", "DOI": f"10.5555/bench.{n}"} for n in range(args.ids)]
    items += [{"id": f"p{n}", "type": "article-journal", "PMID": str(PMID_BASE + n)} for n in range(args.ids)]
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    environment.update(
        LDNREFS_CROSSREF_URL=f"{base}/crossref",
        LDNREFS_EUTILS_URL=f"{base}/eutils",
        LDNREFS_IDCONV_URL=f"{base}/idconv",
        LDNREFS_DOI_URL=f"{base}/doiorg",
    )
    environment.pop("LDNREFS_NCBI_API_KEY", None)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "ids.json"
            source.write_text(json.dumps(items), encoding="utf-8")
            command = [sys.executable, "-m", "ldnrefs", "-q", "resolve", str(source), "-o", str(Path(folder) / "out")]
            command += ["--cache", str(Path(folder) / "cache.sqlite")]
            for label in ("ldnrefs resolve (CLI)", "ldnrefs resolve again, from the cache"):
                services.counts.clear()
                started = time.perf_counter()
                subprocess.run(command, env=environment, check=True)
                rows.append((label, 2 * args.ids, dict(services.counts), time.perf_counter() - started))
            resolved = json.loads((Path(folder) / "out").read_text())
            assert sum(1 for item in resolved if item.get("title", "").startswith("Benchmark article")) == 2 * args.ids
            assert (
                sum(1 for item in resolved if item.get("PMID", "").startswith(str(DOI_PMID_BASE)[:2])) >= args.ids // 2
            )
            if args.manubot:
                (Path(folder) / "sitecustomize.py").write_text(REDIRECT, encoding="utf-8")
                sample = args.manubot_sample
                keys = [f"doi:10.5555/bench.{n}" for n in range(sample)] + [
                    f"pmid:{PMID_BASE + n}" for n in range(sample)
                ]
                manubot_environment = {**environment, "PYTHONPATH": folder, "BENCH_REDIRECT": base}
                services.counts.clear()
                started = time.perf_counter()
                done = subprocess.run(
                    [args.manubot, "cite", "--format=csljson", "--output", str(Path(folder) / "m.json"), *keys],
                    env=manubot_environment,
                    check=False,
                    capture_output=True,
                    text=True,
                )
                failed = done.stderr.count("## WARNING")
                if services.other:
                    print(f"manubot asked for unserved paths: {sorted(set(services.other))[:5]}", file=sys.stderr)
                if done.returncode or failed:
                    print(
                        f"manubot: exit {done.returncode}, {failed} warnings:\n{done.stderr[-1500:]}", file=sys.stderr
                    )
                rows.append((f"manubot cite (sample of {2 * sample})", 2 * sample, dict(services.counts),
                             time.perf_counter() - started))  # fmt: skip
    finally:
        server.stop()
    floor = 2 * args.ids * args.latency
    print(f"{args.ids:,} DOIs and {args.ids:,} PMIDs (half the DOIs known to PubMed), {args.latency * 1000:.0f} ms")
    print(f"a request, no NCBI API key; floor (one request per identifier): {2 * args.ids:,} requests, {floor:.0f} s")
    print("| method | ids | requests | by service | wall seconds | under the floor | scaled to the whole job |")
    print("|---|---:|---:|---|---:|---:|---|")
    for label, count, by_service, seconds in rows:
        total = sum(by_service.values())
        shown = ", ".join(f"{name} {number}" for name, number in sorted(by_service.items())) or "none"
        scale = 2 * args.ids / count
        scaled = f"{total * scale:,.0f} requests, {seconds * scale:,.0f} s" if count != 2 * args.ids else ""
        under = f"{floor / (seconds * scale):.1f}x" if seconds else ""
        print(f"| {label} | {count:,} | {total:,} | {shown} | {seconds:.1f} | {under} | {scaled} |")


if __name__ == "__main__":
    main()
