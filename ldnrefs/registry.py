"""The one place formats are registered and looked up.

A reader module exposes ``NAME``, ``sniff(text) -> bool`` and
``loads(text, *, source=None) -> ParseResult``; a writer (a module, or an
object for the formatted bibliographies) exposes ``NAME``, ``SUFFIX``,
``OPTIONS`` (the keyword options its ``dumps`` takes) and
``dumps(records, **options) -> str``. Lookup goes by name (or alias), then by
file suffix (:data:`SUFFIXES`), then by the sniffers in the order listed here:
the cheap, specific ones first and the rendered-text reader, which accepts
almost anything, last. Each module is imported when first used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import PurePath
from typing import Any, Final, Protocol, TypeVar

from ldnrefs.errors import UnknownFormatError
from ldnrefs.model import ParseResult, Reference


class Reader(Protocol):
    NAME: str

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


_Format = TypeVar("_Format")


class _OnFirstUse(Mapping[str, _Format]):
    """Formats by name, each module imported when first looked up: ``ldnrefs check paper.tex`` never
    pays for the rendered-text reader's learned model or the wikitext parser."""

    def __init__(self, where: Mapping[str, tuple[str, str | None]]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, _Format] = {}

    def __getitem__(self, name: str) -> _Format:
        found = self._loaded.get(name)
        if found is None:
            module_name, attribute = self._where[name]
            module: Any = importlib.import_module(module_name)
            found = module if attribute is None else next(w for w in getattr(module, attribute) if name == w.NAME)
            self._loaded[name] = found
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._where)

    def __len__(self) -> int:
        return len(self._where)


READERS: Final[Mapping[str, Reader]] = _OnFirstUse(
    {
        "csl-json": ("ldnrefs.readers.csljson", None),
        "csl-yaml": ("ldnrefs.readers.cslyaml", None),
        "bibtex": ("ldnrefs.readers.bibtex", None),
        "ris": ("ldnrefs.readers.ris", None),
        "medline": ("ldnrefs.readers.medline", None),
        "wikitext": ("ldnrefs.readers.wikitext", None),
        "rendered": ("ldnrefs.readers.rendered", None),
    }
)
"""Readers in sniffing order."""

SUFFIXES: Final[Mapping[str, tuple[str, ...]]] = {
    "csl-json": (".json", ".csljson", ".csl.json"),
    "csl-yaml": (".yaml", ".yml"),
    "bibtex": (".bib", ".bibtex"),
    "ris": (".ris",),
    "medline": (".nbib", ".medline"),
    "wikitext": (".wiki", ".wikitext", ".mediawiki"),
    "rendered": (".txt", ".text"),
}
"""The file suffixes of each reader's format."""

WRITERS: Final[Mapping[str, Writer]] = _OnFirstUse(
    {
        "bibtex": ("ldnrefs.writers.bibtex", None),
        "csl-json": ("ldnrefs.writers.csljson", None),
        "ris": ("ldnrefs.writers.ris", None),
        "text": ("ldnrefs.writers.formatted", "WRITERS"),
        "html": ("ldnrefs.writers.formatted", "WRITERS"),
        "markdown": ("ldnrefs.writers.formatted", "WRITERS"),
    }
)
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
        for name, known in SUFFIXES.items():
            if any(suffixes.endswith(suffix) for suffix in known) and READERS[name].sniff(text):
                return READERS[name]
    for reader in READERS.values():
        if reader.sniff(text):
            return reader
    return READERS["rendered"]


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
