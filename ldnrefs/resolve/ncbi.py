"""NCBI E-utilities ``esummary`` for PMIDs, and the PMC ID converter for PMCIDs.

* ``GET {eutils}/esummary.fcgi?db=pubmed&id=1,2,…&retmode=json`` answers up to
  200 PMIDs at once (https://www.ncbi.nlm.nih.gov/books/NBK25499/); an id
  NCBI does not know comes back with an ``error`` field.
* ``GET {idconv}/?ids=PMC1,PMC2,…&format=json`` maps up to 200 PMCIDs to PMIDs
  and DOIs (https://www.ncbi.nlm.nih.gov/pmc/tools/id-converter-api/).

Every request carries ``tool`` and ``email`` (and ``api_key`` when given), as
NCBI asks; the client keeps to 3 requests a second (10 with a key).
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
from ldnrefs.resolve.http import HttpClient

DEFAULT_EUTILS_URL: Final = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
DEFAULT_IDCONV_URL: Final = "https://www.ncbi.nlm.nih.gov/pmc/utils/idconv/v1.0"
MAX_IDS: Final = 200
DOIS_PER_SEARCH: Final = 40  # keeps the esearch term well inside URL length limits


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
    try:
        data = json.loads(body)
    except ValueError:
        raise ServiceError(f"{service} sent a response that is not JSON") from None
    if not isinstance(data, dict):
        raise ServiceError(f"{service} sent an unexpected response")
    return data


def fetch_pmids(
    client: HttpClient, pmids: Iterable[str], *, base: str = DEFAULT_EUTILS_URL, params: dict[str, str]
) -> dict[str, Reference | ResolveError]:
    """Records for PMIDs from esummary, 200 a request, or the error each one met."""
    wanted = list(dict.fromkeys(pmids))
    found: dict[str, Reference | ResolveError] = {}
    for chunk in _chunks(wanted):
        try:
            answer = client.get(
                f"{base}/esummary.fcgi", params={"db": "pubmed", "id": ",".join(chunk), "retmode": "json", **params}
            )
            result = _json(answer.body, "esummary").get("result", {})
        except ResolveError as error:
            found.update(dict.fromkeys(chunk, error))
            continue
        for pmid in chunk:
            summary = result.get(pmid) if isinstance(result, dict) else None
            if not isinstance(summary, dict) or summary.get("error"):
                found[pmid] = NotFoundError(f"PubMed does not know PMID {pmid}")
            else:
                found[pmid] = summary_to_record(summary)
    return found


def convert_pmcids(
    client: HttpClient, pmcids: Iterable[str], *, base: str = DEFAULT_IDCONV_URL, params: dict[str, str]
) -> dict[str, dict[str, str] | ResolveError]:
    """PMCID → {"pmid": …, "doi": …} from the PMC ID converter, or the error each one met."""
    wanted = list(dict.fromkeys(pmcids))
    found: dict[str, dict[str, str] | ResolveError] = {}
    for chunk in _chunks(wanted):
        try:
            answer = client.get(f"{base}/", params={"ids": ",".join(chunk), "format": "json", **params})
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
            else:
                found[pmcid] = {key: str(item[key]) for key in ("pmid", "doi") if item.get(key)}
    return found


def search_dois(
    client: HttpClient, dois: Iterable[str], *, base: str = DEFAULT_EUTILS_URL, params: dict[str, str]
) -> dict[str, str | ResolveError]:
    """PMIDs for DOIs of articles outside PMC: ``esearch`` on the ``[doi]`` field.

    Up to :data:`DOIS_PER_SEARCH` DOIs go in one search (``"A"[doi] OR "B"[doi] …``); the search
    answers PMIDs without saying which DOI each belongs to, so their esummary
    (which lists each article's DOI) maps them back.
    """
    wanted = list(dict.fromkeys(identifiers.key_form("doi", doi) for doi in dois))
    found: dict[str, str | ResolveError] = {}
    for chunk in _chunks(wanted, DOIS_PER_SEARCH):
        try:
            term = " OR ".join(f'"{doi}"[doi]' for doi in chunk)
            answer = client.get(
                f"{base}/esearch.fcgi",
                params={"db": "pubmed", "term": term, "retmode": "json", "retmax": str(len(chunk) * 2), **params},
            )
            ids = _json(answer.body, "esearch").get("esearchresult", {}).get("idlist", [])
        except ResolveError as error:
            found.update(dict.fromkeys(chunk, error))
            continue
        summaries = fetch_pmids(client, [str(pmid) for pmid in ids], base=base, params=params) if ids else {}
        for pmid, summary in summaries.items():
            if isinstance(summary, Reference) and summary.identifiers.doi:
                found.setdefault(identifiers.key_form("doi", summary.identifiers.doi), pmid)
        for doi in chunk:
            found.setdefault(doi, NotFoundError(f"PubMed has no article with DOI {doi}"))
    return found
