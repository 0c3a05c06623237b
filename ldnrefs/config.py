"""Project settings for ``ldnrefs check`` and ``dedupe``, the way linters keep theirs.

Read from ``.ldnrefs.toml`` (its top level) or ``pyproject.toml`` (``[tool.ldnrefs]``), the
nearest found from the input's folder up to the root; ``--config FILE`` names one,
``--no-config`` reads none. Command-line options win over the file::

    [tool.ldnrefs]
    ignore = [["smith2017", "Smith2017a"], "doi:10.1000/a doi:10.1000/b"]  # judged different works
    match = "work"                  # or "study"
    fail-on = ["same-work", "repeated-key", "missing-key", "retracted"]
    bibliographies = ["extra.bib"]  # added to every manuscript's own (relative to this file)
    all-entries = false
    strict = false

    [tool.ldnrefs.thresholds]       # dedupe.Settings, for those who must
    title-similarity = 92
    year-tolerance = 1

A setting ldnrefs does not know, or a value of the wrong type, is an error naming the file and
line: a misspelt ``fail-on`` silently ignored would fail nobody's build.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ldnrefs import _io
from ldnrefs.errors import LdnrefsError, MalformedInputError

if TYPE_CHECKING:
    from ldnrefs.dedupe import Settings

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found,unused-ignore]

FILES: Final = (".ldnrefs.toml", "pyproject.toml")
FINDING_KINDS: Final = frozenset(
    {
        "same-work",
        "same-work-different-pages",
        "repeated-key",
        "missing-key",
        "retracted",
        "expression-of-concern",
        "corrected",
    }
)
DEFAULT_FAIL_ON: Final = frozenset({"same-work", "repeated-key", "missing-key", "retracted"})
"""Every kind of finding but the warnings (one book cited at two pages, an expression of concern),
which fail with ``strict``, and the notes (a corrected work), which never fail."""
THRESHOLDS: Final = {
    "title-similarity": "title_similarity",
    "title-similarity-without-author": "title_similarity_without_author",
    "title-similarity-corroborated": "title_similarity_corroborated",
    "prefix-length": "prefix_length",
    "year-tolerance": "year_tolerance",
    "max-block-size": "max_block_size",
}
_WHOLE_NUMBERS: Final = frozenset({"prefix-length", "year-tolerance", "max-block-size"})
_KEYS: Final = frozenset({"ignore", "match", "fail-on", "bibliographies", "all-entries", "strict", "thresholds"})


@attrs.frozen
class Config:
    """The settings of one file (or none: every field at its default)."""

    path: Path | None = None
    ignore: tuple[tuple[str, ...], ...] = ()
    """Groups of keys or identifiers judged different works, each pairwise apart."""
    match: str | None = None
    fail_on: frozenset[str] | None = None
    bibliographies: tuple[Path, ...] = ()
    all_entries: bool = False
    strict: bool = False
    thresholds: tuple[tuple[str, float | int], ...] = ()
    """``dedupe.Settings`` field → value."""

    def dedupe_settings(self, *, study: bool = False, merge_related: bool = False) -> Settings:
        """Matching's settings: these thresholds, study mode or not."""
        from ldnrefs.dedupe import DEFAULT_SETTINGS

        changes: dict[str, Any] = dict(self.thresholds)
        return attrs.evolve(DEFAULT_SETTINGS, link_related=study, merge_related=merge_related, **changes)

    @property
    def ignored_pairs(self) -> list[tuple[str, str]]:
        return [(one, other) for group in self.ignore for i, one in enumerate(group) for other in group[i + 1 :]]


def find(start: str | os.PathLike[str]) -> Path | None:
    """The nearest settings file from ``start`` (a file or folder) up: ``.ldnrefs.toml``, or a
    ``pyproject.toml`` that has a ``[tool.ldnrefs]`` table."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for directory in (folder, *folder.parents):
        own = directory / FILES[0]
        if own.is_file():
            return own
        project = directory / FILES[1]
        if project.is_file() and re.search(r"^\[tool\.ldnrefs[\].]", _read(project), re.MULTILINE):
            return project
    return None


def _read(path: Path) -> str:
    try:
        return _io.read_text(path)
    except LdnrefsError:  # an unreadable pyproject.toml is not ours to report while searching
        return ""


def load(path: str | os.PathLike[str]) -> Config:
    """The settings in ``path``.

    :raises MalformedInputError: for TOML that does not parse, an unknown setting or a wrong value,
        naming the file and line.
    """
    path = Path(path)
    source = os.fspath(path)
    text = _io.read_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = _error_line(str(error))
        raise MalformedInputError(f"not valid TOML: {str(error).split(' (at')[0]}", source=source, line=line) from None
    table = data.get("tool", {}).get("ldnrefs", {}) if path.name == "pyproject.toml" else data
    if not isinstance(table, dict):
        raise MalformedInputError("[tool.ldnrefs] must be a table", source=source)

    def bad(key: str, message: str) -> MalformedInputError:
        return MalformedInputError(f"{key}: {message}", source=source, line=_key_line(text, key))

    for key in table:
        if key not in _KEYS:
            known = ", ".join(sorted(_KEYS))
            raise bad(key, f"not a setting ldnrefs knows (it knows {known})")
    ignore: list[tuple[str, ...]] = []
    for group in _list(table, "ignore", bad):
        tokens = group.split() if isinstance(group, str) else group if isinstance(group, list) else None
        if tokens is None or len(tokens) < 2 or not all(isinstance(token, str) for token in tokens):
            raise bad("ignore", "each entry is two or more keys or identifiers: ['a', 'b'] or 'a b'")
        ignore.append(tuple(tokens))
    match = table.get("match")
    if match is not None and match not in ("work", "study"):
        raise bad("match", f"'work' or 'study', not {match!r}")
    fail_on: frozenset[str] | None = None
    if "fail-on" in table:
        kinds = _list(table, "fail-on", bad)
        unknown = [kind for kind in kinds if kind not in FINDING_KINDS]
        if unknown or not all(isinstance(kind, str) for kind in kinds):
            raise bad("fail-on", f"kinds of finding are {', '.join(sorted(FINDING_KINDS))}; not {unknown}")
        fail_on = frozenset(kinds)
    bibliographies = []
    for name in _list(table, "bibliographies", bad):
        if not isinstance(name, str):
            raise bad("bibliographies", "a list of paths")
        bibliographies.append(path.parent / name)
    flags = {}
    for key in ("all-entries", "strict"):
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise bad(key, "true or false")
        flags[key] = value
    thresholds: list[tuple[str, float | int]] = []
    given = table.get("thresholds", {})
    if not isinstance(given, dict):
        raise bad("thresholds", "a table: [tool.ldnrefs.thresholds]")
    for key, value in given.items():
        if key not in THRESHOLDS:
            raise bad(key, f"not a threshold ldnrefs knows (it knows {', '.join(THRESHOLDS)})")
        whole = key in _WHOLE_NUMBERS
        if isinstance(value, bool) or not isinstance(value, int if whole else (int, float)) or value < 0:
            raise bad(key, "a whole number, 0 or more" if whole else "a number, 0 or more")
        thresholds.append((THRESHOLDS[key], value))
    return Config(
        path,
        tuple(ignore),
        match,
        fail_on,
        tuple(bibliographies),
        flags["all-entries"],
        flags["strict"],
        tuple(thresholds),
    )


def _list(table: Mapping[str, Any], key: str, bad: Any) -> list[Any]:
    value = table.get(key, [])
    if not isinstance(value, list):
        raise bad(key, "a list")
    return value


def _key_line(text: str, key: str) -> int | None:
    match = re.search(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


def _error_line(message: str) -> int | None:
    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None


__all__ = ["DEFAULT_FAIL_ON", "FINDING_KINDS", "Config", "find", "load"]
