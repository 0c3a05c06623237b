"""Find works cited more than once, explain why, and merge them.

Two passes, as in most reference managers and in bib-dedupe:

1. **Identifiers.** Records that share a DOI, PMID, PMCID, arXiv id or (for
   books) an ISBN join one group, transitively, through a union-find. Two
   records whose DOIs, PMIDs or PMCIDs *differ* are never joined, even through
   a third record: a conflict between registries' identifiers means different
   works (or an error worth a human's eyes), not the same work.
2. **Fuzzy matching** for everything else, inside *blocks* so that the work
   grows about linearly: records are compared only with records that share a
   blocking key (first author + year, or the first significant title words).
   A pair matches when the normalised titles are similar enough, the first
   authors agree, the years differ by at most one, volume / issue / first page
   agree where both have them, and no *guard* fires.

Guards keep look-alikes apart: a correction, erratum, retraction, reply or
comment and the article it concerns; a trial protocol and the trial's results;
Part I and Part II (any differing number in the titles); two chapters of one
book (a shared ISBN alone joins only whole books).

Merging keeps the richest value of each field (full given names over
initials, a day-precise date over a month, an unabbreviated page range or
journal title), keeps every identifier, and reports every field on which the
members disagree as a :class:`Conflict`.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Final, Literal

import attrs
from rapidfuzz import fuzz

from ldnrefs import identifiers as ids
from ldnrefs.model import Date, Identifiers, Name, Reference
from ldnrefs.pages import first_page

# --- settings -----------------------------------------------------------------


@attrs.frozen
class Settings:
    """The thresholds of fuzzy matching, with the reasons for their values.

    ``title_similarity``: rapidfuzz ``ratio`` (0–100) of normalised titles at
    or above which two records with agreeing authors and years are the same
    work. 92 lets one typo or a dropped word in a 60-character title through
    (ratio 95–98) but not two titles that share most words and differ in a
    key term ("… in adults" / "… in children": about 85–90).

    ``title_similarity_without_author``: when one side has no author, the
    title alone must carry the decision, so it must be nearly identical.

    ``year_tolerance``: online-first and issue dates of one article often
    differ by a year (the seed's Kim 2020 / 26 August 2020 differ in
    precision; other lists give 2013 and 2014 for one paper).

    ``max_block_size``: a blocking key shared by more records than this (a
    common surname in a common year) is too coarse to compare all pairs; such
    blocks are split by the first title letter before comparing.
    """

    title_similarity: float = 92.0
    title_similarity_without_author: float = 97.0
    year_tolerance: int = 1
    max_block_size: int = 64


DEFAULT_SETTINGS: Final = Settings()

# --- normalisation -----------------------------------------------------------------

_PUNCTUATION: Final = re.compile(r"[^\w\s]|_", re.UNICODE)
_SPACES: Final = re.compile(r"\s+")
_STOP: Final = frozenset("a an the of on in and or for to with by from at as is are was its".split())


def fold(text: str) -> str:
    """Lower case, HTML entities decoded, diacritics and punctuation removed, spaces collapsed."""
    text = html.unescape(text) if "&" in text else text
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = _PUNCTUATION.sub(" ", text.casefold())
    return _SPACES.sub(" ", text).strip()


def normalise_title(title: str | None) -> str:
    """The title as compared: folded, without a trailing "[…]" translation or period."""
    if not title:
        return ""
    return fold(re.sub(r"\s*\[[^\]]*\]\s*$", "", title))


def family_key(name: Name | None) -> str:
    """The first author's family name (or organisation) folded to ASCII letters."""
    if name is None:
        return ""
    family = name.family or name.literal or ""
    return fold(family).replace(" ", "")


# --- guards ------------------------------------------------------------------------

_NOTICE: Final = re.compile(
    r"^(?:correction|corrigendum|erratum|errata|retraction|retracted|expression of concern|reply|response|"
    r"comment|commentary on|author correction|publisher correction|notice of retraction|withdrawn)\b",
    re.IGNORECASE,
)
_PROTOCOL: Final = re.compile(r"\b(?:protocol|rationale and design|design and rationale|study design)\b", re.I)
_NUMBER_WORD: Final = re.compile(r"\b(?:\d+|[ivx]{1,5})\b")
_NUMBERED_WORDS: Final = frozenset({"part", "phase", "volume", "vol", "study", "trial"})


def _notice(title: str) -> bool:
    return bool(_NOTICE.match(title))


def _numbers(title: str) -> tuple[str, ...]:
    """Numbers in a folded title (arabic, or roman after "part"/"phase"): "part ii" → ("ii",)."""
    found = []
    words = title.split()
    for index, word in enumerate(words):
        counted = index and words[index - 1] in _NUMBERED_WORDS and _NUMBER_WORD.fullmatch(word)
        if word.isdigit() or counted:
            found.append(word)
    return tuple(found)


def guard(first: Reference, second: Reference) -> str | None:
    """Why two similar records must stay apart, or None."""
    a, b = normalise_title(first.title), normalise_title(second.title)
    if _notice(a) != _notice(b):
        return "one is a correction, retraction or reply notice"
    if bool(_PROTOCOL.search(a)) != bool(_PROTOCOL.search(b)):
        return "one is a protocol, the other is not"
    if _numbers(a) != _numbers(b):
        return "the titles carry different numbers (part, phase, year)"
    for attr in ("volume", "issue"):
        x, y = getattr(first, attr), getattr(second, attr)
        if x and y and fold(x) != fold(y):
            return f"different {attr} ({x} / {y})"
    if first.page and second.page and first_page(first.page) != first_page(second.page):
        return f"different first page ({first.page} / {second.page})"
    return None


# --- result data ---------------------------------------------------------------------


@attrs.frozen
class Evidence:
    """Why two records were judged the same work."""

    kind: Literal["identifier", "fuzzy"]
    detail: str
    identifiers: tuple[str, ...] = ()
    title_similarity: float | None = None

    def __str__(self) -> str:
        return self.detail


@attrs.frozen
class Link:
    """One pairwise match, by positions (0-based) in the input."""

    first: int
    second: int
    evidence: Evidence


@attrs.frozen
class Conflict:
    """A field on which the members of a group disagree, and the value kept."""

    field: str
    values: tuple[tuple[int, str], ...]
    """(reference number, value) for each member that has the field."""
    kept: str

    def __str__(self) -> str:
        shown = " vs ".join(f"{value} (ref {number})" for number, value in self.values)
        return f"{self.field}: {shown}; kept {self.kept}"


@attrs.frozen
class DuplicateGroup:
    """Records that cite one work: positions, reference numbers, evidence, merged record, conflicts."""

    positions: tuple[int, ...]
    numbers: tuple[int, ...]
    links: tuple[Link, ...]
    merged: Reference
    conflicts: tuple[Conflict, ...]


@attrs.frozen
class DedupeResult:
    """What :func:`deduplicate` found.

    ``records`` are the unique works, merged, in order of first appearance;
    ``renumbering`` maps each old reference number to its new one.
    """

    records: tuple[Reference, ...]
    groups: tuple[DuplicateGroup, ...]
    renumbering: tuple[tuple[int, int], ...]
    conflicts: tuple[Conflict, ...]

    @property
    def mapping(self) -> dict[int, int]:
        return dict(self.renumbering)


# --- union-find ------------------------------------------------------------------------


class _Groups:
    """Union-find over record positions that refuses some unions.

    A union is refused when the two components carry different DOIs, PMIDs or
    PMCIDs, or when it would put a pair the caller declared distinct (a
    maintainer's "not a duplicate" judgement) into one component.
    """

    def __init__(self, records: Sequence[Reference], distinct: Iterable[tuple[int, int]] = ()) -> None:
        self.parent = list(range(len(records)))
        self.apart: dict[int, set[int]] = defaultdict(set)
        self.members: dict[int, list[int]] = {}
        for a, b in distinct:
            if a != b:
                self.apart[a].add(b)
                self.apart[b].add(a)
                self.members.setdefault(a, [a])
                self.members.setdefault(b, [b])
        self.strong: list[dict[str, str]] = [
            {
                scheme: value
                for scheme, value in (
                    ("doi", r.identifiers.doi and r.identifiers.doi.lower()),
                    ("pmid", r.identifiers.pmid),
                    ("pmcid", r.identifiers.pmcid),
                )
                if value
            }
            for r in records
        ]

    def find(self, index: int) -> int:
        root = index
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[index] != root:
            self.parent[index], index = root, self.parent[index]
        return root

    def clash(self, a: int, b: int) -> str | None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return None
        left, right = self.strong[ra], self.strong[rb]
        for scheme in ("doi", "pmid", "pmcid"):
            if scheme in left and scheme in right and left[scheme] != right[scheme]:
                return scheme
        return None

    def _kept_apart(self, ra: int, rb: int) -> bool:
        if not self.apart:
            return False
        left, right = self.members.get(ra, [ra]), self.members.get(rb, [rb])
        return any(other in self.apart.get(member, ()) for member in left for other in right)

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or self.clash(a, b) or self._kept_apart(ra, rb):
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        if self.apart:
            self.members[ra] = self.members.get(ra, [ra]) + self.members.pop(rb, [rb])
        for scheme, value in self.strong[rb].items():
            self.strong[ra].setdefault(scheme, value)
        return True


# --- matching ----------------------------------------------------------------------------

_KEY_LABELS: Final = {"doi": "DOI", "pmid": "PMID", "pmcid": "PMCID", "isbn": "ISBN", "arxiv": "arXiv"}


def _identifier_keys(record: Reference) -> set[str]:
    keys = record.identifiers.keys()
    if record.type != "book":
        keys = {key for key in keys if not key.startswith("isbn:")}
    return keys


def _match_identifiers(records: Sequence[Reference], order: Sequence[int], groups: _Groups, links: list[Link]) -> None:
    # Every earlier holder of a key is tried, not only the first: when the
    # first was refused (a conflicting DOI), a later holder may still match.
    holders: dict[str, list[int]] = defaultdict(list)
    for index in order:
        record = records[index]
        for key in sorted(_identifier_keys(record)):
            earlier = holders[key]
            for other in earlier:
                if groups.find(other) == groups.find(index):
                    break
                if groups.union(other, index):
                    scheme = key.split(":", 1)[0]
                    first, second = sorted((other, index))
                    detail = f"same {_KEY_LABELS[scheme]} {_shown(records[first], scheme, key)}"
                    links.append(Link(first, second, Evidence("identifier", detail, (key,))))
                    break
            if not earlier or groups.find(earlier[-1]) != groups.find(index):
                earlier.append(index)


def _shown(record: Reference, scheme: str, key: str) -> str:
    """The identifier as the record writes it (``key`` is case-folded or ISBN-13)."""
    for item_scheme, value in record.identifiers.items():
        if item_scheme == scheme and ids.key(scheme, value) == key:
            return value
    return key.split(":", 1)[1]


def _blocking_keys(record: Reference, title: str) -> list[str]:
    keys = []
    family = family_key(record.authors[0] if record.authors else None)
    year = record.issued.year if record.issued else None
    if family and year is not None:
        keys += [f"ay:{family}:{year}", f"ay:{family}:{year + 1}"]
    words = [word for word in title.split() if word not in _STOP]
    if len(words) >= 2:
        keys.append("t:" + " ".join(words[:3]))
    if len(words) >= 4:
        keys.append("tl:" + " ".join(words[-3:]))
    return keys


def _compare(first: Reference, second: Reference, title_a: str, title_b: str, settings: Settings) -> Evidence | None:
    if not title_a or not title_b:
        return None
    family_a = family_key(first.authors[0] if first.authors else None)
    family_b = family_key(second.authors[0] if second.authors else None)
    if (
        family_a
        and family_b
        and family_a != family_b
        and not (family_a.startswith(family_b) or family_b.startswith(family_a))
    ):
        return None
    year_a = first.issued.year if first.issued else None
    year_b = second.issued.year if second.issued else None
    if year_a is not None and year_b is not None and abs(year_a - year_b) > settings.year_tolerance:
        return None
    threshold = settings.title_similarity if family_a and family_b else settings.title_similarity_without_author
    similarity = fuzz.ratio(title_a, title_b, score_cutoff=threshold)
    if not similarity:
        return None
    if guard(first, second):
        return None
    parts = [f"title {similarity / 100:.2f} similar"]
    if family_a and family_b:
        parts.append(f"first author {first.authors[0].family or first.authors[0].literal}")
    if year_a is not None and year_b is not None:
        parts.append(f"year {year_a}" if year_a == year_b else f"years {year_a}/{year_b}")
    for attr in ("volume", "issue"):
        if getattr(first, attr) and getattr(second, attr):
            parts.append(f"{attr} {getattr(first, attr)}")
    if first.page and second.page:
        parts.append(f"first page {first_page(first.page)}")
    return Evidence("fuzzy", ", ".join(parts), title_similarity=round(similarity / 100, 4))


def _match_fuzzy(
    records: Sequence[Reference],
    order: Sequence[int],
    groups: _Groups,
    links: list[Link],
    settings: Settings,
    *,
    positions: Sequence[int] | None = None,
    focus: set[int] | None = None,
) -> int:
    """Compare records that share a blocking key; returns the number of new unions.

    ``records[i]`` stands for input position ``positions[i]`` (a group's merged
    record stands for its first member); with ``focus``, only pairs with at
    least one member in it are compared.
    """
    where = positions if positions is not None else range(len(records))
    titles = [normalise_title(record.title) for record in records]
    blocks: dict[str, list[int]] = defaultdict(list)
    for index in order:
        for key in _blocking_keys(records[index], titles[index]):
            blocks[key].append(index)
    seen: set[tuple[int, int]] = set()
    unions = 0
    for members in blocks.values():
        if len(members) < 2:
            continue
        for chunk in _split_block(members, titles, settings.max_block_size):
            for offset, a in enumerate(chunk):
                for b in chunk[offset + 1 :]:
                    if focus is not None and a not in focus and b not in focus:
                        continue
                    pair = (a, b) if a < b else (b, a)
                    if pair in seen or groups.find(where[a]) == groups.find(where[b]):
                        continue
                    seen.add(pair)
                    evidence = _compare(records[pair[0]], records[pair[1]], titles[pair[0]], titles[pair[1]], settings)
                    if evidence is not None and groups.union(where[pair[0]], where[pair[1]]):
                        first, second = sorted((where[pair[0]], where[pair[1]]))
                        links.append(Link(first, second, evidence))
                        unions += 1
    return unions


def _canonical_order(records: Sequence[Reference]) -> list[int]:
    """Positions sorted by content, so that matching decisions do not depend on input order."""

    def content(index: int) -> tuple[object, ...]:
        record = records[index]
        found = record.identifiers
        family = family_key(record.authors[0]) if record.authors else ""
        return (
            normalise_title(record.title),
            (found.doi or "").lower(),
            found.pmid or "",
            found.pmcid or "",
            record.issued.parts() if record.issued else [],
            family,
            record.volume or "",
            record.page or "",
            index,
        )

    return sorted(range(len(records)), key=content)


def _split_block(members: list[int], titles: list[str], limit: int) -> Iterable[list[int]]:
    if len(members) <= limit:
        yield members
        return
    by_letter: dict[str, list[int]] = defaultdict(list)
    for index in members:
        by_letter[titles[index][:2]].append(index)
    for group in by_letter.values():
        if len(group) > 1:
            yield group[:limit] if len(group) > limit else group


# --- merging ----------------------------------------------------------------------------------


def _number(record: Reference, position: int) -> int:
    if record.provenance is not None and record.provenance.number is not None:
        return record.provenance.number
    return position + 1


def _date_text(date: Date) -> str:
    return date.isoformat()


def _name_richness(names: tuple[Name, ...]) -> tuple[int, int]:
    given = sum(len((name.given or "").replace(".", "").replace(" ", "")) for name in names)
    return (given, len(names))


def _richer_date(dates: list[Date]) -> Date:
    return max(dates, key=lambda date: (date.precision, date.end is not None))


def _dates_agree(a: Date, b: Date) -> bool:
    return all(x is None or y is None or x == y for x, y in zip(a.parts(), b.parts(), strict=False))


def _text_key(value: str) -> str:
    return fold(value)


def merge(records: Sequence[Reference], numbers: Sequence[int]) -> tuple[Reference, list[Conflict]]:
    """Merge records of one work into one, reporting each field on which they disagree."""
    conflicts: list[Conflict] = []
    first = records[0]
    fields: dict[str, object] = {}

    def report(field: str, values: list[tuple[int, str]], kept: str) -> None:
        conflicts.append(Conflict(field, tuple(values), kept))

    # Text fields: keep the longest (unabbreviated) value; report real disagreement.
    for attr in (
        "title",
        "container_title",
        "volume",
        "issue",
        "edition",
        "number",
        "publisher",
        "publisher_place",
        "medium",
        "genre",
        "language",
        "source",
        "note",
        "archive_url",
    ):
        present = [
            (number, getattr(record, attr))
            for record, number in zip(records, numbers, strict=True)
            if getattr(record, attr)
        ]
        if not present:
            continue
        kept = max((value for _, value in present), key=len)
        fields[attr] = kept
        differ = len({_text_key(value) for _, value in present}) > 1 and attr not in {"note", "source", "publisher"}
        if differ and (attr != "container_title" or not _abbreviation_of(present)):
            report(attr.replace("_", "-"), present, kept)
    # Pages: a full range over an abbreviated one; different first pages are a conflict.
    pages = [(number, record.page) for record, number in zip(records, numbers, strict=True) if record.page]
    if pages:
        fields["page"] = max((value for _, value in pages), key=len)
        if len({value for _, value in pages}) > 1:
            report("page", pages, str(fields["page"]))
    # Dates: the most precise; report any disagreement in the parts both have.
    for attr in ("issued", "accessed", "archive_date"):
        dated = [
            (number, getattr(record, attr))
            for record, number in zip(records, numbers, strict=True)
            if getattr(record, attr)
        ]
        if not dated:
            continue
        kept_date = _richer_date([date for _, date in dated])
        fields[attr] = kept_date
        texts = [(number, _date_text(date)) for number, date in dated]
        if attr == "issued" and any(not _dates_agree(date, kept_date) for _, date in dated):
            report(attr, texts, _date_text(kept_date))
    # Names: the list with the fullest given names, then the longest.
    for attr in ("authors", "editors"):
        lists = [
            (number, getattr(record, attr))
            for record, number in zip(records, numbers, strict=True)
            if getattr(record, attr)
        ]
        if not lists:
            continue
        kept_names = max((names for _, names in lists), key=_name_richness)
        fields[attr] = kept_names
        families = {tuple(family_key(name) for name in names) for _, names in lists}
        if len(families) > 1:
            report(
                attr,
                [(number, "; ".join(str(name) for name in names)) for number, names in lists],
                "; ".join(str(name) for name in kept_names),
            )
    # Type: the most specific one any member has.
    fields["type"] = _richest_type([record.type for record in records])
    fields["et_al"] = all(record.et_al for record in records if record.authors) and first.et_al
    fields["identifiers"] = _merge_identifiers([record.identifiers for record in records], numbers, report)
    extras: dict[str, object] = {}
    for record in records:
        for key, value in record.extra:
            extras.setdefault(key, value)
    extras["merged-from"] = list(numbers)
    fields["extra"] = tuple(extras.items())
    merged = attrs.evolve(first, **fields)  # type: ignore[arg-type]
    return merged, conflicts


def _abbreviation_of(values: list[tuple[int, str]]) -> bool:
    """True when the shorter container titles abbreviate the longest (J Clin Invest / Journal of Clinical…)."""
    longest = fold(max((value for _, value in values), key=len)).split()
    for _, value in values:
        words = fold(value).split()
        position = 0
        for word in words:
            while position < len(longest) and not longest[position].startswith(word):
                position += 1
            if position == len(longest):
                return False
            position += 1
    return True


_TYPE_ORDER: Final = (
    "article-journal",
    "paper-conference",
    "chapter",
    "book",
    "report",
    "thesis",
    "article-newspaper",
    "article-magazine",
    "article",
    "webpage",
    "post",
    "document",
)


def _richest_type(types: list[str]) -> str:
    ranked = sorted(types, key=lambda kind: _TYPE_ORDER.index(kind) if kind in _TYPE_ORDER else len(_TYPE_ORDER))
    return ranked[0]


def _merge_identifiers(all_ids: list[Identifiers], numbers: Sequence[int], report: object) -> Identifiers:
    values: dict[str, object] = {}
    for scheme in ("doi", "pmid", "pmcid", "s2cid", "bibcode", "arxiv", "url"):
        present = [getattr(ids, scheme) for ids in all_ids if getattr(ids, scheme)]
        values[scheme] = present[0] if present else None
    values["issn"] = tuple(dict.fromkeys(value for ids in all_ids for value in ids.issn))
    values["isbn"] = tuple(dict.fromkeys(value for ids in all_ids for value in ids.isbn))
    values["other"] = tuple(dict.fromkeys(pair for ids in all_ids for pair in ids.other))
    return Identifiers(**values)  # type: ignore[arg-type]


def _members(groups: _Groups, count: int) -> dict[int, list[int]]:
    members: dict[int, list[int]] = defaultdict(list)
    for index in range(count):
        members[groups.find(index)].append(index)
    return members


# --- entry point -------------------------------------------------------------------------------


def deduplicate(
    records: Sequence[Reference],
    *,
    settings: Settings = DEFAULT_SETTINGS,
    distinct: Iterable[tuple[int, int]] = (),
) -> DedupeResult:
    """Find the works ``records`` cite more than once and merge them.

    :param settings: matching thresholds (see :class:`Settings`).
    :param distinct: pairs of positions (0-based) judged *not* to be the same
        work; they never end up in one group, directly or through others.
    :returns: the unique records (merged, in order of first appearance), the
        duplicate groups with their evidence and conflicts, and the mapping
        from old reference numbers to new ones.
    """
    records = list(records)
    groups = _Groups(records, distinct)
    links: list[Link] = []
    order = _canonical_order(records)
    _match_identifiers(records, order, groups, links)
    _match_fuzzy(records, order, groups, links, settings)
    members = _members(groups, len(records))
    # A merged record combines its members' fields and may now match a record
    # that none of its members matched; compare merged groups again until
    # nothing changes, so that deduplicating the result finds nothing more.
    for _ in range(10):
        merged_roots = {root for root, positions in members.items() if len(positions) > 1}
        if not merged_roots:
            break
        roots = sorted(members)
        representatives = [
            merge([records[p] for p in members[root]], [p + 1 for p in members[root]])[0]
            if root in merged_roots
            else records[root]
            for root in roots
        ]
        focus = {index for index, root in enumerate(roots) if root in merged_roots}
        rep_order = _canonical_order(representatives)
        if not _match_fuzzy(representatives, rep_order, groups, links, settings, positions=roots, focus=focus):
            break
        members = _members(groups, len(records))
    links_by_root: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        links_by_root[groups.find(link.first)].append(link)
    unique: list[Reference] = []
    found: list[DuplicateGroup] = []
    all_conflicts: list[Conflict] = []
    renumbering: list[tuple[int, int]] = []
    new_number: dict[int, int] = {}
    for index, record in enumerate(records):
        root = groups.find(index)
        if root not in new_number:
            new_number[root] = len(unique) + 1
            positions = members[root]
            if len(positions) == 1:
                unique.append(record)
            else:
                numbers = [_number(records[p], p) for p in positions]
                merged, conflicts = merge([records[p] for p in positions], numbers)
                unique.append(merged)
                found.append(
                    DuplicateGroup(
                        tuple(positions),
                        tuple(numbers),
                        tuple(sorted(links_by_root[root], key=lambda link: (link.second, link.first))),
                        merged,
                        tuple(conflicts),
                    )
                )
                all_conflicts.extend(conflicts)
        renumbering.append((_number(record, index), new_number[root]))
    return DedupeResult(tuple(unique), tuple(found), tuple(renumbering), tuple(all_conflicts))
