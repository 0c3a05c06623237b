"""Round trips for every format: read(write(records)) keeps every field the format carries.

Golden files pin each writer's output on the seed (BibTeX: refs.bib at the
root; RIS and CSL-JSON: tests/data/golden/), reviewed by eye once; rewrite
them only with ``pytest --update-golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs import registry
from ldnrefs.model import Date, Identifiers, Name, Reference
from tests.conftest import DATA, SEED

GOLDEN = DATA / "golden"
plain = (
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
hostile = st.one_of(plain, st.sampled_from(["A & B", "50% {x} $y$", "a_b #1 ~c^ \\d", "O'Kelly", "Smabrekke", "—"]))
# RIS writes a name as "Family, Given": a comma inside a part cannot be told from
# the separator (a limit of the format), so names here have none.
name_part = hostile.map(lambda text: " ".join(text.replace(",", " ").split()) or "x")

records = st.builds(
    Reference,
    type=st.sampled_from(["article-journal", "book", "chapter", "report", "webpage", "article-newspaper"]),
    title=hostile,
    authors=st.lists(st.builds(Name, family=name_part, given=name_part), min_size=1, max_size=3).map(tuple),
    issued=st.builds(Date, st.integers(1900, 2030), st.sampled_from([None, 2, 11])),
    container_title=st.one_of(st.none(), hostile),
    volume=st.one_of(st.none(), st.integers(1, 300).map(str)),
    issue=st.one_of(st.none(), st.integers(1, 12).map(str)),
    publisher=st.one_of(st.none(), hostile),
    identifiers=st.builds(
        Identifiers,
        doi=st.one_of(st.none(), st.from_regex(r"10\.\d{4,5}/[a-z0-9.]{1,10}", fullmatch=True)),
        pmid=st.one_of(st.none(), st.integers(1, 40_000_000).map(str)),
    ),
)

# What each format carries of the generated fields.
CARRIED = {
    "csl-json": (
        "type",
        "title",
        "authors",
        "issued",
        "container_title",
        "volume",
        "issue",
        "publisher",
        "identifiers",
    ),
    "bibtex": ("type", "title", "authors", "issued", "container_title", "volume", "publisher", "identifiers"),
    "ris": ("title", "authors", "issued", "volume", "issue", "publisher", "identifiers"),
}


def _project(record: Reference, fields: tuple[str, ...]) -> dict[str, object]:
    return {name: getattr(record, name) for name in fields}


@pytest.mark.parametrize("name", sorted(CARRIED))
@given(batch=st.lists(records, min_size=1, max_size=4))
def test_round_trip_keeps_every_carried_field(name: str, batch: list[Reference]) -> None:
    """Write, read back, compare field by field what the format can hold."""
    text = registry.get_writer(name).dumps(batch)
    back = ldnrefs.parse(text, format=name)
    assert len(back) == len(batch)
    assert [_project(r, CARRIED[name]) for r in back] == [_project(r, CARRIED[name]) for r in batch]


@pytest.mark.parametrize("name", ["csl-json", "bibtex", "ris"])
def test_seed_round_trips_exactly(name: str) -> None:
    """The merged seed comes back from each format with every field (extra aside)."""
    merged = list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)
    back = ldnrefs.parse(registry.get_writer(name).dumps(merged), format=name)
    assert [attrs.evolve(r, extra=()) for r in back] == [attrs.evolve(r, extra=()) for r in merged]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("bibtex", Path(__file__).parents[2] / "refs.bib"),
        ("ris", GOLDEN / "seed.ris"),
        ("csl-json", GOLDEN / "seed.json"),
    ],
)
def test_writers_match_their_golden_files(name: str, path: Path, update_golden: bool) -> None:
    """Each writer's output on the merged seed is byte for byte the reviewed golden file."""
    merged = list(ldnrefs.deduplicate(ldnrefs.read(SEED)).records)
    text = registry.get_writer(name).dumps(merged)
    if name == "csl-json":
        text = ldnrefs.to_csl_json(merged, provenance=False)  # no file paths in the golden file
    if update_golden and path.parent == GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8")
