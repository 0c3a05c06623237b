"""The one place formats are registered and looked up.

A reader module exposes ``NAME``, ``SUFFIXES``, ``sniff(text) -> bool`` and
``loads(text, *, source=None) -> ParseResult``; a writer (a module, or an
object for the formatted bibliographies) exposes ``NAME``, ``SUFFIX``,
``OPTIONS`` (the keyword options its ``dumps`` takes) and
``dumps(records, **options) -> str``. Lookup goes by name (or alias), then by
file suffix, then by the sniffers in the order listed here: the cheap,
specific ones first and the rendered-text reader, which accepts almost
anything, last.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePath
from typing import Any, Final, Protocol

from ldnrefs.errors import UnknownFormatError
from ldnrefs.model import ParseResult, Reference
from ldnrefs.readers import bibtex as bibtex_reader
from ldnrefs.readers import csljson as csljson_reader
from ldnrefs.readers import cslyaml, medline, rendered, wikitext
from ldnrefs.readers import ris as ris_reader
from ldnrefs.writers import bibtex as bibtex_writer
from ldnrefs.writers import csljson as csljson_writer
from ldnrefs.writers import formatted
from ldnrefs.writers import ris as ris_writer


class Reader(Protocol):
    NAME: str
    SUFFIXES: tuple[str, ...]

    def sniff(self, text: str) -> bool: ...

    def loads(self, text: str, *, source: str | None = None) -> ParseResult: ...


class Writer(Protocol):
    @property
    def NAME(self) -> str: ...

    @property
    def SUFFIX(self) -> str: ...

    @property
    def OPTIONS(self) -> tuple[str, ...]: ...

    @property
    def dumps(self) -> Callable[..., str]: ...


READERS: Final[dict[str, Reader]] = {
    csljson_reader.NAME: csljson_reader,  # type: ignore[dict-item]
    cslyaml.NAME: cslyaml,  # type: ignore[dict-item]
    bibtex_reader.NAME: bibtex_reader,  # type: ignore[dict-item]
    ris_reader.NAME: ris_reader,  # type: ignore[dict-item]
    medline.NAME: medline,  # type: ignore[dict-item]
    wikitext.NAME: wikitext,  # type: ignore[dict-item]
    rendered.NAME: rendered,  # type: ignore[dict-item]
}
"""Readers in sniffing order."""

WRITERS: Final[dict[str, Writer]] = {
    bibtex_writer.NAME: bibtex_writer,
    csljson_writer.NAME: csljson_writer,
    ris_writer.NAME: ris_writer,
    **{writer.NAME: writer for writer in formatted.WRITERS},
}
"""Data formats, then the formatted bibliographies (text, html, markdown)."""

ALIASES: Final[dict[str, str]] = {
    "csljson": "csl-json",
    "csl": "csl-json",
    "json": "csl-json",
    "yaml": "csl-yaml",
    "cslyaml": "csl-yaml",
    "text": "rendered",
    "cs1": "rendered",
    "wikipedia": "rendered",
    "bib": "bibtex",
    "wiki": "wikitext",
    "nbib": "medline",
    "pubmed": "medline",
    "mediawiki": "wikitext",
}
"""Other names of readers."""

WRITER_ALIASES: Final[dict[str, str]] = {
    "csljson": "csl-json",
    "csl": "csl-json",
    "json": "csl-json",
    "bib": "bibtex",
    "md": "markdown",
}
"""Other names of writers ("text" is a formatted bibliography, not the rendered reader)."""


def _canonical(name: str, aliases: dict[str, str]) -> str:
    lowered = name.strip().lower()
    return aliases.get(lowered, lowered)


def reader_names() -> list[str]:
    return sorted(READERS)


def writer_names() -> list[str]:
    return sorted(WRITERS)


def get_reader(name: str) -> Reader:
    """The reader registered under ``name`` or one of its aliases.

    :raises UnknownFormatError: listing the valid names.
    """
    try:
        return READERS[_canonical(name, ALIASES)]
    except KeyError:
        raise UnknownFormatError(f"unknown input format {name!r}; known formats: {', '.join(reader_names())}") from None


def get_writer(name: str) -> Writer:
    """The writer registered under ``name`` or one of its aliases.

    :raises UnknownFormatError: listing the valid names.
    """
    try:
        return WRITERS[_canonical(name, WRITER_ALIASES)]
    except KeyError:
        raise UnknownFormatError(
            f"unknown output format {name!r}; known formats: {', '.join(writer_names())}"
        ) from None


def detect_reader(text: str, *, path: str | None = None) -> Reader:
    """Pick a reader by file suffix, then by content; the rendered reader is the fallback."""
    if path:
        suffixes = "".join(PurePath(path).suffixes).lower()
        for reader in READERS.values():
            if any(suffixes.endswith(suffix) for suffix in reader.SUFFIXES) and reader.sniff(text):
                return reader
    for reader in READERS.values():
        if reader.sniff(text):
            return reader
    return READERS[rendered.NAME]


def dumps(name: str, records: Sequence[Reference], **options: Any) -> str:
    """``records`` written by the writer ``name``, with the options it takes.

    :raises UnknownFormatError: for an unknown writer, or an option it does not take.
    """
    writer = get_writer(name)
    unknown = sorted(set(options) - set(writer.OPTIONS))
    if unknown:
        takes = ", ".join(writer.OPTIONS) or "none"
        raise UnknownFormatError(f"the {writer.NAME} writer takes no option {unknown[0]!r} (its options: {takes})")
    return writer.dumps(records, **options)
