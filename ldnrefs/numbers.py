"""Whole numbers read from text: the one helper every reader uses.

Only ASCII digits count (``str.isdigit()`` also accepts ``²`` and ``①``, which ``int()``
refuses, and ``int()`` accepts Arabic-Indic and full-width digits, which no bibliographic
number is written in), and no more than :data:`MAX_DIGITS` of them (no volume, page or
identifier has more; ``int()`` refuses past 4,300 digits and is quadratic before that).
Anything else stays text, for the caller to keep or report.
"""

from __future__ import annotations

from typing import Final

MAX_DIGITS: Final = 18


def whole_number(text: str, *, max_digits: int = MAX_DIGITS) -> int | None:
    """``text`` as a whole number when it is ASCII digits alone, between one and ``max_digits`` of
    them; None otherwise."""
    return int(text) if 0 < len(text) <= max_digits and text.isascii() and text.isdecimal() else None
