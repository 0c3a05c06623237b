"""Reading BibTeX: months in every form, hand-escaped URLs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ldnrefs
from tests.conftest import DATA

URL = "https://example.org/a_b%20c~d?x=1&y=2#frag"


@pytest.mark.parametrize(
    ("month", "expected"),
    [("apr", 4), ("{April}", 4), ("{4}", 4), ("{Sept.}", 9), ("{13}", None), ("{spring}", None)],
)
def test_reading_month_in_every_form_bibtex_writes(month: str, expected: int | None) -> None:
    """``month`` as a macro, a name, an abbreviation or a number; nonsense keeps the year alone."""
    records = ldnrefs.parse(f"@article{{k, title = {{T}}, year = 2014, month = {month}}}", format="bibtex")
    assert records[0].issued is not None
    assert (records[0].issued.year, records[0].issued.month) == (2014, expected)


def test_hand_escaped_urls_are_read_as_the_url() -> None:
    """.bib files written for plain BibTeX escape ``_`` and ``%`` in URLs."""
    text = "@misc{k, title = {T}, url = {https://example.org/a\\_b\\%20c~d}}"
    assert ldnrefs.parse(text, format="bibtex")[0].identifiers.url == "https://example.org/a_b%20c~d"


def test_white_space_in_a_url_is_kept_as_bibtex_keeps_it() -> None:
    """Zotero writes several URLs into one field; a path may hold a space; a line break is a space
    to BibTeX. None of it is deleted, and it is written back (issue 17: spaces were deleted)."""
    text = (
        "@misc{a, title = {T}, url = {https://www.participations.org/Volume 9/Issue 2/7 Berenstein.pdf}}\n"
        "@misc{b, title = {U}, url = {http://10.0.9.3/1341787 http://ezproxy.example.edu/login?url=x}}\n"
        "@misc{c, title = {V}, url = {https://example.org/Model\n    Card.pdf}}\n"
    )
    records = ldnrefs.parse(text, format="bibtex")
    assert [record.identifiers.url for record in records] == [
        "https://www.participations.org/Volume 9/Issue 2/7 Berenstein.pdf",
        "http://10.0.9.3/1341787 http://ezproxy.example.edu/login?url=x",
        "https://example.org/Model Card.pdf",
    ]
    again = ldnrefs.parse(ldnrefs.to_bibtex(records), format="bibtex")
    assert [record.identifiers.url for record in again] == [record.identifiers.url for record in records]


def test_a_verbatim_field_cannot_carry_a_tex_command() -> None:
    """plainnat prints ``doi`` through ``\\doi{}``, which is not verbatim: a backslash is percent-encoded."""
    text = '[{"id": "a", "type": "webpage", "title": "T", "URL": "https://x.org/\\\\input{/etc/passwd}"}]'
    written = ldnrefs.to_bibtex(ldnrefs.parse(text, format="csl-json"))
    assert 'url = "https://x.org/%5Cinput%7B/etc/passwd%7D"' in written


REALWORLD = sorted((DATA / "realworld" / "bibtex").rglob("*.bib"))
_ENTRY = re.compile(r"^\s*@\s*(?!string\b|preamble\b|comment\b)\w+\s*[{(]", re.IGNORECASE | re.MULTILINE)


@pytest.mark.parametrize("path", [pytest.param(path, id=path.name) for path in REALWORLD])
def test_real_bibliographies_are_read_whole(path: Path) -> None:
    """Every entry of every real file is a record; nothing is an error."""
    result = ldnrefs.read(path)
    assert len(result) == len(_ENTRY.findall(path.read_text(encoding="utf-8")))
    assert [d for d in result.diagnostics if d.severity == "error"] == []


def test_a_key_defined_twice_keeps_both_entries() -> None:
    text = "@article{smith2017, title = {First}}\n\n@article{smith2017,\n  title = {Second}}\n"
    result = ldnrefs.parse(text, format="bibtex", source="refs.bib")
    assert [(r.title, r.provenance.key if r.provenance else None) for r in result] == [
        ("First", "smith2017"),
        ("Second", "smith2017"),
    ]
    assert [str(d) for d in result.diagnostics] == [
        "refs.bib:3: warning: key smith2017 is defined again (first at line 1); both entries are kept "
        "[bibtex.repeated-key]"
    ]


def test_an_entry_without_a_key_is_kept() -> None:
    result = ldnrefs.parse("@article{,\n  title = {No key},\n  year = {2018}\n}\n", format="bibtex", source="m.bib")
    assert result[0].title == "No key"
    assert result[0].provenance is not None
    assert result[0].provenance.key is None
    assert [d.code for d in result.diagnostics] == ["bibtex.missing-key"]


def test_a_broken_entry_is_an_error_and_the_rest_is_read() -> None:
    text = '@article{a, title = {One}}\n@article{b, title = "x" author = "y"}\n@article{c, title = {Three}}\n'
    result = ldnrefs.parse(text, format="bibtex", source="b.bib")
    assert [r.title for r in result] == ["One", "x", "Three"]
    assert [(d.severity, d.code, d.line) for d in result.diagnostics] == [("error", "bibtex.syntax", 2)]


def test_an_undefined_macro_is_kept_as_typed() -> None:
    result = ldnrefs.parse("@article{a,\n  journal = mnras,\n  month = jan}\n", format="bibtex", source="a.bib")
    assert result[0].container_title == "mnras"
    assert result[0].issued is None
    assert [(d.code, d.line) for d in result.diagnostics] == [("bibtex.undefined-macro", 2)]


@pytest.mark.parametrize(
    ("author", "families", "et_al"),
    [
        ("Smith JP, Doe A, Roe B, et al.", ["Smith", "Doe", "Roe"], True),
        ("Smith, J. P. and Doe, A. and et al.", ["Smith", "Doe"], True),
        ("Smith, J. P. and Doe, A. and others", ["Smith", "Doe"], True),
        ("Prof. Dr. med. Hans Meier, Arzt, Berlin", ["Meier"], False),
        ("Smith, Jr., John and Doe, A.", ["Smith", "Doe"], False),
    ],
)
def test_author_lists_that_are_not_bibtex_name_lists(author: str, families: list[str], et_al: bool) -> None:
    """Read as well as they can be: a Vancouver list, titles and places between commas, et al."""
    result = ldnrefs.parse(f"@article{{a, author = {{{author}}}, title = {{T}}}}\n", format="bibtex")
    record = result[0]
    assert [name.family for name in record.authors] == families
    assert record.et_al is et_al
    assert all(d.severity == "warning" for d in result.diagnostics)


@pytest.mark.parametrize(("field", "value"), [("month", "{13}"), ("month", "{spring}"), ("year", "{in press}")])
def test_a_date_field_that_cannot_be_read_is_a_warning_and_kept(field: str, value: str) -> None:
    """``month = {13}`` is not dropped silently: a warning names the line, and the export writes it back."""
    text = f"@article{{k,\n  title = {{T}},\n  year = 2014,\n  {field} = {value}}}"
    if field == "year":
        text = f"@article{{k,\n  title = {{T}},\n  year = {value}}}"
    records = ldnrefs.parse(text, format="bibtex")
    assert [(d.code, d.line) for d in records.diagnostics] == [("bibtex.unreadable-date", 1)]
    back = ldnrefs.parse(ldnrefs.to_bibtex(records), format="bibtex")
    assert (field, value.strip("{}")) in back[0].extra


def test_latex_is_decoded_and_written_back_as_unicode() -> None:
    """``{\\TeX}book``, ``Garc{\\'\\i}a`` and ``$\\alpha$`` read as text, and the export keeps them readable."""
    text = r"@article{k, author = {Garc{\'\i}a, Jos{\'e}}, title = {The {\TeX}book on $\alpha$-synuclein}, year = 2020}"
    record = ldnrefs.parse(text, format="bibtex")[0]
    assert (record.authors[0].family, record.authors[0].given) == ("García", "José")
    assert record.title == "The TeXbook on α-synuclein"
    written = ldnrefs.to_bibtex([record])
    assert "García" in written
    assert "α-synuclein" in written


IRIDIA = DATA / "realworld" / "bibtex" / "iridia"


def test_macros_from_companion_files_on_the_same_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """crossref.bib uses @string macros that abbrev.bib and authors.bib define, given after it."""
    files = [IRIDIA / "crossref.bib", IRIDIA / "abbrev.bib", IRIDIA / "authors.bib"]
    alone = ldnrefs.read(files[0])
    assert sum(d.code == "bibtex.undefined-macro" for d in alone.diagnostics) > 400
    together = ldnrefs.read_all(files)
    assert [len(result) for result in together] == [429, 0, 0]
    assert not [d for d in together[0].diagnostics if d.code == "bibtex.undefined-macro"]
    aaai = next(record for record in together[0] if record.provenance and record.provenance.key == "AAAI1988")
    assert aaai.publisher == "AAAI Press/MIT Press, Menlo Park, CA"
    assert aaai.container_title == "Proceedings of the 7th National Conference on Artificial Intelligence, AAAI-88"
    from ldnrefs.cli import main

    main(["check", "--format", "json", *map(str, files)])
    assert "undefined" not in capsys.readouterr().err


def test_crossref_children_inherit_from_their_parent_in_any_file() -> None:
    """biber's rules: the parent's title is the part's booktitle; its DOI and abstract are its own."""
    parent = (
        "@proceedings{conf, title = {Proc. of Conf}, editor = {Roe, Ann}, publisher = {ACM}, year = 2020,"
        " doi = {10.1145/parent}, abstract = {About the volume}, isbn = {978-0-203-12281-5}}"
    )
    child = "@inproceedings{paper, author = {Doe, Jo}, title = {A Paper}, pages = {1--5}, crossref = {CONF}}"
    paper = ldnrefs.parse(child + "\n" + parent, format="bibtex")[0]
    assert (paper.container_title, paper.publisher) == ("Proc. of Conf", "ACM")
    assert paper.issued == ldnrefs.Date(2020)
    assert [editor.family for editor in paper.editors] == ["Roe"]
    assert paper.identifiers.doi is None
    assert paper.identifiers.isbn == ("9780203122815",)
    assert ("abstract", "About the volume") not in paper.extra
    assert ("crossref", "CONF") in paper.extra
    children, _ = ldnrefs.parse_all([(child, "a.bib"), (parent, "b.bib")])
    assert children[0] == attrs_without_provenance(paper, children[0])


def attrs_without_provenance(expected: ldnrefs.Reference, actual: ldnrefs.Reference) -> ldnrefs.Reference:
    import attrs

    return attrs.evolve(expected, provenance=actual.provenance)


def test_xdata_fields_are_inherited_and_a_missing_parent_is_a_warning() -> None:
    text = (
        "@xdata{acm, publisher = {ACM}, address = {New York}}\n"
        "@book{b, title = {B}, year = 2001, xdata = {acm}}\n"
        "@incollection{c, title = {C}, year = 2001, crossref = {nowhere}}\n"
    )
    records = ldnrefs.parse(text, format="bibtex")
    assert [record.title for record in records] == ["B", "C"]
    assert records[0].publisher == "ACM"
    assert [(d.code, d.line) for d in records.diagnostics] == [("bibtex.missing-crossref", 3)]


_NAME_CHARACTERS = st.sampled_from([*"abcdeABCDE zZéÉßø李~,.-'2", " and ", " AND ", "van ", "de la ", "Jr"])


@settings(max_examples=800, deadline=None)
@given(st.lists(_NAME_CHARACTERS, max_size=14).map("".join))
def test_plain_names_are_read_as_pybtex_reads_them(value: str) -> None:
    """The reader's own name splitting (for names without braces or backslashes) equals pybtex's
    split_name_list and Person, part for part."""
    from pybtex.bibtex.utils import split_name_list
    from pybtex.database import Person
    from pybtex.exceptions import PybtexError

    from ldnrefs.readers.bibtex import _person, _split_names

    value = " ".join(value.split())  # the reader normalises whitespace before names are read
    assert _split_names(value) == [name for name in split_name_list(value) if name.strip()]
    for name in _split_names(value):
        try:
            expected = Person(name)
        except PybtexError:
            continue
        found = _person(name)
        for part in ("first_names", "middle_names", "prelast_names", "last_names", "lineage_names"):
            assert getattr(found, part) == getattr(expected, part), (name, part)


def _pybtex_tokens(text: str) -> tuple[list[object], list[object], list[object]]:
    from ldnrefs.readers.bibtex import _tokens

    commands, problems, undefined = _tokens(text, {}, fast=False)
    return [command for command in commands if command[0].lower() not in ("string", "preamble")], problems, undefined


def _fast_tokens(text: str) -> tuple[list[object], list[object]] | None:
    from ldnrefs.readers import bibtex_scan
    from ldnrefs.readers.bibtex import _known_macros

    try:
        commands, undefined = bibtex_scan.scan(text, _known_macros({}))
    except bibtex_scan.Unsupported:
        return None
    return [command for command in commands if command[0].lower() not in ("string", "preamble")], undefined


def test_the_fast_scan_equals_pybtex_on_every_real_file() -> None:
    """The reader's own scan of well-formed BibTeX gives pybtex's tokens, field for field, with the
    same undefined macros and lines, on every real .bib file of the test data."""
    files = sorted((DATA / "realworld").rglob("*.bib"))
    assert len(files) >= 12
    scanned = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        expected_commands, problems, expected_undefined = _pybtex_tokens(text)
        fast = _fast_tokens(text)
        if fast is None:
            assert problems, f"{path}: the fast scan gave up on a file pybtex reads without a problem"
            continue
        scanned += 1
        assert not problems, path
        assert fast == (expected_commands, expected_undefined), path
    assert scanned >= len(files) - 2


_VALUE_TEXT = st.one_of(
    st.text(alphabet="ab \n", max_size=10),
    st.text(alphabet="ab {}", max_size=10),
    st.text(alphabet='ab {}"@#,=\n\\%', max_size=12),
)
_PART = st.one_of(
    _VALUE_TEXT.map(lambda text: "{" + text + "}"),
    _VALUE_TEXT.map(lambda text: '"' + text + '"'),
    st.sampled_from(["2020", "jan", "undefinedmacro", "x1", ""]),
)
_FIELD = st.tuples(
    st.sampled_from(["title", "author", "Year", "note", "", "a b"]), st.lists(_PART, min_size=1, max_size=3)
)
_GENERATED_ENTRY = st.tuples(
    st.sampled_from(["@article{", "@article{", "@Book(", "@STRING{", "@comment{", "@preamble{", "@ misc {", "@"]),
    st.sampled_from(["key1", "key1", "k:2", "", "a b", "Smith2020}"]),
    st.lists(_FIELD, max_size=4),
    st.sampled_from(["}", "}", "}", ")", "", ",}", "}}"]),
    st.sampled_from(["\n", "\r\n", " junk ", "% comment\n", ""]),
).map(
    lambda entry: (
        entry[0]
        + entry[1]
        + ","
        + ",".join(f"{name} = {' # '.join(parts)}" for name, parts in entry[2])
        + entry[3]
        + entry[4]
    )
)
_BIBTEX_TEXT = st.lists(_GENERATED_ENTRY, max_size=4).map("".join)


@settings(max_examples=800, deadline=None)
@given(_BIBTEX_TEXT)
def test_the_fast_scan_equals_pybtex_or_leaves_the_text_to_it(text: str) -> None:
    """On any text, the fast scan gives pybtex's tokens, or gives up where pybtex has a problem to report."""
    expected_commands, problems, expected_undefined = _pybtex_tokens(text)
    fast = _fast_tokens(text)
    if fast is None:
        assert problems
    else:
        assert not problems
        assert fast == (expected_commands, expected_undefined)
