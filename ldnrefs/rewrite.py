"""Rewrite a rendered article after deduplication: renumber its markers, merge its list.

In-text markers are renumbered through the old → new mapping: ``[9]`` becomes
``[1]`` when reference 9 was a duplicate of reference 1, later numbers close
up, and a run of markers such as ``[8] [9] [10]`` is sorted and loses repeats.
The reference list is replaced by one entry per unique work, each the original
text of its first citation (back-link labels dropped), so an editor can paste
the article back.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from ldnrefs.dedupe import DedupeResult
from ldnrefs.errors import InputError
from ldnrefs.readers import rendered

_MARKER_RUN: Final = re.compile(r"\[\d{1,5}\](?:[ \u00a0]?\[\d{1,5}\])*")
_DIGITS: Final = re.compile(r"\d+")


def renumber_markers(text: str, mapping: Mapping[int, int]) -> str:
    """``[9]`` → ``[1]``; ``[8] [9] [10]`` → ``[1] [2] [8]`` (sorted, no repeats, spacing kept)."""

    def replace(match: re.Match[str]) -> str:
        run = match.group()
        numbers = sorted({mapping.get(int(number), int(number)) for number in _DIGITS.findall(run)})
        separator = " " if "] [" in run else "\u00a0" if "]\u00a0[" in run else ""
        return separator.join(f"[{number}]" for number in numbers)

    return _MARKER_RUN.sub(replace, text)


def rewrite_article(text: str, result: DedupeResult) -> str:
    """The article with renumbered markers and the merged reference list.

    :raises InputError: when the text has no numbered reference list to replace.
    """
    entries = rendered.find_entries(text)
    if not entries or entries[0].number is None:
        raise InputError("--rewrite needs an article with a numbered reference list")
    lines = text.splitlines()
    first, last = entries[0].line - 1, max(entry.last_line for entry in entries)
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    body = renumber_markers("\n".join(lines[:first]), result.mapping)
    listed = []
    for new_number, record in enumerate(result.records, start=1):
        # A merged record keeps its first member's provenance, so this is the
        # text of the work's first citation.
        source_text = record.provenance.text if record.provenance else None
        entry_text = rendered.strip_backlinks((source_text or record.title or "").strip())
        entry_text = re.sub(r"^\d{1,7}[.)]\s+", "", entry_text)
        listed.append(f"{indent}{new_number}. {entry_text}")
    tail = lines[last:]
    ending = "\n" if text.endswith("\n") else ""
    return "\n".join([body, *listed, *tail]) + ending
