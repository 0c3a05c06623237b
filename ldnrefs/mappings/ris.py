"""How CSL item types and record fields map onto RIS tags.

The tags are those Zotero, EndNote and Mendeley read (RIS as specified by
Research Information Systems, with EndNote's usage for DA, T2, SN, DO, Y2).
"""

from __future__ import annotations

from typing import Final

# CSL item type -> RIS TY.
TYPES: Final[dict[str, str]] = {
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "webpage": "ELEC",
    "post": "ELEC",
    "post-weblog": "BLOG",
    "book": "BOOK",
    "chapter": "CHAP",
    "paper-conference": "CPAPER",
    "report": "RPRT",
    "thesis": "THES",
    "article": "GEN",
    "document": "GEN",
}
DEFAULT_TYPE: Final = "GEN"

# RIS TY -> CSL item type, for reading (with common types other tools write).
CSL_TYPES: Final[dict[str, str]] = {
    "JOUR": "article-journal",
    "JFULL": "article-journal",
    "EJOUR": "article-journal",
    "MGZN": "article-magazine",
    "NEWS": "article-newspaper",
    "ELEC": "webpage",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "book",
    "CHAP": "chapter",
    "ECHAP": "chapter",
    "CPAPER": "paper-conference",
    "CONF": "paper-conference",
    "RPRT": "report",
    "THES": "thesis",
    "GEN": "document",
}

# Record attribute -> RIS tag, for plain text values written once.
TEXT_TAGS: Final[dict[str, str]] = {
    "title": "TI",
    "container_title": "T2",
    "volume": "VL",
    "issue": "IS",
    "edition": "ET",
    "publisher": "PB",
    "publisher_place": "CY",
    "language": "LA",
    "medium": "M3",
    "note": "N1",
}
