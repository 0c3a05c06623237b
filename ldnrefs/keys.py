"""Citation keys: short, stable, unique ids such as ``younger2014use``.

A key is the first author's family name (or the first word of an organisation
or, failing both, ``anon``) folded to ASCII letters, the year (``nd`` without
one) and the first title word that is not a stop word. The same records give
the same keys on every run; a key already taken gets ``-2``, ``-3``… in list
order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ldnrefs.model import Reference
from ldnrefs.normalize import STOP_WORDS


def _ascii_word(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", folded.lower())


def base_key(record: Reference) -> str:
    """The key before collisions are resolved."""
    people = record.authors or record.editors
    name = ""
    if people:
        first = people[0]
        literal_words = (first.literal or "").split()
        name = _ascii_word(first.family or (literal_words[0] if literal_words else ""))
    year = str(record.issued.year) if record.issued else "nd"
    word = ""
    for candidate in re.findall(r"[^\W_]+", record.title or "", flags=re.UNICODE):
        folded = _ascii_word(candidate)
        if folded and candidate.lower() not in STOP_WORDS:
            word = folded
            break
    return (name or "anon") + year + word


def citation_keys(records: Iterable[Reference]) -> list[str]:
    """Unique keys for ``records``, in order; a repeated key gets ``-2``, ``-3``…"""
    keys: list[str] = []
    taken: set[str] = set()
    for record in records:
        key = base_key(record)
        candidate, suffix = key, 2
        while candidate in taken:
            candidate, suffix = f"{key}-{suffix}", suffix + 1
        taken.add(candidate)
        keys.append(candidate)
    return keys
