"""The ``ldnrefs`` command line: a thin argparse layer over the public API.

Results go to standard output, diagnostics to standard error as
``FILE:LINE: severity: message [code]``. Exit codes: 0 success, 1 findings
(reserved for ``check``), 2 usage or input error. No traceback reaches the
user for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import ldnrefs
from ldnrefs import _io, registry
from ldnrefs.errors import InputError, LdnrefsError, Problem

if TYPE_CHECKING:
    from ldnrefs.config import Config
    from ldnrefs.dedupe import DedupeResult, Settings
    from ldnrefs.manuscript import Manuscript

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3  # a bug in ldnrefs: never 1, which a CI job reads as "findings"

log = logging.getLogger("ldnrefs")

_PARSE_EXAMPLE = """\
examples:
  ldnrefs parse article.txt > refs.json
  curl -s … | ldnrefs parse - --from rendered
  ldnrefs parse article.txt --strict   # exit 2 if any entry is only partly understood
"""


_CHECK_EXAMPLE = """\
examples:
  ldnrefs check article.txt                   # FILE:LINE: reference 9 duplicates reference 1 (same DOI …)
  ldnrefs check refs.bib --format github      # annotations in a GitHub Actions log
  ldnrefs check article.txt --ignore .ldnrefs-ignore
"""

_DEDUPE_EXAMPLE = """\
examples:
  ldnrefs dedupe article.txt > merged.json
  ldnrefs dedupe article.txt --rewrite -o article.cleaned.txt
"""


_EXPORT_EXAMPLE = """\
examples:
  ldnrefs export ldnrefs/data/low-dose-naltrexone.txt --dedupe --to bibtex -o refs.bib
  ldnrefs export article.txt --dedupe --to text --style vancouver
  ldnrefs export refs.bib --to csl-json > refs.json
"""


_RESOLVE_EXAMPLE = """\
examples:
  LDNREFS_MAILTO=you@example.org ldnrefs resolve article.txt > enriched.json
  ldnrefs resolve article.txt --offline          # from the cache alone
  ldnrefs export article.txt --resolve --dedupe --to bibtex -o refs.bib
"""


_SCAN_EXAMPLE = """\
examples:
  ldnrefs scan enwiki-pages-articles-multistream.xml.bz2 \\
      --index enwiki-pages-articles-multistream-index.txt.bz2 --out scan/ --workers 8
  ldnrefs scan dump.xml.bz2 --out scan/ --engine dask --scheduler tcp://scheduler:8786
"""


class _Parser(argparse.ArgumentParser):
    """argparse that exits with status 2 and a one-line message, as everywhere else."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="ldnrefs",
        description="Reference lists in; structured records, duplicates and bibliographies out.",
        epilog="example:\n  ldnrefs parse ldnrefs/data/low-dose-naltrexone.txt",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ldnrefs {ldnrefs.__version__}")
    verbosity = parser.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print errors only, no warnings")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="also print informational messages")
    # The same options after the command ("ldnrefs check -q FILE"); SUPPRESS keeps
    # the value given before the command when they are not repeated after it.
    after: Any = argparse.ArgumentParser(add_help=False)  # a parent only: its parsing is never used
    after.add_argument(
        "-q", "--quiet", action="store_true", default=argparse.SUPPRESS, help="print errors only, no warnings"
    )
    after.add_argument(
        "-v", "--verbose", action="store_true", default=argparse.SUPPRESS, help="also print informational messages"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    parse = commands.add_parser(
        "parse",
        parents=[after],
        help="read a reference list and print it as CSL-JSON",
        description="Read a reference list (an article, a bare list, or CSL-JSON) and print a CSL-JSON array, "
        "one item per reference in list order.",
        epilog=_PARSE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("file", metavar="FILE", help="input file, or - for standard input")
    _input_options(parse)
    parse.add_argument("--strict", action="store_true", help="fail (exit 2) when any entry is only partly understood")
    _output_options(parse, provenance=True)
    parse.set_defaults(handler=_cmd_parse)

    check = commands.add_parser(
        "check",
        parents=[after],
        help="fail (exit 1) when a document cites a work twice",
        description="Find works cited more than once. Exit 0 when there are none, 1 when there are, "
        "2 when an input cannot be read.",
        epilog=_CHECK_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("files", metavar="FILE", nargs="+", help="input files, or - for standard input")
    _input_options(check)
    check.add_argument(
        "--format",
        dest="output_format",
        choices=["text", "json", "github", "sarif"],
        default="text",
        help="text (FILE:LINE: messages, the default), json, github (workflow annotations) or sarif (code scanning)",
    )
    check.add_argument(
        "--ignore",
        metavar="FILE",
        help="pairs judged not to be duplicates, one pair a line: two identifiers (doi:…, pmid:…) or keys",
    )
    _match_option(check)
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail (exit 1) on warnings too: one book or report cited at different pages",
    )
    check.add_argument(
        "--all-entries",
        action="store_true",
        help="manuscripts: also report duplicates among bibliography entries the manuscript never cites",
    )
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings (report only)")
    _resolve_options(check, flag=True)
    check.set_defaults(handler=_cmd_check)

    dedupe = commands.add_parser(
        "dedupe",
        parents=[after],
        help="merge duplicate citations; print the merged list or the rewritten article",
        description="Merge the works a list cites more than once. Prints the merged list as CSL-JSON; "
        "with --rewrite, prints the article with renumbered markers and the merged reference list. "
        "Groups and conflicting fields are reported on standard error.",
        epilog=_DEDUPE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    dedupe.add_argument("file", metavar="FILE", help="input file, or - for standard input")
    _input_options(dedupe)
    dedupe.add_argument("--rewrite", action="store_true", help="print the article, markers renumbered, list merged")
    dedupe.add_argument("--ignore", metavar="FILE", help="pairs judged not to be duplicates (see check)")
    _match_option(dedupe)
    dedupe.add_argument(
        "--merge-related",
        action="store_true",
        help="with --match study, also merge an article with its erratum, reply, abstract and registration",
    )
    dedupe.add_argument(
        "--merge-pages",
        action="store_true",
        help="with --rewrite, also merge one work cited at different pages (kept apart by default)",
    )
    dedupe.add_argument(
        "--bib-out",
        metavar="BIB",
        help="manuscripts: write the merged bibliography to BIB (BibTeX; CSL-JSON for .json), "
        "keys kept, dropped keys as biblatex ids aliases",
    )
    dedupe.add_argument(
        "--in-place",
        action="store_true",
        help="manuscripts, with --rewrite: rewrite every file whose keys change (atomically), print nothing",
    )
    dedupe.add_argument(
        "--all-entries",
        action="store_true",
        help="manuscripts: also merge duplicates among bibliography entries the manuscript never cites",
    )
    _output_options(dedupe, provenance=True)
    dedupe.set_defaults(handler=_cmd_dedupe)

    export = commands.add_parser(
        "export",
        parents=[after],
        help="write a reference list as BibTeX, RIS or CSL-JSON",
        description="Read a reference list and write it in another format; with --dedupe, merge duplicates first.",
        epilog=_EXPORT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    export.add_argument("file", metavar="FILE", help="input file, or - for standard input")
    _input_options(export)
    export.add_argument(
        "--to",
        dest="output_format",
        metavar="FORMAT",
        required=True,
        choices=sorted({*registry.WRITERS, *registry.WRITER_ALIASES}),
        help="output format: bibtex, ris, csl-json, or a formatted bibliography (text, html, markdown)",
    )
    export.add_argument(
        "--style",
        metavar="STYLE",
        help="CSL style for text, html and markdown: a name (apa, the default; vancouver, ieee, harvard, "
        "chicago…) or a .csl file",
    )
    export.add_argument("--dedupe", action="store_true", help="merge works cited more than once before writing")
    export.add_argument(
        "--mark-retracted",
        action="store_true",
        help="text, html, markdown: end the title of a work a registry reports retracted in [Retracted] "
        "(with --resolve, or a CSL-JSON file resolve wrote)",
    )
    _resolve_options(export, flag=True)
    _output_options(export, provenance=False)
    export.set_defaults(handler=_cmd_export)

    scan = commands.add_parser(
        "scan",
        parents=[after],
        help="check every article of a Wikipedia dump; findings to a folder",
        description="Check every article (namespace 0, not a redirect) of a MediaWiki XML dump as check "
        "checks its wikitext. Writes DIR/findings.jsonl, DIR/errors.jsonl, DIR/summary.json (and "
        "DIR/findings.parquet with pyarrow). Exit 0: no findings; 1: findings; 2: the dump cannot be read.",
        epilog=_SCAN_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("dump", metavar="DUMP", help="pages-articles .xml, .xml.bz2 or multistream .xml.bz2")
    scan.add_argument("--out", metavar="DIR", required=True, help="folder for the findings and the summary")
    scan.add_argument("--index", metavar="INDEX", help="the multistream index (offset:page_id:title lines)")
    scan.add_argument("--engine", choices=["local", "dask"], default="local", help="local processes or Dask")
    scan.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one a core)")
    scan.add_argument("--scheduler", metavar="ADDRESS", help="with --engine dask: an existing scheduler")
    scan.add_argument("--part-mb", type=float, metavar="MB", help="compressed megabytes a task (default 8)")
    scan.add_argument(
        "--cross-article",
        action="store_true",
        help="also DIR/cross_article.jsonl: one work cited with conflicting metadata, or under several DOIs",
    )
    scan.set_defaults(handler=_cmd_scan)

    resolve = commands.add_parser(
        "resolve",
        parents=[after],
        help="fill in records from PubMed and Crossref; print enriched CSL-JSON",
        description="Fetch metadata by PMCID, PMID and DOI (PMC ID converter, PubMed, Crossref; batched, cached), "
        "fill missing fields, prefer the "
        "registry for names, dates, volume, issue and pages, and print the records as CSL-JSON. A report goes to "
        "standard error: identifiers not resolved, and every field where the text and the registry disagree.",
        epilog=_RESOLVE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    resolve.add_argument("file", metavar="FILE", help="input file, or - for standard input")
    _input_options(resolve)
    _resolve_options(resolve, flag=False)
    _output_options(resolve, provenance=True)
    resolve.set_defaults(handler=_cmd_resolve, resolve=True)
    return parser


def _output_options(command: argparse.ArgumentParser, *, provenance: bool) -> None:
    if provenance:
        command.add_argument(
            "--no-provenance", action="store_true", help="leave out custom.provenance (source, line, text)"
        )
    command.add_argument("-o", "--output", metavar="OUT", help="write to OUT atomically instead of standard output")


def _resolve_options(command: argparse.ArgumentParser, *, flag: bool) -> None:
    if flag:
        command.add_argument("--resolve", action="store_true", help="fill in records from PubMed and Crossref first")
    command.add_argument("--offline", action="store_true", help="answer from the cache alone; list what is missing")
    command.add_argument("--mailto", metavar="EMAIL", help="contact for the User-Agent (default: $LDNREFS_MAILTO)")
    command.add_argument("--cache", metavar="PATH", help="the SQLite cache file (default: the user cache directory)")


def _input_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--from",
        dest="input_format",
        metavar="FORMAT",
        choices=_format_choices(),
        help=f"input format ({', '.join(registry.reader_names())}); detected when omitted",
    )
    command.add_argument("--encoding", metavar="NAME", help="text encoding (default: UTF-8, BOMs honoured)")


def _match_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--match",
        choices=["work", "study"],
        help="work: the same publication (the default); study: also link an article with its erratum, reply, "
        "conference abstract and trial registration",
    )
    settings = command.add_mutually_exclusive_group()
    settings.add_argument(
        "--config",
        metavar="TOML",
        help="settings file (default: the nearest .ldnrefs.toml, or pyproject.toml with [tool.ldnrefs])",
    )
    settings.add_argument("--no-config", action="store_true", help="read no settings file")


def _config(args: argparse.Namespace) -> Config:
    """The settings file's settings (read once a run), or the defaults."""
    from ldnrefs import config

    found: Config | None = getattr(args, "loaded_config", None)
    if found is not None:
        return found
    path = None
    if getattr(args, "config", None):
        path = args.config
    elif not getattr(args, "no_config", False):
        inputs = getattr(args, "files", None) or [getattr(args, "file", "-")]
        start = inputs[0] if inputs and inputs[0] != "-" else os.getcwd()
        path = config.find(start)
    found = config.load(path) if path else config.Config()
    if found.path is not None:
        logging.getLogger(__name__).info("settings from %s", found.path)
    args.loaded_config = found
    return found


def _settings(args: argparse.Namespace) -> Settings:
    from ldnrefs.dedupe import DEFAULT_SETTINGS

    settings = _config(args)
    match = getattr(args, "match", None) or settings.match or "work"
    if match != "study" and not settings.thresholds:
        return DEFAULT_SETTINGS
    study = match == "study"
    return settings.dedupe_settings(study=study, merge_related=study and bool(getattr(args, "merge_related", False)))


def _format_choices() -> list[str]:
    return sorted({*registry.READERS, *registry.ALIASES})


def _cmd_parse(args: argparse.Namespace) -> int:
    with _PROGRESS.stage(f"reading {args.file}"):
        result = ldnrefs.read(args.file, format=args.input_format, encoding=args.encoding, strict=args.strict)
    _report(result.diagnostics, quiet=args.quiet)
    from ldnrefs.writers import csljson

    with _PROGRESS.stage(f"writing {len(result):,} records"):
        _emit(csljson.pieces(result, provenance=not args.no_provenance), args.output)
    return EXIT_OK


def _load(path: str, args: argparse.Namespace) -> tuple[str, ldnrefs.ParseResult]:
    """The input's name and its records (which keep the text: standard input cannot be read twice)."""
    with _PROGRESS.stage(f"reading {path}"):
        records = ldnrefs.read(path, format=args.input_format, encoding=args.encoding)
    return records.source or path, records


def _load_together(args: argparse.Namespace) -> list[ldnrefs.ParseResult | LdnrefsError]:
    """Each file's records, read together (BibTeX files share macros and crossref parents),
    or the error that makes it unusable; one bad file does not stop the others."""
    inputs: list[tuple[str, str]] = []
    outcome: list[ldnrefs.ParseResult | LdnrefsError | None] = []
    for path in args.files:
        try:
            inputs.append((_io.read_text(path, encoding=args.encoding), "<stdin>" if path == "-" else path))
            outcome.append(None)
        except LdnrefsError as error:
            outcome.append(error)
    try:
        with _PROGRESS.stage(f"reading {', '.join(source for _, source in inputs)}"):
            parsed: list[ldnrefs.ParseResult | LdnrefsError] = list(ldnrefs.parse_all(inputs, format=args.input_format))
    except LdnrefsError:
        # Something in one file: read each alone, so the others are still checked.
        parsed = []
        for text, source in inputs:
            try:
                parsed.append(ldnrefs.parse(text, format=args.input_format, source=source))
            except LdnrefsError as error:
                parsed.append(error)
    results = iter(parsed)
    return [found if found is not None else next(results) for found in outcome]


def _distinct(args: argparse.Namespace, records: Sequence[ldnrefs.Reference]) -> list[tuple[int, int]]:
    from ldnrefs.dedupe.ignore import distinct_pairs

    pairs = _ignored_pairs(args)
    return distinct_pairs(records, pairs) if pairs else []


def _ignored_pairs(args: argparse.Namespace) -> list[tuple[str, str]]:
    """The pairs judged different works: the ``--ignore`` file's and the settings file's."""
    from ldnrefs.dedupe.ignore import read_ignore

    return [*(read_ignore(args.ignore) if args.ignore else []), *_config(args).ignored_pairs]


def _cmd_check(args: argparse.Namespace) -> int:
    from ldnrefs.check import (
        AS_FINDINGS,
        UNUSABLE,
        findings,
        render_github,
        render_json,
        render_text,
        report_json,
        update_findings,
        updates_json,
    )
    from ldnrefs.dedupe import deduplicate

    unreadable = False
    found = []
    reports = []
    problems: list[ldnrefs.Diagnostic] = []
    manuscripts = {path: read for path in args.files if (read := _as_manuscript(path, args)) is not None}
    for path, manuscript in manuscripts.items():
        outcome = _check_manuscript(path, manuscript, args)
        found += outcome[0]
        problems += outcome[1]
        if outcome[2] is None:
            unreadable = True
        else:
            reports.append((path, outcome[2]))
    args.files = [path for path in args.files if path not in manuscripts]
    for path, records in zip(args.files, _load_together(args), strict=True):
        if isinstance(records, LdnrefsError):
            _say(f"ldnrefs: {records}")
            unreadable = True
            source = getattr(records, "source", None) or path
            message = getattr(records, "message", str(records))
            problems.append(ldnrefs.Diagnostic("error", UNUSABLE, message, source, getattr(records, "line", None)))
            continue
        source = records.source or "<input>"
        _report(records.diagnostics, quiet=True)
        problems += [diagnostic for diagnostic in records.diagnostics if diagnostic.code not in AS_FINDINGS]
        if args.resolve:
            # Identifiers a registry supplies (a PMID-only record gains its DOI)
            # can join records that share nothing in the text.
            records = ldnrefs.ParseResult(_resolved(source, records, args), records.diagnostics)
        with _PROGRESS.stage(f"comparing {len(records):,} records"):
            result = deduplicate(records, distinct=_distinct(args, records), settings=_settings(args))
        updated = update_findings(source, records) if args.resolve else []
        found += sorted(
            [*findings(source, records, result), *updated], key=lambda item: (item.line is None, item.line or 0)
        )
        report = report_json(source, records, result)
        if updated:
            report["updates"] = updates_json(updated)
        if args.resolve:
            report["registry"] = getattr(args, "registry_differences", [])
        reports.append((source, report))
    if args.output_format == "json":
        sys.stdout.write(render_json(reports, problems))
    elif args.output_format == "github":
        sys.stdout.write(render_github(found, problems))
    elif args.output_format == "sarif":
        from ldnrefs.check import render_sarif

        sys.stdout.write(render_sarif(found, problems))
    else:
        sys.stdout.write(render_text(found))
    if unreadable:
        return EXIT_USAGE
    settings = _config(args)
    strict = args.strict or settings.strict
    fail_on = settings.fail_on
    failing = [
        finding
        for finding in found
        if not finding.is_note
        and (strict or not finding.is_warning)
        and (fail_on is None or finding.kind in fail_on or (strict and finding.is_warning))
    ]
    return EXIT_FINDINGS if failing and not args.exit_zero else EXIT_OK


def _as_manuscript(path: str, args: argparse.Namespace) -> Manuscript | LdnrefsError | None:
    """A LaTeX file, or a Markdown file that cites (``@key``) or names a bibliography, read as a
    manuscript (or the error that makes it unreadable); None for every other input. A Markdown file
    that does neither is a reference list (a formatted bibliography) and is read as one."""
    from ldnrefs.manuscript import MANUSCRIPT_SUFFIXES, read_manuscript

    lowered = path.lower()
    if not lowered.endswith(MANUSCRIPT_SUFFIXES) or (args.input_format and not lowered.endswith(".tex")):
        return None
    try:
        manuscript = read_manuscript(path, encoding=args.encoding)
    except LdnrefsError as error:
        return error
    if lowered.endswith(".tex") or manuscript.citations or manuscript.bibliographies:
        return manuscript
    return None


def _manuscript_bibliographies(
    path: str, manuscript: Manuscript, args: argparse.Namespace
) -> tuple[list[ldnrefs.ParseResult] | None, list[ldnrefs.Diagnostic]]:
    """The bibliographies of a manuscript and its input problems, reported on standard error
    (None: a bibliography is missing or unreadable)."""
    from ldnrefs.check import UNUSABLE
    from ldnrefs.manuscript import read_bibliographies

    try:
        also = _config(args).bibliographies
        bibliographies, problems = read_bibliographies(manuscript, encoding=args.encoding, also=also)
    except LdnrefsError as error:
        _say(f"ldnrefs: {error}")
        source = getattr(error, "source", None) or path
        return None, [ldnrefs.Diagnostic("error", UNUSABLE, str(error), source, getattr(error, "line", None))]
    problems = [*manuscript.diagnostics, *problems]
    _report(problems, quiet=args.quiet)
    for result in bibliographies:
        _report(result.diagnostics, quiet=True)
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    return bibliographies, problems


def _preparation(
    path: str, args: argparse.Namespace
) -> Callable[[list[ldnrefs.Reference]], list[ldnrefs.Reference]] | None:
    """With ``--resolve``: the cited entries resolved before they are compared."""
    if not getattr(args, "resolve", False):
        return None
    return lambda records: _resolved(path, records, args)


def _check_manuscript(
    path: str, manuscript: Manuscript | LdnrefsError, args: argparse.Namespace
) -> tuple[list[Any], list[ldnrefs.Diagnostic], dict[str, Any] | None]:
    """A LaTeX or Markdown manuscript's findings, its input problems, and its JSON report (None: unusable)."""
    from ldnrefs.check import UNUSABLE, check_manuscript
    from ldnrefs.manuscript import identifier_records

    if isinstance(manuscript, LdnrefsError):
        _say(f"ldnrefs: {manuscript}")
        message = getattr(manuscript, "message", str(manuscript))
        line = getattr(manuscript, "line", None)
        return [], [ldnrefs.Diagnostic("error", UNUSABLE, message, path, line)], None
    bibliographies, problems = _manuscript_bibliographies(path, manuscript, args)
    if bibliographies is None:
        return [], problems, None
    if not manuscript.citations and not manuscript.cites_everything:
        _say(f"ldnrefs: {path}: no citations")
    elif not bibliographies and not identifier_records(manuscript, set()):
        _say(f"ldnrefs: {path}: names no bibliography; its keys were not checked")
        return [], problems, {"duplicates": [], "missing_keys": [], "total": 0, "unique": 0}
    found, report = check_manuscript(
        manuscript,
        bibliographies,
        settings=_settings(args),
        all_entries=args.all_entries or _config(args).all_entries,
        prepare=_preparation(path, args),
        ignore=_ignored_pairs(args),
    )
    return found, problems, report


def _cmd_dedupe(args: argparse.Namespace) -> int:
    from ldnrefs.dedupe import deduplicate
    from ldnrefs.rewrite import rewrite_article

    manuscript = _as_manuscript(args.file, args)
    if manuscript is not None:
        return _dedupe_manuscript(args.file, manuscript, args)
    if args.bib_out or args.in_place:
        raise InputError("--bib-out and --in-place are for manuscripts (.tex, .md, .qmd, .Rmd)")
    source, records = _load(args.file, args)
    _report(records.diagnostics, quiet=args.quiet)
    distinct = _distinct(args, records)
    with _PROGRESS.stage(f"comparing {len(records):,} records"):
        result = deduplicate(records, distinct=distinct, settings=_settings(args))
    if args.rewrite and not args.merge_pages:
        # A book cited at p. 12 and at p. 45 keeps both citations in the article.
        from ldnrefs.check import pages_apart

        apart = [pair for group in result.groups for pair in pages_apart(records, group)]
        if apart:
            result = deduplicate(records, distinct=distinct + apart, settings=_settings(args))
    if not args.quiet:
        for group in result.groups:
            numbers = ", ".join(str(number) for number in group.numbers)
            _say(f"{source}: references {numbers} are one work -> {result.mapping[group.numbers[0]]}")
            for conflict in group.conflicts:
                _say(f"{source}:   conflict in {conflict}")
    if args.rewrite:
        output, problems = rewrite_article(records.text or "", result, source=source)
        _report(problems, quiet=args.quiet)
    else:
        output = ldnrefs.to_csl_json(list(result.records), provenance=not args.no_provenance)
    _emit(output, args.output)
    return EXIT_OK


def _dedupe_manuscript(path: str, manuscript: Manuscript | LdnrefsError, args: argparse.Namespace) -> int:
    """``dedupe paper.tex``: the works cited under two keys merged. Prints the merged bibliography as
    CSL-JSON; ``--rewrite`` prints the manuscript with each later key replaced by its work's first
    (``--in-place`` rewrites every file of a multi-file manuscript); ``--bib-out`` writes the merged
    bibliography, the dropped keys kept as biblatex ``ids`` aliases."""
    from ldnrefs.check import pages_apart as pairs_apart
    from ldnrefs.manuscript import cited_works, merged_bibliography, renames
    from ldnrefs.rewrite import rewrite_keys

    if isinstance(manuscript, LdnrefsError):
        raise manuscript
    bibliographies, _ = _manuscript_bibliographies(path, manuscript, args)
    if bibliographies is None:
        return EXIT_USAGE

    def pages_apart(cited: list[ldnrefs.Reference], result: DedupeResult) -> list[tuple[int, int]]:
        # A book cited at p. 12 under one key and at p. 45 under another keeps both keys.
        if args.merge_pages:
            return []
        return [pair for group in result.groups for pair in pairs_apart(cited, group)]

    works = cited_works(
        manuscript,
        bibliographies,
        settings=_settings(args),
        all_entries=args.all_entries or _config(args).all_entries,
        prepare=_preparation(path, args),
        apart=pages_apart,
        ignore=_ignored_pairs(args),
    )
    renamed = renames(works)
    if not args.quiet:
        for old, new in renamed.items():
            _say(f"{path}: {old} is the same work as {new}: rewritten as {new}")
    merged = merged_bibliography(works)
    if args.bib_out:
        suffix = os.path.splitext(args.bib_out)[1].lower()
        target = "csl-json" if suffix == ".json" else "bibtex"
        _io.write_atomic(args.bib_out, registry.dumps(target, merged))
    if not args.rewrite:
        if not args.bib_out:
            _emit(ldnrefs.to_csl_json(merged, provenance=not args.no_provenance), args.output)
        return EXIT_OK
    rewritten = rewrite_keys(manuscript, renamed, encoding=args.encoding)
    if args.in_place:
        for source, (text, encoding) in rewritten.items():
            _io.write_atomic(source, text, encoding=encoding)
        return EXIT_OK
    others = sorted(source for source in rewritten if source != manuscript.source)
    if others:
        raise InputError(
            f"keys to rewrite in included files too ({', '.join(others)}): use --in-place to rewrite every file"
        )
    text, encoding = rewritten.get(manuscript.source) or _unchanged(manuscript.source, args.encoding)
    if args.output and args.output != "-":
        _io.write_atomic(args.output, text, encoding=encoding)
    else:
        sys.stdout.write(text)
        sys.stdout.flush()
    return EXIT_OK


def _unchanged(source: str, encoding: str | None) -> tuple[str, str]:
    data = _io.read_bytes(source)
    used = _io.text_encoding(data, source=source, encoding=encoding)
    return _io.decode(data, source=source, encoding=used), used


def _resolved(source: str, records: Sequence[ldnrefs.Reference], args: argparse.Namespace) -> list[ldnrefs.Reference]:
    from ldnrefs import updates
    from ldnrefs.resolve import Resolver

    on_terminal = sys.stderr.isatty() and not args.quiet and "CI" not in os.environ

    def progress(stage: str, count: int) -> None:
        # On a terminal only: a pipe or a CI log gets the summary line alone.
        sys.stderr.write(f"\rldnrefs: asking {stage} about {count} identifiers…\x1b[K")
        sys.stderr.flush()

    with Resolver(mailto=args.mailto, cache_path=args.cache, offline=args.offline) as resolver:
        result = resolver.resolve(records, progress=progress if on_terminal else None)
    if on_terminal:
        sys.stderr.write("\r\x1b[K")
    if not args.quiet:
        for entry in result.report:
            if entry.status not in ("resolved", "other work"):  # the latter: a line of its own below
                _say(f"{source}: {entry.identifier}: {entry.status}: {entry.message}")
        for disagreement in result.disagreements:
            if disagreement.kind != "refinement" or args.verbose:
                _say(f"{source}: {disagreement}")
        for position, record in enumerate(result.records):
            note = updates.export_note(record)
            if note:
                where = f"{source}:{record.provenance.line}" if record.provenance and record.provenance.line else source
                _say(f"{where}: reference {record.reference_number(position)}: {note}")
    # Every difference, refinements too, for check's JSON report ("registry").
    args.registry_differences = [
        {
            "reference": item.number,
            "field": item.field,
            "text": item.text,
            "registry": item.registry,
            "source": item.source,
            "kind": item.kind,
        }
        for item in result.disagreements
    ]
    resolved = sum(entry.status == "resolved" for entry in result.report)
    _say(f"ldnrefs: resolved {resolved} of {len(result.report)} identifiers ({result.requests} requests)")
    return list(result.records)


def _cmd_resolve(args: argparse.Namespace) -> int:
    source, records = _load(args.file, args)
    _report(records.diagnostics, quiet=args.quiet)
    enriched = _resolved(source, records, args)
    _emit(ldnrefs.to_csl_json(enriched, provenance=not args.no_provenance), args.output)
    return EXIT_OK


def _cmd_export(args: argparse.Namespace) -> int:
    from ldnrefs.dedupe import deduplicate

    source, records = _load(args.file, args)
    _report(records.diagnostics, quiet=args.quiet)
    chosen: list[ldnrefs.Reference] = list(records)
    if args.resolve:
        chosen = _resolved(source, chosen, args)
    if args.dedupe:
        chosen = list(deduplicate(chosen).records)
    options: dict[str, object] = {"style": args.style} if args.style else {}
    if args.mark_retracted:
        if args.output_format not in ("text", "html", "markdown", "md"):
            raise InputError("--mark-retracted is for formatted bibliographies (--to text, html or markdown)")
        options["mark_retracted"] = True
    with _PROGRESS.stage(f"writing {len(chosen):,} records"):
        text = registry.dumps(args.output_format, chosen, **options)
    _emit(text, args.output)
    return EXIT_OK


def _cmd_scan(args: argparse.Namespace) -> int:
    from ldnrefs.scan import progress_line, scan

    if args.scheduler and args.engine != "dask":
        raise InputError("--scheduler is for --engine dask")
    on_terminal = sys.stderr.isatty() and not args.quiet and "CI" not in os.environ
    summary = scan(
        args.dump,
        args.out,
        index=args.index,
        engine=args.engine,
        workers=args.workers,
        scheduler=args.scheduler,
        part_bytes=int(args.part_mb * 2**20) if args.part_mb else None,
        progress=progress_line(time.perf_counter()) if on_terminal else None,
        cross_article=args.cross_article,
    )
    if on_terminal:
        sys.stderr.write("\r\x1b[K")
    if not args.quiet:
        _say(
            f"ldnrefs scan: {summary.articles:,} articles, {summary.articles_with_findings:,} with findings, "
            f"{summary.findings:,} findings, {summary.errors:,} pages the reader could not use "
            f"({summary.wall_seconds:,.1f} s, {summary.workers} workers, {summary.engine})"
        )
    return EXIT_FINDINGS if summary.findings else EXIT_OK


class _Progress:
    """Which stage a long run is in, and for how long: on a terminal only, a line on standard error
    redrawn twice a second once a stage has taken two seconds (a 100 MB file takes a minute or
    two; a small one never shows it). Readers and dedupe run as one call each, so the line names
    the stage and its time rather than a count."""

    def __init__(self) -> None:
        self.enabled = False
        self.after = 2.0  # seconds a stage runs before the line shows
        self.every = 0.5

    @contextlib.contextmanager
    def stage(self, what: str) -> Iterator[None]:
        if not self.enabled:
            yield
            return
        done = threading.Event()
        started = time.perf_counter()

        def show() -> None:
            shown = False
            while not done.wait(self.every):
                elapsed = time.perf_counter() - started
                if elapsed >= self.after:
                    sys.stderr.write(f"\rldnrefs: {_io.printable(what)}… {elapsed:.0f} s\x1b[K")
                    sys.stderr.flush()
                    shown = True
            if shown:
                sys.stderr.write("\r\x1b[K")
                sys.stderr.flush()

        thread = threading.Thread(target=show, name="ldnrefs-progress", daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()


_PROGRESS = _Progress()


def _say(text: str) -> None:
    """One line on standard error, made inert (:func:`ldnrefs._io.printable`)."""
    print(_io.printable(text), file=sys.stderr)


def _report(diagnostics: Sequence[Problem], *, quiet: bool) -> None:
    for diagnostic in diagnostics:
        if quiet and diagnostic.severity != "error":
            continue
        _say(str(diagnostic))


def _emit(text: str | Iterable[str], output: str | None) -> None:
    """The result on standard output, or written atomically to ``output``; ``text`` may come in pieces."""
    if output and output != "-":
        _io.write_atomic(output, text)
    else:
        if isinstance(text, str):
            sys.stdout.write(text)
        else:
            sys.stdout.writelines(text)
        sys.stdout.flush()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code) if isinstance(stop.code, int) else EXIT_USAGE
    logging.basicConfig(
        level=logging.ERROR if args.quiet else logging.INFO if args.verbose else logging.WARNING,
        format="ldnrefs: %(levelname)s: %(message)s",
        stream=sys.stderr,
    )
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    _PROGRESS.enabled = sys.stderr.isatty() and not args.quiet and "CI" not in os.environ
    try:
        code: int = args.handler(args)
        return code
    except ldnrefs.ParseError as error:
        _report(error.diagnostics, quiet=False)
        _say(f"ldnrefs: {error.source or '<input>'}: {len(error.diagnostics)} problem(s) with --strict")
        return EXIT_USAGE
    except LdnrefsError as error:
        _say(f"ldnrefs: {error}")
        return EXIT_USAGE
    except OSError as error:
        _say(f"ldnrefs: {error.filename or ''}: {error.strerror or error}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as error:  # a bug: said in one line, never a traceback (LDNREFS_DEBUG=1 shows it)
        if os.environ.get("LDNREFS_DEBUG"):
            raise
        _say(
            f"ldnrefs: internal error ({type(error).__name__}: {str(error)[:300]}); this is a bug, please "
            "report it with the input (LDNREFS_DEBUG=1 shows where it happened)"
        )
        return EXIT_INTERNAL


def run() -> None:
    """Console-script entry point. SIGTERM ends the run as Ctrl-C does, so a file being written
    with ``-o`` is removed, never left half-written (SIGKILL cannot be caught)."""
    import signal

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    sys.exit(main())
