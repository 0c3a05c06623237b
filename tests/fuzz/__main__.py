"""Fuzz ldnrefs for a while: ``python -m tests.fuzz [--inputs N | --seconds S] [--stage read] [--jobs 2]``.

Fresh random seeds unless ``--seed`` is given (each target's seed is printed, so a run can be
repeated); ``--save`` keeps every failing input in ``tests/data/repro/fuzz/``, where the test
suite replays it. ``--atheris TARGET`` hands one target to atheris (coverage-guided, where the
``atheris`` wheel installs) instead of the built-in mutator.
"""

from __future__ import annotations

import argparse
import logging
import re
import secrets
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tests.fuzz import EVERYTHING, PIPELINE, READ, SAVED, TARGETS, Failure, Report, fuzz, seeds


def _one(name: str, seed: int, count: int | None, seconds: float | None, stage: str) -> Report:
    logging.disable(logging.WARNING)  # the readers' warnings about broken input are the point here
    return fuzz(TARGETS[name], seed, count=count, seconds=seconds, stage=stage, hang=30.0)


def _atheris(name: str, stage: str, runs: int) -> None:
    """libFuzzer's coverage-guided loop over one target, its seeds as the starting corpus."""
    import atheris  # type: ignore[import-not-found]

    from tests.fuzz import run_one

    target = TARGETS[name]

    def test_one(data: bytes) -> None:
        value: Any = data
        if not target.takes_bytes:
            value = atheris.FuzzedDataProvider(data).ConsumeUnicode(len(data))
        failure = run_one(target, value, stage)
        if failure is not None:
            raise RuntimeError(f"{failure.kind}: {failure.detail} (input saved as {failure.save()})")

    logging.disable(logging.WARNING)
    corpus = Path(tempfile.mkdtemp(prefix="ldnrefs-fuzz-"))
    for number, text in enumerate(seeds(target.seeds)):
        (corpus / str(number)).write_bytes(text.encode("utf-8", "surrogatepass")[:20_000])
    atheris.instrument_all()
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_len=20000", str(corpus)], test_one)
    atheris.Fuzz()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help=f"targets (default: all): {', '.join(TARGETS)}")
    parser.add_argument("--inputs", type=int, help="inputs per target")
    parser.add_argument("--seconds", type=float, help="seconds per target")
    parser.add_argument("--stage", choices=[READ, PIPELINE, EVERYTHING], default=PIPELINE)
    parser.add_argument("--seed", type=int, help="the first target's seed (the others count up from it)")
    parser.add_argument("--jobs", type=int, default=1, help="targets fuzzed side by side")
    parser.add_argument("--save", action="store_true", help=f"keep failing inputs in {SAVED}")
    parser.add_argument("--atheris", metavar="TARGET", help="fuzz TARGET with atheris instead")
    args = parser.parse_args(argv)
    if args.atheris:
        _atheris(args.atheris, args.stage, args.inputs or 100_000)
        return 0
    if args.inputs is None and args.seconds is None:
        parser.error("give --inputs or --seconds")
    names = args.targets or list(TARGETS)
    unknown = [name for name in names if name not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s): {', '.join(unknown)}")
    first = args.seed if args.seed is not None else secrets.randbelow(2**31)
    print(f"{'target':22} {'seed':>11} {'inputs':>8} {'per s':>7} {'MB':>6} {'slowest':>8} failures", flush=True)
    failures: list[Failure] = []
    with ProcessPoolExecutor(args.jobs) as pool:
        runs = [
            pool.submit(_one, name, first + offset, args.inputs, args.seconds, args.stage)
            for offset, name in enumerate(names)
        ]
        for run in runs:
            report = run.result()
            rate = report.inputs / report.seconds if report.seconds else 0.0
            print(
                f"{report.target:22} {report.seed:>11} {report.inputs:>8} {rate:>7.1f} "
                f"{report.bytes_read / 1e6:>6.1f} {report.slowest:>7.2f}s {len(report.failures)}",
                flush=True,
            )
            failures.extend(report.failures)
    kinds: dict[tuple[str, str, str], list[Failure]] = {}
    for failure in failures:  # one line per kind of failure: the detail up to its first number
        kinds.setdefault((failure.target, failure.kind, re.split(r"\d", failure.detail)[0]), []).append(failure)
    for (target, kind, _), found in kinds.items():
        smallest = min(found, key=lambda failure: len(failure.input))
        where = f" → {smallest.save()}" if args.save else ""
        print(f"  {target}: {kind} ×{len(found)}: {smallest.detail[:300]}{where}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
