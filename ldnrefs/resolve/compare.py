"""How a reference's text and a registry's answer are compared: refinement, note or conflict.

A registry that gives ``2020-10`` for a text's ``2020`` refines it; a text that gives an
article's online date (``2014-02-15``) where the registry's issue date is ``2014-04`` is right
too, and says something worth a note; only values that cannot both be right are conflicts.
Strings are compared after folding (case, punctuation, accents, a leading "The", ``&`` and
"and", company suffixes), and a journal's abbreviation ("Clin Rheumatol") is its full name
("Clinical Rheumatology"). A title that does not match at all means the identifier names
another work: the record is not filled from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from rapidfuzz import fuzz

from ldnrefs.model import Date
from ldnrefs.normalize import fold

SAME: Final = "same"
REFINED: Final = "refined"
"""The registry's value is more precise and agrees (``2020`` → ``2020-10``): the registry's is kept."""
COARSER: Final = "coarser"
"""The text's value is more precise and agrees (``2014-02-15`` against ``2014-02``): the text's is kept."""
OTHER_DATE: Final = "other-date"
"""The text gives another date the registry also knows (online against print): a note; the text's is kept."""
CONFLICT: Final = "conflict"

_LEADING_ARTICLE: Final = re.compile(r"^(?:the|a|an|la|le|les|der|die|das) ")
_COMPANY: Final = re.compile(
    r"\b(?:inc|incorporated|ltd|limited|llc|plc|gmbh|ag|sa|bv|co|corp|corporation|company|pty|group|publishing)\b"
)
_LINK_WORDS: Final = frozenset({"of", "the", "and", "for", "in", "on", "de", "la", "et", "und", "fur", "a"})
_TITLE_MISMATCH: Final = 60.0


def compare_dates(text: Date, registry: Date, others: Iterable[Date] = ()) -> str:
    """:data:`SAME`, :data:`REFINED`, :data:`COARSER`, :data:`OTHER_DATE` or :data:`CONFLICT`."""
    mine, theirs = text.parts(), registry.parts()
    if mine == theirs:
        return SAME
    shorter = min(len(mine), len(theirs))
    if mine[:shorter] == theirs[:shorter]:
        return REFINED if len(theirs) > len(mine) else COARSER
    for other in others:
        known = other.parts()
        common = min(len(mine), len(known))
        if mine[:common] == known[:common]:
            return OTHER_DATE
    return CONFLICT


def fold_name(text: str) -> str:
    """A journal's or publisher's name folded for comparison: ``&`` is "and", a leading article and
    company suffixes go ("The Royal Society" = "Royal Society"; "Springer Science+Business Media LLC")."""
    folded = fold(text.replace("&", " and ").replace("+", " and "))
    folded = _LEADING_ARTICLE.sub("", folded)
    return " ".join(_COMPANY.sub(" ", folded).split())


def is_abbreviation(short: str, full: str) -> bool:
    """Whether ``short`` abbreviates ``full`` word by word ("Clin Rheumatol" / "Clinical
    Rheumatology", "J. Pain Res." / "Journal of Pain Research"): each word the start of the next
    word of the full name, the full name's linking words ("of", "and") skippable."""
    words = fold_name(short).split()
    names = fold_name(full).split()
    if not words or len(words) > len(names):
        return False
    at = 0
    for word in words:
        while at < len(names) and not names[at].startswith(word):
            if names[at] not in _LINK_WORDS:
                return False
            at += 1
        if at == len(names):
            return False
        at += 1
    return all(name in _LINK_WORDS for name in names[at:])


def same_name(text: str, registry: str, abbreviations: Iterable[str] = ()) -> bool:
    """Two names of one journal or publisher: equal folded, or one an abbreviation of the other,
    or the text equal to one of the registry's own abbreviations."""
    mine, theirs = fold_name(text), fold_name(registry)
    if mine == theirs or is_abbreviation(text, registry) or is_abbreviation(registry, text):
        return True
    return any(mine == fold_name(short) or is_abbreviation(text, short) for short in abbreviations)


def same_title(text: str, registry: str) -> bool:
    """Equal after folding (a subtitle or a trailing period aside)."""
    mine, theirs = fold(text), fold(registry)
    return mine == theirs or mine.startswith(theirs) or theirs.startswith(mine)


def other_work(text: str, registry: str) -> bool:
    """The registry's title is not the text's at all: the identifier names another work."""
    mine, theirs = fold(text), fold(registry)
    if not mine or not theirs or mine.startswith(theirs) or theirs.startswith(mine):
        return False
    score: float = fuzz.token_set_ratio(mine, theirs)
    return score < _TITLE_MISMATCH


__all__ = [
    "COARSER",
    "CONFLICT",
    "OTHER_DATE",
    "REFINED",
    "SAME",
    "compare_dates",
    "fold_name",
    "is_abbreviation",
    "other_work",
    "same_name",
    "same_title",
]
