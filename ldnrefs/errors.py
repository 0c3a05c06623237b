"""The exceptions ldnrefs raises.

Every error derives from :class:`LdnrefsError`, so one ``except`` clause catches
anything the library throws on purpose. Subclasses also inherit the builtin they
resemble, so code written against ``ValueError`` or ``OSError`` keeps working::

    LdnrefsError
    ├── InputError (ValueError)
    │   ├── UnknownFormatError
    │   ├── UnreadableInputError
    │   ├── NoReferencesError
    │   ├── MalformedInputError   (broken beyond recovery, e.g. invalid JSON)
    │   └── ParseError            (raised only when strict=True)
    └── InvalidIdentifierError (ValueError)

Bad input inside a reference list is not an exception: readers recover, keep
what they understood and report a :class:`~ldnrefs.model.Diagnostic`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ldnrefs.model import Diagnostic


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


class ParseError(InputError):
    """Raised with ``strict=True`` when a reader reported warnings or errors."""

    def __init__(self, diagnostics: Sequence[Diagnostic], *, source: str | None = None) -> None:
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
