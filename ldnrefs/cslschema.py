"""The shipped CSL-JSON schema (``data/csl-data.json``), compiled to plain checks.

Every CSL-JSON item read is validated against the official schema. jsonschema
took about 7 ms an item on Manubot's bibliography (fastjsonschema 2.3 ms), 25
times these checks (0.29 ms), so the schema is compiled once into nested closures that
cover exactly the keywords it uses (``type``, ``enum``, ``properties``,
``additionalProperties``, ``required``, ``items``, ``minItems``,
``maxItems``, ``anyOf``, ``$ref``); a keyword it does not know stops the
compilation, so a new schema cannot be checked half-way. The tests compare its
verdicts with jsonschema's on real and generated items.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from importlib import resources
from typing import Any, Final

Problem = tuple[str, str]
"""A JSON path (``author[0].family``) and what is wrong there."""
Check = Callable[[Any], list[Problem]]
"""A compiled check: the problems of a value, paths relative to it (built only for a problem)."""

_IGNORED: Final = frozenset({"title", "description", "$schema", "$id", "definitions", "examples", "$comment"})
_TYPES: Final[dict[str, Callable[[Any], bool]]] = {
    "string": lambda value: isinstance(value, str),
    "number": lambda value: isinstance(value, (int, float)) and not isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "boolean": lambda value: isinstance(value, bool),
    "array": lambda value: isinstance(value, list),
    "object": lambda value: isinstance(value, dict),
    "null": lambda value: value is None,
}


def _describe(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:37] + "…"


def _under(key: str | int, problems: list[Problem]) -> list[Problem]:
    """``problems`` of a member, their paths put under its key."""
    step = f"[{key}]" if isinstance(key, int) else str(key)
    return [(step + ("" if not path or path.startswith("[") else ".") + path, message) for path, message in problems]


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: dict[str, Any]) -> Check:
        unknown = set(schema) - _IGNORED - set(_KEYWORDS)
        if unknown:
            raise ValueError(f"the CSL schema uses {sorted(unknown)}, which ldnrefs cannot check")
        compiled = [_KEYWORDS[keyword](self, schema[keyword], schema) for keyword in schema if keyword in _KEYWORDS]
        checks = [check for check in compiled if check is not None]
        if len(checks) == 1:
            return checks[0]

        def check_all(value: Any) -> list[Problem]:
            problems: list[Problem] = []
            for check in checks:
                problems += check(value)
            return problems

        return check_all

    def ref(self, target: str) -> Check:
        if not target.startswith("#/"):
            raise ValueError(f"the CSL schema refers outside itself: {target}")
        if target not in self.refs:
            # Compiled on first use, so a schema that refers to itself does not recurse forever.
            self.refs[target] = lambda value: compiled(value)
            node: Any = self.root
            for part in target[2:].split("/"):
                node = node[part]
            compiled = self.compile(node)
            self.refs[target] = compiled
        return self.refs[target]


def _type(_: _Compiler, expected: str | list[str], schema: dict[str, Any]) -> Check:
    names = [expected] if isinstance(expected, str) else list(expected)
    tests = [_TYPES[name] for name in names]
    if names == ["string"]:

        def check_string(value: Any) -> list[Problem]:
            return [] if isinstance(value, str) else [("", f"{_describe(value)} is not a string")]

        return check_string

    def check(value: Any) -> list[Problem]:
        if any(test(value) for test in tests):
            return []
        return [("", f"{_describe(value)} is not {' or '.join(names)}")]

    return check


def _enum(_: _Compiler, allowed: list[Any], schema: dict[str, Any]) -> Check:
    members = frozenset(value for value in allowed if isinstance(value, (str, int, float)))

    def check(value: Any) -> list[Problem]:
        if isinstance(value, (str, int, float)) and value in members:
            return []
        return [("", f"{_describe(value)} is not one of the allowed values")]

    return check


def _properties(compiler: _Compiler, properties: dict[str, Any], schema: dict[str, Any]) -> Check:
    checks = {name: compiler.compile(sub) for name, sub in properties.items()}
    closed = schema.get("additionalProperties") is False

    def check(value: Any) -> list[Problem]:
        if not isinstance(value, dict):
            return []
        problems: list[Problem] = []
        unknown = []
        for key, item in value.items():
            sub = checks.get(key)
            if sub is not None:
                found = sub(item)
                if found:
                    problems += _under(key, found)
            elif closed:
                unknown.append(key)
        if unknown:
            problems.append(("", "not CSL: " + ", ".join(sorted(map(str, unknown)))))
        return problems

    return check


def _no_check(compiler: _Compiler, value: Any, schema: dict[str, Any]) -> None:
    """Handled by another keyword (``additionalProperties`` by ``properties``)."""
    if value not in (True, False):
        raise ValueError("the CSL schema has an additionalProperties schema, which ldnrefs cannot check")
    return None


def _required(_: _Compiler, names: list[str], schema: dict[str, Any]) -> Check:
    def check(value: Any) -> list[Problem]:
        if not isinstance(value, dict):
            return []
        return [("", f"no {name!r}") for name in names if name not in value]

    return check


def _items(compiler: _Compiler, sub: dict[str, Any], schema: dict[str, Any]) -> Check:
    each = compiler.compile(sub)

    def check(value: Any) -> list[Problem]:
        if not isinstance(value, list):
            return []
        problems: list[Problem] = []
        for index, item in enumerate(value):
            found = each(item)
            if found:
                problems += _under(index, found)
        return problems

    return check


def _min_items(_: _Compiler, least: int, schema: dict[str, Any]) -> Check:
    def check(value: Any) -> list[Problem]:
        return [("", f"fewer than {least} items")] if isinstance(value, list) and len(value) < least else []

    return check


def _max_items(_: _Compiler, most: int, schema: dict[str, Any]) -> Check:
    def check(value: Any) -> list[Problem]:
        return [("", f"more than {most} items")] if isinstance(value, list) and len(value) > most else []

    return check


def _any_of(compiler: _Compiler, options: list[dict[str, Any]], schema: dict[str, Any]) -> Check:
    checks = [compiler.compile(option) for option in options]

    def check(value: Any) -> list[Problem]:
        # No option fits: the problems of the one that came closest.
        best: list[Problem] | None = None
        for option in checks:
            problems = option(value)
            if not problems:
                return []
            if best is None or len(problems) < len(best):
                best = problems
        return best or []

    return check


def _ref(compiler: _Compiler, target: str, schema: dict[str, Any]) -> Check:
    return compiler.ref(target)


_KEYWORDS: Final[dict[str, Callable[[_Compiler, Any, dict[str, Any]], Check | None]]] = {
    "type": _type,
    "enum": _enum,
    "properties": _properties,
    "additionalProperties": _no_check,
    "required": _required,
    "items": _items,
    "minItems": _min_items,
    "maxItems": _max_items,
    "anyOf": _any_of,
    "$ref": _ref,
}


@functools.cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        resources.files("ldnrefs").joinpath("data/csl-data.json").read_text(encoding="utf-8")
    )
    return schema


@functools.cache
def item_check() -> Check:
    """The check for one CSL-JSON item (the schema's ``items``), compiled on first use."""
    return _Compiler(_schema()).compile(_schema()["items"])


@functools.cache
def item_types() -> frozenset[str]:
    """The item types CSL defines (``article-journal``, ``webpage``, …)."""
    return frozenset(_schema()["items"]["properties"]["type"]["enum"])


def problems(item: Any) -> list[Problem]:
    """Everything in ``item`` that the CSL-JSON schema does not allow, as ``(path, message)``."""
    return item_check()(item)
