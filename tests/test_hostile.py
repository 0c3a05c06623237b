"""Hostile input (issue 17): no crash, no traceback, an exit code that means what it says.

Each reproducer found by fuzzing goes through every command; a hypothesis test feeds the readers
numbers written in digits ``int()`` refuses or accepts (superscripts, circled, Arabic-Indic,
full-width) and numbers too long to convert.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.cli import main
from tests.conftest import DATA

REPRO = DATA / "repro"
FILES = sorted(path for path in REPRO.iterdir() if path.name.startswith("crash-"))
COMMANDS = [
    ["parse"],
    ["check"],
    ["dedupe"],
    ["dedupe", "--rewrite"],
    ["export", "--to", "bibtex"],
    ["export", "--to", "ris"],
    ["export", "--to", "csl-json"],
    ["export", "--to", "html"],
]


@pytest.mark.parametrize("path", FILES, ids=[path.name for path in FILES])
def test_every_reproducer_through_every_command(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command in COMMANDS:
        code = main(
            [*command, str(path), "--no-config"] if command[0] in ("check", "dedupe") else [*command, str(path)]
        )
        captured = capsys.readouterr()
        assert code in (0, 1, 2), (command, code)
        assert code != 1 or command[0] == "check", (command, captured.err)  # 1 means findings, from check alone
        assert "Traceback" not in captured.err, (command, captured.err)
        captured.out.encode("utf-8")  # whatever was written can be written


def test_what_the_reproducers_say(capsys: pytest.CaptureFixture[str]) -> None:
    def run(name: str) -> tuple[int, str]:
        code = main(["parse", str(REPRO / name), "-o", "/dev/null"])
        return code, capsys.readouterr().err

    assert "could not read the date '²⁰²⁰'" in run("crash-01-rendered-year-superscript.txt")[1]
    assert "could not read the access date '① May 2020'" in run("crash-02-rendered-day-circled.txt")[1]
    code, err = run("crash-10-csljson-deep-nesting.json")
    assert code == 2
    assert "crash-10-csljson-deep-nesting.json:1: JSON nested too deeply" in err
    assert run("crash-13-csljson-lone-surrogate.json") == (
        0,
        f"{REPRO / 'crash-13-csljson-lone-surrogate.json'}: warning: a \\ud800–\\udfff escape that is not half "
        "of a pair was replaced by U+FFFD [csl-json.surrogate]\n",
    )
    records = ldnrefs.read(REPRO / "crash-11-csljson-5000-digit-number.json")
    assert len(records) == 1


DIGITS = ["2020", "²⁰²⁰", "①", "٢٠٢٠", "２０２０", "7" * 5000, "12–²", "٣٣(٤):٤٥١-٩"]
READERS = ["rendered", "bibtex", "ris", "wikitext", "csl-json", "medline"]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("digits", DIGITS, ids=range(len(DIGITS)))
def test_numbers_in_any_digits_never_crash_a_reader(digits: str, reader: str) -> None:
    texts = {
        "rendered": f'Smith J ({digits}). "A title". Journal. {digits} ({digits}): {digits}–{digits}. '
        f"Retrieved {digits} May {digits}.",
        "bibtex": f"@article{{a, title={{T}}, year={{{digits}}}, month={{{digits}}}, volume={{{digits}}}, "
        f"pages={{{digits}--{digits}}}}}",
        "ris": f"TY  - JOUR\nTI  - T\nPY  - {digits}\nDA  - {digits}/{digits}/{digits}\nSP  - {digits}\n"
        f"EP  - {digits}\nER  - \n",
        "wikitext": f"<ref>{{{{cite journal |title=T |date={digits} |year={digits} |pages={digits}–{digits} "
        f"|volume={digits} |pmid={digits}}}}}</ref>",
        "csl-json": json.dumps(
            [{"id": "a", "type": "book", "title": "T", "page": digits, "volume": digits, "issued": {"raw": digits}}]
        ),
        "medline": f"PMID- 1\nTI  - T\nDP  - {digits} Jan {digits}\nPG  - {digits}-{digits}\nVI  - {digits}\n",
    }
    records = ldnrefs.parse(texts[reader], format=reader)
    ldnrefs.deduplicate([*records, *records])
    ldnrefs.to_bibtex(records)
    ldnrefs.to_ris(records)


_ANY_DIGIT = st.text(alphabet=st.sampled_from(list("0123456789²³¹⁰①②٠١٢٣٤٥٦٧٨٩０１２３ -–/.:()")), max_size=30)


@settings(max_examples=300, deadline=None)
@given(a=_ANY_DIGIT, b=_ANY_DIGIT, reader=st.sampled_from(READERS))
def test_random_digit_strings_never_crash_a_reader(a: str, b: str, reader: str) -> None:
    test_numbers_in_any_digits_never_crash_a_reader(f"{a}{b}", reader)


def test_a_bug_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import ldnrefs.cli

    def broken(*args: object, **kwargs: object) -> object:
        raise ZeroDivisionError("planted")

    monkeypatch.setattr(ldnrefs.cli, "_emit", broken)
    assert main(["parse", str(REPRO / "crash-01-rendered-year-superscript.txt")]) == 3  # not 1: no finding
    err = capsys.readouterr().err
    assert err.splitlines()[-1].startswith("ldnrefs: internal error (ZeroDivisionError: planted); this is a bug")
    assert "Traceback" not in err
    monkeypatch.setenv("LDNREFS_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["parse", str(REPRO / "crash-01-rendered-year-superscript.txt")])


def _out(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_nothing_a_record_holds_becomes_markup(capsys: pytest.CaptureFixture[str]) -> None:
    _, html_out, _ = _out(["export", str(REPRO / "inj-html.json"), "--to", "html"], capsys)
    assert "<script>" not in html_out
    assert "<img" not in html_out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_out
    assert "&lt;img src=x onerror=alert(2)&gt;" in html_out
    _, markdown, _ = _out(["export", str(REPRO / "inj-md.json"), "--to", "markdown"], capsys)
    assert "<script>" not in markdown
    assert "](javascript:" not in markdown.replace("\\](javascript:", "")  # the link syntax is backslashed
    _, bibtex, _ = _out(["export", str(REPRO / "inj-type.json"), "--to", "bibtex"], capsys)
    assert "note = {pwned" not in bibtex
    assert "@misc{a," in bibtex
    _, bibtex, _ = _out(["export", str(REPRO / "inj-otherid.json"), "--to", "bibtex"], capsys)
    assert "pwned" not in bibtex
    assert "\\input" not in bibtex


def test_no_value_starts_a_line_of_its_own_in_a_log(capsys: pytest.CaptureFixture[str]) -> None:
    """A newline and ``::error::`` in an author's name, ANSI escapes in a journal's: shown, inert."""
    code, out, _ = _out(["check", str(REPRO / "gh-inject.json"), "--no-config"], capsys)
    assert code == 1
    assert all(not line.startswith("::") for line in out.splitlines())
    assert "Smith\\n::error::AUTHOR" in out
    _, github, _ = _out(["check", str(REPRO / "gh-inject.json"), "--format", "github", "--no-config"], capsys)
    assert all(line.startswith(("::error file=", "::warning file=")) for line in github.splitlines())
    _, out, _ = _out(["check", str(REPRO / "ansi-inject.json"), "--no-config"], capsys)
    assert "\x1b" not in out
    assert "Smith\\x1b[31mRED\\x1b[0m" in out
    _, _, err = _out(["dedupe", str(REPRO / "ansi-inject.json"), "--no-config"], capsys)
    assert "\x1b" not in err
    assert "\x07" not in err


def test_two_thousand_records_sharing_an_isbn_are_not_compared_pair_by_pair(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Pathological input, bounded time: quadratic, this took 49 s; the bound is ten times the
    linear figure, so only a return to pair-by-pair comparison fails it."""
    import time

    started = time.perf_counter()
    assert main(["check", str(REPRO / "slow-dedupe-2000-same-isbn.txt"), "--no-config"]) in (0, 1)
    capsys.readouterr()
    assert time.perf_counter() - started < 30


def test_a_style_file_that_is_not_csl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    style = tmp_path / "bad.csl"
    style.write_text("<style>broken", encoding="utf-8")
    code = main(
        ["export", str(REPRO / "crash-01-rendered-year-superscript.txt"), "--to", "text", "--style", str(style)]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert f"{style}: not a CSL style (XMLSyntaxError" in err
    assert "internal error" not in err


def test_files_errors_name_the_file_asked_for(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "missing" / "out.json"
    assert main(["parse", str(REPRO / "crash-01-rendered-year-superscript.txt"), "-o", str(target)]) == 2
    assert f"ldnrefs: {target}: No such file or directory" in capsys.readouterr().err
    assert main(["parse", "/dev/zero"]) == 2  # refused at its first bytes, not read to the end of memory
    assert "binary data, not text (NUL byte at offset 0)" in capsys.readouterr().err


def test_sigterm_during_output_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The console script turns SIGTERM into an orderly exit: ``-o``'s temporary file goes. (The
    write is held open by a slow fsync, so the signal arrives while the file is being written.)"""
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import os, sys, time\n"
        "os.fsync = lambda fd: time.sleep(30)\n"
        "from ldnrefs.cli import run\n"
        "sys.argv = ['ldnrefs', *sys.argv[1:]]\n"
        "run()\n"
    )
    source = REPRO / "crash-01-rendered-year-superscript.txt"
    process = subprocess.Popen([sys.executable, "-c", script, "parse", str(source), "-o", str(tmp_path / "out.json")])
    deadline = time.monotonic() + 20
    while not list(tmp_path.glob(".out.json.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(tmp_path.glob(".out.json.*.tmp"))  # being written
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []  # neither a temporary file nor a half-written output


def test_a_key_bibtex_cannot_hold_is_written_so_it_can(caplog: pytest.LogCaptureFixture) -> None:
    """A CSL-JSON id (or a mangled BibTeX key) with a brace or a backslash would end the key or start
    a TeX command: it is written with ``_`` in their place, with a warning; other keys are untouched."""
    text = json.dumps(
        [
            {"id": "Karls\\immediate\\write18{ls", "type": "book", "title": "A"},
            {"id": "smith:2020/a.b-c", "type": "book", "title": "B"},
        ]
    )
    written = ldnrefs.to_bibtex(ldnrefs.parse(text, format="csl-json"))
    assert "@book{Karls_immediate_write18_ls," in written
    assert "@book{smith:2020/a.b-c," in written
    assert "cannot be written as it is" in caplog.text


def test_a_lone_surrogate_in_any_text_is_replaced_with_a_warning() -> None:
    result = ldnrefs.parse("@book{a, title = {Caf\ud800}}", format="bibtex")
    assert result[0].title == "Caf\ufffd"
    assert [problem.code for problem in result.diagnostics] == ["input.surrogate"]


def test_yaml_aliases_that_expand_exponentially_are_refused() -> None:
    bomb = "---\nreferences:\n- &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"- &{chr(98 + level)} [{', '.join(['*' + chr(97 + level)] * 10)}]\n" for level in range(8)
    )
    with pytest.raises(ldnrefs.errors.MalformedInputError, match="aliases expand too far"):
        ldnrefs.parse(bomb, format="csl-yaml")


def test_numbers_are_ascii_digits_and_bounded() -> None:
    from ldnrefs.numbers import whole_number

    assert whole_number("2020") == 2020
    assert [whole_number(text) for text in ("٢٠٢٠", "２０２０", "²", "", "1" * 19, "-1", "1.5")] == [None] * 7
    assert ldnrefs.parse("PMID- 1\nTI  - T\nPMC - PMC" + "7" * 5600 + "\n", format="medline")
    assert ldnrefs.parse("@book{a, title = {T}, month = {٣}, year = {2020}}", format="bibtex")[0].issued.month is None


def test_an_input_over_the_size_limit_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """512 MB by default; LDNREFS_MAX_INPUT_MB changes it (issue 17)."""
    from ldnrefs import _io

    assert _io.max_input() == 512 * 10**6
    big = tmp_path / "big.txt"
    big.write_text("1. Smith J (2001). A title. Journal 3: 4–5.\n" * 40_000)  # 1.8 MB
    monkeypatch.setenv("LDNREFS_MAX_INPUT_MB", "1")
    assert main(["parse", str(big), "-o", str(tmp_path / "out.json")]) == 2
    assert capsys.readouterr().err == (f"ldnrefs: {big}: larger than 1 MB; split it, or raise LDNREFS_MAX_INPUT_MB\n")
    assert not (tmp_path / "out.json").exists()
    monkeypatch.setenv("LDNREFS_MAX_INPUT_MB", "2")
    assert main(["parse", str(big), "-o", str(tmp_path / "out.json")]) == 0


def test_a_name_with_no_part_is_no_name() -> None:
    """The fuzzer's BibTeX editor list that read as one empty name, which citeproc-py crashed on."""
    records = ldnrefs.parse('[{"id": "a", "type": "book", "title": "T", "author": [{}, {"family": "Kim"}]}]')
    assert [name.family for name in records[0].authors] == ["Kim"]
    assert "Kim" in ldnrefs.format_bibliography(records, output="html")
