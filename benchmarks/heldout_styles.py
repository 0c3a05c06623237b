"""Benchmark: reference lists in CSL styles the citation CRF never saw, of records it never saw.

Usage::

    python benchmarks/heldout_styles.py            # 40 held-out styles, held-out records
    python benchmarks/heldout_styles.py --per-style 12 --styles 20

The references held out of training (every tenth of AnyStyle's and of GROBID's
hand-tagged sets) are turned into records and rendered by citeproc-py in the
CSL styles kept out of training (:func:`ldnrefs.training.synthetic.style_split`),
a list of ``--per-style`` references per style, numbered as the style numbers
them. Each list goes through ``ldnrefs.parse`` as a user's pasted list would,
and the fields read are compared with the records: the author family names as a
whole list (the names the style prints), year, title, container, volume, issue
and first page, each counted only where the style prints it. Also reported: the
lists split into the wrong number of entries, and the share of entries that went
to the learned reader.
"""

from __future__ import annotations

import argparse
import random
import re
from collections import Counter

import ldnrefs
from ldnrefs import learned
from ldnrefs.normalize import fold
from ldnrefs.training import split
from ldnrefs.training import synthetic as synth
from ldnrefs.training.corpora import anystyle_examples, grobid_examples

FIELDS = ("authors", "year", "title", "container", "volume", "issue", "page")


def _family(particle: str | None, family: str | None) -> str:
    return fold(" ".join(part for part in (particle, family) if part)).replace(" ", "")


def truth(record: synth.Record, entry: str) -> dict[str, object]:
    """The fields the rendered entry shows, as the record holds them."""
    shown = {ord(char) - synth.START for char in entry if synth.START <= ord(char) < synth.END}
    item = record.item
    out: dict[str, object] = {}
    people = [
        (code, name) for code, name in zip(synth.AUTHOR_CODES, record.authors, strict=False) if code in shown
    ] or [(code, name) for code, name in zip(synth.EDITOR_CODES, record.editors, strict=False) if code in shown]
    if people:
        given = dict(zip(synth.AUTHOR_CODES, item.get("author", []), strict=False))
        given |= dict(zip(synth.EDITOR_CODES, item.get("editor", []), strict=False))
        out["authors"] = [
            _family(given[code].get("non-dropping-particle"), synth.plain(given[code]["family"])) for code, _ in people
        ]
    if record.year is not None and str(record.year) in synth.plain(entry):
        out["year"] = record.year
    for field, variable in (
        ("title", "title"),
        ("container", "container-title"),
        ("volume", "volume"),
        ("issue", "issue"),
    ):
        if variable in item and synth.FIELD_CODES[variable] in shown:
            value = synth.plain(item[variable])
            out[field] = fold(value) if field in ("title", "container") else value
    if "page" in item and synth.FIELD_CODES["page"] in shown:
        out["page"] = re.split(r"[-–]", synth.plain(item["page"]))[0]
    return out


def read(reference: ldnrefs.Reference) -> dict[str, object]:
    people = reference.authors or reference.editors
    return {
        "authors": [_family(name.particle, name.family or name.literal) for name in people],
        "year": reference.issued.year if reference.issued else None,
        "title": fold(reference.title or ""),
        "container": fold(reference.container_title or ""),
        "volume": reference.volume,
        "issue": reference.issue,
        "page": re.split(r"[-–]", reference.page or "")[0] or None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-style", type=int, default=10)
    parser.add_argument("--styles", type=int, default=40)
    parser.add_argument("--show", type=int, default=0, help="print this many wrong fields")
    args = parser.parse_args()
    _, anystyle_held = split(anystyle_examples())
    _, grobid_held = split(grobid_examples())
    rng = random.Random(11)
    records = [
        found for found in (synth.record(example, rng) for example in anystyle_held + grobid_held) if found is not None
    ]
    rng.shuffle(records)
    _, held_styles = synth.style_split()
    right: Counter[str] = Counter()
    counted: Counter[str] = Counter()
    wrong_split = lists = entries = routed = 0
    shown = 0
    start = 0
    for style in held_styles[: args.styles]:
        batch = records[start : start + args.per_style]
        start += args.per_style
        rendered = [(record, entry) for record, entry in synth.render(batch, style) if "in press" not in entry]
        if not rendered:
            continue
        lists += 1
        text = "References\n\n" + "\n".join(synth.plain(entry) for _, entry in rendered) + "\n"
        try:
            parsed = ldnrefs.parse(text)
        except ldnrefs.LdnrefsError as error:
            print(f"[{style.stem}] {error}")
            parsed = []
        if len(parsed) != len(rendered):
            wrong_split += 1
            continue
        for (record, entry), reference in zip(rendered, parsed, strict=True):
            entries += 1
            line = synth.plain(entry)
            routed += learned.wants(re.sub(r"^\[?\(?\d+[.\])]?\s*", "", line))
            want, got = truth(record, entry), read(reference)
            for field in FIELDS:
                if field not in want:
                    continue
                counted[field] += 1
                if got[field] == want[field]:
                    right[field] += 1
                elif shown < args.show:
                    shown += 1
                    print(f"[{style.stem}] {field}: want {want[field]!r} got {got[field]!r}\n    {line}")
    total_right, total = sum(right.values()), sum(counted.values())
    print(f"{lists} lists in held-out styles, {wrong_split} split into the wrong number of entries")
    print(f"{entries} entries read, {routed} to the learned reader")
    print("| field | right | of | share |\n|---|---:|---:|---:|")
    for field in FIELDS:
        print(f"| {field} | {right[field]} | {counted[field]} | {right[field] / max(counted[field], 1):.3f} |")
    print(f"| **all fields** | {total_right} | {total} | {total_right / max(total, 1):.3f} |")


if __name__ == "__main__":
    main()
