"""Read CSL-JSON (an array of items, one item, or ``{"items": [...]}``).

The inverse of :mod:`ldnrefs.writers.csljson`. Registries and other tools
write CSL-JSON loosely — numbers for strings, ``ISSN`` as a list, dates as
``raw`` strings or with string parts — so values are cleaned on the way in,
and an item that cannot be used gives a diagnostic naming its line.
"""

from __future__ import annotations

import json
import re
from typing import Any, Final

from ldnrefs import _io, build, cslschema
from ldnrefs import identifiers as ids
from ldnrefs.dates import parse_date
from ldnrefs.errors import MalformedInputError
from ldnrefs.mappings import csl as mapping
from ldnrefs.model import Date, Diagnostic, Name, ParseResult, Reference
from ldnrefs.numbers import MAX_DIGITS, whole_number

NAME: Final = "csl-json"
_ITEM_START: Final = re.compile(r"\{")


# An array of objects (or nulls, or nothing), or an object with a CSL variable near its start:
# JSON that is not CSL-JSON (a package.json) has neither shape.
_ARRAY_OF_ITEMS: Final = re.compile(r"\[\s*(?:\{|\]|null\b)")
_ITEM_KEY: Final = re.compile(r'"(?:type|id|title|items|author|issued|DOI|URL)"\s*:')


def sniff(text: str) -> bool:
    head = text.lstrip()[:2000]
    if head.startswith("["):
        return _ARRAY_OF_ITEMS.match(head) is not None
    return head.startswith("{") and _ITEM_KEY.search(head) is not None


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        if isinstance(value, list) and value and all(isinstance(v, (str, int)) for v in value):
            return mapping.MULTI_VALUE_SEPARATOR.join(str(v) for v in value)
        return None
    text = str(value).strip()
    return text or None


def name_from_csl(value: Any) -> Name | None:
    if isinstance(value, str):
        return build.name(literal=value)
    if not isinstance(value, dict):
        return None
    parts = {attr: _text(value.get(key)) for attr, key in mapping.NAME_PARTS.items()}
    dropping = _text(value.get("dropping-particle"))
    if dropping:
        parts["given"] = f"{parts['given'] or ''} {dropping}".strip()
    if not any(parts.values()):
        return None
    return build.name(**parts)


def _int(value: Any) -> int | None:
    """A whole number written as a number or as decimal digits (no more than 18 of them)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**18 else None
    text = str(value).strip()
    number = whole_number(text[1:] if text[:1] == "-" else text)
    return None if number is None else -number if text[:1] == "-" else number


def date_from_csl(value: Any) -> Date | None:
    """A CSL date object (``date-parts``, ``season``, ``circa``, ``raw``, ``literal``)."""
    if isinstance(value, str):
        return parse_date(value)
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    date: Date | None = None
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        date = _date_from_parts(parts[0])
        if date is not None and len(parts) > 1 and isinstance(parts[1], list) and parts[1]:
            end = _date_from_parts(parts[1])
            if end is not None:
                date = build.date(date.year, date.month, date.day, end=end)
    else:
        written = [value.get(key) for key in ("raw", "literal")]
        text = next((item for item in written if isinstance(item, str) and item.strip()), None)
        date = parse_date(text) if text is not None else None
    if date is None:
        return None
    season = _int(value.get("season")) if value.get("season") is not None else None
    if season is None and isinstance(value.get("season"), str):
        season = {name: number for number, name in mapping.SEASON_NAMES.items()}.get(value["season"].lower())
    circa = bool(value.get("circa"))
    if season is not None and 1 <= season <= 4 and date.month is None:
        end = build.date(date.end.year, season=season) if date.end else None
        date = build.date(date.year, season=season, end=end)
    if circa:
        date = build.date(date.year, date.month, date.day, date.season, True, date.end)
    return date


def _date_from_parts(parts: list[Any]) -> Date | None:
    numbers = [_int(part) for part in parts[:3]]
    year = numbers[0] if numbers else None
    if year is None:
        return None
    month = numbers[1] if len(numbers) > 1 else None
    day = numbers[2] if len(numbers) > 2 else None
    try:
        return build.date(year, month, day if month else None)
    except ValueError:
        return None


def item_to_record(
    item: dict[str, Any],
    *,
    source: str | None = None,
    line: int | None = None,
    number: int | None = None,
    diagnostics: list[Diagnostic] | None = None,
) -> Reference:
    """One CSL-JSON item as a record; unknown variables are kept under ``extra``.

    Invalid identifiers are reported in ``diagnostics`` when it is given.
    """
    custom: dict[str, Any] = item["custom"] if isinstance(item.get("custom"), dict) else {}
    fields: dict[str, Any] = {}
    for attr, key in mapping.TEXT_FIELDS.items():
        fields[attr] = _text(item.get(key))
    for attr, key in mapping.DATE_FIELDS.items():
        fields[attr] = date_from_csl(item.get(key))
    for attr, key in mapping.NAME_FIELDS.items():
        names = item.get(key)
        if isinstance(names, (str, dict)) and names:
            # A name where CSL wants a list of names: read as that one name, not dropped.
            names = [names]
            if diagnostics is not None:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        "csl-json.name-not-a-list",
                        f"{key} of item {number or '?'} is not a list of names; read as one name",
                        source,
                        line,
                    )
                )
        if isinstance(names, list):
            fields[attr] = tuple(name for name in (name_from_csl(value) for value in names) if name)
    found: dict[str, list[str]] = {}
    for scheme, key in mapping.IDENTIFIER_FIELDS.items():
        value = item.get(key)
        if ids.SCHEMES[scheme].multi:
            values = value if isinstance(value, list) else re.split(r"[,;]\s*|\s+", str(value)) if value else []
            found[scheme] = [str(v) for v in values]
        elif (text := _text(value)) is not None:
            found[scheme] = [text]
    for scheme, key in mapping.CUSTOM_IDENTIFIERS.items():
        if (text := _text(custom.get(key))) is not None:
            found[scheme] = [text]
    others = custom.get(mapping.CUSTOM_OTHER_IDENTIFIERS)
    if isinstance(others, dict):
        for scheme, values in others.items():
            found.setdefault(str(scheme), []).extend(
                str(value) for value in (values if isinstance(values, list) else [values])
            )
    archive = custom.get(mapping.CUSTOM_ARCHIVE_DATE)
    known_custom = {
        *mapping.CUSTOM_IDENTIFIERS.values(),
        mapping.CUSTOM_OTHER_IDENTIFIERS,
        mapping.CUSTOM_ARCHIVE_DATE,
        mapping.CUSTOM_ARCHIVE_URL,
        mapping.CUSTOM_ET_AL,
        mapping.CUSTOM_PROVENANCE,
    }
    known = {"id", "type", "custom", *mapping.TEXT_FIELDS.values(), *mapping.DATE_FIELDS.values()}
    known |= {*mapping.NAME_FIELDS.values(), *mapping.IDENTIFIER_FIELDS.values()}
    extra = [(key, value) for key, value in custom.items() if key not in known_custom]
    extra += [(key, value) for key, value in item.items() if key not in known]
    stored = custom.get(mapping.CUSTOM_PROVENANCE)
    origin: dict[str, Any] = stored if isinstance(stored, dict) else {}
    # Provenance names this file (check and dedupe report positions in it);
    # the original entry text written by an earlier parse is kept.
    provenance = build.provenance(
        source=source,
        line=line,
        number=number,
        text=origin.get("text") if isinstance(origin.get("text"), str) else None,
        key=_text(item.get("id")),
        format=NAME,
    )
    written_type = _text(item.get("type"))
    if written_type is not None and written_type not in cslschema.item_types():
        # Not a CSL type ("journal-article" is Crossref's): a document, the type as written kept.
        extra.append(("type", written_type))
    return build.record(
        found,
        diagnostics,
        type=written_type if written_type in cslschema.item_types() else "document",
        archive_date=date_from_csl(archive) if archive else None,
        archive_url=_text(custom.get(mapping.CUSTOM_ARCHIVE_URL)),
        et_al=bool(custom.get(mapping.CUSTOM_ET_AL)),
        extra=extra,
        provenance=provenance,
        **fields,
    )


def _item_lines(text: str, count: int) -> list[int | None]:
    """Best-effort 1-based line where each top-level item of a JSON array starts (``null`` items too)."""
    lines: list[int | None] = []
    depth = 0
    in_string = escaped = False
    expecting = False  # at depth 1, after "[" or ",": the next character starts an item
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if depth == 1 and expecting and char not in " \t\r\n,]":
            lines.append(line)
            expecting = False
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth == 1:
                expecting = True
        elif char in "]}":
            depth -= 1
        elif char == "," and depth == 1:
            expecting = True
    return (lines + [None] * count)[:count]


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse CSL-JSON text.

    :raises MalformedInputError: when the text is not JSON, naming the line.
    """
    try:
        # A number of thousands of digits stays text (int() refuses over 4,300; no CSL value needs one).
        data = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as error:
        raise MalformedInputError(
            f"not valid JSON: {error.msg} (column {error.colno})", source=source, line=error.lineno
        ) from None
    except RecursionError:
        raise MalformedInputError("JSON nested too deeply to be CSL-JSON", source=source, line=1) from None
    replaced = _has_surrogate(text) and (data := _without_surrogates(data)) is not None
    if isinstance(data, dict):
        data = data.get("items", [data]) if "items" in data else [data]
    if not isinstance(data, list):
        raise MalformedInputError("CSL-JSON must be an array of items", source=source, line=1)
    result = read_items(data, _item_lines(text, len(data)) if len(data) > 0 else [], source=source)
    if replaced:
        result.diagnostics.append(
            Diagnostic(
                "warning",
                "csl-json.surrogate",
                "a \\ud800–\\udfff escape that is not half of a pair was replaced by U+FFFD",
                source,
                None,
            )
        )
    return result


def _json_int(text: str) -> int | str:
    return int(text) if len(text) <= MAX_DIGITS else text


def _has_surrogate(text: str) -> bool:
    """``\\ud800`` escapes decode to lone surrogates (raw ones :func:`ldnrefs.parse` has replaced already)."""
    return "\\ud" in text.lower() or _io.SURROGATE.search(text) is not None


def _without_surrogates(value: Any) -> Any:
    """Every lone surrogate replaced by U+FFFD (the replacement character), as a decoder would."""
    if isinstance(value, str):
        return _io.without_surrogates(value)[0]
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {_without_surrogates(key): _without_surrogates(item) for key, item in value.items()}
    return value


def read_items(data: list[Any], lines: list[int | None], *, source: str | None = None) -> ParseResult:
    """CSL items, already decoded (from JSON or YAML), as records; ``lines`` says where each starts."""
    records: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    for position, item in enumerate(data, start=1):
        line = lines[position - 1] if position - 1 < len(lines) else None
        if not isinstance(item, dict):
            diagnostics.append(
                Diagnostic(
                    "error", "csl-json.not-an-object", f"item {position} is not an object; skipped", source, line
                )
            )
            continue
        _validate(item, position, source, line, diagnostics)
        records.append(item_to_record(item, source=source, line=line, number=position, diagnostics=diagnostics))
    return ParseResult(records, diagnostics)


_SHOWN_PROBLEMS: Final = 3


def _validate(
    item: dict[str, Any], position: int, source: str | None, line: int | None, diags: list[Diagnostic]
) -> None:
    """One warning for an item the CSL schema does not allow; the item is still read as far as it is valid.

    Variables outside CSL (Manubot's ``categories``, Crossref's ``indexed``) are not
    problems: they are kept in ``extra``. A name where a list belongs has its own warning.
    """
    problems = [
        f"{path or 'the item'}: {message}"
        for path, message in cslschema.problems(item)
        if path
        and not (path in _NAME_KEYS and message.endswith("is not array") and isinstance(item[path], (str, dict)))
    ]
    if not problems:
        return
    more = f" (and {len(problems) - _SHOWN_PROBLEMS} more)" if len(problems) > _SHOWN_PROBLEMS else ""
    diags.append(
        Diagnostic(
            "warning",
            "csl-json.invalid",
            f"item {position} does not follow the CSL-JSON schema: {'; '.join(problems[:_SHOWN_PROBLEMS])}{more};"
            " read as far as it is valid",
            source,
            line,
        )
    )


_NAME_KEYS: Final = frozenset(mapping.NAME_FIELDS.values())
