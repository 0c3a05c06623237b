"""Retracted, corrected and questioned works, from the resolver's own answers (a local server).

Crossref's ``updated-by`` (the publisher's and Retraction Watch's entries for one notice), PubMed's
"Retracted Publication"; ``check --resolve`` fails on a cited retracted work, warns on an expression
of concern, notes a correction, and says nothing about a retraction notice cited on purpose.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

import ldnrefs
from ldnrefs import updates
from ldnrefs.cli import main
from tests.conftest import DATA
from tests.resolve.test_resolver import (  # the local stand-ins of Crossref and NCBI, and their fixtures
    SUMMARIES,
    WORKS,
    Crossref,
    Ncbi,
    _close_resolvers,
    crossref,
    ncbi,
)

__all__ = ["_close_resolvers", "crossref", "ncbi"]

CONSTRUCTED = DATA / "http" / "constructed"
REAL_CORRECTED = json.loads((DATA / "http" / "crossref" / "10.1371_journal.pone.0033693.200.json").read_text())[
    "message"
]


@pytest.fixture
def services(
    crossref: Crossref, ncbi: Ncbi, httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> tuple[Crossref, Ncbi]:
    for doi, work in json.loads((CONSTRUCTED / "crossref-updates.json").read_text()).items():
        monkeypatch.setitem(WORKS, doi, work)
    monkeypatch.setitem(WORKS, "10.1371/journal.pone.0033693", REAL_CORRECTED)
    monkeypatch.setitem(SUMMARIES, "99000001", json.loads((CONSTRUCTED / "esummary-retracted.json").read_text()))
    for name, path in (("CROSSREF", ""), ("EUTILS", "/eutils"), ("IDCONV", "/idconv"), ("DOI", "/doi")):
        monkeypatch.setenv(f"LDNREFS_{name}_URL", httpserver.url_for(path).rstrip("/"))
    return crossref, ncbi


def _list(tmp_path: Path, *entries: str) -> Path:
    path = tmp_path / "list.txt"
    path.write_text(
        "References\n\n" + "".join(f"  {n}. {entry}\n" for n, entry in enumerate(entries, start=1)), encoding="utf-8"
    )
    return path


RETRACTED = (
    'Example A (2020). "A retracted trial of low-dose naltrexone". J Constr Ex. 12 (3): 100–110. '
    "doi:10.5555/retracted.2020.1."
)
PUBMED_ONLY = 'Example B (2018). "A retracted article known to PubMed only". J Constr Ex. 7 (2): 11–19. PMID 99000001.'
CORRECTED = (
    'Sadasivan S, Pond BB, Pani AK, et al. (2012). "Methylphenidate Exposure Induces Dopamine Neuron Loss and '
    'Activation of Microglia in the Basal Ganglia of Mice". PLoS ONE. 7 (3): e33693. doi:10.1371/journal.pone.0033693.'
)
CONCERN_THEN_RETRACTED = (
    'Example A (2019). "A study first questioned, then retracted". J Constr Ex. 12 (3): 100–110. '
    "doi:10.5555/concern.2019.2."
)
CONCERN = (
    'Example A (2021). "A study under an expression of concern". J Constr Ex. 12 (3): 100–110. '
    "doi:10.5555/concern.2021.5."
)
NOTICE = (
    'Example A (2023). "Retraction notice to: A retracted trial of low-dose naltrexone". J Constr Ex. 12 (3): '
    "100–110. doi:10.5555/retraction.2023.7."
)


def _check(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["-q", "check", str(path), "--resolve", "--cache", str(tmp_path / "cache.sqlite"), *extra])
    return code, capsys.readouterr().out


def test_a_retracted_work_fails_the_check_naming_its_notice_once(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _list(tmp_path, RETRACTED)
    assert main(["-q", "check", str(source), "--cache", str(tmp_path / "cache.sqlite")]) == 0  # offline: unknown
    capsys.readouterr()
    code, out = _check(source, tmp_path, capsys)
    assert code == 1
    # The publisher and Retraction Watch report one notice: one update naming both.
    assert out == (
        f"{source}:3: reference 1 cites a retracted work: retraction doi:10.5555/retraction.2023.7 "
        "(2023-05-09; publisher, Retraction Watch)\n"
    )


def test_a_work_retracted_in_pubmed_only_fails_too(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _check(_list(tmp_path, PUBMED_ONLY), tmp_path, capsys)
    assert code == 1
    assert out.endswith("reference 1 cites a retracted work: retraction pmid:99000002 (PubMed)\n")


def test_a_correction_is_a_note_and_a_concern_a_warning(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _list(tmp_path, CORRECTED, CONCERN)
    code, out = _check(source, tmp_path, capsys)
    assert code == 0
    assert out.splitlines() == [
        f"{source}:3: note: reference 1 cites a corrected work: correction "
        "doi:10.1371/annotation/c76da2c1-ccb8-4797-94c1-359d3ceceeda (2012-05-08; publisher)",
        f"{source}:4: warning: reference 2 cites a work under an expression of concern: expression of concern "
        "doi:10.5555/eoc.2022.6 (2022-01-10; publisher)",
    ]
    assert _check(source, tmp_path, capsys, "--strict")[0] == 1


def test_a_concern_then_a_retraction_is_a_retraction(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _check(_list(tmp_path, CONCERN_THEN_RETRACTED), tmp_path, capsys, "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["updates"] == [
        {
            "kind": "retracted",
            "file": str(tmp_path / "list.txt"),
            "line": 3,
            "reference": "reference 1",
            "notices": "retraction doi:10.5555/retraction.2022.4 (2022-08-15; Retraction Watch)",
        }
    ]


def test_a_retraction_notice_cited_on_purpose_is_fine(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _check(_list(tmp_path, NOTICE), tmp_path, capsys) == (0, "")


def test_the_status_travels_in_exports_and_resolve(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _list(tmp_path, RETRACTED)
    cache = ["--cache", str(tmp_path / "cache.sqlite")]
    assert main(["-q", "resolve", str(source), *cache]) == 0
    item = json.loads(capsys.readouterr().out)[0]
    assert item["custom"]["updated-by"] == [
        {
            "type": "retraction",
            "DOI": "10.5555/retraction.2023.7",
            "updated": "2023-05-09",
            "label": "Retraction",
            "record-id": "44614",
            "source": ["publisher", "retraction-watch"],
        }
    ]
    assert main(["-q", "export", str(source), "--resolve", "--to", "bibtex", *cache]) == 0
    bibtex = capsys.readouterr().out
    assert 'pubstate = "retracted"' in bibtex
    assert "Retracted: retraction doi:10.5555/retraction.2023.7" in bibtex
    # Read back, the CSL-JSON keeps it: a second check needs no request.
    records = ldnrefs.parse(json.dumps([item]), format="csl-json")
    assert updates.status(records[0]) == "retracted"


def test_one_notice_from_two_sources_is_one_update() -> None:
    entries = json.loads((CONSTRUCTED / "crossref-updates.json").read_text())["10.5555/retracted.2020.1"]["updated-by"]
    found = updates.from_crossref(entries)
    assert len(found) == 1
    assert found[0].sources == ("publisher", "retraction-watch")
    assert found[0].record_id == "44614"
    pubmed = updates.from_pubmed(json.loads((CONSTRUCTED / "esummary-retracted.json").read_text()))
    assert [(update.kind, update.pmid) for update in pubmed] == [("retraction", "99000002")]
    # PubMed's mark without a notice id joins Crossref's retraction: one update, three sources.
    joined = updates.combined([*found, updates.Update("retraction", sources=("pubmed",))])
    assert [update.sources for update in joined] == [("publisher", "retraction-watch", "pubmed")]


def test_a_manuscript_citing_a_retracted_work(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The finding points at the key's first citation in the manuscript; without --resolve, nothing."""
    (tmp_path / "refs.bib").write_text(
        "@article{example2020, author = {Example, Ann}, title = {A retracted trial of low-dose naltrexone},"
        " journal = {J Constr Ex}, year = {2020}, doi = {10.5555/retracted.2020.1}}\n",
        encoding="utf-8",
    )
    paper = tmp_path / "paper.tex"
    paper.write_text("Intro.\nAs shown \\citep{example2020}.\n\\bibliography{refs}\n", encoding="utf-8")
    assert main(["-q", "check", str(paper)]) == 0
    capsys.readouterr()
    code, out = _check(paper, tmp_path, capsys)
    assert code == 1
    assert out == (
        f"{paper}:2: \\cite{{example2020}} cites a retracted work: retraction doi:10.5555/retraction.2023.7 "
        "(2023-05-09; publisher, Retraction Watch)\n"
    )


def test_resolve_reports_a_retracted_work_on_standard_error(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _list(tmp_path, CORRECTED, RETRACTED)
    assert main(["resolve", str(source), "--cache", str(tmp_path / "cache.sqlite")]) == 0
    err = capsys.readouterr().err
    assert f"{source}:4: reference 2: Retracted: retraction doi:10.5555/retraction.2023.7" in err
    assert err.count("Retracted:") == 1  # a correction is no alarm
    assert "Expression of concern" not in err


def test_an_identifier_that_names_another_work_is_a_loud_error_and_fills_nothing(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A DOI typed into the wrong reference: the registry's title is another work's. Nothing of that
    work is taken (no authors, no date, no retraction status of it)."""
    wrong = 'Lintula S (2012). "Biomarkers of bladder cancer". Some Journal. 7: 1. doi:10.1371/journal.pone.0033693.'
    source = _list(tmp_path, wrong)
    assert main(["resolve", str(source), "--cache", str(tmp_path / "cache.sqlite")]) == 0
    captured = capsys.readouterr()
    assert (
        "reference 1: the DOI 10.1371/journal.pone.0033693 names another work: text title 'Biomarkers of bladder "
        "cancer', crossref 'Methylphenidate Exposure Induces Dopamine Neuron Loss"
    ) in captured.err
    item = json.loads(captured.out)[0]
    assert [author["family"] for author in item["author"]] == ["Lintula"]
    assert "updated-by" not in item.get("custom", {})


def test_formatted_bibliography_marks_a_retracted_work_when_asked(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _list(tmp_path, RETRACTED, CORRECTED)
    cache = ["--cache", str(tmp_path / "cache.sqlite")]
    assert main(["-q", "export", str(source), "--resolve", "--to", "text", "--mark-retracted", *cache]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [("[Retracted]" in line) for line in lines] == [True, False]  # APA: Example (2020) before Sadasivan
    assert main(["-q", "export", str(source), "--resolve", "--to", "text", *cache]) == 0
    assert "[Retracted]" not in capsys.readouterr().out
    assert main(["-q", "export", str(source), "--to", "bibtex", "--mark-retracted", *cache]) == 2


def test_check_json_keeps_refinements(
    services: tuple[Crossref, Ncbi], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out = _check(_list(tmp_path, RETRACTED), tmp_path, capsys, "--format", "json")
    registry = json.loads(out)["registry"]
    assert {"reference": 1, "field": "issued", "text": "2020", "registry": "2020-05-01", "source": "crossref",
            "kind": "refinement"} in registry  # fmt: skip
