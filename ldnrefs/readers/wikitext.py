"""Read wikitext: the CS1 ``{{cite …}}`` templates of an article, inside ``<ref>`` tags or not.

Templates are parsed with mwparserfromhell, never with regular expressions.
A named reference reused as ``<ref name="a" />`` is one citation, not a
duplicate; a second ``<ref name="a">…</ref>`` with the same name is read once
and reported. A ``<ref>`` without a cite template (a hand-written citation)
is read by the rendered-text reader. Each record keeps the line where its
``<ref>`` (or template) starts, its reference number in order of first use,
and its ref name as key.
"""

from __future__ import annotations

import bisect
import html
import re
from typing import Any, Final

import mwparserfromhell
from mwparserfromhell.nodes import Tag, Template
from mwparserfromhell.wikicode import Wikicode

from ldnrefs import build
from ldnrefs.dates import is_no_date, parse_date
from ldnrefs.errors import MalformedInputError
from ldnrefs.mappings import wikitext as mapping
from ldnrefs.model import Date, Diagnostic, Name, ParseResult, Reference
from ldnrefs.names import parse_names
from ldnrefs.pages import normalize_pages
from ldnrefs.readers import rendered

NAME: Final = "wikitext"
# A citation template with its parameters: "{{cite journal}}" alone is the name in a CS1 message
# shown on a rendered page ("{{cite journal}}: CS1 maint: …"), not wikitext.
_CITE: Final = re.compile(r"\{\{\s*cite[ _][^{}|]{0,40}\|", re.IGNORECASE)
_NUMBERED: Final = re.compile(r"^(.*?)(\d+)$")


def sniff(text: str) -> bool:
    head = text[:50000]
    return bool(_CITE.search(head)) or "<ref" in head.lower()


def _text(value: Wikicode | str) -> str:
    """A parameter value as plain text: markup stripped, entities decoded, spaces collapsed."""
    if isinstance(value, str):
        value = mwparserfromhell.parse(value)
    plain = value.strip_code(normalize=True, collapse=True, keep_template_params=False)
    return " ".join(html.unescape(plain).split())


def _template_name(template: Template | str) -> str:
    """``{{Cite_Journal}}``, ``{{ cite  journal }}`` and ``{{cite journal}}`` are one template."""
    return " ".join(str(template if isinstance(template, str) else template.name).lower().replace("_", " ").split())


def _is_cite(template: Template | str) -> bool:
    name = _template_name(template)
    return name.startswith("cite ") or name in {"citation", "vcite journal", "vcite book"}


def _kind(template: Template | str) -> str:
    name = _template_name(template)
    return name.removeprefix("cite ")


def _parameter_name(name: str) -> str:
    return " ".join(name.strip().lower().replace("_", "-").split())


# A citation template with nothing in it but text, entities, "|" and "=" — most of them, on real
# pages — is read without mwparserfromhell (half of the reader's time went to it), to the same
# parameters: no braces, brackets, tags, comments or '' markup inside. So is a <ref> holding one,
# or holding plain text alone.
_PLAIN_TEMPLATE: Final = re.compile(
    r"\{\{([^{}<>\[\]|=\x00-\x08\x0b\x0c\x0e-\x1f]*)((?:\|[^{}<>\[\]|\x00-\x08\x0b\x0c\x0e-\x1f]*)*)\}\}"
)
_PLAIN_REF: Final = re.compile(
    r"<ref(?:\s+name\s*=\s*(?:\"([^\"<>{}\[\]']*)\"|'([^\"<>{}\[\]']*)'|([^\s\"'<>{}\[\]/=]+)))?\s*(/?)>",
    re.IGNORECASE,
)
_REF_CLOSE: Final = re.compile(r"</ref\s*>\Z", re.IGNORECASE)
_MARKUP: Final = re.compile(
    r"[{}<>\[\]\x00-\x08\x0b\x0c\x0e-\x1f]|''|----|(?:^|\n)[=:;*#]"
)  # and lines of lists, headings


def _plain_text(text: str) -> str:
    """Text without markup as :func:`_text` reads it: mwparserfromhell decodes one level of entities
    and ``_text`` another (``&amp;ndash;`` is a dash), white space collapsed."""
    if "&" in text:
        text = html.unescape(html.unescape(text))
    return " ".join(text.split())


def _plain_template(text: str) -> tuple[str, dict[str, str]] | None:
    """``(name, parameters)`` of a template that is plain text, read as mwparserfromhell and
    :func:`template_record` would read it; None for any other (mwparserfromhell reads it)."""
    match = _PLAIN_TEMPLATE.fullmatch(text)
    if match is None or _MARKUP.search(text, 2, len(text) - 2):
        return None
    params: dict[str, str] = {}
    position = 0
    for part in match.group(2).split("|")[1:]:
        name, equals, value = part.partition("=")
        if not equals:
            position += 1
            name, value = str(position), part
        value = _plain_text(value)
        if value:
            params[_parameter_name(name)] = value
    return match.group(1), params


_PERSON_PARAMETER: Final = {
    "authors": re.compile(
        r"^(?:(?P<family>last|surname|author-last)|(?P<given>first|given|author-first)|"
        r"(?P<whole>author|authors))(?P<n>\d{0,4})$"
    ),
    "editors": re.compile(
        r"^editor-?(?:(?P<family>last|surname)|(?P<given>first|given))(?P<n>\d{0,4})$|"
        r"^(?P<whole>editor|editors)(?P<n2>\d{0,4})$"
    ),
}


def _names(params: dict[str, str], role: str, vancouver: str) -> tuple[tuple[Name, ...], bool]:
    """Names from ``last1``/``first1``… (``editor-last1``…), ``author``/``authors``, or ``vauthors``."""
    pattern = _PERSON_PARAMETER[role]
    numbered: dict[int, dict[str, str]] = {}
    for key, value in params.items():
        match = pattern.match(key)
        if match is None or not value:
            continue
        groups = match.groupdict()
        part = next(name for name in ("family", "given", "whole") if groups.get(name))
        number = int(groups.get("n") or groups.get("n2") or 1)
        numbered.setdefault(number, {})[part] = value
    names: list[Name] = []
    et_al = False
    for _, parts in sorted(numbered.items()):
        if "family" in parts:
            names.append(build.name(family=parts["family"], given=parts.get("given")))
        elif "whole" in parts:
            found, cut = parse_names(parts["whole"])
            names.extend(found)
            et_al = et_al or cut
    if params.get(vancouver):
        found, cut = parse_names(params[vancouver])
        names.extend(found)
        et_al = et_al or cut
    return tuple(names), et_al


def _date(params: dict[str, str], *keys: str) -> Date | None:
    for key in keys:
        value = params.get(key)
        if value and not is_no_date(value):
            date = parse_date(value)
            if date is not None:
                return date
    return None


def template_record(
    template: Template,
    *,
    source: str | None = None,
    line: int | None = None,
    number: int | None = None,
    key: str | None = None,
) -> tuple[Reference, list[Diagnostic]]:
    """One CS1 template as a record."""
    params: dict[str, str] = {}
    for param in template.params:
        value = _text(param.value)
        if value:
            params[_parameter_name(str(param.name))] = value
    return params_record(_kind(template), params, str(template), source=source, line=line, number=number, key=key)


def params_record(
    kind: str,
    params: dict[str, str],
    text: str,
    *,
    source: str | None = None,
    line: int | None = None,
    number: int | None = None,
    key: str | None = None,
) -> tuple[Reference, list[Diagnostic]]:
    """A CS1 template's record from its kind (``journal``) and its parameters as plain text."""
    record_type = mapping.TYPES.get(kind, "document")
    title = params.pop("title", None)
    container = next((params[name] for name in mapping.CONTAINER_PARAMETERS if params.get(name)), None)
    chapter = params.get("chapter") or params.get("contribution") or params.get("entry") or params.get("article")
    if chapter and record_type in {"book", "entry-encyclopedia", "report"}:
        container, title = title, chapter
        record_type = "chapter" if record_type == "book" else record_type
    authors, et_al = _names(params, "authors", "vauthors")
    editors, _ = _names(params, "editors", "veditors")
    if params.get("display-authors", "").lower().replace(" ", "") in {"etal", "et al"}:
        et_al = True
    issued = _date(params, "date", "publication-date") or _year(params)
    page_text = params.get("pages") or params.get("page") or params.get("at")
    fields: dict[str, Any] = {}
    for parameter, attr in mapping.TEXT_PARAMETERS.items():
        if params.get(parameter) and attr not in fields:
            fields[attr] = params[parameter]
    found: dict[str, list[str]] = {}
    for parameter, scheme in mapping.IDENTIFIER_PARAMETERS.items():
        if params.get(parameter):
            found.setdefault(scheme, []).append(params[parameter])
    used = {
        "title",
        "chapter",
        "contribution",
        "entry",
        "article",
        "date",
        "publication-date",
        "year",
        "month",
        "pages",
        "page",
        "at",
        "access-date",
        "accessdate",
        "archive-date",
        "archivedate",
        "display-authors",
        "vauthors",
        "veditors",
        "trans-title",
        *mapping.CONTAINER_PARAMETERS,
        *mapping.TEXT_PARAMETERS,
        *mapping.IDENTIFIER_PARAMETERS,
        *mapping.IGNORED_PARAMETERS,
    }
    extra = [
        (name, value)
        for name, value in params.items()
        if name not in used
        and not re.match(
            r"^(?:editor-)?(?:last|first|surname|given|author|editor|author-link|"
            r"authorlink|editor-link)\d*$",
            name,
        )
    ]
    if params.get("trans-title"):
        extra.insert(0, ("translated-title", params["trans-title"]))
    checked: list[Diagnostic] = []
    record = build.record(
        found,
        checked,
        type=record_type,
        title=title,
        authors=authors,
        editors=editors,
        et_al=et_al,
        issued=issued,
        container_title=container,
        page=normalize_pages(page_text) if page_text else None,
        accessed=_date(params, "access-date", "accessdate"),
        archive_date=_date(params, "archive-date", "archivedate"),
        extra=extra,
        provenance=build.provenance(source=source, line=line, number=number, text=text, key=key, format=NAME),
        **fields,
    )
    diagnostics: list[Diagnostic] = []
    if not record.title:
        diagnostics.append(Diagnostic("warning", "wikitext.no-title", f"{{{{{kind}}}}} without a title", source, line))
    for date_key in ("date", "access-date", "accessdate", "archive-date", "archivedate"):
        date_text = params.get(date_key)
        if date_text and not is_no_date(date_text) and parse_date(date_text) is None:
            diagnostics.append(
                Diagnostic("warning", "wikitext.bad-date", f"could not read |{date_key}={date_text}", source, line)
            )
    return record, diagnostics + checked


def _year(params: dict[str, str]) -> Date | None:
    year = params.get("year", "")
    if not year[:4].isdecimal():
        return None
    month = parse_date(f"{params['month']} {year[:4]}") if params.get("month") else None
    return month or build.date(int(year[:4]))


def _ref_name(tag: Tag) -> str | None:
    if not tag.has("name"):
        return None
    value = tag.get("name").value
    return " ".join(_text(value if value is not None else "").strip("\"'").split()) or None


# What holds no citation for the parser: comments and the raw-text elements. Blanked (same length)
# before the spans are looked for, so offsets and lines stay the page's.
_RAW: Final = re.compile(
    r"<!--.*?(?:-->|\Z)|<(nowiki|pre|math|syntaxhighlight|source|score|chem|ce)\b[^>]*?(?:/>|>.*?(?:</\1\s*>|\Z))",
    re.IGNORECASE | re.DOTALL,
)
_REF_TAG: Final = re.compile(r"<ref\b[^<>]{0,1000}?(/?)>|</ref\s*>", re.IGNORECASE)
_CITE_START: Final = re.compile(r"\{\{\s*(?:cite[ _]|citation\s*[|}]|vcite[ _])", re.IGNORECASE)
_LONGEST_TEMPLATE: Final = 20_000
"""No citation template is longer: an unclosed one is not followed to the end of a long page."""


def _template_end(text: str, start: int) -> int | None:
    """The offset after the ``}}`` that closes the template opening at ``start`` (None: unclosed)."""
    depth = 0
    limit = min(len(text), start + _LONGEST_TEMPLATE)
    # Each mark is looked for once: the one not taken stays the next (a "{{" cannot start inside a
    # "}}" or the reverse), so a template is one pass, not one search per brace pair.
    opening = text.find("{{", start, limit)
    closing = text.find("}}", start, limit)
    while True:
        if closing < 0:
            return None
        if 0 <= opening < closing:
            depth += 1
            opening = text.find("{{", opening + 2, limit)
        else:
            depth -= 1
            if depth == 0:
                return closing + 2
            closing = text.find("}}", closing + 2, limit)


_DEEPEST: Final = 30
"""Templates nested deeper in one citation are broken markup, not a reference: mwparserfromhell's
tokenizer takes time quadratic in the depth of unclosed templates (2 s for one 30 KB <ref>)."""
_BRACES: Final = re.compile(r"\{\{|\}\}")


def _nested_deeper_than(text: str, start: int, end: int, limit: int) -> bool:
    """Whether ``{{`` opens more than ``limit`` deep between ``start`` and ``end``."""
    if text.count("{{", start, end) <= limit:
        return False
    depth = 0
    for match in _BRACES.finditer(text, start, end):
        depth = depth + 1 if match.group() == "{{" else max(0, depth - 1)
        if depth > limit:
            return True
    return False


def _spans(text: str) -> list[tuple[int, int, str]]:
    """The ``<ref>`` tags and the citation templates outside them, in page order: ``(start, end,
    kind)``, kind ``ref``, ``template``, or ``unclosed-ref``/``unclosed-template`` for an opening
    nothing closes (MediaWiki shows a cite error there). Offsets are the page's; one pass over the
    tags, so a page of unclosed tags costs no more than one of closed ones."""
    blanked = _RAW.sub(lambda match: " " * len(match.group()), text) if "<" in text else text
    found: list[tuple[int, int, str]] = []
    refs: list[tuple[int, int]] = []
    pending: int | None = None
    for match in _REF_TAG.finditer(blanked):
        closing = match.group().startswith("</")
        if pending is not None and not closing:
            found.append((pending, pending, "unclosed-ref"))
            pending = None
        if closing:
            if pending is not None:
                refs.append((pending, match.end()))
                pending = None
        elif match.group(1):  # <ref … />
            refs.append((match.start(), match.end()))
        else:
            pending = match.start()
    if pending is not None:
        found.append((pending, pending, "unclosed-ref"))
    found += [(start, end, "ref") for start, end in refs]
    starts = [start for start, _ in refs]
    covered_until = -1
    for match in _CITE_START.finditer(blanked):
        start = match.start()
        at = bisect.bisect_right(starts, start) - 1
        if at >= 0 and refs[at][1] > start:
            continue  # inside a <ref>: read with it
        if start < covered_until:
            continue  # inside a citation template already cut out (its nested templates are its own)
        end = _template_end(blanked, start)
        if end is None:
            found.append((start, start, "unclosed-template"))
            continue
        covered_until = end
        found.append((start, end, "template"))
    return sorted(found)


def loads(text: str, *, source: str | None = None) -> ParseResult:
    """Parse wikitext: one record per cited work, in order of first citation.

    Only what can hold a citation is parsed — each ``<ref>`` and each citation template outside
    one, cut out of the page (comments and raw-text elements skipped) — which is several times
    faster than parsing the whole page and gives the same records (a test holds them equal on
    real articles); a span mwparserfromhell reads as something else sends the page to a whole parse.
    A ``<ref>`` or citation template that nothing closes is a warning, and is not read.
    """
    spans = _spans(text)
    records: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    seen_names: set[str] = set()
    line, counted = 1, 0
    for start, end, kind in spans:
        line += text.count("\n", counted, start)
        counted = start
        if kind.startswith("unclosed"):
            what = "<ref>" if kind == "unclosed-ref" else "citation template"
            diagnostics.append(
                Diagnostic("warning", f"wikitext.{kind}", f"a {what} that nothing closes; not read", source, line)
            )
            continue
        if _nested_deeper_than(text, start, end, _DEEPEST):
            diagnostics.append(_too_deep(source, line))
            continue
        fast = _read_plain(text[start:end], kind, seen_names, diagnostics, source, line, len(records) + 1)
        if fast is not None:
            if fast[0] is not None:
                records.append(fast[0])
                diagnostics.extend(fast[1])
            continue
        try:
            nodes = mwparserfromhell.parse(text[start:end]).nodes
            node = nodes[0] if len(nodes) == 1 else None
            if kind == "ref":
                if not isinstance(node, Tag) or str(node.tag).strip().lower() != "ref":
                    return _loads_whole(text, source=source)
                read = _ref_to_read(_ref_name(node), _has_contents(node), seen_names, diagnostics, source, line)
                if read is None:
                    continue
                record, problems = _ref_record(node, read[0], source=source, line=line, number=len(records) + 1)
            else:
                if not isinstance(node, Template):
                    return _loads_whole(text, source=source)
                if not _is_cite(node):
                    continue
                record, problems = template_record(node, source=source, line=line, number=len(records) + 1)
        except RecursionError:  # mwparserfromhell builds nested markup recursively
            diagnostics.append(_too_deep(source, line))
            continue
        records.append(record)
        diagnostics.extend(problems)
    return ParseResult(records, diagnostics)


def _too_deep(source: str | None, line: int) -> Diagnostic:
    return Diagnostic("warning", "wikitext.too-deep", "markup nested too deeply; not read", source, line)


_Read = tuple[Reference | None, list[Diagnostic]]


def _read_plain(
    span: str,
    kind: str,
    seen_names: set[str],
    diagnostics: list[Diagnostic],
    source: str | None,
    line: int,
    number: int,
) -> _Read | None:
    """A span read without mwparserfromhell where it is plain (see :data:`_PLAIN_TEMPLATE`): a
    citation template, a ``<ref>`` holding one or plain text (no markup, no bare URL), or a reuse
    ``<ref name="a" />`` — ``(the record or None, its problems)``, as mwparserfromhell's reading
    gives them; None when the span needs mwparserfromhell."""
    if kind == "template":
        plain = _plain_template(span)
        if plain is None:
            return None
        if not _is_cite(plain[0]):
            return None, []
        return params_record(_kind(plain[0]), plain[1], span, source=source, line=line, number=number)
    opening = _PLAIN_REF.match(span)
    if opening is None:
        return None
    raw_name = next((group for group in opening.groups()[:3] if group is not None), None)
    name = _plain_text(raw_name) or None if raw_name is not None else None
    if opening.group(4):  # <ref name="a" />: a reuse
        return (None, []) if opening.end() == len(span) else None
    closing = _REF_CLOSE.search(span)
    if closing is None:
        return None
    inner = span[opening.end() : closing.start()].strip()
    if "{" not in inner:  # text alone, read as a rendered reference
        if _MARKUP.search(inner) or "://" in inner:  # a bare URL: mwparserfromhell finds where it ends
            return None
        if _ref_to_read(name, bool(inner), seen_names, diagnostics, source, line) is None:
            return None, []
        return rendered.parse_entry(_plain_text(inner), source=source, line=line, number=number, key=name)
    plain = _plain_template(inner)
    if plain is None or not _is_cite(plain[0]):
        return None
    if _ref_to_read(name, True, seen_names, diagnostics, source, line) is None:
        return None, []
    return params_record(_kind(plain[0]), plain[1], inner, source=source, line=line, number=number, key=name)


def _has_contents(node: Tag) -> bool:
    return not node.self_closing and node.contents is not None and bool(str(node.contents).strip())


def _ref_to_read(
    name: str | None,
    has_contents: bool,
    seen_names: set[str],
    diagnostics: list[Diagnostic],
    source: str | None,
    line: int,
) -> tuple[str | None] | None:
    """``(its name,)`` when a ``<ref>`` defines a citation to read; None for a reuse (``<ref name="a"
    />``), an empty one, or a name defined again (a warning)."""
    if not has_contents:
        return None
    if name is not None and name in seen_names:
        diagnostics.append(
            Diagnostic("warning", "wikitext.repeated-name", f'<ref name="{name}"> defined again', source, line)
        )
        return None
    if name is not None:
        seen_names.add(name)
    return (name,)


def _ref_record(
    node: Tag, name: str | None, *, source: str | None, line: int, number: int
) -> tuple[Reference, list[Diagnostic]]:
    """The record of one ``<ref>``: its first citation template, or its text read as a rendered reference."""
    cites = [t for t in node.contents.filter_templates(recursive=False) if _is_cite(t)]
    if cites:
        return template_record(cites[0], source=source, line=line, number=number, key=name)
    plain = _text(node.contents)
    # An external link's label is kept by the text and its URL dropped: the URL is
    # appended, so the rendered reader reads it (a doi.org link is the DOI).
    links = [str(link.url) for link in node.contents.filter_external_links(recursive=True)]
    links = [link for link in links if link not in plain]
    if links:
        plain = f"{plain.rstrip()} {' '.join(links)}"
    return rendered.parse_entry(plain, source=source, line=line, number=number, key=name)


def _loads_whole(text: str, *, source: str | None = None) -> ParseResult:
    """The whole page parsed by mwparserfromhell: the reference :func:`loads` falls back on.

    :raises MalformedInputError: when the page's markup is nested too deeply to read.
    """
    try:
        return _read_whole(text, source=source)
    except RecursionError:
        raise MalformedInputError("wikitext markup nested too deeply to read", source=source, line=1) from None


def _read_whole(text: str, *, source: str | None = None) -> ParseResult:
    code = mwparserfromhell.parse(text)
    records: list[Reference] = []
    diagnostics: list[Diagnostic] = []
    seen_names: set[str] = set()
    position = 0

    counted = [0, 1]  # offset up to which newlines are counted, and the line there

    def line_of(node: object) -> int:
        """The line where ``node`` starts; nodes come in text order, so counting goes forward."""
        nonlocal position
        rendered_node = str(node)
        found = text.find(rendered_node, position)
        if found < 0:
            found = max(text.find(rendered_node), 0)
        else:
            position = found + 1
        if found < counted[0]:
            counted[:] = [0, 1]
        counted[1] += text.count("\n", counted[0], found)
        counted[0] = found
        return counted[1]

    inside_refs: set[int] = set()
    for node in code.ifilter(recursive=True):
        if isinstance(node, Tag) and str(node.tag).strip().lower() == "ref":
            line = line_of(node)
            for template in node.contents.filter_templates(recursive=True) if node.contents else []:
                inside_refs.add(id(template))
            read = _ref_to_read(_ref_name(node), _has_contents(node), seen_names, diagnostics, source, line)
            if read is None:
                continue
            record, problems = _ref_record(node, read[0], source=source, line=line, number=len(records) + 1)
            records.append(record)
            diagnostics.extend(problems)
        elif isinstance(node, Template) and _is_cite(node) and id(node) not in inside_refs:
            line = line_of(node)
            record, problems = template_record(node, source=source, line=line, number=len(records) + 1)
            records.append(record)
            diagnostics.extend(problems)
    return ParseResult(records, diagnostics)
