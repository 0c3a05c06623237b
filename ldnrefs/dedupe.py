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


_EDITORIAL_NOTE: Final = re.compile(
    r"\s*\.?\s*\[(?:erratum|published erratum|corrected|see comments?|comment|retracted|retraction|update|"
    r"summary for patients|article in|review|\d+ refs)[^\]]*(?:\].*)?$",
    re.IGNORECASE,
)
_LANGUAGE_TAG: Final = re.compile(r"\s*\.?\s*\[[A-Z][a-z]+(?: [A-Z][a-z]+)?\]\s*\.?\s*$")
_LETTER_MARKS: Final = re.compile(r"\s*\((?:multiple letters|letter)\)|\s*\[\d{1,3}\]\s*$", re.IGNORECASE)
_TRAILING_CITATION: Final = re.compile(r"(?:\.{3}|\.)\s+[A-Z][A-Za-z .]{1,60}\s(?:19|20)\d\d\b[^a-z]*$")
# Notices: an erratum, correction, retraction, reply or comment. Web of Science
# marks errata with the corrected article's citation, "(vol 142, pg 310, 2003)";
# Embase with "(Journal (2009) 360 (542-544))".
_NOTICE_PREFIX: Final = re.compile(
    r"^(?:erratum|errata|correction|corrigendum|author correction|publisher correction|retraction|notice of "
    r"retraction|expression of concern|reply|comment|commentary|response|withdrawn)(?:\s+(?:to|on|for))?\s*:\s*",
    re.IGNORECASE,
)
_NOTICE_SUFFIX: Final = re.compile(r"\s*[-–—:]+\s*(?:reply|authors'? reply|response|author reply)\s*\.?$", re.I)
_CORRECTED_CITATION: Final = re.compile(r"\s*\((?:vol|volume)\.?\s*\d+[^)]*\)\s*\.?$", re.IGNORECASE)
_CITATION_PARENTHETICAL: Final = re.compile(r"\s*\([^()]*\((?:19|20)\d\d\)[^()]*(?:\([^()]*\)?)?\)?\)?\s*$")


def is_notice(title: str | None) -> bool:
    """Whether a title is that of an erratum, correction, retraction, reply or comment."""
    if not title:
        return False
    return bool(
        _NOTICE_PREFIX.match(title)
        or _NOTICE_SUFFIX.search(title)
        or _CORRECTED_CITATION.search(title)
        or _CITATION_PARENTHETICAL.search(title)
    )


def clean_title(title: str) -> str:
    """The title without database notes and notice markers, so records of one work compare equal.

    Removed: "[Erratum appears in …]", "[Review] [88 refs]", "[Spanish]", "(multiple
    letters) [1]", the brackets round a translated title, a trailing journal citation,
    and the marks of a notice ("Erratum:", "- Reply", "(vol 142, pg 310, 2003)").
    Whether a record *is* a notice is decided on the raw title (:func:`is_notice`).
    """
    title = _EDITORIAL_NOTE.sub("", title)
    title = _LANGUAGE_TAG.sub("", title)
    title = _LETTER_MARKS.sub("", title)
    title = _TRAILING_CITATION.sub("", title)
    title = _NOTICE_SUFFIX.sub("", _NOTICE_PREFIX.sub("", title))
    title = _CORRECTED_CITATION.sub("", title)
    title = _CITATION_PARENTHETICAL.sub("", title)
    if title.count("(") > title.count(")"):
        title = title[: title.rfind("(")]
    title = title.strip()
    if title.startswith("[") and title.rstrip(".").endswith("]"):
        title = title.rstrip(".")[1:-1]
    return title


def normalise_title(title: str | None) -> str:
    """The title as compared: cleaned of database notes (:func:`clean_title`), then folded."""
    if not title:
        return ""
    return fold(clean_title(title))


_SUBTITLE: Final = re.compile(r"\s*(?:[:.?!;]|\s[-–—]+)\s")


def main_title(title: str | None) -> str:
    """The folded title before its first subtitle separator ("Title: subtitle" → "title")."""
    if not title:
        return ""
    return fold(_SUBTITLE.split(clean_title(title), maxsplit=1)[0])


def family_key(name: Name | None) -> str:
    """The first author's family name (or organisation) folded to ASCII letters."""
    if name is None:
        return ""
    family = name.family or name.literal or ""
    return fold(family).replace(" ", "")


# --- guards ------------------------------------------------------------------------

_PROTOCOL: Final = re.compile(r"\b(?:protocol|rationale and design|design and rationale|study design)\b", re.I)
_NUMBER_WORD: Final = re.compile(r"\b(?:\d+|[ivx]{1,5})\b")
_NUMBERED_WORDS: Final = frozenset({"part", "phase", "volume", "vol", "study", "trial"})


def _numbers(title: str) -> tuple[str, ...]:
    """Numbers in a folded title (arabic, or roman after "part"/"phase"): "part ii" → ("ii",)."""
    found = []
    words = title.split()
    for index, word in enumerate(words):
        counted = index and words[index - 1] in _NUMBERED_WORDS and _NUMBER_WORD.fullmatch(word)
        if word.isdigit() or counted:
            found.append(word)
    return tuple(found)


_FIRST_NUMBER: Final = re.compile(r"\d+")


def _first_number(text: str | None) -> str | None:
    """The first number in a volume, issue or page ("Pt 3" → "3", "S52-59" → "52", "c37" → "37")."""
    match = _FIRST_NUMBER.search(text or "")
    return (match.group().lstrip("0") or "0") if match else None


def _numbering(first: Reference, second: Reference) -> tuple[list[str], list[str]]:
    """Which of volume, issue and first page both records give, split into agreeing and differing."""
    agree: list[str] = []
    differ: list[str] = []
    for attr in ("volume", "issue", "page"):
        x, y = _first_number(getattr(first, attr)), _first_number(getattr(second, attr))
        if x and y:
            same = x == y or (attr == "page" and _same_last_page(first.page, second.page))
            (agree if same else differ).append(attr)
    return agree, differ


def _same_last_page(a: str | None, b: str | None) -> bool:
    """Ranges that end on the same page: a typo in the first page ("2297-2108" / "2097-2108")."""
    ends = [_FIRST_NUMBER.findall(text or "") for text in (a, b)]
    return all(len(numbers) == 2 for numbers in ends) and ends[0][1] == ends[1][1]


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


def guard(
    first: Reference, second: Reference, *, settings: Settings | None = None, titles: tuple[str, str] | None = None
) -> str | None:
    """Why two similar records must stay apart, or None."""
    settings = settings or DEFAULT_SETTINGS
    if not settings.join_notices and is_notice(first.title) != is_notice(second.title):
        return "one is a correction, retraction or reply notice"
    a, b = titles or (normalise_title(first.title), normalise_title(second.title))
    if bool(_PROTOCOL.search(a)) != bool(_PROTOCOL.search(b)):
        return "one is a protocol, the other is not"
    if _numbers(a) != _numbers(b):
        return "the titles carry different numbers (part, phase, year)"
    contrast = _contrast(a, b)
    if contrast:
        return f"the titles name different groups ({contrast})"
    _, differ = _numbering(first, second)
    notices = is_notice(first.title) or is_notice(second.title)
    if differ and not (settings.join_notices and notices):
        shown = ", ".join(f"{attr} {getattr(first, attr)} / {getattr(second, attr)}" for attr in differ)
        return f"different {shown}"
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


def _name_tokens(name: Name) -> set[str]:
    text = " ".join(part for part in (name.particle, name.family, name.given, name.literal) if part)
    return {token for token in fold(text).split() if len(token) >= 3}


def _authors_agree(first: Reference, second: Reference) -> bool | None:
    """Whether the first authors are one person; None when a side has no author.

    Tolerant of what databases do to names: particles dropped or capitalised
    ("de Breucker" / "Breucker"), compound names split differently ("Le, Quintrec M." /
    "Le Quintrec, M."), family and given swapped, a letter lost to encoding ("Bu?lova").
    """
    if not first.authors or not second.authors:
        return None
    a, b = first.authors[0], second.authors[0]
    key_a, key_b = family_key(a), family_key(b)
    if key_a and key_b:
        if key_a == key_b or key_a.endswith(key_b) or key_b.endswith(key_a):
            return True
        if min(len(key_a), len(key_b)) >= 3 and (key_a.startswith(key_b) or key_b.startswith(key_a)):
            return True
        if fuzz.ratio(key_a, key_b) >= 80:
            return True
    return bool(_name_tokens(a) & _name_tokens(b))


def _compare(first: Reference, second: Reference, title_a: str, title_b: str, settings: Settings) -> Evidence | None:
    if not title_a or not title_b:
        return None
    year_a = first.issued.year if first.issued else None
    year_b = second.issued.year if second.issued else None
    if year_a is not None and year_b is not None and abs(year_a - year_b) > settings.year_tolerance:
        return None
    authors = _authors_agree(first, second)
    if authors is False:
        return None
    agree, differ = _numbering(first, second)
    corroborated = "volume" in agree and "page" in agree and not differ
    (shorter, _), (longer, long_record) = sorted(((title_a, first), (title_b, second)), key=lambda t: len(t[0]))
    prefix = longer.startswith(shorter) and (
        len(shorter) >= settings.prefix_length or corroborated or main_title(long_record.title) == shorter
    )
    if corroborated:
        threshold = settings.title_similarity_corroborated
    elif authors:
        threshold = settings.title_similarity
    else:
        threshold = settings.title_similarity_without_author
    similarity = fuzz.ratio(title_a, title_b)
    if similarity < threshold and not prefix:
        return None
    if guard(first, second, settings=settings, titles=(title_a, title_b)):
        return None
    parts = [
        "title is a prefix of the other"
        if prefix and similarity < threshold
        else f"title {similarity / 100:.2f} similar"
    ]
    if authors:
        parts.append(f"first author {first.authors[0].family or first.authors[0].literal}")
    if year_a is not None and year_b is not None:
        parts.append(f"year {year_a}" if year_a == year_b else f"years {year_a}/{year_b}")
    for attr in agree:
        parts.append(
            f"first page {first_page(first.page or '')}" if attr == "page" else f"{attr} {getattr(first, attr)}"
        )
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


def _longest(value: str) -> tuple[int, str]:
    """Sort key for "the richest text": the longest, ties broken by content, never by input order."""
    return (len(value), value)


def _name_richness(names: tuple[Name, ...]) -> tuple[int, int]:
    given = sum(len((name.given or "").replace(".", "").replace(" ", "")) for name in names)
    return (given, len(names))


def _richer_date(dates: list[Date]) -> Date:
    return max(dates, key=lambda date: (date.precision, date.end is not None, date.isoformat()))


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
        kept = max((value for _, value in present), key=_longest)
        fields[attr] = kept
        differ = len({_text_key(value) for _, value in present}) > 1 and attr not in {"note", "source", "publisher"}
        if differ and (attr != "container_title" or not _abbreviation_of(present)):
            report(attr.replace("_", "-"), present, kept)
    # Pages: a full range over an abbreviated one; different first pages are a conflict.
    pages = [(number, record.page) for record, number in zip(records, numbers, strict=True) if record.page]
    if pages:
        fields["page"] = max((value for _, value in pages), key=_longest)
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
        kept_names = max((names for _, names in lists), key=lambda names: (*_name_richness(names), str(names)))
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
    longest = fold(max((value for _, value in values), key=_longest)).split()
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
        values[scheme] = min(present) if present else None
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
