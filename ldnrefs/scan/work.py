"""What a worker does with one part of a dump: every article checked as ``ldnrefs check`` checks it.

These are plain functions of plain data (a :class:`~ldnrefs.scan.dump.Part` in, a
:class:`PartResult` of dicts out), so the local engine's processes and Dask's workers run the
same code, and so can a PySpark ``mapPartitions``.
"""

from __future__ import annotations

import time
from typing import Any

import attrs

from ldnrefs.scan.dump import Page, Part, pages_of, parse_page, read_part

ARTICLE_NAMESPACE = 0


@attrs.frozen
class PartResult:
    """One part's findings (rows in page order), errors, and counts."""

    number: int
    findings: tuple[dict[str, Any], ...]
    errors: tuple[dict[str, Any], ...]
    pages: int
    articles: int
    articles_with_findings: int
    wikitext_bytes: int
    trailing_bytes: int
    seconds: float
    cited: tuple[tuple[str, str], ...] = ()
    """``(key, row)`` of every citation, for the cross-article pass (only when it was asked for)."""


def check_article(page: Page) -> list[dict[str, Any]]:
    """The findings ``ldnrefs check`` gives for the page's wikitext, as rows: ``page_id``, ``rev_id``,
    ``title``, ``kind``, ``references`` (the article's own 1-based numbering, the earlier first),
    ``names`` (their ref names, where they have some) and ``evidence``."""
    return _check(page)[0]


def _check(page: Page) -> tuple[list[dict[str, Any]], Any]:
    from ldnrefs import parse
    from ldnrefs.check import findings
    from ldnrefs.dedupe import deduplicate

    records = parse(page.text, format="wikitext", source=page.title)
    result = deduplicate(records)
    rows = []
    for finding in findings(page.title, records, result):
        if finding.pair is None:
            continue
        pair = [records[position] for position in finding.pair]
        rows.append(
            {
                "page_id": page.page_id,
                "rev_id": page.rev_id,
                "title": page.title,
                "kind": finding.kind,
                "references": [
                    record.reference_number(position) for record, position in zip(pair, finding.pair, strict=True)
                ],
                "names": [record.provenance.key if record.provenance else None for record in pair],
                "evidence": finding.evidence,
            }
        )
    return rows, records


def run_part(part: Part, cross_article: bool = False) -> PartResult:
    """Check every article of ``part``; a page that breaks the reader is an error row and the part
    goes on. With ``cross_article``, also each citation's rows for the cross-article pass."""
    from ldnrefs.scan.cross import citation_rows

    started = time.process_time()
    text, trailing = read_part(part)
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    cited: list[tuple[str, str]] = []
    pages = articles = with_findings = size = 0
    for block in pages_of(text):
        pages += 1
        try:
            page = parse_page(block)
        except Exception as error:  # a broken <page> is reported, never the end of the scan
            errors.append({"page_id": None, "title": None, "error": f"{type(error).__name__}: {error}"})
            continue
        if page.namespace != ARTICLE_NAMESPACE or page.redirect:
            continue
        articles += 1
        size += len(page.text.encode("utf-8"))
        try:
            found, records = _check(page)
        except Exception as error:  # the parser's bug on one page must not stop a dump of millions
            errors.append({"page_id": page.page_id, "title": page.title, "error": f"{type(error).__name__}: {error}"})
            continue
        if cross_article:
            cited += citation_rows(page.page_id, page.title, records)
        if found:
            with_findings += 1
            rows += found
    return PartResult(
        number=part.number,
        findings=tuple(rows),
        errors=tuple(errors),
        pages=pages,
        articles=articles,
        articles_with_findings=with_findings,
        wikitext_bytes=size,
        trailing_bytes=trailing,
        seconds=time.process_time() - started,
        cited=tuple(cited),
    )


__all__ = ["PartResult", "check_article", "run_part"]
