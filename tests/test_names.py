"""Author lists and names as CS1, Vancouver and family-first lists write them."""

from __future__ import annotations

import pytest

from ldnrefs.model import Name
from ldnrefs.names import parse_family_first, parse_names


@pytest.mark.parametrize(
    ("text", "names", "et_al"),
    [
        pytest.param("Kim PS, Fishman MA", [Name("Kim", "P. S."), Name("Fishman", "M. A.")], False, id="vancouver"),
        pytest.param("Zijian Li, Yue You", [Name("Li", "Zijian"), Name("You", "Yue")], False, id="full-names"),
        pytest.param(
            "Younger, Jarred; Parkitny, Luke",
            [Name("Younger", "Jarred"), Name("Parkitny", "Luke")],
            False,
            id="last-first",
        ),
        pytest.param("Smith, John", [Name("Smith", "John")], False, id="single-last-first"),
        pytest.param("Smith J, Doe A, et al.", [Name("Smith", "J."), Name("Doe", "A.")], True, id="et-al"),
        pytest.param("van der Berg J", [Name("Berg", "J.", particle="van der")], False, id="particle-vancouver"),
        pytest.param("Ludwig van Beethoven", [Name("Beethoven", "Ludwig", particle="van")], False, id="particle-full"),
        pytest.param("Blichfeldt-Eckhardt MR", [Name("Blichfeldt-Eckhardt", "M. R.")], False, id="hyphen"),
        pytest.param("O'Kelly B", [Name("O'Kelly", "B.")], False, id="apostrophe"),
        pytest.param(
            "Småbrekke L, Ñúñez ÁJ", [Name("Småbrekke", "L."), Name("Ñúñez", "Á. J.")], False, id="diacritics"
        ),
        pytest.param("Smith JP Jr", [Name("Smith", "J. P.", suffix="Jr")], False, id="suffix"),
        pytest.param("Lefèvre J-P", [Name("Lefèvre", "J.-P.")], False, id="hyphenated-initials"),
        pytest.param("National Health Service", [Name(literal="National Health Service")], False, id="organisation"),
    ],
)
def test_parse_names(text: str, names: list[Name], et_al: bool) -> None:
    """Every author-list form CS1 renders splits into the right name parts."""
    assert parse_names(text) == (tuple(names), et_al)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("King, Martin Luther Jr.", Name("King", "Martin Luther", suffix="Jr.")),
        ("King, Martin Luther, Jr.", Name("King", "Martin Luther", suffix="Jr.")),
        ("Henry, 2nd", Name("Henry", "2nd")),
        ("Smith, John III", Name("Smith", "John", suffix="III")),
        ("Smith, John V", Name("Smith", "John V")),
        ("Petrov, Ivan IV", Name("Petrov", "Ivan IV")),
        ("Smith, John, V", Name("Smith", "John", suffix="V")),
        ("van der Berg, Anna", Name("Berg", "Anna", particle="van der")),
    ],
)
def test_family_first_names_keep_a_lone_given_part(text: str, expected: Name) -> None:
    """A suffix at the end of the given part moves to ``suffix``, but never the whole given part,
    and not a "V" or "IV" that is more likely initials; after a second comma it is the suffix."""
    assert parse_family_first(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Issue 13 item 5: full names apart by semicolons, a last "and", particles after the given name.
        (
            "Gkolemis, C; Syrmos, N; and Paleologos, T. S.",
            [(None, "Gkolemis", "C"), (None, "Syrmos", "N"), (None, "Paleologos", "T. S.")],
        ),
        ("Ludwig van Beethoven; Jan ten Brink", [("van", "Beethoven", "Ludwig"), ("ten", "Brink", "Jan")]),
        ("Berg, Jan van der; Vries, Anna de", [("van der", "Berg", "Jan"), ("de", "Vries", "Anna")]),
        ("Beethoven, Ludwig van", [("van", "Beethoven", "Ludwig")]),
        ("van der Berg, Jan; de Vries, Anna", [("van der", "Berg", "Jan"), ("de", "Vries", "Anna")]),
    ],
)
def test_semicolon_lists_and_particles(text: str, expected: list[tuple[str | None, str, str]]) -> None:
    names, _ = parse_names(text)
    assert [(name.particle, name.family, name.given) for name in names] == expected
