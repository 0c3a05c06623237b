"""Benchmark: ``ldnrefs parse`` and ``ldnrefs check`` on 1, 10 and 100 MB inputs in every format.

Usage::

    python benchmarks/sizes.py                      # 1, 10 and 100 MB, every format
    python benchmarks/sizes.py --sizes 1 10 --formats bibtex ris

Each input holds distinct works (random authors, titles, journals, numbers and identifiers from
``generate.py``'s vocabulary, a few per cent cited twice so that ``check`` has findings), written
as that format's real exporters write it. Each command runs as a new process (as a user runs
it); the wall time and the peak resident memory of that process are reported, and the growth
from one size to the next (time and memory should grow about tenfold per tenfold: linearly).
Issue 17's target: 100 MB in under 2 minutes and 3 GB, in every format.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import GIVEN, MONTHS, SURNAMES, WORDS

JOURNALS = [
    "Clinical Rheumatology",
    "Pain Medicine",
    "Journal of Neuroimmunology",
    "Frontiers in Psychiatry",
    "The Lancet",
    "BMJ Open",
    "Multiple Sclerosis Journal",
    "Current Pain and Headache Reports",
]


class Work:
    """One random work: what every format writes of it."""

    def __init__(self, rng: random.Random, number: int) -> None:
        self.number = number
        self.authors = [(rng.choice(SURNAMES), rng.choice(GIVEN)) for _ in range(rng.randint(1, 6))]
        words = rng.sample(WORDS, rng.randint(5, 11))
        self.title = " ".join(words).capitalize() + f" {number}"
        self.journal = rng.choice(JOURNALS)
        self.year = rng.randint(1975, 2025)
        self.month = rng.randint(1, 12)
        self.volume = str(rng.randint(1, 400))
        self.issue = str(rng.randint(1, 12))
        first = rng.randint(1, 3000)
        self.pages = (first, first + rng.randint(1, 30))
        self.doi = f"10.{rng.randint(1000, 9999)}/bench.{number}"
        self.pmid = str(10_000_000 + number)


def works(count: int, seed: int = 17) -> Iterator[Work]:
    """``count`` works, of which about 3 % are cited a second time (a check finding each)."""
    rng = random.Random(seed)
    earlier: list[Work] = []
    for number in range(count):
        if earlier and rng.random() < 0.03:
            yield rng.choice(earlier)
            continue
        work = Work(rng, number)
        if len(earlier) < 5000:
            earlier.append(work)
        yield work


def rendered(work: Work) -> str:
    names = ", ".join(f"{family} {given[0]}" for family, given in work.authors)
    first, last = work.pages
    return (
        f'{names} ({MONTHS[work.month - 1]} {work.year}). "{work.title}". {work.journal}. {work.volume} '
        f"({work.issue}): {first}–{last}. doi:{work.doi}. PMID {work.pmid}."
    )


def bibtex(work: Work) -> str:
    names = " and ".join(f"{family}, {given}" for family, given in work.authors)
    first, last = work.pages
    return (
        f"@article{{w{work.number},\n  author = {{{names}}},\n  title = {{{work.title}}},\n"
        f"  journal = {{{work.journal}}},\n  year = {{{work.year}}},\n  volume = {{{work.volume}}},\n"
        f"  number = {{{work.issue}}},\n  pages = {{{first}--{last}}},\n  doi = {{{work.doi}}}\n}}\n"
    )


def ris(work: Work) -> str:
    first, last = work.pages
    lines = ["TY  - JOUR", *(f"AU  - {family}, {given}" for family, given in work.authors)]
    lines += [f"TI  - {work.title}", f"JO  - {work.journal}", f"PY  - {work.year}", f"VL  - {work.volume}"]
    lines += [f"IS  - {work.issue}", f"SP  - {first}", f"EP  - {last}", f"DO  - {work.doi}", "ER  - "]
    return "\n".join(lines) + "\n"


def medline(work: Work) -> str:
    first, last = work.pages
    lines = [f"PMID- {work.pmid}", f"DP  - {work.year} {MONTHS[work.month - 1][:3]}", f"TI  - {work.title}."]
    lines += [f"FAU - {family}, {given}\nAU  - {family} {given[0]}" for family, given in work.authors]
    lines += [f"JT  - {work.journal}", f"VI  - {work.volume}", f"IP  - {work.issue}", f"PG  - {first}-{last}"]
    lines += [f"LID - {work.doi} [doi]", "PT  - Journal Article"]
    return "\n".join(lines) + "\n\n"


def csl_item(work: Work) -> dict[str, object]:
    first, last = work.pages
    return {
        "id": f"w{work.number}",
        "type": "article-journal",
        "author": [{"family": family, "given": given} for family, given in work.authors],
        "title": work.title,
        "container-title": work.journal,
        "issued": {"date-parts": [[work.year, work.month]]},
        "volume": work.volume,
        "issue": work.issue,
        "page": f"{first}-{last}",
        "DOI": work.doi,
        "PMID": work.pmid,
    }


def wikitext(work: Work) -> str:
    names = " ".join(
        f"|last{position}={family} |first{position}={given}" for position, (family, given) in enumerate(work.authors, 1)
    )
    first, last = work.pages
    return (
        f"Sentence {work.number} of the article says something.<ref>{{{{cite journal {names} "
        f"|title={work.title} |journal={work.journal} |date={MONTHS[work.month - 1]} {work.year} "
        f"|volume={work.volume} |issue={work.issue} |pages={first}–{last} |doi={work.doi} "
        f"|pmid={work.pmid}}}}}</ref> More text follows here.\n"
    )


def _write(path: Path, size: int, fmt: str) -> int:
    """Write about ``size`` bytes of ``fmt`` to ``path``; the number of entries written."""
    entry: Callable[[Work], str]
    head, tail, separator = "", "", ""
    if fmt == "csl-json":
        entry, head, tail, separator = (lambda work: json.dumps(csl_item(work))), "[\n", "\n]\n", ",\n"
    elif fmt == "csl-yaml":
        import yaml

        def entry(work: Work) -> str:
            return str(yaml.safe_dump([csl_item(work)], allow_unicode=True, sort_keys=False))

        head, tail = "---\nreferences:\n", "...\n"
    else:
        entry = {"rendered": rendered, "bibtex": bibtex, "ris": ris, "medline": medline, "wikitext": wikitext}[fmt]
        if fmt == "rendered":
            head = "An article\n\nReferences\n"
    count = 0
    written = len(head)
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        for work in works(10**9):
            text = entry(work)
            if fmt == "rendered":
                text = f"{count + 1}. {text}\n"
            out.write((separator if count else "") + text)
            written += len(text.encode("utf-8")) + (len(separator) if count else 0)
            count += 1
            if written >= size:
                break
        out.write(tail)
    return count


def _run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, peak resident MB and exit code of ``command`` as a new process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - started, usage.ru_maxrss / 1024, process.returncode


FORMATS = ["rendered", "wikitext", "bibtex", "ris", "medline", "csl-json", "csl-yaml"]
SUFFIX = {"rendered": ".txt", "wikitext": ".wiki", "bibtex": ".bib", "ris": ".ris", "medline": ".nbib"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100], help="sizes in MB")
    parser.add_argument("--formats", nargs="+", default=FORMATS, choices=FORMATS)
    parser.add_argument("--ldnrefs", default=str(Path(sys.executable).with_name("ldnrefs")))
    args = parser.parse_args()
    print(f"{'format':9} {'MB':>4} {'entries':>8} {'command':6} {'seconds':>8} {'peak MB':>8} exit  growth")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats:
            before: dict[str, tuple[float, float]] = {}
            for size in args.sizes:
                path = Path(folder) / f"input{SUFFIX.get(fmt, '.json' if fmt == 'csl-json' else '.yaml')}"
                count = _write(path, size * 10**6, fmt)
                for command in ("parse", "check"):
                    line = [args.ldnrefs, command, str(path), "--from", fmt, "--quiet"]
                    line += ["-o", os.devnull] if command == "parse" else ["--no-config"]
                    seconds, peak, code = _run(line)
                    growth = ""
                    if command in before:
                        growth = f"×{seconds / before[command][0]:.1f} time, ×{peak / before[command][1]:.1f} memory"
                    before[command] = (seconds, peak)
                    print(
                        f"{fmt:9} {size:>4} {count:>8} {command:6} {seconds:>8.2f} {peak:>8.0f} {code:>4}  {growth}",
                        flush=True,
                    )
                path.unlink()


if __name__ == "__main__":
    main()
