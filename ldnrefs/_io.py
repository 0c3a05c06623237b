"""Reading input bytes as text, and writing output files atomically."""

from __future__ import annotations

import codecs
import os
import re
import sys
import tempfile
from pathlib import Path

from ldnrefs.errors import UnreadableInputError

_SNIFF_BYTES = 8192


def text_encoding(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """The encoding to decode ``data`` with (and to write it back in): ``encoding`` when given,
    else the one its BOM names (``utf-8-sig`` keeps a UTF-8 BOM on the way out), else UTF-8.

    :raises UnreadableInputError: for binary data.
    """
    if encoding is not None:
        return encoding
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return name
    nul = data.find(b"\x00", 0, _SNIFF_BYTES)
    if nul >= 0:
        raise UnreadableInputError(
            f"binary data, not text (NUL byte at offset {nul})", source=source, line=data.count(b"\n", 0, nul) + 1
        )
    return "utf-8"


def decode(data: bytes, *, source: str, encoding: str | None = None) -> str:
    """Decode ``data`` as text: BOMs honoured, UTF-8 by default, binary data refused.

    :raises UnreadableInputError: for binary data or bytes invalid in the encoding,
        naming the line and byte offset of the first bad byte.
    """
    encoding = text_encoding(data, source=source, encoding=encoding)
    try:
        return data.decode(encoding)
    except LookupError:
        raise UnreadableInputError(f"unknown encoding {encoding!r}", source=source) from None
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise UnreadableInputError(
            f"not {encoding} text: byte 0x{bad} at offset {error.start} cannot be decoded (try --encoding)",
            source=source,
            line=line,
        ) from None


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of ``path`` (``-`` is standard input)."""
    if str(path) == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        raise UnreadableInputError("no such file", source=str(path)) from None
    except IsADirectoryError:
        raise UnreadableInputError("is a directory, not a file", source=str(path)) from None
    except OSError as error:
        raise UnreadableInputError(error.strerror or str(error), source=str(path)) from None


def read_text(path: str | os.PathLike[str], *, encoding: str | None = None) -> str:
    source = "<stdin>" if str(path) == "-" else str(path)
    return decode(read_bytes(path), source=source, encoding=encoding)


def write_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename.

    A reader of ``path`` sees the old file or the new one, never half of it,
    and a failure leaves no partial file behind.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if target.exists():
            os.chmod(temporary, target.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]|\n")


def printable(text: str) -> str:
    """``text`` made one inert line for a terminal or a CI log: line breaks, escape sequences and
    other control characters (from an author's name, a title) shown as ``\\n``, ``\\x1b``…, so
    they can neither recolour a terminal nor start a GitHub workflow command on a line of their own."""
    if text.isprintable():
        return text
    return _CONTROL.sub(
        lambda match: (
            "\\n"
            if match.group() == "\n"
            else f"\\x{ord(match.group()):02x}"
            if ord(match.group()) < 0x100
            else f"\\u{ord(match.group()):04x}"
        ),
        text,
    )
