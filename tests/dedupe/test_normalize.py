"""Folding: the ASCII fast path gives exactly what the general path gives."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from ldnrefs.model import Name
from ldnrefs.normalize import abbreviates, abbreviation_end, family_key, fold, normalize_title

_PUNCTUATION = re.compile(r"[^\w\s]|_")


def _general(text: str) -> str:
    """The general path, as written before the ASCII table: casefold, punctuation to spaces."""
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def test_every_ascii_character_folds_as_the_general_path_folds_it() -> None:
    for code in range(128):
        char = chr(code)
        if char == "&":
            continue  # an entity's start: decoded first on both paths
        assert fold(f"Ab{char}Cd") == _general(f"Ab{char}Cd"), repr(char)


@given(st.text(alphabet=st.characters(max_codepoint=127, blacklist_characters="&"), max_size=40))
def test_ascii_text_folds_as_the_general_path_folds_it(text: str) -> None:
    assert fold(text) == _general(text)


def test_folding_examples() -> None:
    assert fold("Low-Dose Naltrexone (LDN): a review") == "low dose naltrexone ldn a review"
    assert fold("Mast cells &amp; LDN") == "mast cells ldn"
    assert fold("Småbrekke") == "smabrekke"
    assert fold("snake_case\x01and\ttabs") == "snake case and tabs"
    assert fold("") == ""


def test_family_keys_fold_particles_accents_and_organisations() -> None:
    assert family_key(Name("de la Cruz", "M.")) == "delacruz"
    assert family_key(Name("Ñúñez", "A.")) == "nunez"
    assert family_key(Name(literal="World Health Organization")) == "worldhealthorganization"
    assert family_key(None) == ""


def test_a_number_is_never_an_abbreviation() -> None:
    assert abbreviates(["j", "clin", "invest"], ["journal", "of", "clinical", "investigation"])
    assert not abbreviates(["gecco2017"], ["gecco2017c"])
    assert not abbreviates(["vol", "12"], ["volume", "123"])
    assert abbreviates(["vol", "12"], ["volume", "12"])


def test_a_citation_left_in_a_title_is_cut_but_the_titles_own_words_stay() -> None:
    assert normalize_title("LDN for pain. Clin Rheumatol. 2014 Feb;33(4):451-9") == "ldn for pain"
    assert normalize_title("LDN for pain. Pain Med. 2019 Sep-Oct;20 Suppl 2:S45-S50") == "ldn for pain"
    # iridia's crossref.bib: the companion volume of a conference's proceedings is another book.
    companion = "GECCO 2009, Proceedings, Montreal, Canada, July 8-12, 2009, Companion Material"
    assert normalize_title(companion).endswith("2009 companion material")


def test_a_longer_name_that_goes_on_is_another_outlet() -> None:
    from ldnrefs.dedupe.rules import containers_disagree

    assert containers_disagree("Nature", "Nature Medicine")
    assert containers_disagree("Foo Bar", "Foo Bar Times")  # benchmarks/dedupe.py's other-outlet look-alike
    assert not containers_disagree("Lancet", "The Lancet")
    assert not containers_disagree("J Clin Invest", "Journal of Clinical Investigation")
    assert not containers_disagree("Guardian", "The Guardian Online")
    assert abbreviation_end(["j", "clin"], ["journal", "of", "clinical", "investigation"]) == 3
    assert abbreviation_end(["nature"], ["science"]) is None
