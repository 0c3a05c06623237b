"""Tokens of a reference string and the features the citation CRF sees for each.

Tokens are the whitespace-separated words, punctuation attached, as AnyStyle's
training data segments them. Each token is described by its form (lower-cased,
stripped of punctuation), its shape (``Xxxx``, ``dddd``, ``X.``), prefixes and
suffixes, its punctuation, a few lexicons (months, "vol", "pp", "In", "eds",
"doi", URLs), its position in the string, and the same for its neighbours.
"""

from __future__ import annotations

import functools
import re
from typing import Final

_MONTHS: Final = frozenset(
    "jan feb mar apr may jun jul aug sep sept oct nov dec january february march april june july august "
    "september october november december spring summer autumn fall winter".split()
)
_MARKERS: Final = {
    "vol": "vol",
    "volume": "vol",
    "no": "no",
    "pp": "pp",
    "p": "pp",
    "pages": "pp",
    "in": "in",
    "ed": "ed",
    "eds": "ed",
    "editor": "ed",
    "editors": "ed",
    "edn": "edition",
    "edition": "edition",
    "doi": "doi",
    "isbn": "isbn",
    "pmid": "pmid",
    "retrieved": "retrieved",
    "available": "retrieved",
    "accessed": "retrieved",
    "and": "and",
    "&": "and",
    "et": "etal",
    "al": "etal",
    "press": "publisher",
    "university": "publisher",
    "publishing": "publisher",
    "publishers": "publisher",
    "journal": "journal",
    "proceedings": "journal",
    "conference": "journal",
}


# Words, split further where a citation packs fields together without spaces: at ; : ( ) [ ] , and
# quotes, and before a period that ends a number ("2014;33(4):451-9." is eight tokens). Hyphens,
# slashes and inner periods stay inside a token (451-9, 10.1007/s10067, J.).
_FINE: Final = re.compile(
    r"[;:()\[\],\"“”‘’«»]"
    r"|\d[\w\-–—/.]*?(?=[.]?(?:[;:()\[\],\"“”‘’«»\s]|$))"
    r"|[A-Za-z]{1,3}\.(?=(?:1[5-9]|20)\d\d\b)"
    r"|[^\s;:()\[\],\"“”‘’«»]+"
)


def tokens(text: str) -> list[re.Match[str]]:
    """The tokens of ``text`` with their places: words, and the punctuation between fields."""
    return list(_FINE.finditer(text))


def spaced(text: str, found: list[re.Match[str]]) -> list[bool]:
    """Whether whitespace comes before each token (``(2014)`` against ``( 2014 )``)."""
    return [match.start() == 0 or text[match.start() - 1].isspace() for match in found]


def shape(word: str) -> str:
    """A word's shape: ``Xxxx``, ``dddd``, ``X.`` (runs of one class cut at two)."""
    classes = re.sub(r"[A-Z]", "X", word)
    classes = re.sub(r"[a-z]", "x", classes)
    classes = re.sub(r"\d", "d", classes)
    return re.sub(r"(.)\1{2,}", r"\1\1", classes)


_OFFSETS: Final = (-2, -1, 1, 2)


@functools.lru_cache(maxsize=65536)
def _described(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...], bool]:
    """A word's own features as ``key=value`` strings, those its neighbours pass on (already prefixed
    with each offset: -2, -1, +1, +2), and whether it is a year. Cached: punctuation and common words
    repeat in every reference."""
    own = _describe(word)
    strings = tuple(f"{key}={value}" if isinstance(value, str) else key for key, value in own.items())
    shared = tuple(
        f"{key}={own[key]}" if isinstance(own[key], str) else key
        for key in ("w", "shape", "last", "marker", "year", "initials")
        if key in own
    )
    return strings, tuple(tuple(f"{offset}:{feature}" for feature in shared) for offset in _OFFSETS), "year" in own


def _describe(word: str) -> dict[str, str | float]:
    bare = re.sub(r"^\W+|\W+$", "", word)
    lower = bare.lower()
    found: dict[str, str | float] = {
        "w": lower[:20],
        "shape": shape(word)[:12],
        "p2": lower[:2],
        "p3": lower[:3],
        "s2": lower[-2:],
        "s3": lower[-3:],
        "first": word[:1] if not word[:1].isalnum() else ("A" if word[:1].isalpha() else "9"),
        "last": word[-1:] if not word[-1:].isalnum() else ("a" if word[-1:].isalpha() else "9"),
    }
    if lower in _MONTHS:
        found["month"] = 1.0
    marker = _MARKERS.get(lower)
    if marker:
        found["marker"] = marker
    if re.fullmatch(r"(?:1[5-9]|20)\d\d[a-z]?", lower):
        found["year"] = 1.0
    if re.search(r"\d+\s*[-–—]\s*\d+", word):
        found["range"] = 1.0
    if re.search(r"\d+\(\d+\)", word):
        found["vol_issue"] = 1.0
    if bare[:1].isupper() and len(bare) <= 3 and bare.replace(".", "").isupper():
        found["initials"] = 1.0
    if word.startswith(("http", "www.")) or "doi.org" in word:
        found["url"] = 1.0
    if lower.startswith("10.") and "/" in lower:
        found["doi"] = 1.0
    return found


_SENTENCE: Final = tuple(f"sentence={index}" for index in range(6))
_POSITIONS: Final = tuple(f"pos={index}" for index in range(7))
_RELATIVE: Final = tuple(f"rel={index}" for index in range(11))
_GLUED: Final = tuple(f"{offset}:glued" for offset in _OFFSETS)
_EDGE: Final = tuple(f"{offset}:edge" for offset in _OFFSETS)
_OPEN_BRACKETS: Final = frozenset({"(", "["})
_CLOSE_BRACKETS: Final = frozenset({")", "]"})
_OPEN_QUOTES: Final = frozenset({"“", "«", "‘", '"'})
_CLOSE_QUOTES: Final = frozenset({"”", "»", "’"})


def _ends_sentence(word: str, before: str) -> bool:
    """A period that ends a field: alone after a word, or at the end of a word that is no initial."""
    if word == ".":
        return bool(before) and not (len(before) == 1 and before.isupper())
    return word.endswith(".") and len(word.strip(".")) > 3 and not word[:-1].replace(".", "").isupper()


def features(words: list[str], space_before: list[bool] | None = None) -> list[list[str]]:
    """Each word's features as strings, with its neighbours' (prefixed -2, -1, +1, +2) and its position."""
    described = [_described(word) for word in words]
    count = len(words)
    glued = [False] * count if space_before is None else [not space for space in space_before]
    out: list[list[str]] = []
    sentence = 0  # how many sentence ends (". " after a word that is not an initial) came before
    seen_year = quoted = bracketed = False
    for index, (own, _, is_year) in enumerate(described):
        item = [*own, _SENTENCE[min(sentence, 5)]]
        if seen_year:
            item.append("after_year")
        if quoted:
            item.append("quoted")
        if bracketed:
            item.append("bracketed")
        word = words[index]
        if word in _OPEN_QUOTES:
            quoted = True
        elif word in _CLOSE_QUOTES:
            quoted = False
        elif word in _OPEN_BRACKETS:
            bracketed = True
        elif word in _CLOSE_BRACKETS:
            bracketed = False
        seen_year = seen_year or is_year
        if _ends_sentence(word, words[index - 1] if index else ""):
            sentence += 1
        if glued[index]:
            item.append("glued")
        item.append(_POSITIONS[index] if index < 7 else ("pos=end" if index >= count - 2 else "pos=mid"))
        item.append(_RELATIVE[10 * index // max(count, 1)])
        for slot, offset in enumerate(_OFFSETS):
            other = index + offset
            if 0 <= other < count:
                item += described[other][1][slot]
                if glued[other]:
                    item.append(_GLUED[slot])
            else:
                item.append(_EDGE[slot])
        out.append(item)
    return out
