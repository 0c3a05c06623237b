"""Identifier normalisation and validation, offline."""

from __future__ import annotations

import pytest

from ldnrefs import identifiers as ids
from ldnrefs.errors import InvalidIdentifierError
from ldnrefs.model import Identifiers


@pytest.mark.parametrize(
    ("scheme", "raw", "normal"),
    [
        pytest.param("doi", "doi:10.1007/s10067-014-2517-2", "10.1007/s10067-014-2517-2", id="doi-prefix"),
        pytest.param("doi", "doi: 10.3390/medsci6040082 ", "10.3390/medsci6040082", id="doi-space"),
        pytest.param(
            "doi", "https://doi.org/10.1371/journal.pone.0187423.", "10.1371/journal.pone.0187423", id="doi-url"
        ),
        pytest.param("doi", "http://dx.doi.org/10.1000%2Fabc", "10.1000/abc", id="doi-dx-encoded"),
        pytest.param("pmid", "PMID 024526250", "24526250", id="pmid-zeros"),
        pytest.param("pmcid", "3962576", "PMC3962576", id="pmcid-bare"),
        pytest.param("pmcid", "pmc 3962576", "PMC3962576", id="pmcid-lower"),
        pytest.param("issn", "07703198", "0770-3198", id="issn-compact"),
        pytest.param("issn", "1078-679x", "1078-679X", id="issn-x"),
        pytest.param("isbn", "978-0-00-735074-2", "9780007350742", id="isbn13"),
        pytest.param("isbn", "0-226-45804-0", "0226458040", id="isbn10"),
        pytest.param("arxiv", "arXiv:1701.01234v2", "1701.01234v2", id="arxiv"),
        pytest.param("issn", "2689-6575(ELECTRONIC)", "2689-6575", id="issn-medium-label"),
        pytest.param("issn", "26896567 (Print)", "2689-6567", id="issn-print-label"),
        pytest.param("isbn", "0-226-45804-0 (pbk.)", "0226458040", id="isbn-binding-label"),
    ],
)
def test_normalize_gives_canonical_form(scheme: str, raw: str, normal: str) -> None:
    """Each scheme strips prefixes and separators into one canonical form."""
    assert ids.normalize(scheme, raw) == normal


@pytest.mark.parametrize(
    ("scheme", "value", "message"),
    [
        pytest.param("issn", "1234-5678", "check digit is 8, expected 9", id="issn-check"),
        pytest.param("isbn", "9780199539605", "check digit is 5, expected 4", id="isbn13-check"),
        pytest.param("isbn", "0226458041", "check digit is 1, expected 0", id="isbn10-check"),
        pytest.param("isbn", "12345", "an ISBN has 10 or 13 digits", id="isbn-length"),
        pytest.param("doi", "11.1234/x", "not a DOI (expected 10.NNNN/suffix)", id="doi-shape"),
        pytest.param("pmcid", "PMCabc", "a PMCID is PMC followed by digits", id="pmcid-shape"),
    ],
)
def test_problem_reports_invalid_values(scheme: str, value: str, message: str) -> None:
    """Invalid identifiers are described, not dropped."""
    assert ids.problem(scheme, value) == message


def test_valid_values_have_no_problem() -> None:
    """The seed's identifiers all validate."""
    for scheme, value in [("issn", "0770-3198"), ("issn", "1078-6791"), ("isbn", "9780071624428"), ("pmid", "1")]:
        assert ids.problem(scheme, value) is None


def test_strict_normalize_raises_documented_error() -> None:
    """strict=True turns a problem into InvalidIdentifierError, a ValueError."""
    with pytest.raises(InvalidIdentifierError, match="check digit") as caught:
        ids.normalize("issn", "1234-5678", strict=True)
    assert isinstance(caught.value, ValueError)


def test_identifiers_keep_invalid_values_and_compare_doi_case_insensitively() -> None:
    """An invalid ISSN stays on the record; DOI keys ignore case; ISBN-10 and -13 share a key."""
    record_ids = Identifiers(doi="10.31128/AJGP-09-22-6564", issn=["1234-5678"], isbn=["0-226-45804-0"])
    assert record_ids.issn == ("1234-5678",)
    assert record_ids.problems() == [("issn", "1234-5678", "check digit is 8, expected 9")]
    assert "doi:10.31128/ajgp-09-22-6564" in record_ids.keys()  # noqa: SIM118 (keys() is not a dict view)
    assert ids.key("isbn", "0226458040") == ids.key("isbn", "9780226458045")


def test_rendered_pattern_finds_every_scheme() -> None:
    """The shared CS1 pattern finds each identifier form the issue lists."""
    text = (
        "doi:10.1007/x1. doi: 10.3390/y2 . https://doi.org/10.1371/z3. PMID 123. PMC   456 . ISSN   0770-3198. "
        "ISBN 978-0-00-735074-2. S2CID 789. Bibcode:2017PLoSO..1287423R. arXiv:1701.01234 [cs.CL]."
    )
    found = [(item.scheme, item.value) for item in ids.scan_rendered(text)]
    assert [scheme for scheme, _ in found] == [
        "doi",
        "doi",
        "doi",
        "pmid",
        "pmcid",
        "issn",
        "isbn",
        "s2cid",
        "bibcode",
        "arxiv",
    ]
    assert found[6][1] == "978-0-00-735074-2"
    assert found[8][1] == "2017PLoSO..1287423R"


def test_rendered_scan_needs_a_word_start_and_prefers_doi_links_over_urls() -> None:
    """Identifiers inside a word are skipped whole; a doi.org link is a DOI, other links URLs; eISSN is an ISSN."""
    text = "xdoi:10.1000/skip PMCID: PMC 12. https://doi.org/10.1000/a. https://example.org/x eISSN 0770-3198 MRI"
    found = ids.scan_rendered(text)
    assert [(item.scheme, item.value) for item in found] == [
        ("pmcid", "12"),
        ("doi", "10.1000/a."),
        ("url", "https://example.org/x"),
        ("issn", "0770-3198"),
    ]
    assert text[found[0].start : found[0].end] == "PMC 12"


def test_a_short_doi_is_a_doi() -> None:
    """``10/cn2h9c`` is a shortDOI, a handle doi.org resolves: no warning."""
    assert ids.problem("doi", ids.normalize("doi", "10/cn2h9c")) is None
    assert ids.problem("doi", "11/abc") is not None


def test_several_isbns_in_one_value_are_split_only_when_each_is_valid() -> None:
    from ldnrefs import build

    found = build.identifiers({"isbn": ["9780822349242 9780822349198"], "issn": ["2689-6575(ELECTRONIC),x"]})
    assert found.isbn == ("9780822349242", "9780822349198")
    assert build.identifiers({"isbn": ["978 0 8223 4924 2"]}).isbn == ("9780822349242",)
