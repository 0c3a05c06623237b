"""Words that name kinds of publication, shared by the readers, matching and training data.

One place per concept: a meeting's name, a preprint server. Each user builds the pattern it needs
from these (a reader anchors a server's name at the start of a container; matching finds it
anywhere), and may add words of its own ("abstracts" for study mode, "proc" for training data).
"""

from __future__ import annotations

import re
from typing import Final

MEETING_WORDS: Final = ("proceedings", "conference", "symposium", "workshop", "congress", "meeting")
"""A container naming a meeting holds conference papers and abstracts."""

PREPRINT_SERVERS: Final = (
    "arxiv",
    "biorxiv",
    "medrxiv",
    "chemrxiv",
    "psyarxiv",
    "ssrn",
    "research square",
    "preprints",
)
"""Servers whose items are preprints: their "pages" and "volume" are the server's, not a journal's."""


def words_pattern(words: tuple[str, ...], *more: str) -> re.Pattern[str]:
    """Any of ``words`` (and ``more``) as whole words, ignoring case."""
    return re.compile(rf"\b(?:{'|'.join(re.escape(word) for word in (*words, *more))})\b", re.IGNORECASE)


MEETING: Final = words_pattern(MEETING_WORDS)
