"""Train the citation CRF from the hand-tagged references in ``training/`` (run from a clone).

Usage::

    python -m ldnrefs.training                       # writes ldnrefs/data/citation.crfsuite and its metrics
    python -m ldnrefs.training --limit 300 --out /tmp/model.crfsuite   # a quick model on a slice

The data is AnyStyle's ``core.xml`` (BSD-2-Clause, ``training/anystyle/LICENSE``):
1,514 references in many styles, each word in one labelled segment; and
GROBID's citation corpus (CC BY 4.0, ``training/grobid-citation/``) with
``--with-grobid``: 8,546 references from papers' bibliographies, TEI-tagged.
Every tenth reference of each (a fixed choice) is held out and scored; the metrics (token
accuracy and per-field F1 of whole segments) are written beside the model, and
the shipped model must reproduce them (``tests/test_learned.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from ldnrefs.learned.features import features
from ldnrefs.training.corpora import Sequence_, read_anystyle, read_grobid

MODEL: Final = Path(__file__).resolve().parents[1] / "data" / "citation.crfsuite"
HELD_OUT_EVERY: Final = 10
TRAINING_PARAMETERS: Final = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}


def split(sequences: list[Sequence_]) -> tuple[list[Sequence_], list[Sequence_]]:
    """Training and held-out references: every tenth one is held out."""
    train = [sequence for index, sequence in enumerate(sequences) if index % HELD_OUT_EVERY]
    held = [sequence for index, sequence in enumerate(sequences) if not index % HELD_OUT_EVERY]
    return train, held


def train(sequences: Iterable[Sequence_], out: Path) -> None:
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for sequence in sequences:
        trainer.append(_features(sequence), [label for _, label, _ in sequence])
    trainer.set_params(TRAINING_PARAMETERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def _features(sequence: Sequence_) -> list[list[str]]:
    return features([word for word, _, _ in sequence], [space for _, _, space in sequence])


def _segments(labels: Sequence[str]) -> set[tuple[int, int, str]]:
    """Runs of one label, as (start, end, label)."""
    runs: set[tuple[int, int, str]] = set()
    start = 0
    for index in range(1, len(labels) + 1):
        if index == len(labels) or labels[index] != labels[start]:
            runs.add((start, index, labels[start]))
            start = index
    return runs


def evaluate(model: Path, held: list[Sequence_]) -> dict[str, object]:
    """Token accuracy and, per field, F1 of whole segments (a field is right when its span is)."""
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    right = total = 0
    hits: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    for sequence in held:
        truth = [label for _, label, _ in sequence]
        guess = tagger.tag(_features(sequence))
        right += sum(a == b for a, b in zip(truth, guess, strict=True))
        total += len(truth)
        true_runs, guessed_runs = _segments(truth), _segments(guess)
        for run in guessed_runs:
            predicted[run[2]] += 1
            if run in true_runs:
                hits[run[2]] += 1
        for run in true_runs:
            expected[run[2]] += 1
    f1 = {}
    for field in sorted(expected):
        precision = hits[field] / predicted[field] if predicted[field] else 0.0
        recall = hits[field] / expected[field]
        f1[field] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"references": len(held), "token_accuracy": round(right / total, 4), "field_f1": f1}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=MODEL, help="the model file to write")
    parser.add_argument("--limit", type=int, help="train on the first N training references only (a quick check)")
    parser.add_argument(
        "--with-grobid",
        action="store_true",
        help="add GROBID's corpus (not in the shipped model yet: its labels split words that whitespace tokens keep "
        "whole, and the mixed model scored lower on AnyStyle's held-out references)",
    )
    args = parser.parse_args(argv)
    training, held = split(read_anystyle())
    if args.with_grobid:
        more_training, more_held = split(read_grobid())
        training, held = training + more_training, held + more_held
    if args.limit:
        training = training[: args.limit]
    started = time.perf_counter()
    train(training, args.out)
    metrics = {"trained_on": len(training), **evaluate(args.out, held)}
    metrics["seconds"] = round(time.perf_counter() - started, 1)
    args.out.with_suffix(".metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    json.dump(metrics, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
