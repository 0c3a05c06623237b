"""Parsing pauses the cyclic garbage collector and always restores the caller's setting."""

from __future__ import annotations

import gc

import pytest

import ldnrefs

LIST = 'References\n\n  1. Kim PS, Fishman MA (2020). "Title". Journal. 1 (2): 3–4. PMID 123.\n'


def test_parse_pauses_the_collector_and_turns_it_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    reader = ldnrefs.registry.get_reader("rendered")
    original = reader.loads
    seen: list[bool] = []

    def spy(text: str, *, source: str | None = None) -> ldnrefs.ParseResult:
        seen.append(gc.isenabled())
        return original(text, source=source)

    assert gc.isenabled()
    monkeypatch.setattr(reader, "loads", spy)
    assert len(ldnrefs.parse(LIST, format="rendered")) == 1
    assert seen == [False]
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        ldnrefs.parse(LIST)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_reader_that_fails_leaves_the_collector_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """``parse`` itself restores the collector when its reader raises, after pausing it for the reader."""
    reader = ldnrefs.registry.get_reader("rendered")
    seen: list[bool] = []

    def failing(text: str, *, source: str | None = None) -> ldnrefs.ParseResult:
        seen.append(gc.isenabled())
        raise ldnrefs.NoReferencesError("no list", source=source)

    monkeypatch.setattr(reader, "loads", failing)
    assert gc.isenabled()
    with pytest.raises(ldnrefs.NoReferencesError):
        ldnrefs.parse("no list here at all", format="rendered")
    assert seen == [False]
    assert gc.isenabled()


def test_deduplicate_pauses_the_collector_and_turns_it_back_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import ldnrefs.dedupe as dedupe

    original = dedupe._deduplicate
    seen: list[bool] = []

    def spy(*args: object) -> ldnrefs.DedupeResult:
        seen.append(gc.isenabled())
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(dedupe, "_deduplicate", spy)
    records = list(ldnrefs.parse(LIST))
    assert len(ldnrefs.deduplicate([*records, *records]).groups) == 1
    assert seen == [False]
    assert gc.isenabled()
