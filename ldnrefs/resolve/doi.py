"""doi.org content negotiation, for DOIs Crossref does not know (DataCite, mEDRA, JaLC…).

``GET https://doi.org/{doi}`` with ``Accept: application/vnd.citationstyles.csl+json``
redirects to the registration agency, which answers CSL-JSON
(https://citation.crosscite.org/docs.html). The answer passes through the
CSL-JSON reader's cleanup, like every other CSL-JSON ldnrefs reads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Final
from urllib.parse import quote

import attrs

from ldnrefs import build
from ldnrefs import identifiers as ids
from ldnrefs.errors import NotFoundError, ResolveError, ServiceError
from ldnrefs.model import Reference
from ldnrefs.readers.csljson import item_to_record
from ldnrefs.resolve.http import HttpClient

DEFAULT_URL: Final = "https://doi.org"
ACCEPT: Final = {"Accept": "application/vnd.citationstyles.csl+json"}


def fetch_many(
    client: HttpClient, dois: Iterable[str], *, base: str = DEFAULT_URL
) -> dict[str, Reference | ResolveError]:
    """One content-negotiation request per DOI (doi.org has no batch form)."""
    found: dict[str, Reference | ResolveError] = {}
    for doi in dict.fromkeys(ids.key_form("doi", doi) for doi in dois):
        try:
            answer = client.get(f"{base}/{quote(doi, safe='/')}", headers=ACCEPT)
        except ResolveError as error:
            found[doi] = error
            continue
        if answer.status == 404:
            found[doi] = NotFoundError(f"doi.org does not know DOI {doi}")
            continue
        try:
            item = json.loads(answer.body)
        except ValueError:
            item = None
        if not isinstance(item, dict):
            found[doi] = ServiceError(f"doi.org sent something that is not CSL-JSON for {doi}")
            continue
        record = item_to_record(item)
        found[doi] = attrs.evolve(record, extra=(), provenance=build.provenance(source="doi.org"))
    return found
