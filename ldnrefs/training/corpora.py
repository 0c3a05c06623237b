"""The hand-tagged training corpora, read two ways: as labelled tokens for the CRF, and as the
fields each reference holds (the records :mod:`ldnrefs.training.synthetic` renders in CSL styles).

AnyStyle's ``core.xml`` (BSD-2-Clause, ``training/anystyle/LICENSE``): 1,514
references in many styles, each word in one labelled segment. GROBID's citation
corpus (CC BY 4.0, ``training/grobid-citation/``): 8,546 references from papers'
bibliographies, TEI-tagged.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from typing import Final, NamedTuple

from ldnrefs import build
from ldnrefs.learned.features import spaced, tokens
from ldnrefs.model import Name
from ldnrefs.names import parse_family_first, parse_one_name

ROOT: Final = Path(__file__).resolve().parents[2]
CORE: Final = ROOT / "training" / "anystyle" / "core.xml"
GROBID: Final = ROOT / "training" / "grobid-citation" / "corpus"

# AnyStyle's labels, as the fields ldnrefs reads from them.
LABELS: Final = {
    "author": "author",
    "editor": "editor",
    "translator": "editor",
    "director": "author",
    "producer": "author",
    "date": "date",
    "title": "title",
    "journal": "container",
    "container-title": "container",
    "collection-title": "container",
    "volume": "volume",
    "pages": "pages",
    "publisher": "publisher",
    "location": "place",
    "edition": "edition",
    "genre": "note",
    "medium": "note",
    "note": "note",
    "source": "note",
    "url": "identifier",
    "doi": "identifier",
    "isbn": "identifier",
    "citation-number": "number",
    "signal": "note",
    "scale": "note",
}

Sequence_ = list[tuple[str, str, bool]]
"""A reference as tokens: (token, label, whether whitespace comes before it)."""


class Example(NamedTuple):
    """One tagged reference: its labelled tokens, and its fields by the corpus's own names
    (``author``, ``journal``, ``container-title``, ``volume``, ``issue``, ``pages``…), as written."""

    sequence: Sequence_
    fields: dict[str, list[str]]


def anystyle_examples(path: Path = CORE) -> list[Example]:
    """Each reference of AnyStyle's set; the segments joined with single spaces, as AnyStyle stores them."""
    examples: list[Example] = []
    for sequence in ElementTree.parse(path).getroot().iter("sequence"):
        chars: list[tuple[str, str | None]] = []
        fields: dict[str, list[str]] = {}
        for segment in sequence:
            text = " ".join((segment.text or "").split())
            if text:
                if chars:
                    chars.append((" ", None))
                label = LABELS.get(segment.tag, "note")
                chars += [(char, label) for char in text]
                fields.setdefault(segment.tag, []).append(text)
        found = labelled_tokens(chars)
        if found:
            examples.append(Example(found, fields))
    return examples


# GROBID's TEI elements, as the fields ldnrefs reads; a ``title`` by its level.
_GROBID_LABELS: Final = {
    "author": "author",
    "editor": "editor",
    "date": "date",
    "publisher": "publisher",
    "pubPlace": "place",
    "idno": "identifier",
    "ptr": "identifier",
    "note": "note",
    "orgName": "note",
    "label": "number",
}
_SCOPES: Final = {"vol": "volume", "volume": "volume", "issue": "volume", "pp": "pages", "page": "pages"}
# GROBID's elements by AnyStyle's names, for the fields of a reference.
_GROBID_FIELDS: Final = {
    "author": "author",
    "editor": "editor",
    "date": "date",
    "publisher": "publisher",
    "pubPlace": "location",
    "ptr": "url",
}


def _grobid_label(element: ElementTree.Element, has_article_title: bool) -> str:
    tag = element.tag.rsplit("}", 1)[-1]
    if tag == "title":
        level = element.get("level", "a")
        if level == "a":
            return "title"
        if level == "m":
            return "container" if has_article_title else "title"
        return "container"
    if tag == "biblScope":
        return _SCOPES.get(element.get("unit") or element.get("type") or "", "volume")
    return _GROBID_LABELS.get(tag, "note")


def _grobid_field(element: ElementTree.Element, has_article_title: bool) -> str | None:
    tag = element.tag.rsplit("}", 1)[-1]
    if tag == "title":
        level = element.get("level", "a")
        if level == "a" or (level == "m" and not has_article_title):
            return "title"
        return {"j": "journal", "m": "container-title", "s": "collection-title"}.get(level, "journal")
    if tag == "biblScope":
        unit = element.get("unit") or element.get("type") or ""
        return {"vol": "volume", "volume": "volume", "issue": "issue", "pp": "pages", "page": "pages"}.get(unit)
    if tag == "idno":
        kind = (element.get("type") or "").lower()
        return "doi" if kind == "doi" else None
    return _GROBID_FIELDS.get(tag)


def grobid_examples(directory: Path = GROBID) -> list[Example]:
    """GROBID's citation corpus (TEI ``<bibl>``), tokens labelled by the element their letters sit in."""
    examples: list[Example] = []
    for path in sorted(directory.glob("*.xml")):
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError:
            continue
        for bibl in root.iter():
            if bibl.tag.rsplit("}", 1)[-1] != "bibl":
                continue
            has_article_title = any(
                child.tag.rsplit("}", 1)[-1] == "title" and child.get("level", "a") == "a" for child in bibl
            )
            chars: list[tuple[str, str | None]] = [(char, None) for char in bibl.text or ""]
            fields: dict[str, list[str]] = {}
            for child in bibl:
                tag = _grobid_label(child, has_article_title)
                text = "".join(child.itertext())
                chars += [(char, tag) for char in text]
                chars += [(char, None) for char in child.tail or ""]
                field = _grobid_field(child, has_article_title)
                if field and text.strip():
                    fields.setdefault(field, []).append(" ".join(text.split()))
            found = labelled_tokens(chars)
            if found:
                examples.append(Example(found, fields))
    return examples


def read_anystyle(path: Path = CORE) -> list[Sequence_]:
    """AnyStyle's references as labelled tokens."""
    return [example.sequence for example in anystyle_examples(path)]


def read_grobid(directory: Path = GROBID) -> list[Sequence_]:
    """GROBID's references as labelled tokens."""
    return [example.sequence for example in grobid_examples(directory)]


_VANCOUVER_NAME: Final = re.compile(r"^(?P<family>.+?)\s+(?P<initials>[A-Z]{1,4})$")
_INITIALS_FIRST: Final = re.compile(r"^(?P<given>(?:[A-Z][a-z]?\.\s?-?){1,4})\s*(?P<family>[^\s.][\w'’\- ]*?)\.?$")
_ET_AL: Final = re.compile(r",?\s*(?:et\s+al\.?|and\s+others)\s*$", re.IGNORECASE)


def split_authors(text: str) -> tuple[tuple[Name, ...], bool]:
    """An author segment of a tagged reference as names, by rules (the records rendered for training
    are made with them; the parser itself uses the author-list CRF). The usual forms: APA and Harvard
    ``Kim, P. S., & Fishman, M. A.``, Chicago ``Younger, J., L. Parkitny, and D. McLain``, IEEE
    ``J. Younger, L. Parkitny, and D. McLain``, Vancouver ``Younger J, Parkitny L``, semicolons
    ``Gkolemis, C; Zogopoulos, P``; anything else as a rendered list is read."""
    text = text.strip().rstrip(",;:")
    et_al = bool(_ET_AL.search(text))
    text = _ET_AL.sub("", text).strip()
    if ";" in text:
        people = [_AND.sub("", part.strip()) for part in text.split(";") if part.strip()]
        return tuple(
            parse_family_first(person) if "," in person else parse_one_name(person, alone=True) for person in people
        ), et_al
    units = [unit.strip() for unit in _SEPARATOR.split(text) if unit.strip()]
    names: list[Name] = []
    index = 0
    while index < len(units):
        unit = _AND.sub("", units[index])
        following = units[index + 1] if index + 1 < len(units) else ""
        if following and _INITIALS.match(following) and not _INITIALS.match(unit) and not _INITIALS_FIRST.match(unit):
            names.append(build.name(family=unit, given=following))  # "Younger, J."
            index += 2
            continue
        if (match := _INITIALS_FIRST.match(unit)) is not None:
            names.append(build.name(family=match.group("family"), given=match.group("given").strip()))
        elif (match := _VANCOUVER_NAME.match(unit.rstrip("."))) is not None:
            given = " ".join(f"{letter}." for letter in match.group("initials"))
            names.append(build.name(family=match.group("family"), given=given))
        elif unit:
            names.append(parse_one_name(unit, alone=True))
        index += 1
    return tuple(names), et_al


_SEPARATOR: Final = re.compile(r",\s*(?:and|&)\s+|\s+(?:and|&)\s+|,\s*")
_AND: Final = re.compile(r"^(?:and|&)\s+")
_INITIALS: Final = re.compile(r"^(?:[A-Z][a-z]?\.\s?-?){1,4}$")


def labelled_tokens(chars: list[tuple[str, str | None]]) -> Sequence_:
    """The tokens of labelled characters: each takes the label of its first labelled letter or digit,
    else of its first labelled character; punctuation outside every element joins the token before."""
    text = "".join(char for char, _ in chars)
    text_labels = [label for _, label in chars]
    found = tokens(text)
    spaces = spaced(text, found)
    out: Sequence_ = []
    for match, space in zip(found, spaces, strict=True):
        span = range(match.start(), match.end())
        labels = [text_labels[i] for i in span if text_labels[i] and text[i].isalnum()]
        labels = labels or [text_labels[i] for i in span if text_labels[i]]
        label = labels[0] if labels else (out[-1][1] if out else "note")
        out.append((match.group(), label or "note", space))
    return out
