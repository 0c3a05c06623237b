"""A fuzz harness for every reader, writer and the dedupe and resolve pipelines (issue 17).

Each *target* takes one input (text, or bytes for the file and resolver targets) and runs it the way
a user's file or a service's answer runs: read, deduplicated, checked, written in every format. It
fails only when ldnrefs does something it promises not to:

- an exception outside the documented tree (:class:`ldnrefs.errors.LdnrefsError`);
- an input under 100 KB that takes over a second;
- output that breaks out of its format: BibTeX that pybtex cannot read back, RIS lines that are no
  tags, CSL-JSON that is not a list of the records, HTML with a script, an event handler or a link
  that is not http(s), a check report with control characters or a line starting with ``::``.

Inputs come from :class:`Mutator`: a window of lines of a real file (the seeds below, all in the
test data), then one to four mutations that the fuzzing of issue 17 found to matter — digits ``int()``
refuses or cannot hold, brackets nested deep, markup, control characters, lone surrogates, spans
repeated, spans of other seeds spliced in. A run is reproducible from its seed.

``python -m tests.fuzz`` runs it for a benchmark (many inputs, fresh seeds, atheris where it is
installed); ``tests/test_fuzz.py`` runs a bounded number in CI and replays every input saved in
``tests/data/repro/fuzz/``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import random
import re
import signal
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pybtex.database

import ldnrefs
from ldnrefs import check, registry
from ldnrefs.errors import LdnrefsError
from ldnrefs.model import Diagnostic, Reference

DATA = Path(__file__).resolve().parent.parent / "data"
SAVED = DATA / "repro" / "fuzz"
SLOW_SECONDS = 1.0
SLOW_BELOW_BYTES = 100_000

# Pieces the readers' grammars and the writers' escapes turn on, and values that broke them before.
HOSTILE = [
    "²⁰²⁰", "①", "٢٠٢٠", "２０２０", "7" * 5000, "9" * 19, "-0", "1e400", "NaN",
    "{", "}", "{{", "}}", "\\", "\\immediate\\write18{ls}", "\\input{/etc/passwd}", "%", "#", "&", "~", "^", "_",
    "$", "@string{a = {", "@article{", "@comment{", "@preamble{",
    "<ref>", "</ref>", "<ref name=a/>", '<ref name="a">', "<!--", "-->", "<nowiki>", "|", "=", "[[", "]]",
    "[http://dx.doi.org/10.1000/1 x]", "{{cite journal |", "{{sfn|", "{{!}}",
    "TY  - ", "ER  - ", "AU  - ", "PY  - ", "PMID- ", "AU  - ", "DP  - ",
    '{"', '":', '"}', "[", "]", "null", '{"date-parts": [[', '{"raw": ""}', '{"literal": 1}', "---\n",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "&lt;script&gt;",
    "\x1b[31m", "\n::error::pwned\n", "\r", "\x00", "\x0b", "\u2028", "\u202e", "\ufeff", "\ud800", "\udfff",
    "doi:10.1000/x", "10.1000/../../x", "PMC123", "ISBN 978-3-16-148410-0", "https://web.archive.org/web/2020/http://x",
    "et al.", "&", ";", ", Jr.", "van der", "(2020).", "2020;33(4):451-9.", "pp. 12–²", "Retrieved 1 May 2020.",
    "Archived from the original on ", '"', "«", "»", "\u00a0", "\t", "\n\n", "1. ", "[1] ", "(1) ",
]  # fmt: skip

_RENDERED_CASES = sorted((DATA / "rendered").glob("*/input.txt"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


@cache
def _wikitext_seeds() -> tuple[str, ...]:
    """Articles' wikitext from the real dump of the test data, each cut to its citations' region."""
    from ldnrefs.scan.dump import decompress, pages_of, parse_page

    dump = next((DATA / "realworld" / "wikidump").glob("*.bz2"))
    data, _ = decompress(dump.read_bytes())
    texts = [_text(DATA / "wikitext" / "article.wiki")]
    for block in pages_of(data):
        page = parse_page(block)
        if "<ref" in page.text:
            start = page.text.find("<ref")
            texts.append(page.text[max(0, start - 2000) : start + 30_000])
        if len(texts) >= 24:
            break
    return tuple(texts)


def _files(*patterns: str) -> tuple[str, ...]:
    return tuple(_text(path) for pattern in patterns for path in sorted(DATA.glob(pattern)))


@cache
def seeds(name: str) -> tuple[str, ...]:
    """A target's seed texts: real files of its format from the test data."""
    if name == "wikitext":
        return _wikitext_seeds()
    found = {
        "rendered": lambda: _files("rendered/*/input.txt", "realworld/wikipedia/*.txt"),
        "bibtex": lambda: _files("realworld/bibtex/*.bib", "realworld/bibtex/iridia/*.bib"),
        "ris": lambda: _files("realworld/ris/*", "golden/seed.ris"),
        "medline": lambda: _files("realworld/medline/*.nbib"),
        "csl-json": lambda: _files("realworld/csl-json/*.json", "golden/seed.json"),
        "csl-yaml": lambda: tuple(_csl_yaml(text) for text in _files("realworld/csl-json/*.json")),
        "latex": lambda: _files("realworld/manuscripts/**/*.tex"),
        "markdown": lambda: _files("realworld/manuscripts/**/*.md"),
        "crossref": lambda: _files("http/crossref/*.json", "http/constructed/crossref-updates.json"),
        "esummary": lambda: (_esummary(),),
        "idconv": lambda: (_IDCONV,),
        "doi.org": lambda: _files("golden/seed.json"),
    }[name]()
    if not found:
        raise LookupError(f"no seed files for {name} in {DATA}")
    return found


def _csl_yaml(csl_json: str) -> str:
    import yaml

    items = json.loads(csl_json)
    return "---\nreferences:\n" + yaml.safe_dump(items[:20], allow_unicode=True) + "...\n"


def _esummary() -> str:
    summary = json.loads(_text(DATA / "http" / "constructed" / "esummary-retracted.json"))
    return json.dumps({"result": {"uids": [summary["uid"]], summary["uid"]: summary}}, indent=1)


_IDCONV = json.dumps(
    {
        "status": "ok",
        "records": [
            {"pmcid": "PMC3531190", "pmid": "23193287", "doi": "10.1093/nar/gks1195"},
            {"pmcid": "PMC1", "status": "error", "errmsg": "invalid article id"},
        ],
    },
    indent=1,
)


class UnsafeOutput(AssertionError):
    """Output that breaks out of its format."""


# ----------------------------------------------------------------------------------------------
# What every set of records goes through.

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]")
_HREF = re.compile(r"""href\s*=\s*["']?([^"' >]*)""", re.IGNORECASE)
_RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - ")


READ, PIPELINE, EVERYTHING = "read", "pipeline", "everything"
"""Stages: the reader alone; then dedupe, check and the writers (citeproc's formatted outputs for
one input in eight, being the slow part); everything for every input (replays of saved inputs)."""


def _pipeline(
    records: list[Reference], stage: str, source: str = "fuzz.txt", problems: Sequence[Diagnostic] = ()
) -> None:
    """Dedupe, check and every writer; each output checked for what must never be in it."""
    if stage == READ:
        return
    result = ldnrefs.deduplicate(records)
    found = check.findings(source, records, result)
    text, github = check.render_text(found), check.render_github(found, problems)
    for report in (text, github):
        if _CONTROL.search(report):
            raise UnsafeOutput(f"control character in a check report: {report!r:.200}")
    if any(line.startswith("::") for line in text.splitlines()):
        raise UnsafeOutput(f"a line of the text report starts with '::': {text!r:.200}")
    for line in github.splitlines():
        if not line.startswith(("::error ", "::warning ", "::notice ")):
            raise UnsafeOutput(f"a GitHub report line that is no workflow command of ours: {line!r:.200}")
    json.loads(check.render_json([(source, check.report_json(source, records, result))]))
    _bibtex(ldnrefs.to_bibtex(records), len(records))
    _ris(ldnrefs.to_ris(records), len(records))
    written = json.loads(ldnrefs.to_csl_json(records))
    if not isinstance(written, list) or len(written) != len(records):
        raise UnsafeOutput("CSL-JSON output is not one item per record")
    if stage != EVERYTHING and zlib.crc32(repr(records[:1]).encode("utf-8", "replace")) % 8:
        return
    some = records[:3]  # and of those, the first few records
    _html(ldnrefs.format_bibliography(some, output="html"))
    _markdown(ldnrefs.format_bibliography(some, output="markdown"))
    ldnrefs.format_bibliography(some, output="text").encode("utf-8")


_CHECKING = [0.0]
"""Seconds the harness spent checking output with other tools (pybtex): not ldnrefs' time."""


def _bibtex(text: str, count: int) -> None:
    started = time.perf_counter()
    try:
        parsed = pybtex.database.parse_string(text, "bibtex")
    except Exception as error:
        raise UnsafeOutput(f"pybtex cannot read the BibTeX written: {error}") from error
    finally:
        _CHECKING[0] += time.perf_counter() - started
    if len(parsed.entries) != count:
        raise UnsafeOutput(f"{count} records became {len(parsed.entries)} BibTeX entries")
    if re.search(r"\\(immediate|write18|input|include|openout|catcode|def)\b", text):
        raise UnsafeOutput("a TeX primitive in the BibTeX written")


def _ris(text: str, count: int) -> None:
    lines = text.splitlines()
    if any(line and not _RIS_LINE.match(line) for line in lines):
        bad = next(line for line in lines if line and not _RIS_LINE.match(line))
        raise UnsafeOutput(f"a RIS line that is no tag: {bad!r:.120}")
    if sum(line.startswith("TY  - ") for line in lines) != count:
        raise UnsafeOutput("RIS output is not one TY … ER block per record")


def _html(text: str) -> None:
    lowered = text.lower()
    if "<script" in lowered or re.search(r"<[^>]*\son\w+\s*=", lowered):
        raise UnsafeOutput(f"script in the HTML written: {text!r:.200}")
    for link in _HREF.findall(text):
        if not link.lower().startswith(("http://", "https://")):
            raise UnsafeOutput(f"a link that is not http(s) in the HTML written: {link!r:.120}")


def _markdown(text: str) -> None:
    lowered = text.lower()
    if "<script" in lowered or "](javascript:" in lowered or re.search(r"<[^>]*\son\w+\s*=", lowered):
        raise UnsafeOutput(f"markup in the Markdown written: {text!r:.200}")


# ----------------------------------------------------------------------------------------------
# Targets.


def _reader_target(format: str | None) -> Callable[[str], None]:
    def target(text: str, stage: str) -> None:
        try:
            result = ldnrefs.parse(text, format=format, source="fuzz.txt")
        except LdnrefsError:
            return
        _pipeline(list(result), stage, problems=result.diagnostics)
        if stage != READ and registry.detect_reader(text, path=None).NAME == "rendered" and result:
            from ldnrefs.rewrite import rewrite_article

            rewrite_article(text, ldnrefs.deduplicate(list(result)), source="fuzz.txt")

    return target


def _file_target(data: bytes, stage: str) -> None:
    """Bytes as a file: BOMs, NUL bytes, invalid UTF-8, through ``read`` and the CLI's three commands."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "input.txt"
        path.write_bytes(data)
        try:
            records = list(ldnrefs.read(path))
        except LdnrefsError:
            return
        _pipeline(records, stage, str(path))


def _manuscript_target(suffix: str) -> Callable[[str, str], None]:
    def target(text: str, stage: str) -> None:
        from ldnrefs.manuscript import read_bibliographies, read_manuscript

        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"paper{suffix}"
            if suffix == ".tex":
                text += "\n\\bibliography{references}\n"
            elif not text.startswith("---"):
                text = "---\nbibliography: references.bib\n---\n" + text
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            (Path(folder) / "references.bib").write_text(_manuscript_bibliography(), encoding="utf-8")
            try:
                manuscript = read_manuscript(path)
                bibliographies, problems = read_bibliographies(manuscript)
                found, report = check.check_manuscript(manuscript, bibliographies)
            except LdnrefsError:
                return
            json.dumps(report)
            for report_text in (check.render_text(found), check.render_github(found, problems)):
                if _CONTROL.search(report_text):
                    raise UnsafeOutput(f"control character in a check report: {report_text!r:.200}")

    return target


@cache
def _manuscript_bibliography() -> str:
    """Entries of each real bibliography of the manuscripts in the test data, 12 KB of each, as one
    file (the whole of them, read for every input, made the manuscript targets ten times slower)."""
    parts = []
    for text in _files("realworld/manuscripts/**/*.bib"):
        cut = text.find("\n@", 12_000)
        parts.append(text if cut < 0 else text[:cut])
    return "\n".join(parts)


class _Served:
    """An HttpClient whose every answer is the fuzzed body: the resolver's whole path from
    response to record (checks, caching, recall), with no network."""

    def __init__(self, body: bytes, cache_path: Path) -> None:
        from ldnrefs.resolve.cache import Cache
        from ldnrefs.resolve.http import Answer, HttpClient

        class Client(HttpClient):
            def _send(self, method: str, full: str, *args: Any, **kwargs: Any) -> Answer:
                return Answer(200, body, False)

        self.client = Client(user_agent="ldnrefs-fuzz", cache=Cache(cache_path))

    def __enter__(self) -> Any:
        return self.client

    def __exit__(self, *exc: object) -> None:
        self.client.close()


def _resolver_target(service: str) -> Callable[[bytes], None]:
    def target(body: bytes, stage: str) -> None:
        from ldnrefs.errors import ResolveError
        from ldnrefs.resolve import crossref, doi, ncbi

        with tempfile.TemporaryDirectory() as folder:
            for attempt in range(2):  # the second answer comes from the cache: what was kept must read back
                with _Served(body if attempt == 0 else b"", Path(folder) / "cache.sqlite") as client:
                    answers: dict[str, Any]
                    if service == "crossref":
                        answers = crossref.fetch_many(client, ["10.1371/journal.pone.0033693", "10.1000/x"])
                    elif service == "esummary":
                        answers = ncbi.fetch_pmids(client, ["99000001", "1"], params={})
                    elif service == "idconv":
                        answers = ncbi.convert_pmcids(client, ["PMC3531190", "PMC1"], params={})
                    else:
                        answers = doi.fetch_many(client, ["10.1000/182"])
                for answer in answers.values():
                    if not isinstance(answer, (Reference, ResolveError, dict)):
                        raise UnsafeOutput(f"the resolver answered {type(answer).__name__}")
                records = [answer for answer in answers.values() if isinstance(answer, Reference)]
                if records:
                    _pipeline(records, stage)

    return target


@dataclass(frozen=True)
class Target:
    """What one target runs and the seeds its inputs grow from."""

    name: str
    run: Callable[[Any, str], None]
    seeds: str
    takes_bytes: bool = False


TARGETS: dict[str, Target] = {
    target.name: target
    for target in [
        *(Target(f"reader:{name}", _reader_target(name), name) for name in registry.READERS),
        Target("reader:detect", _reader_target(None), "rendered"),
        Target("file", _file_target, "bibtex", takes_bytes=True),
        Target("manuscript:latex", _manuscript_target(".tex"), "latex"),
        Target("manuscript:markdown", _manuscript_target(".md"), "markdown"),
        *(
            Target(f"resolve:{service}", _resolver_target(service), service, takes_bytes=True)
            for service in ("crossref", "esummary", "idconv", "doi.org")
        ),
    ]
}


# ----------------------------------------------------------------------------------------------
# Inputs.


class Mutator:
    """Inputs grown from seeds: a window of lines, then one to four mutations."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def text(self, pool: tuple[str, ...], max_lines: int = 40) -> str:
        pick = self.random
        lines = pick.choice(pool).splitlines(keepends=True)
        start = pick.randrange(max(1, len(lines)))
        text = "".join(lines[start : start + pick.randint(1, max_lines)])
        for _ in range(pick.randint(1, 4)):
            text = self.mutate(text, pool)
        return text

    def data(self, pool: tuple[str, ...]) -> bytes:
        text = self.text(pool)
        data = bytearray(text.encode("utf-8", errors="surrogatepass"))
        pick = self.random
        if data and pick.random() < 0.3:
            for _ in range(pick.randint(1, 3)):
                data[pick.randrange(len(data))] = pick.randrange(256)
        if pick.random() < 0.1:
            data[0:0] = pick.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b", b"PK\x03\x04"])
        return bytes(data)

    def mutate(self, text: str, pool: tuple[str, ...]) -> str:
        pick = self.random
        at = pick.randrange(len(text) + 1)
        end = min(len(text), at + pick.randint(0, 60))
        choice = pick.randrange(9)
        if choice <= 2:  # a hostile piece
            return text[:at] + pick.choice(HOSTILE) + text[at:]
        if choice == 3:  # a span deleted
            return text[:at] + text[end:]
        if choice == 4:  # a span repeated: where a quadratic path would show
            times = pick.choice([2, 3, 50, 500])
            return text[:at] + text[at:end] * times + text[end:]
        if choice == 5:  # a span of another seed spliced in
            other = pick.choice(pool)
            start = pick.randrange(len(other) + 1)
            return text[:at] + other[start : start + pick.randint(1, 400)] + text[at:]
        if choice == 6:  # digits written in digits int() refuses, or cannot hold
            digits = pick.choice(["²³¹⁰⁴⁵⁶⁷⁸⁹", "٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "①②③④⑤⑥⑦⑧⑨⑩", "0123456789"])
            span = "".join(digits[int(c)] if c in "0123456789" else c for c in text[at:end])
            if digits == "0123456789":
                span = re.sub(r"\d+", lambda m: m.group() * pick.choice([30, 800]), text[at:end])
            return text[:at] + span + text[end:]
        if choice == 7:  # brackets nested deep
            opening, closing = pick.choice([("{", "}"), ("[", "]"), ("(", ")"), ("{{", "}}"), ('{"a":', "}")])
            depth = pick.choice([3, 60, 3000])
            return text[:at] + opening * depth + text[at:end] + closing * pick.choice([0, depth]) + text[end:]
        # one character, anywhere in Unicode
        char = chr(pick.choice([pick.randrange(0x20, 0x7F), pick.randrange(0x80, 0x3000), pick.randrange(0x110000)]))
        return text[:at] + char + text[at + 1 :]


# ----------------------------------------------------------------------------------------------
# Runs.


@dataclass
class Failure:
    """One input that made ldnrefs break a promise."""

    target: str
    kind: str  # "exception", "unsafe-output", "slow" or "hang"
    detail: str
    input: str | bytes

    def save(self, folder: Path = SAVED) -> Path:
        """Keep the input as a regression test: ``TARGET--HASH.txt`` (``.bin`` for bytes)."""
        data = self.input if isinstance(self.input, bytes) else self.input.encode("utf-8", "surrogatepass")
        folder.mkdir(parents=True, exist_ok=True)
        name = self.target.replace(":", "_")
        suffix = ".bin" if isinstance(self.input, bytes) else ".txt"
        path = folder / f"{name}--{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
        path.write_bytes(data)
        return path


@dataclass
class Report:
    """A run's counts and failures."""

    target: str
    seed: int
    stage: str
    inputs: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    failures: list[Failure] = field(default_factory=list)


class _Hang(BaseException):
    """Raised by the alarm: a BaseException, so that no ``except Exception`` in ldnrefs swallows it."""


def _alarm(signum: int, frame: object) -> None:
    raise _Hang


def run_one(
    target: Target,
    value: str | bytes,
    stage: str = PIPELINE,
    *,
    hang: float | None = None,
    slow: float = SLOW_SECONDS,
) -> Failure | None:
    """One input through one target, as far as ``stage``: a failure, or None. With ``hang``, an
    input still running after that many seconds is stopped and reported (main thread only: the
    long runs use it; the test suite has pytest-timeout)."""
    started = time.perf_counter()
    _CHECKING[0] = 0.0
    if hang is not None:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, hang)
    try:
        target.run(value, stage)
    except _Hang:
        return Failure(target.name, "hang", f"stopped after {hang:.0f} s", value)
    except UnsafeOutput as error:
        return Failure(target.name, "unsafe-output", str(error), value)
    except LdnrefsError:
        pass  # the documented tree: a refusal with a message, never a failure
    except Exception as error:  # everything else is a bug
        where = traceback.extract_tb(error.__traceback__)[-6:]
        trail = " < ".join(f"{Path(frame.filename).name}:{frame.lineno}" for frame in reversed(where))
        return Failure(target.name, "exception", f"{type(error).__name__}: {str(error)[:300]} (at {trail})", value)
    finally:
        if hang is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
    elapsed = time.perf_counter() - started - _CHECKING[0]
    size = len(value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass"))
    if elapsed > slow and size < SLOW_BELOW_BYTES:
        again = time.perf_counter()  # timed once more: this machine is shared and noisy
        _CHECKING[0] = 0.0
        with contextlib.suppress(LdnrefsError):
            target.run(value, stage)
        if time.perf_counter() - again - _CHECKING[0] > slow:
            return Failure(target.name, "slow", f"{elapsed:.2f} s for {size} bytes", value)
    return None


def inputs(target: Target, seed: int) -> Iterator[str | bytes]:
    """The endless, reproducible input stream of ``target`` for ``seed``."""
    mutator = Mutator(seed)
    pool = seeds(target.seeds)
    while True:
        yield mutator.data(pool) if target.takes_bytes else mutator.text(pool)


def fuzz(
    target: Target,
    seed: int,
    *,
    count: int | None = None,
    seconds: float | None = None,
    stage: str = PIPELINE,
    hang: float | None = None,
    slow: float = SLOW_SECONDS,
) -> Report:
    """Run ``target`` on ``count`` inputs, or for ``seconds``, whichever ends first."""
    report = Report(target.name, seed, stage)
    started = time.perf_counter()
    for value in inputs(target, seed):
        if count is not None and report.inputs >= count:
            break
        if seconds is not None and time.perf_counter() - started >= seconds:
            break
        before = time.perf_counter()
        failure = run_one(target, value, stage, hang=hang, slow=slow)
        report.slowest = max(report.slowest, time.perf_counter() - before)
        report.inputs += 1
        report.bytes_read += len(value)
        if failure is not None:
            report.failures.append(failure)
    report.seconds = time.perf_counter() - started
    return report


def saved() -> list[tuple[Target, str | bytes, Path]]:
    """The inputs kept in ``tests/data/repro/fuzz/``, each with its target."""
    found = []
    for path in sorted(SAVED.glob("*--*")):
        target = TARGETS[path.name.split("--")[0].replace("_", ":", 1)]
        data = path.read_bytes()
        found.append((target, data if target.takes_bytes else data.decode("utf-8", "surrogatepass"), path))
    return found
