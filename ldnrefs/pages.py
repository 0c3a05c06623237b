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


# A pinpoint at the end of a hand-written note ("Landa, A Modest Proposal and Populousness, p161",
# "Dull, A Diplomatic History of the American Revolution, ch. 18.", "Photius, Lexicon s. v. Linos"):
# the place cited in the work, which is no part of its title. Pages need "p."/"pp."/"page" (a bare
# "p" only before a digit); a chapter, section or column needs a comma or full stop before it, so a
# title ending in "Chapter 11" keeps it. Roman page numbers as in front matter ("p. xi").
_PAGE_TOKEN = r"(?:\d{1,6}[a-eg-z]?|[ivxlc]{1,7})"  # "14ff": the "f" is "following"
_PAGE_SPAN = rf"{_PAGE_TOKEN}(?:\s?[\-–—]\s?{_PAGE_TOKEN})?"
_LOCATOR: Final = re.compile(
    # The separator before the pinpoint comes first: a character class the engine scans for quickly.
    r"[\s,.;:(]"
    r"(?:(?:pp?\.\s?|pp?\s|pgs?\.\s?|pgs?\s|[Pp]ages?\s|(?<=[,;]\s)p(?=\d))(?P<pages>"
    + _PAGE_SPAN
    + r"(?:\s?(?:,|&|and)\s?(?!(?:1[5-9]|20)\d\d\b)"  # "pp. 56–65, 2013": a year, not a page
    + _PAGE_SPAN
    + r"){0,8})(?:\s?ff?\.?)?(?:,?\s(?:n|nn|note)\.?\s?\d{1,4})?"
    r"|(?<=[,.;:(]\s)(?P<place>(?:[Cc]h|[Cc]hap|[Cc]hapter|§§?|[Pp]ara|¶|[Cc]ol|[Ff]ol|[Ll]oc)\.?\s?"
    r"(?:\d{1,4}[a-z]?|[IVXLivxl]{1,6})(?:\s?[\-–]\s?\d{1,4})?)"
    r"|(?P<entry>s\.\s?v\.\s?[^\s,;.][^,;]{0,60}?))"
    r"[\s.,;)]*$"
)


def split_locator(text: str) -> tuple[str, str | None]:
    """A note's text without the pinpoint at its end, and the pinpoint (pages normalised, "85",
    "280-281"; other places as written, "ch. 18", "s. v. Linos"); ``(text, None)`` when none.

    >>> split_locator("Wittkowsky, Swift's Modest Proposal, p85")
    ("Wittkowsky, Swift's Modest Proposal", '85')
    >>> split_locator("Curtis, The Organization of the British Army, ch. 4.")
    ('Curtis, The Organization of the British Army', 'ch. 4')
    """
    tail = text[-100:]  # a pinpoint is short: the search stays linear in long entries
    match = _LOCATOR.search(tail)
    if match is None:
        return text, None
    rest = text[: len(text) - len(tail) + match.start()].rstrip(" ,;:(")
    if match.group("pages") is not None:
        return rest, normalize_pages(match.group("pages"))
    return rest, (match.group("place") or match.group("entry")).strip()
