"""Findings of ``ldnrefs check`` and their three renderings: text, JSON, GitHub annotations.

A *finding* is one duplicate: a later reference that cites the same work as
an earlier one; or, in a keyed format (BibTeX, CSL-JSON), a key defined a
second time, which BibTeX, biber and pandoc resolve to one entry whatever
work each cites. The text form follows the compiler convention, so editors
and CI logs link it to the line::

    refs.txt:35: reference 9 duplicates reference 1 (same DOI 10.1007/s10067-014-2517-2)
    refs.bib:212: entry smith2017 is defined again (first at line 40)
"""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from ldnrefs import _io
from ldnrefs.dedupe import DedupeResult, DuplicateGroup
from ldnrefs.dedupe.features import first_number
from ldnrefs.dedupe.rules import is_preprint, is_whole_work
from ldnrefs.keys import citation_keys, own_key
from ldnrefs.model import Diagnostic, ParseResult, Reference
from ldnrefs.normalize import fold

if TYPE_CHECKING:
    from ldnrefs.dedupe import Settings
    from ldnrefs.manuscript import Citation, Manuscript

SAME_WORK: Final = "same-work"
REPEATED_KEY: Final = "repeated-key"
MISSING_KEY: Final = "missing-key"
DIFFERENT_PAGES: Final = "same-work-different-pages"
RETRACTED: Final = "retracted"
CONCERN: Final = "expression-of-concern"
CORRECTED: Final = "corrected"
WARNING_KINDS: Final = frozenset({DIFFERENT_PAGES, CONCERN})
"""Kinds of finding that are warnings: they fail ``check`` only with ``--strict``."""
RELATED_KINDS: Final = frozenset({"erratum-of", "reply-to", "abstract-of", "registration-of"})
"""Study mode's links (an erratum of an article…): notes, which never fail ``check``."""
NOTE_KINDS: Final = RELATED_KINDS | {CORRECTED}
"""Kinds of finding that are notes: reported, never failing."""
_RELATION_WORDS: Final = {
    "erratum-of": "an erratum of",
    "reply-to": "a reply to",
    "abstract-of": "a conference abstract of",
    "registration-of": "the trial registration of",
}


@attrs.frozen
class Finding:
    """One later reference duplicating an earlier one, with the evidence that joins them
    (``kind`` "same-work"; "same-work-different-pages" when the two cite one book or report at
    different pinpoint pages, which Wikipedia accepts), or a key defined again ("repeated-key")."""

    source: str
    line: int | None
    reference: str
    original: str
    evidence: str
    kind: str = SAME_WORK
    pair: tuple[int, int] | None = None
    """The positions, in the records checked, of the earlier and the later record (a duplicate)."""

    @property
    def message(self) -> str:
        if self.kind == REPEATED_KEY:
            return f"{self.reference} is defined again ({self.evidence})"
        if self.kind == MISSING_KEY:
            return f"{self.reference} is cited but {self.evidence}"
        if self.kind == DIFFERENT_PAGES:
            return f"{self.reference} cites {self.original} at other pages ({self.evidence})"
        if self.kind in RELATED_KINDS:
            return f"{self.reference} is {_RELATION_WORDS[self.kind]} {self.original} ({self.evidence})"
        if self.kind in _UPDATE_WORDS:
            return f"{self.reference} cites {_UPDATE_WORDS[self.kind]}: {self.evidence}"
        return f"{self.reference} duplicates {self.original} ({self.evidence})"

    @property
    def is_warning(self) -> bool:
        return self.kind in WARNING_KINDS

    @property
    def is_note(self) -> bool:
        return self.kind in NOTE_KINDS


def _place(record: Reference) -> str | None:
    """Where a record cites its work: a whole work's page as written ("44-49" and "44" are two
    places), an article's or chapter's first page (its pages are where it is: "219-220" and "219"
    are one); None without a page, or for a preprint (its "pages" are its id)."""
    if not record.page or is_preprint(record):
        return None
    number = None if is_whole_work(record) else first_number(record.page)
    return str(number) if number is not None else fold(record.page)


def group_kind(records: Sequence[Reference], group: DuplicateGroup) -> str:
    """``same-work-different-pages`` when the members cite the work at different places (a book at
    p. 12 and at p. 45, a lexicon s. v. "Linos" and s. v. "Eumolpidai"), else ``same-work``."""
    places = {_place(records[position]) for position in group.positions} - {None}
    return DIFFERENT_PAGES if len(places) > 1 else SAME_WORK


def member_kinds(records: Sequence[Reference], group: DuplicateGroup) -> list[tuple[int, int, str]]:
    """``(original, member, kind)`` for each member of a group after its first. Where the group cites
    its work at different places, a member at a place an earlier member cites repeats that citation
    (``same-work``: p. 12 twice is one citation too many), and a member at a new place is
    ``same-work-different-pages`` against the first."""
    first = group.positions[0]
    if group_kind(records, group) == SAME_WORK:
        return [(first, position, SAME_WORK) for position in group.positions[1:]]
    seen = {_place(records[first]): first}
    kinds = []
    for position in group.positions[1:]:
        place = _place(records[position])
        if place in seen:
            kinds.append((seen[place], position, SAME_WORK))
        else:
            seen[place] = position
            kinds.append((first, position, DIFFERENT_PAGES))
    return kinds


def pages_apart(records: Sequence[Reference], group: DuplicateGroup) -> list[tuple[int, int]]:
    """The pairs of a group that cite its work at different places, which a rewrite keeps as two
    citations (a book at p. 12 and at p. 45); a repeat at one place is merged."""
    if group_kind(records, group) == SAME_WORK:
        return []
    return [
        (one, other)
        for one, other in itertools.combinations(group.positions, 2)
        if _place(records[one]) != _place(records[other])
    ]


_UPDATE_WORDS: Final = {
    RETRACTED: "a retracted work",
    CONCERN: "a work under an expression of concern",
    CORRECTED: "a corrected work",
}


def update_findings(
    source: str, records: Sequence[Reference], *, where: Sequence[Citation | None] = ()
) -> list[Finding]:
    """One finding per resolved record that a notice updates: a retraction, withdrawal or removal
    fails the check (``retracted``), an expression of concern is a warning, a correction a note.
    A notice cited on purpose (a retraction notice itself) is not a finding. ``where`` gives each
    record's citation in a manuscript (its first), whose line and key the finding names."""
    from ldnrefs import updates

    keys = citation_keys(records)
    found = []
    for position, record in enumerate(records):
        notices = updates.of(record)
        if not notices or updates.is_notice(record):
            continue
        retracting = [notice for notice in notices if notice.retracts]
        concerning = [notice for notice in notices if notice.concerns]
        chosen = retracting or concerning or notices
        kind = RETRACTED if retracting else CONCERN if concerning else CORRECTED
        citation = where[position] if position < len(where) else None
        line: int | None
        if citation is not None:
            file, line = citation.source, citation.line
            label = f"\\cite{{{citation.key}}}" if citation.source.lower().endswith(".tex") else f"@{citation.key}"
        else:
            file, line = source, record.provenance.line if record.provenance else None
            label = _label(record, keys[position])
        found.append(Finding(file, line, label, "", "; ".join(notice.notice() for notice in chosen), kind=kind))
    return found


def updates_json(found: Sequence[Finding]) -> list[dict[str, Any]]:
    """The JSON report's ``updates``: ``{"kind", "file", "line", "reference", "notices"}``."""
    return [
        {
            "kind": finding.kind,
            "file": finding.source,
            "line": finding.line,
            "reference": finding.reference,
            "notices": finding.evidence,
        }
        for finding in found
        if finding.kind in _UPDATE_WORDS
    ]


def _label(record: Reference, key: str) -> str:
    origin = record.provenance
    if origin is not None and origin.number is not None and origin.key is None:
        return f"reference {origin.number}"
    return f"entry {origin.key if origin is not None and origin.key else key}"


def findings(source: str, records: Sequence[Reference], result: DedupeResult) -> list[Finding]:
    """One finding per duplicate member (every member of a group but the first) and per key
    defined again (:func:`repeated_keys`), in line order."""
    keys = citation_keys(records)
    found = []
    for group in result.groups:
        for first, position, kind in member_kinds(records, group):
            record = records[position]
            evidence = _evidence_for(group, position)
            if kind == DIFFERENT_PAGES:
                evidence += f"; pages {records[first].page or 'not given'} / {record.page or 'not given'}"
            found.append(
                Finding(
                    source=source,
                    line=record.provenance.line if record.provenance else None,
                    reference=_label(record, keys[position]),
                    original=_label(records[first], keys[first]),
                    evidence=evidence,
                    kind=kind,
                    pair=(first, position),
                )
            )
    found += repeated_keys(source, records)
    for link in result.related:
        item = records[link.first]
        found.append(
            Finding(
                source=source,
                line=item.provenance.line if item.provenance else None,
                reference=_label(item, keys[link.first]),
                original=_label(records[link.second], keys[link.second]),
                evidence=link.evidence,
                kind=link.relation,
            )
        )
    return sorted(found, key=lambda finding: (finding.line is None, finding.line or 0))


def _key_lines(records: Sequence[Reference]) -> dict[str, list[int | None]]:
    """Each user's key (a BibTeX key, a CSL-JSON id) with the line of every entry that defines it."""
    lines: dict[str, list[int | None]] = {}
    for record in records:
        key = own_key(record)
        if key is not None:
            lines.setdefault(key, []).append(record.provenance.line if record.provenance else None)
    return lines


def repeated_keys(source: str, records: Sequence[Reference]) -> list[Finding]:
    """One finding per entry whose key an earlier entry already has."""
    found = []
    for key, lines in _key_lines(records).items():
        where = f"first at line {lines[0]}" if lines[0] is not None else "again"
        found += [Finding(source, line, f"entry {key}", f"entry {key}", where, kind=REPEATED_KEY) for line in lines[1:]]
    return found


def check_manuscript(
    manuscript: Manuscript,
    bibliographies: Sequence[ParseResult],
    *,
    settings: Settings | None = None,
    all_entries: bool = False,
    prepare: Callable[[list[Reference]], list[Reference]] | None = None,
    ignore: Sequence[tuple[str, str]] = (),
) -> tuple[list[Finding], dict[str, Any]]:
    """A manuscript's findings: one work cited under two keys (named at the later key's first
    citation), a cited key no bibliography defines, a key defined twice in the bibliographies; and
    the JSON report. Duplicates among entries the manuscript never cites are not findings.
    ``prepare`` sees the cited records before they are compared (the CLI resolves them there);
    ``ignore`` names pairs of keys or identifiers judged different works
    (see :func:`ldnrefs.dedupe.ignore.read_ignore`)."""
    from ldnrefs.manuscript import cited_works

    works = cited_works(
        manuscript, bibliographies, settings=settings, all_entries=all_entries, prepare=prepare, ignore=ignore
    )
    keys, order, cited, result, missing = works.keys, works.order, works.cited, works.result, works.missing
    first_cited: dict[str, Citation] = {}
    for citation in manuscript.citations:
        first_cited.setdefault(citation.key, citation)

    def label(key: str) -> str:
        return f"\\cite{{{key}}}" if manuscript.source.lower().endswith(".tex") else f"@{key}"

    found: list[Finding] = []
    pairs: list[tuple[Finding, list[str]]] = []
    for group in result.groups:
        for original, position, kind in member_kinds(cited, group):
            first_key = keys[order[original]] or "?"
            key = keys[order[position]] or "?"
            where = first_cited.get(key)
            finding = Finding(
                source=where.source if where else manuscript.source,
                line=where.line if where else None,
                reference=label(key),
                original=label(first_key),
                evidence=_evidence_for(group, position),
                kind=kind,
            )
            found.append(finding)
            pairs.append((finding, [first_key, key]))
    for citation in missing:
        found.append(
            Finding(
                citation.source,
                citation.line,
                label(citation.key),
                "",
                "no bibliography defines it",
                kind=MISSING_KEY,
            )
        )
    for bibliography in bibliographies:
        found += repeated_keys(bibliography.source or "<bibliography>", list(bibliography))
    if prepare is not None:  # resolved: a retracted work cited is a finding at its first citation
        found += update_findings(
            manuscript.source, cited, where=[first_cited.get(keys[position] or "") for position in order]
        )
    order_key = {path: index for index, path in enumerate(dict.fromkeys(finding.source for finding in found))}
    found.sort(key=lambda finding: (order_key[finding.source], finding.line or 0))
    pairs.sort(key=lambda pair: (order_key[pair[0].source], pair[0].line or 0))
    report: dict[str, Any] = {
        "duplicates": [
            {
                "kind": finding.kind,
                "file": finding.source,
                "line": finding.line,
                "keys": keys,
                "evidence": finding.evidence,
            }
            for finding, keys in pairs
        ],
        "missing_keys": [
            {"kind": MISSING_KEY, "key": citation.key, "file": citation.source, "line": citation.line}
            for citation in missing
        ],
        "total": len(cited),
        "unique": len(result.records),
        "citations": len(manuscript.citations),
    }
    updated = updates_json(found)
    if updated:
        report["updates"] = updated
    repeated = [
        {"kind": REPEATED_KEY, "file": bibliography.source, "key": key, "lines": lines}
        for bibliography in bibliographies
        for key, lines in _key_lines(list(bibliography)).items()
        if len(lines) > 1
    ]
    if repeated:
        report["repeated_keys"] = repeated
    return found, report


def _evidence_for(group: DuplicateGroup, position: int) -> str:
    for link in group.links:
        if position in (link.first, link.second):
            return str(link.evidence)
    return "matched through other members of the group"


def render_text(found: Sequence[Finding]) -> str:
    lines = []
    for finding in found:
        where = f"{finding.source}:{finding.line}" if finding.line is not None else finding.source
        level = "warning: " if finding.is_warning else "note: " if finding.is_note else ""
        lines.append(_io.printable(f"{where}: {level}{finding.message}"))
    return "".join(line + "\n" for line in lines)


def render_github(found: Sequence[Finding], problems: Sequence[Diagnostic] = ()) -> str:
    """GitHub Actions workflow commands: one ``::error`` annotation per duplicate, and one per
    problem with the input (``::error`` for an unusable file or a broken entry, ``::warning``
    for what was only partly understood)."""
    lines = []
    for problem in problems:
        location = f"file={_escape_property(problem.source or '<input>')}"
        if problem.line is not None:
            location += f",line={problem.line}"
        command = "error" if problem.severity == "error" else "warning"
        title = "Unusable input" if problem.code == UNUSABLE else "Input problem"
        lines.append(f"::{command} {location},title={title}::{_escape_data(_io.printable(problem.message))}")
    for finding in found:
        location = f"file={_escape_property(finding.source)}"
        if finding.line is not None:
            location += f",line={finding.line}"
        title = {
            REPEATED_KEY: "Repeated key",
            DIFFERENT_PAGES: "Same work, other pages",
            RETRACTED: "Retracted work",
            CONCERN: "Expression of concern",
            CORRECTED: "Corrected work",
        }.get(finding.kind, "Same study" if finding.is_note else "Duplicate reference")
        command = "warning" if finding.is_warning else "notice" if finding.is_note else "error"
        lines.append(f"::{command} {location},title={title}::{_escape_data(_io.printable(finding.message))}")
    return "".join(line + "\n" for line in lines)


def _escape_data(text: str) -> str:
    # https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts (escapeData)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_RULES: Final = {
    SAME_WORK: "One work cited more than once",
    DIFFERENT_PAGES: "One book or report cited at different pages",
    REPEATED_KEY: "A citation key defined twice",
    MISSING_KEY: "A cited key no bibliography defines",
    "erratum-of": "An erratum of a cited article",
    "reply-to": "A reply to a cited article",
    "abstract-of": "A conference abstract of a cited study",
    "registration-of": "The trial registration of a cited study",
    RETRACTED: "A cited work was retracted, withdrawn or removed",
    CONCERN: "A cited work is under an expression of concern",
    CORRECTED: "A cited work was corrected",
}


def render_sarif(found: Sequence[Finding], problems: Sequence[Diagnostic] = ()) -> str:
    """SARIF 2.1.0 for code scanning (GitHub uploads it with ``github/codeql-action/upload-sarif``):
    one result per finding (error; a warning for ``same-work-different-pages``, a note for a
    related item) and per input problem, each at its file and line."""
    from ldnrefs import __version__

    results: list[dict[str, Any]] = []
    used: dict[str, str] = {}

    def location(source: str, line: int | None) -> dict[str, Any]:
        physical: dict[str, Any] = {"artifactLocation": {"uri": source.replace(os.sep, "/")}}
        physical["region"] = {"startLine": line if line else 1}
        return {"physicalLocation": physical}

    for finding in found:
        used[finding.kind] = _RULES.get(finding.kind, finding.kind)
        level = "note" if finding.is_note else "warning" if finding.is_warning else "error"
        results.append(
            {
                "ruleId": finding.kind,
                "level": level,
                "message": {"text": finding.message},
                "locations": [location(finding.source, finding.line)],
            }
        )
    for problem in problems:
        used[problem.code] = f"Input problem: {problem.code}"
        results.append(
            {
                "ruleId": problem.code,
                "level": "error" if problem.severity == "error" else "warning",
                "message": {"text": problem.message},
                "locations": [location(problem.source or "<input>", problem.line)],
            }
        )
    driver = {
        "name": "ldnrefs",
        "version": __version__,
        "rules": [{"id": rule, "shortDescription": {"text": text}} for rule, text in sorted(used.items())],
    }
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"


def report_json(source: str, records: Sequence[Reference], result: DedupeResult) -> dict[str, Any]:
    """``{"duplicates": [{"references": [...], "evidence": [...], "lines": [...], "keys": [...]}], "total": N,
    "unique": M}`` (``keys`` for keyed formats, both in the order of ``references``),
    and ``"repeated_keys": [{"key": K, "lines": [...]}]`` when a keyed file defines a key twice."""
    duplicates = []
    for group in result.groups:
        duplicate: dict[str, Any] = {
            "kind": group_kind(records, group),
            "references": list(group.numbers),
            "evidence": [
                f"reference {result.old_numbers[link.second]} = reference {result.old_numbers[link.first]}: "
                f"{link.evidence}"
                for link in group.links
            ],
            "lines": [
                origin.line if (origin := records[position].provenance) is not None else None
                for position in group.positions
            ],
        }
        keys = [own_key(records[position]) for position in group.positions]
        if any(key is not None for key in keys):
            duplicate["keys"] = keys  # in a keyed format: the entries' own keys, in the order of "references"
        duplicates.append(duplicate)
    report: dict[str, Any] = {"duplicates": duplicates, "total": len(records), "unique": len(result.records)}
    if result.related:
        report["related"] = [
            {
                "relation": link.relation,
                "references": [result.old_numbers[link.first], result.old_numbers[link.second]],
                "lines": [
                    origin.line if (origin := records[position].provenance) is not None else None
                    for position in (link.first, link.second)
                ],
                "evidence": link.evidence,
            }
            for link in result.related
        ]
    repeated = [{"key": key, "lines": lines} for key, lines in _key_lines(records).items() if len(lines) > 1]
    if repeated:
        report["repeated_keys"] = repeated
    return report


def render_json(reports: Sequence[tuple[str, dict[str, Any]]], problems: Sequence[Diagnostic] = ()) -> str:
    """One file: the report object itself. Several: the same keys, each duplicate naming its file.

    Problems with the input are listed under ``"errors"`` (a file that could not be used, a
    broken entry) and ``"warnings"``, each ``{"file", "line", "code", "message"}``."""
    if len(reports) == 1:
        merged: dict[str, Any] = dict(reports[0][1])
    else:
        merged = {"duplicates": [], "total": 0, "unique": 0}
        for source, report in reports:
            merged["duplicates"] += [{"file": source, **duplicate} for duplicate in report["duplicates"]]
            for kind in ("repeated_keys", "related"):
                if kind in report:
                    merged.setdefault(kind, []).extend({"file": source, **item} for item in report[kind])
            merged["total"] += report["total"]
            merged["unique"] += report["unique"]
    for severity, name in (("error", "errors"), ("warning", "warnings")):
        listed = [
            {"file": problem.source, "line": problem.line, "code": problem.code, "message": problem.message}
            for problem in problems
            if problem.severity == severity
        ]
        if listed:
            merged[name] = listed
    return json.dumps(merged, ensure_ascii=False, indent=2) + "\n"


UNUSABLE: Final = "input.unusable"
"""The code of the problem that stands for a file ``check`` could not use at all (exit 2)."""
AS_FINDINGS: Final = frozenset({"bibtex.repeated-key"})
"""Diagnostics that ``check`` reports as findings (a key defined twice), not again as input problems."""
