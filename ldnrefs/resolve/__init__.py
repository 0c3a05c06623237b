"""Fill in records from registries: PMC ID converter, PubMed (esummary), Crossref.

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
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Final

import attrs

from ldnrefs import build, updates
from ldnrefs import identifiers as ids
from ldnrefs._version import __version__
from ldnrefs.dates import parse_date
from ldnrefs.dedupe.merge import name_richness
from ldnrefs.errors import NotFoundError, ResolveError
from ldnrefs.model import Date, Reference
from ldnrefs.normalize import fold
from ldnrefs.resolve import compare, crossref, doi, ncbi
from ldnrefs.resolve.cache import Cache
from ldnrefs.resolve.http import HttpClient

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
    """A field where the text and the registry differ.

    ``kind``: ``conflict`` (they cannot both be right; the registry's value is kept), ``note``
    (both are right and it is worth saying: the text gives the online date, the registry the
    print date; the text's is kept), ``refinement`` (one is a more precise form of the other: the
    more precise is kept; shown with ``-v`` only) or ``other-work`` (the registry's title is not
    the text's: the identifier names another work, and nothing was taken from it).
    """

    number: int
    field: str
    text: str
    registry: str
    source: str
    kind: str = "conflict"

    def __str__(self) -> str:
        if self.kind == "dates":
            return f"references {self.text} cite one work by different dates it has: {self.registry}"
        if self.kind == "other-work":
            return (
                f"reference {self.number}: the {self.field} names another work: text title {self.text!r}, "
                f"{self.source} {self.registry!r}; nothing was taken from it"
            )
        prefix = {"note": "note: ", "refinement": "refined: "}.get(self.kind, "")
        return f"reference {self.number}: {prefix}{self.field}: text {self.text!r}, {self.source} {self.registry!r}"


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
    """Resolves PMCIDs, PMIDs and DOIs, batched and cached; every base URL is configurable.

    Use it as a context manager (or call :meth:`close`) to close its HTTP
    session and cache. Sources are asked in this order, each feeding the next: the PMC ID
    converter (a PMCID gains its PMID and DOI), PubMed's esummary (a PMID
    gains its DOI, PMCID, journal, pages…), then Crossref (the DOI's
    metadata, whose dates and names are the most precise, so it is applied
    last and wins).
    """

    def __init__(
        self,
        *,
        crossref_url: str | None = None,
        eutils_url: str | None = None,
        idconv_url: str | None = None,
        doi_url: str | None = None,
        mailto: str | None = None,
        api_key: str | None = None,
        cache_path: str | Path | None = None,
        offline: bool = False,
        client: HttpClient | None = None,
        parallel: bool = True,
    ) -> None:
        self.parallel = parallel
        """Crossref at the same time as NCBI (the default); False runs the services one after another."""
        environ = os.environ
        self.crossref_url = (crossref_url or environ.get("LDNREFS_CROSSREF_URL") or crossref.DEFAULT_URL).rstrip("/")
        self.eutils_url = (eutils_url or environ.get("LDNREFS_EUTILS_URL") or ncbi.DEFAULT_EUTILS_URL).rstrip("/")
        self.idconv_url = (idconv_url or environ.get("LDNREFS_IDCONV_URL") or ncbi.DEFAULT_IDCONV_URL).rstrip("/")
        self.doi_url = (doi_url or environ.get("LDNREFS_DOI_URL") or doi.DEFAULT_URL).rstrip("/")
        contact = mailto or environ.get("LDNREFS_MAILTO")
        self.contact = contact
        api_key = api_key or environ.get("LDNREFS_NCBI_API_KEY")
        agent = f"ldnrefs/{__version__} (https://pypi.org/project/ldnrefs/"
        agent += f"; mailto:{contact})" if contact else ")"
        self.ncbi_params = {"tool": "ldnrefs", **({"email": contact} if contact else {})}
        if api_key:
            self.ncbi_params["api_key"] = api_key
        if client is None:
            client = HttpClient(user_agent=agent, cache=Cache(cache_path or _default_cache_path()), offline=offline)
        # One limiter a service. NCBI (E-utilities and the ID converter together): 3 requests a
        # second, 10 with an API key. Crossref: its polite pool (a contact given) takes 10 a second
        # and 5 at once, its public pool 5 a second and 1 at once; the x-rate-limit headers it sends
        # can only slow these down. doi.org: gently, 5 a second.
        limits = {
            ncbi.SERVICE: (0.1 if api_key else 1 / 3, 1),
            crossref.SERVICE: (0.1, 5) if contact else (0.2, 1),
            doi.SERVICE: (0.2, 2),
        }
        for service, (interval, in_flight) in limits.items():
            if service not in client.limiters:
                client.limit(service, interval, in_flight)
        self.client = client

    def close(self) -> None:
        """Close the HTTP session and the SQLite cache (of a client given to the resolver too: it owns it)."""
        self.client.close()

    def __enter__(self) -> Resolver:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def resolve(
        self, records: Sequence[Reference], *, progress: Callable[[str, int], None] | None = None
    ) -> ResolveResult:
        """Resolve every identifier of ``records``; ``progress(stage, count)`` is told each stage as it starts."""
        before = self.client.requests_made

        def tell(stage: str, count: int) -> None:
            if progress is not None and count:
                progress(stage, count)

        originals = list(records)
        current = list(records)
        report: list[ReportEntry] = []
        disagreements: list[Disagreement] = []
        numbers = [record.reference_number(position) for position, record in enumerate(originals)]

        # 0. shortDOIs ("10/gddkhn", Manubot's keys): doi.org's handle API names the DOI they stand for.
        shorts = [value for r in current if (value := r.identifiers.doi) and doi.is_short(value)]
        if shorts:
            tell("doi.org handles", len(shorts))
            expanded = doi.expand_short(self.client, shorts, base=self.doi_url)
            for position, record in enumerate(current):
                value = record.identifiers.doi
                long = expanded.get(value.lower()) if value and doi.is_short(value) else None
                if isinstance(long, ResolveError):
                    report.append(ReportEntry(f"doi:{value}", long.kind, "doi.org", str(long)))
                elif long is not None:
                    report.append(ReportEntry(f"doi:{value}", "resolved", "doi.org"))
                    expanded_doi = build.identifiers({"doi": [long]}).doi or long
                    current[position] = attrs.evolve(
                        record, identifiers=attrs.evolve(record.identifiers, doi=expanded_doi)
                    )

        # Crossref works while NCBI does: the DOIs the text gives are asked for at once, in another
        # thread; the ones PubMed or the converter add follow. Answers are applied in one fixed order
        # afterwards, so the result is the one a sequential run gives.
        text_dois = [value for r in current if (value := r.identifiers.doi) and not doi.is_short(value)]
        tell("Crossref", len(text_dois))
        if self.parallel:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ldnrefs-crossref") as pool:
                early = pool.submit(
                    crossref.fetch_many, self.client, text_dois, base=self.crossref_url, mailto=self.contact
                )
                self._ncbi(current, originals, numbers, report, disagreements, tell)
                works = early.result()
        else:
            self._ncbi(current, originals, numbers, report, disagreements, tell)
            works = crossref.fetch_many(self.client, text_dois, base=self.crossref_url, mailto=self.contact)

        # 3. DOIs PubMed or the converter supplied: Crossref too.
        dois = [value for r in current if (value := r.identifiers.doi) and not doi.is_short(value)]
        later = [value for value in dois if ids.key_form("doi", value) not in works]
        if later:
            works.update(crossref.fetch_many(self.client, later, base=self.crossref_url, mailto=self.contact))
        # 4. DOIs Crossref does not know (DataCite, mEDRA…): doi.org content negotiation.
        unknown = [key for key, answer in works.items() if isinstance(answer, crossref.NotFoundError)]
        if unknown:
            tell("doi.org", len(unknown))
            negotiated = doi.fetch_many(self.client, unknown, base=self.doi_url)
            for key, answer in negotiated.items():
                if isinstance(answer, Reference) or not isinstance(answer, NotFoundError):
                    works[key] = answer  # doi.org's own failure is said as doi.org's
                else:
                    works[key] = NotFoundError(f"neither Crossref nor doi.org knows DOI {key}")
        sources = {key: "doi.org" if key in unknown else "crossref" for key in works}
        self._apply(current, originals, numbers, "doi", works, sources, report, disagreements)
        disagreements = _dates_of_one_work(current, originals, numbers, disagreements)
        return ResolveResult(tuple(current), tuple(report), tuple(disagreements), self.client.requests_made - before)

    def _ncbi(
        self,
        current: list[Reference],
        originals: list[Reference],
        numbers: list[int],
        report: list[ReportEntry],
        disagreements: list[Disagreement],
        tell: Callable[[str, int], None],
    ) -> None:
        """PMC ID converter, PubMed search and PubMed summaries, in that order, each feeding the next."""
        # 1. PMCIDs without a PMID: the PMC ID converter gives PMID and DOI.
        pmcids = [pmcid for r in current if (pmcid := r.identifiers.pmcid) and not r.identifiers.pmid]
        tell("PMC ID converter", len(pmcids))
        converted = ncbi.convert_pmcids(self.client, pmcids, base=self.idconv_url, params=self.ncbi_params)
        for position, record in enumerate(current):
            pmcid = record.identifiers.pmcid
            mapped = converted.get(pmcid) if pmcid else None
            if isinstance(mapped, ResolveError):
                report.append(ReportEntry(f"pmcid:{pmcid}", mapped.kind, "idconv", str(mapped)))
            elif mapped is not None:
                report.append(ReportEntry(f"pmcid:{pmcid}", "resolved", "idconv"))
                given = build.identifiers({scheme: [value] for scheme, value in mapped.items() if value})
                current[position] = attrs.evolve(record, identifiers=record.identifiers.combined(given))

        # 2a. DOIs without a PMID: esearch on PubMed's [doi] field (articles outside PMC).
        lacking = [
            doi_value
            for r in current
            if (doi_value := r.identifiers.doi) and not r.identifiers.pmid and not doi.is_short(doi_value)
        ]
        summarised: dict[str, Reference | ResolveError] = {}
        if lacking:
            tell("PubMed search", len(lacking))
            # The text's PMIDs are summarised in the same requests as the PMIDs the search finds.
            own = [value for r in current if (value := r.identifiers.pmid)]
            searched, summarised = ncbi.search_dois(
                self.client, lacking, base=self.eutils_url, params=self.ncbi_params, also=own
            )
            for position, record in enumerate(current):
                doi_value = record.identifiers.doi
                found_pmid = (
                    searched.get(ids.key_form("doi", doi_value)) if doi_value and not record.identifiers.pmid else None
                )
                if isinstance(found_pmid, ResolveError) and not isinstance(found_pmid, NotFoundError):
                    # A search that failed is said; one that found nothing is not (Crossref may know the DOI).
                    report.append(ReportEntry(f"doi:{doi_value}", found_pmid.kind, "pubmed search", str(found_pmid)))
                if isinstance(found_pmid, str):
                    report.append(ReportEntry(f"doi:{doi_value}", "resolved", "pubmed search"))
                    given = build.identifiers({"pmid": [found_pmid]})
                    current[position] = attrs.evolve(record, identifiers=record.identifiers.combined(given))

        # 2b. PMIDs: esummary, each PMID once (those the search summarised are not asked again).
        pmids = [pmid for r in current if (pmid := r.identifiers.pmid)]
        tell("PubMed", len(pmids))
        summaries = ncbi.fetch_pmids(
            self.client, pmids, base=self.eutils_url, params=self.ncbi_params, known=summarised
        )
        self._apply(
            current, originals, numbers, "pmid", summaries, dict.fromkeys(summaries, "pubmed"), report, disagreements
        )

    @staticmethod
    def _apply(
        current: list[Reference],
        originals: list[Reference],
        numbers: list[int],
        scheme: str,
        answers: dict[str, Reference | ResolveError],
        sources: dict[str, str],
        report: list[ReportEntry],
        disagreements: list[Disagreement],
    ) -> None:
        for position, record in enumerate(current):
            value = getattr(record.identifiers, scheme)
            if not value:
                continue
            key = ids.key_form(scheme, value)
            answer = answers.get(key)
            source = sources.get(key, "")
            if isinstance(answer, ResolveError):
                report.append(ReportEntry(f"{scheme}:{value}", answer.kind, source, str(answer)))
            elif isinstance(answer, Reference):
                report.append(ReportEntry(f"{scheme}:{value}", "resolved", source))
                merged, found = _enrich(record, originals[position], answer, numbers[position], source)
                if any(item.kind == "other-work" for item in found):
                    report[-1] = ReportEntry(f"{scheme}:{value}", "other work", source, "names another work")
                    # The identifier names another work: what an earlier step took on its word (the
                    # ID converter's PMID and DOI) goes too; the text's own identifiers stay.
                    merged = attrs.evolve(record, identifiers=originals[position].identifiers)
                current[position] = merged
                disagreements.extend(found)


def _dates_of_one_work(
    records: list[Reference], originals: list[Reference], numbers: list[int], found: list[Disagreement]
) -> list[Disagreement]:
    """References that cite one work (one DOI) by different dates it has — one its online date,
    another its print date — in one note naming both, instead of a note for each."""
    by_doi: dict[str, list[int]] = {}
    for position, record in enumerate(records):
        if record.identifiers.doi and originals[position].issued is not None:
            by_doi.setdefault(ids.key_form("doi", record.identifiers.doi), []).append(position)
    explained: set[int] = set()
    notes: list[Disagreement] = []
    for positions in by_doi.values():
        dates = {originals[position].issued for position in positions}
        if len(positions) < 2 or len(dates) < 2:
            continue
        labelled = [(position, _date_label(records[position], originals[position].issued)) for position in positions]
        if any(label is None for _, label in labelled) or len({label for _, label in labelled}) < 2:
            continue  # a date the registry does not know, or one date at two precisions
        shown = " and ".join(f"{_shown(originals[position].issued)} ({label})" for position, label in labelled)
        listed = ", ".join(str(numbers[position]) for position in positions[:-1]) + f" and {numbers[positions[-1]]}"
        notes.append(Disagreement(numbers[positions[0]], "issued", listed, shown, "", "dates"))
        explained.update(numbers[position] for position in positions)
    kept = [item for item in found if not (item.kind == "note" and item.field == "issued" and item.number in explained)]
    return kept + notes


def _date_label(record: Reference, date: Date | None) -> str | None:
    """Which of the work's dates ``date`` is: ``online``, ``print`` or ``issued`` (None: none of them)."""
    if date is None:
        return None
    extra = dict(record.extra)
    for key, label in (("published-online", "online"), ("published-print", "print")):
        known = _iso_date(extra.get(key))
        if known is not None and known.parts()[: len(date.parts())] == date.parts()[: len(known.parts())]:
            return label
    if record.issued is not None and record.issued.parts()[: len(date.parts())] == date.parts():
        return "issued"
    return None


def _iso_date(value: object) -> Date | None:
    return parse_date(value) if isinstance(value, str) else None


def _kind(field: str, text: object, theirs: object, dates: list[Date], short_names: list[str]) -> str | None:
    """None when the text and the registry agree; else ``conflict``, ``note``, ``refinement``, or
    ``coarser`` (a refinement where the text is the more precise)."""
    if field == "issued" and isinstance(text, Date) and isinstance(theirs, Date):
        relation = compare.compare_dates(text, theirs, dates)
        return {
            compare.SAME: None,
            compare.REFINED: "refinement",
            compare.COARSER: "coarser",
            compare.OTHER_DATE: "note",
        }.get(relation, "conflict")
    if field in ("container_title", "publisher"):
        return None if compare.same_name(str(text), str(theirs), short_names) else "conflict"
    if field == "title":
        return None if compare.same_title(str(text), str(theirs)) else "refinement"
    if field in PREFERRED:
        return None if _shown(text) == _shown(theirs) else "conflict"
    return None if fold(str(text)) == fold(str(theirs)) else "conflict"


def _shown(value: object) -> str:
    if isinstance(value, Date):
        return value.isoformat()
    return str(value)


def _enrich(
    record: Reference, original: Reference, registry: Reference, number: int, source: str
) -> tuple[Reference, list[Disagreement]]:
    """Fill missing fields from ``registry``; prefer it for names, dates, volume, issue, pages.

    Differences are reported against the article's own text (``original``),
    so a value two registries agree on is not reported twice as a change.
    """
    changes: dict[str, object] = {}
    found: list[Disagreement] = []
    if original.title and registry.title and compare.other_work(original.title, registry.title):
        identifier = registry.identifiers.doi or registry.identifiers.pmid or "identifier"
        scheme = "DOI" if registry.identifiers.doi else "PMID"
        found.append(
            Disagreement(number, f"{scheme} {identifier}", original.title, registry.title, source, "other-work")
        )
        return record, found
    registry_dates = [
        date for key in ("published-online", "published-print") if (date := _iso_date(dict(registry.extra).get(key)))
    ]
    short_names = [str(name) for key, name in registry.extra if key == "container-title-short"]
    for field in FILLED:
        mine, text, theirs = getattr(record, field), getattr(original, field), getattr(registry, field)
        if theirs is None:
            continue
        if mine is None or field in PREFERRED:
            changes[field] = theirs
        if text is None:
            continue
        kind = _kind(field, text, theirs, registry_dates, short_names)
        if kind in ("note", "coarser"):
            changes.pop(field, None)  # the text's value is right, and the more precise or the one chosen
        if kind is not None:
            shown = "refinement" if kind == "coarser" else kind
            found.append(Disagreement(number, field.replace("_", "-"), _shown(text), _shown(theirs), source, shown))
    if registry.authors and name_richness(registry.authors) > name_richness(record.authors):
        changes["authors"] = registry.authors
    mine_ids, theirs_ids = record.identifiers, registry.identifiers
    for scheme in ids.EXCLUSIVE:
        text_value, registry_value = getattr(original.identifiers, scheme), getattr(theirs_ids, scheme)
        if text_value and registry_value and ids.key(scheme, text_value) != ids.key(scheme, registry_value):
            found.append(Disagreement(number, scheme.upper(), text_value, registry_value, source))
    # The record's own identifiers first; the registry's fill the gaps (ISSNs and ISBNs are added).
    registry_ids = build.identifiers(
        {scheme: [value for value in (getattr(theirs_ids, scheme),) if value] for scheme in ids.EXCLUSIVE}
        | {"issn": theirs_ids.issn, "isbn": theirs_ids.isbn}
    )
    changes["identifiers"] = mine_ids.combined(registry_ids)
    extra = dict(record.extra)
    for key, value in registry.extra:
        extra.setdefault(key, value)
    # A notice PubMed and Crossref both report is one update naming both sources.
    known_updates = updates.combined([*updates.of(record), *updates.of(registry)])
    if known_updates:
        extra[updates.EXTRA_KEY] = updates.stored(known_updates)
    # Which source each changed field came from (CSL-JSON custom "field-sources").
    sources = dict(extra.get("field-sources") or {})
    for field in changes:
        if field != "identifiers":
            sources[field.replace("_", "-")] = source
    if sources:
        extra["field-sources"] = sources
    changes["extra"] = tuple(extra.items())
    return attrs.evolve(record, **changes), found  # type: ignore[arg-type]
