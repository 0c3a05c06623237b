"""Crossref's REST API: many DOIs per request, one-by-one fallback.

``GET /works?filter=doi:A,doi:B,…&rows=N`` answers a batch (the filter may
repeat ``doi:``; as many DOIs as keep the URL under :data:`MAX_URL` characters, a length every
proxy passes). DOIs the batch did not return are asked for one by one at ``GET /works/{doi}``,
whose 404 means Crossref does not know them (they may be DataCite's or mEDRA's). Each work is
cached on its own (``crossref:work:DOI``), after it was read without error.
API documentation: https://api.crossref.org/swagger-ui/index.html
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, Final
from urllib.parse import quote

from ldnrefs import build, updates
from ldnrefs import identifiers as ids
from ldnrefs.errors import NotFoundError, ResolveError, ServiceError
from ldnrefs.model import Date, Name, Reference
from ldnrefs.numbers import whole_number
from ldnrefs.pages import normalize_pages
from ldnrefs.resolve.http import HttpClient, json_body, quote_path, recall_each

__all__ = ["DEFAULT_URL", "NotFoundError", "fetch_many", "work_to_record"]

DEFAULT_URL: Final = "https://api.crossref.org"
SERVICE: Final = "crossref"
MAX_URL: Final = 4000
MAX_BATCH: Final = 1000  # Crossref's rows limit: the URL length decides
TYPES: Final = {
    "journal-article": "article-journal",
    "book-chapter": "chapter",
    "book": "book",
    "edited-book": "book",
    "monograph": "book",
    "proceedings-article": "paper-conference",
    "posted-content": "article",
    "report": "report",
    "dissertation": "thesis",
    "reference-entry": "entry",
    "dataset": "dataset",
}


def _date(value: Any) -> Date | None:
    parts = value.get("date-parts") if isinstance(value, dict) else None
    if not isinstance(parts, list) or not parts or not isinstance(parts[0], list) or not parts[0]:
        return None
    numbers: list[int] = []
    for part in parts[0][:3]:  # Crossref writes numbers; anything else ends the date where it stands
        text = str(part).strip() if isinstance(part, (int, str)) and not isinstance(part, bool) else ""
        number = whole_number(text, max_digits=4)
        if number is None:
            break
        numbers.append(number)
    if not numbers or numbers[0] == 0:
        return None
    try:
        return build.date(
            numbers[0], numbers[1] if len(numbers) > 1 else None, numbers[2] if len(numbers) > 2 else None
        )
    except ValueError:
        return build.date(numbers[0])


def _name(person: dict[str, Any]) -> Name:
    if person.get("name") and not person.get("family"):
        return build.name(literal=str(person["name"]))
    return build.name(family=person.get("family"), given=person.get("given"), suffix=person.get("suffix"))


def _first(value: Any) -> str | None:
    if isinstance(value, list):
        return str(value[0]) if value else None
    return str(value) if value else None


def work_to_record(work: dict[str, Any]) -> Reference:
    """One Crossref work (the ``message`` of /works/{doi}) as a record."""
    extra: list[tuple[str, object]] = []
    for key in ("published-online", "published-print"):
        date = _date(work.get(key))
        if date is not None:
            extra.append((key, date.isoformat()))
    extra += [("container-title-short", str(name)) for name in work.get("short-container-title") or [] if name][:1]
    # Notices that update this work (a retraction, a correction), and the works a notice updates.
    for key in (updates.EXTRA_KEY, updates.NOTICE_KEY):
        found_updates = updates.from_crossref(work.get(key))
        if found_updates:
            extra.append((key, updates.stored(found_updates)))
    found = {
        "doi": [doi] if (doi := _first(work.get("DOI"))) else [],
        "issn": [str(value) for value in work.get("ISSN", [])],
        "isbn": [str(value) for value in work.get("ISBN", [])],
    }
    return build.record(
        found,
        type=TYPES.get(str(work.get("type", "")), "document"),
        title=_first(work.get("title")),
        authors=tuple(_name(person) for person in work.get("author", []) if isinstance(person, dict)),
        editors=tuple(_name(person) for person in work.get("editor", []) if isinstance(person, dict)),
        issued=_date(work.get("issued")),
        container_title=_first(work.get("container-title")),
        volume=_first(work.get("volume")),
        issue=_first(work.get("issue")),
        page=normalize_pages(str(work["page"])) if work.get("page") else None,
        publisher=_first(work.get("publisher")),
        extra=extra,
        provenance=build.provenance(source="crossref"),
    )


def _batches(dois: list[str], base: str) -> Iterable[list[str]]:
    batch: list[str] = []
    length = len(base) + 40
    for doi in dois:
        cost = len(quote(doi, safe="")) + 8
        if batch and (len(batch) == MAX_BATCH or length + cost > MAX_URL):
            yield batch
            batch, length = [], len(base) + 40
        batch.append(doi)
        length += cost
    if batch:
        yield batch


def _parse(body: bytes) -> dict[str, Any]:
    data = json_body(body, "Crossref")
    if not isinstance(data, dict) or not isinstance(data.get("message"), dict):
        raise ServiceError("Crossref's response has no message")
    message: dict[str, Any] = data["message"]
    return message


def _cache_key(doi: str) -> str:
    return f"crossref:work:{doi}"


def _unknown(doi: str) -> str:
    return f"Crossref does not know DOI {doi}"


def _record(work: dict[str, Any]) -> Reference:
    """:func:`work_to_record`, a work of an unexpected shape (valid JSON, wrong types) a ServiceError."""
    try:
        return work_to_record(work)
    except (TypeError, ValueError, AttributeError, KeyError):
        raise ServiceError(f"Crossref sent a work ldnrefs cannot read (DOI {str(work.get('DOI'))[:80]})") from None


def fetch_many(
    client: HttpClient, dois: Iterable[str], *, base: str = DEFAULT_URL, mailto: str | None = None
) -> dict[str, Reference | ResolveError]:
    """Records for ``dois`` (keys are lower-cased DOIs), or the error each one met. ``mailto`` (a
    contact) is sent as Crossref's polite pool asks, besides the User-Agent."""
    polite = {"mailto": mailto} if mailto else {}
    wanted = list(dict.fromkeys(ids.key_form("doi", doi) for doi in dois))
    found, missing = recall_each(client, wanted, _cache_key, lambda body: work_to_record(json.loads(body)), _unknown)
    for batch in _batches(missing, base):
        try:
            answer = client.get(
                f"{base}/works",
                params={"filter": ",".join(f"doi:{d}" for d in batch), "rows": str(len(batch)), **polite},
                service=SERVICE,
                cache=False,
            )
            items = _parse(answer.body).get("items", []) if answer.status == 200 else []
        except ResolveError as error:
            # A failing service is not asked again once per DOI: every DOI of the
            # batch gets the batch's error.
            found.update(dict.fromkeys(batch, error))
            continue
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("DOI"), str):
                doi = ids.key_form("doi", item["DOI"])
                if doi not in batch:
                    continue
                try:
                    found[doi] = _record(item)
                except ServiceError:
                    continue  # asked for alone below, where the error is reported for it
                client.remember(_cache_key(doi), 200, json.dumps(item).encode())
    for doi in wanted:
        if doi in found:
            continue
        try:
            answer = client.get(f"{base}/works/{quote_path(doi)}", params=polite, service=SERVICE, cache=False)
            if answer.status == 404:
                found[doi] = NotFoundError(_unknown(doi))
                client.remember(_cache_key(doi), 404, b"")
            else:
                work = _parse(answer.body)
                if not isinstance(work.get("DOI"), str) or ids.key_form("doi", work["DOI"]) != doi:
                    raise ServiceError(f"Crossref answered for DOI {doi} with another work")
                found[doi] = _record(work)
                client.remember(_cache_key(doi), 200, json.dumps(work).encode())
        except ResolveError as error:
            found[doi] = error
    return {doi: found[doi] for doi in wanted}
