"""Page ranges and article numbers as CS1 renders them.

Ranges use a hyphen in the normal form (``451-459``), the form Crossref and
most CSL data use. An abbreviated end (``451–9``, Vancouver style) is expanded
from the start (``451-459``); article numbers (``e0187423``,
``2055217316672242``) and Roman numerals are kept as they are.
"""

from __future__ import annotations

import re
from typing import Final

# A page, an article number ("e0187423", Science's "147ra111") or a Roman numeral.
_TOKEN = r"(?:[A-Za-z]{0,4}\d{1,20}(?:[a-z]{1,3}\d{1,6})?[A-Za-z]?|[ivxlcdmIVXLCDM]{1,10})"
PAGE_LIST: Final = re.compile(
    rf"^{_TOKEN}(?:\s*[\-–—‐‑‒−]\s*{_TOKEN})?(?:\s*[,&]\s*{_TOKEN}(?:\s*[\-–—‐‑‒−]\s*{_TOKEN})?){{0,20}}$"
)
_RANGE: Final = re.compile(r"\s*[\-–—‐‑‒−]\s*")
_PREFIX: Final = re.compile(r"^(?:pp?\.|pp?(?=\s)|pages?|S\.)\s*")
_COMMA: Final = re.compile(r"\s*,\s*")


def is_pages(text: str) -> bool:
    """True when ``text`` is a page, a page range, an article number or a list of them."""
    return bool(PAGE_LIST.match(text.strip()))


def _expand(start: str, end: str) -> str:
    if start.isdecimal() and end.isdecimal() and len(end) < len(start) <= 18:
        candidate = start[: len(start) - len(end)] + end
        if int(candidate) > int(start):
            return candidate
    return end


def normalize_pages(text: str) -> str:
    """``451–9`` → ``451-459``; ``e0187423`` stays; lists keep their commas.

    >>> normalize_pages("451–9")
    '451-459'
    >>> normalize_pages("pp. 1203 – 1210")
    '1203-1210'
    """
    text = text.strip()
    if text[:1] in "pPS":
        text = _PREFIX.sub("", text)
    if text.isalnum():
        return text
    parts = []
    for part in _COMMA.split(text) if "," in text else (text,):
        pieces = _RANGE.split(part, maxsplit=1)
        if len(pieces) == 2 and pieces[0] and pieces[1]:
            parts.append(f"{pieces[0]}-{_expand(pieces[0], pieces[1])}")
        else:
            parts.append(part)
    return ", ".join(parts)


def first_page(text: str) -> str:
    """The first page of a normalised page field (``451`` for ``451-459``)."""
    return _RANGE.split(text.split(",")[0], maxsplit=1)[0].strip()
