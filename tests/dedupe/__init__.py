"""Tests of ldnrefs.dedupe, one module per module of the package; ``article`` makes the records they compare."""

from __future__ import annotations

import attrs

from ldnrefs.model import Date, Identifiers, Name, Reference


def article(title: str, doi: str | None = None, **changes: object) -> Reference:
    """A journal article by Zagon and McLaughlin (2003), with ``changes`` applied."""
    base = Reference(
        type="article-journal",
        title=title,
        authors=(Name("Zagon", "I. S."), Name("McLaughlin", "P. J.")),
        issued=Date(2003),
        container_title="Neuropeptides",
        identifiers=Identifiers(doi=doi),
    )
    return attrs.evolve(base, **changes)  # type: ignore[arg-type]
