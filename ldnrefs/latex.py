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

Reading undoes these escapes and decodes other LaTeX through pylatexenc:
accents in every form (``\\'e``, ``{\\'\\i}``, ``\\aa``), symbols, TeX's dashes and
quotes, and math as readable text (``$\\alpha$`` → α). It was chosen over
latexcodec (pybtex's own dependency) on evidence: latexcodec leaves ``\\'\\i``
half-decoded and empties math. A command neither knows is kept as typed.
"""

from __future__ import annotations

import functools
import html
import logging
import re
from typing import Final

from pylatexenc import latex2text, latexwalker, macrospec

# pylatexenc reports every tolerated parse problem at WARNING; a title is still decoded.
logging.getLogger("pylatexenc").setLevel(logging.ERROR)

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
# TeX's input ligatures (-- — `` '' !` ?`): an empty group between the characters keeps them as typed.
_LIGATURE: Final = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[!?])(?=`)")
_WORD: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*")


def _needs_case_protection(word: str) -> bool:
    """LDN, COVID-19, mRNA, iPhone: two capitals in one part, or a capital after a small letter."""
    for part in word.split("-"):
        capitals = sum(char.isupper() for char in part)
        if capitals >= 2 or (capitals and not part[0].isupper()):
            return True
    return False


MAX_BRACE_DEPTH: Final = 32
"""Pairs nested deeper are written as unpaired braces: pybtex refuses values nested over 100 deep."""


def _matched_braces(text: str) -> set[int]:
    """Positions of the braces that pair up, no deeper than :data:`MAX_BRACE_DEPTH`; the others
    are escaped as \\textbraceleft{} etc."""
    paired: set[int] = set()
    opened: list[int] = []
    for index, char in enumerate(text):
        if char == "{":
            opened.append(index)
        elif char == "}" and opened:
            start = opened.pop()
            if len(opened) < MAX_BRACE_DEPTH:
                paired.update((start, index))
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

    return _LIGATURE.sub("{}", _SPECIAL.sub(replace, text))


def escape_title(text: str) -> str:
    """As :func:`escape`, and words with two or more capitals (LDN, COVID-19, mRNA) braced."""
    return _WORD.sub(
        lambda match: "{" + match.group() + "}" if _needs_case_protection(match.group()) else match.group(),
        escape(text),
    )


# Journal macros of the AAS (aas_macros.sty), which ADS writes into every .bib it exports.
_JOURNAL_MACROS: Final = {
    "aj": "AJ",
    "actaa": "Acta Astron.",
    "araa": "ARA&A",
    "apj": "ApJ",
    "apjl": "ApJ",
    "apjs": "ApJS",
    "ao": "Appl. Opt.",
    "apss": "Ap&SS",
    "aap": "A&A",
    "aapr": "A&A Rev.",
    "aaps": "A&AS",
    "azh": "AZh",
    "baas": "BAAS",
    "icarus": "Icarus",
    "jcap": "J. Cosmology Astropart. Phys.",
    "jrasc": "JRASC",
    "memras": "MmRAS",
    "mnras": "MNRAS",
    "na": "New A",
    "nar": "New A Rev.",
    "pra": "Phys. Rev. A",
    "prb": "Phys. Rev. B",
    "prc": "Phys. Rev. C",
    "prd": "Phys. Rev. D",
    "pre": "Phys. Rev. E",
    "prl": "Phys. Rev. Lett.",
    "pasa": "PASA",
    "pasp": "PASP",
    "pasj": "PASJ",
    "qjras": "QJRAS",
    "skytel": "S&T",
    "solphys": "Sol. Phys.",
    "sovast": "Soviet Ast.",
    "ssr": "Space Sci. Rev.",
    "zap": "ZAp",
    "nat": "Nature",
    "iaucirc": "IAU Circ.",
    "aplett": "Astrophys. Lett.",
    "gca": "Geochim. Cosmochim. Acta",
    "grl": "Geophys. Res. Lett.",
    "jcp": "J. Chem. Phys.",
    "jgr": "J. Geophys. Res.",
    "jqsrt": "J. Quant. Spec. Radiat. Transf.",
    "memsai": "Mem. Soc. Astron. Italiana",
    "nphysa": "Nucl. Phys. A",
    "physrep": "Phys. Rep.",
    "physscr": "Phys. Scr",
    "planss": "Planet. Space Sci.",
    "procspie": "Proc. SPIE",
}
# Symbols pylatexenc has no text for.
_SYMBOLS: Final = {
    "TeX": "TeX",
    "LaTeX": "LaTeX",
    "LaTeXe": "LaTeX2e",
    "BibTeX": "BibTeX",
    "textless": "<",
    "textgreater": ">",
    "slash": "/",
    "euro": "€",
    "pounds": "£",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciicircum": "^",
    "textasciitilde": "~",
    # Font switches: {\\cal O}, {\\bf x}.
    "cal": "",
    "mathcal": "",
    **_JOURNAL_MACROS,
}
# Commands whose argument is the text (pylatexenc's parser must know they take one).
_ARGUMENT_COMMANDS: Final = {
    "mbox": "{",
    "hbox": "{",
    "textsuperscript": "{",
    "textsubscript": "{",
    "NoCaseChange": "{",
    "textnormal": "{",
    "enquote": "{",
    "uppercase": "{",
    "lowercase": "{",
    "MakeUppercase": "{",
    "MakeLowercase": "{",
    "url": "{",
    "href": "{{",
}


def _decoder() -> tuple[latex2text.LatexNodes2Text, latexwalker.LatexContextDb]:
    """pylatexenc's text renderer, with what BibTeX values need on top of its defaults."""
    parsing = latexwalker.get_default_latex_context_db()
    parsing.add_context_category(
        "ldnrefs",
        prepend=True,
        macros=[
            *(macrospec.MacroSpec(name, arguments) for name, arguments in _ARGUMENT_COMMANDS.items()),
            *(macrospec.MacroSpec(name, "") for name in _SYMBOLS),
        ],
    )
    rendering = latex2text.get_default_latex_context_db()
    rendering.add_context_category(
        "ldnrefs",
        prepend=True,
        macros=[
            *(latex2text.MacroTextSpec(name, "%(1)s") for name in _ARGUMENT_COMMANDS if name != "href"),
            latex2text.MacroTextSpec("href", "%(2)s"),
            *(latex2text.MacroTextSpec(name, value.replace("%", "%%")) for name, value in _SYMBOLS.items()),
        ],
        # An unescaped & is an ampersand in a title, not a table's column separator.
        specials=[latex2text.SpecialsTextSpec("&", "&")],
    )
    return _Renderer(rendering, math_mode="text", strict_latex_spaces=True), parsing


class _Renderer(latex2text.LatexNodes2Text):  # type: ignore[misc]
    """Unknown commands are kept as typed (``\\foo``), or give their argument (``\\foo{x}`` → x)."""

    def macro_node_to_text(self, node: latexwalker.LatexMacroNode) -> str:
        if self.latex_context.get_macro_spec(node.macroname) is not None:
            return str(super().macro_node_to_text(node))
        source = node.parsing_state.s
        if source[node.pos + node.len : node.pos + node.len + 1] == "{":
            return ""
        return "\\" + str(node.macroname) + (" " if node.macro_post_space else "")

    def math_node_to_text(self, node: latexwalker.LatexNode) -> str:
        """Math as text, with numeric sub- and superscripts in Unicode: ``H$_2$O`` → H₂O."""
        text = str(super().math_node_to_text(node))
        text = _SUPERSCRIPT.sub(lambda match: match.group(1).translate(_SUPERSCRIPTS), text)
        return _SUBSCRIPT.sub(lambda match: match.group(1).translate(_SUBSCRIPTS), text)


_SUPERSCRIPT: Final = re.compile(r"\^([0-9]+|[+\-−])")
_SUBSCRIPT: Final = re.compile(r"_([0-9]+)")
_SUPERSCRIPTS: Final = str.maketrans("0123456789+-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻")
_SUBSCRIPTS: Final = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


_RENDERER, _PARSING = _decoder()
# Text that needs pylatexenc: a command or math. Ties, dashes, TeX quotes and braces are simple.
_LATEX: Final = re.compile(r"[\\$]")
_ENTITY: Final = re.compile(r"(?<!\\)&(?:#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_PLAIN: Final = (
    ("---", "—"),
    ("--", "–"),
    ("``", "“"),
    ("''", "”"),
    ("!`", "¡"),
    ("?`", "¿"),
    ("~", " "),
    ("{", ""),
    ("}", ""),
)


def unescape(text: str) -> str:
    """BibTeX value → plain text: escapes undone, accents and symbols decoded, math readable
    (``$\\alpha$`` → α), case-protecting braces dropped; a command no one knows is kept as typed.

    HTML entities that reference managers leave in titles (``&amp;``) are decoded too.
    """
    if "&" in text:
        text = _ENTITY.sub(lambda match: html.unescape(match.group()), text)
    if _LATEX.search(text):
        return _decode(text)
    for typed, meant in _PLAIN:
        if typed in text:
            text = text.replace(typed, meant)
    return " ".join(text.split())


@functools.lru_cache(maxsize=8192)
def _decode(text: str) -> str:
    """pylatexenc's reading of ``text`` (cached: journal names and authors repeat); the text as typed,
    less its braces, where pylatexenc fails on it (it raises IndexError or recurses past Python's
    limit on some broken markup, tolerant parsing or not)."""
    try:
        walker = latexwalker.LatexWalker(text, latex_context=_PARSING, tolerant_parsing=True)
        nodes = walker.get_latex_nodes()[0]
        return " ".join(_RENDERER.nodelist_to_text(nodes).split())
    except Exception:  # a third-party parser on arbitrary text: any failure is "unreadable"
        return " ".join(text.replace("{", "").replace("}", "").split())


_VERBATIM_SPECIALS: Final = str.maketrans({"{": "%7B", "}": "%7D", "\\": "%5C"})
_HAND_ESCAPED: Final = re.compile(r"\\([_%#&$~])")


def escape_verbatim(text: str) -> str:
    """A URL or DOI as a BibTeX value: unchanged but for braces and backslashes, which are
    percent-encoded (a style that prints the field as text, as plainnat's ``\\doi{}`` does,
    must not meet a TeX command), and runs of white space, one space each."""
    return " ".join(text.split()).translate(_VERBATIM_SPECIALS)


def unescape_verbatim(text: str) -> str:
    """A verbatim field as read: hand-written escapes (``a\\_b``, common in .bib files made for
    plain BibTeX) undone, white space kept as BibTeX keeps it (a run is one space: Zotero writes
    several URLs into one field, separated so), nothing else touched (``~`` is a tilde here)."""
    return _HAND_ESCAPED.sub(r"\1", " ".join(text.split()))
