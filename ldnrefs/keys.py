r"""Citation keys: the user's own where a record has one, else short, stable ids such as ``younger2014use``.

A record read from a keyed format (a BibTeX key, a CSL-JSON id) keeps its
key: every ``\cite{}`` and ``[@key]`` in the user's manuscript depends on it.
A record without one (rendered text, RIS, wikitext, whose ref names are not
citation keys) gets a generated key: the first author's family name (or the
first word of an organisation or, failing both, ``anon``) folded to ASCII
letters, the year (``nd`` without one) and the first title word that is not
a stop word. The same records give the same keys on every run. A key already
taken — a user's key given twice, or a generated one that meets another —
gets ``-2``, ``-3``… in list order; a user's key changed so is logged as a
warning. Aliases in a biblatex ``ids`` field count as taken.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from ldnrefs.model import Reference
from ldnrefs.normalize import STOP_WORDS

log = logging.getLogger("ldnrefs")


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


# Readers whose records carry the user's citation key in ``provenance.key``.
KEYED_FORMATS: Final = frozenset({"bibtex", "csl-json"})


def own_key(record: Reference) -> str | None:
    """The key the user gave the record (a BibTeX key, a CSL-JSON id), or None."""
    origin = record.provenance
    if origin is None or not origin.key or origin.format not in KEYED_FORMATS:
        return None
    return origin.key


def citation_keys(
    records: Iterable[Reference], *, announce: bool = False, unsafe: re.Pattern[str] | None = None
) -> list[str]:
    """Unique keys for ``records``, in order: the user's own where there is one, else generated.

    With ``announce`` (the writers), a user's key that had to change is logged as a warning.
    ``unsafe`` matches characters the output format cannot hold in a key (a brace or a
    backslash in BibTeX): a user's key holding one is written with ``_`` in its place.
    """
    records = list(records)
    owned: list[str | None] = [own_key(record) for record in records]
    if unsafe is not None:
        for position, key in enumerate(owned):
            if key is not None and unsafe.search(key):
                owned[position] = unsafe.sub("_", key)
                if announce:
                    log.warning("citation key %r cannot be written as it is; it is written as %s", key, owned[position])
    keys = list(owned)
    # Each user's key is claimed by its first holder before any key is generated,
    # so a generated key never takes one of theirs.
    # biblatex ``ids`` aliases are keys too: \cite{alias} finds its entry, so none is generated again.
    taken: set[str] = {
        alias.strip()
        for record in records
        for name, value in record.extra
        if name == "ids"
        for alias in str(value).split(",")
    }
    repeated: set[int] = set()
    for position, key in enumerate(keys):
        if key is None:
            continue
        if key in taken:
            repeated.add(position)
            keys[position] = None
        else:
            taken.add(key)
    suffixes: dict[str, int] = {}
    for position, record in enumerate(records):
        if keys[position] is None:
            wanted = owned[position] or base_key(record)
            key = _free(wanted, taken, suffixes)
            keys[position] = key
            taken.add(key)
            if announce and position in repeated:
                log.warning("citation key %s is given twice; the second is written as %s", wanted, key)
    return [key or "" for key in keys]


def _free(key: str, taken: set[str], suffixes: dict[str, int]) -> str:
    """``key``, or ``key-2``, ``key-3``… the first that is not taken; ``suffixes`` remembers where
    each key's search stopped, so 40,000 records with one base key are not each probed from 2."""
    candidate, suffix = key, suffixes.get(key, 2)
    if candidate in taken:
        candidate = f"{key}-{suffix}"
    while candidate in taken:
        suffix += 1
        candidate = f"{key}-{suffix}"
    if candidate != key:
        suffixes[key] = suffix + 1
    return candidate
