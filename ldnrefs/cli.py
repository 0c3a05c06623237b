"""The ``ldnrefs`` command line: a thin argparse layer over the public API.

Results go to standard output, diagnostics to standard error as
``FILE:LINE: severity: message [code]``. Exit codes: 0 success, 1 findings
(reserved for ``check``), 2 usage or input error. No traceback reaches the
user for bad input.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

import ldnrefs
from ldnrefs import _io, registry
from ldnrefs.errors import LdnrefsError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

log = logging.getLogger("ldnrefs")

_PARSE_EXAMPLE = """\
examples:
  ldnrefs parse article.txt > refs.json
  curl -s … | ldnrefs parse - --from rendered
  ldnrefs parse article.txt --strict   # exit 2 if any entry is only partly understood
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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    parse = commands.add_parser(
        "parse",
        help="read a reference list and print it as CSL-JSON",
        description="Read a reference list (an article, a bare list, or CSL-JSON) and print a CSL-JSON array, "
        "one item per reference in list order.",
        epilog=_PARSE_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parse.add_argument("file", metavar="FILE", help="input file, or - for standard input")
    parse.add_argument(
        "--from",
        dest="input_format",
        metavar="FORMAT",
        choices=_format_choices(),
        help=f"input format ({', '.join(registry.reader_names())}); detected when omitted",
    )
    parse.add_argument("--encoding", metavar="NAME", help="text encoding of FILE (default: UTF-8, BOMs honoured)")
    parse.add_argument("--strict", action="store_true", help="fail (exit 2) when any entry is only partly understood")
    parse.add_argument("--no-provenance", action="store_true", help="leave out custom.provenance (source, line, text)")
    parse.add_argument("-o", "--output", metavar="OUT", help="write to OUT atomically instead of standard output")
    parse.set_defaults(handler=_cmd_parse)
    return parser


def _format_choices() -> list[str]:
    return sorted({*registry.READERS, *registry.ALIASES})


def _cmd_parse(args: argparse.Namespace) -> int:
    result = ldnrefs.read(args.file, format=args.input_format, encoding=args.encoding, strict=args.strict)
    _report(result.diagnostics, quiet=args.quiet)
    text = ldnrefs.to_csl_json(result, provenance=not args.no_provenance)
    _emit(text, args.output)
    return EXIT_OK


def _report(diagnostics: Sequence[ldnrefs.Diagnostic], *, quiet: bool) -> None:
    for diagnostic in diagnostics:
        if quiet and diagnostic.severity != "error":
            continue
        print(diagnostic, file=sys.stderr)


def _emit(text: str, output: str | None) -> None:
    if output and output != "-":
        _io.write_atomic(output, text)
    else:
        sys.stdout.write(text)
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
    try:
        code: int = args.handler(args)
        return code
    except ldnrefs.ParseError as error:
        _report(error.diagnostics, quiet=False)
        print(
            f"ldnrefs: {error.source or '<input>'}: {len(error.diagnostics)} problem(s) with --strict", file=sys.stderr
        )
        return EXIT_USAGE
    except LdnrefsError as error:
        print(f"ldnrefs: {error}", file=sys.stderr)
        return EXIT_USAGE
    except OSError as error:
        print(f"ldnrefs: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
