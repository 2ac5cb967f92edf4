"""`summarizer report DIR`: a batch output folder as an index page and one page per
document, read from the results and the manifest alone."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import summarizer
from tests.conftest import assert_one_line_error

FERRY = (
    "Mayor Ana Ruiz said on Monday that the Millbrook ferry “will sail again in May”. "
    "The dockworkers' union warned that repairs could slip if steel prices keep rising."
)
COUNCIL = "The council said it would vote on the budget next week, officials said."


class Links(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.marks = 0
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [v or "" for k, v in attrs if k == "href"]
        self.marks += tag == "mark"


def handwritten_batch_folder(root: Path) -> Path:
    """A batch output folder written by hand in the shape `summarizer batch` writes
    (results of the real extractive engine; a failed empty document in the manifest)."""
    root.mkdir()
    lines = []
    for name, text in (("ferry.txt", FERRY), ("council.txt", COUNCIL)):
        result = summarizer.summarize(text, model="extractive").model_dump(mode="json")
        block = {"id": name, "path": f"inputs/{name}", "status": "ok", "text": text}
        output = {**result, "document": block}
        (root / f"{name}.json").write_text(json.dumps(output), encoding="utf-8")
        lines.append({"id": name, "status": "ok", "output": f"{name}.json"})
    lines.append(
        {
            "id": "empty.txt",
            "status": "failed",
            "error_class": "InputError",
            "error": "empty.txt: the document is empty",
            "output": None,
        }
    )
    manifest = "".join(json.dumps(line) + "\n" for line in lines)
    (root / "manifest.jsonl").write_text(manifest, encoding="utf-8")
    return root


@pytest.fixture
def batch_folder(tmp_path: Path) -> Path:
    return handwritten_batch_folder(tmp_path / "briefs")


def handwritten_document_text(output: Path, text: str | None) -> None:
    """Set (or, with None, remove) the document's text in a batch result's `document`
    block, whether or not this batch wrote it there."""
    stored = json.loads(output.read_text(encoding="utf-8"))
    block = {**(stored.get("document") or {}), "text": text}
    stored["document"] = {k: v for k, v in block.items() if v is not None}
    output.write_text(json.dumps(stored), encoding="utf-8")


def test_report_writes_an_index_linking_one_page_per_result(cli: Any, batch_folder: Path) -> None:
    handwritten_document_text(batch_folder / "ferry.txt.json", FERRY)
    handwritten_document_text(batch_folder / "council.txt.json", None)
    ran = cli("report", str(batch_folder))
    assert ran.exit_code == 0, ran.output
    assert "2 page(s), 1 failed, 1 without the document's text" in ran.stderr
    report = batch_folder / "report"
    index = (report / "index.html").read_text(encoding="utf-8")
    assert sorted(Links(index).hrefs) == ["council.txt.html", "ferry.txt.html"]
    assert "3 document(s), 1 failed" in index
    failed_row = next(row for row in index.split("<tr") if "empty.txt" in row)
    assert 'class="failed"' in failed_row and "InputError" in failed_row
    ferry = (report / "ferry.txt.html").read_text(encoding="utf-8")
    assert Links(ferry).marks >= 3 and Links(ferry).hrefs == ["index.html"]
    council = (report / "council.txt.html").read_text(encoding="utf-8")
    assert Links(council).marks == 0
    assert "does not carry the document&#x27;s text" in council


def test_index_counts_items_per_section_and_coverage(cli: Any, batch_folder: Path) -> None:
    stored = json.loads((batch_folder / "ferry.txt.json").read_text(encoding="utf-8"))
    counts = [
        len(stored["summary"][s])
        for s in ("sources", "positions", "agreements", "risks", "key_facts", "contradictions")
    ]
    assert cli("report", str(batch_folder)).exit_code == 0
    index = (batch_folder / "report" / "index.html").read_text(encoding="utf-8")
    row = next(row for row in index.split("<tr") if "ferry.txt.html" in row)
    assert "".join(f'<td class="num">{n}</td>' for n in counts) in row
    assert "100% (extractive: by construction)" in row


def test_output_folder_option_and_rerun_replace_pages(
    cli: Any, batch_folder: Path, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "site" / "briefs"
    assert cli("report", str(batch_folder), "-o", str(elsewhere)).exit_code == 0
    assert cli("report", str(batch_folder), "-o", str(elsewhere)).exit_code == 0
    assert sorted(p.name for p in elsewhere.iterdir()) == [
        "council.txt.html",
        "ferry.txt.html",
        "index.html",
    ]
    assert not (batch_folder / "report").exists()


def test_a_manifest_output_outside_the_folder_is_never_followed(
    cli: Any, batch_folder: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "secret.json"
    outside.write_text("{}", encoding="utf-8")
    line = {"id": "evil", "status": "ok", "output": "../secret.json"}
    with (batch_folder / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write(json.dumps(line) + "\n")
    assert cli("report", str(batch_folder)).exit_code == 0
    index = (batch_folder / "report" / "index.html").read_text(encoding="utf-8")
    assert "evil" in index and "secret" not in index
    assert not (tmp_path / "secret.html").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param("{not json", "is not a readable result", id="invalid-json"),
        pytest.param('{"summary": {}, "meta": {}}', "is not a readable result", id="not-a-result"),
        pytest.param("[1, 2]", "not a JSON object", id="json-array"),
    ],
)
def test_a_damaged_result_is_a_row_with_its_problem(
    cli: Any, batch_folder: Path, content: str, problem: str
) -> None:
    (batch_folder / "council.txt.json").write_text(content, encoding="utf-8")
    ran = cli("report", str(batch_folder))
    assert ran.exit_code == 0 and "Traceback" not in ran.output
    index = (batch_folder / "report" / "index.html").read_text(encoding="utf-8")
    row = next(row for row in index.split("<tr") if "council.txt" in row)
    assert problem in row and 'class="failed"' in row


def test_a_document_id_with_markup_is_escaped_in_the_index(cli: Any, batch_folder: Path) -> None:
    line = {
        "id": "<script>window.pwned=1</script>",
        "status": "failed",
        "error_class": "InputError",
        "error": "<img src=x onerror=alert(1)>",
    }
    with (batch_folder / "manifest.jsonl").open("a", encoding="utf-8") as manifest:
        manifest.write(json.dumps(line) + "\n")
    assert cli("report", str(batch_folder)).exit_code == 0
    index = (batch_folder / "report" / "index.html").read_text(encoding="utf-8")
    assert "<script>window" not in index and "<img" not in index
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in index


def test_a_folder_that_is_not_a_batch_output_is_one_line(cli: Any, tmp_path: Path) -> None:
    assert_one_line_error(cli("report", str(tmp_path)), 2, "not a batch output folder")


def test_an_unwritable_report_folder_is_one_line(
    cli: Any, batch_folder: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    ran = cli("report", str(batch_folder), "-o", str(blocker / "report"))
    assert_one_line_error(ran, 2, "cannot write the report there")


def test_report_of_a_real_batch_run(cli: Any, tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (inputs / "empty.txt").write_text("  \n", encoding="utf-8")
    out = tmp_path / "briefs"
    ran = cli(
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--model",
        "extractive",
        "--concurrency",
        "1",
        "--quiet",
    )
    assert ran.exit_code == 6, ran.output  # the empty document failed
    assert cli("report", str(out)).exit_code == 0
    index = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert Links(index).hrefs == ["ferry.txt.html"]
    assert "2 document(s), 1 failed" in index
    assert (out / "report" / "ferry.txt.html").is_file()
