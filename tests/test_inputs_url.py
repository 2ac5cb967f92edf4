"""Documents by URL from a local server on 127.0.0.1: pages and PDFs are summarized like
files; a 404, a timeout, a redirect loop, a binary type or too many bytes is one line and
exit 2; credentials in the URL are never echoed."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import load_document
from tests.conftest import assert_one_line_error
from tests.inputs_documents import (
    HARBOR_PARAGRAPHS,
    PIER_PAGES,
    document_server,
    harbor_page,
    pier_report,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ROUTES = {
    "/page.html": (200, {"Content-Type": "text/html; charset=utf-8"}, harbor_page().encode()),
    "/report.pdf": (200, {"Content-Type": "application/pdf"}, pier_report()),
    "/untyped": (200, {}, harbor_page().encode()),
    "/logo.png": (200, {"Content-Type": "image/png"}, PNG),
    "/huge": (200, {"Content-Type": "text/plain", "Content-Length": "900000000"}, b"x"),
}
PASSWORD = "hunter2-pier-secret"
TIMEOUT = ("--timeout", "0.5")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with document_server(ROUTES) as base:
        yield base


def test_a_page_by_url_is_its_main_text_with_its_source(server: str) -> None:
    loaded = load_document(f"{server}/page.html")
    assert loaded.info.format == "html"
    assert loaded.info.source == f"{server}/page.html"
    assert loaded.info.url == "https://ledger.example/ferry"  # the page's canonical URL
    assert all(paragraph in loaded.text for paragraph in HARBOR_PARAGRAPHS)


def test_a_pdf_by_url_has_its_pages(server: str) -> None:
    loaded = load_document(f"{server}/report.pdf")
    assert (loaded.info.format, loaded.info.date) == ("pdf", "2026-03-14")
    assert loaded.info.pages is not None and len(loaded.info.pages) == len(PIER_PAGES)


def test_without_a_content_type_the_bytes_tell(server: str) -> None:
    assert load_document(f"{server}/untyped").info.format == "html"


def test_summarize_a_url_from_the_cli(cli: Any, server: str) -> None:
    result = cli("summarize", f"{server}/page.html", "--model", "extractive", "-f", "result")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)["document"]
    assert (document["format"], document["source"]) == ("html", f"{server}/page.html")
    assert document["text"] is None  # summarize leaves the text out unless asked


def test_five_redirects_are_followed(server: str) -> None:
    loaded = load_document(f"{server}/chain/5")
    assert HARBOR_PARAGRAPHS[0] in loaded.text


@pytest.mark.parametrize(
    ("path", "extra", "fragment"),
    [
        pytest.param("/missing", (), "HTTP 404 Not Found", id="404"),
        pytest.param("/slow", TIMEOUT, "timed out after 0.5 s", id="timeout"),
        pytest.param("/loop", (), "more than 5 redirects", id="redirect-loop"),
        pytest.param("/chain/6", (), "more than 5 redirects", id="six-redirects"),
        pytest.param("/logo.png", (), "serves image/png, not a document", id="binary-type"),
        pytest.param("/huge", (), "900,000,000 bytes is over the limit", id="too-large-announced"),
        pytest.param(
            "/drip", ("--max-bytes", "4000"), "more than 4,000 bytes", id="too-large-streamed"
        ),
    ],
)
def test_a_url_that_gives_no_document_is_one_line_and_exit_2(
    cli: Any, server: str, path: str, extra: tuple[str, ...], fragment: str
) -> None:
    result = cli("summarize", f"{server}{path}", "--model", "extractive", *extra)
    assert_one_line_error(result, 2, fragment, empty_stdout=True)
    assert f"{server}{path}" in result.stderr


def test_an_unreachable_host_is_one_line(cli: Any, server: str) -> None:
    closed = server.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens
    result = cli("summarize", f"{closed}/page.html", "--model", "extractive", *TIMEOUT)
    assert_one_line_error(result, 2, "cannot fetch it (ConnectError)", empty_stdout=True)


def with_credentials(server: str, path: str) -> str:
    return server.replace("http://", f"http://reader:{PASSWORD}@") + path + f"?token={PASSWORD}"


@pytest.mark.parametrize(
    "path", [pytest.param("/page.html", id="ok"), pytest.param("/missing", id="404")]
)
def test_credentials_in_a_url_are_never_echoed(
    cli: Any, server: str, path: str, tmp_path: Path
) -> None:
    meta = tmp_path / "meta.json"
    result = cli(
        "summarize", with_credentials(server, path), "--model", "extractive", "-f", "result",
        "--meta", str(meta),
    )  # fmt: skip
    assert PASSWORD not in result.output
    assert PASSWORD not in (meta.read_text() if meta.exists() else "")
    assert (result.exit_code == 0) == (path == "/page.html"), result.output
    if result.exit_code == 0:
        source = json.loads(result.stdout)["document"]["source"]
        assert source.startswith(f"{server}{path}") and "reader" not in source


def test_batch_fetches_urls_and_fails_only_the_bad_one(
    cli: Any, server: str, tmp_path: Path
) -> None:
    out = tmp_path / "briefs"
    good, bad = with_credentials(server, "/report.pdf"), f"{server}/missing"
    result = cli("batch", good, bad, "--out", str(out), "--model", "extractive", "-q")
    assert result.exit_code == 6, result.output
    assert PASSWORD not in result.output
    manifest = (out / "manifest.jsonl").read_text()
    assert PASSWORD not in manifest
    lines = [json.loads(line) for line in manifest.splitlines()]
    status = {line["status"]: line for line in lines}
    assert "HTTP 404" in status["failed"]["error"]
    written = [p for p in out.iterdir() if p.suffix == ".json"]
    assert len(written) == 1 and PASSWORD not in written[0].read_text()
    document = json.loads(written[0].read_text())["document"]
    assert (document["format"], document["pages"] is not None) == ("pdf", True)
