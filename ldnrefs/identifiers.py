"""Offline handling of bibliographic identifiers: find, normalise, validate.

Each scheme has one :class:`Scheme` entry with a ``normalize`` function (never
raises; returns the canonical form, or the cleaned input when it cannot be
understood), a ``problem`` function (a message when the value is invalid, else
``None``) and a ``key`` function giving the comparison form used for matching
and caching (``scheme:value``, case-folded where the scheme is case-insensitive).

Canonical forms:

* DOI — ``10.prefix/suffix`` without ``doi:`` or resolver URL, case kept;
  compared case-insensitively (DOIs are case-insensitive, DOI Handbook §2.4).
* PMID — decimal digits without leading zeros.
* PMCID — ``PMC`` followed by digits.
* ISSN — ``NNNN-NNNC`` with the mod-11 check digit validated (ISO 3297).
* ISBN — digits only (10 or 13, ``X`` allowed last in ISBN-10), check digit
  validated; compared in their ISBN-13 form.
* arXiv — ``2101.00001`` or ``hep-th/9901001``, version kept but ignored in keys.

The rendered-text patterns here are the ones the CS1 reader scans for, so both
use one set of rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

import attrs

from ldnrefs.errors import InvalidIdentifierError

_DOI_PREFIX = re.compile(
    r"^(?:doi:\s*|(?:https?://)?(?:dx\.)?doi\.org/|(?:https?://)?hdl\.handle\.net/)", re.IGNORECASE
)
_DOI_SHAPE = re.compile(r"^10\.\d{4,9}/\S+$")
_TRAILING_PUNCT = ".,;:"


def normalize_doi(value: str) -> str:
    """Strip ``doi:`` and resolver URLs, trailing punctuation and spaces; keep case."""
    text = value.strip()
    if text.startswith("10.") and "%" not in text:
        return text.rstrip(_TRAILING_PUNCT)
    previous = None
    while previous != text:
        previous = text
        text = _DOI_PREFIX.sub("", text).strip()
    text = text.replace("%2F", "/").replace("%2f", "/")
    return text.rstrip(_TRAILING_PUNCT)


def doi_problem(value: str) -> str | None:
    return None if _DOI_SHAPE.match(value) else "not a DOI (expected 10.NNNN/suffix)"


_PMID_PREFIX = re.compile(r"^pmid:?\s*", re.IGNORECASE)


def normalize_pmid(value: str) -> str:
    text = value.strip()
    if not text.isdigit():
        text = _PMID_PREFIX.sub("", text).strip()
    return text.lstrip("0") or text if text.isdigit() else text


def pmid_problem(value: str) -> str | None:
    if not value.isascii() or not value.isdigit():
        return "a PMID is a positive whole number"
    return None if int(value) > 0 else "a PMID is a positive whole number"


def normalize_pmcid(value: str) -> str:
    text = "".join(value.split())
    if text[:3].upper() == "PMC":
        text = text[3:]
    return "PMC" + text


def pmcid_problem(value: str) -> str | None:
    digits = value[3:]
    if value.startswith("PMC") and digits.isascii() and digits.isdigit() and int(digits) > 0:
        return None
    return "a PMCID is PMC followed by digits"


def issn_check_digit(first_seven: str) -> str:
    """The ISSN check character for seven digits (ISO 3297 mod 11)."""
    d = [ord(char) - 48 for char in first_seven]
    total = 8 * d[0] + 7 * d[1] + 6 * d[2] + 5 * d[3] + 4 * d[4] + 3 * d[5] + 2 * d[6]
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


_SEPARATORS = re.compile(r"[\s\-‐-―−]")


_CHECK = frozenset("0123456789X")


def normalize_issn(value: str) -> str:
    if len(value) == 9 and value[4] == "-" and value[:4].isdigit() and value[5:8].isdigit() and value[8] in _CHECK:
        return value  # already NNNN-NNNC: the usual case, without the regex below
    compact = _SEPARATORS.sub("", value.strip()).upper()
    if len(compact) == 8 and compact[:7].isdigit() and (compact[7].isdigit() or compact[7] == "X"):
        return f"{compact[:4]}-{compact[4:]}"
    return value.strip()


_ISSN_SHAPE = re.compile(r"\d{4}-\d{3}[\dX]")
_ISBN10_SHAPE = re.compile(r"\d{9}[\dX]")
_ISBN13_SHAPE = re.compile(r"\d{13}")


def looks_like_issn(value: str) -> bool:
    """Whether ``value`` has an ISSN's shape (valid check digit or not): RIS's SN holds ISSNs and ISBNs alike."""
    return bool(_ISSN_SHAPE.fullmatch(normalize_issn(value)))


def issn_problem(value: str) -> str | None:
    if not _ISSN_SHAPE.fullmatch(value):
        return "an ISSN has eight characters, NNNN-NNNC"
    digits = value.replace("-", "")
    expected = issn_check_digit(digits[:7])
    if digits[7] != expected:
        return f"check digit is {digits[7]}, expected {expected}"
    return None


_ISBN_PREFIX = re.compile(r"^ISBN(?:-1[03])?:?")


def normalize_isbn(value: str) -> str:
    compact = _SEPARATORS.sub("", value.strip()).upper()
    if compact.startswith("ISBN"):
        compact = _ISBN_PREFIX.sub("", compact)
    if re.fullmatch(r"\d{9}[\dX]|\d{13}", compact):
        return compact
    return value.strip()


def _isbn10_check(first_nine: str) -> str:
    total = sum(int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def _isbn13_check(first_twelve: str) -> str:
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def isbn_problem(value: str) -> str | None:
    if _ISBN10_SHAPE.fullmatch(value):
        expected = _isbn10_check(value[:9])
    elif _ISBN13_SHAPE.fullmatch(value):
        if not value.startswith(("978", "979")):
            return "an ISBN-13 starts with 978 or 979"
        expected = _isbn13_check(value[:12])
    else:
        return "an ISBN has 10 or 13 digits"
    if value[-1] != expected:
        return f"check digit is {value[-1]}, expected {expected}"
    return None


def isbn13(value: str) -> str:
    """The ISBN-13 form of a valid ISBN-10 (others are returned unchanged)."""
    if re.fullmatch(r"\d{9}[\dX]", value):
        stem = "978" + value[:9]
        return stem + _isbn13_check(stem)
    return value


_ARXIV_SHAPE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")


def normalize_arxiv(value: str) -> str:
    text = value.strip()
    text = re.sub(r"^(?:arxiv:\s*|https?://arxiv\.org/(?:abs|pdf)/)", "", text, flags=re.IGNORECASE)
    return text.removesuffix(".pdf").rstrip(_TRAILING_PUNCT)


def arxiv_problem(value: str) -> str | None:
    return None if _ARXIV_SHAPE.match(value) else "not an arXiv identifier"


def _digits_problem(label: str) -> Callable[[str], str | None]:
    def problem(value: str) -> str | None:
        return None if value.isascii() and value.isdigit() else f"{label} is a whole number"

    return problem


def strip_value(value: str) -> str:
    """Spaces and the sentence punctuation a rendered list leaves after an identifier, removed."""
    return value.strip().rstrip(_TRAILING_PUNCT)


def _bibcode_problem(value: str) -> str | None:
    return None if len(value) == 19 and value[:4].isdigit() else "a Bibcode has 19 characters"


def _url_problem(value: str) -> str | None:
    return None if re.match(r"^(?:https?|ftp)://\S+$", value) else "not an http(s) URL"


def _no_problem(value: str) -> str | None:
    return None


@attrs.frozen
class Scheme:
    """One identifier scheme: how to normalise, validate and compare it."""

    name: str
    label: str
    normalize: Callable[[str], str]
    problem: Callable[[str], str | None]
    key_form: Callable[[str], str] = str


SCHEMES: Final[dict[str, Scheme]] = {
    scheme.name: scheme
    for scheme in (
        Scheme("doi", "DOI", normalize_doi, doi_problem, str.lower),
        Scheme("pmid", "PMID", normalize_pmid, pmid_problem),
        Scheme("pmcid", "PMCID", normalize_pmcid, pmcid_problem),
        Scheme("issn", "ISSN", normalize_issn, issn_problem),
        Scheme("isbn", "ISBN", normalize_isbn, isbn_problem, isbn13),
        Scheme("arxiv", "arXiv", normalize_arxiv, arxiv_problem, lambda v: re.sub(r"v\d+$", "", v)),
        Scheme("s2cid", "S2CID", strip_value, _digits_problem("an S2CID")),
        Scheme("bibcode", "Bibcode", strip_value, _bibcode_problem),
        Scheme("url", "URL", str.strip, _url_problem),
        Scheme("oclc", "OCLC", strip_value, _digits_problem("an OCLC number")),
        Scheme("jstor", "JSTOR", strip_value, _no_problem),
        Scheme("hdl", "hdl", strip_value, _no_problem),
        Scheme("ssrn", "SSRN", strip_value, _digits_problem("an SSRN id")),
        Scheme("lccn", "LCCN", strip_value, _no_problem),
        Scheme("osti", "OSTI", strip_value, _digits_problem("an OSTI id")),
        Scheme("citeseerx", "CiteSeerX", strip_value, _no_problem),
        Scheme("eric", "ERIC", strip_value, _no_problem),
        Scheme("zbl", "Zbl", strip_value, _no_problem),
        Scheme("mr", "MR", strip_value, _no_problem),
    )
}


def normalize(scheme: str, value: str, *, strict: bool = False) -> str:
    """Normalise ``value`` as an identifier of ``scheme``.

    With ``strict=True`` an invalid value raises :class:`InvalidIdentifierError`;
    otherwise the best-effort normal form is returned and :func:`problem` says
    what is wrong with it.
    """
    handler = SCHEMES[scheme]
    normal = handler.normalize(value)
    if strict:
        reason = handler.problem(normal)
        if reason:
            raise InvalidIdentifierError(handler.label, value, reason)
    return normal


def problem(scheme: str, value: str) -> str | None:
    """Why ``value`` (already normalised) is not a valid ``scheme`` identifier, or None."""
    return SCHEMES[scheme].problem(value)


def key(scheme: str, value: str) -> str:
    """The comparison key ``scheme:value`` used to match records and cache responses."""
    return f"{scheme}:{SCHEMES[scheme].key_form(value)}"


# Patterns for identifiers as CS1 renders them in running text. ``doi: 10…``
# (with a space) and ``PMC   3962576`` (several spaces from copied HTML) occur
# in real articles. Each value pattern is a single bounded token, so scanning
# is linear in the text length. Every pattern starts with its scheme's
# keyword; :func:`scan_rendered` looks for the keywords first and tries only
# the patterns of the keyword it found there (one alternation of all the full
# patterns tried every branch at every "d", "h", "a" or "e", five times slower).
_DOI_VALUE = r"10\.\d{4,9}/[^\s\"<>]{1,300}"
RENDERED_PATTERNS: Final[dict[str, str]] = {
    "doi": rf"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>{_DOI_VALUE})",
    "pmid": r"PMID:?\s*(?P<pmid>\d{1,9})\b",
    "pmcid": r"PMC:?\s*(?P<pmcid>\d{1,9})\b",
    "issn": r"(?:ISSN|eISSN):?\s*(?P<issn>\d{4}\s?[\-‐–]?\s?\d{3}[\dXx])\b",
    "isbn": r"ISBN(?:-1[03])?:?\s*(?P<isbn>(?:\d[\s\-‐–]?){9,12}[\dXx])\b",
    "s2cid": r"S2CID:?\s*(?P<s2cid>\d{1,12})\b",
    "bibcode": r"Bibcode:\s*(?P<bibcode>\d{4}[^\s]{15})",
    "arxiv": r"arXiv:\s*(?P<arxiv>(?:\d{4}\.\d{4,5}|[a-z][a-z\-]{0,20}(?:\.[A-Z]{2})?/\d{7})(?:v\d{1,3})?)"
    r"(?:\s*\[[\w.\-]{1,20}\])?",
    "oclc": r"OCLC:?\s*(?P<oclc>\d{1,12})\b",
    "jstor": r"JSTOR:?\s*(?P<jstor>[\w.]{1,30})",
    "hdl": r"hdl:\s*(?P<hdl>\d[\w.]{0,30}/[^\s]{1,200})",
    "ssrn": r"SSRN:?\s*(?P<ssrn>\d{1,12})\b",
    "lccn": r"LCCN:?\s*(?P<lccn>[\w\-]{1,20})",
    "osti": r"OSTI:?\s*(?P<osti>\d{1,12})\b",
    "citeseerx": r"CiteSeerX:?\s*(?P<citeseerx>[\d.]{5,40}\d)",
    "eric": r"ERIC:?\s*(?P<eric>E[DJ]\d{4,8})\b",
    "zbl": r"Zbl:?\s*(?P<zbl>[\d.]{4,20}\d)",
    "mr": r"MR:?\s*(?P<mr>\d{4,10})\b",
    "url": r"(?P<url>https?://[^\s\"<>]{1,2000})",
}
# The literal each pattern starts with; "http" starts both a doi.org link and
# any other URL, tried in that order.
_KEYWORDS: Final[dict[str, tuple[str, ...]]] = {
    "doi:": ("doi",),
    "http": ("doi", "url"),
    "PMID": ("pmid",),
    "PMC": ("pmcid",),
    "ISSN": ("issn",),
    "eISSN": ("issn",),
    "ISBN": ("isbn",),
    "S2CID": ("s2cid",),
    "Bibcode:": ("bibcode",),
    "arXiv:": ("arxiv",),
    "OCLC": ("oclc",),
    "JSTOR": ("jstor",),
    "hdl:": ("hdl",),
    "SSRN": ("ssrn",),
    "LCCN": ("lccn",),
    "OSTI": ("osti",),
    "CiteSeerX": ("citeseerx",),
    "ERIC": ("eric",),
    "Zbl": ("zbl",),
    "MR": ("mr",),
}
_KEYWORD: Final = re.compile("|".join(re.escape(keyword) for keyword in sorted(_KEYWORDS, key=len, reverse=True)))
_PATTERNS_AFTER: Final = {
    keyword: tuple((scheme, re.compile(RENDERED_PATTERNS[scheme])) for scheme in schemes)
    for keyword, schemes in _KEYWORDS.items()
}


class Found:
    """One identifier found in running text: its scheme, raw value and span.

    A plain class, not a NamedTuple: the compiled build makes it a native
    class, and a NamedTuple's constructor stays interpreted Python.
    """

    def __init__(self, scheme: str, value: str, start: int, end: int) -> None:
        self.scheme = scheme
        self.value = value
        self.start = start
        self.end = end

    def __repr__(self) -> str:
        return f"Found({self.scheme!r}, {self.value!r}, {self.start}, {self.end})"


def scan_rendered(text: str) -> list[Found]:
    """Every identifier written the CS1 way in ``text``, left to right, without overlaps.

    A pattern counts only at the start of a word ("xdoi:10…" is not a DOI);
    text it matched there is skipped all the same, as one token.
    """
    found: list[Found] = []
    position = 0  # the end of the last match: keywords inside it are part of it
    for hit in _KEYWORD.finditer(text):
        start = hit.start()
        if start < position:
            continue
        for scheme, pattern in _PATTERNS_AFTER[hit.group()]:
            match = pattern.match(text, start)
            if match is not None:
                if at_word_start(text, start):
                    found.append(Found(scheme, match.group(scheme), start, match.end()))
                position = match.end()
                break
    return found


def at_word_start(text: str, position: int) -> bool:
    """Whether ``position`` starts a word (the ``\\b`` the patterns leave out)."""
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "_/")
