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
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from ldnrefs import _io
from ldnrefs.errors import LdnrefsError, MalformedInputError, UnreadableInputError
from ldnrefs.keys import own_key
from ldnrefs.model import Diagnostic, ParseResult, Reference

if TYPE_CHECKING:
    from ldnrefs.dedupe import DedupeResult, Settings


@attrs.frozen
class Citation:
    """One key cited, and where: the file and line of its citation command."""

    key: str
    source: str
    line: int
    start: int | None = None
    """Where the key is in its file's text (a character offset; the key ends at ``start + len(key)``),
    so a rewrite can replace it and nothing else."""


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
    inline: ParseResult | None = None
    """The CSL items given in the YAML front matter (``references:``): a bibliography of its own."""
    aliases: tuple[tuple[str, str], ...] = ()
    """Manubot's ``[@tag:name]: doi:…`` definitions: ``(tag key, what it cites)``."""


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


def _blank(match: re.Match[str]) -> str:
    """The matched text as spaces, its line breaks kept: every offset after it stays where it was."""
    return re.sub(r"[^\n]", " ", match.group())


def _without_comments(text: str) -> str:
    """Comments and verbatim-like environments blanked, every character kept in its place."""
    text = _VERBATIM.sub(_blank, text)
    if "%" in text:
        text = _COMMENT.sub(lambda match: match.group(1) + " " * (len(match.group()) - len(match.group(1))), text)
    return text


def _groups(text: str, start: int, many: bool) -> tuple[list[tuple[str, int]], int]:
    """The ``{…}`` arguments after a citation command (one, or several for ``\\cites``), skipping
    ``[…]`` and ``(…)`` notes; returns their contents with their offsets, and where they end."""
    found: list[tuple[str, int]] = []
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
            found.append((text[index + 1 : end - 1], index + 1))
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
                for group, offset in groups:
                    for piece in re.finditer(r"[^,]+", group):
                        key = piece.group().strip()
                        if key == "*":
                            everything = True
                        elif key and not key.startswith("\\") and not any(char.isspace() for char in key):
                            at = offset + piece.start() + piece.group().index(key)
                            citations.append(Citation(key, source, bisect.bisect_right(starts, at), at))

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


def _front_matter(front: str, source: str) -> tuple[dict[str, Any], list[int]]:
    """The YAML front matter as a mapping (pandoc reads it as YAML, and so does ldnrefs), and the
    lines of the items of its ``references``.

    :raises UnreadableInputError: when it is not YAML or not a mapping, naming its line.
    """
    from ldnrefs.readers.cslyaml import load

    try:
        loaded, item_lines = load(front, source=source, first_line=2, what="the YAML front matter does not parse")
    except MalformedInputError as error:
        raise UnreadableInputError(error.message, source=source, line=error.line) from None
    if loaded is None:
        return {}, []
    if not isinstance(loaded, dict):
        raise UnreadableInputError("the YAML front matter is not a mapping of settings", source=source, line=2)
    return loaded, item_lines


def _line_of(front: str, name: str) -> int:
    """The file line of the top-level YAML key ``name`` (the front matter starts on line 2)."""
    match = re.search(rf"^{re.escape(name)}\s*:", front, re.MULTILINE)
    return front.count("\n", 0, match.start()) + 2 if match else 2


def _listed(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value if isinstance(item, (str, int, float))]
    return []


def _nocite_span(front: str) -> tuple[int, int] | None:
    """Where the value of the top-level ``nocite:`` key lies in the front matter text."""
    match = re.search(r"^nocite\s*:", front, re.MULTILINE)
    if match is None:
        return None
    following = re.search(r"^\S", front[match.end() :], re.MULTILINE)
    return match.end(), match.end() + following.start() if following else len(front)


# Manubot's reference-link definitions: "[@tag:name]: doi:10.1/x" names what a tag cites.
_TAG_DEFINITION: Final = re.compile(r"^ {0,3}\[@(tag:[^\]\s]+)\]:\s*(\S+)\s*$", re.MULTILINE)


def read_markdown(path: str | os.PathLike[str], *, encoding: str | None = None) -> Manuscript:
    """The citations of a pandoc Markdown, Quarto or R Markdown manuscript, and the bibliographies its
    YAML front matter names (``bibliography:``), its ``nocite:`` keys and its inline ``references:``.
    Code blocks, inline code and HTML comments are skipped; Manubot's ``[@tag:x]: doi:…`` definitions
    are aliases, not citations.

    :raises UnreadableInputError: when the file cannot be read or its front matter does not parse.
    """
    source = os.fspath(path)
    text = _io.read_text(path, encoding=encoding)
    citations: list[Citation] = []
    bibliographies: list[tuple[str, str, int]] = []
    inline: ParseResult | None = None
    uncited: list[Citation] = []  # nocite's keys: after the text's, whose first citation names a work
    everything = False
    front = _FRONT_MATTER.match(text)
    if front is not None:
        settings, item_lines = _front_matter(front.group(1), source)
        named_at = _line_of(front.group(1), "bibliography")
        bibliographies = [(name, source, named_at) for name in _listed(settings.get("bibliography"))]
        if isinstance(settings.get("references"), list):
            from ldnrefs.readers import csljson, cslyaml

            items, lines = cslyaml.as_items(settings, item_lines, source=source)  # read once, with the settings
            inline = csljson.read_items(items, lines, source=source)
        span = _nocite_span(front.group(1)) if settings.get("nocite") else None
        if span is not None:
            offset = front.start(1)
            for match in _PANDOC_KEY.finditer(front.group(1), *span):
                key = match.group("braced") or match.group("key")
                at = offset + match.start("braced" if match.group("braced") else "key")
                uncited.append(Citation(key, source, text.count("\n", 0, at) + 1, at))
            everything = bool(re.search(r"(?<![\w@])@\*", front.group(1)[span[0] : span[1]]))
        # The front matter is blanked, its lines kept: an author "name@example.org" cites nothing.
        text = re.sub(r"[^\n]", " ", front.group()) + text[front.end() :]
    ignored = _ignored(text) if "ldnrefs:" in text else []
    text = re.sub(r"<!--.*?-->", _blank, text, flags=re.DOTALL)
    aliases: list[tuple[str, str]] = []
    if "[@tag:" in text:
        aliases = [(match.group(1), match.group(2)) for match in _TAG_DEFINITION.finditer(text)]
        text = _TAG_DEFINITION.sub(_blank, text)
    fenced = ""
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        at_line = offset
        offset += len(line) + 1
        fence = _FENCE.match(line.lstrip())
        if fence is not None:
            fenced = "" if fenced == fence.group(1) else (fenced or fence.group(1))
            continue
        if fenced or "@" not in line:
            continue
        if "`" in line:
            line = re.sub(r"`[^`]*`", _blank, line)
        for match in _PANDOC_KEY.finditer(line):
            key = match.group("braced") or match.group("key")
            if key and not _CROSS_REFERENCE.match(key):
                group = "braced" if match.group("braced") else "key"
                citations.append(Citation(key, source, number, at_line + match.start(group)))
    return Manuscript(
        source,
        (*citations, *uncited),
        tuple(bibliographies),
        everything,
        ignored=tuple(ignored),
        inline=inline,
        aliases=tuple(aliases),
    )


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


def read_bibliographies(
    manuscript: Manuscript, *, encoding: str | None = None, also: Sequence[str | os.PathLike[str]] = ()
) -> tuple[list[ParseResult], list[Diagnostic]]:
    """The manuscript's bibliographies read together (``@string`` macros and ``crossref`` parents
    shared), the inline ``references:`` of its front matter, and the files in ``also`` (settings'
    extra bibliographies); with an error naming the line that names a file that does not exist.

    :raises LdnrefsError: when a bibliography cannot be read at all.
    """
    from ldnrefs import read_all

    problems: list[Diagnostic] = []
    readable: list[Path] = []
    for path, source, line in bibliography_paths(manuscript):
        try:
            found = path.is_file()
        except OSError as error:  # a name too long for the file system, say
            problems.append(
                Diagnostic(
                    "error",
                    "input.unusable",
                    f"the bibliography {path} cannot be opened: {error.strerror}",
                    source,
                    line,
                )
            )
            continue
        if found:
            readable.append(path)
        else:
            problems.append(
                Diagnostic("error", "input.unusable", f"the bibliography {path} does not exist", source, line)
            )
    readable += [Path(path) for path in also if Path(path) not in readable]
    results = read_all(readable, encoding=encoding) if readable else []
    if manuscript.inline is not None:
        results.append(manuscript.inline)
    return results, problems


# Manubot's citation keys name a work by an identifier: "@doi:10.1098/rsif.2017.0387", "@pmid:…".
_IDENTIFIER_KEY: Final = re.compile(
    r"^(?P<scheme>doi|shortdoi|pmid|pubmed|pmcid|pmc|arxiv|isbn|url|https?|wikidata|tag|raw):(?P<value>.+)$",
    re.IGNORECASE,
)
_SCHEMES: Final = {"shortdoi": "doi", "pubmed": "pmid", "pmc": "pmcid", "http": "url", "https": "url"}


def identifier_records(manuscript: Manuscript, defined: set[str]) -> list[Reference]:
    """A record for each key of a Markdown manuscript that no bibliography defines and that names
    its work by an identifier, as Manubot's keys do (``doi:``, ``pmid:``, ``pmcid:``, ``arxiv:``,
    ``isbn:``, ``url:``; ``tag:`` through its ``[@tag:x]: doi:…`` definition). Two keys with one
    identifier are then one work; a shortDOI (``doi:10/gddkhn``) is one once resolved."""
    from ldnrefs import build

    if manuscript.source.lower().endswith(".tex"):
        return []  # LaTeX cites the keys its .bib defines; an undefined key is missing, whatever its shape
    aliases = dict(manuscript.aliases)
    records: list[Reference] = []
    seen: set[str] = set()
    for citation in manuscript.citations:
        key = citation.key
        if key in defined or key in seen:
            continue
        named = _IDENTIFIER_KEY.match(aliases.get(key, key))
        if named is None:
            continue
        scheme = named.group("scheme").lower()
        value = named.group("value")
        if scheme in ("http", "https"):
            value = f"{scheme}:{value}"
        scheme = _SCHEMES.get(scheme, scheme)
        if scheme in ("tag", "raw", "wikidata"):
            found: dict[str, list[str]] = {}  # an undefined tag, a raw: key, a Wikidata item: nothing to compare
        else:
            found = {scheme: [value]}
        seen.add(key)
        where = build.provenance(source=citation.source, line=citation.line, key=key, format="csl-json")
        records.append(build.record(found, provenance=where, type="article"))
    return records


@attrs.frozen
class CitedWorks:
    """The entries a manuscript cites, compared: what ``check`` reports and ``dedupe`` merges."""

    records: list[Reference]
    """Every entry of every bibliography (and the manuscript's own: inline and identifier keys)."""
    keys: list[str | None]
    order: list[int]
    """Positions in ``records`` of the entries compared, in order of first citation."""
    result: DedupeResult
    """The comparison of the entries ``order`` names (``result``'s positions index ``cited``)."""
    missing: list[Citation]

    @property
    def cited(self) -> list[Reference]:
        return [self.records[position] for position in self.order]


def cited_works(
    manuscript: Manuscript,
    bibliographies: Sequence[ParseResult],
    *,
    settings: Settings | None = None,
    all_entries: bool = False,
    prepare: Callable[[list[Reference]], list[Reference]] | None = None,
    apart: Callable[[list[Reference], DedupeResult], list[tuple[int, int]]] | None = None,
    ignore: Sequence[tuple[str, str]] = (),
) -> CitedWorks:
    """The cited entries compared. Duplicates among entries the manuscript never cites are not
    compared unless ``all_entries``; keys the author marked ``ldnrefs: ignore`` stay apart, and so do
    the pairs ``ignore`` names (keys or identifiers) and those ``apart`` names after a first
    comparison (``dedupe`` keeps pages apart that way)."""
    from ldnrefs.dedupe import DEFAULT_SETTINGS, deduplicate
    from ldnrefs.dedupe.ignore import distinct_pairs

    records = [record for result in bibliographies for record in result]
    keys = [own_key(record) for record in records]
    extra = identifier_records(manuscript, {key for key in keys if key})
    records += extra
    keys += [own_key(record) for record in extra]
    order, missing = cited_records(manuscript, records, keys)
    if all_entries:
        placed = set(order)
        order += [position for position in range(len(records)) if position not in placed]
    cited = [records[position] for position in order]
    if prepare is not None:
        cited = prepare(cited)
        for slot, position in enumerate(order):
            records[position] = cited[slot]
    # "% ldnrefs: ignore KEY1 KEY2" in the manuscript: the author judged those entries different works.
    at = {keys[position]: slot for slot, position in enumerate(order) if keys[position] is not None}
    distinct = [
        (at[one], at[other])
        for ignored in manuscript.ignored
        for one in ignored
        for other in ignored
        if one < other and one in at and other in at
    ]
    distinct += distinct_pairs(cited, ignore) if ignore else []
    result = deduplicate(cited, settings=settings or DEFAULT_SETTINGS, distinct=distinct)
    if apart is not None and (kept := apart(cited, result)):
        result = deduplicate(cited, settings=settings or DEFAULT_SETTINGS, distinct=distinct + kept)
    return CitedWorks(records, keys, order, result, missing)


def renames(works: CitedWorks) -> dict[str, str]:
    """Each later key of a group → the group's first key (the first cited)."""
    out: dict[str, str] = {}
    for group in works.result.groups:
        first = works.keys[works.order[group.positions[0]]]
        for position in group.positions[1:]:
            key = works.keys[works.order[position]]
            if first and key and key != first:
                out[key] = first
    return out


def merged_bibliography(works: CitedWorks) -> list[Reference]:
    """The bibliographies' entries, in their order, with each group of one work written once: as the
    merged record under the first cited key, the other keys kept as its ``ids`` aliases, at the place
    of the group's first entry. Entries the manuscript does not compare are written as they are.
    The works a Markdown manuscript names by identifier (Manubot's ``@doi:…`` keys) come last."""
    count = len(works.records)
    merged_at: dict[int, Reference] = {}
    dropped: set[int] = set()
    for group, merged in zip(works.result.groups, _group_records(works), strict=True):
        members = sorted(works.order[position] for position in group.positions)
        merged_at[members[0]] = merged
        dropped.update(members[1:])
    return [merged_at.get(position, works.records[position]) for position in range(count) if position not in dropped]


def _group_records(works: CitedWorks) -> list[Reference]:
    """The merged record of each group, in the order of ``works.result.groups``."""
    result = works.result
    return [result.records[result.new_numbers[group.positions[0]] - 1] for group in result.groups]


__all__ = [
    "MANUSCRIPT_SUFFIXES",
    "Citation",
    "CitedWorks",
    "Manuscript",
    "UnreadableInputError",
    "bibliography_paths",
    "cited_records",
    "cited_works",
    "identifier_records",
    "merged_bibliography",
    "read_latex",
    "read_manuscript",
    "read_markdown",
    "renames",
]
