"""Benchmark: pairwise precision and recall of ``ldnrefs.deduplicate`` on labelled data.

Usage::

    python benchmarks/dedupe_labelled.py            # haematology, stroke, cora
    python benchmarks/dedupe_labelled.py --errors 5  # also print a few false pairs of each kind
    python benchmarks/dedupe_labelled.py --peer-python /path/to/venv-with-bib-dedupe/bin/python

With ``--peer-python``, bib-dedupe (``pip install bib-dedupe``, the peer) runs on
the same bib-dedupe CSV files in the same run, in its own interpreter, with one
CPU; its "duplicate" decisions are scored and its "maybe" pairs (left to a
person) counted.

Precision = true pairs found / pairs found; recall = true pairs found / true
pairs, where a group of n records contributes n(n-1)/2 pairs (the measure
bib-dedupe and the systematic-review literature use).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import re
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ldnrefs.dedupe import DEFAULT_SETTINGS, SYSTEMATIC_REVIEW, Settings, deduplicate, guard
from ldnrefs.dedupe.related import relation_between
from ldnrefs.model import Date, Name, Reference
from ldnrefs.names import parse_family_first, parse_names
from ldnrefs.pages import normalize_pages

DATA = Path(__file__).parent / "data"
STUDY_MERGED = Settings(link_related=True, merge_related=True)
"""Study mode with its links merged: what a systematic review counting studies would do."""
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def _year(text: str) -> Date | None:
    match = _YEAR.search(text or "")
    return Date(int(match.group(1))) if match else None


def _bibtex_authors(text: str) -> tuple[Name, ...]:
    return tuple(parse_family_first(part.strip()) for part in (text or "").split(" and ") if part.strip())


def load_bib_dedupe(name: str) -> tuple[list[Reference], list[set[int]]]:
    folder = DATA / "bib-dedupe" / name
    records: list[Reference] = []
    position: dict[str, int] = {}
    with (folder / "records_pre_merged.csv").open(encoding="utf-8") as stream:
        for row in csv.DictReader(stream):
            position[row["ID"]] = len(records)
            records.append(
                Reference(
                    type="article-journal",
                    title=row["title"] or None,
                    authors=_bibtex_authors(row["author"]),
                    issued=_year(row["year"]),
                    container_title=row["journal"] or None,
                    volume=row["volume"] or None,
                    issue=row["number"] or None,
                    page=normalize_pages(row["pages"]) if row["pages"] else None,
                )
            )
    with (folder / "merged_record_ids.csv").open(encoding="utf-8") as stream:
        truth = [{position[i] for i in row["merged_ids"].split(";")} for row in csv.DictReader(stream)]
    return records, truth


def load_cora() -> tuple[list[Reference], list[set[int]]]:
    records: list[Reference] = []
    clusters: dict[str, set[int]] = defaultdict(set)
    with (DATA / "cora" / "cora.csv").open(encoding="utf-8") as stream:
        rows = csv.reader(stream)
        next(rows)
        for row in rows:
            author, title, venue, year, pages = row[2], row[4], row[6], row[9], row[10]
            names, _ = parse_names(author.replace(" and ", ", ").strip(" ,."))
            page_text = re.sub(r"[^\w\-–., ]", "", pages).strip(" ,.")
            clusters[row[1]].add(len(records))
            records.append(
                Reference(
                    title=title.strip(" ,.'\"") or None,
                    authors=names,
                    issued=_year(year) or _year(venue),
                    container_title=venue.strip(" ,.") or None,
                    page=normalize_pages(page_text) if page_text else None,
                )
            )
    return records, [members for members in clusters.values() if len(members) > 1]


def _reasons(reasons: object) -> str:
    assert isinstance(reasons, dict)
    return ", ".join(f"{kind} {count}" for kind, count in sorted(reasons.items(), key=lambda item: -item[1])) or "-"


def _pairs(groups: Iterable[Iterable[int]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


def evaluate(
    name: str, records: list[Reference], truth: list[set[int]], errors: int, settings: Settings = DEFAULT_SETTINGS
) -> dict[str, object]:
    started = time.perf_counter()
    result = deduplicate(records, settings=settings)
    seconds = time.perf_counter() - started
    found = _pairs(group.positions for group in result.groups)
    true = _pairs(truth)
    hits = len(found & true)
    reasons: dict[str, int] = defaultdict(int)
    for a, b in true - found:
        reasons[_why_apart(records[a], records[b], settings)] += 1
    precision = hits / len(found) if found else 1.0
    recall = hits / len(true) if true else 1.0
    if errors:
        for label, pairs in (("false positive", found - true), ("missed", true - found)):
            for a, b in sorted(pairs)[:errors]:
                print(f"  {name} {label}: {records[a].title!r} / {records[b].title!r}")
    return {
        "records": len(records),
        "true": len(true),
        "found": len(found),
        "precision": precision,
        "recall": recall,
        "seconds": seconds,
        "reasons": dict(reasons),
    }


_REPLY = re.compile(r"\b(?:reply|response|letters?|comment)\b", re.IGNORECASE)
_KINDS = {"erratum-of": "erratum", "reply-to": "reply", "abstract-of": "abstract", "registration-of": "registration"}


def _why_apart(first: Reference, second: Reference, settings: Settings) -> str:
    """The kind of a missed pair: one study's erratum, reply, abstract or registration (which the
    default keeps apart on purpose), a pair another guard keeps apart, or one no rule matched."""
    relation = relation_between(first, second)
    if relation is not None:
        return _KINDS[relation]
    reason = guard(first, second, settings=settings)
    if reason is None:
        return "other: not recognised"
    if "notice" in reason:  # with another author or title than the article's: named by its words
        titles = f"{first.title} {second.title}"
        return "reply" if _REPLY.search(titles) else "erratum"
    if reason.startswith("different"):
        return "other: different volume/issue/page"
    if "groups" in reason:
        return "other: different population or arm"
    return "other: another guard"


_PEER = """
import json, sys, time
import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep
records = pd.read_csv(sys.argv[1], dtype=str).fillna("")
started = time.perf_counter()
matched = match(block(prep(records, verbosity_level=0, cpu=1), verbosity_level=0, cpu=1), verbosity_level=0, cpu=1)
seconds = time.perf_counter() - started
labels = matched["duplicate_label"]
clusters = cluster(matched[labels == "duplicate"], verbosity_level=0)
print(json.dumps({"clusters": [sorted(map(str, c)) for c in clusters], "maybe": int((labels == "maybe").sum()),
                  "seconds": seconds}))
"""


def evaluate_peer(python: str, name: str, truth: list[set[int]]) -> dict[str, object]:
    """bib-dedupe on the same CSV, in its own interpreter: its duplicate pairs scored like ours."""
    path = DATA / "bib-dedupe" / name / "records_pre_merged.csv"
    with path.open(encoding="utf-8") as stream:
        position = {row["ID"]: index for index, row in enumerate(csv.DictReader(stream))}
    done = subprocess.run([python, "-c", _PEER, str(path)], capture_output=True, text=True, check=True)
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    found = _pairs({position[key] for key in members} for members in answer["clusters"])
    true = _pairs(truth)
    hits = len(found & true)
    return {
        "found": len(found),
        "precision": hits / len(found) if found else 1.0,
        "recall": hits / len(true) if true else 1.0,
        "seconds": answer["seconds"],
        "maybe": answer["maybe"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", type=int, default=0, help="print this many false pairs of each kind")
    parser.add_argument("--peer-python", metavar="PYTHON", help="an interpreter with bib-dedupe installed")
    args = parser.parse_args()
    sets = {
        "bib-dedupe haematology": load_bib_dedupe("haematology"),
        "bib-dedupe stroke": load_bib_dedupe("stroke"),
        "Cora": load_cora(),
    }
    print(
        "| data set | settings | records | true pairs | pairs found | precision | recall | seconds | missed by kind |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---|")
    for name, (records, truth) in sets.items():
        modes = (("default", DEFAULT_SETTINGS), ("systematic review", SYSTEMATIC_REVIEW), ("study", STUDY_MERGED))
        for label, settings in modes:
            figures = evaluate(name, records, truth, args.errors, settings)
            print(
                f"| {name} | {label} | {figures['records']:,} | {figures['true']:,} | {figures['found']:,} "
                f"| {figures['precision']:.4f} | {figures['recall']:.4f} | {figures['seconds']:.2f} "
                f"| {_reasons(figures['reasons'])} |"
            )
        if args.peer_python and name.startswith("bib-dedupe "):
            peer = evaluate_peer(args.peer_python, name.split(" ", 1)[1], truth)
            print(
                f"| {name} | **bib-dedupe (peer)** | {len(records):,} | {len(_pairs(truth)):,} | {peer['found']:,} "
                f"| {peer['precision']:.4f} | {peer['recall']:.4f} | {peer['seconds']:.2f} "
                f'| {peer["maybe"]:,} pairs left as "maybe" |'
            )


if __name__ == "__main__":
    main()
