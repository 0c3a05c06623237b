"""The thresholds of fuzzy matching, named and explained (:class:`Settings`), and two presets."""

from __future__ import annotations

from typing import Final

import attrs


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

    ``link_related`` (study mode, :data:`STUDY`) links an article with its
    erratum, reply, conference abstract and trial registration, naming the
    relation; ``merge_related`` also merges them.
    """

    title_similarity: float = 92.0
    title_similarity_without_author: float = 97.0
    title_similarity_corroborated: float = 75.0
    prefix_length: int = 100
    year_tolerance: int = 1
    max_block_size: int = 64
    join_notices: bool = False
    link_related: bool = False
    merge_related: bool = False

    @property
    def lowest_title_similarity(self) -> float:
        """Below this no title matches but as the start of the other."""
        return min(self.title_similarity, self.title_similarity_without_author, self.title_similarity_corroborated)


DEFAULT_SETTINGS: Final = Settings()
SYSTEMATIC_REVIEW: Final = Settings(join_notices=True)
"""Settings for systematic-review searches: errata and replies join the study's record."""
STUDY: Final = Settings(link_related=True)
"""Study mode: same publications are merged as always, and the records of one study that are
not one publication (an erratum, a reply, a conference abstract, the trial's registration) are
*linked* to it, each link with its relation (``DedupeResult.related``); with
``merge_related=True`` they are merged too."""
