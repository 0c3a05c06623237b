"""Read CSL YAML: the bibliography format pandoc writes and reads (``references:`` with CSL items).

The items are CSL-JSON's, written as YAML, so they go through the CSL-JSON reader's
cleanup and schema check (:func:`ldnrefs.readers.csljson.read_items`). A file is either
a list of items or a mapping with a ``references`` list (optionally between ``---`` lines,
as pandoc writes it).
"""

from __future__ import annotations

import datetime
import functools
import re
from typing import Any, Final

from ldnrefs.errors import MalformedInputError
from ldnrefs.model import ParseResult
from ldnrefs.numbers import MAX_DIGITS
from ldnrefs.readers.csljson import read_items

NAME: Final = "csl-yaml"
_START: Final = re.compile(r"\A(?:---[ \t]*\n)?\s*(?:references\s*:|-\s+(?:id|type|title)\s*:)")


def sniff(text: str) -> bool:
    return _START.match(text[:2000]) is not None


def _plain(value: Any, budget: list[int]) -> Any:
    """YAML timestamps (``issued: 2017-05-01``) as the ISO text a CSL reader expects.

    ``budget`` counts the values left to visit: aliases can make a small document expand
    exponentially ("billion laughs"), which is refused, not walked."""
    budget[0] -= 1
    if budget[0] < 0:
        raise _TooLarge
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):  # changed in place: a copy of a 100 MB document is a gigabyte more
        if not all(isinstance(key, str) for key in value):
            value = {str(key): item for key, item in value.items()}
        for key, item in value.items():
            value[key] = _plain(item, budget)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            value[position] = _plain(item, budget)
    return value


class _TooLarge(Exception):
    pass


@functools.cache
def _loader() -> Any:
    """libyaml's safe loader where PyYAML's wheel has it (ten times the pure-Python one's speed),
    reading an integer of more than 18 digits as its text (``int()`` refuses past 4,300 digits;
    no CSL value is such a number)."""
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        pass

    def integer(loader: Any, node: Any) -> Any:
        text = loader.construct_scalar(node)
        if len(text) > MAX_DIGITS and sum(char.isdigit() for char in text) > MAX_DIGITS:
            return text
        return loader.construct_yaml_int(node)

    Loader.add_constructor("tag:yaml.org,2002:int", integer)
    return Loader


def _item_lines(root: Any, first_line: int) -> list[int]:
    nodes = root
    if root is not None and root.id == "mapping":
        nodes = next((value for key, value in root.value if getattr(key, "value", None) == "references"), None)
    if nodes is None or nodes.id != "sequence":
        return []
    return [node.start_mark.line + first_line for node in nodes.value]


def load(text: str, *, source: str | None, first_line: int = 1, what: str = "not valid YAML") -> tuple[Any, list[int]]:
    """``text`` as plain data (dates as ISO text) and the line each CSL item starts on (the items of
    a list, or of a mapping's ``references``): safely, in bounded time and depth.

    :raises MalformedInputError: ``what`` and the problem, naming the line.
    """
    import yaml

    loader = None
    try:
        loader = _loader()(text)
        root = loader.get_single_node()
        lines = _item_lines(root, first_line)
        data = loader.construct_document(root) if root is not None else None
        del root  # the node tree is as large as the data: freed before the data is walked
        return _plain(data, [10 * len(text) + 1000]), lines
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + first_line if mark is not None else first_line
        problem = getattr(error, "problem", None) or "not YAML"
        raise MalformedInputError(f"{what}: {problem}", source=source, line=line) from None
    except RecursionError:
        raise MalformedInputError(f"{what}: nested too deeply", source=source, line=first_line) from None
    except _TooLarge:
        raise MalformedInputError(f"{what}: its aliases expand too far", source=source, line=first_line) from None
    finally:
        if loader is not None:
            loader.dispose()


# pandoc's CSL YAML writes a date as EDTF text ("issued: 2017-05-01"), which CSL-JSON spells {"raw": …}.
_DATES: Final = frozenset({"issued", "accessed", "original-date", "event-date", "submitted", "available-date"})


def _item(value: Any) -> Any:
    if isinstance(value, dict):
        for key in _DATES & value.keys():
            if isinstance(value[key], (str, int)):
                value[key] = {"raw": str(value[key])}
    return value


_ITEM_BY_ITEM: Final = 1_000_000
"""A document larger than this is read an item at a time where its layout allows: the node tree
PyYAML builds for a whole document takes some 40 times the text's size (5 GB for 100 MB)."""
_HEAD: Final = re.compile(r"\A(?:---[ \t]*\n)?(?:references[ \t]*:[ \t]*\n)?")
_ITEM_START: Final = re.compile(r"^( *)- ", re.MULTILINE)
# Anchors, aliases and tags would tie items together (or make a value what it is not).
_TIES: Final = re.compile(r"(?:^[ \t]*|[:?-][ \t]+|[\[{,][ \t]*)[&*!]\S", re.MULTILINE)
_END: Final = re.compile(r"^(?:\.\.\.|---)[ \t]*\n*\Z", re.MULTILINE)
_BATCH: Final = 100_000
"""Items are loaded some 100 KB at a time: a loader per item costs more than the items."""


def _items_one_by_one(text: str, *, source: str | None, first_line: int) -> tuple[list[Any], list[int | None]] | None:
    """The items of a pandoc-style document (``references:`` then ``- `` items, one indentation),
    loaded a batch at a time; None when the document is laid out otherwise (it is then read whole)."""
    head = _HEAD.match(text)
    body = head.end() if head else 0
    first = _ITEM_START.search(text, body)
    if first is None or first.start() != body or _TIES.search(text):
        return None
    indent = first.group(1)
    terminator = _END.search(text, body)
    end = terminator.start() if terminator else len(text)
    starts = [match.start() for match in _ITEM_START.finditer(text, body, end) if match.group(1) == indent]
    starts.append(end)
    found: list[Any] = []
    lines: list[int | None] = []
    line = first_line + text.count("\n", 0, body)
    at = 0
    while at < len(starts) - 1:
        batch = at + 1
        while batch < len(starts) - 1 and starts[batch] - starts[at] < _BATCH:
            batch += 1
        chunk = text[starts[at] : starts[batch]]
        if any(
            row.strip() and row[: len(indent) + 1].strip() and not row.startswith(indent + "- ")
            for row in chunk.splitlines()
        ):
            return None  # a line no more indented than the items: not a plain list of items
        data, item_lines = load(chunk, source=source, first_line=line)
        if not isinstance(data, list) or not len(data) == len(item_lines) == batch - at:
            return None
        found += [_item(item) for item in data]
        lines += item_lines
        line += chunk.count("\n")
        at = batch
    return found, lines


def items(text: str, *, source: str | None = None, first_line: int = 1) -> tuple[list[Any], list[int | None]]:
    """The items of a CSL YAML document, and the line each starts on.

    :raises MalformedInputError: when the text is not YAML, naming the line.
    """
    if len(text) > _ITEM_BY_ITEM:
        found = _items_one_by_one(text, source=source, first_line=first_line)
        if found is not None:
            return found
    return load_whole(text, source=source, first_line=first_line)


def load_whole(text: str, *, source: str | None, first_line: int = 1) -> tuple[list[Any], list[int | None]]:
    """:func:`items`, the whole document loaded at once."""
    data, item_lines = load(text, source=source, first_line=first_line)
    return as_items(data, item_lines, source=source)


def as_items(data: Any, item_lines: list[int], *, source: str | None) -> tuple[list[Any], list[int | None]]:
    """The CSL items of a loaded document (see :func:`load`): a list, or a mapping's ``references``.

    :raises MalformedInputError: when it holds no list of items.
    """
    if isinstance(data, dict):
        data = data.get("references", [])
    if not isinstance(data, list):
        raise MalformedInputError("CSL YAML must be a list of items or hold one under references:", source=source)
    lines: list[int | None] = list(item_lines) if len(item_lines) == len(data) else [None] * len(data)
    return [_item(item) for item in data], lines


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse CSL YAML text.

    :raises MalformedInputError: when the text is not YAML or holds no list of items.
    """
    found, lines = items(text, source=source)
    return read_items(found, lines, source=source)
