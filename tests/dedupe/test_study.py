"""Study mode: an erratum, reply, abstract and registration are linked to their article, merged only on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import ldnrefs
from ldnrefs.cli import main
from ldnrefs.dedupe import STUDY, Settings
from ldnrefs.dedupe.related import relation_between

ROE = (ldnrefs.Name(family="Roe", given="A"),)
TITLE = "Effects of eculizumab on renal function in adults"


def _study() -> list[ldnrefs.Reference]:
    def record(**fields: object) -> ldnrefs.Reference:
        return ldnrefs.Reference(**{"title": TITLE, "authors": ROE, "issued": ldnrefs.Date(2010), **fields})  # type: ignore[arg-type]

    return [
        record(container_title="Journal of Things", volume="9", issue="5", page="1223-1229"),
        record(
            title=f"Correction to: {TITLE}", container_title="Journal of Things", volume="9", issue="9", page="2205"
        ),
        record(title=f"{TITLE} - Reply", container_title="Journal of Things", volume="9", issue="11", page="2301"),
        record(container_title="Annual Meeting of the Society of Things", issue="Suppl. 1", page="23"),
        record(title=f"A trial: {TITLE}", container_title="ClinicalTrials.gov", authors=()),
    ]


def test_the_default_keeps_a_study_apart_and_study_mode_links_each_record_with_its_relation() -> None:
    records = _study()
    default = ldnrefs.deduplicate(records)
    assert (default.groups, default.related) == ((), ())
    study = ldnrefs.deduplicate(records, settings=STUDY)
    assert study.groups == ()
    assert [(link.first, link.second, link.relation) for link in study.related] == [
        (1, 0, "erratum-of"),
        (2, 0, "reply-to"),
        (3, 0, "abstract-of"),
        (4, 0, "registration-of"),
    ]


def test_relation_between_names_each_relation_and_none_for_an_unrelated_pair() -> None:
    article, erratum, reply, abstract, registration = _study()
    assert [relation_between(item, article) for item in (erratum, reply, abstract, registration)] == [
        "erratum-of",
        "reply-to",
        "abstract-of",
        "registration-of",
    ]
    other = ldnrefs.Reference(title="Another work entirely", authors=ROE, issued=ldnrefs.Date(2010))
    assert relation_between(article, other) is None
    assert relation_between(article, article) is None


def test_merge_related_keeps_the_articles_own_fields() -> None:
    result = ldnrefs.deduplicate(_study(), settings=Settings(link_related=True, merge_related=True))
    assert [group.numbers for group in result.groups] == [(1, 2, 3, 4, 5)]
    merged = result.records[0]
    assert (merged.title, merged.container_title, merged.issue, merged.page) == (
        TITLE,
        "Journal of Things",
        "5",
        "1223-1229",
    )
    assert dict(merged.extra)["merged-from"] == [1, 2, 3, 4, 5]


def test_check_reports_study_links_as_notes_that_never_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    article = tmp_path / "list.txt"
    article.write_text(
        "References\n"
        f'1. ^ Roe, A (2010). "{TITLE}". Journal of Things. 9 (5): 1223–1229.\n'
        f'2. ^ Roe, A (2010). "Correction to: {TITLE}". Journal of Things. 9 (9): 2205.\n',
        encoding="utf-8",
    )
    assert main(["check", str(article)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["check", "--match", "study", "--strict", str(article)]) == 0
    assert capsys.readouterr().out.startswith(f"{article}:3: note: reference 2 is an erratum of reference 1 (")
    assert main(["check", "--match", "study", "--format", "json", str(article)]) == 0
    related = json.loads(capsys.readouterr().out)["related"]
    assert [(item["relation"], item["references"], item["lines"]) for item in related] == [
        ("erratum-of", [2, 1], [3, 2])
    ]
