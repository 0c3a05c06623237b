"""Read BibTeX through pybtex, decoding LaTeX back to plain text.

Each entry becomes a record whose provenance names the entry's key and the
line of its ``@type{key,`` header; names are pybtex persons split into
family, given, particle and suffix, with a fully braced name (``{World Health
Organization}``) kept as an organisation. Fields the model has no slot for
are kept in ``extra``.

Real files are read whole. pybtex's tokenizer reads the file entry by entry
and recovers at the next ``@`` after a syntax error; ldnrefs turns each
problem into a diagnostic naming its line and keeps everything else:

* a key defined twice keeps both entries (``bibtex.repeated-key`` on the
  second); an entry without a key (``@article{,``) is kept without one
  (``bibtex.missing-key``);
* an undefined ``@string`` macro is kept as typed (``bibtex.undefined-macro``);
* an author list pybtex cannot split into persons (a Vancouver list ``Smith
  JP, Doe A, et al.``, titles and places between commas) is read as a
  rendered list would be (``bibtex.unusual-names``); ``and et al.`` is
  *et al.*, like ``and others``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from typing import Final

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person
from pybtex.database.input.bibtex import LowLevelParser, month_names
from pybtex.scanner import PybtexError, PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from ldnrefs import build
from ldnrefs import identifiers as ids
from ldnrefs import names as name_parts
from ldnrefs.dates import month_number, parse_date
from ldnrefs.latex import unescape, unescape_verbatim
from ldnrefs.mappings import bibtex as mapping
from ldnrefs.model import Date, Diagnostic, Name, ParseResult, Reference
from ldnrefs.names import parse_names, parse_one_name
from ldnrefs.pages import normalize_pages
from ldnrefs.readers import bibtex_scan

NAME: Final = "bibtex"
_HEADER: Final = re.compile(r"^\s*@\s*(\w+)\s*[{(]\s*([^,\s]+)\s*,", re.MULTILINE)
# Schemes the model has no field for, read from fields of their own name (``oclc = {…}``).
_OTHER_SCHEMES: Final = frozenset(name for name, scheme in ids.SCHEMES.items() if not scheme.field)
_KNOWN: Final = frozenset(
    {
        "title",
        "journal",
        "journaltitle",
        "organization",
        "series",
        "publisher",
        "booktitle",
        "howpublished",
        "institution",
        "school",
        "year",
        "month",
        "date",
        "pages",
        "eprint",
        "archiveprefix",
        "urldate",
        "archivedate",
        "archiveurl",
        "medium",
        mapping.SUBTYPE_FIELD,
        *mapping.TEXT_FIELDS.values(),
        *mapping.IDENTIFIER_FIELDS.values(),
        *mapping.EXTRA_IDENTIFIER_FIELDS.values(),
        *_OTHER_SCHEMES,
    }
)


_MACRO_FILE: Final = re.compile(r"^\s*@\s*(?:string|preamble)\s*[{(]", re.MULTILINE | re.IGNORECASE)


def sniff(text: str) -> bool:
    """An entry header (``@article{key,``), or ``@string``: a file of macros alone is BibTeX too."""
    head = text[:20000]
    return bool(_HEADER.search(head) or _MACRO_FILE.search(head))


def _name(person: Person | _PlainPerson) -> Name:
    last = " ".join(person.last_names)
    given = " ".join(person.first_names + person.middle_names)
    if not given and not person.prelast_names and last.startswith("{") and last.endswith("}"):
        return build.name(literal=unescape(last))
    return build.name(
        family=unescape(last),
        given=unescape(given),
        particle=unescape(" ".join(person.prelast_names)),
        suffix=unescape(" ".join(person.lineage_names)),
    )


def _date(fields: dict[str, str], raw: _RawEntry, source: str | None, diagnostics: list[Diagnostic]) -> _DateRead:
    """The entry's date, and the date fields it could not read (kept in ``extra``, with a warning)."""
    unread: list[str] = []
    date = parse_date(fields["date"].split("/")[0]) if fields.get("date") else None
    if fields.get("date") and date is None:
        unread.append("date")
    year = fields.get("year", "").strip()
    if year and not (year[:4].isascii() and year[:4].isdecimal()):
        unread.append("year")
    month = fields.get("month")
    if month and month_number(month) is None:
        unread.append("month")
    if date is not None:
        # The date gives the year and month the export writes; only a month it lacks is kept apart.
        unread = [name for name in unread if name == "month" and date.month is None]
    for name in unread:
        diagnostics.append(
            Diagnostic(
                "warning",
                "bibtex.unreadable-date",
                f"{name} = {{{fields[name]}}} is not a date ldnrefs can read; kept as written",
                source,
                raw.line,
            )
        )
    if date is not None:
        return date, tuple(unread)
    if not year or "year" in unread:
        return None, tuple(unread)
    return build.date(int(year[:4]), month_number(month)), tuple(unread)


_DateRead = tuple[Date | None, tuple[str, ...]]


def _record(raw: _RawEntry, source: str | None, position: int, diagnostics: list[Diagnostic]) -> Reference:
    fields = {
        name: unescape_verbatim(value) if name in mapping.VERBATIM_FIELDS else unescape(value)
        for name, value in raw.fields.items()
        if name not in _PERSON_FIELDS
    }
    if raw.fields.get("pages"):
        # "--" separates a range here; it is not TeX's en dash ligature inside a page like "e2014--05".
        fields["pages"] = unescape(raw.fields["pages"].replace("--", "-"))
    entry_type = raw.type.lower()
    authors, et_al = _people(raw, "author", source, diagnostics)
    editors, _ = _people(raw, "editor", source, diagnostics)
    container = next(
        (
            fields[name]
            for name in ("journal", "journaltitle", "booktitle", "howpublished", "organization", "series")
            if fields.get(name)
        ),
        None,
    )
    publisher = fields.get("publisher") or fields.get("institution") or fields.get("school")
    subtype = fields.get(mapping.SUBTYPE_FIELD)
    if subtype == "newspaper":
        subtype = "article-newspaper"
    elif subtype == "magazine":
        subtype = "article-magazine"
    record_type = subtype or mapping.CSL_TYPES.get(entry_type, "document")
    issued, unread_dates = _date(fields, raw, source, diagnostics)
    text_values = {attr: fields.get(field) for attr, field in mapping.TEXT_FIELDS.items()}
    if entry_type == "techreport":
        text_values["number"] = text_values.pop("issue")
    found: dict[str, list[str]] = {}
    for scheme, field in (*mapping.IDENTIFIER_FIELDS.items(), *mapping.EXTRA_IDENTIFIER_FIELDS.items()):
        value = fields.get(field)
        if value:
            # ISSN and ISBN fields may hold several, comma-separated.
            found[scheme] = value.split(",") if ids.SCHEMES[scheme].multi else [value]
    if fields.get("eprint") and fields.get("archiveprefix", "").lower() == "arxiv":
        found["arxiv"] = [fields["eprint"]]
    for scheme in sorted(_OTHER_SCHEMES):
        if fields.get(scheme):
            found[scheme] = [fields[scheme]]
    return build.record(
        found,
        diagnostics,
        type=record_type,
        title=fields.get("title"),
        authors=authors,
        editors=editors,
        et_al=et_al,
        issued=issued,
        container_title=container,
        page=normalize_pages(fields["pages"]) if fields.get("pages") else None,
        publisher=publisher,
        accessed=parse_date(fields["urldate"]) if fields.get("urldate") else None,
        archive_date=parse_date(fields["archivedate"]) if fields.get("archivedate") else None,
        archive_url=fields.get("archiveurl"),
        medium=fields.get("medium"),
        extra=tuple((name, value) for name, value in fields.items() if name not in _KNOWN or name in unread_dates),
        provenance=build.provenance(source=source, line=raw.line, number=position, key=raw.key, format=NAME),
        **{attr: value for attr, value in text_values.items() if attr != "genre"},
        genre=text_values.get("genre") if entry_type in {"techreport", "phdthesis", "mastersthesis"} else None,
    )


class _RawEntry:
    """One entry as pybtex's tokenizer gave it: type, key (None when it had none), fields, first line."""

    def __init__(self, entry_type: str, key: str | None, fields: dict[str, str], line: int) -> None:
        self.type = entry_type
        self.key = key
        self.fields = fields
        self.line = line


_PERSON_FIELDS: Final = frozenset({"author", "editor"})
_ET_AL_NAMES: Final = frozenset({"others", "et al.", "et al", "{et al.}", "et~al."})
_NO_KEY: Final = "ldnrefs-no-key-"
# ``@article{,``: an entry without a key, which pybtex's tokenizer cannot read.
_KEYLESS: Final = re.compile(r"^(\s*@\s*(?!string|preamble|comment)\w+\s*[{(]\s*)(?=,)", re.MULTILINE | re.IGNORECASE)


def _people(
    raw: _RawEntry, role: str, source: str | None, diagnostics: list[Diagnostic]
) -> tuple[tuple[Name, ...], bool]:
    """The persons of ``role``, and whether the list ended in ``and others`` / ``and et al.``."""
    value = raw.fields.get(role)
    if not value:
        return (), False
    names = _split_names(value)
    et_al = bool(names) and names[-1].strip().lower() in _ET_AL_NAMES
    if et_al:
        names.pop()
    persons = _persons(names)
    if persons is not None:
        return tuple(_name(person) for person in persons), et_al
    # Not "Family, Given and …": a Vancouver list, or titles and places between commas.
    if len(names) == 1 and names[0].count(",") >= 2 and not _VANCOUVER.match(names[0]):
        # One person with titles, profession or place after commas: the name is the first part.
        words = [word for word in names[0].split(",", 1)[0].split() if word.rstrip(".") not in _ACADEMIC_TITLES]
        found: tuple[Name, ...] = (parse_one_name(unescape(" ".join(words)), alone=True),)
        listed_et_al = False
    else:
        found, listed_et_al = parse_names(unescape(", ".join(names)))
    diagnostics.append(
        Diagnostic(
            "warning",
            "bibtex.unusual-names",
            f"{role} is not a BibTeX name list ('Family, Given and …'); read as a list of names: {value[:80]!r}",
            source,
            raw.line,
        )
    )
    return found, et_al or listed_et_al


class _PlainPerson:
    """pybtex's reading of a name without braces or backslashes, done without pybtex's general
    brace-aware scanner, which took half the time of reading a large .bib file. The rules are
    pybtex's ``Person._parse_string``, step for step; a hypothesis test holds the two equal."""

    __slots__ = ("first_names", "last_names", "lineage_names", "middle_names", "prelast_names")

    def __init__(self, name: str) -> None:
        self.first_names: list[str] = []
        self.middle_names: list[str] = []
        self.prelast_names: list[str] = []
        self.last_names: list[str] = []
        self.lineage_names: list[str] = []
        parts = [part.strip() for part in name.strip().split(",")]
        if len(parts) == 3:  # von Last, Jr, First
            self._von_last(_words(parts[0]))
            self.lineage_names = _words(parts[1])
            self._first_middle(_words(parts[2]))
        elif len(parts) == 2:  # von Last, First
            self._von_last(_words(parts[0]))
            self._first_middle(_words(parts[1]))
        else:  # First von Last
            words = _words(name)
            at = next((index for index, word in enumerate(words) if _is_von(word)), len(words))
            first_middle, von_last = words[:at], words[at:]
            if not von_last and first_middle:
                von_last.append(first_middle.pop())
            self._first_middle(first_middle)
            self._von_last(von_last)

    def _first_middle(self, words: list[str]) -> None:
        self.first_names = words[:1]
        self.middle_names = words[1:]

    def _von_last(self, words: list[str]) -> None:
        von_last, last = words[:-1], words[-1:]
        if von_last:
            after = next((index for index in range(len(von_last) - 1, -1, -1) if _is_von(von_last[index])), -1)
            self.prelast_names = von_last[: after + 1]
            self.last_names = von_last[after + 1 :]
        self.last_names += last


_SPACE: Final = re.compile(r"[\s~]+")


def _words(text: str) -> list[str]:
    return [word for word in (part.strip() for part in _SPACE.split(text)) if word]


def _is_von(word: str) -> bool:
    """pybtex's test for a "von" word (a particle), for a word without braces or backslashes."""
    for char in word:
        if char.isupper():
            return False
        if char.islower():
            return True
        if char.isalpha():  # a letter without case (CJK): pybtex reads it as a capital
            return False
    return False


def _person(name: str) -> Person | _PlainPerson:
    if "{" in name or "\\" in name or name.count(",") > 2:
        return Person(name)
    return _PlainPerson(name)


def _persons(names: list[str]) -> list[Person | _PlainPerson] | None:
    """pybtex's persons for ``names``, or None when they are not BibTeX names: pybtex refuses
    them, or a part between commas is no suffix ("Prof. Dr. Hans Meier, Arzt, Berlin")."""
    try:
        persons = [_person(name) for name in names]
    except PybtexError:
        return None
    if any(person.lineage_names and not _is_suffix(person) for person in persons):
        return None
    return persons


_ACADEMIC_TITLES: Final = frozenset({"Prof", "Dr", "med", "Dipl", "Ing", "PhD", "MD", "Mr", "Mrs", "Ms", "Sir"})
# "Smith JP, Doe A": family names each followed by initials.
_VANCOUVER: Final = re.compile(r"^[^\W\d_][\w'’\- ]*\s[A-Z]{1,4}(?:,\s*[^\W\d_][\w'’\- ]*\s[A-Z]{1,4})+")


def _is_suffix(person: Person | _PlainPerson) -> bool:
    return " ".join(person.lineage_names).strip() in name_parts.SUFFIXES


def _split_names(value: str) -> list[str]:
    # pybtex's split_name_list, without its brace-aware scanner when there is no brace to respect.
    names = split_name_list(value) if "{" in value else [name.strip() for name in _AND.split(value)]
    return [name for name in names if name.strip()]


_AND: Final = re.compile(" [Aa][Nn][Dd] ")


class _Tokenizer(LowLevelParser):  # type: ignore[misc]
    """pybtex's tokenizer, keeping what it would drop: an undefined macro's name, each error's line."""

    def __init__(self, text: str, macros: Mapping[str, str]) -> None:
        self.problems: list[tuple[int | None, str]] = []
        self.undefined: list[tuple[str, int]] = []
        super().__init__(
            text,
            keyless_entries=False,
            handle_error=self._problem,
            want_entry=lambda key: True,
            macros=CaseInsensitiveDict({**month_names, **macros}),
        )

    def _problem(self, error: PybtexError) -> None:
        line = error.lineno if isinstance(error, PybtexSyntaxError) else None
        message = re.sub(r" in line \d+", "", str(error))
        self.problems.append((line, message))

    def substitute_macro(self, name: str) -> str:
        try:
            value: str = self.macros[name]
        except KeyError:
            self.undefined.append((name, self.lineno))
            return name
        return value


def _known_macros(macros: Mapping[str, str]) -> MutableMapping[str, str]:
    found: MutableMapping[str, str] = CaseInsensitiveDict({**month_names, **macros})
    return found


def _tokens(
    text: str, macros: Mapping[str, str], *, known: MutableMapping[str, str] | None = None, fast: bool = True
) -> tuple[list[bibtex_scan.Command], list[tuple[int | None, str]], list[tuple[str, int]]]:
    """The commands of ``text`` with the offset of each ``@``, its syntax problems and its undefined
    macros: by the fast scan when the text is well formed, else by pybtex's tokenizer, whose
    messages and recovery are the reference. ``known`` (the macros in force) gains ``@string``
    definitions as they are read."""
    if fast:
        try:
            commands, undefined = bibtex_scan.scan(text, known if known is not None else _known_macros(macros))
        except bibtex_scan.Unsupported:
            pass  # the definitions read so far are the ones pybtex reads again
        else:
            return commands, [], undefined
    tokenizer = _Tokenizer(text, macros)
    commands = [(entry_type, body, tokenizer.command_start) for entry_type, body in tokenizer]
    if known is not None:
        known.update(tokenizer.macros)
    return commands, tokenizer.problems, tokenizer.undefined


def _entries(
    text: str, source: str | None, diagnostics: list[Diagnostic], macros: Mapping[str, str]
) -> list[_RawEntry]:
    """Every entry of ``text`` in order, each problem a diagnostic: nothing is dropped silently."""
    text = _KEYLESS.sub(lambda match: f"{match.group(1)}{_NO_KEY}{match.start()}", text)
    commands, problems, undefined = _tokens(text, macros)
    entries: list[_RawEntry] = []
    counted, line = 0, 1
    for entry_type, body, start in commands:
        kind = entry_type.lower()
        if kind in ("string", "preamble"):
            continue
        line += text.count("\n", counted, start)
        counted = start
        written_key, values = body
        key = None if written_key is None or written_key.startswith(_NO_KEY) else written_key
        fields: dict[str, str] = {}
        for name, parts in values:
            lowered = name.lower()
            if lowered in fields:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        "bibtex.repeated-field",
                        f"{name} given twice in {key or 'an entry without a key'}; the first is kept",
                        source,
                        line,
                    )
                )
                continue
            fields[lowered] = " ".join("".join(parts).split())
        entries.append(_RawEntry(entry_type, key, fields, line))
    for error_line, message in problems:
        diagnostics.append(Diagnostic("error", "bibtex.syntax", f"not valid BibTeX: {message}", source, error_line))
    for name, macro_line in undefined:
        diagnostics.append(
            Diagnostic(
                "warning", "bibtex.undefined-macro", f"@string {name} is not defined; kept as typed", source, macro_line
            )
        )
    return entries


def _definitions(texts: Sequence[str]) -> dict[str, str]:
    """The ``@string`` macros ``texts`` define, in order (a later definition wins, as in BibTeX).

    A second pass runs only when a definition used a macro that a later file defines.
    """
    macros: dict[str, str] = {}
    strings = [_string_commands(text) for text in texts]
    for _ in range(2):
        undefined = False
        for text in strings:
            if not text:
                continue
            known = _known_macros(macros)
            _, _, missing = _tokens(text, macros, known=known)
            macros.update((name, value) for name, value in known.items() if name.lower() not in _MONTHS)
            undefined = undefined or bool(missing)
        if not undefined:
            break
    return macros


_MONTHS: Final = frozenset(month_names)
_STRING_COMMAND: Final = re.compile(r"@\s*string\s*([{(])", re.IGNORECASE)


def _string_commands(text: str) -> str:
    """The ``@string`` commands of ``text`` and nothing else: the macros' pass need not read every
    entry of a large file a second time."""
    found: list[str] = []
    for match in _STRING_COMMAND.finditer(text):
        closing = "}" if match.group(1) == "{" else ")"
        depth = 0
        for index in range(match.end(), len(text)):
            char = text[index]
            if char == "{":
                depth += 1
            elif char == "}" and depth > 0:
                depth -= 1
            elif char == closing and depth == 0:
                found.append(text[match.start() : index + 1])
                break
    return "\n".join(found)


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse BibTeX text: every entry, in order; each problem a diagnostic naming its line."""
    return _read([(text, source)], {})[0]


def loads_together(inputs: Sequence[tuple[str, str | None]]) -> list[ParseResult]:
    """Parse BibTeX files that belong together, as ``\\bibliography{abbrev,authors,crossref}`` does:
    ``@string`` macros defined in any of them are known in all, whatever the order, and a
    ``crossref`` or ``xdata`` field may name an entry of another file."""
    return _read(inputs, _definitions([text for text, _ in inputs]))


def _read(inputs: Sequence[tuple[str, str | None]], macros: Mapping[str, str]) -> list[ParseResult]:
    read = []
    for text, source in inputs:
        diagnostics: list[Diagnostic] = []
        read.append((source, _entries(text, source, diagnostics, macros), diagnostics))
    # crossref and xdata name an entry of any file read together; the first definition counts.
    targets: dict[str, _RawEntry] = {}
    for _, entries, _ in read:
        for raw in entries:
            if raw.key is not None:
                targets.setdefault(raw.key.lower(), raw)
    return [_records(source, entries, targets, diagnostics) for source, entries, diagnostics in read]


def _records(
    source: str | None, entries: list[_RawEntry], targets: Mapping[str, _RawEntry], diagnostics: list[Diagnostic]
) -> ParseResult:
    first_line: dict[str, int] = {}
    records = []
    position = 0
    for raw in entries:
        _inherit(raw, targets, source, diagnostics)
        if raw.type.lower() == "xdata":
            # Not a work: a bundle of fields that the entries naming it in ``xdata`` now carry.
            continue
        position += 1
        if raw.key is None:
            diagnostics.append(
                Diagnostic("warning", "bibtex.missing-key", f"@{raw.type} entry without a key", source, raw.line)
            )
        elif raw.key in first_line:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "bibtex.repeated-key",
                    f"key {raw.key} is defined again (first at line {first_line[raw.key]}); both entries are kept",
                    source,
                    raw.line,
                )
            )
        else:
            first_line[raw.key] = raw.line
        records.append(_record(raw, source, position, diagnostics))
    diagnostics.sort(key=lambda diagnostic: diagnostic.line or 0)
    return ParseResult(records, diagnostics)


# Fields that describe the parent itself, never inherited: biber's defaults (ids, crossref,
# xdata, label, sortkey, shorthand, …), what identifies the parent as a work (a chapter does
# not share its book's DOI: two chapters would become one work), and the parent's own
# abstract, keywords, page count and reference-manager bookkeeping.
_NOT_INHERITED: Final = frozenset(
    {
        "ids",
        "crossref",
        "xref",
        "xdata",
        "entryset",
        "entrysubtype",
        "execute",
        "label",
        "options",
        "presort",
        "related",
        "relatedoptions",
        "relatedstring",
        "relatedtype",
        "shorthand",
        "shorthandintro",
        "sortkey",
        "key",
        "title",
        "subtitle",
        "titleaddon",
        "shorttitle",
        "pages",
        "pagetotal",
        "abstract",
        "keywords",
        "annotation",
        "annote",
        "file",
        "owner",
        "timestamp",
        "groups",
        "url",
        "urldate",
        "eprint",
        "archiveprefix",
        "primaryclass",
        *(
            field
            for scheme, field in (*mapping.IDENTIFIER_FIELDS.items(), *mapping.EXTRA_IDENTIFIER_FIELDS.items())
            # A part carries its book's ISBN (CSL does too); dedupe knows chapters share it.
            if ids.SCHEMES[scheme].names_work and scheme != "isbn"
        ),
    }
)
# A part of a book or proceedings takes the parent's title as its booktitle (biber's rule).
_PART_TYPES: Final = frozenset({"inproceedings", "conference", "incollection", "inbook", "bookinbook", "suppbook"})


def _inherit(raw: _RawEntry, targets: Mapping[str, _RawEntry], source: str | None, diags: list[Diagnostic]) -> None:
    """Fill the fields ``raw`` lacks from the entries its ``crossref`` and ``xdata`` fields name."""
    missing = False
    for field in ("xdata", "crossref"):
        for name in filter(None, (part.strip() for part in raw.fields.get(field, "").split(","))):
            parent = targets.get(name.lower())
            if parent is None or parent is raw:
                missing = True
                diags.append(
                    Diagnostic(
                        "warning",
                        f"bibtex.missing-{field}",
                        f"{field} {name} names no entry in the files read together; nothing inherited",
                        source,
                        raw.line,
                    )
                )
                continue
            if field == "crossref" and parent.fields.get("crossref"):
                # One level, as BibTeX: a grandparent's fields come through the parent once it has them.
                _inherit(parent, {key: value for key, value in targets.items() if value is not raw}, source, [])
            for name_, value in parent.fields.items():
                if field == "crossref" and name_ in _NOT_INHERITED:
                    continue
                if field == "xdata" and name_ in {"ids", "crossref", "xdata"}:
                    continue
                raw.fields.setdefault(name_, value)
            if field == "crossref" and raw.type.lower() in _PART_TYPES and parent.fields.get("title"):
                raw.fields.setdefault("booktitle", parent.fields["title"])
    if not missing:
        # The xdata entries are not written back (they are not works): their fields are in place.
        raw.fields.pop("xdata", None)
