"""Benchmark: deduplicate a million generated records with planted duplicates.

Usage::

    python benchmarks/dedupe.py                       # 1,000,000 records, naive comparison on 5,000
    python benchmarks/dedupe.py --records 100000 --naive 2000

Originals have random titles (a third with a subtitle), 1–5 authors, a year,
a journal, volume, issue and pages, a DOI (60 %) and a PMID (40 %). A tenth
of the records are planted duplicates of an earlier original, each with one
kind of damage:

* ``doi-case``: the same DOI in upper case, other metadata as is;
* ``pmid-only``: the DOI dropped, the PMID kept;
* ``typo``: no identifiers, one character of the title changed, initials only;
* ``restyled``: no identifiers, title case and punctuation changed, year + 1, no pages;
* ``abbreviated``: no identifiers, journal abbreviated, page range abbreviated;
* ``diacritics``: no identifiers, accents dropped from the first author's name;
* ``subtitle``: no identifiers, the subtitle dropped;
* ``two-typos``: no identifiers, two characters of the title changed, year + 1;
* ``no-author``: no identifiers, no authors.

Another 2 % of the records are *look-alikes*: new works made from an earlier
original that must not be merged with it: a "Correction to: …" notice with
its own DOI, a "Part 2" by the same authors, or another paper by the same
authors in the same year and journal with a different title; and, from issue
12's real lists, works that must not be merged with each other: placeholder
pages ("Archived copy"), the same headline in another outlet, authorless web
pages titled like an article's main title, one manual page title in many
sections of one manual, and a site's name as the title of many of its pages.

It reports pairwise precision and recall against the planted truth, the time
and peak memory (resident set) of ``deduplicate`` alone, and, in the same run,
the same matching done naively over all pairs of the first N records, with
the ratio of the two times.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import resource
import string
import time
from collections import defaultdict

from ldnrefs.dedupe import DedupeResult, deduplicate
from ldnrefs.dedupe.features import Features
from ldnrefs.dedupe.groups import Groups
from ldnrefs.dedupe.rules import compare
from ldnrefs.model import Date, Identifiers, Name, Reference

KINDS = ("doi-case", "pmid-only", "typo", "two-typos", "restyled", "abbreviated", "diacritics", "subtitle", "no-author")
LOOK_ALIKES = (
    "correction",
    "part-two",
    "same-authors-same-year",
    # Issue 12's look-alikes from real Wikipedia lists:
    "placeholder",  # CS1's "Archived copy" page: many of them, none the same
    "other-outlet",  # the same headline by the same author in another outlet, months later
    "subtitle-prefix",  # an authorless web page titled like the article's main title
    "section",  # one manual page title in many sections of one manual: none the same
    "other-page",  # a site's name as the title of many of its pages, each at its own address
)
SYLLABLES = (
    "ka lo mi nu re sa ti vo xe ya zu bri cla dro fen gor hil jun kel mar nor pet qua ros sul tor val wen".split()
)
ACCENTED = str.maketrans("aeiou", "áéíóú")


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


class Generator:
    """Random originals and damaged copies, reproducible from a seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.vocabulary = list({_word(rng) for _ in range(30_000)})
        self.surnames = list({_word(rng).capitalize() for _ in range(60_000)})
        self.surnames += [name.translate(ACCENTED) for name in self.surnames[:6_000]]
        self.journals = [" ".join(_word(rng).capitalize() for _ in range(rng.randint(2, 5))) for _ in range(3_000)]
        # Shared immutable values, as a real reader's interned strings would be:
        # the benchmark measures deduplication, not a generator's garbage.
        self.years = {year: Date(year) for year in range(1940, 2030)}
        self.numbers = [str(number) for number in range(3100)]
        self.given = [f"{a}. {b}." for a in string.ascii_uppercase for b in "ABCDEFGHJK"]
        self.no_ids = Identifiers()

    def original(self, number: int) -> Reference:
        rng = self.rng
        words = rng.sample(self.vocabulary, rng.randint(6, 14))
        title = " ".join(words).capitalize()
        if rng.random() < 0.33:
            title += ": " + " ".join(rng.sample(self.vocabulary, rng.randint(3, 6)))
        authors = tuple(Name(rng.choice(self.surnames), rng.choice(self.given)) for _ in range(rng.randint(1, 5)))
        start = rng.randint(1, 3000)
        doi = f"10.{rng.randint(1000, 9999)}/j.{number:07d}" if rng.random() < 0.6 else None
        pmid = str(10_000_000 + number) if rng.random() < 0.4 else None
        return Reference(
            type="article-journal",
            title=title,
            authors=authors,
            issued=self.years[rng.randint(1950, 2025)],
            container_title=rng.choice(self.journals),
            volume=self.numbers[rng.randint(1, 200)],
            issue=self.numbers[rng.randint(1, 12)],
            page=f"{start}-{start + rng.randint(2, 25)}",
            identifiers=Identifiers(doi=doi, pmid=pmid) if doi or pmid else self.no_ids,
        )

    def damaged(self, record: Reference) -> tuple[Reference, str]:
        rng = self.rng
        kind = rng.choice(KINDS)
        ids = record.identifiers
        if kind == "doi-case" and ids.doi:
            return Reference(
                **{**_fields(record), "identifiers": Identifiers(doi=ids.doi.upper(), pmid=ids.pmid)}
            ), kind
        if kind == "pmid-only" and ids.pmid:
            return Reference(**{**_fields(record), "identifiers": Identifiers(pmid=ids.pmid)}), kind
        fields = {**_fields(record), "identifiers": self.no_ids}
        title = record.title or ""
        if kind in ("typo", "two-typos"):
            for _ in range(1 if kind == "typo" else 2):
                position = rng.randrange(len(title))
                title = title[:position] + rng.choice("aeiourst") + title[position + 1 :]
            fields["title"] = title
            fields["authors"] = tuple(Name(name.family, (name.given or "")[:1]) for name in record.authors)
            if kind == "two-typos" and record.issued:
                fields["issued"] = self.years[record.issued.year + 1]
        elif kind == "no-author":
            fields["authors"] = ()
        elif kind == "restyled":
            fields["title"] = title.title().replace(":", " -") + "."
            fields["issued"] = self.years[record.issued.year + 1] if record.issued else None
            fields["page"] = None
        elif kind == "abbreviated":
            fields["container_title"] = " ".join(word[:4] for word in (record.container_title or "").split())
            start, _, end = (record.page or "").partition("-")
            abbreviable = end and len(end) == len(start) and end[:-1] == start[:-1]
            fields["page"] = f"{start}-{end[-1]}" if abbreviable else record.page
        elif kind == "diacritics":
            first = record.authors[0]
            fields["authors"] = (Name((first.family or "").translate(ACCENTED), first.given), *record.authors[1:])
        elif kind == "subtitle" and ": " in title:
            fields["title"] = title.split(": ")[0]
        else:
            kind = "copy-without-ids"
        return Reference(**fields), kind

    def look_alike(self, record: Reference, number: int) -> tuple[Reference, str]:
        """A different work that resembles ``record``: its correction, its Part 2, a sibling paper."""
        rng = self.rng
        kind = rng.choice(LOOK_ALIKES)
        fields = _fields(record)
        fields["identifiers"] = Identifiers(doi=f"10.{rng.randint(1000, 9999)}/c.{number:07d}")
        if kind == "correction":
            fields["title"] = f"Correction to: {record.title}"
            fields["page"] = self.numbers[rng.randint(1, 3000)]
        elif kind == "part-two":
            fields["title"] = f"{record.title}: Part 2"
        elif kind == "placeholder" or (kind == "subtitle-prefix" and ": " not in (record.title or "")):
            kind = "placeholder"
            return Reference(
                type="webpage",
                title="Archived copy",
                identifiers=Identifiers(url=f"https://site{number % 97}.example/page/{number}"),
            ), kind
        elif kind == "other-outlet":
            year = record.issued.year if record.issued else 2000
            return Reference(
                type="article-newspaper",
                title=record.title,
                authors=record.authors[:1],
                issued=Date(year, rng.randint(1, 12), rng.randint(1, 28)),
                container_title=rng.choice(self.journals) + " Times",
                identifiers=self.no_ids,
            ), kind
        elif kind == "section":
            product = self.journals[number % 40].split()[0]
            return Reference(
                type="webpage",
                title=f"{('Installation', 'Configuration', 'Troubleshooting')[number % 3]} — {product}",
                container_title=f"{product} Documentation",
                extra=(("section", f"Section {number}"),),
                identifiers=self.no_ids,
            ), kind
        elif kind == "other-page":
            name = f"{self.journals[number % 97]} Online"  # several words: a title, not a one-word name
            return Reference(
                type="webpage",
                title=name,
                container_title=name,
                identifiers=Identifiers(url=f"https://site{number % 97}.example/notes/{number}.htm"),
            ), kind
        elif kind == "subtitle-prefix":
            return Reference(
                type="webpage",
                title=(record.title or "").split(": ")[0],
                container_title=rng.choice(self.journals) + " Online",
                identifiers=self.no_ids,
            ), kind
        else:
            fields["title"] = " ".join(rng.sample(self.vocabulary, rng.randint(6, 14))).capitalize()
            fields["page"] = self.numbers[rng.randint(1, 3000)]
        return Reference(**fields), kind


def _fields(record: Reference) -> dict[str, object]:
    return {
        "type": record.type,
        "title": record.title,
        "authors": record.authors,
        "issued": record.issued,
        "container_title": record.container_title,
        "volume": record.volume,
        "issue": record.issue,
        "page": record.page,
        "identifiers": record.identifiers,
    }


def generate(
    count: int,
    duplicate_share: float,
    seed: int,
    labels: list[str] | None = None,
    imitates: dict[int, int] | None = None,
) -> tuple[list[Reference], list[int], dict[str, int]]:
    """Records, the original each stands for, and the count of each damage (and look-alike) kind.

    ``labels``, when given, receives each record's kind ("original" or the damage / look-alike);
    ``imitates`` maps each look-alike to the original it resembles.
    """
    generator = Generator(seed)
    records: list[Reference] = []
    origin: list[int] = []
    kinds: dict[str, int] = defaultdict(int)
    labels = labels if labels is not None else []
    imitates = imitates if imitates is not None else {}
    originals: list[int] = []
    for number in range(count):
        draw = generator.rng.random()
        if originals and draw < 0.02:
            source = generator.rng.choice(originals)
            look_alike, kind = generator.look_alike(records[source], number)
            records.append(look_alike)
            origin.append(number)
            # Look-alikes get no damaged copies: damage such as dropping ": Part 2"
            # would turn a copy into the work it imitates, and the truth would be wrong.
            kinds[f"look-alike {kind}"] += 1
            labels.append(f"look-alike {kind}")
            imitates[number] = source
        elif originals and draw < 0.02 + duplicate_share:
            source = generator.rng.choice(originals)
            copy, kind = generator.damaged(records[source])
            records.append(copy)
            origin.append(source)
            kinds[kind] += 1
            labels.append(kind)
        else:
            labels.append("original")
            records.append(generator.original(number))
            origin.append(number)
            originals.append(number)
    return records, origin, dict(kinds)


def _pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {pair for group in groups for pair in itertools.combinations(sorted(group), 2)}


def _truth(origin: list[int]) -> set[tuple[int, int]]:
    by_origin: dict[int, list[int]] = defaultdict(list)
    for position, source in enumerate(origin):
        by_origin[source].append(position)
    return _pairs([group for group in by_origin.values() if len(group) > 1])


def _score(found: set[tuple[int, int]], true: set[tuple[int, int]]) -> tuple[float, float]:
    hits = len(found & true)
    return (hits / len(found) if found else 1.0, hits / len(true) if true else 1.0)


def naive(records: list[Reference]) -> list[list[int]]:
    """The same decisions over all n(n-1)/2 pairs, without blocking."""
    features = [Features(record) for record in records]
    groups = Groups(records)
    from ldnrefs.dedupe import DEFAULT_SETTINGS

    for a, b in itertools.combinations(range(len(records)), 2):
        if groups.find(a) == groups.find(b):
            continue
        if records[a].identifiers.keys() & records[b].identifiers.keys() or compare(
            features[a], features[b], DEFAULT_SETTINGS
        ):
            groups.union(a, b)
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(len(records)):
        members[groups.find(index)].append(index)
    return [group for group in members.values() if len(group) > 1]


def _by_kind(result: DedupeResult, origin: list[int], labels: list[str], imitates: dict[int, int]) -> None:
    """Recall per damage kind, and how many look-alikes were wrongly merged with what they imitate."""
    group_of: dict[int, int] = {}
    for number, group in enumerate(result.groups):
        for position in group.positions:
            group_of[position] = number
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for position, label in enumerate(labels):
        if label == "original":
            continue
        partner = imitates[position] if label.startswith("look-alike") else origin[position]
        together = position in group_of and group_of.get(partner) == group_of[position]
        tallies[label][0] += int(together)
        tallies[label][1] += 1
    print("| planted kind | count | joined with its original |")
    print("|---|---:|---:|")
    for label, (joined, total) in sorted(tallies.items()):
        print(f"| {label} | {total:,} | {joined:,} ({joined / total:.2%}) |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--duplicates", type=float, default=0.10, help="share of planted duplicates")
    parser.add_argument("--naive", type=int, default=5_000, help="records compared naively (all pairs)")
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args()

    started = time.perf_counter()
    labels: list[str] = []
    imitates: dict[int, int] = {}
    records, origin, kinds = generate(args.records, args.duplicates, args.seed, labels, imitates)
    generated = time.perf_counter() - started
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    gc.collect()
    started = time.perf_counter()
    result = deduplicate(records)
    elapsed = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    precision, recall = _score(_pairs([list(group.positions) for group in result.groups]), _truth(origin))
    planted = ", ".join(f"{kind} {count:,}" for kind, count in sorted(kinds.items()))
    print(f"records {args.records:,}; planted duplicates {sum(kinds.values()):,} ({planted})")
    print(f"generated in {generated:.1f} s")
    print("| records | dedupe seconds | records/s | peak RSS MiB (whole process) | precision | recall |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {args.records:,} | {elapsed:.1f} | {args.records / elapsed:,.0f} | {rss_after / 1024:,.0f} "
        f"| {precision:.4f} | {recall:.4f} |"
    )
    print(f"(peak RSS before deduplicating, records in memory: {rss_before / 1024:,.0f} MiB)")
    _by_kind(result, origin, labels, imitates)
    subset = records[: args.naive]
    subset_truth = _truth(origin[: args.naive])
    started = time.perf_counter()
    blocked = deduplicate(subset)
    blocked_time = time.perf_counter() - started
    started = time.perf_counter()
    naive_groups = naive(subset)
    naive_time = time.perf_counter() - started
    blocked_scores = _score(_pairs([list(group.positions) for group in blocked.groups]), subset_truth)
    naive_scores = _score(_pairs(naive_groups), subset_truth)
    print()
    print(f"Same {args.naive:,} records, same run:")
    print("| method | seconds | precision | recall |")
    print("|---|---:|---:|---:|")
    print(f"| blocked (ldnrefs) | {blocked_time:.2f} | {blocked_scores[0]:.4f} | {blocked_scores[1]:.4f} |")
    print(f"| naive all pairs | {naive_time:.2f} | {naive_scores[0]:.4f} | {naive_scores[1]:.4f} |")
    print(f"naive / blocked time: {naive_time / blocked_time:,.0f}x")


if __name__ == "__main__":
    main()
