"""Resolving identifiers against a local HTTP server (127.0.0.1 only).

The server speaks Crossref's REST API (``/works?filter=doi:…`` answers a
``work-list``, ``/works/{doi}`` a ``work`` or a plain-text 404), NCBI's
``esummary.fcgi`` (JSON, one ``result`` entry per PMID, ``error`` for unknown
ones) and the PMC ID converter. Faults are injected per test: 429 with
Retry-After, 503 then success, malformed JSON, an unknown DOI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import ldnrefs
from ldnrefs.model import Date, Name
from ldnrefs.resolve import Resolver
from ldnrefs.resolve.cache import Cache
from ldnrefs.resolve.crossref import work_to_record
from ldnrefs.resolve.http import HttpClient
from tests.conftest import DATA, SEED

RECORDED = DATA / "http" / "crossref"


def _work(
    doi: str,
    title: str,
    authors: list[tuple[str, str]],
    container: str,
    volume: str,
    issue: str,
    page: str,
    issn: list[str],
    online: list[int],
    printed: list[int] | None = None,
) -> dict[str, Any]:
    work: dict[str, Any] = {
        "DOI": doi,
        "type": "journal-article",
        "title": [title],
        "container-title": [container],
        "author": [
            {"given": given, "family": family, "sequence": "first" if index == 0 else "additional", "affiliation": []}
            for index, (given, family) in enumerate(authors)
        ],
        "volume": volume,
        "issue": issue,
        "page": page,
        "ISSN": issn,
        "publisher": "Springer Science and Business Media LLC",
        "issued": {"date-parts": [online]},
        "published-online": {"date-parts": [online]},
    }
    if printed:
        work["published-print"] = {"date-parts": [printed]}
    return work


WORKS = {
    "10.1007/s10067-014-2517-2": _work(
        "10.1007/s10067-014-2517-2",
        "The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment for chronic pain",
        [("Jarred", "Younger"), ("Luke", "Parkitny"), ("David", "McLain")],
        "Clinical Rheumatology",
        "33",
        "4",
        "451-459",
        ["0770-3198", "1434-9949"],
        [2014, 2, 15],
        [2014, 4],
    ),
    "10.1007/s11916-020-00898-0": _work(
        "10.1007/s11916-020-00898-0",
        "Low-Dose Naltrexone for Chronic Pain: Update and Systemic Review",
        [("Phillip S.", "Kim"), ("Michael A.", "Fishman")],
        "Current Pain and Headache Reports",
        "24",
        "10",
        "64",
        ["1531-3433", "1534-3081"],
        [2020, 8, 26],
    ),
    "10.1007/s40263-013-0096-4": _work(
        "10.1007/s40263-013-0096-4",
        "Targeted Opioid Receptor Antagonists in the Treatment of Alcohol Use Disorders",
        [("Mark J.", "Niciu"), ("Albert J.", "Arias")],
        "CNS Drugs",
        "27",
        "10",
        "777-787",
        ["1172-7047", "1179-1934"],
        [2013, 7, 24],
        [2013, 10],
    ),
}


class Crossref:
    """A stand-in Crossref with switchable faults; counts what it was asked."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.faults: list[int] = []  # statuses to send before answering normally
        self.malformed = False

    def __call__(self, request: Request) -> Response:
        self.requests.append(request.full_path)
        if self.faults:
            status = self.faults.pop(0)
            return Response("slow down", status=status, headers={"Retry-After": "0"})
        if self.malformed:
            return Response('{"status": "ok", "message": ', status=200, content_type="application/json")
        if request.path == "/works":
            dois = [part[4:].lower() for part in request.values.get("filter", "").split(",") if part.startswith("doi:")]
            items = [WORKS[doi] for doi in dois if doi in WORKS]
            body = {
                "status": "ok",
                "message-type": "work-list",
                "message-version": "1.0.0",
                "message": {"items": items, "total-results": len(items), "items-per-page": len(items)},
            }
            return Response(json.dumps(body), content_type="application/json")
        doi = request.path[len("/works/") :].lower()
        if doi in WORKS:
            body = {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": WORKS[doi]}
            return Response(json.dumps(body), content_type="application/json")
        return Response((RECORDED / "10.1371_notarealdoi.404.txt").read_bytes(), status=404)


SUMMARIES = {
    "23594453": {
        "uid": "23594453",
        "pubdate": "2013 Mar-Apr",
        "epubdate": "",
        "source": "Altern Ther Health Med",
        "authors": [{"name": "Bihari B", "authtype": "Author", "clusterid": ""}],
        "title": "Bernard Bihari, MD: low-dose naltrexone for normalizing immune system function.",
        "volume": "19",
        "issue": "2",
        "pages": "56-65",
        "issn": "1078-6791",
        "essn": "",
        "fulljournalname": "Alternative therapies in health and medicine",
        "articleids": [{"idtype": "pubmed", "idtypen": 1, "value": "23594453"}],
    },
    "24526250": {
        "uid": "24526250",
        "pubdate": "2014 Apr",
        "epubdate": "2014 Feb 15",
        "source": "Clin Rheumatol",
        "authors": [
            {"name": "Younger J", "authtype": "Author"},
            {"name": "Parkitny L", "authtype": "Author"},
            {"name": "McLain D", "authtype": "Author"},
        ],
        "title": "The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment for chronic pain.",
        "volume": "33",
        "issue": "4",
        "pages": "451-9",
        "issn": "0770-3198",
        "essn": "1434-9949",
        "fulljournalname": "Clinical rheumatology",
        "articleids": [
            {"idtype": "pubmed", "value": "24526250"},
            {"idtype": "doi", "value": "10.1007/s10067-014-2517-2"},
            {"idtype": "pmc", "value": "PMC3962576"},
        ],
    },
}


class Ncbi:
    """A stand-in for esummary and the PMC ID converter."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def __call__(self, request: Request) -> Response:
        self.requests.append(request.full_path)
        if request.path.endswith("esearch.fcgi"):
            term = request.values.get("term", "")
            ids = ["24526250"] if '"10.1007/s10067-014-2517-2"[doi]' in term else []
            return Response(
                json.dumps({"header": {"type": "esearch"}, "esearchresult": {"count": str(len(ids)), "idlist": ids}}),
                content_type="application/json",
            )
        if request.path.endswith("esummary.fcgi"):
            ids = request.values.get("id", "").split(",")
            result: dict[str, Any] = {"uids": [i for i in ids if i in SUMMARIES]}
            for pmid in ids:
                result[pmid] = SUMMARIES.get(pmid, {"uid": pmid, "error": "cannot get document summary"})
            return Response(
                json.dumps({"header": {"type": "esummary", "version": "0.3"}, "result": result}, indent=4),
                content_type="application/json",
            )
        records = [
            {"pmcid": "PMC6313374", "pmid": "30248938", "doi": "10.3390/medsci6040082"}
            if pmcid == "PMC6313374"
            else {"pmcid": pmcid, "errmsg": "invalid article id"}
            for pmcid in request.args.get("ids", "").split(",")
        ]
        return Response(json.dumps({"status": "ok", "records": records}), content_type="application/json")


def doi_org(request: Request) -> Response:
    """doi.org content negotiation: CSL-JSON for one DOI Crossref lacks (as DataCite would answer), 404 otherwise."""
    assert request.headers.get("Accept") == "application/vnd.citationstyles.csl+json"
    if request.path.lower() == "/doi/10.3390/medsci6040082":
        item = {
            "type": "article-journal",
            "id": "https://doi.org/10.3390/medsci6040082",
            "DOI": "10.3390/medsci6040082",
            "title": "Low-Dose Naltrexone (LDN)—Review of Therapeutic Utilization",
            "author": [{"family": "Toljan", "given": "Karlo"}, {"family": "Vrooman", "given": "Bruce"}],
            "container-title": "Medical Sciences",
            "volume": "6",
            "issue": "4",
            "page": "82",
            "issued": {"date-parts": [[2018, 9, 21]]},
            "publisher": "MDPI AG",
            "ISSN": ["2076-3271"],
        }
        return Response(json.dumps(item), content_type="application/vnd.citationstyles.csl+json")
    return Response("DOI Not Found", status=404)


@pytest.fixture
def ncbi(httpserver: HTTPServer) -> Ncbi:
    service = Ncbi()
    httpserver.expect_request("/eutils/esummary.fcgi").respond_with_handler(service)
    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_handler(service)
    httpserver.expect_request("/idconv/").respond_with_handler(service)
    httpserver.expect_request(re.compile(r"^/doi/.*")).respond_with_handler(doi_org)
    return service


@pytest.fixture
def crossref(httpserver: HTTPServer, ncbi: Ncbi) -> Crossref:
    service = Crossref()
    httpserver.expect_request("/works").respond_with_handler(service)
    for doi in [
        *WORKS,
        "10.3390/medsci6040082",
        "10.1016/j.intimp.2018.05.020",
        "10.1371/journal.pone.0187423",
        "10.1177/2055217316672242",
        "10.1186/s13063-021-05776-7",
        "10.1016/j.bbih.2022.100485",
        "10.31128/ajgp-09-22-6564",
        "10.1007/s13181-015-0512-x",
    ]:
        httpserver.expect_request(f"/works/{doi}").respond_with_handler(service)
    return service


_OPEN: list[Resolver] = []


@pytest.fixture(autouse=True)
def _close_resolvers() -> Iterator[None]:
    """Every resolver a test makes is closed after it (its session and SQLite cache)."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def _opened(resolver: Resolver) -> Resolver:
    _OPEN.append(resolver)
    return resolver


def _resolver(httpserver: HTTPServer, tmp_path: Path, *, offline: bool = False) -> Resolver:
    client = HttpClient(
        user_agent="ldnrefs-tests (mailto:tests@example.invalid)",
        cache=Cache(tmp_path / "cache.sqlite"),
        offline=offline,
        sleep=lambda seconds: None,
        retries=3,
    )
    return _opened(
        Resolver(
            crossref_url=httpserver.url_for("").rstrip("/"),
            eutils_url=httpserver.url_for("/eutils"),
            idconv_url=httpserver.url_for("/idconv"),
            doi_url=httpserver.url_for("/doi"),
            cache_path=tmp_path / "unused.sqlite",
            client=client,
        )
    )


def test_real_recorded_work_converts() -> None:
    """A real Crossref /works answer (PLoS ONE) becomes a full record."""
    message = json.loads((RECORDED / "10.1371_journal.pone.0033693.200.json").read_text(encoding="utf-8"))["message"]
    record = work_to_record(message)
    assert record.type == "article-journal"
    assert record.container_title == "PLoS ONE"
    assert record.authors[1] == Name("Pond", "Brooks B.")
    assert (record.issued, record.volume, record.issue, record.page) == (Date(2012, 3, 21), "7", "3", "e33693")
    assert record.identifiers.issn == ("1932-6203",)


def test_seed_is_resolved_in_one_batch_plus_fallbacks(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """One filter request for all 13 DOIs of the seed, then one per DOI the batch did not return."""
    records = ldnrefs.read(SEED)
    result = _resolver(httpserver, tmp_path).resolve(records)
    batch = [path for path in crossref.requests if path.startswith("/works?")]
    # One batch of the text's DOIs (sent while NCBI works; PubMed adds no DOI here), then one
    # request per DOI the batch did not return (8, not served by the stand-in's batch).
    assert len(batch) == 1
    assert len(crossref.requests) == 1 + 8
    statuses = {entry.identifier: entry.status for entry in result.report}
    assert statuses["doi:10.1007/s10067-014-2517-2"] == "resolved"
    assert statuses["doi:10.1016/j.intimp.2018.05.020"] == "not found"
    toljan = result.records[4]
    assert toljan.authors[0] == Name("Toljan", "Karlo")  # from doi.org, Crossref did not know it
    assert ("doi:10.3390/medsci6040082", "doi.org", "resolved") in {
        (entry.identifier, entry.source, entry.status) for entry in result.report
    }
    younger, nine = result.records[0], result.records[8]
    assert younger.authors[0] == Name("Younger", "Jarred")
    assert younger.identifiers.issn == ("0770-3198", "1434-9949")
    assert dict(younger.extra)["published-print"] == "2014-04"
    # Reference 9 gives the print date, reference 1 the online date: both right, both kept, one note.
    assert nine.issued == Date(2014, 4)
    assert result.records[0].issued == Date(2014, 2, 15)
    shown = [str(d) for d in result.disagreements if d.kind != "refinement"]
    assert shown == [
        "references 1 and 9 cite one work by different dates it has: 2014-02-15 (online) and 2014-04 (print)"
    ]
    # A year the registry refines to a day is no disagreement, only a refinement (shown with -v).
    assert "reference 2: refined: issued: text '2020', crossref '2020-08-26'" in [str(d) for d in result.disagreements]
    niciu = result.records[5]
    assert niciu.identifiers.issn == ("1172-7047", "1179-1934")


def test_second_run_comes_from_the_cache(crossref: Crossref, httpserver: HTTPServer, tmp_path: Path) -> None:
    """Re-resolving makes no request; offline mode answers from the cache alone."""
    records = ldnrefs.read(SEED)
    first = _resolver(httpserver, tmp_path).resolve(records)
    count = len(crossref.requests)
    again = _resolver(httpserver, tmp_path).resolve(records)
    assert len(crossref.requests) == count
    assert again.requests == 0
    offline = _resolver(httpserver, tmp_path, offline=True).resolve(records)
    assert offline.records == first.records


def test_offline_without_cache_reports_every_identifier(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Offline with an empty cache: no request, each DOI reported as offline, records unchanged."""
    records = ldnrefs.read(SEED)
    result = _resolver(httpserver, tmp_path, offline=True).resolve(records)
    assert crossref.requests == []
    assert {entry.status for entry in result.report} == {"offline"}
    assert list(result.records) == list(records)


@pytest.mark.parametrize(
    "faults", [pytest.param([429], id="429-retry-after"), pytest.param([503, 503], id="503-twice")]
)
def test_rate_limits_and_outages_are_retried(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path, faults: list[int]
) -> None:
    """429 with Retry-After and 503s are retried; the batch then succeeds."""
    crossref.faults = list(faults)
    result = _resolver(httpserver, tmp_path).resolve(ldnrefs.read(SEED))
    assert result.records[0].authors[0] == Name("Younger", "Jarred")


def test_persistent_failure_is_reported_per_identifier(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A service that keeps answering 503 yields a per-DOI error, never an exception."""
    crossref.faults = [503] * 200
    result = _resolver(httpserver, tmp_path).resolve(ldnrefs.read(SEED))
    assert {entry.status for entry in result.report if entry.source == "crossref"} == {"service"}
    assert result.records[3].container_title == "Alternative Therapies in Health and Medicine"  # PubMed still answered


def test_malformed_json_is_a_service_error(crossref: Crossref, httpserver: HTTPServer, tmp_path: Path) -> None:
    """Malformed JSON from Crossref is reported per DOI as a service error."""
    crossref.malformed = True
    result = _resolver(httpserver, tmp_path).resolve(ldnrefs.read(SEED))
    assert {entry.status for entry in result.report if entry.source == "crossref"} == {"service"}


def test_user_agent_names_ldnrefs_and_contact(httpserver: HTTPServer, tmp_path: Path) -> None:
    """Every request carries a User-Agent with ldnrefs, its version and the mailto contact."""
    seen: list[str] = []

    contacts: list[str | None] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("User-Agent", ""))
        contacts.append(request.args.get("mailto"))
        return Response(json.dumps({"status": "ok", "message": {"items": []}}), content_type="application/json")

    httpserver.expect_request("/works").respond_with_handler(handler)
    httpserver.expect_request("/works/10.1000/x").respond_with_data("Resource not found.", status=404)
    httpserver.expect_request("/doi/10.1000/x").respond_with_data("DOI Not Found", status=404)
    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_json({"esearchresult": {"idlist": []}})
    resolver = _opened(
        Resolver(
            crossref_url=httpserver.url_for("").rstrip("/"),
            doi_url=httpserver.url_for("/doi"),
            eutils_url=httpserver.url_for("/eutils"),
            mailto="dev@example.invalid",
            cache_path=tmp_path / "c.sqlite",
        )
    )
    record = ldnrefs.Reference(title="x", identifiers=ldnrefs.Identifiers(doi="10.1000/x"))
    result = resolver.resolve([record])
    assert seen[0] == f"ldnrefs/{ldnrefs.__version__} (https://pypi.org/project/ldnrefs/; mailto:dev@example.invalid)"
    assert contacts == ["dev@example.invalid"]  # Crossref's polite pool: the contact as a parameter too
    assert result.report[0].status == "not found"


def test_cli_resolve_and_export_resolve(
    crossref: Crossref,
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`ldnrefs resolve` prints enriched CSL-JSON and a report; `export --resolve --dedupe` uses it."""
    from ldnrefs.cli import main

    monkeypatch.setenv("LDNREFS_CROSSREF_URL", httpserver.url_for("").rstrip("/"))
    monkeypatch.setenv("LDNREFS_EUTILS_URL", httpserver.url_for("/eutils"))
    monkeypatch.setenv("LDNREFS_IDCONV_URL", httpserver.url_for("/idconv"))
    monkeypatch.setenv("LDNREFS_DOI_URL", httpserver.url_for("/doi"))
    cache = str(tmp_path / "cache.sqlite")
    assert main(["resolve", str(SEED), "--cache", cache, "--no-provenance"]) == 0
    captured = capsys.readouterr()
    items = json.loads(captured.out)
    assert items[0]["author"][0] == {"family": "Younger", "given": "Jarred"}
    assert "references 1 and 9 cite one work by different dates it has" in captured.err
    assert "refined" not in captured.err  # refinements only with -v
    assert "doi:10.1016/j.intimp.2018.05.020: not found" in captured.err
    assert captured.err.rstrip().endswith("requests)")
    out = tmp_path / "refs.bib"
    assert (
        main(["-q", "export", str(SEED), "--resolve", "--dedupe", "--to", "bibtex", "--cache", cache, "-o", str(out)])
        == 0
    )
    text = out.read_text(encoding="utf-8")
    assert 'author = "Younger, Jarred and Parkitny, Luke and McLain, David"' in text
    assert 'issn = "0770-3198, 1434-9949"' in text
    assert "ldnrefs: resolved" in capsys.readouterr().err


def test_pmid_alone_completes_bihari_and_pmcid_gains_pmid_and_doi(
    crossref: Crossref, ncbi: Ncbi, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """Bihari 2013 (PMID only) is completed from esummary; a PMCID-only record gains its PMID and DOI,
    then Crossref's metadata; an unknown PMID is reported; PubMed's title for Younger is not a disagreement."""
    records = list(ldnrefs.read(SEED))
    pmcid_only = ldnrefs.Reference(
        title="Low-Dose Naltrexone (LDN) - Review", identifiers=ldnrefs.Identifiers(pmcid="PMC6313374")
    )
    unknown = ldnrefs.Reference(title="Unknown", identifiers=ldnrefs.Identifiers(pmid="1"))
    result = _resolver(httpserver, tmp_path).resolve([*records, pmcid_only, unknown])
    bihari = result.records[3]
    assert (bihari.container_title, bihari.volume, bihari.page) == (
        "Alternative Therapies in Health and Medicine",
        "19",
        "56-65",
    )
    gained = result.records[18]
    assert (gained.identifiers.pmid, gained.identifiers.doi) == ("30248938", "10.3390/medsci6040082")
    statuses = {(entry.identifier, entry.source): entry.status for entry in result.report}
    assert statuses[("pmcid:PMC6313374", "idconv")] == "resolved"
    assert statuses[("pmid:1", "pubmed")] == "not found"
    assert [str(d) for d in result.disagreements if d.number == 1 and d.field == "title"] == []
    esummary = [path for path in ncbi.requests if "esummary" in path]
    assert len(esummary) == 1
    assert "tool=ldnrefs" in esummary[0]


def test_ncbi_requests_keep_to_three_a_second(ncbi: Ncbi, httpserver: HTTPServer, tmp_path: Path) -> None:
    """Two NCBI requests in a row: the client waits about a third of a second between them."""
    waits: list[float] = []
    client = HttpClient(user_agent="t", cache=None, sleep=waits.append)
    resolver = _opened(
        Resolver(
            crossref_url=httpserver.url_for("/none"),
            eutils_url=httpserver.url_for("/eutils"),
            idconv_url=httpserver.url_for("/idconv"),
            client=client,
            cache_path=tmp_path / "c.sqlite",
        )
    )
    record = ldnrefs.Reference(title="x", identifiers=ldnrefs.Identifiers(pmcid="PMC6313374"))
    resolver.resolve([record])
    assert any(0.2 < wait <= 0.34 for wait in waits), waits


def test_unreachable_service_fails_fast_after_the_first_identifier(tmp_path: Path) -> None:
    """A host that refuses connections is retried for the first request only; the rest fail at once."""
    waits: list[float] = []
    client = HttpClient(user_agent="t", cache=None, sleep=waits.append, retries=2)
    resolver = _opened(
        Resolver(
            crossref_url="http://127.0.0.1:9",
            doi_url="http://127.0.0.1:9",
            client=client,
            cache_path=tmp_path / "c.sqlite",
        )
    )
    records = [ldnrefs.Reference(title=f"t{n}", identifiers=ldnrefs.Identifiers(doi=f"10.1000/{n}")) for n in range(5)]
    result = resolver.resolve(records)
    assert {entry.status for entry in result.report} == {"network"}
    # One request and two retries a service (Crossref and NCBI run at once; here both are the dead
    # host), then nothing: the other DOIs fail at once.
    assert all(count <= 3 for count in client.requests_by_service.values())
    assert client.requests_made <= 6


def test_resolved_records_name_the_source_of_each_field(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """custom field-sources says which registry supplied each changed field."""
    result = _resolver(httpserver, tmp_path).resolve(ldnrefs.read(SEED))
    sources = dict(result.records[0].extra)["field-sources"]
    assert sources["authors"] == "crossref"
    assert dict(result.records[3].extra)["field-sources"]["issued"] == "pubmed"


def test_read_timeout_is_a_network_error(httpserver: HTTPServer, tmp_path: Path) -> None:
    """A service slower than the read timeout gives a per-identifier network error."""
    import time as clock

    def slow(request: Request) -> Response:
        clock.sleep(0.5)
        return Response("{}", content_type="application/json")

    httpserver.expect_request("/works").respond_with_handler(slow)
    client = HttpClient(user_agent="t", cache=None, timeout=(1.0, 0.1), retries=1, sleep=lambda seconds: None)
    resolver = _opened(
        Resolver(crossref_url=httpserver.url_for("").rstrip("/"), client=client, cache_path=tmp_path / "c")
    )
    result = resolver.resolve([ldnrefs.Reference(title="t", identifiers=ldnrefs.Identifiers(doi="10.1000/slow"))])
    # Crossref's slow answer, and PubMed's search (no server here): both said, neither swallowed.
    assert sorted((entry.source, entry.status) for entry in result.report) == [
        ("crossref", "network"),
        ("pubmed search", "network"),
    ]


def test_check_resolve_joins_records_through_registry_identifiers(
    crossref: Crossref,
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A PMCID-only entry shares no identifier with Toljan 2018 in the text; with --resolve it gains the DOI
    (its title is a short form of the registry's: a title that is another work's would take nothing)."""
    from ldnrefs.cli import main

    for name, path in (("CROSSREF", ""), ("EUTILS", "/eutils"), ("IDCONV", "/idconv"), ("DOI", "/doi")):
        monkeypatch.setenv(f"LDNREFS_{name}_URL", httpserver.url_for(path).rstrip("/"))
    source = tmp_path / "list.txt"
    source.write_text(
        "References\n\n"
        '  1. Toljan K, Vrooman B (2018). "Low-Dose Naltrexone (LDN)—Review of Therapeutic Utilization". '
        "Medical Sciences. 6 (4): 82. doi:10.3390/medsci6040082.\n"
        '  2. Smith A (2019). "Low-dose naltrexone: a review". Some Journal. 1: 2. PMC 6313374.\n',
        encoding="utf-8",
    )
    assert main(["check", str(source), "--cache", str(tmp_path / "c.sqlite")]) == 0
    assert main(["-q", "check", str(source), "--resolve", "--cache", str(tmp_path / "c.sqlite")]) == 1
    assert "reference 2 duplicates reference 1 (same DOI 10.3390/medsci6040082)" in capsys.readouterr().out


def test_progress_is_told_each_stage(crossref: Crossref, httpserver: HTTPServer, tmp_path: Path) -> None:
    """The progress callback hears PubMed, Crossref and doi.org, with the number of identifiers."""
    heard: list[tuple[str, int]] = []
    _resolver(httpserver, tmp_path).resolve(
        ldnrefs.read(SEED), progress=lambda stage, count: heard.append((stage, count))
    )
    assert [stage for stage, _ in heard] == ["Crossref", "PubMed", "doi.org"]  # Crossref starts at once
    assert heard[0] == ("Crossref", 14)  # the 14 seed entries with a DOI


def test_doi_without_pmid_gains_it_from_a_pubmed_search(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A DOI-only record gains its PMID through esearch, then PubMed's metadata (PMCID included)."""
    record = ldnrefs.Reference(title="LDN", identifiers=ldnrefs.Identifiers(doi="10.1007/s10067-014-2517-2"))
    other = ldnrefs.Reference(title="Other", identifiers=ldnrefs.Identifiers(doi="10.1007/s40263-013-0096-4"))
    result = _resolver(httpserver, tmp_path).resolve([record, other])
    assert (result.records[0].identifiers.pmid, result.records[0].identifiers.pmcid) == ("24526250", "PMC3962576")
    assert result.records[1].identifiers.pmid is None
    assert ("doi:10.1007/s10067-014-2517-2", "pubmed search", "resolved") in {
        (entry.identifier, entry.source, entry.status) for entry in result.report
    }


@pytest.mark.parametrize("body", [b"<!DOCTYPE html><html>a landing page</html>", b'["a", "list"]'])
def test_doi_org_answer_that_is_not_csl_json_is_a_service_error(
    body: bytes, httpserver: HTTPServer, tmp_path: Path
) -> None:
    """A landing page (the registrar ignored the Accept header) or JSON that is not an item: reported, not raised."""
    from ldnrefs.resolve import doi

    httpserver.expect_request(re.compile(r"^/doi/.*")).respond_with_data(body, content_type="text/html")
    client = _resolver(httpserver, tmp_path).client
    found = doi.fetch_many(client, ["10.5061/DRYAD.X"], base=httpserver.url_for("/doi"))
    assert list(found) == ["10.5061/dryad.x"]
    assert str(found["10.5061/dryad.x"]) == "doi.org sent something that is not CSL-JSON for 10.5061/dryad.x"
    assert found["10.5061/dryad.x"].kind == "service"  # type: ignore[union-attr]


def test_a_shortdoi_key_is_one_work_with_its_doi_once_resolved(
    crossref: Crossref,
    httpserver: HTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Manubot's ``@doi:10/gddkhn`` and ``@doi:10.1098/rsif.2017.0387``: doi.org's handle API (as
    it answers, an ``HS_ALIAS`` value) names the DOI the shortDOI stands for; an unknown shortDOI
    (response code 100) is reported, not guessed."""
    from ldnrefs.cli import main

    def handles(request: Request) -> Response:
        handle = request.path.removeprefix("/doiorg/api/handles/")
        if handle == "10/gddkhn" and request.args.get("type") == "HS_ALIAS":
            body = {
                "responseCode": 1,
                "handle": "10/gddkhn",
                "values": [
                    {
                        "index": 1,
                        "type": "HS_ALIAS",
                        "data": {"format": "string", "value": "10.1098/rsif.2017.0387"},
                        "ttl": 86400,
                        "timestamp": "2018-03-29T19:36:59Z",
                    }
                ],
            }
            return Response(json.dumps(body), content_type="application/json")
        if not request.path.startswith("/doiorg/api/handles/"):  # content negotiation: unknown here
            return Response("DOI Not Found", status=404)
        return Response(
            json.dumps({"responseCode": 100, "handle": handle}), status=404, content_type="application/json"
        )

    httpserver.expect_request(re.compile(r"^/doiorg/.*")).respond_with_handler(handles)
    httpserver.expect_request(re.compile(r"^/works/10\..*")).respond_with_data("Resource not found.", status=404)
    for name, path in (("CROSSREF", ""), ("EUTILS", "/eutils"), ("IDCONV", "/idconv"), ("DOI", "/doiorg")):
        monkeypatch.setenv(f"LDNREFS_{name}_URL", httpserver.url_for(path).rstrip("/"))
    paper = tmp_path / "paper.md"
    paper.write_text(
        "The review [@doi:10.1098/rsif.2017.0387] was written openly.\n\n"
        "Its shortDOI [@doi:10/gddkhn] and an unknown one [@doi:10/zzzzzz].\n",
        encoding="utf-8",
    )
    cache = ["--cache", str(tmp_path / "c.sqlite")]
    assert main(["check", str(paper), *cache]) == 0
    capsys.readouterr()
    code = main(["check", str(paper), "--resolve", *cache])
    captured = capsys.readouterr()
    assert code == 1, captured.err
    assert (
        captured.out
        == f"{paper}:3: @doi:10/gddkhn duplicates @doi:10.1098/rsif.2017.0387 (same DOI 10.1098/rsif.2017.0387)\n"
    )
    assert "doi:10/zzzzzz: not found: doi.org does not know the shortDOI 10/zzzzzz" in captured.err


def test_parallel_services_give_what_a_sequential_run_gives(
    crossref: Crossref, httpserver: HTTPServer, tmp_path: Path
) -> None:
    records = ldnrefs.read(SEED)
    together = _resolver(httpserver, tmp_path / "a").resolve(records)
    resolver = _resolver(httpserver, tmp_path / "b")
    resolver.parallel = False
    apart = resolver.resolve(records)
    assert together.records == apart.records
    assert sorted(map(str, together.report)) == sorted(map(str, apart.report))
    assert together.disagreements == apart.disagreements


def test_ncbi_pace_does_not_slow_crossref(crossref: Crossref, httpserver: HTTPServer, tmp_path: Path) -> None:
    """One limiter a service: Crossref's requests keep Crossref's pace (0.2 s in its public pool),
    not NCBI's third of a second, though both are on one host here."""
    import time

    client = HttpClient(user_agent="t", cache=None)
    resolver = _opened(
        Resolver(
            crossref_url=httpserver.url_for("").rstrip("/"),
            eutils_url=httpserver.url_for("/eutils"),
            idconv_url=httpserver.url_for("/idconv"),
            doi_url=httpserver.url_for("/doi"),
            client=client,
            cache_path=tmp_path / "c.sqlite",
        )
    )
    assert (client.limiters["ncbi"].interval, client.limiters["crossref"].interval) == (1 / 3, 0.2)
    dois = ["10.1016/j.intimp.2018.05.020", "10.1371/journal.pone.0187423", "10.1177/2055217316672242"]
    started = time.monotonic()
    resolver.resolve([ldnrefs.Reference(title="x", identifiers=ldnrefs.Identifiers(doi=doi)) for doi in dois])
    elapsed = time.monotonic() - started
    assert client.requests_by_service["crossref"] == 4  # a batch, then the three one by one
    # Crossref 4 requests and doi.org 3, at 0.2 s, beside NCBI's one search: about 0.6 s; one
    # pace for the host (1/3 s for each of 8 requests) would take 2.3 s or more.
    assert elapsed < 1.8, elapsed


def test_answers_are_cached_per_identifier(crossref: Crossref, httpserver: HTTPServer, tmp_path: Path) -> None:
    """A later run with one known DOI and one new asks Crossref for the new one alone."""
    first = ldnrefs.Reference(title="a", identifiers=ldnrefs.Identifiers(doi="10.1007/s10067-014-2517-2"))
    second = ldnrefs.Reference(title="b", identifiers=ldnrefs.Identifiers(doi="10.1007/s11916-020-00898-0"))
    _resolver(httpserver, tmp_path).resolve([first])
    crossref.requests.clear()
    _resolver(httpserver, tmp_path).resolve([first, second])
    assert [path for path in crossref.requests if path.startswith("/works?")] == [
        "/works?filter=doi%3A10.1007%2Fs11916-020-00898-0&rows=1"
    ]


def test_long_id_lists_are_posted_to_e_utilities(ncbi: Ncbi, httpserver: HTTPServer, tmp_path: Path) -> None:
    records = [
        ldnrefs.Reference(title=f"p{n}", identifiers=ldnrefs.Identifiers(pmid=str(20_000_000 + n))) for n in range(250)
    ]
    seen: list[str] = []

    def record(request: Request) -> Response:
        seen.append(request.method)
        return ncbi(request)

    httpserver.clear()
    httpserver.expect_request("/eutils/esummary.fcgi").respond_with_handler(record)
    resolver = _resolver(httpserver, tmp_path)
    result = resolver.resolve(records)
    assert seen == ["POST"]  # 250 PMIDs, one POSTed request
    assert {entry.status for entry in result.report} == {"not found"}


def test_each_pmid_is_summarised_once(ncbi: Ncbi, crossref: Crossref, httpserver: HTTPServer, tmp_path: Path) -> None:
    """The PMID a search finds for a DOI and the text's own PMIDs share one esummary request; none
    is asked for again."""
    records = [
        ldnrefs.Reference(title="LDN", identifiers=ldnrefs.Identifiers(doi="10.1007/s10067-014-2517-2")),
        ldnrefs.Reference(title="Bihari", identifiers=ldnrefs.Identifiers(pmid="23594453")),
    ]
    result = _resolver(httpserver, tmp_path).resolve(records)
    summaries = [path for path in ncbi.requests if "esummary" in path]
    assert len(summaries) == 1
    assert "24526250" in summaries[0]
    assert "23594453" in summaries[0]
    assert result.records[0].identifiers.pmid == "24526250"
