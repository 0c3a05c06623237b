"""Generate realistic rendered CS1 reference entries by varying the seed article's 18.

Every entry keeps the shape of one seed entry (its punctuation, identifier
layout, stray spaces, back-link labels) while authors, dates, titles, volumes,
pages and identifiers are drawn at random, so no cache can shortcut the work.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

SEED = Path(__file__).parents[1] / "ldnrefs" / "data" / "low-dose-naltrexone.txt"

SURNAMES = (
    "Younger Parkitny McLain Kim Fishman Sudakin Bihari Toljan Vrooman Niciu Arias Papantoniou Li You Griffin Feng "
    "Shan Raknes Småbrekke Ludwig Turel Zagon McLaughlin Bruun Amris Vaegter Blichfeldt-Eckhardt Holsgaard-Larsen "
    "Christensen Toft Steenhuysen O'Kelly Vidal McHugh Woo Avramovic Lambert Eve Aitcheson Lin Tynan García Müller "
    "Nguyen Okafor Sato Kowalski Rossi Haddad Ivanova Johansson Dubois Fernández Singh Chen Wang Patel"
).split()
GIVEN = "Jarred Luke David Paul Mark Daniel Bernard Kristina Brian Zijian Yue Noreen Juan Fengping Anna Sofia".split()
WORDS = (
    "low dose naltrexone treatment chronic pain review inflammation immune therapy trial randomized placebo "
    "controlled fibromyalgia multiple sclerosis cohort outcomes opioid receptor antagonist safety efficacy study "
    "mechanisms clinical evidence patients microglia cytokines glial long covid cancer disease systematic"
).split()
MONTHS = "January February March April May June July August September October November December".split()


def _templates() -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\nReferences\n", 1)[1].strip().splitlines()
    return [re.sub(r"^\s*\d+\.\s+", "", line) for line in lines if line.strip()]


def _authors(rng: random.Random, full_names: bool) -> str:
    count = rng.randint(1, 7)
    if full_names:
        return ", ".join(f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)}" for _ in range(count))
    return ", ".join(
        f"{rng.choice(SURNAMES)} {''.join(rng.choice('ABCDEFGHJKLMNPRSTW') for _ in range(rng.randint(1, 2)))}"
        for _ in range(count)
    )


def _date(rng: random.Random) -> str:
    year = rng.randint(1970, 2025)
    month = rng.choice(MONTHS)
    return rng.choice(
        [str(year), f"{month} {year}", f"{rng.randint(1, 28)} {month} {year}", f"{month} {rng.randint(1, 28)}, {year}"]
    )


def _title(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(5, 14))
    return (" ".join(words)).capitalize() + rng.choice(["", "?", ": a review", " (LDN)"])


def _pages(rng: random.Random) -> str:
    """A page range, abbreviated Vancouver-style (451–9) one time in four."""
    start = rng.randint(1, 2000)
    end = str(start + rng.randint(1, 30))
    if rng.random() < 0.25:
        first = str(start)
        while len(end) > 1 and len(end) == len(first) and end[0] == first[0]:
            end, first = end[1:], first[1:]
    return f"{start}–{end}"


def vary(template: str, rng: random.Random) -> str:
    """One new entry in the shape of ``template``."""
    entry = template
    head = re.match(r"^(?:1 2 )?(.*?) \(([^()]*\d{4})\)\.", entry)
    if head:
        full = (
            "," in head.group(1)
            and " " in head.group(1).split(",")[0].strip()
            and not re.search(r"\b[A-Z]{1,3}\b", head.group(1))
        )
        prefix = "1 2 " if entry.startswith("1 2 ") else ""
        entry = f"{prefix}{_authors(rng, full)} ({_date(rng)})." + entry[head.end() :]
    entry = re.sub(r'"[^"]+"', lambda _: f'"{_title(rng)}"', entry, count=1)
    entry = re.sub(r"\b\d{1,3} \(\d{1,3}\)", lambda _: f"{rng.randint(1, 120)} ({rng.randint(1, 12)})", entry)
    entry = re.sub(r": (\d{1,4})[–-](\d{1,4})\.", lambda _: f": {_pages(rng)}.", entry)
    entry = re.sub(
        r"(doi: ?10\.\d{4,5}/)\S+?(?=\s?\.(?:\s|$))", lambda m: f"{m.group(1)}x{rng.getrandbits(40):x}", entry
    )
    entry = re.sub(r"PMID\s+\d+", lambda _: f"PMID   {rng.randint(1, 39_999_999)}", entry)
    entry = re.sub(r"PMC\s+\d+", lambda _: f"PMC   {rng.randint(1, 9_999_999)}", entry)
    entry = re.sub(r"S2CID\s+\d+", lambda _: f"S2CID   {rng.randint(1, 999_999_999)}", entry)
    return entry


def entries(count: int, *, seed: int = 20261125) -> Iterator[str]:
    """``count`` generated entries, numbered as in a rendered list."""
    rng = random.Random(seed)
    templates = _templates()
    for number in range(1, count + 1):
        yield f"  {number}. {vary(templates[(number - 1) % len(templates)], rng)}"


def article(count: int, *, seed: int = 20261125) -> str:
    """A rendered reference section with ``count`` generated entries."""
    return "References\n\n" + "\n".join(entries(count, seed=seed)) + "\n"


if __name__ == "__main__":
    import sys

    sys.stdout.write(article(int(sys.argv[1]) if len(sys.argv) > 1 else 20))
