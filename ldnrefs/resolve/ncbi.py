"""NCBI E-utilities ``esummary`` for PMIDs, and the PMC ID converter for PMCIDs.

* ``esummary.fcgi?db=pubmed&id=1,2,…&retmode=json`` answers many PMIDs at once
  (https://www.ncbi.nlm.nih.gov/books/NBK25499/): GET up to 200 ids, POST above, as the
  E-utilities documentation asks; an id NCBI does not know comes back with an ``error`` field.
* ``esearch.fcgi`` with ``"A"[doi] OR "B"[doi] …`` finds the PMIDs of DOIs, POSTed in large
  batches; the found PMIDs' summaries (needed to map each PMID back to its DOI) are kept, so
  no PMID is summarised twice in a run.
* ``GET {idconv}/?ids=PMC1,PMC2,…&format=json`` maps up to 200 PMCIDs to PMIDs
  and DOIs (https://www.ncbi.nlm.nih.gov/pmc/tools/id-converter-api/).

Every request carries ``tool`` and ``email`` (and ``api_key`` when given), as
NCBI asks; all go through the one ``ncbi`` limiter (3 requests a second, 10 with a key).
Each identifier's answer is cached on its own (``pubmed:summary:PMID``, ``pubmed:doi:DOI``,
``pmc:idconv:PMCID``), so a later run with other companions still finds it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final

from ldnrefs import build, identifiers, updates
from ldnrefs.dates import pubmed_date
from ldnrefs.errors import NotFoundError, ResolveError, ServiceError
from ldnrefs.model import Reference
from ldnrefs.names import parse_names
from ldnrefs.pages import normalize_pages
from ldnrefs.resolve.http import HttpClient, json_body, recall_each

DEFAULT_EUTILS_URL: Final = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_IDCONV_URL: Final = "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0"
SERVICE: Final = "ncbi"
GET_IDS: Final = 200
"""Up to this many ids a GET; above, a POST (E-utilities' own advice)."""
MAX_IDS: Final = 500
DOIS_PER_SEARCH: Final = 200  # a POSTed term; each DOI a "…"[doi] clause


def summary_to_record(summary: dict[str, Any]) -> Reference:
    """One esummary ``result`` entry as a record."""
    ids = {
        str(item.get("idtype")): str(item.get("value"))
        for item in summary.get("articleids", [])
        if isinstance(item, dict)
    }
    names = ", ".join(
        str(author["name"])
        for author in summary.get("authors", [])
        if isinstance(author, dict) and author.get("authtype", "Author") == "Author" and author.get("name")
    )
    authors, et_al = parse_names(names) if names else ((), False)
    extra: list[tuple[str, object]] = []
    marked = updates.from_pubmed(summary)
    if marked:
        extra.append((updates.EXTRA_KEY, updates.stored(marked)))
    if summary.get("source") and summary.get("fulljournalname"):
        extra.append(("container-title-short", str(summary["source"])))  # PubMed's abbreviation (NLM's)
    if summary.get("epubdate"):
        epub = pubmed_date(str(summary["epubdate"]))
        if epub is not None:
            extra.append(("published-online", epub.isoformat()))
    pmid = str(summary.get("uid") or ids.get("pubmed") or "")
    found = {
        "pmid": [pmid] if pmid else [],
        "doi": [ids["doi"]] if ids.get("doi") else [],
        "pmcid": [pmcid] if (pmcid := ids.get("pmc") or ids.get("pmcid")) else [],
        "issn": [value for value in (summary.get("issn"), summary.get("essn")) if value],
    }
    return build.record(
        found,
        type="article-journal",
        title=str(summary.get("title", "")).rstrip(".") or None,
        authors=authors,
        et_al=et_al,
        issued=pubmed_date(str(summary.get("pubdate", ""))),
        container_title=summary.get("fulljournalname") or summary.get("source") or None,
        volume=summary.get("volume") or None,
        issue=summary.get("issue") or None,
        page=normalize_pages(str(summary["pages"])) if summary.get("pages") else None,
        extra=extra,
        provenance=build.provenance(source="pubmed"),
    )


def _chunks(values: list[str], size: int = MAX_IDS) -> Iterable[list[str]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _json(body: bytes, service: str) -> dict[str, Any]:
    data = json_body(body, service)
    if not isinstance(data, dict):
        raise ServiceError(f"{service} sent an unexpected response")
    return data


def _eutil(client: HttpClient, url: str, form: dict[str, str], count: int) -> bytes:
    """An E-utilities call: GET for a short id list, POST for a long one; never cached as a whole."""
    if count > GET_IDS:
        return client.post(url, data=form, service=SERVICE).body
    return client.get(url, params=form, service=SERVICE, cache=False).body


def fetch_pmids(
    client: HttpClient,
    pmids: Iterable[str],
    *,
    base: str = DEFAULT_EUTILS_URL,
    params: dict[str, str],
    known: dict[str, Reference | ResolveError] | None = None,
) -> dict[str, Reference | ResolveError]:
    """Records for PMIDs from esummary (cached per PMID), or the error each one met. PMIDs in
    ``known`` (summarised earlier in the run) are not asked again."""
    wanted = [pmid for pmid in dict.fromkeys(pmids) if pmid not in (known or {})]
    found, missing = recall_each(
        client,
        wanted,
        lambda pmid: f"pubmed:summary:{pmid}",
        lambda body: summary_to_record(json.loads(body)),
        lambda pmid: f"PubMed does not know PMID {pmid}",
    )
    found.update(known or {})
    for chunk in _chunks(missing):
        try:
            form = {"db": "pubmed", "id": ",".join(chunk), "retmode": "json", **params}
            result = _json(_eutil(client, f"{base}/esummary.fcgi", form, len(chunk)), "esummary").get("result", {})
        except ResolveError as error:
            found.update(dict.fromkeys(chunk, error))
            continue
        for pmid in chunk:
            summary = result.get(pmid) if isinstance(result, dict) else None
            if not isinstance(summary, dict) or summary.get("error"):
                found[pmid] = NotFoundError(f"PubMed does not know PMID {pmid}")
                client.remember(f"pubmed:summary:{pmid}", 404, b"")
            else:
                try:
                    found[pmid] = summary_to_record(summary)
                except (TypeError, ValueError, AttributeError, KeyError):
                    found[pmid] = ServiceError(f"PubMed sent a summary ldnrefs cannot read for PMID {pmid}")
                    continue
                client.remember(f"pubmed:summary:{pmid}", 200, json.dumps(summary).encode())
    return {pmid: found[pmid] for pmid in [*(known or {}), *wanted] if pmid in found}


def convert_pmcids(
    client: HttpClient, pmcids: Iterable[str], *, base: str = DEFAULT_IDCONV_URL, params: dict[str, str]
) -> dict[str, dict[str, str] | ResolveError]:
    """PMCID → {"pmid": …, "doi": …} from the PMC ID converter (cached per PMCID), or the error each one met."""
    found, missing = recall_each(
        client,
        dict.fromkeys(pmcids),
        lambda pmcid: f"pmc:idconv:{pmcid.upper()}",
        lambda body: dict(json.loads(body)),
        lambda pmcid: f"the PMC ID converter does not know {pmcid}",
    )
    for chunk in _chunks(missing, GET_IDS):
        try:
            answer = client.get(
                f"{base}/", params={"ids": ",".join(chunk), "format": "json", **params}, service=SERVICE, cache=False
            )
            data = _json(answer.body, "the PMC ID converter")
        except ResolveError as error:
            found.update(dict.fromkeys(chunk, error))
            continue
        records = {
            str(item.get("pmcid", "")).upper(): item for item in data.get("records", []) if isinstance(item, dict)
        }
        for pmcid in chunk:
            item = records.get(pmcid.upper())
            if item is None or item.get("errmsg") or item.get("status") == "error":
                found[pmcid] = NotFoundError(f"the PMC ID converter does not know {pmcid}")
                client.remember(f"pmc:idconv:{pmcid.upper()}", 404, b"")
            else:
                mapped = {key: str(item[key]) for key in ("pmid", "doi") if item.get(key)}
                found[pmcid] = mapped
                client.remember(f"pmc:idconv:{pmcid.upper()}", 200, json.dumps(mapped).encode())
    return found


def search_dois(
    client: HttpClient,
    dois: Iterable[str],
    *,
    base: str = DEFAULT_EUTILS_URL,
    params: dict[str, str],
    also: Iterable[str] = (),
) -> tuple[dict[str, str | ResolveError], dict[str, Reference | ResolveError]]:
    """PMIDs for DOIs of articles outside PMC: ``esearch`` on the ``[doi]`` field, and the summaries
    of the PMIDs found (the search does not say which DOI each PMID belongs to; each summary lists
    its DOI) together with those of the PMIDs in ``also`` (the text's own), in shared requests.
    Both are returned, so the run summarises no PMID twice.

    Up to :data:`DOIS_PER_SEARCH` DOIs go in one POSTed search (``"A"[doi] OR "B"[doi] …``); each
    DOI's answer (its PMID, or none) is cached on its own.
    """
    found, missing = recall_each(
        client,
        dict.fromkeys(identifiers.key_form("doi", doi) for doi in dois),
        lambda doi: f"pubmed:doi:{doi}",
        lambda body: body.decode(),
        lambda doi: f"PubMed has no article with DOI {doi}",
    )
    searched: list[str] = []
    candidates: list[str] = []
    for chunk in _chunks(missing, DOIS_PER_SEARCH):
        try:
            term = " OR ".join(f'"{doi}"[doi]' for doi in chunk)
            form = {"db": "pubmed", "term": term, "retmode": "json", "retmax": str(len(chunk) * 2), **params}
            body = _eutil(client, f"{base}/esearch.fcgi", form, len(chunk) * 10)  # a long term: POST
            ids = _json(body, "esearch").get("esearchresult", {}).get("idlist", [])
        except ResolveError as error:
            found.update(dict.fromkeys(chunk, error))
            continue
        searched += chunk
        candidates += [str(pmid) for pmid in ids if str(pmid).isascii() and str(pmid).isdecimal()]
    summaries = fetch_pmids(client, [*candidates, *also], base=base, params=params)
    looked_for = set(searched)
    for pmid in candidates:
        summary = summaries.get(pmid)
        if isinstance(summary, Reference) and summary.identifiers.doi:
            doi = identifiers.key_form("doi", summary.identifiers.doi)
            if doi in looked_for and doi not in found:
                found[doi] = pmid
                client.remember(f"pubmed:doi:{doi}", 200, pmid.encode())
    for doi in searched:
        if doi not in found:
            found[doi] = NotFoundError(f"PubMed has no article with DOI {doi}")
            client.remember(f"pubmed:doi:{doi}", 404, b"")
    return found, summaries
