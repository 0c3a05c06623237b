"""What matching reads of each record, computed once per record (a million times at scale)."""

from __future__ import annotations

import re
import sys
from typing import Final

from ldnrefs.model import Name, Reference
from ldnrefs.normalize import family_key, fold, is_notice, normalize_title
from ldnrefs.numbers import whole_number

_FIRST_NUMBER: Final = re.compile(r"[0-9]+")
_NUMBER_WORD: Final = re.compile(r"(?:\d+|[ivx]{1,5})")
_NUMBER_HINT: Final = re.compile(r"\d|\b(?:part|phase|volume|vol|study|trial) [ivx]")
_NUMBERED_WORDS: Final = frozenset({"part", "phase", "volume", "vol", "study", "trial"})


def first_number(text: str | None) -> int | None:
    """The first number in a volume, issue or page ("Pt 3" → 3, "S52-59" → 52, "c37" → 37)."""
    if not text:
        return None
    if text.isdecimal() and (number := whole_number(text)) is not None:  # most often: "33"
        return number
    return whole_number(match.group() if (match := _FIRST_NUMBER.search(text)) else "")


def name_tokens(name: Name) -> frozenset[str]:
    text = " ".join(part for part in (name.particle, name.family, name.given, name.literal) if part)
    return frozenset(token for token in fold(text).split() if len(token) >= 3)


def title_numbers(title: str) -> tuple[str, ...]:
    """Numbers in a folded title (arabic, or roman after "part"/"phase"): "part ii" → ("ii",)."""
    if not _NUMBER_HINT.search(title):
        return ()
    found = []
    words = title.split()
    for index, word in enumerate(words):
        counted = index and words[index - 1] in _NUMBERED_WORDS and _NUMBER_WORD.fullmatch(word)
        if word.isdecimal() or counted:
            found.append(word)
    return tuple(found)


class Features:
    """What matching needs of one record, computed once (a million times at scale).

    Kept small: volume, issue and pages are ints, and what only the guards
    need (title numbers, "protocol") is computed for candidate pairs alone.
    """

    __slots__ = ("family", "issue", "notice", "page", "record", "title", "volume", "year")

    def __init__(self, record: Reference) -> None:
        self.record = record
        self.title = normalize_title(record.title)
        # Interned: surnames repeat across a large list, and one copy each saves memory.
        self.family = sys.intern(family_key(record.authors[0])) if record.authors else ""
        self.year = record.issued.year if record.issued else None
        self.volume = first_number(record.volume)
        self.issue = first_number(record.issue)
        self.page = first_number(record.page)
        self.notice = is_notice(record.title)


def numbers_in(text: str | None) -> list[int]:
    """The numbers in a page field, in order ("135-149" → [135, 149]), up to one too long to be a page."""
    found = []
    for digits in _FIRST_NUMBER.findall(text or ""):
        number = whole_number(digits)
        if number is None:
            break
        found.append(number)
    return found


def _same_last_page(a: str | None, b: str | None) -> bool:
    ends = numbers_in(a), numbers_in(b)
    return len(ends[0]) == 2 and len(ends[1]) == 2 and ends[0][1] == ends[1][1]


def _shifted(a: Features, b: Features) -> bool:
    """``a``'s numbers one field off ``b``'s: no volume, its issue ``b``'s volume and its page ``b``'s
    issue (an export that lost the volume wrote "26(9)" as issue 26 and page 9)."""
    return a.volume is None and a.issue is not None and a.page is not None and (a.issue, a.page) == (b.volume, b.issue)


def numbering(a: Features, b: Features) -> tuple[list[str], list[str]]:
    """Which of volume, issue and first page both records give, split into agreeing and differing."""
    if _shifted(a, b) or _shifted(b, a):
        return [], []  # nothing to tell them apart, nor to name as agreeing
    agree: list[str] = []
    differ: list[str] = []
    for attr in ("volume", "issue", "page"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x is not None and y is not None:
            # A typo in the first page of an otherwise equal range ("2297-2108" / "2097-2108").
            same = x == y or (attr == "page" and _same_last_page(a.record.page, b.record.page))
            (agree if same else differ).append(attr)
    return agree, differ
