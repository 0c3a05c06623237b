"""Reading CSL-JSON: broken JSON names its line; loose registry CSL is cleaned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs import cslschema
from tests.conftest import CSL_VALIDATOR, DATA


@pytest.mark.parametrize(
    ("text", "line"),
    [pytest.param('[\n{"id": 1,\n', 3, id="truncated"), pytest.param("[1, 2,, 3]", 1, id="double-comma")],
)
def test_malformed_json_names_the_line(text: str, line: int) -> None:
    """Broken JSON raises MalformedInputError with the line of the fault."""
    with pytest.raises(ldnrefs.MalformedInputError) as caught:
        ldnrefs.parse(text, format="csl-json", source="refs.json")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"refs.json:{line}: not valid JSON")


def test_loose_registry_csl_is_cleaned() -> None:
    """Crossref-style CSL (ISSN as a list, numbers for strings, raw dates) is accepted."""
    text = json.dumps(
        [
            {
                "type": "article-journal",
                "ISSN": ["0770-3198", "1434-9949"],
                "volume": 33,
                "issued": {"raw": "2014-02-15"},
                "author": [{"family": "Younger", "given": "Jarred"}],
                "DOI": "10.1007/S10067-014-2517-2",
            }
        ]
    )
    record = ldnrefs.parse(text, format="csl-json")[0]
    assert record.identifiers.issn == ("0770-3198", "1434-9949")
    assert record.volume == "33"
    assert record.issued == ldnrefs.Date(2014, 2, 15)


def test_a_name_where_a_list_belongs_is_read_with_a_warning() -> None:
    """``"author": "Smith"`` was dropped silently; it is one literal name now."""
    text = '[null, {"id": "a", "type": "book", "title": "T", "author": "Smith", "editor": {"family": "Doe"}}]'
    result = ldnrefs.parse(text, format="csl-json", source="refs.json")
    assert [str(name) for name in result[0].authors] == ["Smith"]
    assert [str(name) for name in result[0].editors] == ["Doe"]
    assert [(d.code, d.severity) for d in result.diagnostics] == [
        ("csl-json.not-an-object", "error"),
        ("csl-json.name-not-a-list", "warning"),
        ("csl-json.name-not-a-list", "warning"),
    ]


def test_an_empty_array_is_an_empty_list() -> None:
    assert list(ldnrefs.parse("[]", format="csl-json")) == []
    assert list(ldnrefs.parse("[]\n", source="refs.json")) == []


def test_an_array_of_items_is_csl_json_whatever_key_comes_first() -> None:
    """manubot writes "number", "version", "URL", then a long author list before "type" or "id"."""
    authors = ", ".join(f'{{"literal": "Author {n}"}}' for n in range(80))
    text = f'[\n  {{"number": "1707.02264v3", "URL": "https://arxiv.org/abs/1707.02264v3", "author": [{authors}],'
    text += ' "title": "JOSS", "type": "manuscript", "id": "x"}\n]\n'
    assert '"type"' not in text[:2000]
    result = ldnrefs.parse(text, source="refs.json")
    assert [record.title for record in result] == ["JOSS"]


REAL_CSL = sorted((DATA / "realworld" / "csl-json").glob("*.json"))


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in REAL_CSL])
def test_real_csl_json_is_read_whole_and_round_trips(path: Path) -> None:
    """Every item, ids kept; no error; what CSL does not define (Manubot's, Crossref's) is kept and written back."""
    data = json.loads(path.read_text(encoding="utf-8"))
    items = data if isinstance(data, list) else [data]
    records = ldnrefs.read(path)
    assert len(records) == len(items)
    assert not [d for d in records.diagnostics if d.severity == "error"]
    assert [record.provenance.key for record in records if record.provenance] == [str(item["id"]) for item in items]
    written = ldnrefs.to_csl_json(records)
    assert not [error.message for error in CSL_VALIDATOR.iter_errors(json.loads(written))]
    assert list(ldnrefs.parse(written, format="csl-json")) == list(records)


def test_an_item_against_the_schema_is_a_warning_naming_it_and_read_as_far_as_valid() -> None:
    text = json.dumps(
        [
            {"id": "ok", "type": "book", "title": "Fine", "issued": {"date-parts": [["2019", 4, 28]]}},
            {"id": "bad", "type": "journal-article", "title": ["A", "B"], "author": [{"family": "Roe", "x": 1}]},
        ],
        indent=1,
    )
    result = ldnrefs.parse(text, format="csl-json", source="refs.json")
    assert result[0].issued == ldnrefs.Date(2019, 4, 28)
    second_item_line = [n for n, line in enumerate(text.splitlines(), start=1) if line == " {"][1]
    assert [(d.code, d.line) for d in result.diagnostics] == [("csl-json.invalid", second_item_line)]
    message = result.diagnostics[0].message
    assert message.startswith("item 2 does not follow the CSL-JSON schema: type: ")
    assert "author[0]: not CSL: x" in message
    assert (result[1].type, dict(result[1].extra)["type"]) == ("document", "journal-article")
    assert [name.family for name in result[1].authors] == ["Roe"]


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=8,
)
_CSL_KEYS = st.sampled_from(["id", "title", "author", "issued", "page", "ISSN", "custom", "x"])
_VALUES = (
    _JSON_VALUES
    | st.lists(st.fixed_dictionaries({"family": st.text(max_size=3)}, optional={"y": st.integers()}), max_size=2)
    | st.fixed_dictionaries({"date-parts": st.lists(st.lists(st.integers() | st.text(max_size=2), max_size=4))})
)
# Mostly a valid id and type, so that the other variables decide.
_ITEMS = st.builds(
    lambda head, rest: {**rest, **head},
    st.fixed_dictionaries({"id": st.text(max_size=3) | st.integers(), "type": st.sampled_from(["book", "journal"])}),
    st.dictionaries(_CSL_KEYS, _VALUES, max_size=4),
)


@given(_ITEMS)
def test_the_compiled_schema_agrees_with_jsonschema(item: dict[str, object]) -> None:
    """ldnrefs' fast check of the shipped schema says valid exactly when jsonschema does."""
    assert (not cslschema.problems(item)) == CSL_VALIDATOR.is_valid([item])
