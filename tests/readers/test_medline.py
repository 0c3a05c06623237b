"""Reading MEDLINE (PubMed's .nbib export and PMC's): real files, every tag kept."""

from __future__ import annotations

from pathlib import Path

import pytest

import ldnrefs
from tests.conftest import DATA

MEDLINE = sorted((DATA / "realworld" / "medline").glob("*.nbib"))

LDN = """\
PMID- 24526250
OWN - NLM
STAT- MEDLINE
IS  - 1434-9949 (Electronic)
IS  - 0770-3198 (Linking)
VI  - 33
IP  - 4
DP  - 2014 Apr
TI  - The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment for
      chronic pain.
PG  - 451-9
LID - 10.1007/s10067-014-2517-2 [doi]
AB  - Low-dose naltrexone (LDN) has been demonstrated to reduce symptom severity in
      conditions such as fibromyalgia.
FAU - Younger, Jarred
AU  - Younger J
AD  - Department of Psychology, University of Alabama at Birmingham.
FAU - Parkitny, Luke
AU  - Parkitny L
AU  - McLain D
CN  - LDN Study Group
LA  - eng
PT  - Journal Article
PT  - Review
DEP - 20140215
PL  - Germany
TA  - Clin Rheumatol
JT  - Clinical rheumatology
PMC - PMC4019520
AID - 10.1007/s10067-014-2517-2 [doi]
SO  - Clin Rheumatol. 2014 Apr;33(4):451-9. doi: 10.1007/s10067-014-2517-2.

PMID- 28121234
DP  - 2016 Winter
TI  - Low dose naltrexone: a chapter.
BTI - Pain Medicine Handbook
FED - Roe, Ann
PB  - StatPearls Publishing
PL  - Treasure Island (FL)
"""


def test_a_pubmed_export_is_read_field_by_field() -> None:
    """Full names from FAU, a lone AU and a group author in list order; identifiers from PMID, PMC and AID."""
    records = ldnrefs.parse(LDN, source="pubmed.nbib")
    assert not records.diagnostics
    article, chapter = records
    assert article.title == (
        "The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment for chronic pain"
    )
    assert [(n.family, n.given, n.literal) for n in article.authors] == [
        ("Younger", "Jarred", None),
        ("Parkitny", "Luke", None),
        ("McLain", "D.", None),
        (None, None, "LDN Study Group"),
    ]
    assert (article.identifiers.pmid, article.identifiers.pmcid, article.identifiers.doi) == (
        "24526250",
        "PMC4019520",
        "10.1007/s10067-014-2517-2",
    )
    assert article.identifiers.issn == ("1434-9949", "0770-3198")
    assert (article.container_title, article.volume, article.issue, article.page) == (
        "Clinical rheumatology",
        "33",
        "4",
        "451-459",
    )
    assert article.issued == ldnrefs.Date(2014, 4)
    assert article.language == "en"
    extra = dict(article.extra)
    assert extra["PT"] == ["Journal Article", "Review"]
    assert extra["TA"] == "Clin Rheumatol"
    assert extra["PL"] == "Germany"
    assert extra["AB"].startswith("Low-dose naltrexone (LDN) has been demonstrated")
    assert article.provenance is not None
    assert (article.provenance.line, article.provenance.format) == (1, "medline")
    assert (chapter.type, chapter.title, chapter.container_title) == (
        "chapter",
        "Low dose naltrexone: a chapter",
        "Pain Medicine Handbook",
    )
    assert chapter.issued == ldnrefs.Date(2016, season=4)
    assert (chapter.publisher, chapter.publisher_place) == ("StatPearls Publishing", "Treasure Island (FL)")
    assert [editor.family for editor in chapter.editors] == ["Roe"]


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in MEDLINE])
def test_real_medline_files_are_read_whole_and_survive_csl_json(path: Path) -> None:
    """Every record, no diagnostic, recognised without the suffix; CSL-JSON keeps every tag (custom)."""
    records = ldnrefs.read(path)
    text = path.read_text(encoding="utf-8")
    assert len(records) == text.count("\nPMID- ") + text.startswith("PMID- ")
    assert not records.diagnostics
    assert ldnrefs.parse(text).diagnostics == records.diagnostics
    assert all(record.identifiers.pmid and record.title and record.authors for record in records)
    back = ldnrefs.parse(ldnrefs.to_csl_json(records), format="csl-json")
    assert list(back) == list(records)


def test_a_line_that_is_no_tag_is_a_warning_naming_it() -> None:
    records = ldnrefs.parse("PMID- 1\nTI  - A title.\nthis is not a tag\n", format="medline")
    assert [(d.code, d.line) for d in records.diagnostics] == [("medline.stray-line", 3)]
    assert records[0].title == "A title"
