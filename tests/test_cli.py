"""The command line, run in process through ``main(argv)``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ldnrefs import __version__
from ldnrefs.cli import main
from tests.conftest import SEED


def test_parse_prints_csl_json_in_list_order(capsys: pytest.CaptureFixture[str]) -> None:
    """`ldnrefs parse FILE` prints one CSL-JSON item per reference, in order, and exits 0."""
    assert main(["parse", str(SEED)]) == 0
    captured = capsys.readouterr()
    items = json.loads(captured.out)
    assert [item["custom"]["provenance"]["number"] for item in items] == list(range(1, 19))
    assert captured.err == ""


def test_parse_reads_standard_input(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`-` reads standard input, and diagnostics name <stdin>."""
    text = 'References\n\n  1. Kim PS (2020). "Title". Journal. 1: 2. ISSN 1234-5678.\n'
    monkeypatch.setattr(sys, "stdin", type("In", (), {"buffer": __import__("io").BytesIO(text.encode())})())
    assert main(["parse", "-"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)[0]["title"] == "Title"
    assert captured.err == "<stdin>:3: warning: ISSN 1234-5678: check digit is 8, expected 9 [identifier.invalid]\n"


def test_quiet_hides_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-q prints errors only."""
    source = tmp_path / "list.txt"
    source.write_text('References\n\n  1. Kim PS (2020). "Title". Journal. 1: 2. ISSN 1234-5678.\n', encoding="utf-8")
    assert main(["-q", "parse", str(source)]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "the input is empty", id="empty"),
        pytest.param(
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data, not text (NUL byte at offset 8)", id="binary"
        ),
        pytest.param(b"References\n\n1. Caf\xe9 (2020).", ":3: not utf-8 text: byte 0xe9 at offset 18", id="latin-1"),
        pytest.param(b"Just prose.\n\nNo citations here.\n", "no reference list found", id="prose"),
        pytest.param(b'[{"id": "a",}]', "not valid JSON", id="bad-json"),
    ],
)
def test_bad_input_exits_2_with_a_message_naming_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    """Unreadable input: exit 2, one line on stderr naming the file, no traceback, nothing on stdout."""
    source = tmp_path / ("input.json" if b"{" in content else "input.txt")
    source.write_bytes(content)
    assert main(["parse", str(source)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"ldnrefs: {source}")
    assert message in captured.err
    assert "Traceback" not in captured.err


def test_latin_1_file_reads_with_encoding_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--encoding reads a file that is not UTF-8."""
    source = tmp_path / "list.txt"
    source.write_bytes('References\n\n  1. Småbrekke L (2017). "Title". Journal. 1: 2.\n'.encode("latin-1"))
    assert main(["parse", "--encoding", "latin-1", str(source)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["author"][0]["family"] == "Småbrekke"


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file is an input error, exit 2."""
    assert main(["parse", "/nonexistent/refs.txt"]) == 2
    assert capsys.readouterr().err == "ldnrefs: /nonexistent/refs.txt: no such file\n"


def test_strict_exits_2_on_partly_understood_entries(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--strict turns warnings into a failure, listing each one."""
    source = tmp_path / "list.txt"
    source.write_text('References\n\n  1. Kim PS (2020). "Title". Journal. 1: 2. ISSN 1234-5678.\n', encoding="utf-8")
    assert main(["parse", "--strict", str(source)]) == 2
    err = capsys.readouterr().err
    assert f"{source}:3: warning: ISSN 1234-5678" in err
    assert "1 problem(s) with --strict" in err


def test_output_file_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o writes the whole file and leaves no temporary file behind."""
    out = tmp_path / "refs.json"
    assert main(["parse", str(SEED), "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 18
    assert [path.name for path in tmp_path.iterdir()] == ["refs.json"]


def test_failed_write_leaves_old_file_intact(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An error while writing keeps the previous output and removes the temporary file."""
    from ldnrefs import _io

    out = tmp_path / "refs.json"
    out.write_text("old", encoding="utf-8")

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(_io.os, "replace", boom)
    with pytest.raises(OSError, match="No space left"):
        _io.write_atomic(out, "new")
    assert out.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["refs.json"]


def test_unknown_format_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """--from with an unknown name exits 2 and lists the valid ones."""
    assert main(["parse", "--from", "marc", str(SEED)]) == 2
    assert "invalid choice: 'marc'" in capsys.readouterr().err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the version; every command has --help with an example; no command prints help."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"ldnrefs {__version__}"
    assert main(["--help"]) == 0
    assert "example" in capsys.readouterr().out
    assert main(["parse", "--help"]) == 0
    assert "examples:" in capsys.readouterr().out
    assert main([]) == 2
    assert "usage: ldnrefs" in capsys.readouterr().err


def test_console_script_and_module_entry_points() -> None:
    """`python -m ldnrefs` works in a real subprocess, exit code included."""
    done = subprocess.run(
        [sys.executable, "-m", "ldnrefs", "parse", str(SEED), "--no-provenance"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "custom" not in json.loads(done.stdout)[6]
    failed = subprocess.run(
        [sys.executable, "-m", "ldnrefs", "parse", "/nonexistent"], capture_output=True, text=True, check=False
    )
    assert failed.returncode == 2
    assert "Traceback" not in failed.stderr


def test_malformed_bibtex_names_file_and_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An entry pybtex cannot parse is an error naming the file and line; the rest is read; --strict fails."""
    source = tmp_path / "bad.bib"
    source.write_text('@article{a, title = "x" author = "y"}\n@article{b, title = {Fine}}\n', encoding="utf-8")
    assert main(["parse", str(source)]) == 0
    captured = capsys.readouterr()
    assert captured.err == f"{source}:1: error: not valid BibTeX: syntax error: '}}' expected [bibtex.syntax]\n"
    assert [item["title"] for item in json.loads(captured.out)] == ["x", "Fine"]
    assert main(["parse", str(source), "--strict"]) == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("command", ["parse", "check", "dedupe", "export", "resolve"])
def test_every_command_has_help_with_an_example(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`ldnrefs COMMAND --help` exits 0 and shows at least one example."""
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out
    assert f"ldnrefs {command}" in out.split("examples:", 1)[1]


def test_quiet_and_verbose_also_follow_the_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`ldnrefs parse -q FILE` as well as `ldnrefs -q parse FILE`."""
    source = tmp_path / "refs.bib"
    source.write_text("@article{a, title = {T}, issn = {1234-5678}}\n", encoding="utf-8")
    assert main(["parse", "-q", str(source)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["-q", "parse", str(source)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["parse", str(source)]) == 0
    assert "identifier.invalid" in capsys.readouterr().err


def test_a_long_stage_shows_on_a_terminal_and_is_cleared(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 17: progress on a terminal for large inputs; nothing of it in a pipe or a CI log."""
    import time

    import ldnrefs.dedupe
    from ldnrefs import cli

    slow = ldnrefs.dedupe.deduplicate

    def deduplicate(*args: object, **kwargs: object) -> object:
        time.sleep(0.3)
        return slow(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ldnrefs.dedupe, "deduplicate", deduplicate)
    monkeypatch.setattr(cli._PROGRESS, "after", 0.05)
    monkeypatch.setattr(cli._PROGRESS, "every", 0.05)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert cli.main(["check", str(SEED), "--no-config"]) == 1
    err = capsys.readouterr().err
    assert "\rldnrefs: comparing 18 records… 0 s\x1b[K" in err
    assert "\r\x1b[K" in err.split("comparing")[-1]  # the line is cleared when the stage ends

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    assert cli.main(["check", str(SEED), "--no-config"]) == 1
    assert "comparing" not in capsys.readouterr().err
