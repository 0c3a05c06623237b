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
    r"|[^\s;:()\[\],\"“”‘’«»]+"
)


def tokens(text: str) -> list[re.Match[str]]:
    """The tokens of ``text`` with their places: words, and the punctuation between fields."""
    return list(_FINE.finditer(text))


def spaced(text: str, found: list[re.Match[str]]) -> list[bool]:
    """Whether whitespace comes before each token (``(2014)`` against ``( 2014 )``)."""
    return [match.start() == 0 or text[match.start() - 1].isspace() for match in found]


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


@functools.lru_cache(maxsize=65536)
def _described(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A word's own features as ``key=value`` strings, and those its neighbours pass on (cached:
    punctuation and common words repeat in every reference)."""
    own = _describe(word)
    strings = tuple(f"{key}={value}" if isinstance(value, str) else key for key, value in own.items())
    shared = tuple(
        f"{key}={own[key]}" if isinstance(own[key], str) else key
        for key in ("w", "shape", "last", "marker", "year", "initials")
        if key in own
    )
    return strings, shared


def _describe(word: str) -> dict[str, str | float]:
    bare = re.sub(r"^\W+|\W+$", "", word)
    lower = bare.lower()
    found: dict[str, str | float] = {
        "w": lower[:20],
        "shape": _shape(word)[:12],
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


def features(words: list[str], space_before: list[bool] | None = None) -> list[list[str]]:
    """Each word's features as strings, with its neighbours' (prefixed -2, -1, +1, +2) and its position."""
    described = [_described(word) for word in words]
    count = len(words)
    out: list[list[str]] = []
    for index, (own, _) in enumerate(described):
        item = list(own)
        if space_before is not None and not space_before[index]:
            item.append("glued")
        item.append(f"pos={min(index, 6)}" if index < 7 else ("pos=end" if index >= count - 2 else "pos=mid"))
        item.append(f"rel={int(10 * index / max(count, 1))}")
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < count:
                item += [f"{offset}:{feature}" for feature in described[other][1]]
                if space_before is not None and not space_before[other]:
                    item.append(f"{offset}:glued")
            else:
                item.append(f"{offset}:edge")
        out.append(item)
    return out
