"""The fuzz harness in CI (issue 17): every input fuzzing ever found replayed, and a bounded run with
a fresh seed over every target (``LDNREFS_FUZZ_SEED`` repeats one; ``python -m tests.fuzz`` runs long).
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import pytest

from tests.fuzz import EVERYTHING, PIPELINE, TARGETS, Mutator, fuzz, run_one, saved, seeds

SAVED = saved()
SECONDS_PER_TARGET = float(os.environ.get("LDNREFS_FUZZ_SECONDS", "2.5"))
# CI runs two suites side by side on two cores, under coverage: a fresh input is slow here past 5 s
# (the benchmark runs, on a quiet machine, hold the 1 s; the saved inputs, 0.3 s at most
# now, keep 1 s, so a quadratic path that comes back fails).
SLOW_IN_CI = float(os.environ.get("LDNREFS_FUZZ_SLOW", "5"))


@pytest.fixture(autouse=True)
def _quiet() -> object:
    logging.disable(logging.WARNING)  # the readers' warnings about broken input are the point here
    yield
    logging.disable(logging.NOTSET)


@pytest.mark.parametrize(("target", "value", "path"), SAVED, ids=[path.name for _, _, path in SAVED])
def test_every_input_fuzzing_found_stays_fixed(target: object, value: str | bytes, path: Path) -> None:
    failure = run_one(TARGETS[path.name.split("--")[0].replace("_", ":", 1)], value, EVERYTHING)
    assert failure is None, f"{path.name}: {failure.kind}: {failure.detail}" if failure else ""


@pytest.mark.parametrize("name", list(TARGETS))
def test_fresh_fuzzed_inputs_break_no_promise(name: str, tmp_path: Path) -> None:
    seed = int(os.environ.get("LDNREFS_FUZZ_SEED") or secrets.randbelow(2**31))
    report = fuzz(TARGETS[name], seed, seconds=SECONDS_PER_TARGET, stage=PIPELINE, slow=SLOW_IN_CI)
    assert report.inputs > 0
    if report.failures:
        first = report.failures[0]
        kept = first.save(tmp_path)
        pytest.fail(
            f"{name}, seed {seed}: {len(report.failures)} of {report.inputs} inputs failed; the first: "
            f"{first.kind}: {first.detail}\ninput kept in {kept}: copy it into tests/data/repro/fuzz/ "
            f"(or run `LDNREFS_FUZZ_SEED={seed} python -m pytest tests/test_fuzz.py -k '{name}'`)"
        )


def test_a_seed_gives_the_same_inputs() -> None:
    """A failing CI run is repeated from its seed."""
    pool = seeds("bibtex")
    first, second = Mutator(5), Mutator(5)
    assert [first.text(pool) for _ in range(20)] == [second.text(pool) for _ in range(20)]
    assert Mutator(6).text(pool) != Mutator(5).text(pool)


def test_the_harness_catches_each_kind_of_broken_promise(monkeypatch: pytest.MonkeyPatch) -> None:
    """A planted crash, a planted injection and a planted slow path are each reported."""
    import time

    import ldnrefs
    from ldnrefs.writers import ris

    target = TARGETS["reader:ris"]
    text = seeds("ris")[0][:3000]
    assert run_one(target, text, EVERYTHING) is None

    monkeypatch.setattr(ldnrefs.registry.READERS["ris"], "loads", lambda *args, **kwargs: 1 / 0)
    failure = run_one(target, text, EVERYTHING)
    assert failure is not None
    assert failure.kind == "exception"
    assert "ZeroDivisionError" in failure.detail
    monkeypatch.undo()

    monkeypatch.setattr(ris, "dumps", lambda records: "TY  - JOUR\n<script>\nER  - \n" * len(records))
    failure = run_one(target, text, EVERYTHING)
    assert failure is not None
    assert failure.kind == "unsafe-output"
    assert "RIS line that is no tag" in failure.detail
    monkeypatch.undo()

    original = ldnrefs.registry.READERS["ris"].loads
    monkeypatch.setattr(
        ldnrefs.registry.READERS["ris"], "loads", lambda *args, **kwargs: time.sleep(1.1) or original(*args, **kwargs)
    )
    failure = run_one(target, text, EVERYTHING)
    assert failure is not None
    assert failure.kind == "slow"


def test_a_hang_is_stopped_and_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    import ldnrefs

    monkeypatch.setattr(ldnrefs.registry.READERS["ris"], "loads", lambda *args, **kwargs: time.sleep(5))
    started = time.perf_counter()
    failure = run_one(TARGETS["reader:ris"], "TY  - JOUR\nER  - \n", EVERYTHING, hang=0.3)
    assert failure is not None
    assert failure.kind == "hang"
    assert time.perf_counter() - started < 2
