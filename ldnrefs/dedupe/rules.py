"""When two records are one work: the comparison of a candidate pair, and the guards that keep look-alikes apart."""

from __future__ import annotations

import re
from datetime import date
from typing import Final

from rapidfuzz import fuzz

from ldnrefs import identifiers as ids
from ldnrefs.dedupe.features import Features, name_tokens, numbering, numbers_in, title_numbers
from ldnrefs.dedupe.result import Evidence
from ldnrefs.dedupe.settings import DEFAULT_SETTINGS, Settings
from ldnrefs.model import Reference
from ldnrefs.normalize import STOP_WORDS, abbreviation_end, fold, main_title
from ldnrefs.vocabulary import PREPRINT_SERVERS

_PROTOCOL: Final = re.compile(r"\b(?:protocol|rationale and design|design and rationale|study design)\b")

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


def guard_features(a: Features, b: Features, settings: Settings) -> str | None:
    if not settings.join_notices and a.notice != b.notice:
        return "one is a correction, retraction or reply notice"
    if bool(_PROTOCOL.search(a.title)) != bool(_PROTOCOL.search(b.title)):
        return "one is a protocol, the other is not"
    if title_numbers(a.title) != title_numbers(b.title):
        return "the titles carry different numbers (part, phase, year)"
    contrast = _contrast(a.title, b.title)
    if contrast:
        return f"the titles name different groups ({contrast})"
    _, differ = numbering(a, b)
    if "page" in differ and _pinpoints_agree(a.record, b.record):
        differ.remove("page")
    if differ and is_preprint(a.record) != is_preprint(b.record):
        # A preprint's "pages" and "volume" are its server's (ADS writes "arXiv:1407.5459" as pages):
        # they cannot disagree with the published version's.
        differ = []
    if differ and not (settings.join_notices and (a.notice or b.notice)):
        first, second = a.record, b.record
        shown = ", ".join(f"{attr} {getattr(first, attr)} / {getattr(second, attr)}" for attr in differ)
        return f"different {shown}"
    return None


# Works that stand alone, whose "page" is a pinpoint: a chapter's, article's or paper's pages are
# where it is in its container, and different pages there mean different works.
_WHOLE_WORK_TYPES: Final = frozenset({"book", "report", "thesis", "manuscript", "map", "pamphlet", "standard"})


def is_whole_work(record: Reference) -> bool:
    """A book, report or thesis, or an untyped reference with no container (a note's "Author, Title, p. 12")."""
    return record.type in _WHOLE_WORK_TYPES or (record.type == "document" and not record.container_title)


def _pinpoints_agree(first: Reference, second: Reference) -> bool:
    """Pages that differ but do not tell two records apart. A book's or report's page is where a note
    cites it (p. 12, p. 45), not where the work is: two places in one book are one work, reported
    as cited at different pages. A note's page inside an article's pages ("p. 136" of "135–149")
    cites that article."""
    whole = is_whole_work(first), is_whole_work(second)
    if whole[0] and whole[1]:
        return True
    if whole[0] == whole[1]:
        return False
    note, article = (first, second) if whole[0] else (second, first)
    cited, extent = numbers_in(note.page)[:2], numbers_in(article.page)[:2]
    if not cited or len(extent) != 2 or extent[1] < extent[0]:
        return False
    return all(extent[0] <= page <= extent[1] for page in cited)


def contradict(a: Features, b: Features, settings: Settings) -> bool:
    """Two records that cannot be one work whatever their titles say: a guard's reason (a notice and
    its article, other numbers, volume or pages), web pages at two addresses, two outlets or dates
    far apart, other editions, sections, documents or versions. Checked between the merged records
    of two groups before they are joined, so that a record that says less cannot bridge two that
    disagree."""
    first, second = a.record, b.record
    return bool(
        guard_features(a, b, settings)
        or _web_or_news_apart(first, second)
        or _other_pages(first, second)
        or _parts_differ(first, second)
        or _versions_apart(first, second)
    )


def guard(first: Reference, second: Reference, *, settings: Settings = DEFAULT_SETTINGS) -> str | None:
    """Why two similar records must stay apart (a notice and its article, Part I and Part II…), or None."""
    return guard_features(Features(first), Features(second), settings)


def authors_agree(a: Features, b: Features) -> bool | None:
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
    return bool(name_tokens(a.record.authors[0]) & name_tokens(b.record.authors[0]))


_PREPRINT_SERVER: Final = re.compile(rf"{'|'.join(PREPRINT_SERVERS)}|preprint|e-?prints", re.IGNORECASE)
_PREPRINT_YEARS: Final = 4
"""A preprint may be published this many years after it was posted (arXiv 2014, journal 2016)."""


def is_preprint(record: Reference) -> bool:
    return bool(record.identifiers.arxiv) or bool(
        record.container_title and _PREPRINT_SERVER.search(record.container_title)
    )


def _preprint_and_publication(a: Features, b: Features) -> bool:
    """A preprint and its publication, years apart: one of them a preprint, the same title word for
    word and the same first author."""
    if a.year is None or b.year is None:
        return False
    return (
        abs(a.year - b.year) <= _PREPRINT_YEARS
        and a.title == b.title
        and is_preprint(a.record) != is_preprint(b.record)
        and authors_agree(a, b) is True
    )


def compare(a: Features, b: Features, settings: Settings) -> Evidence | None:
    """The evidence that two records are one work, or None."""
    if not a.title or not b.title:
        return None
    if (
        a.year is not None
        and b.year is not None
        and abs(a.year - b.year) > settings.year_tolerance
        and not _preprint_and_publication(a, b)
    ):
        return None
    authors = authors_agree(a, b)
    if authors is False:
        return None
    similarity = fuzz.ratio(a.title, b.title)
    short, long = (a, b) if len(a.title) <= len(b.title) else (b, a)
    starts = long.title.startswith(short.title)
    if similarity < settings.lowest_title_similarity and not starts:
        return None  # most pairs a block holds: no need to look further
    agree, differ = numbering(a, b)
    corroborated = "volume" in agree and "page" in agree and not differ
    if corroborated:
        threshold = settings.title_similarity_corroborated
    elif authors:
        threshold = settings.title_similarity
    else:
        threshold = settings.title_similarity_without_author
    prefix = False
    if similarity < threshold:
        prefix = starts and (
            len(short.title) >= settings.prefix_length or corroborated or main_title(long.record.title) == short.title
        )
        if not prefix:
            return None
    if contradict(a, b, settings):
        return None
    if similarity < 100 and not corroborated and _other_subject_words(a.title, b.title):
        return None
    if authors is None and _unlike_without_authors(a.record, b.record):
        return None
    if _weak_title_unsupported(a, b, authors) or (prefix and _web_and_scholarly(a.record, b.record)):
        return None
    if prefix and not (a.record.authors or b.record.authors or a.record.issued or b.record.issued):
        return None  # no author, no date: "CIA The World Factbook" is not "CIA The World Factbook: Oil producers"
    first = a.record
    parts = ["title is the start of the other" if prefix else f"title {similarity / 100:.2f} similar"]
    if authors:
        parts.append(f"first author {first.authors[0].family or first.authors[0].literal}")
    if a.year is not None and b.year is not None:
        parts.append(f"year {a.year}" if a.year == b.year else f"years {a.year}/{b.year}")
    for attr in agree:
        parts.append(f"first page {a.page}" if attr == "page" else f"{attr} {getattr(first, attr)}")
    return Evidence("fuzzy", ", ".join(parts), title_similarity=round(similarity / 100, 4))


_SPELLING_VARIANT: Final = 75  # "haemolytic"/"hemolytic", "paediatric"/"pediatric", "behavior"/"behaviour"


def _other_subject_words(one: str, other: str) -> bool:
    """Each title has a word of substance the other lacks, and the two are not spellings of one word:
    "WebElements … Lithium historical information" / "… Potassium biological information" name
    two pages. A word added on one side only (a subtitle, "the"), or split in two ("identifi cation",
    "decision theoretic" / "decisiontheoretic"), is no such sign."""
    words, other_words = set(one.split()), set(other.split())
    only = [word for word in words - other_words if len(word) > 2 and word not in STOP_WORDS]
    other_only = [word for word in other_words - words if len(word) > 2 and word not in STOP_WORDS]
    if not only or not other_only:
        return False

    def unmatched(word: str, mates: list[str], mates_title: str) -> bool:
        """Neither inside the other title with its spaces taken out nor a spelling of a word it adds."""
        return word not in mates_title.replace(" ", "") and all(
            fuzz.ratio(word, mate) < _SPELLING_VARIANT for mate in mates
        )

    return any(unmatched(word, other_only, other) for word in only) and any(
        unmatched(word, only, one) for word in other_only
    )


# Kinds of item a title match cannot cross when an author is missing: a web page or a video
# titled like a journal article or a book chapter is another work about the same subject.
_WEB_TYPES: Final = frozenset(
    {"webpage", "post", "post-weblog", "broadcast", "motion_picture", "software", "dataset", "interview", "speech"}
)
_SCHOLARLY_TYPES: Final = frozenset(
    {"article-journal", "chapter", "book", "paper-conference", "report", "thesis", "entry-encyclopedia"}
)


def _unlike_without_authors(first: Reference, second: Reference) -> bool:
    """With an author missing on one side, a title match is not enough where the records say
    otherwise: a web page against a scholarly type, or two containers that disagree
    (YouTube / StatPearls; "The Lancet" and "Lancet" agree, an abbreviation agrees)."""
    types = {first.type, second.type}
    if types & _WEB_TYPES and types & _SCHOLARLY_TYPES:
        return True
    return containers_disagree(first.container_title, second.container_title)


def containers_disagree(one: str | None, other: str | None) -> bool:
    """Both give a container and neither names or abbreviates the other."""
    if not one or not other:
        return False
    a, b = (_container_words(value) for value in (one, other))
    if not a or not b or a == b:
        return False
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    end = abbreviation_end(short, long)
    # "Nature" and "Nature Medicine", "Foo Bar" and "Foo Bar Times": the longer name goes on after
    # the last word the shorter stands for, so they are two outlets, not a name and its short form.
    return end is None or any(word not in _NAME_FILLERS for word in long[end:])


_NAME_FILLERS: Final = frozenset({"the", "of", "and", "for", "in", "on", "online", "edition", "ed"})


def _container_words(value: str) -> list[str]:
    words = fold(value).split()
    return words[1:] if words[:1] == ["the"] else words


# Titles that say nothing about the work: CS1's placeholder for an archived page without a
# title of its own, and the names of generic pages. They never join records by themselves.
PLACEHOLDER_TITLES: Final = frozenset(
    {
        "archived copy",
        "untitled",
        "untitled document",
        "no title",
        "title",
        "home",
        "home page",
        "homepage",
        "index",
        "welcome",
        "login",
        "log in",
        "sign in",
        "search",
        "search results",
        "contact",
        "contact us",
        "about",
        "about us",
        "news",
        "press release",
        "press releases",
        "fact sheet",
        "main page",
        "page not found",
        "404 not found",
        "not found",
        "error",
        "document",
        "web page",
        "website",
        "official website",
        "pdf",
        "overview",
        "introduction",
        "faq",
        "frequently asked questions",
    }
)


def is_placeholder(title: str) -> bool:
    """A generic title (``title`` normalised as matching normalises it)."""
    return title in PLACEHOLDER_TITLES


def _weak_title_unsupported(a: Features, b: Features, authors: bool | None) -> bool:
    """A placeholder, or a title that is the name of its own site ("Online Etymology Dictionary" on
    that dictionary's pages), never joins by title; a title of one or two words (the name of a
    site, or the subject of the article citing it) joins only with the same author and year."""
    if is_placeholder(a.title) or is_placeholder(b.title):
        return True
    if _names_its_site(a.record) or _names_its_site(b.record):
        return True
    if len(a.title.split()) > 2 and len(b.title.split()) > 2:
        return False
    return not (authors and a.year is not None and a.year == b.year)


_NEWS_AND_WEB: Final = frozenset(
    {"webpage", "post", "post-weblog", "article-newspaper", "article-magazine", "broadcast", "interview"}
)
_DAYS_APART: Final = 7


def _names_its_site(record: Reference) -> bool:
    """The title is the name of the site or publisher that holds the page (not a book or article):
    in a rendered list, where addresses are not shown, two such pages cannot be told apart by their
    titles."""
    if record.type in _SCHOLARLY_TYPES or not record.title or not (record.container_title or record.publisher):
        return False  # a book's title is often its "booktitle" too
    title = _container_words(record.title)
    return any(title == _container_words(name) for name in (record.container_title, record.publisher) if name)


def _web_or_news_apart(first: Reference, second: Reference) -> bool:
    """A web page or news story: another outlet (the site or paper; the publisher where neither
    names a site: "Biography Channel" / "Persian Mirror"), or a date more than a week away, is
    another work. Publishers are not compared beside sites: one paper's publisher is written many ways."""
    if not ({first.type, second.type} & _NEWS_AND_WEB):
        return False
    if containers_disagree(first.container_title, second.container_title):
        return True
    sites = first.container_title or second.container_title
    if not sites and containers_disagree(first.publisher, second.publisher):
        return True
    one, other = first.issued, second.issued
    if one is None or other is None or None in (one.month, one.day, other.month, other.day):
        return False
    days = abs((date(one.year, one.month, one.day) - date(other.year, other.month, other.day)).days)  # type: ignore[arg-type]
    return days > _DAYS_APART


def _other_pages(first: Reference, second: Reference) -> bool:
    """Two web pages (or untyped references) at two different addresses are two pages, however alike
    their titles: a site's name or a report's title repeated on each of its pages ("Online etymology
    dictionary" for "anarchism" and for "-ism"). The same page at one address joins by its URL. A
    scholarly work has many addresses (publisher, PubMed, a repository): not told apart this way."""
    if first.type in _SCHOLARLY_TYPES or second.type in _SCHOLARLY_TYPES:
        return False
    one, other = first.identifiers.url, second.identifiers.url
    if not one or not other:
        return False
    page, other_page = ids.url_key(one), ids.url_key(other)
    if page is None or other_page is None or page == other_page:
        return False
    return not _one_path_on_one_site(page, other_page)


def _one_path_on_one_site(one: str, other: str) -> bool:
    """Two page keys with the same path on a host and one of its subdomains ("apps.who.int/rhl/…"
    and "who.int/rhl/…"): one page."""
    (host_a, _, path_a), (host_b, _, path_b) = one.partition("/"), other.partition("/")
    subdomain = host_a.endswith("." + host_b) or host_b.endswith("." + host_a)
    return bool(path_a) and path_a == path_b and subdomain


def _web_and_scholarly(first: Reference, second: Reference) -> bool:
    """A web page and a book or article: a title that only starts the other's does not make them one
    (a book's website, "The Lincoln Funeral Train", and the book, "The Lincoln Funeral Train: The
    Final Journey…", by one author)."""
    types = {first.type, second.type}
    return bool(types & _WEB_TYPES and types & _SCHOLARLY_TYPES)


def _versions_apart(first: Reference, second: Reference) -> bool:
    """A thesis and a publication of the same title (the book or article it became), or a
    conference paper and a journal article in different containers (the extended journal version),
    are two publications: a paper may cite both."""
    types = {first.type, second.type}
    if "thesis" in types and len(types) == 2 and types & _SCHOLARLY_TYPES:
        return True
    return types == {"paper-conference", "article-journal"} and containers_disagree(
        first.container_title, second.container_title
    )


def _parts_differ(first: Reference, second: Reference) -> bool:
    """Different editions, sections or media are different publications; without author, date
    and identifier, the publisher must agree too."""
    for one, other in ((first.edition, second.edition), (first.medium, second.medium)):
        if one and other and fold(one) != fold(other):
            return True
    numbers = [_document_numbers(record) for record in (first, second)]
    if numbers[0] and numbers[1] and not numbers[0] & numbers[1]:
        # Two document numbers: a paper (CERN-EP-2023-202) and the conference note before it
        # (ATLAS-CONF-2023-040) with the same title are two documents.
        return True
    sections = [dict(record.extra).get("section") for record in (first, second)]
    if sections[0] and sections[1] and fold(str(sections[0])) != fold(str(sections[1])):
        return True
    if first.type == second.type == "chapter" and containers_disagree(first.container_title, second.container_title):
        return True  # a chapter title in two books ("Introduction", a site's name over each chapter)
    bare = not (first.authors or second.authors or first.issued or second.issued)
    if bare and first.archive_date and second.archive_date and first.archive_date != second.archive_date:
        # "Archived from the original on 29 December 2010" / "… on 28 December 2010": an archive bot
        # snapshots an address once, so two snapshot dates are, as a rule, two addresses. (With an
        # author or a date, one page archived twice is as likely: Guttmacher's "Facts on …", 2010.)
        return True
    return bare and bool(first.publisher and second.publisher and fold(first.publisher) != fold(second.publisher))


_REPORT_NUMBER: Final = re.compile(r"^(?=[^ ]*\d)[A-Z][A-Z0-9]*(?:[-/_.][A-Z0-9]+){2,}$")
_NUMBER_FIELDS: Final = ("reportnumber", "report-number", "report_number")


def _document_numbers(record: Reference) -> frozenset[str]:
    """A record's report or document numbers: its ``number``, a ``reportNumber`` field, or a
    container that is one ("ATLAS-CONF-2023-040" as a booklet's howpublished)."""
    found = {record.number} if record.number else set()
    for key, value in record.extra:
        if key.lower() in _NUMBER_FIELDS and isinstance(value, str):
            found.update(part.strip() for part in value.split(","))
    if record.container_title and _REPORT_NUMBER.match(record.container_title):
        found.add(record.container_title)
    return frozenset(value.upper() for value in found if value)
