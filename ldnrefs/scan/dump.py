"""MediaWiki XML dumps: pages, the bzip2 streams that hold them, and the parts a worker reads.

Wikimedia's ``pages-articles-multistream.xml.bz2`` is many bzip2 streams of 100 pages each,
with an index (``…-multistream-index.txt.bz2``) whose lines are ``offset:page_id:title``, the
offset being the byte where the page's stream starts. A :class:`Part` is a byte range of
several whole streams, so a worker seeks straight to it. A plain ``.xml.bz2`` without an index
is split at the stream boundaries found while reading it (one part for a single stream), and an
uncompressed ``.xml`` at ``<page>`` boundaries.

Streams are decompressed one after another with :class:`bz2.BZ2Decompressor`, as ``bzcat``
reads them: bytes after the last stream that are not another stream are ignored and counted.
Pages are cut out of the XML text at ``<page>``/``</page>`` and parsed one at a time, so a
stream that holds only ``<page>`` elements (no root, as in the multistream layout) reads the
same as a whole document, and memory is one part's text at most.
"""

from __future__ import annotations

import bz2
import io
import os
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Final

import attrs

from ldnrefs.errors import MalformedInputError, UnreadableInputError
from ldnrefs.numbers import whole_number

_PAGE: Final = re.compile(rb"<page>.*?</page>", re.DOTALL)
_BZ2_MAGIC: Final = b"BZh"
DEFAULT_PART_BYTES: Final = 8 * 2**20
"""About how many compressed bytes a part holds (several streams; each stream is about 100 pages)."""


@attrs.frozen
class Page:
    page_id: int
    rev_id: int | None
    title: str
    namespace: int
    redirect: bool
    text: str


@attrs.frozen
class Part:
    """Bytes ``start`` to ``end`` of ``path``: whole bzip2 streams (or, uncompressed, whole pages)."""

    path: str
    start: int
    end: int
    number: int


def _child(element: ElementTree.Element, name: str) -> ElementTree.Element | None:
    for child in element:
        if child.tag == name or child.tag.endswith("}" + name):
            return child
    return None


def parse_page(block: bytes) -> Page:
    """One ``<page>…</page>`` element.

    :raises MalformedInputError: when it is not XML or has no id.
    """
    try:
        element = ElementTree.fromstring(block)
    except ElementTree.ParseError as error:
        raise MalformedInputError(f"a <page> that is not XML: {error}") from None
    title = _child(element, "title")
    namespace = _child(element, "ns")
    identifier = _child(element, "id")
    revision = _child(element, "revision")
    revision_id = _child(revision, "id") if revision is not None else None
    text = _child(revision, "text") if revision is not None else None
    page_id = whole_number((identifier.text or "").strip()) if identifier is not None else None
    if page_id is None:
        raise MalformedInputError("a <page> without a numeric <id>")
    revision_text = (revision_id.text or "").strip() if revision_id is not None else ""
    namespace_text = (namespace.text or "").strip() if namespace is not None else ""
    return Page(
        page_id=page_id,
        rev_id=whole_number(revision_text),
        title=(title.text or "") if title is not None else "",
        namespace=-(whole_number(namespace_text[1:]) or 0)
        if namespace_text.startswith("-")
        else whole_number(namespace_text) or 0,
        redirect=_child(element, "redirect") is not None,
        text=(text.text or "") if text is not None else "",
    )


def pages_of(text: bytes) -> Iterator[bytes]:
    """The ``<page>`` elements of an XML text (a whole dump, or streams of it), in order."""
    for match in _PAGE.finditer(text):
        yield match.group()


def decompress(data: bytes) -> tuple[bytes, int]:
    """The concatenated content of the bzip2 streams in ``data``, and how many bytes after the last
    stream were not another stream (ignored, as ``bzcat`` ignores them)."""
    out = io.BytesIO()
    rest = data
    while rest:
        if not rest.startswith(_BZ2_MAGIC):
            return out.getvalue(), len(rest)
        decompressor = bz2.BZ2Decompressor()
        try:
            out.write(decompressor.decompress(rest))
        except OSError:
            return out.getvalue(), len(rest)
        if not decompressor.eof:
            raise MalformedInputError("a bzip2 stream is cut short")
        rest = decompressor.unused_data
    return out.getvalue(), 0


def read_part(part: Part) -> tuple[bytes, int]:
    """The XML text of ``part`` and the count of trailing bytes that were not bzip2."""
    with open(part.path, "rb") as stream:
        stream.seek(part.start)
        data = stream.read(part.end - part.start)
    if part.path.endswith(".bz2"):
        return decompress(data)
    return data, 0


def stream_offsets_from_index(index: str | os.PathLike[str]) -> list[int]:
    """The stream offsets a multistream index names (``offset:page_id:title`` lines, bz2 or plain).

    :raises MalformedInputError: for a line that is not ``offset:page_id:title``, naming it.
    """
    path = os.fspath(index)
    data = Path(path).read_bytes()
    if path.endswith(".bz2"):
        data, _ = decompress(data)
    offsets: set[int] = set()
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        if not line.strip():
            continue
        offset, _, rest = line.partition(":")
        if not offset.isascii() or not offset.isdecimal() or ":" not in rest:
            raise MalformedInputError("not an index line (offset:page_id:title)", source=path, line=number)
        offsets.add(int(offset))
    return sorted(offsets)


def stream_offsets(path: str | os.PathLike[str], *, chunk: int = 2**20) -> list[int]:
    """Where each bzip2 stream of ``path`` starts, found by reading it once (no index).

    :raises MalformedInputError: when the last stream is cut short.
    """
    offsets: list[int] = []
    with open(path, "rb") as stream:
        position = 0  # the file offset of data[0]
        data = stream.read(chunk)
        while data:
            if len(data) < len(_BZ2_MAGIC):
                data += stream.read(chunk)
            if not data.startswith(_BZ2_MAGIC):
                return offsets  # trailing bytes that are not another stream
            offsets.append(position)
            decompressor = bz2.BZ2Decompressor()
            while True:
                try:
                    decompressor.decompress(data)
                except OSError:
                    return offsets[:-1]
                if decompressor.eof:
                    position += len(data) - len(decompressor.unused_data)
                    data = decompressor.unused_data or stream.read(chunk)
                    break
                position += len(data)
                data = stream.read(chunk)
                if not data:
                    raise MalformedInputError("the last bzip2 stream is cut short", source=os.fspath(path))
    return offsets


def _page_offsets(path: str, *, chunk: int = 2**20) -> list[int]:
    """Where each ``<page>`` of an uncompressed dump starts, read a chunk at a time (a tag cut by
    a chunk's end is found in the next, which starts with the cut part)."""
    offsets: list[int] = []
    tag = b"<page>"
    with open(path, "rb") as stream:
        position, carried = 0, b""
        while data := stream.read(chunk):
            window = carried + data
            start = position - len(carried)
            offsets += [start + match.start() for match in re.finditer(re.escape(tag), window)]
            carried = window[-(len(tag) - 1) :]
            position += len(data)
    return offsets


def parts(
    path: str | os.PathLike[str],
    *,
    index: str | os.PathLike[str] | None = None,
    part_bytes: int = DEFAULT_PART_BYTES,
) -> list[Part]:
    """The parts of a dump for workers: whole streams (or pages) of about ``part_bytes`` each.

    :raises UnreadableInputError: when the dump does not exist.
    """
    name = os.fspath(path)
    if not Path(name).is_file():
        raise UnreadableInputError("no such dump", source=name)
    size = Path(name).stat().st_size
    if name.endswith(".bz2"):
        starts = stream_offsets_from_index(index) if index is not None else stream_offsets(name)
    else:
        starts = _page_offsets(name)
    starts = [start for start in starts if start < size] or [0]
    if starts[0] != 0:
        starts.insert(0, 0)  # the header before the first indexed stream (siteinfo) has no pages
    found: list[Part] = []
    begin = starts[0]
    for following in [*starts[1:], size]:
        if following - begin >= part_bytes or following == size:
            found.append(Part(name, begin, following, len(found)))
            begin = following
    return found


def write_multistream(
    pages: Iterable[bytes], target: str | os.PathLike[str], *, header: bytes = b"", pages_per_stream: int = 100
) -> Path:
    """Write ``pages`` (``<page>`` elements) as Wikimedia's multistream layout: the header (the
    ``<mediawiki>`` opening and ``<siteinfo>``) in a stream of its own, streams of
    ``pages_per_stream`` pages, the closing tag last; and the index beside it
    (``…-index.txt.bz2``, ``offset:page_id:title`` lines). Returns the index's path. For tests,
    benchmarks, and to make a plain dump readable in parallel."""
    target = Path(target)
    index_lines: list[str] = []
    with open(target, "wb") as out:
        if header:
            out.write(bz2.compress(header))
        batch: list[bytes] = []

        def flush() -> None:
            offset = out.tell()
            for block in batch:
                try:
                    page = parse_page(block)
                except MalformedInputError:
                    continue  # in the stream, for the reader to report; not in the index
                index_lines.append(f"{offset}:{page.page_id}:{page.title}")
            out.write(bz2.compress(b"".join(batch)))
            batch.clear()

        for block in pages:
            batch.append(block)
            if len(batch) == pages_per_stream:
                flush()
        if batch:
            flush()
        if header:
            out.write(bz2.compress(b"</mediawiki>\n"))
    index = target.with_name(target.name.replace(".xml.bz2", "") + "-index.txt.bz2")
    index.write_bytes(bz2.compress(("\n".join(index_lines) + "\n").encode("utf-8")))
    return index


__all__ = [
    "Page",
    "Part",
    "decompress",
    "pages_of",
    "parse_page",
    "parts",
    "read_part",
    "stream_offsets",
    "stream_offsets_from_index",
    "write_multistream",
]
