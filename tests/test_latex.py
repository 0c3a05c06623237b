"""LaTeX in BibTeX values: the ten special characters written, acronyms protected, common LaTeX read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldnrefs.latex import escape, escape_title, unescape


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("A & B 50% $5 #1 x_y", r"A \& B 50\% \$5 \#1 x\_y"),
        ("~ ^ { } \\", r"\textasciitilde{} \textasciicircum{} \{ \} \textbackslash{}"),
        ("} x {", r"\textbraceright{} x \textbraceleft{}"),
        ("Småbrekke — é", "Småbrekke — é"),
    ],
)
def test_escape_writes_the_ten_special_characters(text: str, written: str) -> None:
    """Exactly the special characters are escaped; Unicode is kept."""
    assert escape(text) == written
    assert unescape(written) == text


def test_titles_protect_acronyms_but_not_title_case() -> None:
    """LDN, COVID-19 and mRNA keep their case; Low-Dose does not need braces."""
    assert escape_title("Low-Dose Naltrexone (LDN) in COVID-19 and mRNA") == (
        "Low-Dose Naltrexone ({LDN}) in {COVID-19} and {mRNA}"
    )


def test_unescape_reads_common_latex() -> None:
    """Accents and formatting commands from other tools decode to plain text."""
    assert unescape(r"Sm\r{a}brekke, \'etude, {\"O}zt\"urk, \emph{in vivo}") == "Småbrekke, étude, Öztürk, in vivo"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (r"The {\TeX}book", "The TeXbook"),
        (r"Garc{\'\i}a and Garc\'{\i}a and Garc\'ia", "García and García and García"),
        (r"$\alpha$-synuclein and $\beta$-amyloid", "α-synuclein and β-amyloid"),
        (r"H$_2$O and $^{13}$C", "H₂O and ¹³C"),
        (r"\textless{}i\textgreater{} Tom \& Jerry", "<i> Tom & Jerry"),
        ("Diagnosis &amp; treatment &#8211; a review", "Diagnosis & treatment – a review"),
        (r"pages 10--20, a---b, ``quoted''", "pages 10–20, a—b, “quoted”"),
        (r"{\L}\'od\'z, \v{S}koda, \d{a}, \c{c}, \ss, \o{}", "Łódź, Škoda, ạ, ç, ß, ø"),
        (r"{\mnras} and \apj", "MNRAS and ApJ"),
        (r"10~mg \mbox{per} day", "10 mg per day"),
    ],
)
def test_unescape_decodes_every_form(value: str, text: str) -> None:
    """Accents written any way, symbols, math, TeX's dashes and quotes, entities, journal macros."""
    assert unescape(value) == text


def test_unknown_commands_and_math_are_kept_as_typed() -> None:
    """A command nobody knows is never emptied; its braced argument is the text."""
    assert unescape(r"{\mymacro} in $\ud x$") == r"\mymacro in \ud x"
    assert unescape(r"\textsc{Smith} \newfont{Gamma}") == "Smith Gamma"


# Pieces of text with TeX's special characters and input ligatures, among any others.
_TEXT_WITH_LATEX_CHARACTERS = st.lists(
    st.sampled_from(["--", "``", "''", "!`", "?`", "{", "}", "\\", "$", "&", "~", "^", "_", " ", "a"])
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=4),
    max_size=20,
).map("".join)


@given(_TEXT_WITH_LATEX_CHARACTERS)
def test_escape_then_unescape_gives_the_text_back(text: str) -> None:
    """Whatever a title holds (braces, backslashes, TeX ligatures such as -- and ``) comes back."""
    assert unescape(escape(text)) == " ".join(text.split())
    assert unescape(escape_title(text)) == " ".join(text.split())
