"""Reader for reference lists as Wikipedia renders them (the CS1 citation style).

Input is what a reader copies from an article: body text with ``[n]`` markers,
then a "References" heading and numbered entries such as::

    1. Younger J, Parkitny L, McLain D (15 February 2014). "The use of …".
       Clinical Rheumatology. 33 (4). Springer …: 451–459. doi:10.1007/…. PMID 24526250.

An entry is read in four steps:

1. *head* — authors (or editors) and the date in parentheses before the title;
2. *title* — the quoted title with its tags (``(PDF)``, ``(Report)``,
   ``(PhD thesis)``, ``[translated title]``), or for books the first segment;
3. *cuts* — identifiers, "Archived from the original on …", "Retrieved …" and
   "– via …" are taken out wherever they stand;
4. *segments* — what is left, split at ". " (but not after an initial or an
   abbreviation such as ``J.`` or ``Proc.``), is classified one segment at a
   time: volume and issue, publisher and pages, a date, "In … (ed.)", an
   edition, place and publisher, and free text (the container, then the
   publisher).

Nothing that was not understood is dropped: it goes to ``note`` with a warning
naming the line. Every regular expression is anchored or bounded, so no input
makes matching backtrack without limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, Final

import attrs

from ldnrefs import build, learned
from ldnrefs import identifiers as ids
from ldnrefs.dates import is_no_date, parse_date
from ldnrefs.errors import NoReferencesError
from ldnrefs.mappings.cs1 import ALWAYS_PROTECTED as _ALWAYS_PROTECTED
from ldnrefs.mappings.cs1 import JOURNAL_ABBREVIATIONS as _JOURNAL_ABBREVIATIONS
from ldnrefs.model import (
    Date,
    Diagnostic,
    Name,
    ParseResult,
    Provenance,
    Reference,
)
from ldnrefs.names import parse_names
from ldnrefs.normalize import is_back_reference
from ldnrefs.pages import is_pages, normalize_pages, split_locator
from ldnrefs.vocabulary import MEETING, MEETING_WORDS, PREPRINT_SERVERS

NAME: Final = "rendered"

# --- finding the list -------------------------------------------------------

_HEADING: Final = re.compile(
    r"^\s*(?:references|notes|citations|sources|footnotes|bibliography|works cited|literature cited|"
    r"cited works|references and notes|notes and references|reference list)\s*(?:\[\s*edit\s*\])?\s*:?\s*$",
    re.IGNORECASE,
)
_END_HEADING: Final = re.compile(
    r"^\s*(?:external links|further reading|see also|bibliography|categories|navigation menu|"
    r"authority control|retrieved from)\b",
    re.IGNORECASE,
)
# "1. ", "1) ", "[1] ", "(1) ": the number is whichever group matched.
_NUMBERED: Final = re.compile(r"^\s{0,12}(?:(\d{1,7})[.)]|\[(\d{1,7})\]|\((\d{1,7})\))\s+(\S.*)$")
_CARET: Final = re.compile(r"^\s*\^\s*")
_REF_LIKE: Final = re.compile(
    r"\(\s*(?:[A-Za-z.,]{1,12}\s+){0,3}\d{4}[a-z]?\s*\)|\"|“|\bdoi:|\bISBN\b|\bPMID\b|\bRetrieved\b|\bArchived\b"
    # Vancouver "2014;33(4):451-9", a volume with its issue "24(10)", "et al."
    r"|\b(?:1[5-9]|20)\d\d(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?;\s?\d|\b\d{1,4}\(\d{1,4}\)|\bet al\b"
    # Author-date styles: "Rose C. 1996. Title", "Kellert, Stephen H. 1993 Title"; French quotes;
    # a volume and its pages "2: 109–116", "pp. 3", "vol. 12".
    r"|\b(?:1[5-9]|20)\d\d[a-z]?\.\s|^[A-Z][\w'’\-]+,\s(?:[A-Z][\w.\-]*\s?){1,3}.{0,120}?\s(?:1[5-9]|20)\d\d[a-z]?\b"
    r"|«|\b\d{1,5}\s?:\s?[A-Z]?\d{1,6}\s?[-–]\s?[A-Z]?\d|\b(?:pp?|vol|Vol)\.\s?\d"
)


# The scratch classes below are plain classes rather than attrs classes: the
# compiled build (setup.py) makes them native, with C-speed construction.


class Entry:
    """One entry of the list: its first line, its own number, its text, its last line."""

    def __init__(self, line: int, number: int | None, text: str) -> None:
        self.line = line
        self.number = number
        self.text = text
        self.last_line = 0


def sniff(text: str) -> bool:
    """A rendered list: a references heading or numbered lines with dates or DOIs."""
    head = text[:20000]
    if any(_HEADING.match(line) for line in head.splitlines()):
        return True
    numbered = [line for line in head.splitlines() if _NUMBERED.match(line)]
    return bool(numbered) and sum(bool(_REF_LIKE.search(line)) for line in numbered) * 2 >= len(numbered)


def _find_start(lines: list[str]) -> tuple[int, bool]:
    """Index of the first line of the list and whether its entries are numbered."""
    for index in reversed([i for i, line in enumerate(lines) if _HEADING.match(line)]):
        for following in lines[index + 1 : index + 8]:
            if not following.strip():
                continue
            if _NUMBERED.match(following):
                return index + 1, True
            # The first entry may wrap: its next lines count too.
            if _REF_LIKE.search(" ".join(line for line in lines[index + 1 : index + 6] if line.strip())):
                return index + 1, False
            break
    for index, line in enumerate(lines):
        match = _NUMBERED.match(line)
        if match and "1" in (match.group(1), match.group(2), match.group(3)) and _REF_LIKE.search(line):
            return index, True
    content = [line for line in lines if line.strip()]
    if content and sum(bool(_REF_LIKE.search(line)) for line in content) * 2 >= len(content):
        return 0, False
    raise NoReferencesError(
        "no reference list found: no 'References' heading, no numbered entries and no lines that look like citations"
    )


def find_entries(text: str) -> list[Entry]:
    """Split an article or a bare list into entries with their first line numbers.

    Numbered entries may wrap onto following lines; a blank line followed by
    an unnumbered line, or a heading such as "External links", ends the list.
    """
    lines = text.splitlines()
    start, numbered = _find_start(lines)
    paragraphs = not numbered and _parted_by_blank_lines(lines, start)
    entries: list[Entry] = []
    parts: list[str] = []
    blank_before = False

    last_line = 0

    def close() -> None:
        if parts:
            entries[-1].text = parts[0] if len(parts) == 1 else " ".join(parts)
            entries[-1].last_line = last_line

    for index in range(start, len(lines)):
        line = lines[index]
        if not line.strip():
            blank_before = True
            continue
        match = _NUMBERED.match(line) if numbered else None
        if match:
            close()
            entries.append(Entry(index + 1, int(match.group(1) or match.group(2) or match.group(3)), ""))
            parts = [match.group(4)]
            last_line = index + 1
        elif numbered:
            if not entries or blank_before or _END_HEADING.match(line):
                if entries:
                    break
                continue
            parts.append(line)
            last_line = index + 1
        else:
            if _END_HEADING.match(line) or (entries and not _REF_LIKE.search(line) and len(line.strip()) < 40):
                break
            # One entry a paragraph where blank lines part them; else one a line, and a line that
            # starts indented continues the entry above (a hanging indent).
            continues = entries and ((paragraphs and not blank_before) or line[:1] in (" ", "\t"))
            if continues:
                parts.append(line.strip())
                last_line = index + 1
                blank_before = False
                continue
            close()
            entries.append(Entry(index + 1, None, ""))
            parts = [line.strip()]
            last_line = index + 1
        blank_before = False
    close()
    return entries


def _parted_by_blank_lines(lines: list[str], start: int) -> bool:
    """An unnumbered list whose entries are paragraphs: blank lines part them and some paragraph
    runs over more than one line (wrapped entries)."""
    runs: list[int] = []
    length = 0
    for line in lines[start:]:
        if _END_HEADING.match(line):
            break
        if line.strip():
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    return len(runs) > 1 and max(runs) > 1


# --- cleaning ---------------------------------------------------------------

_SPACE_RUN: Final = re.compile("  +")  # not " {2,}": a literal first lets the engine skip ahead
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]")


def _clean(text: str) -> str:
    """Control characters out, whitespace collapsed, no space before "." "," ";" ("PMC 3962576 .")."""
    # This runs for every entry, so the usual text takes the cheapest route:
    # printable text has no control characters and no whitespace but " ".
    if text.isprintable():
        if "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        text = text.strip(" ")
    else:
        if _CONTROL.search(text):
            text = _CONTROL.sub("", text)
        text = " ".join(text.split())
    if " . " in text:
        text = text.replace(" . ", ". ")
    if " , " in text:
        text = text.replace(" , ", ", ")
    if " ; " in text:
        text = text.replace(" ; ", "; ")
    if text.endswith((" .", " ,", " ;")):
        text = text[:-2] + text[-1]
    return text


def _backlink_labels() -> Iterator[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    yield from letters
    for first in letters:
        for second in letters:
            yield first + second


_LETTER_LABELS: Final = list(_backlink_labels())
_NUMBER_LABELS: Final = [str(number) for number in range(1, 61)]


def strip_backlinks(text: str) -> str:
    """Drop Wikipedia's back-link labels: ``^``, ``1 2``, ``a b c``, ``^ a b``."""
    if text.startswith("^"):
        text = _CARET.sub("", text)
    if not text.startswith(("a ", "1 ")):
        return text
    tokens = text.split(" ", 60)
    for labels in (_LETTER_LABELS, _NUMBER_LABELS):
        count = 0
        while count < len(tokens) - 1 and count < len(labels) and tokens[count] == labels[count]:
            count += 1
        if count >= 2:
            return " ".join(tokens[count:])
    return text


# --- title ------------------------------------------------------------------

_AFTER_TITLE: Final = re.compile(
    r"(?P<tags>(?:\s*(?:\([^()\"“”]{1,80}\)|\[[^\[\]\"“”]{1,300}\]))*)\s*(?:[.,](?=\s|$)|$)"
)
_TAG: Final = re.compile(r"\(([^()]{1,80})\)|\[([^\[\]]{1,300})\]")
_CLOSERS: Final = {'"': '"', "“": '”"', "„": '“"'}


class _Title:
    """A quoted title's span, its text, its tags ("PDF") and a [translated title]."""

    def __init__(self, start: int, end: int, text: str, tags: tuple[str, ...], translated: str | None) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.tags = tags
        self.translated = translated


def find_quoted_title(text: str) -> _Title | None:
    """The first quoted span that ends like a CS1 title: ``"…".``, ``"…" (PDF).``"""
    opening = text.find('"')
    if "“" in text or "„" in text:
        opening = min((i for i in (text.find(q) for q in _CLOSERS) if i >= 0), default=-1)
    if opening < 0:
        return None
    closers = _CLOSERS[text[opening]]
    position = opening + 1
    while True:
        if len(closers) == 1:
            close = text.find(closers, position)
        else:
            close = min((i for i in (text.find(c, position) for c in closers) if i >= 0), default=-1)
        if close < 0:
            return None
        after = text[close + 1 : close + 3]
        if (after == ". " or after == ".") and close > opening + 1:  # the usual '"Title". ', without the pattern
            return _Title(opening, close + 2, text[opening + 1 : close].strip(), (), None)
        match = _AFTER_TITLE.match(text, close + 1)
        if match and close > opening + 1:
            tags: list[str] = []
            translated = None
            for tag in _TAG.finditer(match.group("tags")):
                if tag.group(1) is not None:
                    tags.append(tag.group(1).strip())
                else:
                    translated = tag.group(2).strip()
            return _Title(opening, match.end(), text[opening + 1 : close].strip(), tuple(tags), translated)
        position = close + 1


# --- head: authors and date ---------------------------------------------------

_HEAD_DATE: Final = re.compile(r"\(([^()]{1,60})\)[\s.,]*$")  # CS1 "(2023)." and CS2 "(2023),"
_AUTHOR_DATE: Final = re.compile(r"\(([^()]{1,60})\)\.(?:\s|$)")
_EDITOR_ENDINGS: Final = ("ed", "eds", "ed)", "eds)", "ed.)", "eds.)", "editor", "editors", "editors)")
_DIGIT: Final = re.compile(r"\d")
_EDITOR_MARK: Final = re.compile(r"(?:,?\s*\(?\beds?\.?\)?|,?\s*\(?\beditors?\)?)\s*$")


class _Fields:
    """Mutable scratch space while one entry is read."""

    def __init__(self) -> None:
        self.authors: tuple[Name, ...] = ()
        self.editors: tuple[Name, ...] = ()
        self.et_al = False
        self.issued: Date | None = None
        self.title: str | None = None
        self.tags: list[str] = []
        self.translated: str | None = None
        self.quoted = False
        self.container: str | None = None
        self.publisher: str | None = None
        self.place: str | None = None
        self.volume: str | None = None
        self.issue: str | None = None
        self.page: str | None = None
        self.edition: str | None = None
        self.chapter = False
        self.accessed: Date | None = None
        self.archive_date: Date | None = None
        self.via: str | None = None
        self.ids: dict[str, list[str]] = {}
        self.leftover: list[str] = []
        self.problems: list[tuple[str, str]] = []
        self.maintenance: list[str] = []
        self.section: str | None = None


def _read_head(head: str, fields: _Fields) -> None:
    head = head.strip()
    if not head:
        return
    match = _HEAD_DATE.search(head)
    names_text = head
    if match:
        content = match.group(1).strip()
        date = parse_date(content)
        if date is not None:
            fields.issued = date
            names_text = head[: match.start()]
        elif is_no_date(content):
            names_text = head[: match.start()]
        elif _EDITOR_MARK.fullmatch(content.strip()) is None:
            fields.problems.append(("rendered.bad-date", f"could not read the date {content!r}"))
            names_text = head[: match.start()]
    names_text = names_text.strip().rstrip(".").strip()
    editors = names_text.endswith(_EDITOR_ENDINGS) and bool(_EDITOR_MARK.search(names_text))
    if editors:
        names_text = _EDITOR_MARK.sub("", names_text).strip(" ,.")
    if not names_text:
        return
    if len(names_text) > 2000 or (_DIGIT.search(names_text) and len(_DIGIT.findall(names_text)) > 4):
        fields.problems.append(("rendered.bad-authors", f"could not read the author list {names_text[:80]!r}"))
        fields.leftover.append(names_text)
        return
    names, et_al = parse_names(names_text)
    if editors:
        fields.editors = names
    else:
        fields.authors = names
    fields.et_al = et_al


# --- cuts: identifiers, archive and access dates --------------------------------

_ARCHIVED: Final = re.compile(
    r"Archived(?:\s*\([A-Za-z]{2,6}\))?\s+from the original(?:\s*\([A-Za-z]{2,6}\))?\s+on\s+([^.\x00]{1,60})"
    # {{Webarchive}}: "Archived 2016-03-04 at the Wayback Machine" (or archive.today, WebCite…)
    r"|Archived\s+([^.\x00]{4,40}?)\s+at\s+(?:the\s+)?(?:Wayback Machine|archive\.today|WebCite|Archive-It|"
    r"the Library of Congress Web Archives|UK Government Web Archive|Ghostarchive)",
    re.IGNORECASE,
)
# CS1 writes "Retrieved 5 May 2020."; CS2 ({{citation}}) ", retrieved 2020-05-05".
_RETRIEVED: Final = re.compile(
    r"(?:\b(?:Retrieved|Accessed)|(?<=, )(?:retrieved|accessed))(?:\s+on)?\s+([^.\x00]{1,60})"
)
_VIA: Final = re.compile(r"\s*[–—\-]\s*via\s+((?:[^.\x00]|\.(?=\S)){1,120})")
_NOISE: Final = re.compile(
    r"\((?:subscription|registration|free registration)\s+required\)|\((?:free|closed|limited|open)\s+access\)",
    re.IGNORECASE,
)
_MARK: Final = "\x00"


def _cut(rest: str, fields: _Fields) -> str:

    def via(match: re.Match[str]) -> str:
        fields.via = match.group(1).strip()
        return _MARK

    def archived(match: re.Match[str]) -> str:
        fields.archive_date = _date_or_problem(match.group(1) or match.group(2), "archive", fields)
        return _MARK

    def retrieved(match: re.Match[str]) -> str:
        fields.accessed = _date_or_problem(match.group(1), "access", fields)
        return _MARK

    # Each pass is skipped when its keyword is absent: the cheap ``in`` test
    # saves a regex scan of the whole entry for most entries.
    found = ids.scan_rendered(rest)
    if found:
        pieces = []
        kept = 0
        for item in found:
            fields.ids.setdefault(item.scheme, []).append(item.value)
            pieces.append(rest[kept : item.start])
            kept = item.end
        pieces.append(rest[kept:])
        rest = _MARK.join(pieces)
    if "via " in rest:
        rest = _VIA.sub(via, rest)
    if "Archived" in rest or "archived" in rest:
        rest = _ARCHIVED.sub(archived, rest)
    if "etrieved" in rest or "ccessed" in rest:
        rest = _RETRIEVED.sub(retrieved, rest)
    if "required)" in rest or "access)" in rest:
        rest = _NOISE.sub(_MARK, rest)
    return rest


def _date_or_problem(text: str, what: str, fields: _Fields) -> Date | None:
    date = parse_date(text)
    if date is None:
        fields.problems.append(("rendered.bad-date", f"could not read the {what} date {text.strip()!r}"))
    return date


# --- segments -----------------------------------------------------------------


def split_segments(text: str) -> list[str]:
    """Split at ". " and at cut marks, keeping abbreviations such as ``J. Clin.`` together.

    ``_clean`` has already collapsed whitespace, so ". " is the only boundary
    shape; ``str.split`` does the scanning and only the few candidate
    boundaries are examined in Python.
    """
    segments: list[str] = []
    for chunk in text.split(_MARK):
        pieces = chunk.split(". ")
        current = pieces[0]
        for piece in pieces[1:]:
            if piece and _continues(current, piece):
                current = f"{current}. {piece}"
            else:
                segments.append(current)
                current = piece
        segments.append(current)
    cleaned = []
    for segment in segments:
        segment = segment.strip(" ,;")
        if segment.endswith("."):
            segment = segment[:-1].rstrip(" ,;")
        if segment.strip("."):
            cleaned.append(segment)
    return cleaned


def _continues(before: str, after: str) -> bool:
    """Whether ``before``, which ended in a period, ends in an abbreviation that ``after`` continues."""
    token = before[before.rfind(" ") + 1 :].lstrip("([")
    if token in _ALWAYS_PROTECTED:
        return True
    following = after[0]
    if not following.isalpha() or not following.isupper():
        return False
    if len(token) == 1:
        return token.isalpha() and token.isupper()
    if "." in token and token.replace(".", "").isalpha():
        return True
    return token in _JOURNAL_ABBREVIATIONS


_VOLUME: Final = re.compile(
    r"^(?:[Vv]ol(?:ume)?\.?\s*)?(?P<volume>\d[\w\-–/]{0,15}|[IVXLC]{1,8})?"
    r"\s*(?:\((?P<issue>[^()]{1,40})\))?"
    r"\s*(?:\((?P<edition>[^()]{1,30}?)\s+ed\.\))?"
    r"(?:\s*:\s*(?P<pages>[^:]{1,200}))?$"
)
_YEAR_ONLY: Final = re.compile(r"(?:1[5-9]|20)\d\d")
_DISCUSSION: Final = re.compile(r"(?:,\s*((?:discussion|quiz)\s+[\w\-–]+)|\s+(passim))$")
_VOLUME_WORDS: Final = re.compile(
    r"^[Vv]ol(?:ume)?\.?\s*(?P<volume>[\w\-–]{1,15})(?:,?\s*(?:[Nn]o\.?|[Ii]ssue)\s*(?P<issue>[\w\-–/]{1,15}))?"
    r"(?:,?\s*(?:pp?\.)\s*(?P<pages>[^:]{1,200}))?$"
)
_PAGES_WORD: Final = re.compile(r"^(?:pp?\.|pages?)\s*(?P<pages>.{1,200})$")
_LEFT_PAGES: Final = re.compile(r"^(?P<left>[^:]{1,400}):\s*(?P<pages>[^:]{1,200})$")
_PLACE_PUBLISHER: Final = re.compile(r"^(?P<place>[^:\d]{1,120}):\s*(?P<publisher>[^:]{1,300})$")
_EDITION: Final = re.compile(
    r"^(?P<edition>\d{1,3}(?:st|nd|rd|th)?|[A-Z][a-z]{2,12}|Rev\.?|Revised)\s+(?:ed\.?|edn\.?|edition)$",
    re.IGNORECASE,
)
_IN_EDITORS: Final = re.compile(r"^In:?\s+(?P<editors>.{1,2000}?)\s*\((?:eds?\.?|editors?)\)$")
_IN: Final = re.compile(r"^In:?\s+(?P<container>.+)$")


def _split_cs2(segment: str) -> list[str]:
    """A CS2 segment split at ", " where what follows is a field of its own (a date, a volume,
    pages, "Place: Publisher", an edition); a container with commas in its name stays whole."""
    pieces = segment.split(", ")
    if len(pieces) == 1:
        return pieces
    out = [pieces[0]]
    for piece in pieces[1:]:
        if piece and _is_field(piece):
            out.append(piece)
        else:
            out[-1] = f"{out[-1]}, {piece}"
    return out


def _is_field(piece: str) -> bool:
    first = piece[0]
    if (first.isdecimal() or first in "(Vv") and (
        parse_date(piece) is not None or _VOLUME.match(piece) is not None or _VOLUME_WORDS.match(piece)
    ):
        return True
    if first in "pP" and _PAGES_WORD.match(piece) is not None:
        return True
    if ": " in piece and _PLACE_PUBLISHER.match(piece) is not None:
        return True
    return " ed" in piece and _EDITION.match(piece) is not None


_SECTION: Final = re.compile(
    r"^(?:Section|Sect\.|Part|Pt\.|Chapter|Ch\.|Article|Art\.|§)\s*[\w.\-–]{1,20}(?:\s*[:–—-]\s*.{1,120})?$"
)
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _read_segments(segments: list[str], fields: _Fields) -> None:
    before: list[str] = []  # free text before a volume/issue segment: the container
    after: list[str] = []  # free text after it: the publisher
    saw_volume = False
    for segment in segments:
        # Cheap tests on the first character or a keyword gate each pattern.
        first = segment[0]
        if first.isdecimal() and _ISO_DATE.fullmatch(segment) and (date := parse_date(segment)) is not None:
            # "2022-11-01" is a date, never a volume and issue.
            fields.issued = fields.issued or date
            continue
        if fields.issued is None and not (fields.quoted and fields.authors) and _YEAR_ONLY.fullmatch(segment):
            # "Dorland's … (29th ed.). W.B. Saunders Co. 2000. ISBN …": a book's year after its publisher;
            # without an author, CS1 writes any item's date there ("Apollo 11 Mission Report". NASA. 1971.).
            fields.issued = parse_date(segment)
            continue
        # "Vol. 3", "XII (3)", but not "Clinical Rheumatology":
        volume_like = first in "Vv" or (first in "IXLC" and not segment[1:2].islower())
        match = _VOLUME.match(segment) if first.isdecimal() or first == "(" or volume_like else None
        pages = match.group("pages") if match else None
        discussion = _DISCUSSION.search(pages) if pages and pages[-1] in "0123456789m" else None
        if discussion is not None and pages is not None:
            # "39 (1): 13–24, discussion 25", "15–25, quiz 26", "447–456 passim": a note on the pages.
            fields.tags.append(discussion.group(1) or discussion.group(2))
            pages = pages[: discussion.start()]
        if match and (match.group("volume") or match.group("issue")) and (pages is None or is_pages(pages)):
            fields.volume = fields.volume or match.group("volume")
            fields.issue = fields.issue or match.group("issue")
            if pages:
                fields.page = normalize_pages(pages)
            saw_volume = True
            continue
        if first in "Vv" and (match := _VOLUME_WORDS.match(segment)) is not None:
            fields.volume = match.group("volume")
            fields.issue = match.group("issue") or fields.issue
            if match.group("pages") and is_pages(match.group("pages")):
                fields.page = normalize_pages(match.group("pages"))
            continue
        if first in "pP" and (match := _PAGES_WORD.match(segment)) is not None and is_pages(match.group("pages")):
            fields.page = normalize_pages(match.group("pages"))
            continue
        if ":" in segment and (match := _LEFT_PAGES.match(segment)) is not None and is_pages(match.group("pages")):
            # "Springer: 451–459" after a volume names the publisher; "Journal: 64"
            # (a journal without a volume) names the container.
            fields.page = normalize_pages(match.group("pages"))
            (after if saw_volume or before else before).append(match.group("left").strip())
            saw_volume = True
            continue
        if (date := parse_date(segment)) is not None and (fields.issued is None or not segment.isdecimal()):
            if fields.issued is None:
                fields.issued = date
            continue
        if is_no_date(segment):
            continue
        if segment.startswith("In"):
            if (match := _IN_EDITORS.match(segment)) is not None:
                fields.editors, _ = parse_names(match.group("editors"))
                fields.chapter = True
                continue
            if (match := _IN.match(segment)) is not None and fields.container is None and fields.title:
                fields.chapter = True
                fields.container = match.group("container")
                continue
        if " ed" in segment and (match := _EDITION.match(segment)) is not None:
            fields.edition = match.group("edition")
            continue
        if first in "SsPpCcA§" and fields.section is None and _SECTION.match(segment):
            # "Section 17.4", "Part 2", "Chapter 5", "§ 3": which part of the work is cited.
            fields.section = segment
            continue
        (after if saw_volume else before).append(segment)
    if saw_volume:
        if before and fields.container is None:
            fields.container = _restore_abbreviation_period(". ".join(before))
            before = []
        _place_free_segments(before + after, fields, wants_container=False)
    else:
        _place_free_segments(before, fields, wants_container=fields.quoted or fields.chapter)
    if fields.container and fields.container.endswith(")") and fields.issue is None:
        bare = _BARE_ISSUE.search(fields.container)
        if bare is not None:
            # "Journal of Pain (10): 12–15": an issue without its volume, not part of the journal's name.
            fields.issue = bare.group(1)
            fields.container = fields.container[: bare.start()].rstrip()
    if fields.container and fields.container.endswith(")"):
        note = _CONTAINER_NOTE.search(fields.container)
        if note:
            # "Journal of Y (Review)": what kind of item, not part of the journal's name.
            fields.container = fields.container[: note.start()].rstrip()
            fields.tags.append(note.group(1))


_BARE_ISSUE: Final = re.compile(r"\s\((\d{1,4}[A-Za-z]?)\)$")
_CONTAINER_NOTE: Final = re.compile(
    r"\s*\((review|editorial|letter|abstract|comment|commentary|erratum|correction|retraction|retracted|"
    r"case reports?|meeting abstracts?|systematic review|meta-analysis)\)$",
    re.IGNORECASE,
)


def _restore_abbreviation_period(container: str) -> str:
    """``J. Clin. Rheumatol`` lost its last period to the segment split; give it back."""
    last = container.rsplit(" ", 1)[-1]
    if ". " in container and (last in _JOURNAL_ABBREVIATIONS or (len(last) == 1 and last.isupper())):
        return container + "."
    return container


def _place_free_segments(free: list[str], fields: _Fields, *, wants_container: bool) -> None:
    """Free text goes to the container (quoted titles), then the publisher, then ``note``."""
    for segment in free:
        if wants_container and fields.container is None:
            fields.container, tags = _title_tags(segment)
            fields.tags.extend(tags)
            continue
        if fields.publisher is None:
            match = _PLACE_PUBLISHER.match(segment) if ":" in segment else None
            if match:
                fields.place = match.group("place").strip()
                fields.publisher = match.group("publisher").strip()
            else:
                fields.publisher = segment
            continue
        fields.leftover.append(segment)


# --- type -----------------------------------------------------------------------

_NEWS: Final = re.compile(
    r"\b(?:news|times|post|herald|tribune|guardian|telegraph|reuters|associated press|gazette|chronicle|daily|"
    r"weekly|independent|observer|economist|bloomberg|agence france-presse|afp|cnn|npr|bbc|journal-constitution|"
    r"wall street journal|star|sun|mirror|express|inquirer|globe and mail|le monde|der spiegel|newsweek|time)\b",
    re.IGNORECASE,
)
_PREPRINT: Final = re.compile(rf"^(?:{'|'.join(PREPRINT_SERVERS)})\b", re.IGNORECASE)
_JOURNAL_WORDS: Final = re.compile(
    r"\b(?:journal|review|reviews|annals|bulletin|acta|archives|transactions|letters|quarterly|lancet|bmj|jama|"
    r"medicine|research|science|sciences|reports)\b|^J\.? ",
    re.IGNORECASE,
)
_REPORT_NUMBER: Final = re.compile(r"^(?=[^ ]*\d)[A-Z0-9][\w\-/.]{0,30}$")


def _is_conference(container: str) -> bool:
    """A conference's name or proceedings; a substring test first spares most containers the pattern."""
    lowered = container.lower()
    return any(word in lowered for word in MEETING_WORDS) and bool(MEETING.search(container))


_THESIS: Final = re.compile(r"\b(?:thesis|dissertation)\b", re.IGNORECASE)
_LANGUAGE: Final = re.compile(r"^in\s+([A-Z][a-z]+(?:\s+and\s+[A-Z][a-z]+)?)$")
_MEDIA: Final = frozenset({"pdf", "video", "audio", "podcast", "powerpoint", "djvu", "doc", "xls", "map", "image"})


def _classify_tags(fields: _Fields) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in fields.tags:
        lowered = tag.lower()
        if lowered in _MEDIA:
            found["medium"] = tag if tag.isupper() else tag.capitalize()
        elif _THESIS.search(tag):
            found["type"] = "thesis"
            found["genre"] = tag
        elif "report" in lowered:
            found["type"] = "report"
            if lowered != "report":
                found["genre"] = tag
        elif lowered in {"press release", "preprint", "letter", "editorial", "abstract", "review", "comment"}:
            found["genre"] = tag
            if lowered == "preprint":
                found["type"] = "article"
        elif (match := _LANGUAGE.match(tag)) is not None:
            found["language"] = match.group(1)
        elif (match := _EDITION.match(tag)) is not None:
            found["edition"] = match.group("edition")
        else:
            found.setdefault("unknown", tag)
    return found


def _decide_type(fields: _Fields, tags: dict[str, str]) -> str:
    container = fields.container or ""
    if "type" in tags:
        return tags["type"]
    if fields.chapter or (fields.quoted and container and fields.ids.get("isbn")):
        return "paper-conference" if _is_conference(container) else "chapter"
    if _PREPRINT.match(container) or (fields.ids.get("arxiv") and not container):
        return "article"
    if fields.volume or fields.issue:
        return "paper-conference" if _is_conference(container) else "article-journal"
    if fields.quoted and container:
        if any(fields.ids.get(s) for s in ("doi", "pmid", "pmcid", "issn")):
            return "paper-conference" if _is_conference(container) else "article-journal"
        if _NEWS.search(container) or (fields.via or "").lower() in {"newspapers.com", "proquest"}:
            return "article-newspaper"
        if _JOURNAL_WORDS.search(container) and not (fields.accessed or fields.archive_date):
            return "article-journal"
        return "webpage"
    if fields.quoted:
        return "webpage" if fields.accessed or fields.archive_date or not fields.ids else "article-journal"
    if fields.title and (fields.ids.get("isbn") or fields.publisher or fields.edition or fields.place):
        return "book"
    return "document"


# --- one entry --------------------------------------------------------------------


# Wikipedia's inline maintenance tags ({{full citation needed}}, {{dead link}}…), as they are rendered
# after a reference: editors' notes about the citation, not part of it.
_MAINTENANCE: Final = re.compile(
    r"\s*\[(?:full citation needed|permanent dead link|dead link(?: since [^\]]{1,40})?|citation needed"
    r"|failed verification|better source(?: needed)?|page needed|pages needed|verification needed"
    r"|clarification needed|unreliable (?:medical |fringe )?source\??|self-published source\??"
    r"|non-primary source needed|medical citation needed|not in citation given|year needed|date missing"
    r"|title missing|ISBN missing|volume & issue needed|incomplete short citation|inconsistent"
    r"|irrelevant citation|promotional source\??|predatory publisher\??|retracted|deprecated source\??"
    r"|bare URL(?: PDF)?|link currently leads to a wrong person)\]",
    re.IGNORECASE,
)


def _keep_tag(match: re.Match[str], kept: list[str]) -> str:
    kept.append(match.group().strip()[1:-1])
    return " "


# Wikipedia's CS1 messages, shown to editors who turned them on: "{{cite journal}}: CS1 maint: DOI
# inactive as of January 2024 (link)". Kept with the maintenance tags, never read as a field.
_CS1_MESSAGE: Final = re.compile(
    r"\s*\{\{cite [a-z ]{1,20}\}\}:\s+(CS1 (?:maint|errors?): [^{}]{1,200}?\((?:link|help)\))"
)


def _keep_message(match: re.Match[str], kept: list[str]) -> str:
    kept.append(match.group(1))
    return " "


def parse_entry(
    raw: str,
    *,
    source: str | None = None,
    line: int | None = None,
    number: int | None = None,
    key: str | None = None,
) -> tuple[Reference, list[Diagnostic]]:
    """Parse one rendered CS1 entry into a record and the problems found in it.

    ``key`` is the entry's own name where the document gives one (a wikitext ``<ref name>``).
    A pinpoint at the end of a note ("…, p85", "…, ch. 18") becomes the record's page, so it is
    never read into the title (two notes citing one book at two places are one work).
    """
    text = strip_backlinks(_clean(raw))
    maintenance: list[str] = []
    if "[" in text:
        text = _MAINTENANCE.sub(lambda match: _keep_tag(match, maintenance), text)
    if "{{cite" in text:
        text = _CS1_MESSAGE.sub(lambda match: _keep_message(match, maintenance), text).rstrip()
    place = build.provenance(source=source, line=line, number=number, text=raw.strip(), key=key, format=NAME)
    rest, locator = split_locator(text)
    if is_back_reference(text):
        return _back_reference(text, locator, maintenance, place)
    if locator is not None and _HAS_WORDS.search(rest):
        record, diagnostics = _parse_text(rest, maintenance, place, whole=text)
        if record.page is None:
            return attrs.evolve(record, page=locator), diagnostics
    return _parse_text(text, maintenance, place)


def _back_reference(
    text: str, locator: str | None, maintenance: list[str], place: Provenance
) -> tuple[Reference, list[Diagnostic]]:
    """ "Ibid., p. 45": no work of its own to read (it cites what the note before it cites). Kept
    whole in the note, its pinpoint as the page, with a warning; never compared as a title."""
    extra = [("maintenance", maintenance)] if maintenance else []
    record = build.record({}, [], type="document", page=locator, note=text, extra=extra, provenance=place)
    message = f"{text[:40]!r} refers back to an earlier note: the work it cites is not in it"
    return record, [Diagnostic("warning", "rendered.back-reference", message, place.source, place.line)]


_HAS_WORDS: Final = re.compile(r"[^\W\d_]{2,}.*\s.*[^\W\d_]{2,}")
"""At least two words are left once the pinpoint is cut: a title to read."""


def _parse_text(
    text: str, maintenance: list[str], place: Provenance, *, whole: str | None = None
) -> tuple[Reference, list[Diagnostic]]:
    """``text`` read by the CRF or the CS1 rules. ``whole``, when a pinpoint was cut from the entry,
    is its cleaned text with the pinpoint, which the CRF's record keeps as its own."""
    source, line = place.source, place.line
    short = _SHORT_NOTE.match(text) if whole is not None else None
    if short is None and learned.wants(text):
        # Not CS1 (Vancouver, APA): the citation CRF labels it.
        record, found = learned.parse(text, source=source, line=line, number=place.number, key=place.key)
        if maintenance:  # the editors' notes ("[dead link]") cut from the text are kept, as below
            record = attrs.evolve(record, extra=(*record.extra, ("maintenance", maintenance)))
        if whole is not None and record.provenance is not None:
            record = attrs.evolve(record, provenance=attrs.evolve(record.provenance, text=whole))
        return record, found
    fields = _Fields()
    fields.maintenance = list(maintenance)
    if short is not None:
        # "Landa, A Modest Proposal and Populousness": a shortened footnote's author and title.
        name = short.group("name")
        # One word before the comma is the family name the note shortens the author to.
        fields.authors = (build.name(family=name),) if " " not in name else parse_names(name)[0]
        fields.title = short.group("title")
        segments: list[str] = []
        title = None
    else:
        title = find_quoted_title(text)
        if title is not None:
            fields.quoted = True
            fields.title = title.text
            fields.tags = list(title.tags)
            fields.translated = title.translated
            _read_head(text[: title.start], fields)
            rest = text[title.end :]
        else:
            rest = _read_unquoted_head(text, fields)
        segments = split_segments(_cut(rest, fields))
        if title is not None and text[: title.end].rstrip().endswith(","):
            # CS2 ({{citation}}): "Title", Work, Place: Publisher, … — fields apart by commas.
            segments = [piece for segment in segments for piece in _split_cs2(segment)]
        if title is None and segments:
            fields.title, tags = _title_tags(segments.pop(0))
            fields.tags = tags
    _read_segments(segments, fields)
    checked: list[Diagnostic] = []
    record = _build(fields, place, checked)
    diagnostics = [Diagnostic("warning", code, message, source, line) for code, message in fields.problems]
    if not record.title:
        diagnostics.append(Diagnostic("warning", "rendered.no-title", "no title found in this entry", source, line))
    for segment in fields.leftover:
        diagnostics.append(
            Diagnostic(
                "warning", "rendered.unplaced-text", f"could not place {segment[:80]!r}; kept in note", source, line
            )
        )
    diagnostics.extend(checked)
    return record, diagnostics


# A shortened footnote, "Family, Title" (its pinpoint already cut): one to three capitalised words
# before the comma, no date, no quotes, no sentence after a full stop ("Smith, John. The Book.
# Penguin." is CS1 without a date; "Vol. I" is an abbreviation), and no lone word after the comma
# ("Smith, John, Title" is not one: "John" may be a given name).
_SHORT_NOTE: Final = re.compile(
    r"^(?P<name>[A-Z][\w'’\-]+(?:\s(?:[A-Z][\w'’\-]+|de|van|von|der|la|le|du|of)){0,2}),\s"
    r"(?!\w+,)(?!.*\w{4}\.\s[A-Z])(?P<title>[A-Z“\"'‘][^;\d\"“”()\[\]]{2,200}?)\.?$"
)


def _read_unquoted_head(text: str, fields: _Fields) -> str:
    """For entries without a quoted title: authors and date up to ``(date).``, if any; without a
    date, CS1's names ("Smith, John. The Book of Things. Penguin.") when a title and more follow."""
    for match in _AUTHOR_DATE.finditer(text, 0, 4000):
        content = match.group(1)
        if parse_date(content) is not None or is_no_date(content):
            _read_head(text[: match.end()], fields)
            return text[match.end() :]
    undated = _UNDATED_NAMES.match(text)
    if undated is not None and text.count(". ", undated.end()) >= 1:
        # Read as a title, two books by one author were one work ("Smith, John Paul" twice).
        names = undated.group("names")
        _read_head(names + "." if names[-2:-1] in (" ", ".") else names, fields)  # "Smith, J. P." keeps its stop
        return text[undated.end() :]
    return text


# CS1's author list: "Family, Given" (given names or initials), apart by semicolons, then a full stop.
_CS1_NAME: Final = r"[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,\s[A-Z][\w'’\-]*(?:\.?\s[A-Z][\w'’\-]*){0,2}"
_UNDATED_NAMES: Final = re.compile(
    rf"^(?P<names>{_CS1_NAME}(?:;\s{_CS1_NAME}){{0,20}}(?:;?\set al)?)\.\s+(?=[A-Z“\"'‘])"
)


_TRAILING_TAG: Final = re.compile(r"\s*\(([^()]{1,80})\)$|\s*\[([^\[\]]{1,300})\]$")


def _title_tags(segment: str) -> tuple[str, list[str]]:
    tags: list[str] = []
    for _ in range(5):
        match = _TRAILING_TAG.search(segment)
        if match is None or match.start() == 0:
            break
        tags.insert(0, match.group(1) or match.group(2))
        segment = segment[: match.start()]
    return segment.strip(), tags


def _build(fields: _Fields, provenance: Provenance, diagnostics: list[Diagnostic]) -> Reference:
    tags = _classify_tags(fields)
    found = fields.ids
    extras: list[tuple[str, Any]] = []
    if fields.translated:
        extras.append(("translated-title", fields.translated))
    if "unknown" in tags:
        extras.append(("title-note", tags["unknown"]))
    if fields.section:
        extras.append(("section", fields.section))
    if fields.maintenance:
        # Kept, not parsed: the editors' notes about the citation ("dead link").
        extras.append(("maintenance", fields.maintenance))
    record_type = _decide_type(fields, tags)
    number = None
    if record_type == "report" and fields.leftover and _REPORT_NUMBER.match(fields.leftover[0]):
        number = fields.leftover.pop(0)
    publisher = fields.publisher
    if record_type == "thesis" and publisher is None and fields.container:
        publisher, fields.container = fields.container, None
    return build.record(
        found,
        diagnostics,
        type=record_type,
        title=fields.title,
        authors=fields.authors,
        editors=fields.editors,
        et_al=fields.et_al,
        issued=fields.issued,
        container_title=fields.container,
        volume=fields.volume,
        issue=fields.issue,
        page=fields.page,
        edition=tags.get("edition") or fields.edition,
        number=number,
        publisher=publisher,
        publisher_place=fields.place,
        medium=tags.get("medium"),
        genre=tags.get("genre"),
        language=tags.get("language"),
        source=fields.via,
        note="; ".join(fields.leftover) or None,
        accessed=fields.accessed,
        archive_date=fields.archive_date,
        extra=extras,
        provenance=provenance,
    )


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse a whole article or a bare rendered list into records with diagnostics.

    :raises NoReferencesError: when the text holds nothing that looks like a list.
    """
    records: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    try:
        entries = find_entries(text)
    except NoReferencesError as error:
        error.source = source
        raise
    for entry in entries:
        record, problems = parse_entry(entry.text, source=source, line=entry.line, number=entry.number)
        records.append(record)
        diagnostics.extend(problems)
    if not records:
        raise NoReferencesError("the reference list is empty", source=source)
    return ParseResult(records, diagnostics)


__all__ = [
    "NAME",
    "Entry",
    "find_entries",
    "loads",
    "parse_entry",
    "sniff",
    "split_segments",
    "strip_backlinks",
]
