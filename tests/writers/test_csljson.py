"""CSL-JSON, the canonical mapping: schema validity and lossless round trips."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs.model import Reference
from tests.conftest import CSL_VALIDATOR as VALIDATOR
from tests.conftest import SEED
from tests.strategies import records


def test_seed_output_is_valid_csl_json() -> None:
    """The seed's 18 items validate against the official CSL data schema."""
    items = json.loads(ldnrefs.to_csl_json(ldnrefs.read(SEED)))
    assert len(items) == 18
    assert list(VALIDATOR.iter_errors(items)) == []


def test_ids_are_stable_and_unique() -> None:
    """Repeated works get suffixed keys, the same on every run."""
    first = [item["id"] for item in ldnrefs.to_csl_items(ldnrefs.read(SEED))]
    second = [item["id"] for item in ldnrefs.to_csl_items(ldnrefs.read(SEED))]
    assert first == second
    assert len(set(first)) == 18
    assert first[0] == "younger2014use"
    assert first[8] == "younger2014use-2"


def test_provenance_names_source_line_and_number() -> None:
    """Each record traces back to the line it came from."""
    result = ldnrefs.read(SEED)
    assert result[0].provenance is not None
    assert (result[0].provenance.line, result[0].provenance.number) == (27, 1)
    assert result[17].provenance is not None
    assert result[17].provenance.line == 44
    assert result[17].provenance.text is not None
    assert result[17].provenance.text.startswith("Aitcheson N")


@given(st.lists(records, min_size=1, max_size=5))
def test_csl_json_round_trip_keeps_every_field(generated: list[Reference]) -> None:
    """read(write(records)) == records for any record, hostile text included."""
    text = ldnrefs.to_csl_json(generated)
    assert list(VALIDATOR.iter_errors(json.loads(text))) == []
    back = ldnrefs.parse(text, format="csl-json")
    assert list(back) == generated


def test_seed_round_trips_through_csl_json() -> None:
    """The parsed seed survives a CSL-JSON round trip unchanged."""
    result = ldnrefs.read(SEED)
    back = ldnrefs.parse(ldnrefs.to_csl_json(result), format="csl-json")
    assert list(back) == list(result)
    assert [r.provenance.text for r in back if r.provenance] == [r.provenance.text for r in result if r.provenance]
    assert [r.provenance.key for r in back if r.provenance][:2] == ["younger2014use", "kim2020low"]
