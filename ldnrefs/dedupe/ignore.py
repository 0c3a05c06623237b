"""Pairs judged not to be duplicates: an ignore file's, a settings file's, a manuscript's comments'.

A pair names two records by key (``smith2020a smith2020b``) or identifier
(``doi:10.1000/a doi:10.1000/b``); :func:`distinct_pairs` finds the records they name, and
:func:`ldnrefs.dedupe.deduplicate` never joins them, directly or through another record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from ldnrefs import _io
from ldnrefs import identifiers as ids
from ldnrefs.errors import MalformedInputError
from ldnrefs.keys import citation_keys
from ldnrefs.model import Reference

_IGNORE_LINE: Final = re.compile(r"^\s*(\S+)\s+(?:=\s+|!=\s+)?(\S+)\s*(?:#.*)?$")


def read_ignore(path: str) -> list[tuple[str, str]]:
    """Pairs judged not to be duplicates, one pair a line: ``doi:10.1/a doi:10.1/b`` or ``key1 key2``.

    Blank lines and ``#`` comments are skipped; any other line that is not two
    tokens is an error naming the line.
    """
    pairs = []
    text = _io.read_text(path)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        match = _IGNORE_LINE.match(line)
        if match is None:
            raise MalformedInputError(
                "expected two identifiers or keys (e.g. 'doi:10.1000/a doi:10.1000/b')", source=path, line=number
            )
        pairs.append((match.group(1), match.group(2)))
    return pairs


def _tokens(record: Reference, key: str) -> set[str]:
    tokens = {key.casefold()}
    if record.provenance is not None and record.provenance.key:
        tokens.add(record.provenance.key.casefold())
    for scheme, value in record.identifiers.items():
        if scheme in ids.SCHEMES:
            tokens.add(ids.key(scheme, value).casefold())
            tokens.add(f"{scheme}:{value}".casefold())
    return tokens


def distinct_pairs(records: Sequence[Reference], ignored: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """Positions of the record pairs an ignore list names."""
    if not ignored:
        return []
    keys = citation_keys(records)
    owners: dict[str, list[int]] = {}
    for position, record in enumerate(records):
        for token in _tokens(record, keys[position]):
            owners.setdefault(token, []).append(position)
    pairs = []
    for left, right in ignored:
        for a in owners.get(_normal_token(left), []):
            for b in owners.get(_normal_token(right), []):
                if a != b:
                    pairs.append((a, b))
    return pairs


def _normal_token(token: str) -> str:
    scheme, _, value = token.partition(":")
    if value and scheme.lower() in ids.SCHEMES:
        return ids.key(scheme.lower(), ids.normalize(scheme.lower(), value)).casefold()
    return token.casefold()


__all__ = ["distinct_pairs", "read_ignore"]
