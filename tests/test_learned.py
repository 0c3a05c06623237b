"""The learned reader: Vancouver and APA references labelled by the citation CRF; the model as trained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ldnrefs
from ldnrefs import learned
from ldnrefs.training import evaluate, read_anystyle, read_grobid, split, train

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "training" / "anystyle" / "core.xml"
GROBID = ROOT / "training" / "grobid-citation" / "corpus"
MODEL = ROOT / "ldnrefs" / "data" / "citation.crfsuite"

VANCOUVER = (
    "Younger J, Parkitny L, McLain D. The use of low-dose naltrexone (LDN) as a novel anti-inflammatory "
    "treatment for chronic pain. Clin Rheumatol. 2014;33(4):451-9."
)
APA = (
    "Kim, P. S., & Fishman, M. A. (2020). Low-dose naltrexone for chronic pain: Update and systemic review. "
    "Current Pain and Headache Reports, 24(10), 64. https://doi.org/10.1007/s11916-020-00898-0"
)


def _fields(record: ldnrefs.Reference) -> tuple[object, ...]:
    return (
        record.type,
        [(name.family, name.given) for name in record.authors],
        record.issued,
        record.title,
        record.container_title,
        record.volume,
        record.issue,
        record.page,
    )


def test_vancouver_is_a_journal_article_with_its_authors_year_and_citation() -> None:
    """Was: type book, no author, no year, the authors in the title, publisher "2014;33(4)"."""
    record = ldnrefs.parse(f"References\n1. {VANCOUVER}\n")[0]
    assert _fields(record) == (
        "article-journal",
        [("Younger", "J."), ("Parkitny", "L."), ("McLain", "D.")],
        ldnrefs.Date(2014),
        "The use of low-dose naltrexone (LDN) as a novel anti-inflammatory treatment for chronic pain",
        "Clin Rheumatol",
        "33",
        "4",
        "451-459",
    )


def test_apa_has_two_authors_and_a_journal() -> None:
    """Was: four authors (Kim / S., P. / Fishman / M., A.) and a book with the journal as publisher."""
    record = ldnrefs.parse(f"References\n1. {APA}\n")[0]
    assert _fields(record) == (
        "article-journal",
        [("Kim", "P. S."), ("Fishman", "M. A.")],
        ldnrefs.Date(2020),
        "Low-dose naltrexone for chronic pain: Update and systemic review",
        "Current Pain and Headache Reports",
        "24",
        "10",
        "64",
    )
    assert record.identifiers.doi == "10.1007/s11916-020-00898-0"
    assert dict(record.extra)["field-confidence"]["author"] > learned.CONFIDENT


def test_cs1_entries_keep_the_rules() -> None:
    """A quoted title is CS1: the rules read it, as before."""
    assert not learned.wants('Younger J, Parkitny L (2014). "The use of LDN". Clin Rheumatol. 33 (4): 451-9.')
    assert learned.wants(VANCOUVER)
    assert learned.wants(APA)


@given(st.text(max_size=300))
def test_the_learned_reader_never_crashes(text: str) -> None:
    record, problems = learned.parse(text)
    assert isinstance(record, ldnrefs.Reference)
    assert all(problem.code for problem in problems)


def test_the_shipped_model_scores_what_its_metrics_file_says() -> None:
    """The model in the wheel is the one the training script made from training/ (held-out scores equal)."""
    _, held = split(read_anystyle(CORE))
    recorded = json.loads(MODEL.with_suffix(".metrics.json").read_text(encoding="utf-8"))
    measured = evaluate(MODEL, held)
    assert measured["token_accuracy"] == recorded["token_accuracy"]
    assert measured["field_f1"] == recorded["field_f1"]


def test_grobid_tei_is_read_as_labelled_words() -> None:
    """GROBID's TEI: each word takes the label of the element its letters sit in."""
    first = read_grobid(GROBID)[0]
    assert first[:4] == [
        ("J.", "author", True),
        ("P.", "author", True),
        ("COLLMAN.", "author", True),
        ("Acc.", "container", True),
    ]
    assert first[6:8] == [("10", "volume", True), (",", "volume", False)]


def test_training_on_a_slice_makes_a_working_model(tmp_path: Path) -> None:
    """The training script runs end to end (on 150 references, a few seconds)."""
    training, held = split(read_anystyle(CORE))
    model = tmp_path / "slice.crfsuite"
    train(training[:150], model)
    scores = evaluate(model, held[:50])
    assert float(scores["token_accuracy"]) > 0.75  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "line",
    [
        "J. Younger, L. Parkitny, and D. McLain, “The use of low-dose naltrexone (LDN) as a novel anti-inflammatory "
        "treatment for chronic pain,” Clinical Rheumatology, vol. 33, no. 4, pp. 451–459, Feb. 2014.",
        "Younger, J., L. Parkitny, and D. McLain. 2014. “The Use of Low-Dose Naltrexone (LDN) as a Novel "
        "Anti-Inflammatory Treatment for Chronic Pain.” Clinical Rheumatology 33 (4): 451–59.",
        "Younger, J., Parkitny, L. and McLain, D. (2014) ‘The use of low-dose naltrexone (LDN) as a novel "
        "anti-inflammatory treatment for chronic pain’, Clinical Rheumatology, 33(4), pp. 451–459.",
        "Younger, J., Parkitny, L. & McLain, D. The use of low-dose naltrexone (LDN) as a novel anti-inflammatory "
        "treatment for chronic pain. Clinical Rheumatology 33, 451–459 (2014).",
    ],
    ids=["ieee", "chicago", "harvard", "nature"],
)
def test_other_styles_read_their_authors_year_and_numbers(line: str) -> None:
    """IEEE, Chicago, Harvard and Nature: routed to the CRF (they punctuate inside quotes, or end with the year)."""
    assert learned.wants(line)
    record = ldnrefs.parse(f"References\n1. {line}\n")[0]
    assert [name.family for name in record.authors] == ["Younger", "Parkitny", "McLain"]
    assert record.issued is not None
    assert record.issued.year == 2014
    assert record.title is not None
    assert record.title.lower().startswith("the use of low-dose naltrexone (ldn)")
    assert record.volume == "33"
    assert record.page is not None
    assert record.page.startswith("451")


@pytest.mark.timeout(120)
@pytest.mark.parametrize("token", ["a ", "Smith J, ", '"x." ', "1. "])
def test_a_megabyte_of_one_repeated_token_ends(token: str) -> None:
    """Pathological input cannot hang the reader (a guard against runaway patterns, not a speed test)."""
    result = ldnrefs.parse("References\n1. " + token * (1_000_000 // len(token)))
    assert len(result) >= 1


def test_a_hand_written_meeting_abstract_reads_as_a_conference_paper() -> None:
    """Issue 13 item 5: "Author A. Title In: MEETING; YEAR:ABSTRACT-ID"."""
    line = "Roe A, Doe B. Effects of X on Y. In: Annual Meeting of the Society; 2019:Abstract 123."
    record = ldnrefs.parse(f"References\n1. {line}\n")[0]
    assert (record.type, record.title, record.container_title, record.note) == (
        "paper-conference",
        "Effects of X on Y",
        "Annual Meeting of the Society",
        "Abstract 123",
    )
    assert [name.family for name in record.authors] == ["Roe", "Doe"]
    assert record.issued == ldnrefs.Date(2019)
