"""doi.org content negotiation, for DOIs Crossref does not know (DataCite, mEDRA, JaLC…).

``GET https://doi.org/{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``
redirects to the registration agency, which answers CSL-JSON
(https://citation.crosscite.org/docs.html). The answer passes through the
CSL-JSON reader's cleanup, like every other CSL-JSON ldnrefs reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

import attrs

from ldnrefs import build
from ldnrefs import identifiers as ids
from ldnrefs.errors import NotFoundError, ResolveError, ServiceError
from ldnrefs.model import Reference
from ldnrefs.readers.csljson import item_to_record
from ldnrefs.resolve.http import HttpClient, json_body, quote_path

DEFAULT_URL: Final = "https://doi.org"
SERVICE: Final = "doi.org"
ACCEPT: Final = {"Accept": "application/vnd.citationstyles.csl+json"}


def fetch_many(
    client: HttpClient, dois: Iterable[str], *, base: str = DEFAULT_URL
) -> dict[str, Reference | ResolveError]:
    """One content-negotiation request per DOI (doi.org has no batch form)."""
    found: dict[str, Reference | ResolveError] = {}
    for doi in dict.fromkeys(ids.key_form("doi", doi) for doi in dois):
        cached = client.recall(f"doiorg:csl:{doi}")
        if cached is not None:
            found[doi] = _answer(doi, cached.status, cached.body)
            continue
        try:
            answer = client.get(
                f"{base}/{quote_path(doi)}", headers=ACCEPT, service=SERVICE, cache=False, any_host=True
            )
        except ResolveError as error:
            found[doi] = error
            continue
        found[doi] = _answer(doi, answer.status, answer.body)
        if not isinstance(found[doi], ServiceError):  # only an answer read without error is kept
            client.remember(f"doiorg:csl:{doi}", answer.status, answer.body)
    return found


def _answer(doi: str, status: int, body: bytes) -> Reference | ResolveError:
    if status == 404:
        return NotFoundError(f"doi.org does not know DOI {doi}")
    try:
        item = json_body(body, SERVICE)
    except ServiceError:
        item = None
    if not isinstance(item, dict):
        return ServiceError(f"doi.org sent something that is not CSL-JSON for {doi}")
    try:
        record = item_to_record(item)
    except (TypeError, ValueError, AttributeError):
        return ServiceError(f"doi.org sent CSL-JSON ldnrefs cannot read for {doi}")
    return attrs.evolve(record, extra=(), provenance=build.provenance(source="doi.org"))


def is_short(doi: str) -> bool:
    """A shortDOI (``10/gddkhn``): an alias doi.org keeps for a DOI, as Manubot's keys use them."""
    return _SHORT.fullmatch(doi) is not None


_SHORT: Final = re.compile(r"10/[A-Za-z0-9]+")


def expand_short(
    client: HttpClient, shorts: Iterable[str], *, base: str = DEFAULT_URL
) -> dict[str, str | ResolveError]:
    """The DOI each shortDOI stands for, from doi.org's handle API
    (``GET /api/handles/10/gddkhn?type=HS_ALIAS``: the alias is the ``HS_ALIAS`` value; response
    code 1 is found, 100 is an unknown handle)."""
    found: dict[str, str | ResolveError] = {}
    for short in dict.fromkeys(short.lower() for short in shorts):
        try:
            answer = client.get(f"{base}/api/handles/{quote_path(short)}", params={"type": "HS_ALIAS"}, service=SERVICE)
        except ResolveError as error:
            found[short] = error
            continue
        try:
            body = json_body(answer.body, SERVICE)
        except ServiceError:
            body = None
        if answer.status == 404 or (isinstance(body, dict) and body.get("responseCode") == 100):
            found[short] = NotFoundError(f"doi.org does not know the shortDOI {short}")
            continue
        values = body.get("values") if isinstance(body, dict) else None
        aliases = [
            value["data"].get("value")
            for value in values or []
            if isinstance(value, dict) and value.get("type") == "HS_ALIAS" and isinstance(value.get("data"), dict)
        ]
        doi = next((alias for alias in aliases if isinstance(alias, str) and alias.startswith("10.")), None)
        found[short] = doi if doi else ServiceError(f"doi.org sent no DOI for the shortDOI {short}")
    return found
