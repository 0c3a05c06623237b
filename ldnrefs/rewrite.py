"""Rewrite a rendered article after deduplication: renumber its markers, merge its list.

In-text markers are renumbered through the old → new mapping: ``[9]`` becomes
``[1]`` when reference 9 was a duplicate of reference 1, later numbers close
up; runs (``[8] [9] [10]``), lists (``[2, 5]``) and ranges (``[1–3]``) are
expanded, mapped, sorted, lose repeats and keep their notation.
The reference list is replaced by one entry per unique work, each the original
text of its first citation (back-link labels dropped), so an editor can paste
the article back.

A manuscript (LaTeX, pandoc Markdown) is rewritten by its keys instead: each
later key of a work cited under two keys becomes the first (:func:`rewrite_keys`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from ldnrefs import _io
from ldnrefs.dedupe import DedupeResult
from ldnrefs.errors import InputError
from ldnrefs.model import Diagnostic
from ldnrefs.readers import rendered

if TYPE_CHECKING:
    from ldnrefs.manuscript import Manuscript

# One number or a range ("3", "3–5", "3-5", "3—5"), and a list of them ("1, 3–5").
_GROUP: Final = r"\d{1,5}(?:\s*[-–—]\s*\d{1,5})?"
_LIST: Final = rf"{_GROUP}(?:\s*[,;]\s*{_GROUP})*"
# "[9]", "[2,5]", "[1–3]", "[1, 3–5]", and runs of them: "[8][9][10]", "[8] [9]".
_BRACKETS: Final = re.compile(rf"\[\s*{_LIST}\s*\](?:[ \u00a0]?\[\s*{_LIST}\s*\])*")
# "(1,2)", "(3–5)": markers only in an article that cites that way (see renumber_markers).
_PARENTHESES: Final = re.compile(rf"\(\s*{_LIST}\s*\)")
_PART: Final = re.compile(r"(\d{1,5})(?:\s*([-–—])\s*(\d{1,5}))?")
_LONGEST_RANGE: Final = 1000


def renumber_markers(text: str, mapping: Mapping[int, int], *, unknown: list[tuple[int, int]] | None = None) -> str:
    """Every citation marker renumbered through ``mapping`` (old number → new number).

    ``[9]`` → ``[1]``; a run ``[8] [9] [10]`` → ``[1] [2] [8]``; a list ``[2,5]`` or
    range ``[1–3]`` is expanded, mapped, de-duplicated, sorted and written back in
    its own notation (its separator and dash; a range again for three or more
    consecutive numbers). Numbers in parentheses (``(1,2)``, ``(3–5)``) are markers
    only in a text with no bracketed marker, where every such group names numbers
    of the list, at least twice. A marker naming a number ``mapping`` lacks is left
    as it is, and its (line, number) appended to ``unknown``.
    """
    known = max(mapping, default=0)

    def replace(match: re.Match[str]) -> str:
        marker = match.group()
        groups = [part for part in re.split(r"[\[\]()]", marker) if part.strip(" \u00a0")]
        numbers: list[int] = []
        ranged = ""
        for group in groups:
            for part in _PART.finditer(group):
                first = int(part.group(1))
                last = int(part.group(3)) if part.group(3) else first
                if last < first or last - first > _LONGEST_RANGE:
                    return marker  # "[2020–2014]" is no range of references
                if part.group(2):
                    ranged = part.group(2)
                numbers.extend(range(first, last + 1))
        missing = [number for number in numbers if number not in mapping]
        if missing:
            if unknown is not None:
                line = text.count("\n", 0, match.start()) + 1
                unknown.extend((line, number) for number in dict.fromkeys(missing))
            return marker
        renumbered = sorted({mapping[number] for number in numbers})
        opening, closing = marker[0], marker[-1]
        if len(groups) > 1 and all(_PART.fullmatch(group.strip()) and not ranged for group in groups):
            between = " " if "] [" in marker else "\u00a0" if "]\u00a0[" in marker else ""
            return between.join(f"[{number}]" for number in renumbered)
        separator = _separator(marker)
        return opening + separator.join(_spans(renumbered, ranged)) + closing

    rewritten = _BRACKETS.sub(replace, text)
    if rewritten == text and not _BRACKETS.search(text):
        candidates = list(_PARENTHESES.finditer(text))
        numbers = [int(number) for found in candidates for number in re.findall(r"\d+", found.group())]
        if len(candidates) >= 2 and all(1 <= number <= known for number in numbers):
            rewritten = _PARENTHESES.sub(replace, text)
    return rewritten


def _separator(marker: str) -> str:
    """The list separator a marker uses (", " by default)."""
    found = re.search(r"\d\s*([,;])(\s*)\d", marker)
    return f"{found.group(1)}{found.group(2)}" if found else ", "


def _spans(numbers: list[int], dash: str) -> list[str]:
    """Sorted numbers as list items; with a ``dash``, three or more consecutive numbers as one range."""
    items: list[str] = []
    start = 0
    while start < len(numbers):
        end = start
        while end + 1 < len(numbers) and numbers[end + 1] == numbers[end] + 1:
            end += 1
        if dash and end - start >= 2:
            items.append(f"{numbers[start]}{dash}{numbers[end]}")
        else:
            items.extend(str(number) for number in numbers[start : end + 1])
        start = end + 1
    return items


def rewrite_article(text: str, result: DedupeResult, *, source: str | None = None) -> tuple[str, list[Diagnostic]]:
    """The article with renumbered markers and the merged reference list, and a
    ``rewrite.unknown-reference`` warning for each marker naming a number the list does not have.

    :raises InputError: when the text has no numbered reference list to replace.
    """
    entries = rendered.find_entries(text)
    if not entries or entries[0].number is None:
        raise InputError("--rewrite needs an article with a numbered reference list")
    lines = text.splitlines()
    first, last = entries[0].line - 1, max(entry.last_line for entry in entries)
    indent = lines[first][: len(lines[first]) - len(lines[first].lstrip())]
    unknown: list[tuple[int, int]] = []
    body = renumber_markers("\n".join(lines[:first]), result.mapping, unknown=unknown)
    diagnostics = [
        Diagnostic(
            "warning",
            "rewrite.unknown-reference",
            f"marker names reference {number}, which the list does not have; left as it is",
            source,
            line,
        )
        for line, number in unknown
    ]
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
    return "\n".join([body, *listed, *tail]) + ending, diagnostics


def rewrite_keys(
    manuscript: Manuscript, renames: Mapping[str, str], *, encoding: str | None = None
) -> dict[str, tuple[str, str]]:
    """The files of ``manuscript`` whose citations name a key of ``renames``, each as its new text
    and the encoding to write it in: every such key replaced by its new name and nothing else
    changed (lines, whitespace, comments, line endings and a byte-order mark stay as they were).

    :raises InputError: when a file changed since the manuscript was read.
    """
    spans: dict[str, list[tuple[int, str, str]]] = {}
    for citation in manuscript.citations:
        if citation.key in renames and citation.start is not None:
            spans.setdefault(citation.source, []).append((citation.start, citation.key, renames[citation.key]))
    rewritten: dict[str, tuple[str, str]] = {}
    for source, found in spans.items():
        data = _io.read_bytes(source)
        used = _io.text_encoding(data, source=source, encoding=encoding)
        text = _io.decode(data, source=source, encoding=used)
        pieces: list[str] = []
        done = 0
        for start, old, new in sorted(found):
            if text[start : start + len(old)] != old:
                raise InputError(f"changed while it was read: no key {old} at offset {start}", source=source)
            pieces += [text[done:start], new]
            done = start + len(old)
        rewritten[source] = ("".join(pieces) + text[done:], used)
    return rewritten
