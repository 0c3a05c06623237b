"""ldnrefs: reference lists in, structured and deduplicated bibliographies out.

>>> import ldnrefs
>>> records = ldnrefs.parse('''References
...   1. Kim PS, Fishman MA (2020). "Low-Dose Naltrexone for Chronic Pain". Current Pain and
...      Headache Reports. 24 (10): 64. doi:10.1007/s11916-020-00898-0. PMID 32845365.''')
>>> records[0].identifiers.doi, records[0].issued.year
('10.1007/s11916-020-00898-0', 2020)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ldnrefs import _io, registry
from ldnrefs._alloc import collector_paused
from ldnrefs._version import __version__
from ldnrefs.dedupe import DedupeResult, deduplicate
from ldnrefs.errors import (
    CacheError,
    EngineError,
    InputError,
    InvalidIdentifierError,
    InvalidValueError,
    LdnrefsError,
    MalformedInputError,
    NetworkError,
    NoReferencesError,
    NotFoundError,
    NotTextError,
    OfflineError,
    ParseError,
    RateLimitedError,
    ResolveError,
    ServiceError,
    UnknownFormatError,
    UnreadableInputError,
)
from ldnrefs.keys import citation_keys
from ldnrefs.model import Date, Diagnostic, Identifiers, Name, ParseResult, Provenance, Reference
from ldnrefs.writers.csljson import to_csl, to_csl_items
from ldnrefs.writers.formatted import OUTPUTS

if TYPE_CHECKING:
    from ldnrefs.resolve import Resolver

__all__ = [
    "CacheError",
    "Date",
    "DedupeResult",
    "Diagnostic",
    "EngineError",
    "Identifiers",
    "InputError",
    "InvalidIdentifierError",
    "InvalidValueError",
    "LdnrefsError",
    "MalformedInputError",
    "Name",
    "NetworkError",
    "NoReferencesError",
    "NotFoundError",
    "NotTextError",
    "OfflineError",
    "ParseError",
    "ParseResult",
    "Provenance",
    "RateLimitedError",
    "Reference",
    "ResolveError",
    "Resolver",
    "ServiceError",
    "UnknownFormatError",
    "UnreadableInputError",
    "__version__",
    "citation_keys",
    "deduplicate",
    "format_bibliography",
    "parse",
    "parse_all",
    "read",
    "read_all",
    "to_bibtex",
    "to_csl",
    "to_csl_items",
    "to_csl_json",
    "to_ris",
]


def __getattr__(name: str) -> Any:
    """``Resolver`` is imported on first use: it brings the HTTP stack, which reading a file never needs."""
    if name == "Resolver":
        from ldnrefs.resolve import Resolver

        return Resolver
    raise AttributeError(f"module 'ldnrefs' has no attribute {name!r}")


def parse(text: str, *, format: str | None = None, source: str | None = None, strict: bool = False) -> ParseResult:
    """Parse a reference list (a whole article or the list alone) into records.

    :param format: a reader name (``rendered``, ``csl-json``); detected from the
        content when omitted.
    :param source: a name for the input, used in provenance and diagnostics.
    :param strict: raise :class:`ParseError` when any entry was only partly understood.
    :returns: a :class:`ParseResult`, a list of :class:`Reference` with ``.diagnostics``
        (and the ``.text`` and ``.source`` it was read from).
    :raises NoReferencesError: when the text holds no reference list.
    :raises UnknownFormatError: when ``format`` names no reader.
    """
    if not isinstance(text, str):
        raise NotTextError(
            f"parse() takes text (str), not {type(text).__name__}: decode it first, or use ldnrefs.read()"
        )
    return parse_all([(text, source)], format=format, strict=strict)[0]


def read(
    path: str | os.PathLike[str], *, format: str | None = None, encoding: str | None = None, strict: bool = False
) -> ParseResult:
    """Read and parse a file (``-`` for standard input); see :func:`parse`.

    :raises UnreadableInputError: for a missing file, binary data or undecodable bytes.
    """
    source = "<stdin>" if str(path) == "-" else os.fspath(path)
    return parse(_io.read_text(path, encoding=encoding), format=format, source=source, strict=strict)


def parse_all(
    inputs: Sequence[tuple[str, str | None]], *, format: str | None = None, strict: bool = False
) -> list[ParseResult]:
    """Parse texts that belong together, one result per ``(text, source)`` in order.

    BibTeX files read together share what a ``\\bibliography{abbrev,authors,crossref}``
    shares: ``@string`` macros defined in any of them (in any order), and the entries a
    ``crossref`` or ``xdata`` field names. Other formats are parsed one by one, as :func:`parse`.
    """
    readers = []
    inputs, replaced = _valid_unicode(inputs)
    for text, source in inputs:
        if not text.strip():
            raise NoReferencesError("the input is empty", source=source)
        readers.append(registry.get_reader(format) if format else registry.detect_reader(text, path=source))
    results: dict[int, ParseResult] = {}
    for reader in dict.fromkeys(readers):
        positions = [position for position, chosen in enumerate(readers) if chosen is reader]
        group = [inputs[position] for position in positions]
        with collector_paused():
            if len(group) > 1 and hasattr(reader, "loads_together"):
                parsed = reader.loads_together(group)
            else:
                parsed = [reader.loads(text, source=source) for text, source in group]
        results.update(zip(positions, parsed, strict=True))
    ordered = [results[position] for position in range(len(inputs))]
    for position in replaced:
        ordered[position].diagnostics.insert(
            0,
            Diagnostic(
                "warning",
                "input.surrogate",
                "a lone surrogate (U+D800–U+DFFF) was replaced by U+FFFD",
                inputs[position][1],
                None,
            ),
        )
    for result, (text, source) in zip(ordered, inputs, strict=True):
        result.text, result.source = text, source
        if strict and result.diagnostics:
            raise ParseError(result.diagnostics, source=source)
    return ordered


def _valid_unicode(inputs: Sequence[tuple[str, str | None]]) -> tuple[list[tuple[str, str | None]], list[int]]:
    """The texts with lone surrogates (which no output can hold) replaced, and the positions of those replaced."""
    cleaned, replaced = [], []
    for position, (text, source) in enumerate(inputs):
        if not isinstance(text, str):
            raise NotTextError(f"parse_all() takes text (str), not {type(text).__name__}")
        text, changed = _io.without_surrogates(text)
        cleaned.append((text, source))
        if changed:
            replaced.append(position)
    return cleaned, replaced


def read_all(
    paths: Sequence[str | os.PathLike[str]],
    *,
    format: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
) -> list[ParseResult]:
    """Read files that belong together (``crossref.bib abbrev.bib authors.bib``); see :func:`parse_all`.

    :raises UnreadableInputError: for the first file that is missing, binary or undecodable.
    """
    inputs = [
        (_io.read_text(path, encoding=encoding), "<stdin>" if str(path) == "-" else os.fspath(path)) for path in paths
    ]
    return parse_all(inputs, format=format, strict=strict)


def to_bibtex(records: Sequence[Reference]) -> str:
    """``records`` as a BibTeX file (text), keyed by their citation keys."""
    return registry.dumps("bibtex", records)


def format_bibliography(records: Sequence[Reference], *, style: str = "apa", output: str = "text") -> str:
    """``records`` as a formatted bibliography (``text``, ``html`` or ``markdown``) in a CSL ``style``."""
    if output not in OUTPUTS:
        raise UnknownFormatError(f"unknown output {output!r}; choose one of {', '.join(OUTPUTS)}")
    return registry.dumps(output, records, style=style)


def to_ris(records: Sequence[Reference]) -> str:
    """``records`` as a RIS file (text), one record per ``TY`` … ``ER`` block."""
    return registry.dumps("ris", records)


def to_csl_json(records: Sequence[Reference], *, provenance: bool = True) -> str:
    """``records`` as a CSL-JSON array (text), ids equal to their citation keys."""
    return registry.dumps("csl-json", records, provenance=provenance)
