"""The author-list CRF: splits the author segment of a reference into names.

Author lists come in as many shapes as styles: ``Younger J, Parkitny L``,
``Kim, P. S., & Fishman, M. A.``, ``Younger, Jarred, Luke Parkitny, and David
McLain``, ``ZOU, J, N HAN, J YAN``, ``Buchmüller, W., Rückl, R., et Wyler, D.``,
``Boice, J. D., Jr.``. A comma can sit inside a name or between two, so the
list is labelled token by token — family, given, particle, suffix, ``inner``
(punctuation inside a name), ``between`` (punctuation and words between names),
``etal`` — by a small linear-chain CRF trained on author lists rendered through
many CSL styles (:mod:`ldnrefs.training.synthetic`), and the names are read off
the labels.
"""

from __future__ import annotations

import functools
import re
from functools import cache
from importlib import resources
from typing import Any, Final

from ldnrefs import build
from ldnrefs.learned.features import shape, spaced, tokens
from ldnrefs.mappings.cs1 import PARTICLES
from ldnrefs.model import Name
from ldnrefs.names import dotted_initials

MODEL: Final = "data/names.crfsuite"

_ROLES: Final = frozenset({"ed", "eds", "editor", "editors", "hrsg", "hg", "dir", "dirs", "coord", "org", "orgs"})
SUFFIX_WORDS: Final = frozenset({"jr", "sr", "ii", "iii", "iv", "jnr", "snr"})
"""Name suffixes, lower-cased and without their period."""
_CONNECTORS: Final = frozenset({"and", "&", "und", "et", "y", "e", "og", "en", "och", "i", "a", "ja", "és"})
_ET_AL: Final = frozenset({"al", "others", "coll", "col", "ua", "u"})
_INITIALS: Final = re.compile(r"^(?:[A-Z][a-z]?\.?-?){1,4}$")
_ONE_INITIAL: Final = re.compile(r"^[A-Z]\.$")
_BARE_INITIALS: Final = re.compile(r"^[A-Z](?:-?[A-Z]){0,2}$")


def _describe(word: str) -> list[str]:
    bare = word.strip(".")
    lower = bare.lower()
    out = [f"w={lower}", f"shape={shape(word)}", f"len={min(len(bare), 6)}"]
    if _INITIALS.match(word) and bare.replace(".", "").replace("-", "").isupper():
        out.append("initials")
    if bare.isupper() and len(bare) > 2:
        out.append("caps")
    if word.endswith("."):
        out.append("dot")
    if lower in PARTICLES and word[:1].islower():
        out.append("particle")
    if lower in SUFFIX_WORDS:
        out.append("suffix")
    if lower in _CONNECTORS:
        out.append("connector")
    if lower in _ET_AL:
        out.append("etal")
    if not any(char.isalnum() for char in word):
        out.append(f"punct={word}")
    return out


_OFFSETS: Final = (-2, -1, 1, 2)
_EDGES: Final = tuple(f"{offset}:none" for offset in _OFFSETS)


@functools.lru_cache(maxsize=16384)
def _described(word: str) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A token's own features, and those it passes on to each neighbour (prefixed -2, -1, +1, +2)."""
    own = tuple(_describe(word))
    shared = [feature for feature in own if not feature.startswith("len=")]
    return own, tuple(tuple(f"{offset}:{feature}" for feature in shared) for offset in _OFFSETS)


def features(words: list[str], spaces: list[bool]) -> list[list[str]]:
    """Each token described with its neighbours (±2), its place in the list and among the commas."""
    described = [_described(word) for word in words]
    commas_before = 0
    out: list[list[str]] = []
    total_commas = sum(word in {",", ";"} for word in words)
    for index, (own, _) in enumerate(described):
        row = [
            "bias",
            *own,
            f"commas_before={min(commas_before, 3)}",
            f"commas_after={min(total_commas - commas_before, 3)}",
        ]
        if index == 0:
            row.append("first")
        if index == len(words) - 1:
            row.append("last")
        if not spaces[index]:
            row.append("glued")
        for slot, offset in enumerate(_OFFSETS):
            position = index + offset
            if 0 <= position < len(words):
                row += described[position][1][slot]
            else:
                row.append(_EDGES[slot])
        out.append(row)
        if words[index] in {",", ";"}:
            commas_before += 1
    return out


@cache
def _tagger() -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    with resources.as_file(resources.files("ldnrefs").joinpath(MODEL)) as path:
        tagger.open(str(path))
    return tagger


def label(text: str) -> list[tuple[str, str]]:
    """The tokens of an author list with their labels."""
    found = tokens(text)
    if not found:
        return []
    words = [match.group() for match in found]
    labels = _tagger().tag(features(words, spaced(text, found)))
    return list(zip(words, labels, strict=True))


# One name of two whole words, perhaps with middle initials, and nothing else ("Jonathan Dull, A
# Diplomatic History…", a note's author; "Peter J. Forshaw, 'Cabala …'"): written given name
# first. The CRF, taught on lists that invert the first name, read it the other way round.
_GIVEN_FAMILY: Final = re.compile(r"^([A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s[A-Z]\.){0,2})\s([A-Z][a-z][\w'’\-]*)[.,;]?$")


_LIST_SEPARATOR: Final = re.compile(r",\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+")


def split(text: str) -> tuple[tuple[Name, ...], bool]:
    """The names of an author list, and whether it ends in "et al."."""
    alone = _GIVEN_FAMILY.match(text.strip())
    if alone is not None and alone.group(1).lower() not in _ROLES:
        return (build.name(family=alone.group(2), given=alone.group(1)),), False
    labelled = label(text)
    names, et_al = assemble(labelled)
    return _one_order(text, names), et_al


def _one_order(text: str, names: tuple[Name, ...]) -> tuple[Name, ...]:
    """A list of names of two whole words each ("Jonathan Dull, Mary Smith") is written in one order:
    where the CRF read some given name first, it is read so for all (it read "Jonathan" as a family
    name, "Mary" as a given name)."""
    segments = [segment for segment in _LIST_SEPARATOR.split(text.strip().rstrip(".,;")) if segment]
    if len(segments) < 2 or len(segments) != len(names):
        return names
    pairs = [_GIVEN_FAMILY.match(segment) for segment in segments]
    if any(pair is None or pair.group(1).lower() in _ROLES for pair in pairs):
        return names
    given_first = [name.family == pair.group(2) for name, pair in zip(names, pairs, strict=True) if pair]
    if all(given_first) or not any(given_first):
        return names
    return tuple(build.name(family=pair.group(2), given=pair.group(1)) for pair in pairs if pair)


def assemble(labelled: list[tuple[str, str]]) -> tuple[tuple[Name, ...], bool]:
    """Names from labelled tokens: a name ends at a ``between`` token or "et al.", or where a second
    family name (or a given name after a complete given-first name) begins without punctuation."""
    names: list[Name] = []
    parts: dict[str, list[str]] = {}
    et_al = False

    def close() -> None:
        family_words = parts.get("family", [])
        if family_words and family_words[-1].strip(".,").lower() in _ROLES:
            family_words = family_words[:-1]  # "Raff, K. W. Doak, Eds.": the editors' role, not a name
        if not parts.get("given") and len(family_words) > 1 and _BARE_INITIALS.match(family_words[-1]):
            # "Beck-Nielsen H": Vancouver initials read as part of the family name.
            parts["given"], family_words = [family_words[-1]], family_words[:-1]
        given_words = parts.get("given", [])
        if given_words and given_words[-1].strip(".,").lower() in _ROLES:
            given_words = given_words[:-1]  # "Bianchi-Streit, M. ed."
        family = " ".join(family_words)
        given = " ".join(given_words)
        if not family:
            family, given = given, ""
        if family and not parts.get("family") and names and not names[-1].given and _INITIALS.match(family):
            # "Zou, J, N Han": initials alone after a family name are that name's given name.
            names[-1] = build.name(family=names[-1].family, given=family, particle=names[-1].particle)
            family = ""
        if family:
            if family.endswith(".") and len(family) > 3 and family[-3:-1].isalpha():
                family = family[:-1]  # "Shan." at the end of the list
            if given and _BARE_INITIALS.match(given.removesuffix(".")):
                given = dotted_initials(
                    given.removesuffix(".")
                )  # Vancouver "JW" → "J. W.", as the CS1 reader writes it
            names.append(
                build.name(
                    family=family,
                    given=given or None,
                    particle=" ".join(parts.get("particle", [])) or None,
                    suffix=" ".join(parts.get("suffix", [])).rstrip(",") or None,
                )
            )
        parts.clear()

    previous = ""
    for index, (word, tag) in enumerate(labelled):
        following = labelled[index + 1][0].lower() if index + 1 < len(labelled) else ""
        if tag == "etal" and word.lower() == "et" and not following.startswith("al"):
            tag = "between"  # "et" for "and" (French, Latin): "Rückl, R., et Wyler, D."
        if tag in ("family", "given", "suffix") and not parts and names and word.strip(".,").lower() in SUFFIX_WORDS:
            # "Boice, J. D., Jr.": a suffix after the comma belongs to the name before it.
            last = names[-1]
            names[-1] = build.name(family=last.family, given=last.given, particle=last.particle, suffix=word)
            previous = "between"
            continue
        if tag in ("between", "etal"):
            close()
            et_al = et_al or tag == "etal"
        elif tag != "inner":
            if tag == "family" and previous == "given" and parts.get("family") and _ONE_INITIAL.match(word):
                tag = "given"  # "Boice, J. D.": an initial after the given name is more of it
            new_family = tag == "family" and parts.get("family") and previous not in ("family", "particle")
            new_given = tag == "given" and parts.get("family") and parts.get("given") and previous == "family"
            if new_family or new_given:
                close()
            parts.setdefault(tag, []).append(word)
        previous = tag
    close()
    return tuple(names), et_al
