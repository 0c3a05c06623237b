"""Reading input bytes as text, and writing output files atomically."""

from __future__ import annotations

import codecs
import os
import re
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Final

from ldnrefs.errors import UnreadableInputError
from ldnrefs.numbers import whole_number

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


MAX_INPUT_MB: Final = 512
"""The largest input read by default, in MB (``LDNREFS_MAX_INPUT_MB`` changes it): past it, an error
naming the file, not minutes of work and gigabytes of memory (100 MB takes up to two minutes)."""


def max_input() -> int:
    """The input size limit in bytes: ``LDNREFS_MAX_INPUT_MB`` (a whole number of MB), else :data:`MAX_INPUT_MB`."""
    setting = whole_number(os.environ.get("LDNREFS_MAX_INPUT_MB", "").strip(), max_digits=8)
    return (MAX_INPUT_MB if setting is None else setting) * 10**6


def read_bytes(path: str | os.PathLike[str]) -> bytes:
    """The bytes of ``path`` (``-`` is standard input), read a chunk at a time: binary data (a NUL
    in the first 8 KB: ``/dev/zero``, an image) is refused before the rest is read, and so is an
    input larger than :func:`max_input`.

    :raises UnreadableInputError: naming the file.
    """
    source = "<stdin>" if str(path) == "-" else str(path)
    try:
        if str(path) == "-":
            return _read_all(sys.stdin.buffer, source)
        with open(path, "rb") as stream:
            return _read_all(stream, source)
    except FileNotFoundError:
        raise UnreadableInputError("no such file", source=source) from None
    except IsADirectoryError:
        raise UnreadableInputError("is a directory, not a file", source=source) from None
    except OSError as error:
        raise UnreadableInputError(error.strerror or str(error), source=source) from None


def _read_all(stream: BinaryIO, source: str) -> bytes:
    first = stream.read(_SNIFF_BYTES)
    nul = first.find(b"\x00")
    if nul >= 0 and not first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableInputError(
            f"binary data, not text (NUL byte at offset {nul})", source=source, line=first.count(b"\n", 0, nul) + 1
        )
    chunks = [first]
    size = len(first)
    limit = max_input()
    while chunk := stream.read(2**20):
        size += len(chunk)
        if size > limit:
            raise UnreadableInputError(
                f"larger than {limit // 10**6:,} MB; split it, or raise LDNREFS_MAX_INPUT_MB", source=source
            )
        chunks.append(chunk)
    return b"".join(chunks)


def read_text(path: str | os.PathLike[str], *, encoding: str | None = None) -> str:
    source = "<stdin>" if str(path) == "-" else str(path)
    return decode(read_bytes(path), source=source, encoding=encoding)


def write_atomic(path: str | os.PathLike[str], text: str | Iterable[str], *, encoding: str = "utf-8") -> None:
    """Write ``text`` (or its pieces, as they come) to ``path`` through a temporary file and a rename.

    A reader of ``path`` sees the old file or the new one, never half of it,
    and a failure leaves no partial file behind.
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as error:  # name the file asked for, not the temporary one
        raise type(error)(error.errno, error.strerror, str(target)) from None
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline="\n") as stream:
            if isinstance(text, str):
                stream.write(text)
            else:
                stream.writelines(text)
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


SURROGATE: Final = re.compile("[\ud800-\udfff]")
"""A lone surrogate: half of a UTF-16 pair, which no UTF-8 output can hold."""


def without_surrogates(text: str) -> tuple[str, bool]:
    """``text`` with every lone surrogate replaced by U+FFFD, as a decoder would, and whether one was."""
    if text.isascii() or SURROGATE.search(text) is None:
        return text, False
    return SURROGATE.sub("\ufffd", text), True
