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
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Final

import attrs

from ldnrefs.errors import InvalidIdentifierError
from ldnrefs.numbers import whole_number


def _prefix_pattern(prefixes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(f"^(?:{'|'.join(prefixes)})", re.IGNORECASE)


_DOI_PREFIXES: Final = (r"doi:\s*", r"(?:https?://)?(?:dx\.|www\.)?doi\.org/", r"(?:https?://)?hdl\.handle\.net/")
_DOI_PREFIX: Final = _prefix_pattern(_DOI_PREFIXES)
_DOI_LINK: Final = re.compile(rf"^\s*{_DOI_PREFIXES[1]}10[./]", re.IGNORECASE)


def is_doi_link(url: str) -> bool:
    """A ``doi.org`` link (``https://dx.doi.org/10.…``): a DOI written as a URL."""
    return _DOI_LINK.match(url) is not None


# A DOI, or a shortDOI (``10/cn2h9c``), the short handle doi.org gives a DOI.
_DOI_SHAPE = re.compile(r"^(?:10\.\d{4,9}/\S+|10/[a-z0-9]{1,20})$", re.IGNORECASE)
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


_PMID_PREFIXES: Final = (r"pmid:?\s*",)
_PMID_PREFIX: Final = _prefix_pattern(_PMID_PREFIXES)


def normalize_pmid(value: str) -> str:
    text = value.strip()
    if not text.isdecimal():
        text = _PMID_PREFIX.sub("", text).strip()
    return text.lstrip("0") or text if text.isdecimal() else text


def pmid_problem(value: str) -> str | None:
    number = whole_number(value, max_digits=12)
    return None if number is not None and number > 0 else "a PMID is a positive whole number"


def normalize_pmcid(value: str) -> str:
    text = "".join(value.split())
    if text[:3].upper() == "PMC":
        text = text[3:]
    return "PMC" + text


def pmcid_problem(value: str) -> str | None:
    digits = value[3:]
    number = whole_number(digits, max_digits=12)
    if value.startswith("PMC") and number is not None and number > 0:
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


# A label a database puts after an ISSN or ISBN: "2689-6575(ELECTRONIC)", "0226458040 (pbk.)".
_MEDIUM_LABEL: Final = re.compile(
    r"\s*\((?:electronic|print|linking|online|e|p|hbk|pbk|hardback|paperback|ebook|issn|isbn)\.?\)\s*$", re.I
)


def normalize_issn(value: str) -> str:
    if ")" in value:
        value = _MEDIUM_LABEL.sub("", value)
    if len(value) == 9 and value[4] == "-" and value[:4].isdecimal() and value[5:8].isdecimal() and value[8] in _CHECK:
        return value  # already NNNN-NNNC: the usual case, without the regex below
    compact = _SEPARATORS.sub("", value.strip()).upper()
    if len(compact) == 8 and compact[:7].isdecimal() and (compact[7].isdecimal() or compact[7] == "X"):
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


_ISBN_PREFIXES: Final = (r"ISBN(?:-1[03])?:?",)
_ISBN_PREFIX: Final = _prefix_pattern(_ISBN_PREFIXES)


def normalize_isbn(value: str) -> str:
    if ")" in value:
        value = _MEDIUM_LABEL.sub("", value)
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


_ARXIV_PREFIXES: Final = (r"arxiv:\s*", r"https?://arxiv\.org/(?:abs|pdf)/")
_ARXIV_PREFIX: Final = _prefix_pattern(_ARXIV_PREFIXES)
_ARXIV_SHAPE = re.compile(r"^(?:\d{4}\.\d{4,5}|[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(?:v\d+)?$")


def normalize_arxiv(value: str) -> str:
    text = value.strip()
    text = _ARXIV_PREFIX.sub("", text)
    return text.removesuffix(".pdf").rstrip(_TRAILING_PUNCT)


def arxiv_problem(value: str) -> str | None:
    return None if _ARXIV_SHAPE.match(value) else "not an arXiv identifier"


def _digits_problem(label: str) -> Callable[[str], str | None]:
    def problem(value: str) -> str | None:
        return None if value.isascii() and value.isdecimal() else f"{label} is a whole number"

    return problem


def strip_value(value: str) -> str:
    """Spaces and the sentence punctuation a rendered list leaves after an identifier, removed."""
    return value.strip().rstrip(_TRAILING_PUNCT)


def _bibcode_problem(value: str) -> str | None:
    return None if len(value) == 19 and value[:4].isdecimal() else "a Bibcode has 19 characters"


# Query parameters that track a click, not name a page.
_TRACKING: Final = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl|igshid|ref_src|ref_url|cmpid|icid|ncid|ocid)$",
    re.IGNORECASE,
)
# archive.org and archive.today wrap the original URL: web.archive.org/web/20160304000000/http://…
_ARCHIVE_WRAPPER: Final = re.compile(
    r"^(?:https?://)?(?:web\.archive\.org/web|archive\.(?:today|ph|is|li|vn|fo|md))/[\w*.\-]+/(?P<url>.+)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS: Final = {"http": "80", "https": "443"}


def url_key(url: str) -> str | None:
    """The page a URL names, for comparison: scheme, ``www.``, default port, trailing slash,
    fragment and tracking parameters dropped, an archive wrapper unwrapped to the original.
    None for a site's front page (it names no one work) and for a doi.org link (a DOI).

    >>> url_key("https://www.Example.org:443/a/b/?utm_source=x&id=3#top")
    'example.org/a/b?id=3'
    >>> url_key("https://web.archive.org/web/20160304/http://example.org/a/b")
    'example.org/a/b'
    """
    text = url.strip()
    while (wrapped := _ARCHIVE_WRAPPER.match(text)) is not None:
        text = wrapped.group("url")
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urllib.parse.urlsplit(text)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host or is_doi_link(text):
        return None
    if port is not None and str(port) != _DEFAULT_PORTS.get(parts.scheme.lower()):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = "&".join(pair for pair in parts.query.split("&") if pair and not _TRACKING.match(pair.split("=", 1)[0]))
    if not path and not query:
        return None
    return f"{host}{path}" + (f"?{query}" if query else "")


def _url_problem(value: str) -> str | None:
    return None if re.match(r"^(?:https?|ftp)://\S+$", value) else "not an http(s) URL"


def _no_problem(value: str) -> str | None:
    return None


@attrs.frozen
class Scheme:
    """Everything ldnrefs knows about one identifier scheme, in one place.

    ``normalize`` never raises (it returns the cleaned input when it cannot
    understand it); ``problem`` says why a normalised value is invalid, or
    returns None; ``key_form`` is the comparison form inside :func:`key`.
    ``prefixes`` are the (regular-expression) prefixes ``normalize`` strips;
    ``rendered`` is the pattern for the identifier as CS1 writes it in running
    text, starting with one of ``keywords``. ``field`` says whether the record
    model has a field for the scheme (the rest go to ``Identifiers.other``),
    ``multi`` whether a record keeps several values in it (ISSN, ISBN).
    ``names_work``: a value shared by two records makes them one work;
    ``exclusive``: two *different* values mean two different works.
    """

    name: str
    label: str
    normalize: Callable[[str], str]
    problem: Callable[[str], str | None]
    key_form: Callable[[str], str] = str
    prefixes: tuple[str, ...] = ()
    rendered: str | None = None
    keywords: tuple[str, ...] = ()
    field: bool = False
    multi: bool = False
    names_work: bool = False
    exclusive: bool = False


def _arxiv_key(value: str) -> str:
    return _ARXIV_VERSION.sub("", value)


_ARXIV_VERSION: Final = re.compile(r"v\d+$")

# Patterns for identifiers as CS1 renders them in running text. ``doi: 10…``
# (with a space) and ``PMC   3962576`` (several spaces from copied HTML) occur
# in real articles. Each value pattern is a single bounded token, so scanning
# is linear in the text length. Every pattern starts with one of its scheme's
# keywords; :func:`scan_rendered` looks for the keywords first and tries only
# the patterns of the keyword it found there (one alternation of all the full
# patterns tried every branch at every "d", "h", "a" or "e", five times slower).
_DOI_VALUE = r"10\.\d{4,9}/[^\s\"<>]{1,300}"

SCHEMES: Final[dict[str, Scheme]] = {
    scheme.name: scheme
    for scheme in (
        Scheme(
            "doi",
            "DOI",
            normalize_doi,
            doi_problem,
            str.lower,
            prefixes=_DOI_PREFIXES,
            rendered=rf"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>{_DOI_VALUE})",
            keywords=("doi:", "http"),
            field=True,
            names_work=True,
            exclusive=True,
        ),
        Scheme(
            "pmid",
            "PMID",
            normalize_pmid,
            pmid_problem,
            prefixes=_PMID_PREFIXES,
            rendered=r"PMID:?\s*(?P<pmid>\d{1,9})\b",
            keywords=("PMID",),
            field=True,
            names_work=True,
            exclusive=True,
        ),
        Scheme(
            "pmcid",
            "PMCID",
            normalize_pmcid,
            pmcid_problem,
            prefixes=("PMC",),
            rendered=r"PMC:?\s*(?P<pmcid>\d{1,9})\b",
            keywords=("PMC",),
            field=True,
            names_work=True,
            exclusive=True,
        ),
        Scheme(
            "issn",
            "ISSN",
            normalize_issn,
            issn_problem,
            rendered=r"(?:ISSN|eISSN):?\s*(?P<issn>\d{4}\s?[\-‐–]?\s?\d{3}[\dXx])\b",
            keywords=("ISSN", "eISSN"),
            field=True,
            multi=True,
        ),
        # An ISBN names one work only when the record is a whole book: the
        # chapters of a book share its ISBN (dedupe applies that rule).
        Scheme(
            "isbn",
            "ISBN",
            normalize_isbn,
            isbn_problem,
            isbn13,
            prefixes=_ISBN_PREFIXES,
            rendered=r"ISBN(?:-1[03])?:?\s*(?P<isbn>(?:\d[\s\-‐–]?){9,12}[\dXx])\b",
            keywords=("ISBN",),
            field=True,
            multi=True,
            names_work=True,
        ),
        Scheme(
            "s2cid",
            "S2CID",
            strip_value,
            _digits_problem("an S2CID"),
            rendered=r"S2CID:?\s*(?P<s2cid>\d{1,12})\b",
            keywords=("S2CID",),
            field=True,
        ),
        Scheme(
            "bibcode",
            "Bibcode",
            strip_value,
            _bibcode_problem,
            rendered=r"Bibcode:\s*(?P<bibcode>\d{4}[^\s]{15})",
            keywords=("Bibcode:",),
            field=True,
        ),
        Scheme(
            "arxiv",
            "arXiv",
            normalize_arxiv,
            arxiv_problem,
            _arxiv_key,
            prefixes=_ARXIV_PREFIXES,
            rendered=r"arXiv:\s*(?P<arxiv>(?:\d{4}\.\d{4,5}|[a-z][a-z\-]{0,20}(?:\.[A-Z]{2})?/\d{7})(?:v\d{1,3})?)"
            r"(?:\s*\[[\w.\-]{1,20}\])?",
            keywords=("arXiv:",),
            field=True,
            names_work=True,
        ),
        Scheme(
            "oclc",
            "OCLC",
            strip_value,
            _digits_problem("an OCLC number"),
            rendered=r"OCLC:?\s*(?P<oclc>\d{1,12})\b",
            keywords=("OCLC",),
        ),
        Scheme(
            "jstor",
            "JSTOR",
            strip_value,
            _no_problem,
            rendered=r"JSTOR:?\s*(?P<jstor>[\w.]{1,30})",
            keywords=("JSTOR",),
        ),
        Scheme(
            "hdl",
            "hdl",
            strip_value,
            _no_problem,
            rendered=r"hdl:\s*(?P<hdl>\d[\w.]{0,30}/[^\s]{1,200})",
            keywords=("hdl:",),
        ),
        Scheme(
            "ssrn",
            "SSRN",
            strip_value,
            _digits_problem("an SSRN id"),
            rendered=r"SSRN:?\s*(?P<ssrn>\d{1,12})\b",
            keywords=("SSRN",),
        ),
        Scheme(
            "lccn", "LCCN", strip_value, _no_problem, rendered=r"LCCN:?\s*(?P<lccn>[\w\-]{1,20})", keywords=("LCCN",)
        ),
        Scheme(
            "osti",
            "OSTI",
            strip_value,
            _digits_problem("an OSTI id"),
            rendered=r"OSTI:?\s*(?P<osti>\d{1,12})\b",
            keywords=("OSTI",),
        ),
        Scheme(
            "citeseerx",
            "CiteSeerX",
            strip_value,
            _no_problem,
            rendered=r"CiteSeerX:?\s*(?P<citeseerx>[\d.]{5,40}\d)",
            keywords=("CiteSeerX",),
        ),
        Scheme(
            "eric", "ERIC", strip_value, _no_problem, rendered=r"ERIC:?\s*(?P<eric>E[DJ]\d{4,8})\b", keywords=("ERIC",)
        ),
        Scheme("zbl", "Zbl", strip_value, _no_problem, rendered=r"Zbl:?\s*(?P<zbl>[\d.]{4,20}\d)", keywords=("Zbl",)),
        Scheme("mr", "MR", strip_value, _no_problem, rendered=r"MR:?\s*(?P<mr>\d{4,10})\b", keywords=("MR",)),
        # Last: "http" starts a doi.org link and any other URL, tried in this order.
        Scheme(
            "url",
            "URL",
            str.strip,
            _url_problem,
            rendered=r"(?P<url>https?://[^\s\"<>]{1,2000})",
            keywords=("http",),
            field=True,
        ),
    )
}
"""Every scheme, in the order the model lists them and the rendered scan tries them."""

FIELDS: Final[tuple[str, ...]] = tuple(name for name, scheme in SCHEMES.items() if scheme.field)
"""The schemes the record model has a field for, in its order."""
SINGLE: Final[tuple[str, ...]] = tuple(name for name in FIELDS if not SCHEMES[name].multi)
"""Schemes with one value per record: a second, different value goes to ``other``."""
NAMES_WORK: Final[tuple[str, ...]] = tuple(name for name, scheme in SCHEMES.items() if scheme.names_work)
EXCLUSIVE: Final[tuple[str, ...]] = tuple(name for name, scheme in SCHEMES.items() if scheme.exclusive)


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
    """The comparison key ``scheme:value``: the only form in which identifiers are compared
    (dedupe, merge, resolve and the cache)."""
    return f"{scheme}:{SCHEMES[scheme].key_form(value)}"


def key_form(scheme: str, value: str) -> str:
    """The comparison form of ``value`` alone (:func:`key` without the ``scheme:`` label)."""
    return SCHEMES[scheme].key_form(value)


def normal_form(scheme: str, raw: object) -> str:
    """``raw`` normalised as a ``scheme`` identifier; "" for None and blanks. A scheme the table
    does not know is only stripped. The one normalising step of the build and the model's converters."""
    if raw is None:
        return ""
    text = str(raw)
    if not text.strip():
        return ""
    handler = SCHEMES.get(scheme)
    return handler.normalize(text) if handler is not None else text.strip()


# The model's field converters (attrs needs a named function per field).
def _single(scheme: str, value: str | None) -> str | None:
    return normal_form(scheme, value) or None


def to_doi(value: str | None) -> str | None:
    return _single("doi", value)


def to_pmid(value: str | None) -> str | None:
    return _single("pmid", value)


def to_pmcid(value: str | None) -> str | None:
    return _single("pmcid", value)


def to_s2cid(value: str | None) -> str | None:
    return _single("s2cid", value)


def to_bibcode(value: str | None) -> str | None:
    return _single("bibcode", value)


def to_arxiv(value: str | None) -> str | None:
    return _single("arxiv", value)


def to_url(value: str | None) -> str | None:
    return _single("url", value)


def _many(scheme: str, values: Iterable[str] | str | None) -> tuple[str, ...]:
    if not values:
        return ()
    if isinstance(values, str):
        values = (values,)
    found: list[str] = []
    for value in values:
        normal = normal_form(scheme, value)
        if normal and normal not in found:
            found.append(normal)
    return tuple(found)


def to_issns(values: Iterable[str] | str | None) -> tuple[str, ...]:
    return _many("issn", values)


def to_isbns(values: Iterable[str] | str | None) -> tuple[str, ...]:
    return _many("isbn", values)


def to_others(values: Iterable[tuple[str, str]] | None) -> tuple[tuple[str, str], ...]:
    """Identifiers of schemes the model has no field for (and second values of those it has), sorted."""
    if not values:
        return ()
    pairs: dict[tuple[str, str], None] = {}
    for scheme, value in values:
        normal = normal_form(scheme, value)
        if normal:
            pairs.setdefault((scheme, normal), None)
    return tuple(sorted(pairs))


def _keyword_table() -> dict[str, tuple[str, ...]]:
    """Each keyword a rendered pattern starts with, and the schemes to try after it, in table order."""
    table: dict[str, tuple[str, ...]] = {}
    for scheme in SCHEMES.values():
        for keyword in scheme.keywords:
            table[keyword] = (*table.get(keyword, ()), scheme.name)
    return table


_KEYWORDS: Final = _keyword_table()
_KEYWORD: Final = re.compile("|".join(re.escape(keyword) for keyword in sorted(_KEYWORDS, key=len, reverse=True)))
_PATTERNS_AFTER: Final = {
    keyword: tuple((scheme, re.compile(SCHEMES[scheme].rendered or "")) for scheme in schemes)
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
