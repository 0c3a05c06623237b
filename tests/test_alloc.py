"""Parsing pauses the cyclic garbage collector and always restores the caller's setting."""

from __future__ import annotations

import gc

import pytest

import ldnrefs
from ldnrefs._alloc import collector_paused

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


def test_a_disabled_collector_stays_disabled_and_errors_restore_it() -> None:
    gc.disable()
    try:
        ldnrefs.parse(LIST)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(ldnrefs.NoReferencesError), collector_paused():
        ldnrefs.parse("no list here at all")
    assert gc.isenabled()
