"""Fill in records from registries: Crossref for DOIs (NCBI for PMIDs and PMCIDs comes next).

``Resolver(...).resolve(records)`` returns the enriched records and a report:
one entry per identifier (resolved, not found, rate-limited, network,
service, offline) and one :class:`Disagreement` per field where the article's
text and the registry differ. Registry values are preferred for names, dates,
volume, issue and pages; missing fields are filled; the text's values stay
in the report. Requests are batched, polite, retried and cached (see
:mod:`ldnrefs.resolve.http`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import attrs

import ldnrefs
from ldnrefs.merge import _name_richness
from ldnrefs.model import Reference
from ldnrefs.normalise import fold
from ldnrefs.resolve import crossref
from ldnrefs.resolve.cache import Cache
from ldnrefs.resolve.http import HttpClient, ResolveError

PREFERRED: Final = ("issued", "volume", "issue", "page")
FILLED: Final = ("title", "container_title", "publisher", "volume", "issue", "page", "issued")


@attrs.frozen
class ReportEntry:
    """What happened to one identifier."""

    identifier: str
    status: str
    source: str
    message: str = ""


@attrs.frozen
class Disagreement:
    """A field where the text and the registry differ; the registry's value was kept."""

    number: int
    field: str
    text: str
    registry: str
    source: str

    def __str__(self) -> str:
        return f"reference {self.number}: {self.field}: text {self.text!r}, {self.source} {self.registry!r}"


@attrs.frozen
class ResolveResult:
    records: tuple[Reference, ...]
    report: tuple[ReportEntry, ...]
    disagreements: tuple[Disagreement, ...]
    requests: int


def _default_cache_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("ldnrefs")) / "http.sqlite"


class Resolver:
    """Resolves DOIs through Crossref, batched and cached; configurable for tests and mirrors."""

    def __init__(
        self,
        *,
        crossref_url: str | None = None,
        mailto: str | None = None,
        cache_path: str | Path | None = None,
        offline: bool = False,
        client: HttpClient | None = None,
    ) -> None:
        self.crossref_url = (crossref_url or os.environ.get("LDNREFS_CROSSREF_URL") or crossref.DEFAULT_URL).rstrip("/")
        contact = mailto or os.environ.get("LDNREFS_MAILTO")
        agent = f"ldnrefs/{ldnrefs.__version__} (https://pypi.org/project/ldnrefs/"
        agent += f"; mailto:{contact})" if contact else ")"
        cache = Cache(cache_path or _default_cache_path())
        self.client = client or HttpClient(user_agent=agent, cache=cache, offline=offline)

    def resolve(self, records: Sequence[Reference]) -> ResolveResult:
        before = self.client.requests_made
        dois = [record.identifiers.doi for record in records if record.identifiers.doi]
        fetched = crossref.fetch_many(self.client, [doi for doi in dois if doi], base=self.crossref_url)
        report: list[ReportEntry] = []
        disagreements: list[Disagreement] = []
        enriched: list[Reference] = []
        for position, record in enumerate(records):
            doi = record.identifiers.doi
            result = fetched.get(doi.lower()) if doi else None
            if isinstance(result, ResolveError):
                report.append(ReportEntry(f"doi:{doi}", result.kind, "crossref", str(result)))
                enriched.append(record)
            elif isinstance(result, Reference):
                report.append(ReportEntry(f"doi:{doi}", "resolved", "crossref"))
                number = record.provenance.number if record.provenance and record.provenance.number else position + 1
                merged, found = _enrich(record, result, number, "crossref")
                enriched.append(merged)
                disagreements.extend(found)
            else:
                enriched.append(record)
        return ResolveResult(tuple(enriched), tuple(report), tuple(disagreements), self.client.requests_made - before)


def _shown(value: object) -> str:
    if isinstance(value, ldnrefs.Date):
        return value.isoformat()
    return str(value)


def _enrich(record: Reference, registry: Reference, number: int, source: str) -> tuple[Reference, list[Disagreement]]:
    """Fill missing fields from ``registry``; prefer it for names, dates, volume, issue, pages; report differences."""
    changes: dict[str, object] = {}
    found: list[Disagreement] = []
    for field in FILLED:
        mine, theirs = getattr(record, field), getattr(registry, field)
        if theirs is None:
            continue
        if mine is None:
            changes[field] = theirs
        elif field in PREFERRED and _shown(mine) != _shown(theirs):
            found.append(Disagreement(number, field.replace("_", "-"), _shown(mine), _shown(theirs), source))
            changes[field] = theirs
        elif field not in PREFERRED and fold(str(mine)) != fold(str(theirs)):
            found.append(Disagreement(number, field.replace("_", "-"), _shown(mine), _shown(theirs), source))
    if registry.authors and _name_richness(registry.authors) > _name_richness(record.authors):
        changes["authors"] = registry.authors
    ids = record.identifiers
    changes["identifiers"] = attrs.evolve(
        ids,
        issn=tuple(dict.fromkeys((*ids.issn, *registry.identifiers.issn))),
        isbn=tuple(dict.fromkeys((*ids.isbn, *registry.identifiers.isbn))),
    )
    extra = dict(record.extra)
    for key, value in registry.extra:
        extra.setdefault(key, value)
    changes["extra"] = tuple(extra.items())
    return attrs.evolve(record, **changes), found  # type: ignore[arg-type]
