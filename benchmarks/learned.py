"""Benchmark: the learned reader (citation CRF) on AnyStyle's held-out references, one core.

Usage::

    python benchmarks/learned.py          # every held-out reference, seven times over

Prints references per second for ``ldnrefs.learned.parse`` (feature extraction,
labelling, field reading and record building included) after one warm-up call
that loads the model.
"""

from __future__ import annotations

import time
from pathlib import Path

from ldnrefs import learned
from ldnrefs.training import read_anystyle, split

CORE = Path(__file__).parents[1] / "training" / "anystyle" / "core.xml"


def main() -> None:
    _, held = split(read_anystyle(CORE))
    texts = ["".join((" " if space else "") + word for word, _, space in sequence).strip() for sequence in held] * 7
    learned.parse(texts[0])
    started = time.perf_counter()
    for text in texts:
        learned.parse(text)
    elapsed = time.perf_counter() - started
    print(f"{len(texts):,} references in {elapsed:.2f} s: {len(texts) / elapsed:,.0f} references/s (one core)")


if __name__ == "__main__":
    main()
