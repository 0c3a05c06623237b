"""Reading CSL-JSON: broken JSON names its line; loose registry CSL is cleaned."""

from __future__ import annotations

import json

import pytest

import ldnrefs


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
