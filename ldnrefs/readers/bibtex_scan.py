"""pybtex's BibTeX tokenizer, rewritten for speed on well-formed files.

pybtex's ``LowLevelParser`` reads a file token by token through a general scanner; on a
1,000-entry bibliography that is more than half of the time ``ldnrefs check thesis.tex``
takes. :func:`scan` follows the same grammar step for step (pybtex's own patterns, the same
order of alternatives, the same treatment of ``@comment``, ``@string``, ``#`` concatenation and
nested braces) over plain string positions. At the first thing it would have to report — a
syntax error, braces nested too deep — it gives up and the caller runs pybtex's tokenizer on
the whole text instead, so every error message and every recovery stays pybtex's. Undefined
macros are not errors: they are kept as typed and listed with their line, as the pybtex path does.

A test holds the two equal on every real .bib file in the test data and on generated text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import MutableMapping
from typing import Final

from pybtex.database.input.bibtex import LowLevelParser

_NAME: Final = re.compile(LowLevelParser.NAME.match.__self__.pattern)
_KEY_BRACE: Final = re.compile(LowLevelParser.KEY_BRACE.match.__self__.pattern)
_KEY_PAREN: Final = re.compile(LowLevelParser.KEY_PAREN.match.__self__.pattern)
_NUMBER: Final = re.compile(LowLevelParser.NUMBER.match.__self__.pattern)
_WHITESPACE: Final = re.compile(r"\s+")
_IN_QUOTES: Final = re.compile(r'["{}]')
_IN_BRACES: Final = re.compile(r"[{}]")
_MAX_LEVEL: Final = 100

Field = tuple[str, list[str]]
Command = tuple[str, tuple[str | None, list[Field]], int]
"""``(entry type, (key, fields), offset of its "@")``; for ``@string``, ``(name, value parts)``."""


class Unsupported(Exception):
    """Something pybtex would report: the caller reads the text with pybtex instead."""


class _Scan:
    def __init__(self, text: str, macros: MutableMapping[str, str]) -> None:
        self.text = text
        self.pos = 0
        self.macros = macros
        self.undefined: list[tuple[str, int]] = []
        self._line_starts: list[int] | None = None

    def line(self, position: int) -> int:
        """pybtex's line number at ``position``: ``\\n``, ``\\r\\n`` and a lone ``\\r`` each end a line."""
        if self._line_starts is None:
            self._line_starts = [match.end() for match in re.finditer(r"\r\n|\r|\n", self.text)]
        return bisect.bisect_right(self._line_starts, position) + 1

    def skip_whitespace(self) -> None:
        match = _WHITESPACE.match(self.text, self.pos)
        if match:
            self.pos = match.end()

    def token(self, pattern: re.Pattern[str]) -> str | None:
        self.skip_whitespace()
        match = pattern.match(self.text, self.pos)
        if match is None:
            return None
        self.pos = match.end()
        return match.group()

    def literal(self, char: str) -> bool:
        self.skip_whitespace()
        if self.text.startswith(char, self.pos):
            self.pos += 1
            return True
        return False

    def required(self, pattern: re.Pattern[str]) -> str:
        found = self.token(pattern)
        if found is None:
            raise Unsupported
        return found

    def commands(self) -> list[Command]:
        found: list[Command] = []
        text = self.text
        while True:
            at = text.find("@", self.pos)
            if at < 0:
                return found
            self.pos = at + 1
            command = self.required(_NAME)
            if self.literal("{"):
                closing = "}"
            elif self.literal("("):
                closing = ")"
            else:
                raise Unsupported
            lowered = command.lower()
            if lowered == "comment":
                continue  # pybtex skips the command word and its opening: the scan goes on inside
            if lowered == "string":
                name = self.required(_NAME)
                if not self.literal("="):
                    raise Unsupported
                value = self.value()
                self.macros[name] = "".join(value)
                body: tuple[str | None, list[Field]] = (name, [("", value)])
            elif lowered == "preamble":
                self.value()
                body = (None, [])
            else:
                key = self.required(_KEY_BRACE if closing == "}" else _KEY_PAREN)
                body = (key, self.fields())
            if not self.literal(closing):
                raise Unsupported
            found.append((command, body, at))

    def fields(self) -> list[Field]:
        fields: list[Field] = []
        while True:
            name = self.token(_NAME)
            if name is not None:
                if not self.literal("="):
                    raise Unsupported
                fields.append((name, self.value()))
            if not self.literal(","):
                return fields

    def value(self) -> list[str]:
        parts = [self.part()]
        while self.literal("#"):
            parts.append(self.part())
        return parts

    def part(self) -> str:
        self.skip_whitespace()
        text = self.text
        if text.startswith('"', self.pos):
            return self.delimited(_IN_QUOTES, '"')
        if text.startswith("{", self.pos):
            return self.delimited(_IN_BRACES, "}")
        number = _NUMBER.match(text, self.pos)
        if number:
            self.pos = number.end()
            return number.group()
        name = self.required(_NAME)
        try:
            return self.macros[name]
        except KeyError:
            self.undefined.append((name, self.line(self.pos)))
            return name

    def delimited(self, specials: re.Pattern[str], end: str) -> str:
        """The text up to the delimiter that closes the one at ``pos`` (braces inside balanced)."""
        start = self.pos + 1
        position = start
        depth = 0
        text = self.text
        while True:
            match = specials.search(text, position)
            if match is None:
                raise Unsupported
            char = match.group()
            position = match.end()
            if depth == 0 and char == end:
                self.pos = position
                return text[start : position - 1]
            if char == "{":
                depth += 1
                if depth > _MAX_LEVEL:
                    raise Unsupported
            elif char == "}":
                if depth == 0:
                    raise Unsupported  # unbalanced braces in a quoted value
                depth -= 1
            # a quote inside braces is text


def scan(text: str, macros: MutableMapping[str, str]) -> tuple[list[Command], list[tuple[str, int]]]:
    """Every command of ``text`` (``@comment`` skipped as pybtex skips it) and the undefined macros
    with their lines; ``@string`` definitions update ``macros`` as they are read.

    :raises Unsupported: where pybtex would report a problem.
    """
    scanner = _Scan(text, macros)
    return scanner.commands(), scanner.undefined
