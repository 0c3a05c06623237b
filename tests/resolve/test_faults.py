"""Faults a resolver meets (issue 17): every one a per-identifier report, never a crash, a hang, or a
wrong answer kept in the cache. A local server plays each."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import ldnrefs
from ldnrefs.resolve import Resolver, http
from ldnrefs.resolve.cache import Cache
from ldnrefs.resolve.http import HttpClient

DOI = "10.1000/fault"


def _resolve(httpserver: HTTPServer, tmp_path: Path, doi: str = DOI, sleeps: list[float] | None = None) -> Any:
    client = HttpClient(
        user_agent="t",
        cache=Cache(tmp_path / "cache.sqlite"),
        retries=2,
        sleep=(sleeps.append if sleeps is not None else lambda seconds: None),
    )
    with Resolver(
        crossref_url=httpserver.url_for("/cr").rstrip("/"),
        eutils_url=httpserver.url_for("/eutils"),
        idconv_url=httpserver.url_for("/idconv"),
        doi_url=httpserver.url_for("/doi"),
        client=client,
        cache_path=tmp_path / "unused.sqlite",
        parallel=False,
    ) as resolver:
        return resolver.resolve([ldnrefs.Reference(title="t", identifiers=ldnrefs.Identifiers(doi=doi))])


@pytest.fixture(autouse=True)
def _quiet_pubmed(httpserver: HTTPServer) -> None:
    empty = {"esearchresult": {"count": "0", "idlist": []}}
    httpserver.expect_request("/eutils/esearch.fcgi").respond_with_json(empty)
    httpserver.expect_request("/doi/" + DOI).respond_with_data("DOI Not Found", status=404)
    return


def _crossref(entry: Any) -> list[tuple[str, str]]:
    return [(item.source, item.status) for item in entry.report if item.source == "crossref"]


def test_an_answer_of_the_wrong_shape_is_a_service_error_and_is_not_cached(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    work = {"DOI": DOI, "title": ["T"], "ISSN": 5, "author": "nobody"}
    body = {"status": "ok", "message": {"items": [work]}}
    httpserver.expect_request("/cr/works").respond_with_json(body)
    httpserver.expect_request(f"/cr/works/{DOI}").respond_with_json({"status": "ok", "message": work})
    assert _crossref(_resolve(httpserver, tmp_path)) == [("crossref", "service")]
    again = _resolve(httpserver, tmp_path)
    assert _crossref(again) == [("crossref", "service")]  # asked again: nothing wrong was kept
    assert again.requests > 0


def test_html_in_place_of_json_and_a_work_for_another_doi(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cr/works").respond_with_data("<html>maintenance</html>", content_type="text/html")
    other = {"status": "ok", "message": {"DOI": "10.1000/other", "title": ["Other"]}}
    httpserver.expect_request(f"/cr/works/{DOI}").respond_with_json(other)
    result = _resolve(httpserver, tmp_path)
    assert _crossref(result) == [("crossref", "service")]
    assert result.records[0].title == "t"  # nothing of the other work was taken


def test_redirects_to_another_host_or_in_a_loop(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cr/works").respond_with_response(
        Response("", status=302, headers={"Location": "http://localhost:9/elsewhere"})
    )
    httpserver.expect_request(f"/cr/works/{DOI}").respond_with_response(
        Response("", status=302, headers={"Location": f"/cr/works/{DOI}"})
    )
    result = _resolve(httpserver, tmp_path)
    assert _crossref(result) == [("crossref", "service")]


def test_retry_after_a_long_or_strange_wait(httpserver: HTTPServer, tmp_path: Path) -> None:
    sleeps: list[float] = []
    httpserver.expect_request("/cr/works").respond_with_response(
        Response("busy", status=503, headers={"Retry-After": "3600"})
    )
    httpserver.expect_request(f"/cr/works/{DOI}").respond_with_response(
        Response("busy", status=429, headers={"Retry-After": "²", "x-rate-limit-limit": "0"})
    )
    started = time.monotonic()
    result = _resolve(httpserver, tmp_path, sleeps=sleeps)
    assert time.monotonic() - started < 10
    assert _crossref(result) == [("crossref", "rate-limited")]
    assert all(seconds <= http.MAX_WAIT for seconds in sleeps)


def test_a_trickling_answer_is_cut_off(httpserver: HTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(http, "MAX_WAIT", 0.3)

    def trickle(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(20):
                time.sleep(0.05)
                yield b" "

        return Response(body(), content_type="application/json")

    httpserver.expect_request("/cr/works").respond_with_handler(trickle)
    httpserver.expect_request(f"/cr/works/{DOI}").respond_with_handler(trickle)
    started = time.monotonic()
    result = _resolve(httpserver, tmp_path)
    assert _crossref(result) == [("crossref", "network")]
    assert time.monotonic() - started < 5


def test_a_doi_that_would_change_the_request_path_is_not_asked_for(httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/cr/works").respond_with_json({"status": "ok", "message": {"items": []}})
    result = _resolve(httpserver, tmp_path, doi="10.1000/../../admin")
    assert not any(".." in request.path for request, _ in httpserver.log)
    assert [entry.status for entry in result.report] == ["not found"]


def test_a_cache_that_is_not_a_database_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ldnrefs.cli import main

    garbage = tmp_path / "cache.sqlite"
    garbage.write_bytes(b"not a database, " * 1000)
    source = tmp_path / "list.json"
    source.write_text(json.dumps([{"id": "a", "type": "book", "title": "T", "DOI": DOI}]), encoding="utf-8")
    assert main(["resolve", str(source), "--cache", str(garbage), "--offline"]) == 2
    err = capsys.readouterr().err
    assert f"{garbage}: cannot use the cache" in err
    assert "Traceback" not in err
    (tmp_path / "folder.sqlite").mkdir()
    assert main(["resolve", str(source), "--cache", str(tmp_path / "folder.sqlite"), "--offline"]) == 2
