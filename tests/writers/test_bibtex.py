"""The BibTeX writer: real parsers read it, values survive a round trip, refs.bib never drifts."""

from __future__ import annotations

import json
from pathlib import Path

import bibtexparser
import pybtex.errors
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pybtex.database import parse_string

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.model import Identifiers, Name, Reference
from tests.conftest import DATA, SEED
from tests.strategies import hostile_text

ROOT = Path(__file__).parents[2]
REFS_BIB = ROOT / "refs.bib"


def test_refs_bib_is_what_the_export_command_makes(tmp_path: Path) -> None:
    """refs.bib at the root is exactly the output of the documented export command."""
    out = tmp_path / "refs.bib"
    assert main(["-q", "export", str(SEED), "--dedupe", "--to", "bibtex", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == REFS_BIB.read_text(encoding="utf-8")


def test_pybtex_reads_refs_bib_strictly() -> None:
    """pybtex in strict mode (warnings are errors) parses all 15 entries."""
    pybtex.errors.set_strict_mode(True)
    try:
        data = parse_string(REFS_BIB.read_text(encoding="utf-8"), "bibtex")
    finally:
        pybtex.errors.set_strict_mode(False)
    assert len(data.entries) == 15
    assert data.entries["younger2014use"].fields["pages"] == "451--459"


def test_bibtexparser_v2_reads_refs_bib_without_failed_blocks() -> None:
    """bibtexparser 2 finds 15 entries and no block it could not parse."""
    library = bibtexparser.parse_string(REFS_BIB.read_text(encoding="utf-8"))
    assert library.failed_blocks == []
    assert len(library.entries) == 15
    assert {entry.key for entry in library.entries} >= {"younger2014use", "kim2020low", "toljan2018low"}


def test_seed_round_trips_through_bibtex() -> None:
    """Every field of the 15 merged seed works survives BibTeX (extra fields aside)."""
    merged = ldnrefs.deduplicate(ldnrefs.read(SEED)).records
    back = ldnrefs.parse(ldnrefs.to_bibtex(list(merged)), format="bibtex")
    assert [r.__class__(**{**_fields(r), "extra": ()}) for r in back] == [
        r.__class__(**{**_fields(r), "extra": ()}) for r in merged
    ]


def _fields(record: Reference) -> dict[str, object]:
    import attrs

    return {field.name: getattr(record, field.name) for field in attrs.fields(Reference)}


names = st.one_of(
    st.builds(Name, family=hostile_text, given=hostile_text),
    st.builds(Name, literal=hostile_text),
)


@given(
    title=hostile_text,
    container=hostile_text,
    authors=st.lists(names, min_size=1, max_size=3),
    publisher=st.one_of(st.none(), hostile_text),
)
def test_hostile_text_survives_bibtex(title: str, container: str, authors: list[Name], publisher: str | None) -> None:
    """Any text in titles, journals, publishers and names reads back unchanged (whitespace aside)."""
    record = Reference(
        type="article-journal", title=title, container_title=container, authors=tuple(authors), publisher=publisher
    )
    text = ldnrefs.to_bibtex([record])
    pybtex.errors.set_strict_mode(True)
    try:
        back = ldnrefs.parse(text, format="bibtex")[0]
    finally:
        pybtex.errors.set_strict_mode(False)

    def squash(value: str | None) -> str | None:
        return " ".join(value.split()) or None if value else None

    assert back.title == squash(title)
    assert back.container_title == squash(container)
    assert back.publisher == squash(publisher)
    assert [(n.family, n.given, n.literal) for n in back.authors] == [
        (squash(n.family), squash(n.given), squash(n.literal)) for n in record.authors
    ]
    assert bibtexparser.parse_string(text).failed_blocks == []


URL = "https://example.org/a_b%20c~d?x=1&y=2#frag"
DOI = "10.1002/(SICI)1097-4636(199605)30:3<375::AID-JBM12>3.0.CO;2-L"


def test_urls_and_dois_are_written_verbatim_for_biblatex() -> None:
    """biblatex reads url and doi verbatim: no LaTeX escapes in them, and the values come back intact."""
    record = Reference(
        type="webpage",
        title="T",
        identifiers=Identifiers(doi=DOI, url=URL, arxiv="hep-th/9901001"),
        archive_url="https://web.archive.org/web/2020/https://example.org/a_b",
    )
    text = ldnrefs.to_bibtex([record])
    assert f"url = {{{URL}}}" in text or f'url = "{URL}"' in text
    assert f'doi = "{DOI}"' in text
    assert "\\" not in text
    (entry,) = parse_string(text, "bibtex").entries.values()  # pybtex sees the same characters
    fields = entry.fields
    assert (fields["url"], fields["doi"]) == (URL, DOI)
    back = ldnrefs.parse(text, format="bibtex")[0]
    assert (back.identifiers.url, back.identifiers.doi, back.archive_url) == (URL, DOI, record.archive_url)


REALWORLD = [path for path in sorted((DATA / "realworld" / "bibtex").rglob("*.bib")) if path.parent.name != "iridia"]
REALWORLD.append(DATA / "realworld" / "bibtex" / "iridia" / "crossref.bib")


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in REALWORLD])
def test_real_bibliographies_round_trip_with_their_keys(path: Path) -> None:
    """Export, then read back: equal records, every key the file had; pybtex reads it strictly and
    bibtexparser 2 without a failed block. The IRIDIA proceedings are read with their macro files."""
    if path.parent.name == "iridia":
        records = ldnrefs.read_all([path, path.parent / "abbrev.bib", path.parent / "authors.bib"])[0]
    else:
        records = ldnrefs.read(path)
    assert not [d for d in records.diagnostics if d.severity == "error"]
    text = ldnrefs.to_bibtex(records)
    pybtex.errors.set_strict_mode(True)
    try:
        assert len(parse_string(text, "bibtex").entries) == len(records)
    finally:
        pybtex.errors.set_strict_mode(False)
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert len(library.entries) == len(records)
    back = ldnrefs.parse(text, format="bibtex")
    assert list(back) == list(records)
    written = [record.provenance.key for record in back if record.provenance]
    assert {record.provenance.key for record in records if record.provenance and record.provenance.key} <= set(written)


def test_keys_are_the_users(caplog: pytest.LogCaptureFixture) -> None:
    """Keys are written as the file gave them; only a repeated or missing one changes, with a warning."""
    text = (
        "@article{younger2014, title = {The use of LDN}, author = {Younger, J.}, year = 2014}\n"
        "@article{Younger_LDN_2014, title = {The use of LDN}, author = {Younger, J.}, year = 2014}\n"
        "@article{younger2014, title = {Another}, author = {Younger, J.}, year = 2014}\n"
        "@article{, title = {Keyless}, author = {Younger, J.}, year = 2014}\n"
        "@article{younger2014keyless, title = {Taken}, year = 2014}\n"
    )
    records = ldnrefs.parse(text, format="bibtex")
    with caplog.at_level("WARNING", logger="ldnrefs"):
        written = ldnrefs.to_bibtex(records)
    keys = [record.provenance.key for record in ldnrefs.parse(written, format="bibtex") if record.provenance]
    assert keys == ["younger2014", "Younger_LDN_2014", "younger2014-2", "younger2014keyless-2", "younger2014keyless"]
    assert caplog.messages == ["citation key younger2014 is given twice; the second is written as younger2014-2"]
    assert [item["id"] for item in json.loads(ldnrefs.to_csl_json(records))] == keys


def test_dedupe_keeps_the_first_members_key() -> None:
    text = (
        "@article{zagon2003, title = {Opioid growth factor}, doi = {10.1000/ogf}, year = 2003}\n"
        "@article{Zagon_OGF, title = {Opioid growth factor}, doi = {10.1000/OGF}, year = 2003}\n"
    )
    merged = ldnrefs.deduplicate(ldnrefs.parse(text, format="bibtex")).records
    assert ldnrefs.citation_keys(merged) == ["zagon2003"]


def test_wikitext_ref_names_are_not_citation_keys() -> None:
    text = 'A.<ref name="ldn">{{cite journal |title=The use of LDN |last=Younger |year=2014}}</ref>\n'
    records = ldnrefs.parse(text, format="wikitext")
    assert records[0].provenance is not None
    assert records[0].provenance.key == "ldn"
    assert ldnrefs.citation_keys(records) == ["younger2014use"]


def test_dedupe_keeps_the_other_keys_as_biblatex_aliases() -> None:
    """\\cite{Zagon_OGF} still resolves under biber: the merged entry lists it in ``ids``."""
    text = (
        "@article{zagon2003, title = {Opioid growth factor}, doi = {10.1000/ogf}, year = 2003}\n"
        "@article{Zagon_OGF, title = {Opioid growth factor}, doi = {10.1000/OGF}, year = 2003}\n"
    )
    merged = ldnrefs.deduplicate(ldnrefs.parse(text, format="bibtex")).records
    written = ldnrefs.to_bibtex(merged)
    assert "@article{zagon2003," in written
    assert 'ids = "Zagon_OGF"' in written
    assert json.loads(ldnrefs.to_csl_json(merged))[0]["custom"]["ids"] == "Zagon_OGF"


def test_ids_aliases_are_read_kept_and_never_reused() -> None:
    """``ids = {old1, old2}`` survives a round trip and a merge; no generated key takes an alias."""
    text = (
        "@article{younger2014, title = {The use of low-dose naltrexone}, author = {Younger, Jarred},"
        " year = 2014, doi = {10.1007/s10067-014-2517-2}, ids = {oldkey1, younger2014use}}\n"
        "@article{Younger_LDN_2014, title = {The use of low-dose naltrexone}, author = {Younger, J.},"
        " year = 2014, doi = {10.1007/s10067-014-2517-2}, ids = {oldkey2}}\n"
    )
    records = ldnrefs.parse(text, format="bibtex")
    back = ldnrefs.parse(ldnrefs.to_bibtex(records), format="bibtex")
    assert list(back) == list(records)
    merged = ldnrefs.deduplicate(records).records
    assert dict(merged[0].extra)["ids"] == "oldkey1,younger2014use,oldkey2,Younger_LDN_2014"
    rendered = ldnrefs.parse("References\n1. Younger J (2014). The use of low-dose naltrexone. Clin Rheumatol.")
    assert ldnrefs.citation_keys([*records, *rendered])[2] == "younger2014use-2"
