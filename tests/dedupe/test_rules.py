"""The pair comparison's guards: look-alikes stay apart."""

from __future__ import annotations

import pytest

from ldnrefs.dedupe import deduplicate, guard
from ldnrefs.model import Reference
from tests.dedupe import article


@pytest.mark.parametrize(
    ("first", "second", "reason"),
    [
        pytest.param("Opioids and cancer", "Correction to: Opioids and cancer", "correction", id="correction"),
        pytest.param("Opioids and cancer", "Erratum: Opioids and cancer", "correction", id="erratum"),
        pytest.param("LDN in fibromyalgia: study protocol", "LDN in fibromyalgia: a trial", "protocol", id="protocol"),
        pytest.param("Opioids and cancer, Part 1", "Opioids and cancer, Part 2", "numbers", id="part-arabic"),
        pytest.param("Opioids: phase II trial", "Opioids: phase III trial", "numbers", id="phase-roman"),
        pytest.param("Guideline update 2019", "Guideline update 2020", "numbers", id="year-in-title"),
    ],
)
def test_guards_keep_look_alikes_apart(first: str, second: str, reason: str) -> None:
    """Notices, protocols and numbered parts never merge with their look-alikes."""
    message = guard(article(first), article(second))
    assert message is not None
    assert reason in message
    assert deduplicate([article(first), article(second)]).groups == ()


def test_numbers_one_field_off_are_not_a_difference() -> None:
    """bib-dedupe's haematology set: one export of a meeting abstract lost its volume and wrote
    "26(9)" as issue 26, page 9; the other has volume 26, issue 9, page 1746. Shifted numbers are no
    evidence either way; numbers that merely differ still are."""
    shifted = article("The treatment of atypical HUS", volume=None, issue="26", page="9")
    whole = article("The treatment of atypical HUS", volume="26", issue="9", page="1746")
    assert guard(shifted, whole) is None
    assert [group.positions for group in deduplicate([shifted, whole]).groups] == [(0, 1)]
    other = article("The treatment of atypical HUS", volume=None, issue="26", page="10")
    assert guard(other, whole) is not None


def test_a_page_of_thousands_of_digits_is_no_crash() -> None:
    """A note's page inside an article's range is read with the number helper: ``int`` of 5,000
    digits raised ValueError (Python's limit on int conversion)."""
    note = Reference(type="document", title="Opioids and cancer", page="136, " + "1" * 5000)
    assert guard(note, article("Opioids and cancer", page="135-149")) is None  # p. 136 is inside
