"""Parse the author lists CS1 renders into :class:`~ldnrefs.model.Name` parts.

Shapes understood:

* Vancouver (``|vauthors=``): ``Kim PS, Fishman MA``, ``Blichfeldt-Eckhardt MR``,
  ``O'Kelly B``, ``van der Berg J``, ``Smith JP Jr``;
* full names (``|author=``): ``Zijian Li, Yue You``, ``Ludwig van Beethoven``;
* family-first (``|last= |first=``): ``Younger, Jarred; Parkitny, Luke``;
* ``et al.`` at the end of any of them, and organisations
  (``National Health Service``) kept whole as a literal name.

Initials are stored dotted (``MR`` becomes ``M. R.``) so that BibTeX and CSL
processors treat them as initials rather than a given name "MR".
"""

from __future__ import annotations

import functools
import re
from typing import Final

from ldnrefs import build
from ldnrefs.mappings.cs1 import ORGANISATION_WORDS, PARTICLES
from ldnrefs.model import Name

SUFFIXES: Final = frozenset({"Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V", "2nd", "3rd", "4th"})
# At the end of a given part ("Smith, John V") "V" and "IV" are far more often
# initials than "the fifth" or "the fourth"; only the unambiguous words move.
_GIVEN_PART_SUFFIXES: Final = SUFFIXES - {"V", "IV"}
ET_AL: Final = re.compile(r"[,;]?\s*\bet\.?\s+al\.?\s*$", re.IGNORECASE)
_SEMICOLON_LIST: Final = re.compile(r";\s*(?:and\s+|&\s*)?|\s+&\s+")
_COMMA_LIST: Final = re.compile(r",\s*(?:&\s*|and\s+)?|\s+&\s+")
_INITIALS: Final = re.compile(r"^(?:[^\W\d_](?:-[^\W\d_])?){1,4}$")
_DOTTED: Final = re.compile(r"^(?:[^\W\d_]\.(?:-?[^\W\d_]\.)*\s?)+$")


@functools.lru_cache(maxsize=1024)
def _is_initials(token: str) -> bool:
    """``MR``, ``J``, ``J-P``: one to four upper-case letters (CS1 Vancouver initials)."""
    return bool(_INITIALS.match(token)) and token.replace("-", "").isupper()


@functools.lru_cache(maxsize=1024)
def dotted_initials(token: str) -> str:
    """``MR`` → ``M. R.``; ``J-P`` → ``J.-P.``."""
    out: list[str] = []
    for index, char in enumerate(token):
        if char == "-":
            out[-1] = out[-1].rstrip()
            out.append("-")
        else:
            out.append(char + ".")
            if index + 1 < len(token) and token[index + 1] != "-":
                out.append(" ")
    return "".join(out)


def _split_particle(words: list[str]) -> tuple[str | None, str]:
    """Leading lower-case particles of a family name: ``van der Berg`` → ("van der", "Berg")."""
    cut = 0
    while cut < len(words) - 1 and words[cut].lower() in PARTICLES and words[cut][:1].islower():
        cut += 1
    particle = " ".join(words[:cut]) or None
    return particle, " ".join(words[cut:])


def looks_like_organisation(text: str) -> bool:
    words = text.split()
    return any(word.lower().strip(",.()") in ORGANISATION_WORDS for word in words) or len(words) >= 5


def parse_family_first(text: str) -> Name:
    """``Family, Given[, Suffix]``, as CS1 renders ``|last= |first=``."""
    parts = [part.strip() for part in text.split(",")]
    family_words = parts[0].split()
    particle, family = _split_particle(family_words)
    given = parts[1] if len(parts) > 1 else None
    suffix = parts[2] if len(parts) > 2 else None
    given_words = given.split() if given else []
    if particle is None and len(given_words) > 1 and given_words[-1].lower() in PARTICLES and given_words[-1].islower():
        # "Berg, Jan van der": CSL's "Family, Given particle" order.
        cut = len(given_words) - 1
        while cut > 1 and given_words[cut - 1].lower() in PARTICLES and given_words[cut - 1].islower():
            cut -= 1
        particle, given = " ".join(given_words[cut:]), " ".join(given_words[:cut])
        given_words = given_words[:cut]
    # "Smith, John Jr." carries its suffix in the given part; a given part that
    # is nothing but "2nd" or "Jr" stays a given name (the writers put it there).
    if len(given_words) > 1 and given_words[-1] in _GIVEN_PART_SUFFIXES and not suffix:
        suffix = given_words[-1]
        given = " ".join(given_words[:-1])
    return build.name(family=family, given=given, particle=particle, suffix=suffix)


def parse_one_name(text: str, *, alone: bool = False) -> Name:
    """One name written without a comma: Vancouver ``Kim PS`` or full ``Zijian Li``.

    ``alone`` says the name is the whole list, where a single word or an
    organisation-looking phrase is kept as a literal.
    """
    words = text.rstrip(",").split()
    if len(words) == 2 and _is_initials(words[1]) and words[0][:1].isupper():
        # The common Vancouver case, "Kim PS", without the general machinery below.
        return build.name(family=words[0], given=dotted_initials(words[1]))
    if not words:
        return build.name(literal=text.strip())
    suffix = None
    if len(words) > 1 and words[-1] in SUFFIXES:
        suffix = words.pop()
    if len(words) == 1:
        return build.name(literal=words[0]) if alone else build.name(family=words[0], suffix=suffix)
    last = words[-1].rstrip(".")
    if _is_initials(last) and not words[-1].endswith("."):
        particle, family = _split_particle(words[:-1])
        return build.name(family=family, given=dotted_initials(last), particle=particle, suffix=suffix)
    if alone and looks_like_organisation(text):
        return build.name(literal=" ".join(text.split()))
    family_index = len(words) - 1
    while family_index > 1 and words[family_index - 1].lower() in PARTICLES and words[family_index - 1].islower():
        family_index -= 1
    given = " ".join(words[:family_index])
    particle = None
    tail = words[family_index:]
    particle_words = [word for word in tail[:-1] if word.islower()]
    if particle_words:
        particle = " ".join(particle_words)
        tail = tail[len(particle_words) :]
    return build.name(family=" ".join(tail), given=given, particle=particle, suffix=suffix)


def parse_names(text: str) -> tuple[tuple[Name, ...], bool]:
    """Parse a rendered author list; returns the names and whether it ended in *et al.*

    >>> names, et_al = parse_names("Kim PS, Fishman MA")
    >>> [str(name) for name in names], et_al
    (['Kim, P. S.', 'Fishman, M. A.'], False)
    """
    if "  " in text or not text.isprintable():  # readers pass text already cleaned; callers may not
        text = " ".join(text.split())
    text = text.strip(" ,;")
    et_al = "al" in text and bool(ET_AL.search(text))
    if et_al:
        text = ET_AL.sub("", text).strip(" ,;")
    if not text:
        return (), et_al
    if ";" in text:
        items = [item.strip() for item in _SEMICOLON_LIST.split(text) if item.strip()]
        # "Smith, John; Doe, Jane" family first, or "Ludwig van Beethoven; Jan ten Brink" in full.
        return tuple(parse_family_first(item) if "," in item else parse_one_name(item) for item in items), et_al
    if "&" in text or "and " in text:
        items = [item.strip() for item in _COMMA_LIST.split(text) if item.strip()]
    else:  # the usual list: plain commas, which str.split finds faster than the pattern
        items = [item for item in (part.strip() for part in text.split(",")) if item]
    if len(items) == 2 and _is_family_then_given(items[0], items[1]):
        return (parse_family_first(text),), et_al
    if len(items) == 1:
        return (parse_one_name(items[0], alone=True),), et_al
    return tuple(parse_one_name(item) for item in items), et_al


def _is_family_then_given(first: str, second: str) -> bool:
    """``Smith, John`` (one author) rather than two authors ``Smith`` and ``John``."""
    first_words = first.split()
    second_words = second.split()
    if not first_words or not second_words:
        return False
    _, family = _split_particle(first_words)
    if " " in family:
        return False
    last = second_words[-1].rstrip(".")
    # Vancouver items all end in initials ("Smith J, John M"); a bare family name first ("Smith, John M",
    # a trailing period lost) is one person written family first.
    first_has_initials = len(first_words) > 1 and _is_initials(first_words[-1].rstrip("."))
    vancouver = (
        first_has_initials and len(second_words) > 1 and _is_initials(last) and not second_words[-1].endswith(".")
    )
    return not vancouver and (len(second_words) <= 3 or bool(_DOTTED.match(second)))
