"""How CSL item types and record fields map onto BibTeX entry types and fields.

Entry types are the classic BibTeX ones that ``plain.bst`` knows, plus
biblatex's ``@online`` for web pages (``bibtex`` treats it as ``@misc`` with a
warning; pandoc, biblatex and Zotero read it as a web page). A news story is
an ``@article`` with ``entrysubtype = newspaper``, as biblatex prescribes.
"""

from __future__ import annotations

from typing import Final

# CSL item type -> BibTeX entry type.
ENTRY_TYPES: Final[dict[str, str]] = {
    "article-journal": "article",
    "article-magazine": "article",
    "review": "article",
    "article-newspaper": "article",
    "webpage": "online",
    "post": "online",
    "post-weblog": "online",
    "book": "book",
    "chapter": "incollection",
    "paper-conference": "inproceedings",
    "report": "techreport",
    "thesis": "phdthesis",
    "article": "misc",
    "document": "misc",
}
DEFAULT_ENTRY_TYPE: Final = "misc"

# BibTeX entry type -> CSL item type, for reading (the inverse, with BibTeX's other types).
CSL_TYPES: Final[dict[str, str]] = {
    "article": "article-journal",
    "book": "book",
    "booklet": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "techreport": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "online": "webpage",
    "misc": "document",
    "manual": "report",
    "unpublished": "manuscript",
}

# Where the container title goes, by entry type.
CONTAINER_FIELD: Final[dict[str, str]] = {
    "article": "journal",
    "incollection": "booktitle",
    "inproceedings": "booktitle",
    "misc": "howpublished",
    "online": "organization",
    "book": "series",
    "techreport": "series",
    "phdthesis": "series",
    "mastersthesis": "series",
}

# Where the publisher goes, by entry type (reports name an institution, theses a school).
PUBLISHER_FIELD: Final[dict[str, str]] = {
    "techreport": "institution",
    "phdthesis": "school",
    "mastersthesis": "school",
}

# Record attribute -> BibTeX field, for plain text values.
TEXT_FIELDS: Final[dict[str, str]] = {
    "volume": "volume",
    "issue": "number",
    "edition": "edition",
    "publisher_place": "address",
    "note": "note",
    "language": "language",
    "genre": "type",
}

# Identifiers attribute -> BibTeX field (biblatex and pandoc read all of these).
IDENTIFIER_FIELDS: Final[dict[str, str]] = {
    "doi": "doi",
    "pmid": "pmid",
    "pmcid": "pmcid",
    "url": "url",
    "issn": "issn",
    "isbn": "isbn",
}

# Identifiers attribute -> BibTeX field, for those without a standard field
# (BibTeX tools ignore fields they do not know; ldnrefs reads them back).
EXTRA_IDENTIFIER_FIELDS: Final[dict[str, str]] = {"s2cid": "s2cid", "bibcode": "bibcode"}

# The CSL type, when the entry type alone does not say it (a web page and a
# news story are both @misc), goes in biblatex's ``entrysubtype``.
SUBTYPE_FIELD: Final = "entrysubtype"

# Fields biblatex and the url package read verbatim: written without LaTeX escapes.
VERBATIM_FIELDS: Final = frozenset({"url", "doi", "eprint", "archiveurl", "ids"})

MONTHS: Final = "January February March April May June July August September October November December".split()
