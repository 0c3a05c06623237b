"""Duplicate findings on real Wikipedia reference lists against hand-made truth: no false alarm, every pair."""

from __future__ import annotations

import itertools
import json

import pytest

import ldnrefs
from tests.conftest import DATA

LISTS = DATA / "realworld" / "wikipedia"
TRUTH = json.loads((LISTS / "dedup-truth.json").read_text(encoding="utf-8"))
ARTICLES = sorted(name for name, value in TRUTH.items() if isinstance(value, dict))


def _pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {tuple(sorted(pair)) for group in groups for pair in itertools.combinations(group, 2)}  # type: ignore[misc]


@pytest.mark.parametrize("article", ARTICLES)
def test_real_lists_have_no_false_alarm_and_no_miss(article: str) -> None:
    truth = TRUTH[article]
    records = ldnrefs.read(LISTS / f"{article}.txt")
    assert len(records) == truth["refs"]
    result = ldnrefs.deduplicate(records)
    found = _pairs([list(group.numbers) for group in result.groups])
    true = _pairs(truth["groups"])
    either = _pairs(truth.get("uncertain", [])) | _pairs(truth.get("bundled_overlap", []))
    assert not found & _pairs(truth["must_not_merge"]), "a must-not-merge pair was joined"
    assert found - either <= true, "a pair the truth does not have"
    assert true <= found, "a true pair was missed"


def test_maintenance_tags_are_kept_and_never_read_as_a_title() -> None:
    """Two bare URLs marked [full citation needed][permanent dead link] were one "work" titled by the tag."""
    records = ldnrefs.read(LISTS / "cerebral-shunt.txt")
    for record in records[5:7]:
        assert record.title is None
        assert dict(record.extra)["maintenance"] == ["full citation needed", "permanent dead link"]
    assert records[5].identifiers.url == "http://www.uh.edu/engines/epi2582.htm"


def test_an_authorless_video_is_not_the_book_chapter_with_its_title() -> None:
    """NPH 6 (a YouTube video, no author) and 14 (a StatPearls chapter, CS2 style): different works."""
    records = ldnrefs.read(LISTS / "normal-pressure-hydrocephalus.txt")
    video, chapter = records[5], records[13]
    assert (video.container_title, video.issued) == ("YouTube", ldnrefs.Date(2022, 11, 1))
    assert (chapter.container_title, chapter.publisher, chapter.publisher_place) == (
        "StatPearls",
        "StatPearls Publishing",
        "Treasure Island (FL)",
    )
    assert not ldnrefs.deduplicate([video, chapter]).groups


BIB = DATA / "realworld" / "bibtex"
BIB_TRUTH = json.loads((BIB / "dedup-truth.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(name for name in BIB_TRUTH if name.endswith(".bib")))
def test_real_bibliographies_same_work_under_two_keys(name: str) -> None:
    """Every pair judged the same work is found; no pair judged different is joined."""
    truth = BIB_TRUTH[name]
    records = ldnrefs.read(BIB / name)
    keys = [record.provenance.key if record.provenance else None for record in records]
    groups = [set(group.positions) for group in ldnrefs.deduplicate(records).groups]
    for members in truth["groups"]:
        positions = {position for position, key in enumerate(keys) if key in members}
        assert len(positions) > 1
        assert any(positions <= group for group in groups), members
    for one, other in truth["must_not_merge"]:
        left = [position for position, key in enumerate(keys) if key == one]
        right = [position for position, key in enumerate(keys) if key == other]
        for group in groups:
            inside = [p for p in left if p in group], [p for p in right if p in group]
            if one == other:
                assert len(inside[0]) < 2, one
            else:
                assert not (inside[0] and inside[1]), (one, other)
