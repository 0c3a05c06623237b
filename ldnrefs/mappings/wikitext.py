"""How Wikipedia's CS1 citation templates map onto the record model.

Parameter names follow the CS1 documentation (Help:Citation Style 1), with
their common aliases. Numbered parameters (``last1``, ``first1``,
``editor-last2``…) are handled in the reader.
"""

from __future__ import annotations

from typing import Final

# Template name (lower case, without "cite ") -> CSL item type.
TYPES: Final[dict[str, str]] = {
    "journal": "article-journal",
    "web": "webpage",
    "news": "article-newspaper",
    "newspaper": "article-newspaper",
    "magazine": "article-magazine",
    "book": "book",
    "report": "report",
    "tech report": "report",
    "techreport": "report",
    "thesis": "thesis",
    "conference": "paper-conference",
    "arxiv": "article",
    "biorxiv": "article",
    "medrxiv": "article",
    "ssrn": "article",
    "citeseerx": "article",
    "encyclopedia": "entry-encyclopedia",
    "press release": "webpage",
    "av media": "document",
    "podcast": "document",
    "document": "document",
    "episode": "document",
    "map": "map",
    "patent": "patent",
}

# Parameters naming the container, in order of preference.
CONTAINER_PARAMETERS: Final = (
    "journal",
    "website",
    "work",
    "newspaper",
    "magazine",
    "periodical",
    "encyclopedia",
    "encyclopaedia",
    "dictionary",
    "book-title",
    "conference",
    "series",
)

# Parameter -> record attribute, for plain text values.
TEXT_PARAMETERS: Final[dict[str, str]] = {
    "volume": "volume",
    "issue": "issue",
    "number": "issue",
    "edition": "edition",
    "publisher": "publisher",
    "institution": "publisher",
    "location": "publisher_place",
    "place": "publisher_place",
    "publication-place": "publisher_place",
    "language": "language",
    "format": "medium",
    "type": "genre",
    "via": "source",
    "archive-url": "archive_url",
    "archiveurl": "archive_url",
}

# Parameter -> identifier scheme.
IDENTIFIER_PARAMETERS: Final[dict[str, str]] = {
    "doi": "doi",
    "pmid": "pmid",
    "pmc": "pmcid",
    "isbn": "isbn",
    "issn": "issn",
    "eissn": "issn",
    "s2cid": "s2cid",
    "bibcode": "bibcode",
    "arxiv": "arxiv",
    "eprint": "arxiv",
    "url": "url",
    "oclc": "oclc",
    "jstor": "jstor",
    "hdl": "hdl",
    "ssrn": "ssrn",
    "osti": "osti",
    "lccn": "lccn",
    "citeseerx": "citeseerx",
    "eric": "eric",
    "zbl": "zbl",
    "mr": "mr",
}

# Parameters that carry only presentation (link targets, masks, flags): not data.
IGNORED_PARAMETERS: Final = frozenset(
    {
        "ref",
        "mode",
        "name-list-style",
        "url-status",
        "deadurl",
        "dead-url",
        "url-access",
        "doi-access",
        "pmc-embargo-date",
        "df",
        "postscript",
        "lay-url",
        "lay-source",
        "lay-date",
        "author-mask",
        "doi-broken-date",
        "s2cid-access",
        "hdl-access",
        "bibcode-access",
        "jstor-access",
        "osti-access",
        "ol-access",
        "no-pp",
        "display-editors",
        "archive-format",
    }
)
