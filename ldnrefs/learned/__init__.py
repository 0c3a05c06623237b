"""The learned reader: a linear-chain CRF labels each word of a reference that is not CS1.

Wikipedia's CS1 entries go through the rules of :mod:`ldnrefs.readers.rendered`;
references in other styles (Vancouver ``Younger J, Parkitny L. Title. Clin
Rheumatol. 2014;33(4):451-9.``, APA ``Kim, P. S., & Fishman, M. A. (2020).
Title. Journal, 24(10), 64.``) are labelled word by word by the CRF in
``ldnrefs/data/citation.crfsuite`` (trained by :mod:`ldnrefs.training`), and the
labelled segments are read by the same normalisers as every other reader.
Identifiers come from the pattern pass every reader uses. Each field's
confidence (the least marginal probability of its words) is kept in
``extra["field-confidence"]``; an entry whose author, title or date falls below
:data:`CONFIDENT` gets a warning.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Final

from ldnrefs import build
from ldnrefs import identifiers as ids
from ldnrefs.dates import parse_date, pubmed_date
from ldnrefs.learned import names
from ldnrefs.learned.features import features, spaced, tokens
from ldnrefs.model import Date, Diagnostic, Reference
from ldnrefs.pages import normalize_pages
from ldnrefs.vocabulary import MEETING

CONFIDENT: Final = 0.6
"""Below this least-marginal probability a main field (author, title, date) is flagged."""
NAME: Final = "rendered"
LONGEST: Final = 3000
"""Characters of an entry the CRF labels: a reference of a thousand authors is about this long."""


@cache
def _tagger() -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    with resources.as_file(resources.files("ldnrefs").joinpath("data/citation.crfsuite")) as path:
        tagger.open(str(path))
    return tagger


def _labelled(text: str) -> list[tuple[int, int, str, float]]:
    """Each token's place in ``text``, its label, and the tagger's confidence in that label."""
    found = tokens(text)
    if not found:
        return []
    tagger = _tagger()
    tagger.set(features([match.group() for match in found], spaced(text, found)))
    labels = tagger.tag()
    return [
        (match.start(), match.end(), tag, tagger.marginal(tag, index))
        for index, (match, tag) in enumerate(zip(found, labels, strict=True))
    ]


def _segments(
    text: str, labelled: list[tuple[int, int, str, float]]
) -> tuple[dict[str, tuple[str, float]], list[tuple[str, str, int]]]:
    """The first run of each label, as the text it spans (spacing as written), with its least
    confidence; and every later run of a label already seen (label, text, where it starts)."""
    found: dict[str, tuple[str, float]] = {}
    later: list[tuple[str, str, int]] = []
    index = 0
    while index < len(labelled):
        tag = labelled[index][2]
        end = index
        while end < len(labelled) and labelled[end][2] == tag:
            end += 1
        span = text[labelled[index][0] : labelled[end - 1][1]]
        if tag not in found:
            found[tag] = (span, min(confidence for _, _, _, confidence in labelled[index:end]))
        elif span.strip(" .,;:()[]"):
            later.append((tag, span, labelled[index][0]))
        index = end
    return found, later


def _date(written: str) -> Date | None:
    text = _strip(written).strip("()[]").strip(" .,;")
    return parse_date(text) or pubmed_date(text)


_DATE_WORD: Final = re.compile(r"^(?:e-?pub(?:lished)?|published(?: online)?|online|accessed|updated)\b:?\s*", re.I)
_IN_BEFORE: Final = re.compile(r"\b[Ii]n:?\s*$")


def _place_later_runs(
    text: str,
    later: list[tuple[str, str, int]],
    segments: dict[str, tuple[str, float]],
    identified: list[tuple[int, int]],
) -> tuple[list[str], list[str], bool]:
    """Put what the first run of each label left aside: a second title after "In" is the book a
    chapter is in ("… pp. 187–218 in Plants, Genes, and Agriculture."), a second note joins the
    first, a date that parses replaces one that does not. Returned: what else the note keeps (a
    second date: "Epub 2009 Dec 1"), what could not be placed (kept in the note too, with a
    warning: never dropped), and whether a book was found after "In". Runs inside an identifier
    (``identified``: "PMID: 12345678" read as a volume and pages) are read with the identifiers."""
    unplaced: list[str] = []
    noted: list[str] = []
    in_book = False
    for tag, span, start in later:
        core = span.strip(" .,;:()[]")
        first = start + span.find(core)
        if any(begin < first + len(core) and first < end for begin, end in identified):
            continue
        if tag == "title" and "container" not in segments and _IN_BEFORE.search(text[max(0, start - 6) : start]):
            segments["container"] = (span, segments["title"][1])
            in_book = True
        elif tag == "date" and _date(segments["date"][0]) is None and _date(span) is not None:
            # "Kellert, In the Wake of Chaos: …, 1993": "In the" taken for a date, the year later.
            unplaced.append(_strip(segments["date"][0]))
            segments["date"] = (span, segments["date"][1])
        elif tag == "date" and _date(_DATE_WORD.sub("", _strip(span))) is not None:
            noted.append(_strip(span))  # "2010;… Epub 2009 Dec 1": a second date, kept as written
        elif tag == "note":
            segments["note"] = (f"{segments['note'][0].rstrip(' .;')}; {span}", segments["note"][1])
        elif tag != "identifier":  # identifiers are read from the whole entry (``ids.scan_rendered``)
            unplaced.append(_strip(span))
    return noted, unplaced, in_book


_VOLUME: Final = re.compile(
    r"(?:(?P<year>(?:1[5-9]|20)\d\d)?[^;]*;\s*)?(?:vol(?:ume)?\.?\s*)?(?P<volume>[\dIVXLC]+[A-Za-z]?)?"
    r"\s*(?:\((?P<issue>[^)]{1,20})\)|,?\s*(?:no|issue)\.?\s*(?P<number>\w{1,10}))?"
    r"\s*(?::\s*(?P<pages>[\w\-–—,+ ]+)|,\s*(?P<second>[A-Za-z]?\d[\w\-–—]*))?",
    re.IGNORECASE,
)


# The title's first words after the last initials: two words or more (a surname alone is the
# last author: "… and D. McLain."), or one ending in a colon ("Sudakin D. Naltrexone:").
_TITLE_IN_AUTHORS: Final = re.compile(r"^(.*?\b[A-Z]{1,3}\.)\s+((?![A-Z][a-z]?\.)[A-Z][^\s,]*(?:\s+[^,\s][^,]*|:))$")
# The spill point is after a family name's initials ("Vrooman B."), not after initials that come
# before a family name ("Carr, S., K.S. McKinley & C.-W. Tseng.").
_ENDS_WITH_A_NAME: Final = re.compile(r"\b[A-Z][a-z][\w'’\-]*,?\s(?:[A-Z]\.?-?\s?){1,4}$")
# …and what follows is no more names ("Bird & S.S. Bhattacharya.").
_MORE_NAMES: Final = re.compile(r"&|\band\s[A-Z]\.|\b[A-Z]\.\s?[A-Z][\w'’\-]+\.?$")
_ABSTRACT: Final = re.compile(r"\b(?:Abstract|Abstr\.|Poster)\s*(?:no\.?\s*)?#?\s*[A-Z]?\d[\w\-]*", re.IGNORECASE)
_CLOSED_QUOTE: Final = re.compile(r"^[\"“«]?([^\"“”«»]+[\"”»])\s*[,.]?\s*(\S[^\"“”«»]*)$")
_CONTAINER_TAIL: Final = re.compile(r"\s(?:(?P<pages>\d+\s?[-–‑]\s?\d+)|(?P<volume>\d{1,4}))$")
_TITLE_THEN_JOURNAL: Final = re.compile(
    r"^(.{10,}?[.?!])\s+([A-Z][\w&'’\-]*\.?(?:\s(?:[A-Z][\w&'’\-]*\.?|and|of|the|in|for|on|&)){0,9})$"
)


def _strip(value: str) -> str:
    return value.strip().strip(".,;:").strip()


# NLM/Vancouver's parts of an online item: "Site [Internet]. NASA; 2006 [cited 2008 Feb 7]. Day 1:
# Earth Orbit. Available from: http://…". The CRF read the citation date's day as a note and the
# page's own title (a part of the site) as a note or the container.
_INTERNET: Final = re.compile(r"\s*\[(?:Internet|Online|serial on the Internet|online)\]", re.IGNORECASE)
# "p. 176", "Vol. 2", "no. 5" after the date are a locator, not a part's title.
_NOT_A_LOCATOR: Final = r"(?!(?:pp?|pages?|vols?|nos?|chap|ch|sec|s)(?:\.\s*|\s+)[\dIVXLivxl])"
_CITED: Final = re.compile(r"\s*\[(?:updated\s[^\];]{4,40};\s*)?(?:cited|accessed)\s(?P<date>[^\];]{4,40})\]", re.I)
_PART_AFTER_CITED: Final = re.compile(
    rf"\.\s*{_NOT_A_LOCATOR}(?P<part>[A-Za-z][^\[\]]{{1,200}}?)\.?\s*(?:\[(?:about\s)?[^\]]{{1,30}}\]\.?\s*)?"
    r"(?=Available (?:from|at)\b)",
    re.IGNORECASE,
)
_PART_AFTER_YEAR: Final = re.compile(
    rf"\b(?:1[5-9]|20)\d\d[a-z]?\.\s*{_NOT_A_LOCATOR}(?P<part>[A-Za-z][^\[\]]{{1,200}}?)\.?\s*"
    r"(?=Available (?:from|at)\b)",
    re.IGNORECASE,
)
_AVAILABLE: Final = re.compile(r"\.?\s*Available (?:from|at):?\s*(?:<?https?://\S+|www\.\S+)?", re.IGNORECASE)


def _online_parts(text: str) -> tuple[str, Date | None, str | None]:
    """The entry without NLM's online-item marks ("[Internet]", "[cited …]", "Available from: URL",
    which the identifiers are read from anyway), the date it was cited on, and the part of the site
    named after that date."""
    cited = _CITED.search(text)
    internet = _INTERNET.search(text)
    if cited is None and internet is None:
        return text, None, None
    accessed = _date(cited.group("date")) if cited else None
    part = None
    if cited is not None:
        after = _PART_AFTER_CITED.match(text, cited.end())
        if after is not None:
            part = after.group("part").strip()
            text = text[: cited.end()] + ". " + text[after.end() :]
        text = text[: cited.start()] + text[cited.end() :]
    elif internet is not None and (after := _PART_AFTER_YEAR.search(text, internet.end())) is not None:
        # No citation date: the part follows the site's date ("Site [Internet]. 2015. Adults in Alaska.").
        part = after.group("part").strip()
        text = text[: after.start("part")] + text[after.end() :]
    text = _AVAILABLE.sub(".", _INTERNET.sub("", text))
    return re.sub(r"\.(?:\s*\.)+", ".", text).strip(), accessed, part


_OPEN_TAIL: Final = re.compile(r"\s+\((?P<words>[A-Z][^()\d:]{1,59}?)(?::\s*(?P<publisher>[^()\d:]{2,60}?))?$")


_MATE: Final = {"(": ")", "[": "]", ")": "(", "]": "["}
_IN_BOOK: Final = re.compile(r"(?<=[\w)\]”'\"][.?!])\s+In:\s+(?=\S)")


def _split_book(fields: dict[str, Any]) -> bool:
    """NLM's chapter, "Table of Contents. In: Apollo by the Numbers …", read as one title: the
    chapter's title and its book. True when split."""
    title = fields.get("title")
    book = _IN_BOOK.search(title) if title and not fields.get("container_title") else None
    if title is None or book is None:
        return False
    fields["title"], fields["container_title"] = title[: book.start()].rstrip("."), title[book.end() :]
    return True


def _balance_brackets(fields: dict[str, Any]) -> None:
    """A bracket the CRF cut from its mate: Chicago's "(New Haven: Yale University Press, 1985)" gave
    the place "(New Haven"; "(Yale, 1985)" left "(Yale" at the end of the title, where it is the
    publisher (with a colon, place and publisher)."""
    title = fields.get("title")
    if title and title.count("(") > title.count(")"):
        tail = _OPEN_TAIL.search(title)
        before = title[: tail.start()] if tail is not None else ""
        if tail is not None and not fields.get("publisher") and before.count("(") == before.count(")"):
            fields["title"] = title[: tail.start()].rstrip(" ,.")
            if tail.group("publisher"):
                fields["publisher"] = tail.group("publisher").strip()
                fields.setdefault("publisher_place", tail.group("words").strip())
            else:
                fields["publisher"] = tail.group("words").strip()
    for attr in ("publisher_place", "publisher", "container_title", "edition"):
        value = fields.get(attr)
        if not value:
            continue
        if value[0] in "([" and value.count(value[0]) > value.count(_MATE[value[0]]):
            value = value[1:].lstrip()
        if value and value[-1] in ")]" and value.count(value[-1]) > value.count(_MATE[value[-1]]):
            value = value[:-1].rstrip()
        fields[attr] = value or None


def parse(
    text: str, *, source: str | None = None, line: int | None = None, number: int | None = None, key: str | None = None
) -> tuple[Reference, list[Diagnostic]]:
    """One reference in any style, labelled by the CRF, as a record and its diagnostics."""
    read = text
    if len(text) > LONGEST:
        # No reference is this long (a pasted article, a list run together): its first part is read,
        # with a warning, rather than labelling megabytes.
        cut = text.rfind(" ", 0, LONGEST)
        read = text[: cut if cut > 0 else LONGEST]
    truncated = read is not text
    read, accessed, part = _online_parts(read)
    segments, later = _segments(read, _labelled(read))
    confidence = {field: round(value, 3) for field, (_, value) in segments.items()}
    identifiers = ids.scan_rendered(text)
    identified = [(item.start, item.end) for item in identifiers]
    noted, unplaced, in_book = _place_later_runs(read, later, segments, identified)
    fields: dict[str, Any] = {}
    if "author" in segments:
        fields["authors"], fields["et_al"] = names.split(segments["author"][0])
    if "editor" in segments:
        editors = re.sub(r"^(?:In:?\s*)|\(?\b[Ee]ds?\.?\)?,?$|\(?[Ee]ditors?\)?,?$", "", segments["editor"][0])
        fields["editors"], _ = names.split(editors)
    issued = None
    if "date" in segments:
        issued = _date(segments["date"][0])
    volume_text = segments.get("volume", ("", 0.0))[0]
    match = _VOLUME.match(_strip(volume_text)) if volume_text else None
    if match:
        fields["volume"] = match.group("volume")
        fields["issue"] = match.group("issue") or match.group("number")
        if match.group("pages"):
            fields["page"] = normalize_pages(_strip(match.group("pages")))
        elif match.group("second") and not fields["issue"]:
            # "24, 64": Nature's volume and page (or article number); before a pages field, an issue.
            if "pages" in segments:
                fields["issue"] = match.group("second")
            else:
                fields["page"] = normalize_pages(match.group("second"))
        if issued is None and match.group("year"):
            issued = parse_date(volume_text.split(";")[0].strip())
    if issued is None:
        year = re.search(r"\b(?:1[5-9]|20)\d\d\b", text)
        issued = build.date(int(year.group())) if year else None
    fields["issued"] = issued
    if "pages" in segments:
        pages = re.sub(r"^(?:pages?|pp?\.?|s\.)\s*", "", _strip(segments["pages"][0]).strip("()"), flags=re.I)
        pages = re.sub(r"\s+[Ii]n:?$", "", pages)  # "pp. 187–218 in Book": the book is the container
        if pages and re.search(r"\d", pages) and not re.search(r"doi|http|www\.", pages, re.I):
            fields["page"] = normalize_pages(pages)
    if "author" in segments:
        author_text = segments["author"][0]
        spill = _TITLE_IN_AUTHORS.match(author_text)
        if spill is not None and _ENDS_WITH_A_NAME.search(spill.group(1)) and not _MORE_NAMES.search(spill.group(2)):
            # "Toljan K, Vrooman B. Low-Dose Naltrexone (": the title's first words (or all of it) left
            # with the authors. The list ends at the initials that a capitalised word (not a name) follows.
            fields["authors"], fields["et_al"] = names.split(spill.group(1))
            if "title" in segments:
                segments["title"] = (f"{spill.group(2)} {segments['title'][0]}", segments["title"][1])
            else:
                segments["title"] = (spill.group(2), segments["author"][1])
    abstract = _ABSTRACT.search(text)
    if abstract is not None:
        # "…; 2019:Abstract 123": a meeting abstract's number is a note, not a volume or pages.
        segments["note"] = (abstract.group(), 1.0)
        if fields.get("page") and fields["page"] in abstract.group():
            del fields["page"]
        if fields.get("volume") and issued is not None and fields["volume"] == str(issued.year):
            del fields["volume"]
    for field, attr in (("title", "title"), ("container", "container_title"), ("publisher", "publisher")):
        if field in segments:
            fields[attr] = _strip(
                re.sub(r"^[Ii]n:?\s+", "", segments[field][0]) if field == "container" else segments[field][0]
            )
    container = fields.get("container_title")
    if container and not fields.get("volume") and not fields.get("page"):
        # "Am J Respir Crit Care Med 156", "Dev Suppl 115–124": a volume or pages left with the journal.
        tail = _CONTAINER_TAIL.search(container)
        if tail is not None and len(container) > tail.end() - tail.start() + 2:
            fields["container_title"] = container[: tail.start()].rstrip(" ,.")
            if tail.group("pages"):
                fields["page"] = normalize_pages(tail.group("pages"))
            else:
                fields["volume"] = tail.group("volume")
    if fields.get("title"):
        quoted = _CLOSED_QUOTE.match(fields["title"])
        if quoted is not None:
            # "“Title,” Alternative | Therapies…": the words after the closing quote start the container.
            rest = quoted.group(2).strip(" ,.")
            fields["title"] = quoted.group(1)
            if rest and fields.get("container_title"):
                fields["container_title"] = f"{rest} {fields['container_title']}"
        fields["title"] = _strip(fields["title"].strip("\"“”'‘’ ")).strip("\"“”'‘’ ")
        if not fields.get("container_title") and (fields.get("volume") or fields.get("page")):
            # "… chronic pain. Clinical Rheumatology.": the journal left at the end of the title.
            tail = _TITLE_THEN_JOURNAL.match(fields["title"])
            if tail:
                fields["title"], fields["container_title"] = tail.group(1).rstrip("."), tail.group(2).rstrip(".")
    if "place" in segments:
        fields["publisher_place"] = _strip(segments["place"][0])
    if "edition" in segments:
        fields["edition"] = _strip(segments["edition"][0])
    if "note" in segments:
        fields["note"] = _strip(segments["note"][0])
    split = _split_book(fields)
    _balance_brackets(fields)
    kept = {_strip(value) for value, _ in segments.values()}
    unplaced = [span for span in unplaced if span.strip(" .,;:()[]") and span not in kept]
    if noted or unplaced:
        fields["note"] = "; ".join([*filter(None, [fields.get("note")]), *noted, *unplaced])
    found: dict[str, list[str]] = {}
    for item in identifiers:
        found.setdefault(item.scheme, []).append(item.value)
    fields["type"] = _type(fields)
    if ((in_book and fields["type"] == "article-journal") or split) and not fields.get("volume"):
        fields["type"] = "chapter"  # "Title" pp. 187–218 in Book. Publisher.
    diagnostics: list[Diagnostic] = []
    if accessed is not None:
        fields["accessed"] = accessed
    extra: list[tuple[str, Any]] = [("field-confidence", confidence)]
    if part:
        extra.append(("section", part))
    record = build.record(
        found,
        diagnostics,
        extra=tuple(extra),
        provenance=build.provenance(source=source, line=line, number=number, text=text, key=key, format=NAME),
        **fields,
    )
    if truncated:
        diagnostics.append(
            Diagnostic(
                "warning",
                "learned.too-long",
                f"this entry is {len(text):,} characters long, longer than any reference: only its first "
                f"{len(read):,} were read",
                source,
                line,
            )
        )
    for span in unplaced:
        diagnostics.append(
            Diagnostic("warning", "learned.unplaced-text", f"could not place {span[:80]!r}; kept in note", source, line)
        )
    weak = sorted(
        field for field in ("author", "title", "date") if field in confidence and confidence[field] < CONFIDENT
    )
    if weak:
        diagnostics.append(
            Diagnostic(
                "warning",
                "learned.low-confidence",
                f"this entry's {', '.join(weak)} may be wrong (confidence below {CONFIDENT})",
                source,
                line,
            )
        )
    return record, diagnostics


def _type(fields: dict[str, Any]) -> str:
    """Never a book for what has a container with a volume or pages: a journal article; a meeting's
    abstract or paper is a conference paper."""
    if fields.get("container_title") and MEETING.search(fields["container_title"]):
        return "paper-conference"
    if fields.get("container_title") and (fields.get("volume") or fields.get("page")):
        return "chapter" if fields.get("editors") else "article-journal"
    if fields.get("container_title") and fields.get("editors"):
        return "chapter"
    if fields.get("publisher"):
        return "book"
    return "article-journal" if fields.get("container_title") else "document"


_QUOTED: Final = re.compile(r"[\"“”„«»]")
# Vancouver: "Family AB, Family C." before the title; a "2014;33(4):451-9" or "2014 Feb;33" citation.
_VANCOUVER_START: Final = re.compile(r"^(?:[A-Z][\w'’\-]+(?:\s[a-z]{1,3})?(?:\s[A-Z][\w'’\-]+)*\s[A-Z]{1,4}[,.]\s*)+")
_VANCOUVER_CITATION: Final = re.compile(r"(?:1[5-9]|20)\d\d(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?\s?;\s?\d")
# A hand-written abstract: "Roe A. Title. In: Annual Meeting of the Society; 2019:Abstract 123."
_IN_MEETING: Final = re.compile(r"\.\s+In:\s+[^;]{3,200};\s*(?:1[5-9]|20)\d\d\b")
# APA: "Family, A. B., & Family, C. (2020)." and "Journal, 24(10), 64."
_APA_START: Final = re.compile(
    r"^[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)*,\s(?:[A-Z]\.\s?)+.*?\((?:1[5-9]|20)\d\d[a-z]?\)\."
)
_APA_CITATION: Final = re.compile(r",\s\d+\(\d+[^)]*\),\s\w")


# CS1 and CS2 close a quoted title and then punctuate ("Title". / "Title",); IEEE, Chicago and MLA
# punctuate inside the quotes ("Title," / "Title."), Harvard quotes with single marks ('Title',).
_PUNCTUATED_INSIDE: Final = re.compile(r"[\"“][^\"“”]{3,}[.,][\"”](?:\s|$)")
_HARVARD_TITLE: Final = re.compile(r"\((?:1[5-9]|20)\d\d[a-z]?\)\s['‘][^'‘’]{3,}['’],")
# Nature and others end with the year: "… Clin. Rheumatol. 33, 451–459 (2014)."
_YEAR_LAST: Final = re.compile(r"\d+,\s\w+(?:[-–]\w+)?\s\((?:1[5-9]|20)\d\d\)\.?$")


# Author-date styles write the year bare before the quoted title ("Chrispeels, M.J. 1994. "Title" pp.
# 187–218 in Book."); CS1 puts it in brackets ("(1994). ").
_BARE_YEAR_TITLE: Final = re.compile(r"[.,]\s(?:1[5-9]|20)\d\d[a-z]?\.\s+[\"“]")  # a class first: a fast scan
# CS1 writes titles in straight quotes and closes them before the punctuation ("Title". / "Title",).
_STRAIGHT_TITLE: Final = re.compile(r"\"[^\"]{2,}\"[.,:;!?]?(?:\s|$)")
# What CS1 writes and other styles rarely do: identifiers with a space and no colon ("PMID 24526250"),
# "Bibcode:", the retrieval and archive notes. ("doi:10." is not CS1's own: many styles write it.)
_CS1_DATE: Final = r"\((?:\d{1,2}\s)?(?:[A-Z][a-z]+\.?\s)?(?:\d{1,2},\s)?\d{4}[a-z]?\)\.\s"
_VANCOUVER_NAME: Final = r"[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?\s[A-Z]{1,3}"
_FULL_NAME: Final = r"[A-Z][\w'’\-]+,\s[A-Z][a-z]+(?:\s[A-Z][a-z]*\.?)*"
_CS1_MARKS: Final = re.compile(
    r"\b(?:PMID|PMC|OCLC|S2CID|JSTOR|ISSN|ISBN|LCCN|OSTI|SSRN|Zbl|MR|CiteSeerX|eISSN)\s[\dA-Z]"
    r"|\b(?:Bibcode|hdl|arXiv):[\d]|\bRetrieved\s(?:\d|[A-Z][a-z]+\s\d)|\bArchived from the original"
    r"|\bat the Wayback Machine|\s[–-]\svia\s"
    # CS1's names and then "(DATE). ": Vancouver-like "Younger JW, Parkitny L (2009). " or full given
    # names "Saladin, Kenneth (2012). " (APA and Harvard give initials: "Saladin, K. (2012)").
    # (The names are apart by ", " or "; ": with the separator optional, "BCnn BCnn BCnn…" could be
    # cut into names in exponentially many ways, and a fuzzed entry took minutes.)
    r"|^"
    + _VANCOUVER_NAME
    + r"(?:(?:,\s|;\s)"
    + _VANCOUVER_NAME
    + r")*(?:,?\s?et al\.?)?\s"
    + _CS1_DATE
    + r"|^"
    + _FULL_NAME
    + r"(?:;\s"
    + _FULL_NAME
    + r")*\s"
    + _CS1_DATE
    # CS1's type of work in brackets after the title.
    + r"|\((?:PhD|MSc|MA|Doctoral|Master's)?\s?(?:thesis|dissertation)\)\.|\((?:Technical\s)?[Rr]eport\)\."
    r"|\((?:Press release|Podcast|Video|Map|Speech|Interview|Lecture|Patent|Preprint|Data set)\)\."
    # A bare URL; a short note without a year ("Somerset, p. 116"); hand-written fragments apart by
    # semicolons with no sentence in them ("Anti-Siphon Device; Integra Neurosciences; Label 2002").
    r"|^\s*(?:https?://|www\.)\S+\s*$|^(?!.*\b(?:1[5-9]|20)\d\d\b).{0,60}$"
    r"|^(?!.*[a-z]{2}\.\s[A-Z])(?!.*[\"“«(])(?!.*\b[A-Z][\w'’\-]+,\s[A-Z]\.)[^;]+;[^;]+;[^;]+$"
)


def wants(text: str) -> bool:
    """Whether an entry is better labelled by the CRF than read by the CS1 rules: every entry that is
    not CS1-shaped (a straight-quoted title closed before its punctuation, or CS1's identifiers and
    archive notes), and the shapes of other styles even when they carry such marks (Vancouver/AMA,
    APA, Nature, and quoted titles punctuated inside their quotes: IEEE, Chicago, MLA, Harvard)."""
    if _QUOTED.search(text):
        if _PUNCTUATED_INSIDE.search(text) or _BARE_YEAR_TITLE.search(text, 0, 400):
            return True
        if _STRAIGHT_TITLE.search(text):
            return False
    if ("'" in text or "‘" in text) and _HARVARD_TITLE.search(text):
        return True
    if _VANCOUVER_START.match(text) and (_VANCOUVER_CITATION.search(text) or _IN_MEETING.search(text)):
        return True
    if _YEAR_LAST.search(text.strip()[-300:]):  # at the end: a long digit run made the search quadratic
        return True
    if _APA_START.match(text) and (_APA_CITATION.search(text) or " & " in text[:300]):
        return True
    return _CS1_MARKS.search(text) is None
