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

import functools
import re
import sys
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Final, Literal

import attrs
from rapidfuzz import fuzz

from ldnrefs import identifiers as ids
from ldnrefs.merge import Conflict, merge
from ldnrefs.model import Name, Reference
from ldnrefs.normalise import family_key, fold, is_notice, main_title, normalise_title

__all__ = [
    "DEFAULT_SETTINGS",
    "SYSTEMATIC_REVIEW",
    "Conflict",
    "DedupeResult",
    "DuplicateGroup",
    "Evidence",
    "Link",
    "Settings",
    "deduplicate",
    "guard",
    "merge",
]

# --- settings -----------------------------------------------------------------


@attrs.frozen
class Settings:
    """The thresholds of fuzzy matching, with the reasons for their values.

    ``title_similarity``: rapidfuzz ``ratio`` (0–100) of normalised titles at
    or above which two records with agreeing first authors and years are the
    same work. 92 lets one or two typos or a dropped word in a 60-character
    title through (ratio 95–98) but not two titles that share most words and
    differ in a key term ("… in adults" / "… in children": about 85–90).

    ``title_similarity_without_author``: when a side has no author, the title
    alone carries the decision, so it must be nearly identical.

    ``title_similarity_corroborated``: when volume *and* first page agree, two
    different papers are all but impossible, so a title that lost its subtitle
    or gained a translation note still matches.

    ``prefix_length``: a title that is the start of the other matches when
    the other continues with a subtitle (after ":", ".", "?" or a dash), or
    when the shorter one has at least this many characters (a database's cut
    at 200 characters, a subtitle run on without punctuation): "Opioids and
    cancer" is not "Opioids and cancer in patients with lupus".

    ``year_tolerance``: online-first and issue dates of one article often
    differ by a year.

    ``max_block_size``: a blocking key shared by more records than this (a
    common surname in a common year) is split by the start of the title before
    pairs are compared, which keeps the work about linear.

    ``join_notices`` is off for reference lists, where an erratum or a
    reply and the article it concerns are different items to cite. Systematic
    reviews count records per *study* and may want them joined: use
    :data:`SYSTEMATIC_REVIEW`.
    """

    title_similarity: float = 92.0
    title_similarity_without_author: float = 97.0
    title_similarity_corroborated: float = 75.0
    prefix_length: int = 100
    year_tolerance: int = 1
    max_block_size: int = 64
    join_notices: bool = False


DEFAULT_SETTINGS: Final = Settings()
SYSTEMATIC_REVIEW: Final = Settings(join_notices=True)
"""Settings for systematic-review searches: errata and replies join the study's record."""

# Identifiers whose different values mean different works (DOI, PMID, PMCID): never merged.
STRONG_SCHEMES: Final = ids.EXCLUSIVE

# --- features ------------------------------------------------------------------

_FIRST_NUMBER: Final = re.compile(r"\d+")
_STOP: Final = frozenset("a an the of on in and or for to with by from at as is are was its".split())
_PROTOCOL: Final = re.compile(r"\b(?:protocol|rationale and design|design and rationale|study design)\b")
_NUMBER_WORD: Final = re.compile(r"(?:\d+|[ivx]{1,5})")
_NUMBER_HINT: Final = re.compile(r"\d|\b(?:part|phase|volume|vol|study|trial) [ivx]")
_NUMBERED_WORDS: Final = frozenset({"part", "phase", "volume", "vol", "study", "trial"})


def _first_number(text: str | None) -> int | None:
    """The first number in a volume, issue or page ("Pt 3" → 3, "S52-59" → 52, "c37" → 37)."""
    if not text:
        return None
    if text.isdigit():
        return int(text)
    match = _FIRST_NUMBER.search(text)
    return int(match.group()) if match else None


def _name_tokens(name: Name) -> frozenset[str]:
    text = " ".join(part for part in (name.particle, name.family, name.given, name.literal) if part)
    return frozenset(token for token in fold(text).split() if len(token) >= 3)


def _numbers(title: str) -> tuple[str, ...]:
    """Numbers in a folded title (arabic, or roman after "part"/"phase"): "part ii" → ("ii",)."""
    if not _NUMBER_HINT.search(title):
        return ()
    found = []
    words = title.split()
    for index, word in enumerate(words):
        counted = index and words[index - 1] in _NUMBERED_WORDS and _NUMBER_WORD.fullmatch(word)
        if word.isdigit() or counted:
            found.append(word)
    return tuple(found)


class _Features:
    """What matching needs of one record, computed once (a million times at scale).

    Kept small: volume, issue and pages are ints, and what only the guards
    need (title numbers, "protocol") is computed for candidate pairs alone.
    """

    __slots__ = ("family", "issue", "notice", "page", "record", "title", "volume", "year")

    def __init__(self, record: Reference) -> None:
        self.record = record
        self.title = normalise_title(record.title)
        # Interned: surnames repeat across a large list, and one copy each saves memory.
        self.family = sys.intern(family_key(record.authors[0])) if record.authors else ""
        self.year = record.issued.year if record.issued else None
        self.volume = _first_number(record.volume)
        self.issue = _first_number(record.issue)
        self.page = _first_number(record.page)
        self.notice = is_notice(record.title)


def _same_last_page(a: str | None, b: str | None) -> bool:
    ends = [_FIRST_NUMBER.findall(text or "") for text in (a, b)]
    return len(ends[0]) == 2 and len(ends[1]) == 2 and ends[0][1] == ends[1][1]


def _numbering(a: _Features, b: _Features) -> tuple[list[str], list[str]]:
    """Which of volume, issue and first page both records give, split into agreeing and differing."""
    agree: list[str] = []
    differ: list[str] = []
    for attr in ("volume", "issue", "page"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x is not None and y is not None:
            # A typo in the first page of an otherwise equal range ("2297-2108" / "2097-2108").
            same = x == y or (attr == "page" and _same_last_page(a.record.page, b.record.page))
            (agree if same else differ).append(attr)
    return agree, differ


# --- guards ----------------------------------------------------------------------

# Words that name different populations, arms or conditions: two titles that
# differ only in one of these ("… in adult patients" / "… in pediatric
# patients") are different studies however similar the rest.
_CONTRASTS: Final = (
    frozenset(
        {
            "adult",
            "adults",
            "pediatric",
            "paediatric",
            "child",
            "children",
            "adolescent",
            "adolescents",
            "infant",
            "infants",
            "neonatal",
            "neonates",
            "elderly",
            "older",
        }
    ),
    frozenset({"men", "women", "male", "female", "males", "females"}),
    frozenset({"sensitive", "resistant", "refractory"}),
    frozenset({"acute", "chronic", "subacute"}),
    frozenset({"mice", "mouse", "rats", "rat", "human", "humans", "dogs", "pigs"}),
    frozenset({"randomized", "randomised", "nonrandomized", "observational"}),
)


def _contrast(a: str, b: str) -> str | None:
    words_a, words_b = set(a.split()), set(b.split())
    for group in _CONTRASTS:
        left, right = words_a & group, words_b & group
        if left and right and left != right:
            return f"{'/'.join(sorted(left))} vs {'/'.join(sorted(right))}"
    return None


def _guard(a: _Features, b: _Features, settings: Settings) -> str | None:
    if not settings.join_notices and a.notice != b.notice:
        return "one is a correction, retraction or reply notice"
    if bool(_PROTOCOL.search(a.title)) != bool(_PROTOCOL.search(b.title)):
        return "one is a protocol, the other is not"
    if _numbers(a.title) != _numbers(b.title):
        return "the titles carry different numbers (part, phase, year)"
    contrast = _contrast(a.title, b.title)
    if contrast:
        return f"the titles name different groups ({contrast})"
    _, differ = _numbering(a, b)
    if differ and not (settings.join_notices and (a.notice or b.notice)):
        first, second = a.record, b.record
        shown = ", ".join(f"{attr} {getattr(first, attr)} / {getattr(second, attr)}" for attr in differ)
        return f"different {shown}"
    return None


def guard(first: Reference, second: Reference, *, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """Why two similar records must stay apart (a notice and its article, Part I and Part II…), or None."""
    return _guard(_Features(first), _Features(second), settings)


# --- result data -------------------------------------------------------------------


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
    old_numbers: tuple[int, ...]
    """The reference number of each input record (its list number, or position + 1)."""
    new_numbers: tuple[int, ...]
    """The number each input record has after merging."""
    conflicts: tuple[Conflict, ...]

    @property
    def renumbering(self) -> tuple[tuple[int, int], ...]:
        """(old number, new number) for each input record, in input order."""
        return tuple(zip(self.old_numbers, self.new_numbers, strict=True))

    @property
    def mapping(self) -> dict[int, int]:
        """Old reference number → new reference number."""
        return dict(zip(self.old_numbers, self.new_numbers, strict=True))


# --- union-find ---------------------------------------------------------------------


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
        self.records = records
        # The DOI, PMID and PMCID of each component that has grown beyond one
        # record; a single record's are read from it (a million small dicts
        # would cost hundreds of megabytes).
        self.strong: dict[int, dict[str, str]] = {}

    def _strong(self, root: int) -> dict[str, str]:
        cached = self.strong.get(root)
        if cached is not None:
            return cached
        record_ids = self.records[root].identifiers
        return {scheme: ids.key(scheme, value) for scheme in STRONG_SCHEMES if (value := getattr(record_ids, scheme))}

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
        left, right = self._strong(ra), self._strong(rb)
        if not left or not right:
            return None
        for scheme in STRONG_SCHEMES:
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
        combined = self._strong(ra)
        for scheme, value in self._strong(rb).items():
            combined.setdefault(scheme, value)
        self.strong.pop(rb, None)
        if combined:
            self.strong[ra] = combined
        return True


# --- identifier matching ----------------------------------------------------------------


def _identifier_keys(record: Reference) -> list[str]:
    """The keys that name one work: DOI, PMID, PMCID, arXiv id, and ISBN for whole books only
    (the chapters of one book share its ISBN)."""
    found = record.identifiers
    keys = [
        ids.key(scheme, value)
        for scheme in ids.NAMES_WORK
        if not ids.SCHEMES[scheme].multi and (value := getattr(found, scheme))
    ]
    if found.isbn and record.type == "book":
        keys.extend(sorted({ids.key("isbn", value) for value in found.isbn}))
    return keys


def _shown(record: Reference, scheme: str, key: str) -> str:
    """The identifier as the record writes it (``key`` is case-folded or ISBN-13)."""
    for item_scheme, value in record.identifiers.items():
        if item_scheme == scheme and ids.key(scheme, value) == key:
            return value
    return key.split(":", 1)[1]


def _match_identifiers(records: Sequence[Reference], order: Sequence[int], groups: _Groups, links: list[Link]) -> None:
    # Every earlier holder of a key is tried, not only the first: when the
    # first was refused (a conflicting DOI), a later holder may still match.
    holders: dict[str, list[int]] = defaultdict(list)
    for index in order:
        for key in _identifier_keys(records[index]):
            earlier = holders[key]
            for other in earlier:
                if groups.find(other) == groups.find(index):
                    break
                if groups.union(other, index):
                    scheme = key.split(":", 1)[0]
                    first, second = sorted((other, index))
                    detail = f"same {ids.SCHEMES[scheme].label} {_shown(records[first], scheme, key)}"
                    links.append(Link(first, second, Evidence("identifier", detail, (key,))))
                    break
            if not earlier or groups.find(earlier[-1]) != groups.find(index):
                earlier.append(index)


# --- fuzzy matching ------------------------------------------------------------------------


def _blocking_keys(features: _Features) -> tuple[list[str], list[str]]:
    """Records are compared only when they share one of these keys.

    Author keys: first author + year, and + year + 1, so a year apart still
    meets. Title keys: the first and the last three significant title words,
    so a typo, a different author spelling or a missing year still meets on
    one of them.
    """
    author_keys = []
    if features.family and features.year is not None:
        author_keys = [f"{features.family}{features.year}", f"{features.family}{features.year + 1}"]
    words = [word for word in features.title.split() if word not in _STOP]
    title_keys = []
    if len(words) >= 2:
        title_keys.append(" ".join(words[:3]))
    if len(words) >= 4:
        title_keys.append("~" + " ".join(words[-3:]))
    return author_keys, title_keys


def _authors_agree(a: _Features, b: _Features) -> bool | None:
    """Whether the first authors are one person; None when a side has no author.

    Tolerant of what databases do to names: particles dropped or capitalised
    ("de Breucker" / "Breucker"), compound names split differently ("Le, Quintrec M." /
    "Le Quintrec, M."), family and given swapped, a letter lost to encoding ("Bu?lova").
    """
    if not a.record.authors or not b.record.authors:
        return None
    key_a, key_b = a.family, b.family
    if key_a == key_b and key_a:
        return True
    if key_a and key_b:
        if key_a == key_b or key_a.endswith(key_b) or key_b.endswith(key_a):
            return True
        if min(len(key_a), len(key_b)) >= 3 and (key_a.startswith(key_b) or key_b.startswith(key_a)):
            return True
        if fuzz.ratio(key_a, key_b) >= 80:
            return True
    return bool(_name_tokens(a.record.authors[0]) & _name_tokens(b.record.authors[0]))


def _compare(a: _Features, b: _Features, settings: Settings) -> Evidence | None:
    """The evidence that two records are one work, or None."""
    if not a.title or not b.title:
        return None
    if a.year is not None and b.year is not None and abs(a.year - b.year) > settings.year_tolerance:
        return None
    authors = _authors_agree(a, b)
    if authors is False:
        return None
    agree, differ = _numbering(a, b)
    corroborated = "volume" in agree and "page" in agree and not differ
    if corroborated:
        threshold = settings.title_similarity_corroborated
    elif authors:
        threshold = settings.title_similarity
    else:
        threshold = settings.title_similarity_without_author
    similarity = fuzz.ratio(a.title, b.title)
    prefix = False
    if similarity < threshold:
        short, long = (a, b) if len(a.title) <= len(b.title) else (b, a)
        prefix = long.title.startswith(short.title) and (
            len(short.title) >= settings.prefix_length or corroborated or main_title(long.record.title) == short.title
        )
        if not prefix:
            return None
    if _guard(a, b, settings):
        return None
    first = a.record
    parts = ["title is the start of the other" if prefix else f"title {similarity / 100:.2f} similar"]
    if authors:
        parts.append(f"first author {first.authors[0].family or first.authors[0].literal}")
    if a.year is not None and b.year is not None:
        parts.append(f"year {a.year}" if a.year == b.year else f"years {a.year}/{b.year}")
    for attr in agree:
        parts.append(f"first page {a.page}" if attr == "page" else f"{attr} {getattr(first, attr)}")
    return Evidence("fuzzy", ", ".join(parts), title_similarity=round(similarity / 100, 4))


def _split_block(members: list[int], features: Sequence[_Features], limit: int) -> Iterable[list[int]]:
    if len(members) <= limit:
        yield members
        return
    by_start: dict[str, list[int]] = defaultdict(list)
    for index in members:
        by_start[features[index].title[:2]].append(index)
    for group in by_start.values():
        if len(group) > 1:
            yield group[:limit]


class _Keys:
    """The blocking keys of every record, hashed to ints and packed in arrays.

    Computed once and reused by both blocking passes and by the pass over
    merged groups; a million records take about 40 MB here instead of the
    several hundred that lists of key strings would.
    """

    def __init__(self, features: Sequence[_Features]) -> None:
        self.flat = (array("q"), array("q"))
        self.start = (array("q", [0]), array("q", [0]))
        for feature in features:
            for kind, keys in enumerate(_blocking_keys(feature)):
                self.flat[kind].extend(hash(key) for key in keys)
                self.start[kind].append(len(self.flat[kind]))

    def of(self, kind: int, index: int) -> array[int]:
        return self.flat[kind][self.start[kind][index] : self.start[kind][index + 1]]


def _blocks(keyed: Iterable[tuple[int, Iterable[int]]], wanted: set[int] | None) -> list[list[int]]:
    """Lists of indices that share a key, built without keeping one list per record.

    A key seen once maps to its index (an int); only a second holder turns it
    into a list. At a million records this halves the memory of blocking.
    """
    table: dict[int, int | list[int]] = {}
    for index, keys in keyed:
        for key in keys:
            if wanted is not None and key not in wanted:
                continue
            held = table.get(key)
            if held is None:
                table[key] = index
            elif isinstance(held, int):
                table[key] = [held, index]
            else:
                held.append(index)
    return [held for held in table.values() if isinstance(held, list)]


def _match_fuzzy(
    features: Sequence[_Features],
    order: Sequence[int],
    groups: _Groups,
    links: list[Link],
    settings: Settings,
    *,
    keys: Callable[[int, int], Iterable[int]],
    positions: Sequence[int] | None = None,
    focus: set[int] | None = None,
) -> int:
    """Compare records that share a blocking key; returns the number of new unions.

    ``features[i]`` stands for input position ``positions[i]`` (a group's merged
    record stands for its first member); ``keys(kind, i)`` gives its hashed
    blocking keys. With ``focus``, only blocks holding a member of it are
    built, and only pairs with a member in it compared. Author keys and title
    keys are blocked in two passes, so only one table is in memory at a time.
    """
    where = positions if positions is not None else range(len(features))
    unions = 0
    for kind in (0, 1):
        wanted = None
        if focus is not None:
            wanted = {key for index in focus for key in keys(kind, index)}
            if not wanted:
                continue
        blocks = _blocks(((index, keys(kind, index)) for index in order), wanted)
        seen: set[tuple[int, int]] = set()
        for members in blocks:
            for chunk in _split_block(members, features, settings.max_block_size):
                for offset, a in enumerate(chunk):
                    for b in chunk[offset + 1 :]:
                        if focus is not None and a not in focus and b not in focus:
                            continue
                        pair = (a, b) if a < b else (b, a)
                        if groups.find(where[a]) == groups.find(where[b]) or pair in seen:
                            continue
                        seen.add(pair)
                        evidence = _compare(features[pair[0]], features[pair[1]], settings)
                        if evidence is not None and groups.union(where[pair[0]], where[pair[1]]):
                            first, second = sorted((where[pair[0]], where[pair[1]]))
                            links.append(Link(first, second, evidence))
                            unions += 1
    return unions


def _canonical_order(features: Sequence[_Features]) -> list[int]:
    """Positions sorted by content, so that matching decisions do not depend on input order.

    Sorted by folded title first (no tuple per record); runs of equal titles
    are then ordered by their remaining content.
    """
    titles = [feature.title for feature in features]
    order = sorted(range(len(features)), key=titles.__getitem__)
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or titles[order[end]] != titles[order[start]]:
            if end - start > 1:
                order[start:end] = sorted(order[start:end], key=lambda index: _content(features[index], index))
            start = end
    return order


def _content(feature: _Features, index: int) -> tuple[object, ...]:
    """Everything matching looks at, to order records that share a title."""
    record = feature.record
    found = record.identifiers
    first = record.authors[0] if record.authors else None
    return (
        ids.key_form("doi", found.doi or ""),
        found.pmid or "",
        found.pmcid or "",
        record.issued.parts() if record.issued else [],
        feature.family,
        (first.given or "") if first else "",
        len(record.authors),
        record.volume or "",
        record.issue or "",
        record.page or "",
        record.container_title or "",
        record.title or "",
        index,
    )


# --- entry point ----------------------------------------------------------------------------


def _representative_keys(
    fresh: dict[int, tuple[list[str], list[str]]], roots: Sequence[int], key_index: _Keys, kind: int, slot: int
) -> Iterable[int]:
    """Blocking keys of a representative: fresh for a merged group, cached for a single record."""
    if slot in fresh:
        return [hash(key) for key in fresh[slot][kind]]
    return key_index.of(kind, roots[slot])


def _members(groups: _Groups, count: int) -> dict[int, list[int]]:
    """Members of every group of two or more, by root (single records are left out)."""
    roots = [groups.find(index) for index in range(count)]
    by_root = sorted(range(count), key=roots.__getitem__)
    members: dict[int, list[int]] = {}
    start = 0
    for end in range(1, count + 1):
        if end == count or roots[by_root[end]] != roots[by_root[start]]:
            if end - start > 1:
                members[roots[by_root[start]]] = sorted(by_root[start:end])
            start = end
    return members


def _refine(
    records: Sequence[Reference],
    features: Sequence[_Features],
    key_index: _Keys,
    members: dict[int, list[int]],
    groups: _Groups,
    links: list[Link],
    settings: Settings,
    merged: Callable[[list[int]], tuple[Reference, list[Conflict]]],
) -> dict[int, list[int]]:
    """Compare merged groups again until nothing changes; returns the final groups.

    A merged record combines its members' fields and may match a record that
    none of its members matched. Repeating until nothing joins makes the result
    stable: deduplicating it again finds nothing more.
    """
    for _ in range(10):
        if not members:
            break
        in_group = {position for positions in members.values() for position in positions}
        roots = [index for index in range(len(records)) if index not in in_group or index in members]
        representatives = [features[root] for root in roots]
        focus = set()
        for slot, root in enumerate(roots):
            if root in members:
                representatives[slot] = _Features(merged(members[root])[0])
                focus.add(slot)
        rep_order = _canonical_order(representatives)
        fresh = {slot: _blocking_keys(representatives[slot]) for slot in focus}
        rep_keys = functools.partial(_representative_keys, fresh, roots, key_index)
        if not _match_fuzzy(
            representatives, rep_order, groups, links, settings, keys=rep_keys, positions=roots, focus=focus
        ):
            break
        members = _members(groups, len(records))
    return members


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
    features = [_Features(record) for record in records]
    order = _canonical_order(features)
    _match_identifiers(records, order, groups, links)
    key_index = _Keys(features)
    _match_fuzzy(features, order, groups, links, settings, keys=key_index.of)
    members = _members(groups, len(records))
    merged_cache: dict[tuple[int, ...], tuple[Reference, list[Conflict]]] = {}

    def merged(positions: list[int]) -> tuple[Reference, list[Conflict]]:
        key = tuple(positions)
        if key not in merged_cache:
            merged_cache[key] = merge(
                [records[p] for p in positions], [records[p].reference_number(p) for p in positions]
            )
        return merged_cache[key]

    members = _refine(records, features, key_index, members, groups, links, settings, merged)
    # Matching is over: free its tables before the results are built, so the
    # peak memory is the larger of the two phases rather than their sum.
    del features, key_index, order
    links_by_root: dict[int, list[Link]] = defaultdict(list)
    for link in links:
        links_by_root[groups.find(link.first)].append(link)
    unique: list[Reference] = []
    found: list[DuplicateGroup] = []
    all_conflicts: list[Conflict] = []
    old_numbers: list[int] = []
    new_numbers: list[int] = []
    new_number = [0] * len(records)  # by root position; a list, not a dict, at a million records
    for index, record in enumerate(records):
        root = groups.find(index)
        number = new_number[root]
        if not number:
            number = new_number[root] = len(unique) + 1
            positions = members.get(root)
            if positions is None:
                unique.append(record)
            else:
                record_merged, conflicts = merged(positions)
                unique.append(record_merged)
                found.append(
                    DuplicateGroup(
                        tuple(positions),
                        tuple(records[p].reference_number(p) for p in positions),
                        tuple(sorted(links_by_root[root], key=lambda link: (link.second, link.first))),
                        record_merged,
                        tuple(conflicts),
                    )
                )
                all_conflicts.extend(conflicts)
        old_numbers.append(record.reference_number(index))
        new_numbers.append(number)
    return DedupeResult(tuple(unique), tuple(found), tuple(old_numbers), tuple(new_numbers), tuple(all_conflicts))
