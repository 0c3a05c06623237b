"""LaTeX in BibTeX values: the ten special characters written, acronyms protected, common LaTeX read."""

from __future__ import annotations

import pytest

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
