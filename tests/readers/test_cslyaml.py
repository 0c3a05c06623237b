"""CSL YAML, pandoc's bibliography format: a large document read an item at a time, as it reads whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

import ldnrefs
from ldnrefs.readers import cslyaml
from tests.conftest import DATA

REAL = sorted((DATA / "realworld" / "csl-json").glob("*.json"))


def _layouts(items: list[object]) -> dict[str, str]:
    listed = yaml.safe_dump(items, allow_unicode=True, sort_keys=False)
    return {
        "pandoc": f"---\nreferences:\n{listed}...\n",
        "list": listed,
        "indented": "references:\n" + "".join(f"  {line}\n" for line in listed.splitlines()),
    }


@pytest.mark.parametrize("path", REAL, ids=[path.stem for path in REAL])
def test_item_by_item_reads_what_the_whole_document_gives(path: Path) -> None:
    items = json.loads(path.read_text(encoding="utf-8"))
    for layout, text in _layouts(items).items():
        one_by_one = cslyaml._items_one_by_one(text, source="x", first_line=1)
        assert one_by_one is not None, layout
        assert one_by_one == cslyaml.load_whole(text, source="x"), layout


def test_a_large_document_is_read_item_by_item_with_its_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cslyaml, "_ITEM_BY_ITEM", 0)
    text = _layouts([{"id": f"a{n}", "type": "book", "title": f"Title {n}", "issued": "2017-05-01"} for n in range(3)])
    records = ldnrefs.parse(text["pandoc"], format="csl-yaml")
    assert [record.provenance.line for record in records if record.provenance] == [3, 7, 11]
    assert records[0].issued == ldnrefs.Date(2017, 5, 1)


@pytest.mark.parametrize(
    "text",
    [
        "references:\n- &a\n  id: a\n  title: A\n- *a\n",  # an alias ties items together
        "references:\n- id: a\n  title: A\nnocite: '@*'\n",  # another key after the list
        "[{id: a, title: A}]\n",  # a flow list
        "- id: a\n  title: !!str 12\n- id: b\n  title: B\n",  # a tag
    ],
)
def test_other_layouts_are_read_whole(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cslyaml, "_ITEM_BY_ITEM", 0)
    assert cslyaml._items_one_by_one(text, source="x", first_line=1) is None
    assert cslyaml.items(text, source="x") == cslyaml.load_whole(text, source="x")


def test_an_error_in_the_fifth_item_names_its_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cslyaml, "_ITEM_BY_ITEM", 0)
    text = "references:\n" + "".join(f"- id: a{n}\n  title: T\n" for n in range(4)) + "- id: b\n  title: 'open\n"
    with pytest.raises(ldnrefs.errors.MalformedInputError) as caught:
        ldnrefs.parse(text, format="csl-yaml", source="refs.yaml")
    with pytest.raises(ldnrefs.errors.MalformedInputError) as whole:
        cslyaml.load_whole(text, source="refs.yaml")
    assert str(caught.value) == str(whole.value) == "refs.yaml:12: not valid YAML: found unexpected end of stream"
