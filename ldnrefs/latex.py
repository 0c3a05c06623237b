"""LaTeX escaping for BibTeX values, and its inverse.

Written values are plain Unicode with exactly the characters special to
(La)TeX escaped: ``\\ { } $ & % # _ ~ ^`` (a brace without a partner as
``\\textbraceleft{}``, since BibTeX counts even an escaped brace when it balances a
value). pybtex's own encoder leaves ``$``
and ``^`` alone and escapes an already-escaped backslash again, so ldnrefs
escapes values itself and hands pybtex's writer finished text. Capitals that
must keep their case (acronyms such as LDN, COVID, CNS) are protected with
braces in titles.

URLs and DOIs are the exception: biblatex and the ``url`` package read those
fields verbatim, so an escape would be printed as typed. They are written as
they are, with only braces percent-encoded (``%7B``, ``%7D``) so every value stays
balanced.

Reading undoes these escapes, decodes other LaTeX (accents such as ``\\'e``,
``\\aa``) through latexcodec, pybtex's own dependency, and drops the braces
that only protect case.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

import latexcodec  # noqa: F401  (registers the "ulatex" codec)

_SPECIALS: Final = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "$": r"\$",
    "&": r"\&",
    "%": r"\%",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL: Final = re.compile(r"[\\{}$&%#_~^]")
_WORD: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


def _needs_case_protection(word: str) -> bool:
    """LDN, COVID-19, mRNA, iPhone: two capitals in one part, or a capital after a small letter."""
    for part in word.split("-"):
        capitals = sum(char.isupper() for char in part)
        if capitals >= 2 or (capitals and not part[0].isupper()):
            return True
    return False


def _matched_braces(text: str) -> set[int]:
    """Positions of the braces that pair up; the others are escaped as \\textbraceleft{} etc."""
    paired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            paired.update((opened.pop(), index))
    return paired


def escape(text: str) -> str:
    """Plain text → BibTeX value: the ten special characters escaped, Unicode kept.

    Braces that pair up are written ``\\{`` … ``\\}`` (every reader knows these, and
    BibTeX, which counts even escaped braces, still sees them balanced); a brace
    without a partner becomes ``\\textbraceleft{}`` or ``\\textbraceright{}``.
    """
    text = " ".join(text.split())
    paired = _matched_braces(text) if "{" in text or "}" in text else set()

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char in "{}" and match.start() in paired:
            return "\\" + char
        return _SPECIALS[char]

    return _SPECIAL.sub(replace, text)


def escape_title(text: str) -> str:
    """As :func:`escape`, and words with two or more capitals (LDN, COVID-19, mRNA) braced."""
    return _WORD.sub(
        lambda match: "{" + match.group() + "}" if _needs_case_protection(match.group()) else match.group(),
        escape(text),
    )


_TOKEN: Final = re.compile(
    r"\\(?:textbackslash|textasciitilde|textasciicircum|textbraceleft|textbraceright)(?:\{\}|\s|(?![A-Za-z]))"
    r"|\\[{}$&%#_]"
    r"|\\[^A-Za-z\s{}$&%#_](?:\{[^{}\\]*\}|[A-Za-z])"
    r"|\\[A-Za-z]+\s*\{[^{}\\]*\}"
    r"|\\[A-Za-z]+(?:\{\}|\s)?"
    r"|[{}]"
)
_NAMED: Final = {
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textbraceleft": "{",
    "textbraceright": "}",
}


def unescape(text: str) -> str:
    """BibTeX value → plain text: escapes undone, LaTeX accents decoded, case braces dropped."""

    def token(match: re.Match[str]) -> str:
        value = match.group()
        if value in "{}":
            return ""
        if len(value) == 2 and value[1] in "{}$&%#_":
            return value[1]
        name = re.match(r"\\([A-Za-z]+)", value)
        if name and name.group(1) in _NAMED:
            return _NAMED[name.group(1)]
        decoded: str = codecs.decode(value, "ulatex")  # type: ignore[call-overload]
        if decoded.startswith("\\"):
            # A command latexcodec does not know (\emph{x}, \textit{x}): keep its argument.
            argument = re.search(r"\{([^{}]*)\}", value)
            return argument.group(1) if argument else ""
        return decoded.replace("{", "").replace("}", "")

    return " ".join(_TOKEN.sub(token, text).split())


_VERBATIM_BRACES: Final = str.maketrans({"{": "%7B", "}": "%7D"})
_HAND_ESCAPED: Final = re.compile(r"\\([_%#&$~])")


def escape_verbatim(text: str) -> str:
    """A URL or DOI as a BibTeX value: unchanged but for braces, which are percent-encoded."""
    return "".join(text.split()).translate(_VERBATIM_BRACES)


def unescape_verbatim(text: str) -> str:
    """A verbatim field as read: hand-written escapes (``a\\_b``, common in .bib files
    made for plain BibTeX) undone, nothing else touched (``~`` is a tilde here)."""
    return _HAND_ESCAPED.sub(r"\1", "".join(text.split()))
