"""The fuzzy pass, and its refinement: merged groups are compared again until nothing joins."""

from __future__ import annotations

from ldnrefs.dedupe import deduplicate
from ldnrefs.model import Date, Identifiers, Name, Reference

LONG_TITLE = "Low-dose naltrexone for the treatment of fibromyalgia and chronic pain syndromes"
# The same title with "in" for "for" and no article: 0.94 similar once folded.
REWORDED_TITLE = "Low dose naltrexone in treatment of fibromyalgia and chronic pain syndromes"

# Two records of one work by their DOI: one has the title but no author or
# year, the other the author and year but a short title.
TITLE_ONLY = Reference(type="article-journal", title=LONG_TITLE, identifiers=Identifiers(doi="10.1000/ldn"))
AUTHOR_ONLY = Reference(
    type="article-journal",
    title="LDN for fibromyalgia",
    authors=(Name("Younger", "J."),),
    issued=Date(2013),
    identifiers=Identifiers(doi="10.1000/LDN"),
)
# The third cites it without a DOI, with the author, the year and the reworded title.
NO_DOI = Reference(
    type="article-journal", title=REWORDED_TITLE, authors=(Name("Younger", "Jarred"),), issued=Date(2013)
)


def test_neither_member_alone_matches_the_third_record() -> None:
    """Without an author a title must be nearly identical; the short title is another title."""
    assert deduplicate([TITLE_ONLY, NO_DOI]).groups == ()
    assert deduplicate([AUTHOR_ONLY, NO_DOI]).groups == ()


def test_a_merged_group_matches_what_none_of_its_members_matched() -> None:
    """Merged, the pair has the long title and the author and year: the refinement pass joins the third."""
    result = deduplicate([TITLE_ONLY, AUTHOR_ONLY, NO_DOI])
    assert [group.numbers for group in result.groups] == [(1, 2, 3)]
    (group,) = result.groups
    assert [(link.first, link.second, link.evidence.kind) for link in group.links] == [
        (0, 1, "identifier"),
        (0, 2, "fuzzy"),
    ]
    assert str(group.links[1].evidence) == "title 0.94 similar, first author Younger, year 2013"
    assert result.new_numbers == (1, 1, 1)


def test_the_refined_result_is_stable() -> None:
    """Deduplicating the result again finds nothing more."""
    once = deduplicate([TITLE_ONLY, AUTHOR_ONLY, NO_DOI])
    assert deduplicate(once.records).groups == ()
