"""``ldnrefs scan``: a real Wikipedia dump (gensim's, 2016) cut into Wikimedia's multistream layout,
with hazard pages added; both engines, and each article's findings against ``ldnrefs check``."""

from __future__ import annotations

import bz2
import itertools
import json
from pathlib import Path

import pytest

from ldnrefs.cli import main
from ldnrefs.scan import dump, scan
from ldnrefs.scan.work import check_article
from tests.conftest import DATA

GENSIM = DATA / "realworld" / "wikidump" / "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
ARTICLES = 24  # of the dump's 106, to keep the suite quick; with the redirects between them

BROKEN = b"<page><title>Broken</title><ns>0</ns><id>not-a-number</id><revision><text>x</text></revision></page>"
PROJECT = (
    b"<page><title>Wikipedia:About</title><ns>4</ns><id>900001</id><revision><id>1</id>"
    b"<text>&lt;ref&gt;{{cite web |url=http://a.example/ |title=A}}&lt;/ref&gt;"
    b"&lt;ref&gt;{{cite web |url=http://a.example/ |title=A}}&lt;/ref&gt;</text></revision></page>"
)


@pytest.fixture(scope="module")
def multistream(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dump.Page]]:
    """The first pages of the real dump (ARTICLES articles), five pages a stream, the header in a
    stream of its own, and the index; plus a page that is not XML-valid as a page and a project page."""
    text, trailing = dump.decompress(GENSIM.read_bytes())
    assert trailing == 0
    header = text[: text.index(b"<page>")]
    blocks: list[bytes] = []
    articles = 0
    for block in dump.pages_of(text):
        page = dump.parse_page(block)
        blocks.append(block)
        articles += page.namespace == 0 and not page.redirect
        if articles == ARTICLES:
            break
    blocks[3:3] = [BROKEN, PROJECT]
    folder = tmp_path_factory.mktemp("dump")
    target = folder / "enwiki-test-pages-articles-multistream.xml.bz2"
    index = dump.write_multistream(blocks, target, header=header, pages_per_stream=5)
    pages = [dump.parse_page(block) for block in blocks if block is not BROKEN]
    return target, index, pages


def test_the_dump_is_split_at_its_streams(multistream: tuple[Path, Path, list[dump.Page]]) -> None:
    target, index, pages = multistream
    from_index = dump.stream_offsets_from_index(index)
    found = dump.stream_offsets(target)
    assert found[1:-1] == from_index  # the header's stream and the closing tag's are not in the index
    parts = dump.parts(target, index=index, part_bytes=60_000)
    assert len(parts) > 2
    assert parts[0].start == 0
    assert parts[-1].end == target.stat().st_size
    assert all(one.end == other.start for one, other in itertools.pairwise(parts))
    read = [
        dump.parse_page(block)
        for part in parts
        for block in dump.pages_of(dump.read_part(part)[0])
        if b"not-a-number" not in block
    ]
    assert [page.page_id for page in read] == [page.page_id for page in pages]


def _rows(folder: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (folder / "findings.jsonl").read_text(encoding="utf-8").splitlines()]


def test_local_and_dask_engines_write_the_same_findings(
    multistream: tuple[Path, Path, list[dump.Page]], tmp_path: Path
) -> None:
    pytest.importorskip("distributed")
    target, index, _ = multistream
    local = scan(target, tmp_path / "local", index=index, workers=2, part_bytes=60_000)
    dask = scan(target, tmp_path / "dask", index=index, engine="dask", workers=2, part_bytes=60_000)
    assert (tmp_path / "local" / "findings.jsonl").read_bytes() == (tmp_path / "dask" / "findings.jsonl").read_bytes()
    assert local.articles == dask.articles == ARTICLES
    assert local.findings == dask.findings > 0
    assert local.errors == dask.errors == 1  # the broken page, reported; the scan went on
    errors = (tmp_path / "local" / "errors.jsonl").read_text(encoding="utf-8")
    assert "without a numeric <id>" in errors
    # The project page (namespace 4) and the redirects are not articles.
    assert all(row["page_id"] != 900001 for row in _rows(tmp_path / "local"))
    summary = json.loads((tmp_path / "local" / "summary.json").read_text(encoding="utf-8"))
    assert summary["parts"] > 2
    parquet = pytest.importorskip("pyarrow.parquet")
    assert parquet.read_table(tmp_path / "dask" / "findings.parquet").to_pylist() == _rows(tmp_path / "local")
    assert summary["findings_by_kind"] == local.findings_by_kind


def test_each_article_is_checked_as_check_checks_it(
    multistream: tuple[Path, Path, list[dump.Page]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target, index, pages = multistream
    scan(target, tmp_path / "out", index=index, workers=1, part_bytes=60_000)
    rows = _rows(tmp_path / "out")
    articles = [page for page in pages if page.namespace == 0 and not page.redirect]
    with_findings = 0
    for page in articles:
        source = tmp_path / f"{page.page_id}.wiki"
        source.write_text(page.text, encoding="utf-8")
        code = main(["check", str(source), "--format", "json", "--no-config"])
        report = json.loads(capsys.readouterr().out)
        # One row per member after a group's first, naming an earlier member of its group (the first,
        # or the one it repeats at the same page).
        groups = [item["references"] for item in report["duplicates"]]
        expected = sorted(later for numbers in groups for later in numbers[1:])
        mine = [tuple(row["references"]) for row in rows if row["page_id"] == page.page_id]
        assert sorted(later for _, later in mine) == expected, page.title
        assert all(any({one, later} <= set(numbers) for numbers in groups) for one, later in mine), page.title
        # check's exit: 1 with findings; 0 without, or 2 for an article that cites nothing at all
        assert code == 1 if expected else code in (0, 2)
        with_findings += bool(expected)
    assert with_findings > 3
    assert len(rows) == len(check_article_rows(articles))


def check_article_rows(articles: list[dump.Page]) -> list[dict[str, object]]:
    return [row for page in articles for row in check_article(page)]


def test_the_cli_and_its_exit_codes(multistream: tuple[Path, Path, list[dump.Page]], tmp_path: Path) -> None:
    target, index, _ = multistream
    assert main(["-q", "scan", str(target), "--index", str(index), "--out", str(tmp_path / "o"), "--workers", "1"]) == 1
    assert main(["-q", "scan", str(tmp_path / "missing.xml.bz2"), "--out", str(tmp_path / "o2")]) == 2
    bad_index = tmp_path / "index.txt"
    bad_index.write_text("12:34:Title\nnot an index line\n", encoding="utf-8")
    assert main(["-q", "scan", str(target), "--index", str(bad_index), "--out", str(tmp_path / "o3")]) == 2
    assert main(["-q", "scan", str(target), "--out", str(tmp_path / "o4"), "--scheduler", "tcp://x:1"]) == 2


def test_a_plain_xml_dump_and_trailing_bytes(tmp_path: Path) -> None:
    page = (
        b"<page><title>T</title><ns>0</ns><id>7</id><revision><id>8</id><text>"
        b"&lt;ref&gt;{{cite journal |title=Low-dose naltrexone |journal=Pain |year=2014 |doi=10.1/x}}&lt;/ref&gt;"
        b"&lt;ref&gt;{{cite journal |title=Low-dose naltrexone |journal=Pain |year=2014 |doi=10.1/x}}&lt;/ref&gt;"
        b"</text></revision></page>"
    )
    xml = tmp_path / "dump.xml"
    xml.write_bytes(b"<mediawiki>" + page + b"</mediawiki>")
    summary = scan(xml, tmp_path / "plain", workers=1)
    assert (summary.articles, summary.findings) == (1, 1)
    assert _rows(tmp_path / "plain")[0]["references"] == [1, 2]
    compressed = tmp_path / "dump.xml.bz2"
    compressed.write_bytes(bz2.compress(b"<mediawiki>" + page + b"</mediawiki>") + b"\x00garbage after the stream")
    summary = scan(compressed, tmp_path / "bz2", workers=1)
    assert (summary.findings, summary.trailing_bytes) == (1, 25)


def _page(page_id: int, title: str, refs: list[str]) -> bytes:
    from xml.sax.saxutils import escape

    text = escape("".join(f"<ref>{ref}</ref>" for ref in refs))
    return (
        f"<page><title>{title}</title><ns>0</ns><id>{page_id}</id><revision><id>{page_id + 1000}</id>"
        f"<text>{text}</text></revision></page>"
    ).encode()


def test_the_cross_article_pass(tmp_path: Path) -> None:
    """One DOI under two unrelated titles in two articles; one work (title, year, first author) under
    two DOIs in two articles; a shared ISBN and a DOI cited alike everywhere raise nothing."""
    good = (
        "{{cite journal |last=Younger |first=J |title=The use of low-dose naltrexone as a novel ant"
        "i-inflammatory treatment for chronic pain |journal=Clin Rheumatol |year=2014 |doi=10.1007/"
        "s10067-014-2517-2}}"
    )
    wrong = (
        "{{cite journal |last=Smith |first=A |title=Spotted hyena clan structure and its seasonal d"
        "ynamics |journal=J Zool |year=2014 |doi=10.1007/s10067-014-2517-2}}"
    )
    preprint = (
        "{{cite journal |last=Kim |first=P |title=Low-dose naltrexone for chronic pain: update and "
        "systemic review |journal=bioRxiv |year=2020 |doi=10.1101/2020.01.01.000001}}"
    )
    published = (
        "{{cite journal |last=Kim |first=P |title=Low-dose naltrexone for chronic pain: update and "
        "systemic review |journal=Curr Pain Headache Rep |year=2020 |doi=10.1007/s11916-020-00898-0"
        "}}"
    )
    book = "{{cite book |last=Kruuk |first=H |title=The Spotted Hyena |year=1972 |isbn=978-0-226-45508-4 |page=12}}"
    chapter = "{{cite book |last=Mills |first=G |title=Hyaenas: Status Survey |year=1998 |isbn=978-0-226-45508-4}}"
    pages = [
        _page(1, "Naltrexone", [good, preprint, book]),
        _page(2, "Hyena", [wrong, chapter]),
        _page(3, "Chronic pain", [good, published]),
    ]
    target = tmp_path / "x-pages-articles-multistream.xml.bz2"
    index = dump.write_multistream(pages, target, header=b"<mediawiki>", pages_per_stream=1)
    summary = scan(target, tmp_path / "out", index=index, workers=1, part_bytes=1, cross_article=True)
    rows = [json.loads(line) for line in (tmp_path / "out" / "cross_article.jsonl").read_text().splitlines()]
    assert summary.cross_article_findings == 2
    kinds = {row["kind"]: row for row in rows}
    assert kinds["conflicting-metadata"]["key"] == "doi:10.1007/s10067-014-2517-2"
    assert {c["article"] for c in kinds["conflicting-metadata"]["citations"]} == {"Naltrexone", "Hyena", "Chronic pain"}
    assert kinds["several-dois"]["dois"] == ["10.1007/s11916-020-00898-0", "10.1101/2020.01.01.000001"]
    pytest.importorskip("distributed")
    scan(target, tmp_path / "dask", index=index, engine="dask", workers=2, part_bytes=1, cross_article=True)
    assert (tmp_path / "dask" / "cross_article.jsonl").read_bytes() == (
        tmp_path / "out" / "cross_article.jsonl"
    ).read_bytes()
    assert not (tmp_path / "out" / ".cross-article.sqlite").exists()


@pytest.mark.parametrize("chunk", [7, 10, 13, 64, 2**20])
def test_page_offsets_of_a_plain_dump_are_found_across_chunk_ends(tmp_path: Path, chunk: int) -> None:
    import re

    data = b"<mediawiki>" + b"<page>abc</page>" * 300
    path = tmp_path / "d.xml"
    path.write_bytes(data)
    assert dump._page_offsets(str(path), chunk=chunk) == [match.start() for match in re.finditer(b"<page>", data)]
