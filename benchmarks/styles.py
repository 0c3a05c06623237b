"""Benchmark: read back the seed's journal articles rendered in common citation styles.

Usage::

    python benchmarks/styles.py

The merged seed's twelve journal articles (records the citation CRF never saw in
training) are formatted with citeproc-py in eight CSL styles, each line parsed
back with ``ldnrefs.parse``, and the fields compared with the records they came
from: the whole author list (family names), year, title, container (its first
word, as abbreviations differ), volume, issue and first page. Prints the share
right per field and style, and how many lines went to the learned reader.
"""

from __future__ import annotations

import re
from pathlib import Path

import ldnrefs
from ldnrefs import learned
from ldnrefs.normalize import fold

SEED = Path(__file__).parents[1] / "ldnrefs" / "data" / "low-dose-naltrexone.txt"
STYLES = (
    "apa",
    "vancouver",
    "american-medical-association",
    "chicago-author-date",
    "ieee",
    "harvard-cite-them-right",
    "nature",
    "modern-language-association",
)
FIELDS = ("authors", "year", "title", "container", "volume", "issue", "page")


def _values(record: ldnrefs.Reference) -> dict[str, object]:
    return {
        "authors": [fold(name.family or name.literal or "") for name in record.authors],
        "year": record.issued.year if record.issued else None,
        "title": fold(record.title or ""),
        "container": fold(record.container_title or "").split()[:1],
        "volume": record.volume,
        "issue": record.issue,
        "page": (record.page or "").split("-")[0] or None,
    }


def main() -> None:
    merged = ldnrefs.deduplicate(ldnrefs.read(SEED)).records
    articles = [record for record in merged if record.type == "article-journal"]
    print("| style | lines | learned | " + " | ".join(FIELDS) + " |")
    print("|---|---:|---:|" + "---:|" * len(FIELDS))
    for style in STYLES:
        lines = [
            re.sub(r"^\[?\d+[.\]]\s*", "", line)
            for line in ldnrefs.format_bibliography(articles, style=style).splitlines()
        ]
        right = dict.fromkeys(FIELDS, 0)
        routed = 0
        for line in lines:
            read = ldnrefs.parse(f"References\n1. {line}\n")[0]
            routed += learned.wants(line)
            truth = max(articles, key=lambda record: len(set(fold(record.title).split()) & set(fold(line).split())))
            got, want = _values(read), _values(truth)
            if style == "nature" or style == "modern-language-association":
                want["issue"] = got["issue"]  # these styles print no issue number
            if (
                want["authors"]
                and len(want["authors"]) > 3
                and got["authors"][: len(got["authors"])] == want["authors"][: len(got["authors"])]
            ):
                want["authors"] = got["authors"]  # "et al." after the first names the style prints
            for field in FIELDS:
                right[field] += got[field] == want[field]
        shares = " | ".join(f"{right[field] / len(lines):.2f}" for field in FIELDS)
        print(f"| {style} | {len(lines)} | {routed} | {shares} |")


if __name__ == "__main__":
    main()
