"""Reading HTML pages and PDFs made by the tests: the format from the content, the main
text and metadata, the page offsets, and one clear line for what cannot be read."""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer import InputError, load_document, read_document
from summarizer._inputs import sniff_format
from tests.conftest import assert_one_line_error
from tests.inputs_documents import (
    EMPTY_PAGE,
    FOOTER,
    HARBOR_PARAGRAPHS,
    NAVIGATION,
    PIER_PAGES,
    harbor_page,
    image_only_pdf,
    pier_report,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "pdf", id="pdf-magic"),
        pytest.param(b"\n  %PDF-1.4\n", "pdf", id="pdf-magic-after-whitespace"),
        pytest.param(b"<!DOCTYPE html><html><body>x</body></html>", "html", id="doctype"),
        pytest.param(codecs.BOM_UTF8 + b"\n\n  <html lang=en>", "html", id="html-after-bom"),
        pytest.param(
            b"<!-- saved page -->\n<head><title>t</title>", "html", id="comment-then-head"
        ),
        pytest.param("<body><p>Hi</p>".encode("utf-16"), "html", id="utf16-with-bom"),
        pytest.param(b"The mayor said the <html> tag is old.", "text", id="text-naming-a-tag"),
        pytest.param(b"<b>bold</b> words without a page", "text", id="tag-but-no-page-marker"),
        pytest.param(b"x" * 2000 + b"<html>", "text", id="marker-after-first-kb"),
        pytest.param(b"Plain words about a PDF-1.4 file.", "text", id="plain-text"),
    ],
)
def test_the_format_comes_from_the_first_bytes(data: bytes, expected: str) -> None:
    assert sniff_format(data) == expected


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return str(path)


def test_an_html_page_gives_its_main_text_and_metadata(tmp_path: Path) -> None:
    loaded = load_document(write(tmp_path, "saved.html", harbor_page()))
    for paragraph in HARBOR_PARAGRAPHS:
        assert paragraph in loaded.text
    assert NAVIGATION not in loaded.text
    assert FOOTER not in loaded.text
    info = loaded.info
    assert (info.format, info.title, info.author) == ("html", "Harbor ferry returns", "Lena Ortiz")
    assert (info.date, info.url) == ("2026-03-14", "https://ledger.example/ferry")
    assert info.chars == len(loaded.text)
    assert info.pages is None


def test_a_page_without_a_date_has_none_not_a_guess(tmp_path: Path) -> None:
    """The article mentions 'Monday' and 'May': no date is made up from them."""
    loaded = load_document(write(tmp_path, "undated.html", harbor_page(date=None)))
    assert loaded.info.date is None
    assert HARBOR_PARAGRAPHS[0] in loaded.text


def test_content_decides_not_the_name(tmp_path: Path) -> None:
    as_text = load_document(write(tmp_path, "page.txt", harbor_page()))
    assert as_text.info.format == "html"
    assert NAVIGATION not in as_text.text
    pdf = load_document(write(tmp_path, "report.txt", pier_report()))
    assert pdf.info.format == "pdf"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        pytest.param(
            "fragment.html", "<p>" + HARBOR_PARAGRAPHS[0] + "</p>", "html", id="html-name-and-tag"
        ),
        pytest.param("notes.html", HARBOR_PARAGRAPHS[0], "text", id="html-name-plain-words"),
        pytest.param(
            "fragment.txt", "<p>" + HARBOR_PARAGRAPHS[0] + "</p>", "text", id="text-name-tag"
        ),
    ],
)
def test_an_html_name_helps_a_fragment_without_page_markers(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    loaded = load_document(write(tmp_path, name, content))
    assert loaded.info.format == expected
    assert HARBOR_PARAGRAPHS[0] in loaded.text


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("Plain words.\nA second line.\n", id="ascii"),
        pytest.param("Café “quoted” — dash.\n", id="utf8"),
        pytest.param(codecs.BOM_UTF16_LE + "Marked UTF-16.".encode("utf-16-le"), id="utf16-bom"),
    ],
)
def test_plain_text_reads_exactly_as_before(tmp_path: Path, content: str | bytes) -> None:
    path = write(tmp_path, "plain.txt", content)
    loaded = load_document(path)
    assert loaded.text == read_document(path)
    assert (loaded.info.format, loaded.info.source, loaded.info.title) == ("text", path, None)


def test_a_pdf_gives_its_pages_text_and_where_each_starts(tmp_path: Path) -> None:
    loaded = load_document(write(tmp_path, "pier.pdf", pier_report()))
    info = loaded.info
    assert info.format == "pdf"
    assert info.pages is not None and len(info.pages) == len(PIER_PAGES)
    ends = [*info.pages[1:], len(loaded.text) + 2]
    for page, (start, end) in enumerate(zip(info.pages, ends, strict=True)):
        words = " ".join(loaded.text[start:end].split())
        assert words == PIER_PAGES[page], page  # the page's text, its lines re-joined
    assert (info.title, info.author, info.date) == (
        "Northern pier report",
        "Harbor Office",
        "2026-03-14",
    )


def test_page_of_an_offset(tmp_path: Path) -> None:
    info = load_document(write(tmp_path, "pier.pdf", pier_report())).info
    assert info.pages is not None
    assert [info.page_of(0), info.page_of(info.pages[1] - 1)] == [1, 1]
    assert [info.page_of(info.pages[1]), info.page_of(info.pages[2] + 5)] == [2, 3]
    assert info.page_of(None) is None


def test_a_pdf_protected_only_against_editing_is_read(tmp_path: Path) -> None:
    """An owner password with an empty user password: any reader opens it."""
    loaded = load_document(write(tmp_path, "owner.pdf", pier_report(password="")))
    assert PIER_PAGES[0] in " ".join(loaded.text.split())


Maker = Callable[[], Any]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        pytest.param(
            "empty.html", EMPTY_PAGE, "no main text found in the HTML page", id="html-no-main-text"
        ),
        pytest.param(
            "locked.pdf",
            pier_report(password="open-sesame"),
            "the PDF is encrypted",
            id="encrypted-pdf",
        ),
        pytest.param(
            "scan.pdf",
            image_only_pdf(),
            "no extractable text (scanned?); OCR it first",
            id="image-only-pdf",
        ),
        pytest.param(
            "broken.pdf",
            b"%PDF-1.4\n1 0 obj << /Type /Catalog",
            "not a readable PDF",
            id="broken-pdf",
        ),
        pytest.param("cut.pdf", pier_report()[:400], "not a readable PDF", id="truncated-pdf"),
    ],
)
def test_unreadable_documents_are_one_line_and_exit_2(
    cli: Any, tmp_path: Path, name: str, content: str | bytes, fragment: str
) -> None:
    path = write(tmp_path, name, content)
    with pytest.raises(InputError, match=re.escape(fragment)):
        load_document(path)
    result = cli("summarize", path, "--model", "extractive")
    assert_one_line_error(result, 2, fragment, empty_stdout=True)
    assert name in result.stderr


def test_a_pdf_over_max_bytes_is_refused_before_reading(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "pier.pdf", pier_report())
    result = cli("summarize", path, "--model", "extractive", "--max-bytes", "100")
    assert_one_line_error(result, 2, "over the limit of 100 bytes", empty_stdout=True)


def test_extracted_text_over_max_chars_is_refused(cli: Any, tmp_path: Path) -> None:
    path = write(tmp_path, "saved.html", harbor_page())
    result = cli("summarize", path, "--model", "extractive", "--max-chars", "50")
    assert_one_line_error(result, 2, "over the limit of 50 characters", empty_stdout=True)
