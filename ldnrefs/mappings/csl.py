"""How the record model maps onto CSL-JSON (the canonical form).

CSL variable names are those of the CSL 1.0.2 data schema
(https://resource.citationstyles.org/schema/v1.0/input/json/csl-data.json).
Identifiers the schema has no variable for go under ``custom``, as the schema
recommends for "additional information that does not have a designated CSL
JSON field".
"""

from __future__ import annotations

from typing import Final

# Reference attribute -> CSL variable, for plain strings.
TEXT_FIELDS: Final[dict[str, str]] = {
    "title": "title",
    "container_title": "container-title",
    "volume": "volume",
    "issue": "issue",
    "page": "page",
    "edition": "edition",
    "number": "number",
    "publisher": "publisher",
    "publisher_place": "publisher-place",
    "medium": "medium",
    "genre": "genre",
    "language": "language",
    "source": "source",
    "note": "note",
}

# Reference attribute -> CSL variable, for dates.
DATE_FIELDS: Final[dict[str, str]] = {"issued": "issued", "accessed": "accessed"}

# Reference attribute -> CSL variable, for name lists.
NAME_FIELDS: Final[dict[str, str]] = {"authors": "author", "editors": "editor"}

# Identifiers attribute -> CSL variable. ISSN and ISBN may hold several values,
# joined with ", " (the form Zotero writes and reads).
IDENTIFIER_FIELDS: Final[dict[str, str]] = {
    "doi": "DOI",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
    "issn": "ISSN",
    "isbn": "ISBN",
}
MULTI_VALUE_SEPARATOR: Final = ", "

# Identifiers without a CSL variable -> key under ``custom``.
CUSTOM_IDENTIFIERS: Final[dict[str, str]] = {"s2cid": "S2CID", "bibcode": "bibcode", "arxiv": "arXiv"}
CUSTOM_OTHER_IDENTIFIERS: Final = "identifiers"  # {"oclc": ["123"], "jstor": ["456"]}

# Other model fields kept under ``custom``.
CUSTOM_ARCHIVE_DATE: Final = "archive-date"
CUSTOM_ARCHIVE_URL: Final = "archive-url"
CUSTOM_ET_AL: Final = "et-al"
CUSTOM_PROVENANCE: Final = "provenance"  # {"source", "line", "number", "text"}

# Name parts: model attribute -> CSL name key.
NAME_PARTS: Final[dict[str, str]] = {
    "family": "family",
    "given": "given",
    "particle": "non-dropping-particle",
    "suffix": "suffix",
    "literal": "literal",
}

SEASON_NAMES: Final[dict[int, str]] = {1: "spring", 2: "summer", 3: "autumn", 4: "winter"}
