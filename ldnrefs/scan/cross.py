"""The cross-article pass of ``ldnrefs scan --cross-article``: one work across many articles.

Each worker turns every citation of its articles into small rows, one per key that names the work
— DOI, PMID, PMCID, a book's ISBN, the page a URL names — and one per title+year+first-author
key. The driver shuffles the rows on disk (an SQLite file beside the output, so memory does not
grow with the dump) and reads each key's group once:

* ``conflicting-metadata``: one DOI, PMID or PMCID cited in different articles with titles that
  are not one title (an identifier typed into the wrong reference somewhere). ISBNs and URLs are
  keyed but raise no alarm: a book's chapters, entries and editions share its ISBN, and a page is
  cited under whatever title a citer gives it;
* ``several-dois``: one title, year and first author cited under different DOIs in different
  articles (a preprint DOI and the journal's, or a mistyped DOI).

A group larger than :data:`LARGEST_GROUP` (a very popular work) is counted, not compared pair by
pair. Rows go to ``DIR/cross_article.jsonl``.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from rapidfuzz import fuzz

from ldnrefs import identifiers as ids
from ldnrefs.model import Reference
from ldnrefs.normalize import fold, normalize_title

LARGEST_GROUP: Final = 500
_SAME_TITLE: Final = 80.0
_SHORTEST_CLASH: Final = 15
"""Shorter titles ("Review", "Letter") are not compared: they say too little to disagree."""
_SHORTEST_TITLE: Final = 30
"""Titles shorter than this ("Introduction", "Editorial") name too many works to key on."""


def citation_rows(page_id: int, article: str, records: Sequence[Reference]) -> list[tuple[str, str]]:
    """``(key, row as JSON)`` for each key of each record of one article."""
    rows: list[tuple[str, str]] = []
    for position, record in enumerate(records):
        found = record.identifiers
        keys = [ids.key(scheme, value) for scheme in ("doi", "pmid", "pmcid") if (value := getattr(found, scheme))]
        keys += sorted({ids.key("isbn", value) for value in found.isbn})
        if found.url and (page := ids.url_key(found.url)):
            keys.append(f"url:{page}")
        title = normalize_title(record.title)
        first = record.authors[0] if record.authors else None
        family = fold(first.family or first.literal or "") if first else ""
        if found.doi and record.issued is not None and len(title) >= _SHORTEST_TITLE and family:
            keys.append(f"work:{title}|{record.issued.year}|{family}")
        if not keys:
            continue
        row = json.dumps(
            {
                "page_id": page_id,
                "article": article,
                "reference": record.reference_number(position),
                "title": record.title,
                "container": record.container_title,
                "year": record.issued.year if record.issued else None,
                "doi": found.doi,
                "type": record.type,
            },
            ensure_ascii=False,
        )
        rows += [(key, row) for key in keys]
    return rows


class Shuffle:
    """Rows by key, on disk: written as parts come in, read back one key's group at a time."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.unlink(missing_ok=True)
        self.db = sqlite3.connect(path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE rows (key TEXT, row TEXT)")

    def add(self, rows: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("INSERT INTO rows VALUES (?, ?)", rows)

    def groups(self) -> Iterator[tuple[str, list[dict[str, Any]]]]:
        self.db.execute("CREATE INDEX by_key ON rows (key)")
        key: str | None = None
        members: list[dict[str, Any]] = []
        for found, row in self.db.execute("SELECT key, row FROM rows ORDER BY key"):
            if found != key:
                if key is not None and len(members) > 1:
                    yield key, members
                key, members = found, []
            if len(members) <= LARGEST_GROUP:
                members.append(json.loads(row))
        if key is not None and len(members) > 1:
            yield key, members

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)


def findings(key: str, members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The cross-article findings of one key's group (empty when all agree, or all in one article)."""
    if len({member["page_id"] for member in members}) < 2:
        return []  # within one article: the article's own check reports it
    if len(members) > LARGEST_GROUP:
        return []
    scheme = key.split(":", 1)[0]
    cited = [{"page_id": m["page_id"], "article": m["article"], "reference": m["reference"]} for m in members]
    if scheme == "work":
        dois = sorted({member["doi"].lower() for member in members if member["doi"]})
        if len(dois) > 1:
            return [{"kind": "several-dois", "key": key, "dois": dois, "citations": cited}]
        return []
    if scheme not in ("doi", "pmid", "pmcid"):
        # A URL's page is cited under any title a citer gives it; an ISBN is shared by a book's
        # chapters, entries and editions, which Wikipedia's citations rarely tell apart: no alarm.
        return []
    titles = [member["title"] for member in members if member["title"] and len(member["title"]) >= _SHORTEST_CLASH]
    normalized = sorted({normalize_title(title) for title in titles})
    clash = any(
        fuzz.token_set_ratio(one, other) < _SAME_TITLE for one in normalized for other in normalized if one < other
    )
    if not clash:
        return []
    years = sorted({member["year"] for member in members if member["year"]})
    return [
        {
            "kind": "conflicting-metadata",
            "key": key,
            "titles": sorted(set(titles)),
            "years": years,
            "citations": cited,
        }
    ]


__all__ = ["LARGEST_GROUP", "Shuffle", "citation_rows", "findings"]
