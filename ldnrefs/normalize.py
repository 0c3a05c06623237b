"""Normalised forms for comparing records: folded text, cleaned titles, name keys.

*Folding* lower-cases, decodes HTML entities, removes diacritics and
punctuation, and collapses spaces, so that "Småbrekke" and "Smabrekke", or
"Mast cells &amp; LDN" and "Mast cells & LDN", compare equal.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Sequence
from typing import Final

from ldnrefs.model import Name

# Words that carry no meaning of their own in a title: skipped in citation keys
# ("younger2014use") and in the title words dedupe blocks on.
STOP_WORDS: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "on",
        "in",
        "and",
        "or",
        "for",
        "to",
        "with",
        "by",
        "from",
        "at",
        "as",
        "is",
        "are",
        "was",
        "be",
        "its",
        "into",
        "über",
        "der",
        "die",
        "das",
        "le",
        "la",
        "les",
        "el",
        "los",
        "un",
        "une",
        "de",
        "du",
        "des",
    ]
)


_PUNCTUATION: Final = re.compile(r"[^\w\s]|_", re.UNICODE)
_COMBINING: Final = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# What _PUNCTUATION removes from ASCII text, as a table: str.translate is twice as fast.
_ASCII_PUNCTUATION: Final = str.maketrans(
    {char: " " for char in map(chr, range(128)) if not char.isalnum() and not char.isspace()}
)


def fold(text: str) -> str:
    """Lower case, HTML entities decoded, diacritics and punctuation removed, spaces collapsed."""
    if "&" in text:
        text = html.unescape(text)
    if text.isascii():  # most titles and names; a million of each at scale
        text = text.lower()
        if not text.replace(" ", "").isalnum():
            text = text.translate(_ASCII_PUNCTUATION)
        return " ".join(text.split())
    text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    text = _PUNCTUATION.sub(" ", text.casefold())
    return " ".join(text.split())


_EDITORIAL_NOTE: Final = re.compile(
    r"\s*\.?\s*\[(?:erratum|published erratum|corrected|see comments?|comment|retracted|retraction|update|"
    r"summary for patients|article in|review|\d+ refs)[^\]]*(?:\].*)?$",
    re.IGNORECASE,
)
_LANGUAGE_TAG: Final = re.compile(r"\s*\.?\s*\[[A-Z][a-z]+(?: [A-Z][a-z]+)?\]\s*\.?\s*$")
_LETTER_MARKS: Final = re.compile(r"\s*\((?:multiple letters|letter)\)|\s*\[\d{1,3}\]\s*$", re.IGNORECASE)
# The words a citation's numbers come with: months, seasons, "Suppl", "Pt", "Vol", "No"…, or a
# lone capital ("S45"). Any other word ("Companion Material") is the title's own.
_CITATION_WORD: Final = (
    r"(?:(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|"
    r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?|Spring|Summer|Autumn|Fall|Winter|Suppl|Supplement|Pt|Vol|No|"
    r"Nr|Spec|Iss|Epub|Online)\b|[A-Z](?![A-Za-z]))\.?"
)
# A citation left at the end of a title ("… pain. Clin Rheumatol. 2014;33(4):451-9", ", Clinical
# Rheumatology, 2014, 33(4), 451-459"): a journal-like name, then only numbers, punctuation and
# the words of a citation ("Jan", "Suppl") holding a year and at least one more number.
# "… Update 2019" (a year alone) is part of the title.
_TRAILING_CITATION: Final = re.compile(
    r"(?:\.{3}|\.|,)\s+"
    r"(?!(?:Part|Phase|Volume|Vol|Study|Trial|Update|Version|Edition|Stage|Chapter|Section|Book|Issue|Number|No)\b)"
    r"[A-Z][A-Za-z .&]{1,60}?[,.]?\s+"
    r"(?=(?:[^a-z]|[A-Z][a-z]{1,8})*\b(?:19|20)\d\d\b)(?=(?:[^a-z]|[A-Z][a-z]{1,8})*\d[^a-z\d]+\d)"
    rf"(?:[^A-Za-z]|{_CITATION_WORD})*$"
)
# Notices: an erratum, correction, retraction, reply or comment. Web of Science
# marks errata with the corrected article's citation, "(vol 142, pg 310, 2003)";
# Embase with "(Journal (2009) 360 (542-544))".
_NOTICE_PREFIX: Final = re.compile(
    r"^(?:erratum|errata|correction|corrigendum|author correction|publisher correction|retraction|notice of "
    r"retraction|expression of concern|reply|comment|commentary|response|withdrawn)(?:\s+(?:to|on|for))?\s*:\s*",
    re.IGNORECASE,
)
_NOTICE_SUFFIX: Final = re.compile(r"\s*[-–—:]+\s*(?:reply|authors'? reply|response|author reply)\s*\.?$", re.I)
_REPLY_WORDS: Final = re.compile(r"(?i:reply|response)")
_CORRECTED_CITATION: Final = re.compile(r"\s*\((?:vol|volume)\.?\s*\d+[^)]*\)\s*\.?$", re.IGNORECASE)
_CITATION_PARENTHETICAL: Final = re.compile(r"\s*\([^()]*\((?:19|20)\d\d\)[^()]*(?:\([^()]*\)?)?\)?\)?\s*$")


_END: Final = 300
"""How far from a title's end a trailing citation or notice mark is looked for: the patterns
anchored at the end would otherwise try every start in a long text (quadratic; 1.5 s for 26 KB)."""


def _at_end(pattern: re.Pattern[str], title: str) -> str:
    """``title`` with ``pattern`` (anchored at the end) removed, looked for in its last characters."""
    if len(title) <= _END:
        return pattern.sub("", title)
    return title[:-_END] + pattern.sub("", title[-_END:])


def _found_at_end(pattern: re.Pattern[str], title: str) -> bool:
    return pattern.search(title[-_END:]) is not None


# A note that points back at an earlier one instead of naming a work: "Ibid., p. 45", "Id. at 12",
# "Op. cit., p. 3", German "Ebd., S. 4". Two of them alike say nothing about which works they cite.
_BACK_REFERENCE: Final = re.compile(
    r"^\W{0,3}(?:ibid(?:em)?\b\.?|id\.|idem\b|op\.\s?cit\b\.?|loc\.\s?cit\b\.?|ebd\.|ebenda\b)", re.IGNORECASE
)


def is_back_reference(text: str) -> bool:
    """A note like "Ibid., p. 45" that cites whatever the note before it cited."""
    return _BACK_REFERENCE.match(text) is not None


def is_notice(title: str | None) -> bool:
    """Whether a title is that of an erratum, correction, retraction, reply or comment."""
    if not title:
        return False
    ending = title.rstrip(" .")
    return bool(
        (":" in title[:45] and _NOTICE_PREFIX.match(title))
        or (_REPLY_WORDS.search(title[-30:]) and _found_at_end(_NOTICE_SUFFIX, title))
        or (
            ending.endswith(")")
            and (_found_at_end(_CORRECTED_CITATION, title) or _found_at_end(_CITATION_PARENTHETICAL, title))
        )
    )


def clean_title(title: str) -> str:
    """The title without database notes and notice markers, so records of one work compare equal.

    Removed: "[Erratum appears in …]", "[Review] [88 refs]", "[Spanish]", "(multiple
    letters) [1]", the brackets round a translated title, a trailing journal citation,
    and the marks of a notice ("Erratum:", "- Reply", "(vol 142, pg 310, 2003)").
    Whether a record *is* a notice is decided on the raw title (:func:`is_notice`).
    """
    # Each pattern runs only when its telltale character is present: this is
    # called once for every record, a million times in the scale benchmark.
    if "[" in title:
        title = _LANGUAGE_TAG.sub("", _EDITORIAL_NOTE.sub("", title))
    if "[" in title or "(" in title:
        title = _LETTER_MARKS.sub("", title)
    if ". " in title or ", " in title:
        title = _at_end(_TRAILING_CITATION, title)
    if ":" in title[:45]:
        title = _NOTICE_PREFIX.sub("", title)
    if _REPLY_WORDS.search(title[-30:]):
        title = _at_end(_NOTICE_SUFFIX, title)
    if title.rstrip(" .").endswith(")"):
        title = _at_end(_CITATION_PARENTHETICAL, _at_end(_CORRECTED_CITATION, title))
    if "(" in title and title.count("(") > title.count(")"):
        title = title[: title.rfind("(")]
    title = title.strip()
    if title.startswith("[") and title.rstrip(".").endswith("]"):
        title = title.rstrip(".")[1:-1]
    return title


def normalize_title(title: str | None) -> str:
    """The title as compared: cleaned of database notes (:func:`clean_title`), then folded."""
    if not title:
        return ""
    return fold(clean_title(title))


_SUBTITLE: Final = re.compile(r"\s*(?:[:.?!;]|\s[-–—]+)\s")


# Words a full stop abbreviates rather than ends a title at ("Claridge's Patent Asphalte Co. ventures
# into tarred slag macadam", "Dr. Strangelove", "St. Louis"); so do initials ("J. S. Bach").
_ABBREVIATED: Final = frozenset(
    "co inc ltd corp bros dept univ st dr mr mrs ms mt ft jr sr vs no nos vol vols ed eds etc fig approx".split()
)


def main_title(title: str | None) -> str:
    """The folded title before its first subtitle separator ("Title: subtitle" → "title")."""
    if not title:
        return ""
    text = clean_title(title)
    for separator in _SUBTITLE.finditer(text):
        if "." in separator.group():
            words = text[: separator.start()].split()
            word = words[-1].lower() if words else ""
            if len(word) == 1 or word in _ABBREVIATED:
                continue
        return fold(text[: separator.start()])
    return fold(text)


def family_key(name: Name | None) -> str:
    """The first author's family name (or organisation) folded to ASCII letters."""
    if name is None:
        return ""
    return _family_key(name.family or name.literal or "")


@functools.lru_cache(maxsize=1 << 16)
def _family_key(family: str) -> str:
    # Cached: family names repeat across a list, and this runs for every record a dedupe reads.
    return fold(family).replace(" ", "")


def abbreviates(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether the words ``short`` abbreviate ``long`` in order, each the start of a later word
    ("j clin invest" / "journal of clinical investigation"); equal words count."""
    return abbreviation_end(short, long) is not None


def abbreviation_end(short: Sequence[str], long: Sequence[str]) -> int | None:
    """How many words of ``long`` the words ``short`` abbreviate (see :func:`abbreviates`), up to the
    last one they stand for; None when they do not abbreviate it."""
    position = 0
    for word in short:
        # A number is never abbreviated: "2017" does not stand for "2017c", nor "12" for "123".
        whole = not word.isalpha()
        while position < len(long) and not (long[position] == word if whole else long[position].startswith(word)):
            position += 1
        if position == len(long):
            return None
        position += 1
    return position
