"""The exceptions ldnrefs raises: one tree, in this module alone.

Every error derives from :class:`LdnrefsError`, so one ``except`` clause catches
anything the library throws on purpose. Subclasses also inherit the builtin they
resemble, so code written against ``ValueError`` or ``OSError`` keeps working::

    LdnrefsError
    ├── InputError (ValueError)
    │   ├── UnknownFormatError
    │   ├── UnreadableInputError
    │   ├── NoReferencesError
    │   ├── MalformedInputError   (broken beyond recovery, e.g. invalid JSON)
    │   ├── NotTextError (TypeError)  (bytes or another object given where text is read)
    │   └── ParseError            (raised only when strict=True)
    ├── InvalidIdentifierError (ValueError)
    ├── InvalidValueError (ValueError)   (a record field the model refuses: month 13)
    ├── ResolveError              (kept per identifier in a resolve report)
    │   ├── NotFoundError
    │   ├── RateLimitedError
    │   ├── ServiceError
    │   ├── NetworkError
    │   └── OfflineError
    ├── CacheError (OSError)      (the resolver's SQLite cache cannot be used)
    └── EngineError               (ldnrefs scan's engine cannot run)

Bad input inside a reference list is not an exception: readers recover, keep
what they understood and report a :class:`~ldnrefs.model.Diagnostic`.

This module imports nothing from ldnrefs: it is the floor the model stands on.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class Problem(Protocol):
    """What an error reads of a diagnostic: the model's :class:`~ldnrefs.model.Diagnostic` is one.

    A protocol, so that this module needs nothing from the model.
    """

    @property
    def severity(self) -> str: ...

    @property
    def message(self) -> str: ...

    @property
    def line(self) -> int | None: ...


class LdnrefsError(Exception):
    """Root of every exception ldnrefs raises on purpose."""


class InputError(LdnrefsError, ValueError):
    """The input cannot be used: unknown format, unreadable bytes, no references."""

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None) -> None:
        self.message = message
        self.source = source
        self.line = line
        super().__init__(self.__str__())

    def __str__(self) -> str:
        """``SOURCE:LINE: message``; the message alone when the error has no place (an unknown style)."""
        if self.source is None and self.line is None:
            return self.message
        where = self.source or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}"


class UnknownFormatError(InputError):
    """A format name, suffix or content that no registered reader or writer handles."""


class UnreadableInputError(InputError):
    """The bytes are not text ldnrefs can read: binary data, a wrong encoding, a missing file."""


class NoReferencesError(InputError):
    """The text holds no reference list: no heading, no numbered entries, nothing reference-like."""


class MalformedInputError(InputError):
    """The text is in a known format but broken beyond recovery (e.g. invalid JSON)."""


class NotTextError(InputError, TypeError):
    """Something other than text was given to a function that parses text (bytes: decode them first)."""


class ParseError(InputError):
    """Raised with ``strict=True`` when a reader reported warnings or errors."""

    def __init__(self, diagnostics: Sequence[Problem], *, source: str | None = None) -> None:
        self.diagnostics = tuple(diagnostics)
        first = self.diagnostics[0] if self.diagnostics else None
        count = len(self.diagnostics)
        summary = first.message if first else "parse failed"
        if count > 1:
            summary += f" (and {count - 1} more problem{'s' if count > 2 else ''})"
        super().__init__(summary, source=source, line=first.line if first else None)


class InvalidIdentifierError(LdnrefsError, ValueError):
    """An identifier that cannot be normalised at all (raised by ``normalize_*(strict=True)``)."""

    def __init__(self, scheme: str, value: str, reason: str) -> None:
        self.scheme = scheme
        self.value = value
        self.reason = reason
        super().__init__(f"invalid {scheme} {value!r}: {reason}")


class InvalidValueError(LdnrefsError, ValueError):
    """A value the record model refuses (a month of 13, a day without a month)."""


class ResolveError(LdnrefsError):
    """A request that could not be answered; kept per identifier in the resolve report.

    ``kind`` is the status the report shows for the identifiers it concerns.
    """

    kind = "error"


class NotFoundError(ResolveError):
    """The service answered that it does not know the identifier."""

    kind = "not found"


class RateLimitedError(ResolveError):
    """The service kept answering 429 after every retry."""

    kind = "rate-limited"


class ServiceError(ResolveError):
    """The service answered with an error or with something that is not its format."""

    kind = "service"


class NetworkError(ResolveError):
    """No answer: the connection failed or timed out after every retry."""

    kind = "network"


class OfflineError(ResolveError):
    """Offline, and the cache has no answer."""

    kind = "offline"


class CacheError(LdnrefsError, OSError):
    """The resolver's SQLite cache cannot be opened, read or written."""


class EngineError(LdnrefsError):
    """``ldnrefs scan`` cannot run its engine: Dask is not installed, or a scheduler does not answer."""
