"""The one place formats are registered and looked up.

A reader module exposes ``NAME``, ``SUFFIXES``, ``sniff(text) -> bool`` and
``loads(text, *, source=None) -> ParseResult``; a writer module exposes
``NAME``, ``SUFFIX`` and ``dumps(records) -> str``. Lookup goes by name (or
alias), then by file suffix, then by the sniffers in the order listed here:
the cheap, specific ones first and the rendered-text reader, which accepts
almost anything, last.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePath
from typing import Final, Protocol

from ldnrefs.errors import UnknownFormatError
from ldnrefs.model import ParseResult, Reference
from ldnrefs.readers import bibtex as bibtex_reader
from ldnrefs.readers import csljson as csljson_reader
from ldnrefs.readers import rendered, wikitext
from ldnrefs.readers import ris as ris_reader
from ldnrefs.writers import bibtex as bibtex_writer
from ldnrefs.writers import csljson as csljson_writer
from ldnrefs.writers import ris as ris_writer


class Reader(Protocol):
    NAME: str
    SUFFIXES: tuple[str, ...]

    def sniff(self, text: str) -> bool: ...

    def loads(self, text: str, *, source: str | None = None) -> ParseResult: ...


class Writer(Protocol):
    NAME: str
    SUFFIX: str

    def dumps(self, records: Iterable[Reference]) -> str: ...


READERS: Final[dict[str, Reader]] = {
    csljson_reader.NAME: csljson_reader,  # type: ignore[dict-item]
    bibtex_reader.NAME: bibtex_reader,  # type: ignore[dict-item]
    ris_reader.NAME: ris_reader,  # type: ignore[dict-item]
    wikitext.NAME: wikitext,  # type: ignore[dict-item]
    rendered.NAME: rendered,  # type: ignore[dict-item]
}
"""Readers in sniffing order."""

WRITERS: Final[dict[str, Writer]] = {
    bibtex_writer.NAME: bibtex_writer,
    csljson_writer.NAME: csljson_writer,
    ris_writer.NAME: ris_writer,
}

ALIASES: Final[dict[str, str]] = {
    "csljson": "csl-json",
    "csl": "csl-json",
    "json": "csl-json",
    "text": "rendered",
    "cs1": "rendered",
    "wikipedia": "rendered",
    "bib": "bibtex",
    "wiki": "wikitext",
    "mediawiki": "wikitext",
}


def _canonical(name: str) -> str:
    lowered = name.strip().lower()
    return ALIASES.get(lowered, lowered)


def reader_names() -> list[str]:
    return sorted(READERS)


def writer_names() -> list[str]:
    return sorted(WRITERS)


def get_reader(name: str) -> Reader:
    """The reader registered under ``name`` or one of its aliases.

    :raises UnknownFormatError: listing the valid names.
    """
    try:
        return READERS[_canonical(name)]
    except KeyError:
        raise UnknownFormatError(f"unknown input format {name!r}; known formats: {', '.join(reader_names())}") from None


def get_writer(name: str) -> Writer:
    try:
        return WRITERS[_canonical(name)]
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
