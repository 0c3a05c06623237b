"""Manuscripts that cite: a LaTeX document's citations, where they are, and the bibliographies it names.

``read_latex("paper.tex")`` follows ``\\input``, ``\\include`` and ``\\subfile``
(paths relative to the main file, as LaTeX resolves them), skips comments and
verbatim-like environments, and collects every citation command — natbib's
``\\citep``/``\\citet``/``\\citealp``…, biblatex's ``\\autocite``/``\\parencite``/
``\\textcite``/``\\footcite``/``\\fullcite``, the multi-citation ``\\cites`` family,
starred and capitalised forms, pre- and post-notes, several keys a command — with
its file and line. ``\\nocite{*}`` cites every entry. Bibliographies come from
``\\bibliography{a,b}`` and ``\\addbibresource{x.bib}``.

:func:`check_latex` then reads the bibliographies together and reports what
``ldnrefs check`` reports for a manuscript: one work cited under two keys (at
the later key's first citation), a cited key no bibliography defines, a key
defined twice.
"""

from __future__ import annotations

import bisect
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

import attrs

from ldnrefs import _io
from ldnrefs.errors import LdnrefsError, UnreadableInputError
from ldnrefs.model import Diagnostic, Reference


@attrs.frozen
class Citation:
    """One key cited, and where: the file and line of its citation command."""

    key: str
    source: str
    line: int


@attrs.frozen
class Manuscript:
    """What a manuscript cites, in order, and the bibliographies it names (paths as found)."""

    source: str
    citations: tuple[Citation, ...]
    bibliographies: tuple[tuple[str, str, int], ...]
    """``(path, file that names it, line)``."""
    cites_everything: bool = False
    diagnostics: tuple[Diagnostic, ...] = ()
    ignored: tuple[tuple[str, ...], ...] = ()
    """Keys the author judged different works: ``% ldnrefs: ignore KEY1 KEY2`` (LaTeX) or
    ``<!-- ldnrefs: ignore KEY1 KEY2 -->`` (Markdown), one group a comment."""


# Commands with "cite" in their name that cite nothing.
_NOT_CITATIONS: Final = frozenset(
    {"setcitestyle", "citestyle", "DeclareCiteCommand", "defcitealias", "citeindextrue", "citeindexfalse"}
)
_COMMAND: Final = re.compile(
    r"\\(?P<name>[A-Za-z]*cite[A-Za-z]*)\*?"
    r"|\\(?P<input>input|include|subfile|InputIfFileExists)\s*\{(?P<file>[^{}]+)\}"
    r"|\\(?P<bib>bibliography|addbibresource|addglobalbib|addsectionbib)\s*(?:\[[^\]]*\]\s*)?\{(?P<bibs>[^{}]+)\}"
)
_VERBATIM: Final = re.compile(
    r"\\begin\{(verbatim\*?|Verbatim\*?|lstlisting|minted|comment|filecontents\*?)\}.*?\\end\{\1\}", re.DOTALL
)
_COMMENT: Final = re.compile(r"(?<!\\)((?:\\\\)*)%.*")


_SUPPRESSION: Final = re.compile(r"(?:%|<!--)\s*ldnrefs:\s*ignore\s+([^\n]*?)\s*(?:-->|$)", re.MULTILINE)


def _ignored(text: str) -> list[tuple[str, ...]]:
    return [tuple(match.group(1).replace(",", " ").split()) for match in _SUPPRESSION.finditer(text)]


def _without_comments(text: str) -> str:
    """Comments and verbatim-like environments blanked, every line kept in its place."""
    text = _VERBATIM.sub(lambda match: "\n" * match.group().count("\n"), text)
    if "%" in text:
        text = _COMMENT.sub(r"\1", text)
    return text


def _groups(text: str, start: int, many: bool) -> tuple[list[str], int]:
    """The ``{…}`` arguments after a citation command (one, or several for ``\\cites``), skipping
    ``[…]`` and ``(…)`` notes; returns their contents and where they end."""
    found: list[str] = []
    index = start
    while True:
        while index < len(text) and text[index] in " \t\n":
            index += 1
        if index < len(text) and text[index] in "[(":
            closing = "]" if text[index] == "[" else ")"
            end = _balanced(text, index, text[index], closing)
            if end < 0:
                return found, index
            index = end
            continue
        if index < len(text) and text[index] == "{":
            end = _balanced(text, index, "{", "}")
            if end < 0:
                raise ValueError("unbalanced braces")
            found.append(text[index + 1 : end - 1])
            index = end
            if many:
                continue
        return found, index


def _balanced(text: str, start: int, opening: str, closing: str) -> int:
    """The index after the bracket that closes the one at ``start`` (-1 when none does)."""
    depth = 0
    for index in range(start, min(len(text), start + 5000)):
        char = text[index]
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def read_latex(path: str | os.PathLike[str], *, encoding: str | None = None) -> Manuscript:
    """The citations of a LaTeX manuscript and its included files, and the bibliographies it names.

    :raises UnreadableInputError: when the main file cannot be read.
    """
    main = Path(path)
    citations: list[Citation] = []
    bibliographies: list[tuple[str, str, int]] = []
    problems: list[Diagnostic] = []
    everything = False
    seen: set[Path] = set()

    ignored: list[tuple[str, ...]] = []

    def visit(file: Path, text: str) -> None:
        nonlocal everything
        source = os.fspath(file)
        if "ldnrefs:" in text:
            ignored.extend(_ignored(text))
        text = _without_comments(text)
        starts = [0] + [index + 1 for index, char in enumerate(text) if char == "\n"]
        for match in _COMMAND.finditer(text):
            line = bisect.bisect_right(starts, match.start())
            if match.group("input"):
                _include(match.group("file").strip(), source, line)
            elif match.group("bib"):
                for name in match.group("bibs").split(","):
                    name = name.strip()
                    if name:
                        if match.group("bib") == "bibliography" and not name.endswith(".bib"):
                            name += ".bib"
                        bibliographies.append((name, source, line))
            elif match.group("name") not in _NOT_CITATIONS:
                name = match.group("name")
                try:
                    groups, _ = _groups(text, match.end(), many=name.lower().endswith("cites"))
                except ValueError:
                    problems.append(
                        Diagnostic("error", "latex.unbalanced", f"\\{name} without a closing brace", source, line)
                    )
                    continue
                for group in groups:
                    for key in group.split(","):
                        key = key.strip()
                        if key == "*":
                            everything = True
                        elif key and not key.startswith("\\") and " " not in key:
                            citations.append(Citation(key, source, line))

    def _include(name: str, source: str, line: int) -> None:
        target = main.parent / name
        if not target.suffix:
            target = target.with_suffix(".tex")
        if target.resolve() in seen:
            return
        try:
            included = _io.read_text(target)
        except LdnrefsError:
            problems.append(
                Diagnostic("error", "latex.missing-input", f"cannot read the included file {target}", source, line)
            )
            return
        seen.add(target.resolve())
        visit(target, included)

    text = _io.read_text(main, encoding=encoding)
    seen.add(main.resolve())
    visit(main, text)
    return Manuscript(
        os.fspath(main), tuple(citations), tuple(bibliographies), everything, tuple(problems), tuple(ignored)
    )


# pandoc's citation syntax: "[@key]", "[-@key]", "[see @a, p. 3; @b]" and "@key" in running text.
# A key starts with a letter, digit or "_" and may hold internal punctuation (":.#$%&-+?<>~/"),
# never at its end; "@{braced key}" holds anything but braces. An "@" after a letter or digit is an
# e-mail address; "@fig:", "@tbl:", "@sec:", "@eq:" are pandoc-crossref's cross-references.
_PANDOC_KEY: Final = re.compile(r"(?<![\w@])-?@(?:\{(?P<braced>[^{}]+)\}|(?P<key>[\w](?:[\w:.#$%&\-+?<>~/]*[\w])?))")
_CROSS_REFERENCE: Final = re.compile(r"^(?:fig|tbl|sec|eq|lst|thm|lem|def):", re.IGNORECASE)
_FENCE: Final = re.compile(r"^(```|~~~)")
_FRONT_MATTER: Final = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)


def _front_matter_bibliographies(front: str, source: str) -> list[tuple[str, str, int]]:
    """``bibliography: refs.bib`` or a list of paths under ``bibliography:`` in YAML front matter
    (the one setting ldnrefs needs, read without a YAML library)."""
    found: list[tuple[str, str, int]] = []
    lines = front.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"^bibliography:\s*(.*?)\s*$", line)
        if match is None:
            continue
        value = match.group(1)
        if value.startswith("["):
            names = [name.strip().strip("'\"") for name in value.strip("[]").split(",")]
            found += [(name, source, index + 2) for name in names if name]
        elif value:
            found.append((value.strip("'\""), source, index + 2))
        else:
            for offset, item in enumerate(lines[index + 1 :], start=index + 1):
                listed = re.match(r"^\s*-\s*(.+?)\s*$", item)
                if listed is None:
                    break
                found.append((listed.group(1).strip("'\""), source, offset + 2))
    return found


def read_markdown(path: str | os.PathLike[str], *, encoding: str | None = None) -> Manuscript:
    """The citations of a pandoc Markdown, Quarto or R Markdown manuscript, and the bibliographies its
    YAML front matter names. Code blocks, inline code and HTML comments are skipped.

    :raises UnreadableInputError: when the file cannot be read.
    """
    source = os.fspath(path)
    text = _io.read_text(path, encoding=encoding)
    bibliographies: list[tuple[str, str, int]] = []
    front = _FRONT_MATTER.match(text)
    if front is not None:
        bibliographies = _front_matter_bibliographies(front.group(1), source)
        # The front matter is blanked, its lines kept: an author "name@example.org" cites nothing.
        text = "\n" * front.group().count("\n") + text[front.end() :]
    ignored = _ignored(text) if "ldnrefs:" in text else []
    text = re.sub(r"<!--.*?-->", lambda match: "\n" * match.group().count("\n"), text, flags=re.DOTALL)
    citations: list[Citation] = []
    fenced = ""
    for number, line in enumerate(text.splitlines(), start=1):
        fence = _FENCE.match(line.lstrip())
        if fence is not None:
            fenced = "" if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced or "@" not in line:
            continue
        line = re.sub(r"`[^`]*`", "", line)
        for match in _PANDOC_KEY.finditer(line):
            key = match.group("braced") or match.group("key")
            if key and not _CROSS_REFERENCE.match(key):
                citations.append(Citation(key, source, number))
    return Manuscript(source, tuple(citations), tuple(bibliographies), ignored=tuple(ignored))


def read_manuscript(path: str | os.PathLike[str], *, encoding: str | None = None) -> Manuscript:
    """A LaTeX (``.tex``) or pandoc Markdown (``.md``, ``.qmd``, ``.Rmd``, ``.markdown``) manuscript."""
    if os.fspath(path).lower().endswith(".tex"):
        return read_latex(path, encoding=encoding)
    return read_markdown(path, encoding=encoding)


MARKDOWN_SUFFIXES: Final = (".md", ".qmd", ".rmd", ".markdown")
MANUSCRIPT_SUFFIXES: Final = (".tex", *MARKDOWN_SUFFIXES)


def bibliography_paths(manuscript: Manuscript) -> list[tuple[Path, str, int]]:
    """The bibliographies, each once, as paths relative to the main file's folder."""
    folder = Path(manuscript.source).parent
    out: list[tuple[Path, str, int]] = []
    seen: set[Path] = set()
    for name, source, line in manuscript.bibliographies:
        path = folder / name
        if path not in seen:
            seen.add(path)
            out.append((path, source, line))
    return out


def cited_records(
    manuscript: Manuscript, records: Sequence[Reference], keys: Sequence[str | None]
) -> tuple[list[int], list[Citation]]:
    """The positions of the entries the manuscript cites, in order of first citation (every entry
    for ``\\nocite{*}``), and the citations whose key no bibliography defines."""
    where: dict[str, int] = {}
    for position, key in enumerate(keys):
        if key is not None and key not in where:
            where[key] = position
    order: list[int] = []
    placed: set[int] = set()
    missing: list[Citation] = []
    reported: set[str] = set()
    for citation in manuscript.citations:
        found = where.get(citation.key)
        if found is None:
            if citation.key not in reported:
                reported.add(citation.key)
                missing.append(citation)
            continue
        if found not in placed:
            placed.add(found)
            order.append(found)
    if manuscript.cites_everything:
        order += [position for position in where.values() if position not in placed]
    return order, missing


__all__ = [
    "MANUSCRIPT_SUFFIXES",
    "Citation",
    "Manuscript",
    "UnreadableInputError",
    "bibliography_paths",
    "cited_records",
    "read_latex",
    "read_manuscript",
    "read_markdown",
]
