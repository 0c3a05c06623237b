"""Retractions, corrections and expressions of concern, from the answers the resolver already has.

Crossref lists the notices that update a work under ``updated-by``: the publisher's own
(``"source": "publisher"``) and, since 2025, Retraction Watch's (``"source": "retraction-watch"``,
with its ``record-id``), often both for one notice. PubMed marks a retracted article with the
publication type "Retracted Publication" and links its notice (``references`` with ``reftype``
"Retraction in"). Each notice becomes one :class:`Update`; one notice reported by several sources
is one update naming them all. No request is made for this: the data arrives with the metadata.

Kinds, as Crossref names them (PubMed's are mapped to these): ``retraction``,
``partial_retraction``, ``withdrawal``, ``removal`` (the work must not be cited as valid);
``expression_of_concern`` (a warning); ``correction``, ``erratum``, ``corrigendum``,
``addendum``, ``clarification``, ``new_version``… (notices).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from ldnrefs import identifiers as ids
from ldnrefs.model import Reference

RETRACTING: Final = frozenset({"retraction", "partial_retraction", "withdrawal", "removal"})
"""Kinds that make citing the work a finding that fails ``check --resolve``."""
CONCERNING: Final = frozenset({"expression_of_concern"})
"""Kinds reported as a warning."""
EXTRA_KEY: Final = "updated-by"
"""Where a record keeps its updates (``extra``; CSL-JSON ``custom``): a list of plain objects."""
NOTICE_KEY: Final = "update-to"
"""Where a notice keeps the works it updates: citing a retraction notice itself is fine."""

_PUBMED_TYPES: Final = {
    "retracted publication": "retraction",
    "expression of concern": "expression_of_concern",
}
_PUBMED_LINKS: Final = {
    "retractionin": "retraction",
    "retraction in": "retraction",
    "partialretractionin": "partial_retraction",
    "partial retraction in": "partial_retraction",
    "expressionofconcernin": "expression_of_concern",
    "expression of concern in": "expression_of_concern",
    "erratumin": "erratum",
    "erratum in": "erratum",
}


@attrs.frozen
class Update:
    """One notice that updates a work."""

    kind: str
    doi: str | None = None
    pmid: str | None = None
    date: str | None = None
    sources: tuple[str, ...] = ()
    label: str | None = None
    record_id: str | None = None
    """Retraction Watch's record id, when it is one of the sources."""

    @property
    def retracts(self) -> bool:
        return self.kind in RETRACTING

    @property
    def concerns(self) -> bool:
        return self.kind in CONCERNING

    def notice(self) -> str:
        """``retraction doi:10.1/x (2023-05-09; publisher, Retraction Watch)``."""
        named = f"doi:{self.doi}" if self.doi else f"pmid:{self.pmid}" if self.pmid else "notice"
        facts = [fact for fact in (self.date, ", ".join(_SOURCE_NAMES.get(s, s) for s in self.sources)) if fact]
        return f"{self.kind.replace('_', ' ')} {named}" + (f" ({'; '.join(facts)})" if facts else "")

    def as_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"type": self.kind}
        for name, value in (
            ("DOI", self.doi),
            ("PMID", self.pmid),
            ("updated", self.date),
            ("label", self.label),
            ("record-id", self.record_id),
        ):
            if value:
                found[name] = value
        found["source"] = list(self.sources)
        return found


_SOURCE_NAMES: Final = {"retraction-watch": "Retraction Watch", "publisher": "publisher", "pubmed": "PubMed"}


def _date(value: Any) -> str | None:
    from ldnrefs.readers.csljson import date_from_csl

    date = date_from_csl(value) if isinstance(value, Mapping) else None
    return date.isoformat() if date is not None else None


def from_crossref(entries: Any) -> list[Update]:
    """Crossref's ``updated-by`` (or ``update-to``) list: one update per notice and kind, its
    sources joined (a notice both the publisher and Retraction Watch report is one update)."""
    found: list[Update] = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, Mapping) or not isinstance(entry.get("type"), str):
            continue
        doi = entry.get("DOI")
        record_id = entry.get("record-id")
        found.append(
            Update(
                kind=entry["type"].strip().lower().replace("-", "_").replace(" ", "_"),
                doi=ids.key_form("doi", doi) if isinstance(doi, str) and doi.strip() else None,
                date=_date(entry.get("updated")),
                sources=(str(entry["source"]),) if isinstance(entry.get("source"), str) else (),
                label=str(entry["label"]) if isinstance(entry.get("label"), str) else None,
                record_id=str(record_id)
                if isinstance(record_id, (str, int)) and not isinstance(record_id, bool)
                else None,
            )
        )
    return combined(found)


def from_pubmed(summary: Mapping[str, Any]) -> list[Update]:
    """PubMed's marks in an esummary entry: a "Retracted Publication" publication type, and the
    notices its ``references`` link ("Retraction in", "Expression of concern in", "Erratum in")."""
    found: list[Update] = []
    for link in summary.get("references") or []:
        if not isinstance(link, Mapping):
            continue
        kind = _PUBMED_LINKS.get(str(link.get("reftype", "")).strip().lower())
        pmid = link.get("pmid")
        if kind:
            found.append(
                Update(
                    kind,
                    pmid=str(pmid) if isinstance(pmid, (str, int)) and str(pmid).isascii() else None,
                    sources=("pubmed",),
                )
            )
    types = summary.get("pubtype") or []
    for name in types if isinstance(types, list) else []:
        kind = _PUBMED_TYPES.get(str(name).strip().lower())
        if kind and not any(update.kind == kind for update in found):
            found.append(Update(kind, sources=("pubmed",)))
    return combined(found)


def combined(updates: Iterable[Update]) -> list[Update]:
    """One update per notice: the same notice DOI (or PMID) and kind from several sources is one
    update naming every source; an update without a notice id joins one of its kind that has one."""
    merged: list[Update] = []
    for update in updates:
        for index, known in enumerate(merged):
            same_notice = (update.doi and update.doi == known.doi) or (update.pmid and update.pmid == known.pmid)
            anonymous = not (update.doi or update.pmid) or not (known.doi or known.pmid)
            if update.kind == known.kind and (same_notice or anonymous):
                merged[index] = Update(
                    kind=known.kind,
                    doi=known.doi or update.doi,
                    pmid=known.pmid or update.pmid,
                    date=known.date or update.date,
                    sources=tuple(dict.fromkeys((*known.sources, *update.sources))),
                    label=known.label or update.label,
                    record_id=known.record_id or update.record_id,
                )
                break
        else:
            merged.append(update)
    return merged


def of(record: Reference) -> list[Update]:
    """The updates a resolved record carries."""
    stored = dict(record.extra).get(EXTRA_KEY)
    found: list[Update] = []
    for entry in stored if isinstance(stored, list) else []:
        if isinstance(entry, Mapping) and isinstance(entry.get("type"), str):
            sources = entry.get("source")
            found.append(
                Update(
                    kind=entry["type"],
                    doi=entry.get("DOI") if isinstance(entry.get("DOI"), str) else None,
                    pmid=entry.get("PMID") if isinstance(entry.get("PMID"), str) else None,
                    date=entry.get("updated") if isinstance(entry.get("updated"), str) else None,
                    sources=tuple(str(s) for s in sources) if isinstance(sources, list) else (),
                    label=entry.get("label") if isinstance(entry.get("label"), str) else None,
                    record_id=entry.get("record-id") if isinstance(entry.get("record-id"), str) else None,
                )
            )
    return found


def stored(updates: Sequence[Update]) -> list[dict[str, Any]]:
    """``updates`` as the plain objects a record keeps in ``extra`` (and CSL-JSON ``custom``)."""
    return [update.as_json() for update in updates]


def is_notice(record: Reference) -> bool:
    """Whether the record is itself a notice (a retraction notice, an erratum): citing it is fine."""
    return bool(dict(record.extra).get(NOTICE_KEY))


def status(record: Reference) -> str | None:
    """``retracted``, ``concern`` or ``corrected`` (the gravest), or None."""
    found = of(record)
    if any(update.retracts for update in found):
        return "retracted"
    if any(update.concerns for update in found):
        return "concern"
    return "corrected" if found else None


def export_note(record: Reference) -> str | None:
    """What an export's note says of a retracted or questioned work (corrections are left to the
    CSL-JSON ``custom`` data): ``Retracted: retraction doi:10.1/x (2023-05-09; publisher)``."""
    found = of(record)
    if is_notice(record):
        return None
    retracting = [update.notice() for update in found if update.retracts]
    if retracting:
        return "Retracted: " + "; ".join(retracting)
    concerning = [update.notice() for update in found if update.concerns]
    return "Expression of concern: " + "; ".join(concerning) if concerning else None


__all__ = [
    "CONCERNING",
    "EXTRA_KEY",
    "NOTICE_KEY",
    "RETRACTING",
    "Update",
    "combined",
    "export_note",
    "from_crossref",
    "from_pubmed",
    "is_notice",
    "of",
    "status",
    "stored",
]
