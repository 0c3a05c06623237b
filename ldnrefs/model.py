"""The record model: one :class:`Reference` per cited work, format-neutral.

Records are frozen attrs classes changed with :func:`attrs.evolve`; collections
are tuples. Field names follow CSL variables (``container_title`` is CSL's
``container-title``); CSL-JSON is the canonical serialisation, written by
:mod:`ldnrefs.writers.csljson` and read back by :mod:`ldnrefs.readers.csljson`.

Terms:

* *provenance* — where a record came from: the source name, the 1-based line
  where its text starts, the reference number the list gave it, and the text.
* *diagnostic* — a problem found while reading, kept as data (never only logged).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal

import attrs

from ldnrefs import identifiers as ids
from ldnrefs.errors import InvalidValueError

Severity = Literal["error", "warning", "info"]


# The converters and validators the fields below run on every value given to
# them (attrs needs named functions). Records built by readers go through
# :mod:`ldnrefs.build`, which runs the same functions.
def blank_to_none(value: str | None) -> str | None:
    """Surrounding spaces removed; an empty string becomes None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def check_month(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and not 1 <= value <= 12:
        raise InvalidValueError(f"month {value} is not 1-12")


def check_day(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and (instance.month is None or not 1 <= value <= 31):
        raise InvalidValueError(f"day {value} needs a month and must be 1-31")


def check_season(instance: Any, attribute: Any, value: int | None) -> None:
    if value is not None and not 1 <= value <= 4:
        raise InvalidValueError(f"season {value} is not 1-4")


def to_names(values: Iterable[Name]) -> tuple[Name, ...]:
    return tuple(values)


def to_pairs(values: Iterable[tuple[str, Any]]) -> tuple[tuple[str, Any], ...]:
    return tuple(values)


@attrs.frozen
class Name:
    """A personal name in parts, or ``literal`` for an organisation.

    ``particle`` is CSL's non-dropping particle ("van", "de la") kept before the
    family name when sorting is not by particle.
    """

    family: str | None = attrs.field(default=None, converter=blank_to_none)
    given: str | None = attrs.field(default=None, converter=blank_to_none)
    particle: str | None = attrs.field(default=None, converter=blank_to_none)
    suffix: str | None = attrs.field(default=None, converter=blank_to_none)
    literal: str | None = attrs.field(default=None, converter=blank_to_none)

    def __str__(self) -> str:
        if self.literal:
            return self.literal
        family = " ".join(part for part in (self.particle, self.family) if part)
        text = ", ".join(part for part in (family, self.given) if part)
        return f"{text}, {self.suffix}" if self.suffix else text


@attrs.frozen
class Date:
    """A possibly partial date: a year, optionally month and day or a season.

    ``season`` is 1–4 (spring, summer, autumn, winter) as in CSL; ``end`` holds
    the second half of a range such as "March–April 2014".
    """

    year: int
    month: int | None = attrs.field(default=None, validator=check_month)
    day: int | None = attrs.field(default=None, validator=check_day)
    season: int | None = attrs.field(default=None, validator=check_season)
    circa: bool = False
    end: Date | None = None

    @property
    def precision(self) -> int:
        """1 for a year, 2 for a month or season, 3 for a day."""
        if self.day is not None:
            return 3
        return 2 if self.month is not None or self.season is not None else 1

    def parts(self) -> list[int]:
        return [part for part in (self.year, self.month, self.day) if part is not None]

    def isoformat(self) -> str:
        text = "-".join(f"{part:02d}" if index else f"{part:04d}" for index, part in enumerate(self.parts()))
        return f"{text}/{self.end.isoformat()}" if self.end else text


@attrs.frozen
class Identifiers:
    """Every identifier a record carries, normalised on the way in.

    Invalid values (a wrong ISSN check digit, say) are kept as given; call
    :meth:`problems` to list them. ``other`` holds schemes CSL has no field for
    beyond the named ones (``("oclc", "123")``, ``("jstor", "456")``…).
    """

    doi: str | None = attrs.field(default=None, converter=ids.to_doi)
    pmid: str | None = attrs.field(default=None, converter=ids.to_pmid)
    pmcid: str | None = attrs.field(default=None, converter=ids.to_pmcid)
    issn: tuple[str, ...] = attrs.field(default=(), converter=ids.to_issns)
    isbn: tuple[str, ...] = attrs.field(default=(), converter=ids.to_isbns)
    s2cid: str | None = attrs.field(default=None, converter=ids.to_s2cid)
    bibcode: str | None = attrs.field(default=None, converter=ids.to_bibcode)
    arxiv: str | None = attrs.field(default=None, converter=ids.to_arxiv)
    url: str | None = attrs.field(default=None, converter=ids.to_url)
    other: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=ids.to_others)

    def items(self) -> Iterator[tuple[str, str]]:
        """Each (scheme, value) pair, several for ISSN and ISBN."""
        for name in ids.SINGLE:
            value = getattr(self, name)
            if value is not None:
                yield name, value
        for item in self.issn:
            yield "issn", item
        for item in self.isbn:
            yield "isbn", item
        yield from self.other

    def problems(self) -> list[tuple[str, str, str]]:
        """(scheme, value, reason) for each identifier that fails validation."""
        found = []
        for scheme, value in self.items():
            if scheme in ids.SCHEMES:
                reason = ids.problem(scheme, value)
                if reason:
                    found.append((scheme, value, reason))
        return found

    def keys(self) -> set[str]:
        """Comparison keys of the identifiers that name one work (not ISSN or URL)."""
        return {ids.key(scheme, value) for scheme, value in self.items() if scheme in ids.NAMES_WORK}

    def combined(self, *others: Identifiers, choose: Callable[[list[str]], str] | None = None) -> Identifiers:
        """This set and ``others`` in one: every ISSN, ISBN and other identifier, and for each
        single-valued scheme the value ``choose`` picks among those present (by default this
        set's own, else the first other's); the values it did not pick are kept in ``other``
        (but for DOI, PMID and PMCID)."""
        every = (self, *others)
        values: dict[str, Any] = {}
        # A single-valued scheme's values that were not chosen (a second URL) go to ``other``: none
        # is lost. Not for DOI, PMID and PMCID: two of those name two works, a conflict, not an alias.
        passed_over: list[tuple[str, str]] = []
        for scheme in ids.SINGLE:
            present = [value for found in every if (value := getattr(found, scheme))]
            chosen = (choose(present) if choose else present[0]) if present else None
            values[scheme] = chosen
            if scheme not in ids.EXCLUSIVE:
                passed_over += [(scheme, value) for value in dict.fromkeys(present) if value != chosen]
        values["issn"] = tuple(dict.fromkeys(value for found in every for value in found.issn))
        values["isbn"] = tuple(dict.fromkeys(value for found in every for value in found.isbn))
        values["other"] = tuple(dict.fromkeys([*(pair for found in every for pair in found.other), *passed_over]))
        return Identifiers(**values)

    def __bool__(self) -> bool:
        return any(True for _ in self.items())


@attrs.frozen
class Provenance:
    """Where a record came from: source name, 1-based line, list number, original text.

    ``key`` is the entry's own key where the format has one (a BibTeX key, a
    CSL-JSON id, a wikitext ``<ref name>``); lists without numbers are numbered
    by position. ``format`` is the reader that made the record (``bibtex``…):
    a BibTeX key or a CSL-JSON id is the user's citation key, a ref name is not.
    """

    source: str | None = None
    line: int | None = None
    number: int | None = None
    text: str | None = None
    key: str | None = None
    format: str | None = None


@attrs.frozen
class Diagnostic:
    """A problem found while reading, with the place it was found."""

    severity: Severity
    code: str
    message: str
    source: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.source or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.severity}: {self.message} [{self.code}]"


@attrs.frozen
class Reference:
    """One cited work.

    ``type`` is a CSL item type (``article-journal``, ``book``, ``chapter``,
    ``webpage``, ``article-newspaper``, ``report``, ``thesis``…). ``extra`` keeps
    input fields the model has no slot for; they are written under CSL ``custom``.
    ``et_al`` records that the source list of authors was cut short.
    """

    type: str = "document"
    title: str | None = attrs.field(default=None, converter=blank_to_none)
    authors: tuple[Name, ...] = attrs.field(default=(), converter=to_names)
    editors: tuple[Name, ...] = attrs.field(default=(), converter=to_names)
    et_al: bool = False
    issued: Date | None = None
    container_title: str | None = attrs.field(default=None, converter=blank_to_none)
    volume: str | None = attrs.field(default=None, converter=blank_to_none)
    issue: str | None = attrs.field(default=None, converter=blank_to_none)
    page: str | None = attrs.field(default=None, converter=blank_to_none)
    edition: str | None = attrs.field(default=None, converter=blank_to_none)
    number: str | None = attrs.field(default=None, converter=blank_to_none)
    publisher: str | None = attrs.field(default=None, converter=blank_to_none)
    publisher_place: str | None = attrs.field(default=None, converter=blank_to_none)
    medium: str | None = attrs.field(default=None, converter=blank_to_none)
    genre: str | None = attrs.field(default=None, converter=blank_to_none)
    language: str | None = attrs.field(default=None, converter=blank_to_none)
    source: str | None = attrs.field(default=None, converter=blank_to_none)
    note: str | None = attrs.field(default=None, converter=blank_to_none)
    identifiers: Identifiers = attrs.field(factory=Identifiers)
    accessed: Date | None = None
    archive_date: Date | None = None
    archive_url: str | None = attrs.field(default=None, converter=blank_to_none)
    extra: tuple[tuple[str, Any], ...] = attrs.field(default=(), converter=to_pairs)
    provenance: Provenance | None = attrs.field(default=None, eq=False)
    """Where the record came from; not part of equality, so round trips compare content."""

    def reference_number(self, position: int) -> int:
        """The reference number reports use: the list's own number, else ``position + 1``."""
        if self.provenance is not None and self.provenance.number is not None:
            return self.provenance.number
        return position + 1


class ParseResult(list[Reference]):
    """The records a reader found, in list order, plus its :attr:`diagnostics`.

    It *is* a list of :class:`Reference`, so ``for record in ldnrefs.parse(text)``
    works; ``result.diagnostics`` lists what the reader could not fully understand.
    ``text`` and ``source`` are the input and its name, as :func:`ldnrefs.parse`
    was given them (a rewrite of the document starts from them).
    """

    def __init__(
        self,
        records: Iterable[Reference] = (),
        diagnostics: Iterable[Diagnostic] = (),
        *,
        text: str | None = None,
        source: str | None = None,
    ) -> None:
        super().__init__(records)
        self.diagnostics: list[Diagnostic] = list(diagnostics)
        self.text = text
        self.source = source

    def __repr__(self) -> str:
        return f"ParseResult({list.__repr__(self)}, diagnostics={self.diagnostics!r})"
