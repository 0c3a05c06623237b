"""Study mode: records of one study that are not one publication.

A systematic review counts studies, not publications: an article's erratum or
correction notice, a reply or letter about it, a conference abstract of the
same work and the trial's registration all belong to its study. Reference
lists must keep them apart (they are different items to cite), so the default
never joins them; with ``Settings(link_related=True)`` (:data:`STUDY`) they
are *linked*, each link naming its relation, and merged only with
``merge_related``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final

from rapidfuzz import fuzz

from ldnrefs.dedupe.blocking import BlockingKeys
from ldnrefs.dedupe.features import Features, first_number
from ldnrefs.dedupe.groups import Groups
from ldnrefs.dedupe.result import RelatedLink, Relation
from ldnrefs.dedupe.rules import authors_agree
from ldnrefs.model import Reference
from ldnrefs.vocabulary import MEETING_WORDS, words_pattern

_ERRATUM_WORDS: Final = re.compile(r"\b(?:errat\w*|correction|corrigend\w*|retract\w*|expression of concern)\b", re.I)
_REPLY_WORDS: Final = re.compile(r"\b(?:reply|response|comment\w*|letter|in reply)\b", re.I)
_MEETING: Final = words_pattern(MEETING_WORDS, "abstract", "abstracts")
_SUPPLEMENT: Final = re.compile(r"\bsuppl", re.I)
_REGISTRY: Final = re.compile(
    r"clinicaltrials\.gov|\bisrctn\b|eudract|anzctr|\bwho ictrp\b|trial regist|\bnct\d{8}\b|\bdrks\d", re.I
)
_SIMILAR_TITLES: Final = 92.0
_SIMILAR_REGISTRATION: Final = 85.0
_YEARS_APART: Final = 3


def _is_abstract(record: Reference) -> bool:
    container = record.container_title or ""
    return bool(_MEETING.search(container) or _SUPPLEMENT.search(record.issue or "") or record.type == "speech")


def _is_registration(record: Reference) -> bool:
    text = " ".join(filter(None, (record.container_title, record.publisher, record.identifiers.url, record.title)))
    return bool(_REGISTRY.search(text)) or any(scheme == "nct" for scheme, _ in record.identifiers.other)


def _relation(a: Features, b: Features) -> tuple[int, Relation, str] | None:
    """Which of the two is related to the other, how, and why; None when they are not."""
    if a.year is not None and b.year is not None and abs(a.year - b.year) > _YEARS_APART:
        return None
    if authors_agree(a, b) is False:
        return None
    similarity = fuzz.ratio(a.title, b.title)
    one, other = a.record, b.record
    if a.notice != b.notice and similarity >= _SIMILAR_TITLES:
        notice = 0 if a.notice else 1
        title = (one if notice == 0 else other).title or ""
        relation: Relation = (
            "reply-to" if _REPLY_WORDS.search(title) and not _ERRATUM_WORDS.search(title) else "erratum-of"
        )
        return notice, relation, f"a notice with the article's title ({similarity / 100:.2f} similar)"
    if similarity >= _SIMILAR_TITLES and _is_abstract(one) != _is_abstract(other):
        abstract = 0 if _is_abstract(one) else 1
        return (
            abstract,
            "abstract-of",
            f"a conference abstract with the article's title ({similarity / 100:.2f} similar)",
        )
    if similarity >= _SIMILAR_REGISTRATION and _is_registration(one) != _is_registration(other):
        registration = 0 if _is_registration(one) else 1
        return registration, "registration-of", f"a trial registration with the title ({similarity / 100:.2f} similar)"
    later = _later_one_page_item(a, b)
    if later is not None and similarity >= _SIMILAR_TITLES:
        return later, "erratum-of", "the same title and authors, a one-page item in a later issue"
    return None


def relation_between(first: Reference, second: Reference) -> Relation | None:
    """How two records of one study relate (an erratum, a reply, an abstract, a registration), if they do."""
    answer = _relation(Features(first), Features(second))
    return answer[1] if answer else None


def _later_one_page_item(a: Features, b: Features) -> int | None:
    """An erratum without the word: the article's title again, one page, a later issue of one volume."""
    if a.volume is None or a.volume != b.volume or a.issue is None or b.issue is None or a.issue == b.issue:
        return None
    later = 0 if a.issue > b.issue else 1
    page = (a if later == 0 else b).record.page or ""
    numbers = re.findall(r"\d+", page)
    one_page = len(numbers) == 1 or (len(numbers) == 2 and numbers[0] == numbers[1])
    return later if one_page and first_number(page) is not None else None


def find_related(
    records: Sequence[Reference], features: Sequence[Features], keys: BlockingKeys, groups: Groups, block_limit: int
) -> list[RelatedLink]:
    """Every pair of records in different groups that belong to one study, with its relation."""
    found: dict[tuple[int, int], RelatedLink] = {}
    for kind in (0, 1):  # author keys, then title keys
        blocks = [sorted(block) for block in keys.blocks(kind)]  # members by position
        for block in blocks:
            for first, second in _pairs(block[:block_limit]):
                if (first, second) in found or groups.find(first) == groups.find(second):
                    continue
                answer = _relation(features[first], features[second])
                if answer is None:
                    continue
                related, relation, evidence = answer
                item, work = (first, second) if related == 0 else (second, first)
                found[(first, second)] = RelatedLink(item, work, relation, evidence)
    # A related item belongs to the work, never to another related item (an erratum of the
    # conference abstract): links whose work is itself an erratum, abstract… are dropped.
    items = {link.first for link in found.values()}
    kept = [link for link in found.values() if link.second not in items]
    return sorted(kept, key=lambda link: (link.first, link.second))


def _pairs(block: list[int]) -> Iterable[tuple[int, int]]:
    ordered = sorted(block)
    for index, first in enumerate(ordered):
        for second in ordered[index + 1 :]:
            yield first, second
