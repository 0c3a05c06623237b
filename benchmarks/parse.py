"""Benchmark: parse generated rendered CS1 entries, and references in other styles; speed and peak memory.

Usage::

    python benchmarks/parse.py                     # 10k, 50k, 100k entries, then the other styles
    python benchmarks/parse.py --sizes 100000 --peer-python /path/to/venv/bin/python
    python benchmarks/parse.py --python .venv/bin/python --python /path/to/venv-with-the-wheel/bin/python

Each size runs in a fresh subprocess on one core (no threads, no processes),
timing ``ldnrefs.parse`` on the whole list, then a second pass under
tracemalloc for the peak of Python allocations. The peer is refextract
(``extract_references_from_string``), the maintained Python library for
parsing reference strings, run on the same generated entries in the same run
when its interpreter has it installed.

Then references in styles other than CS1, which go to the citation CRF: the
held-out references of AnyStyle's hand-tagged set (every tenth, never trained
on), seven times over as one numbered list, timed through ``ldnrefs.parse``
(entry splitting, routing, features, labelling and record building) on one
core, and refextract on the same list in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent

_OURS = """
import json, sys, time, tracemalloc, resource
sys.path.insert(0, {here!r})
import generate, ldnrefs
from ldnrefs.readers import rendered
text = generate.article({count})
started = time.perf_counter()
records = ldnrefs.parse(text)
elapsed = time.perf_counter() - started
assert len(records) == {count}, len(records)
problems = len(records.diagnostics)
del records
tracemalloc.start()
ldnrefs.parse(text)
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
print(json.dumps({{"seconds": elapsed, "peak": peak, "diagnostics": problems,
                  "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "chars": len(text),
                  "compiled": not rendered.__file__.endswith(".py"), "prefix": sys.prefix}}))
"""

_PEER = """
import json, sys, time, logging
logging.disable(logging.CRITICAL)
sys.path.insert(0, {here!r})
import generate
from refextract import extract_references_from_string
text = generate.article({count}).split("References", 1)[1]
extract_references_from_string("1. Smith J (2000). \\"Warm-up\\". Journal. 1: 2.")  # loads its knowledge bases
started = time.perf_counter()
found = extract_references_from_string(text)
elapsed = time.perf_counter() - started
print(json.dumps({{"seconds": elapsed, "found": len(found)}}))
"""


_LEARNED = """
import json, sys, time
sys.path.insert(0, {root!r})
from ldnrefs.training import split
from ldnrefs.training.corpora import read_anystyle
_, held = split(read_anystyle())
texts = ["".join((" " if space else "") + word for word, _, space in sequence).strip() for sequence in held]
texts = [text for text in texts if not text[:1].isdigit() and not text.startswith("[")] * 7
text = "References\\n" + "".join(f"{{index}}. {{line}}\\n" for index, line in enumerate(texts, start=1))
print(json.dumps({{"text": text, "count": len(texts)}}))
"""

_OURS_LEARNED = """
import json, sys, time
import ldnrefs
from ldnrefs import learned
from ldnrefs.readers import rendered
text = json.load(open({path!r}))["text"]
ldnrefs.parse("References\\n1. Younger J, Parkitny L. Title. Clin Rheumatol. 2014;33(4):451-9.\\n")  # loads the models
started = time.perf_counter()
records = ldnrefs.parse(text)
elapsed = time.perf_counter() - started
routed = sum(record.provenance.format == "rendered" and "field-confidence" in dict(record.extra) for record in records)
print(json.dumps({{"seconds": elapsed, "found": len(records), "learned": routed,
                  "compiled": not rendered.__file__.endswith(".py"), "prefix": sys.prefix}}))
"""

_PEER_LEARNED = """
import json, sys, time, logging
logging.disable(logging.CRITICAL)
from refextract import extract_references_from_string
text = json.load(open({path!r}))["text"]
extract_references_from_string("1. Smith J (2000). Warm-up. Journal. 1: 2.")
started = time.perf_counter()
found = extract_references_from_string(text)
elapsed = time.perf_counter() - started
print(json.dumps({{"seconds": elapsed, "found": len(found)}}))
"""


def _learned(pythons: list[str], peer_python: str) -> None:
    """The other styles: AnyStyle's held-out references through the citation CRF, and refextract."""
    import tempfile

    made = _run(sys.executable, _LEARNED.format(root=str(HERE.parent)))
    if made is None:
        raise SystemExit("could not read training/anystyle/core.xml (run from a clone)")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as handle:
        json.dump(made, handle)
    count = int(made["count"])
    print()
    print(f"References in other styles (AnyStyle's held-out set, {count:,} references), same run, one core:")
    print("| parser | references | seconds | references/s | to the CRF |")
    print("|---|---:|---:|---:|---:|")
    for python in pythons:
        ours = _run(python, _OURS_LEARNED.format(path=handle.name))
        if ours:
            print(
                f"| ldnrefs, {_build_name(ours)} | {ours['found']:,} | {ours['seconds']:.2f} "
                f"| {count / ours['seconds']:,.0f} | {ours['learned']:,} |"
            )
    peer = _run(peer_python, _PEER_LEARNED.format(path=handle.name))
    if peer:
        print(f"| refextract | {peer['found']:,} | {peer['seconds']:.2f} | {count / peer['seconds']:,.0f} | |")
    else:
        print("| refextract | not installed in --peer-python | | | |")
    Path(handle.name).unlink()


def _run(python: str, code: str) -> dict[str, Any] | None:
    # Run from this directory, so that ``import ldnrefs`` finds the installed
    # package (a compiled wheel, or the editable sources) and never a source
    # tree that happens to be the working directory.
    done = subprocess.run([python, "-c", code], capture_output=True, text=True, check=False, cwd=HERE)
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-2000:])
        return None
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _build_name(result: dict[str, Any]) -> str:
    """The build and the environment it is installed in, e.g. ``compiled (mypyc), main/.venv``."""
    build = "compiled (mypyc)" if result["compiled"] else "pure Python"
    prefix = Path(result["prefix"])
    return f"{build}, {prefix.parent.name}/{prefix.name}"


def _cpu() -> str:
    """The processor's model name (``platform.processor()`` is empty on Linux)."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "cpu"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument(
        "--python",
        action="append",
        help="interpreter that has ldnrefs installed; repeat to compare builds (default: this one)",
    )
    parser.add_argument("--peer-python", default=sys.executable, help="interpreter that has refextract installed")
    parser.add_argument("--peer-count", type=int, default=2_000, help="entries given to the peer")
    args = parser.parse_args()
    pythons: list[str] = args.python or [sys.executable]

    print(f"python {platform.python_version()} on {platform.machine()}, {_cpu()}, {os.cpu_count()} cores")
    print("| ldnrefs build | entries | seconds | entries/s | peak Python MiB | bytes/entry | diagnostics |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for python in pythons:
        for count in args.sizes:
            ours = _run(python, _OURS.format(here=str(HERE), count=count))
            if ours is None:
                raise SystemExit(f"ldnrefs run failed with {python}")
            print(
                f"| {_build_name(ours)} | {count:,} | {ours['seconds']:.2f} | {count / ours['seconds']:,.0f} "
                f"| {ours['peak'] / 2**20:,.1f} | {ours['peak'] / count:,.0f} | {int(ours['diagnostics'])} |"
            )
    peer_count = args.peer_count
    print()
    print(f"Same {peer_count:,} entries, same run:")
    print("| parser | seconds | entries/s |")
    print("|---|---:|---:|")
    for python in pythons:
        ours = _run(python, _OURS.format(here=str(HERE), count=peer_count))
        if ours:
            print(f"| ldnrefs, {_build_name(ours)} | {ours['seconds']:.2f} | {peer_count / ours['seconds']:,.0f} |")
    peer = _run(args.peer_python, _PEER.format(here=str(HERE), count=peer_count))
    if peer:
        print(f"| refextract | {peer['seconds']:.2f} | {peer_count / peer['seconds']:,.0f} |")
    else:
        print("| refextract | not installed in --peer-python | |")
    _learned(pythons, args.peer_python)


if __name__ == "__main__":
    main()
