"""One exception tree: every class in ``ldnrefs.errors``, exported from ``ldnrefs``, drawn in the docs."""

from __future__ import annotations

import inspect
from pathlib import Path

import ldnrefs
from ldnrefs import errors

ROOT = Path(__file__).parents[1]
CLASSES = [
    cls
    for _, cls in inspect.getmembers(errors, inspect.isclass)
    if issubclass(cls, errors.LdnrefsError) and cls.__module__ == errors.__name__
]


def test_every_error_is_exported_and_drawn() -> None:
    docs = (ROOT / "docs" / "errors.md").read_text(encoding="utf-8")
    for cls in CLASSES:
        assert getattr(ldnrefs, cls.__name__) is cls
        assert cls.__name__ in ldnrefs.__all__
        assert cls.__name__ in (errors.__doc__ or "")
        assert cls.__name__ in docs


def test_no_other_module_defines_an_exception() -> None:
    """The resolve errors used to live in resolve/http.py; now every exception class is in errors.py."""
    for path in sorted((ROOT / "ldnrefs").rglob("*.py")):
        if path.name != "errors.py":
            text = path.read_text(encoding="utf-8")
            assert "Error(" not in "".join(line for line in text.splitlines() if line.startswith("class ")), path


def test_errors_resemble_the_builtins() -> None:
    assert issubclass(ldnrefs.InputError, ValueError)
    assert issubclass(ldnrefs.NotTextError, TypeError)
    assert issubclass(ldnrefs.InvalidValueError, ValueError)
    assert issubclass(ldnrefs.CacheError, OSError)
    assert ldnrefs.NotFoundError("x").kind == "not found"


def test_an_error_without_a_place_is_its_message() -> None:
    assert str(ldnrefs.UnknownFormatError("unknown style 'x'")) == "unknown style 'x'"
    assert str(ldnrefs.NoReferencesError("empty", source="a.txt", line=3)) == "a.txt:3: empty"


def test_the_resolver_is_exported() -> None:
    from ldnrefs.resolve import Resolver

    assert ldnrefs.Resolver is Resolver
    assert "Resolver" in ldnrefs.__all__
