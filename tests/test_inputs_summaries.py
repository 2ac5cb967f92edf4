"""Summaries of HTML pages and PDFs: offsets index the extracted text, PDF evidence knows
its page, the document's date reaches the engines, and batch writes one document block."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import summarizer
from summarizer import LoadedDocument, Summarizer, load_document
from summarizer._inputs import dated, text_sha256
from summarizer._prompts import render_document_prompt
from tests.conftest import assert_one_line_error
from tests.inputs_documents import PIER_PAGES, harbor_page, image_only_pdf, pier_report

EXTRACTIVE = ("--model", "extractive")


def files(tmp_path: Path) -> tuple[Path, Path]:
    page, pdf = tmp_path / "saved.html", tmp_path / "pier.pdf"
    page.write_text(harbor_page(), encoding="utf-8")
    pdf.write_bytes(pier_report())
    return page, pdf


def evidences(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every quote of a result's summary (statements, mentions and evidence)."""
    found = []
    for items in result["summary"].values():
        for item in items if isinstance(items, list) else []:
            for key in ("evidence", "statements", "mentions"):
                found += item.get(key, [])
    return found


@pytest.mark.parametrize(
    "name", [pytest.param("saved.html", id="html"), pytest.param("pier.pdf", id="pdf")]
)
def test_evidence_offsets_slice_the_extracted_text(cli: Any, tmp_path: Path, name: str) -> None:
    files(tmp_path)
    result = cli("summarize", str(tmp_path / name), *EXTRACTIVE, "-f", "result", "--include-text")
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    text = output["document"]["text"]
    quotes = evidences(output)
    assert quotes, "the extractive engine found items to check"
    for quote in quotes:
        assert text[quote["start"] : quote["end"]] == quote["quote"]
    assert output["document"]["chars"] == len(text)


def test_pdf_evidence_is_on_the_right_page(tmp_path: Path) -> None:
    _, pdf = files(tmp_path)
    loaded = load_document(str(pdf))
    result = summarizer.summarize(loaded, model="extractive")
    assert result.document is not None and result.document.pages == loaded.info.pages
    quotes = [e for items in evidences(result.model_dump()) for e in [items]]
    assert {result.document.page_of(q["start"]) for q in quotes} >= {1, 2, 3}
    for quote in quotes:
        page = result.document.page_of(quote["start"])
        assert page is not None
        words = " ".join(quote["quote"].split())
        assert words in PIER_PAGES[page - 1], (page, words)


def test_markdown_gives_the_page_of_each_quote(cli: Any, tmp_path: Path) -> None:
    _, pdf = files(tmp_path)
    markdown = cli("summarize", str(pdf), *EXTRACTIVE, "-f", "markdown").stdout
    quoted = [line for line in markdown.splitlines() if line.startswith("  > ")]
    assert quoted and all(", p. " in line for line in quoted)
    assert any("(exact, p. 2, chars" in line for line in quoted)
    text_brief = cli("summarize", str(tmp_path / "saved.html"), *EXTRACTIVE, "-f", "markdown")
    assert ", p. " not in text_brief.stdout  # pages belong to PDFs only


def test_the_api_loads_and_summarizes_any_input(tmp_path: Path) -> None:
    page, _ = files(tmp_path)
    with Summarizer("extractive") as s:
        from_page = s.summarize(load_document(str(page)))
        from_string = s.summarize("The council said it would vote on the budget next week.")
    assert from_page.document is not None and from_page.document.format == "html"
    assert (from_page.document.title, from_page.document.text) == ("Harbor ferry returns", None)
    assert from_string.document is not None
    assert (from_string.document.format, from_string.document.source) == ("text", None)
    with Summarizer("extractive", include_text=True) as s:
        kept = s.summarize(load_document(str(page)))
    assert kept.document is not None and kept.document.text == load_document(str(page)).text


def test_the_prompt_names_the_date_only_when_there_is_one() -> None:
    document = "The council met on Monday."
    undated = render_document_prompt(document).messages[1].content
    with dated("2026-03-14"):
        dated_prompt = render_document_prompt(document).messages[1].content
    assert dated_prompt == f"The document is dated 2026-03-14; {dated_prompt.split('; ', 1)[1]}"
    assert dated_prompt.endswith(undated)
    assert "dated" not in undated


def test_the_request_body_carries_the_documents_date() -> None:
    loaded = LoadedDocument.from_text("The council met on Monday.", date="2026-03-14")
    with Summarizer("openai/gpt-4.1-mini", api_key="sk-test-not-used") as s:
        dated_body = json.dumps(s.request_body(loaded))
        plain_body = json.dumps(s.request_body("The council met on Monday."))
    assert "The document is dated 2026-03-14" in dated_body
    assert "dated" not in plain_body


AGREEMENT = (
    "The city of Millbrook and the Harbor Guild signed an agreement to rebuild the "
    "northern pier {when}."
)


@pytest.mark.parametrize(
    ("when", "day", "deadline"),
    [
        pytest.param("by the end of next year", "2026-03-14", "2027-12-31", id="end-of-next-year"),
        pytest.param("by next month", "2026-12-05", "2027-01-31", id="next-month-across-a-year"),
        pytest.param("by the end of this year", "2026-03-14", "2026-12-31", id="end-of-this-year"),
        pytest.param("by September", "2026-03-14", "2026-09-30", id="bare-month"),
        pytest.param("by the end of next year", None, None, id="undated-stays-unresolved"),
    ],
)
def test_relative_deadlines_are_read_against_the_documents_date(
    when: str, day: str | None, deadline: str | None
) -> None:
    loaded = LoadedDocument.from_text(AGREEMENT.format(when=when), date=day)
    result = summarizer.summarize(loaded, model="extractive")
    (agreement,) = result.summary.agreements
    assert (agreement.deadline.isoformat() if agreement.deadline else None) == deadline


def test_the_date_flag_stands_for_the_documents_date(cli: Any, tmp_path: Path) -> None:
    page, _ = files(tmp_path)  # the page is dated 2026-03-14: next year is 2027
    own = json.loads(cli("summarize", str(page), *EXTRACTIVE, "-f", "result").stdout)
    given = cli("summarize", str(page), *EXTRACTIVE, "-f", "result", "--date", "2030-01-02")
    told = json.loads(given.stdout)
    assert (own["document"]["date"], told["document"]["date"]) == ("2026-03-14", "2030-01-02")
    deadlines = [a["deadline"] for a in told["summary"]["agreements"]]
    assert deadlines == ["2031-12-31"], own["summary"]["agreements"]
    assert [a["deadline"] for a in own["summary"]["agreements"]] == ["2027-12-31"]


@pytest.mark.parametrize(
    "value",
    [pytest.param("2026-02-30", id="no-such-day"), pytest.param("14/03/2026", id="not-iso")],
)
def test_a_bad_date_flag_is_one_line(cli: Any, tmp_path: Path, value: str) -> None:
    page, _ = files(tmp_path)
    result = cli("summarize", str(page), *EXTRACTIVE, "--date", value)
    assert_one_line_error(
        result, 2, "--date: value error, not a day (yyyy-mm-dd)", empty_stdout=True
    )


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    files(corpus)
    (corpus / "notes.txt").write_text(AGREEMENT.format(when="by next month"), encoding="utf-8")
    (corpus / "scan.pdf").write_bytes(image_only_pdf())
    return corpus


def test_batch_reads_pages_pdfs_and_text_into_one_document_block(cli: Any, tmp_path: Path) -> None:
    corpus, out = write_corpus(tmp_path), tmp_path / "briefs"
    result = cli("batch", str(corpus), "--out", str(out), *EXTRACTIVE, "-q")
    assert result.exit_code == 6, result.output  # scan.pdf: no text to summarize
    blocks = {p.name: json.loads(p.read_text())["document"] for p in out.glob("*.json")}
    assert set(blocks) == {"saved.html.json", "pier.pdf.json", "notes.txt.json"}
    html, pdf, text = blocks["saved.html.json"], blocks["pier.pdf.json"], blocks["notes.txt.json"]
    assert (html["format"], html["title"], html["date"]) == (
        "html",
        "Harbor ferry returns",
        "2026-03-14",
    )
    assert (pdf["format"], len(pdf["pages"]), text["format"]) == ("pdf", 3, "text")
    for block in blocks.values():  # text by default in batch outputs; sha256 is of that text
        assert block["text"] and block["sha256"] == text_sha256(block["text"])
        assert {"id", "path", "status", "settings_hash", "prompt_hash"} <= block.keys()
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    (failed,) = [line for line in manifest if line["status"] == "failed"]
    assert "OCR it first" in failed["error"]
    again = cli("batch", str(corpus), "--out", str(out), *EXTRACTIVE, "-q")
    assert "3 skipped" in again.stderr  # resume: the same extracted text, settings, date


def test_batch_resumes_only_with_the_same_date(cli: Any, tmp_path: Path) -> None:
    corpus, out = write_corpus(tmp_path), tmp_path / "briefs"
    cli("batch", str(corpus / "notes.txt"), "--out", str(out), *EXTRACTIVE, "-q")
    redated = cli(
        "batch",
        str(corpus / "notes.txt"),
        "--out",
        str(out),
        *EXTRACTIVE,
        "-q",
        "--date",
        "2026-12-05",
    )
    assert "1 ok" in redated.stderr and "0 skipped" in redated.stderr
    (output,) = out.glob("*.json")
    written = json.loads(output.read_text())
    assert written["document"]["date"] == "2026-12-05"
    assert [a["deadline"] for a in written["summary"]["agreements"]] == ["2027-01-31"]


def test_jsonl_date_title_and_url_describe_the_document(cli: Any, tmp_path: Path) -> None:
    lines = [
        {"id": "a", "text": AGREEMENT.format(when="by next month"), "date": "2026-12-05",
         "title": "Pier deal", "url": "https://ledger.example/pier", "desk": "city"},
        {"id": "b", "text": AGREEMENT.format(when="by next month"), "date": "soon"},
    ]  # fmt: skip
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    out = tmp_path / "briefs"
    result = cli("batch", str(news), "--out", str(out), *EXTRACTIVE, "-q")
    assert result.exit_code == 6, result.output
    written = json.loads((out / "a.json").read_text())
    block = written["document"]
    assert (block["date"], block["title"], block["url"]) == (
        "2026-12-05",
        "Pier deal",
        "https://ledger.example/pier",
    )
    assert (block["format"], block["metadata"]["desk"]) == ("text", "city")
    assert [a["deadline"] for a in written["summary"]["agreements"]] == ["2027-01-31"]
    manifest = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    (failed,) = [line for line in manifest if line["status"] == "failed"]
    assert failed["id"] == "b" and "date 'soon' is not an ISO date" in failed["error"]
