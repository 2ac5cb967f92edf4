"""`summarizer compare` from the command line: bad input, escaping in markdown and HTML,
links to the briefs, the checked-in schema, and end to end on the extractive engine over
an invented corpus of dated articles."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from summarizer.compare import COMPARISON_SCHEMA_FILENAME, Comparison, comparison_json_schema_text
from tests.conftest import ROOT, assert_one_line_error
from tests.handwritten_results import HandwrittenDocument

Invoke = Callable[..., Any]
HOSTILE = HandwrittenDocument(
    text=(
        "Senator <b>Vera Quill</b> opposes the <script>window.pwned=1</script> levy. "
        "A [link](javascript:alert(1)) and &amp; stay text | *not markdown*."
    ),
    block={"id": "hostile/1", "metadata": {"date": "2026-06-01"}, "status": "ok"},
    positions=[
        (
            "<img src=x onerror=alert(1)>",
            "the <script>window.pwned=1</script> levy | *x*",
            "opposes",
            "opposes the <script>window.pwned=1</script> levy",
        )
    ],
)
CALM = HandwrittenDocument(
    text="Senator Vera Quill supports the water levy.",
    block={"id": "calm/1", "metadata": {"date": "2026-05-01"}, "status": "ok"},
    positions=[("Senator Vera Quill", "water levy", "supports", "supports the water levy")],
)
LATER = HandwrittenDocument(
    text="Senator Vera Quill opposes the water levy now.",
    block={"id": "calm/2", "metadata": {"date": "2026-05-09"}, "status": "ok"},
    positions=[("Vera Quill", "the water levy", "opposes", "opposes the water levy now")],
)


def batch_folder(root: Path, **documents: HandwrittenDocument) -> Path:
    for stem, document in documents.items():
        document.write(root / f"{stem}.json")
    return root


@pytest.mark.parametrize(
    ("make", "fragment"),
    [
        pytest.param(
            lambda p: p.write_text("{not json", encoding="utf-8"), "not JSON", id="not-json"
        ),
        pytest.param(
            lambda p: p.write_text('{"a": 1}', encoding="utf-8"),
            "not a summarizer result",
            id="no-summary",
        ),
        pytest.param(
            lambda p: p.write_text('{"summary": {"title": ""}}', encoding="utf-8"),
            "not a summarizer result (summary.",
            id="summary-not-valid",
        ),
        pytest.param(lambda p: p.write_bytes(b"\xff\xfe\x00"), "not UTF-8", id="binary"),
        pytest.param(lambda p: p.mkdir(), "no result files in it", id="empty-folder"),
        pytest.param(lambda p: None, "no such file or folder", id="missing"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    cli: Invoke, tmp_path: Path, make: Callable[[Path], object], fragment: str
) -> None:
    path = tmp_path / "input.json"
    make(path)
    assert_one_line_error(cli("compare", str(path)), 2, fragment, empty_stdout=True)


def test_a_folder_of_files_that_are_not_results_is_an_error(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text('{"entries": []}', encoding="utf-8")
    assert_one_line_error(cli("compare", str(tmp_path)), 2, "no result files in it")


def test_failed_documents_of_a_folder_are_skipped_with_a_note(cli: Invoke, tmp_path: Path) -> None:
    folder = batch_folder(tmp_path / "out", calm=CALM, later=LATER)
    failed = json.loads((folder / "later.json").read_text(encoding="utf-8"))
    failed["document"]["status"] = "failed"
    (folder / "failed.json").write_text(json.dumps(failed), encoding="utf-8")
    (folder / "torn.json").write_text("{", encoding="utf-8")
    result = cli("compare", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "skipped " + str(folder / "failed.json") + ": its document failed" in result.stderr
    assert "skipped " + str(folder / "torn.json") + ": not JSON" in result.stderr
    comparison = Comparison.model_validate_json(result.stdout)
    assert [d.id for d in comparison.documents] == ["calm/1", "calm/2"]
    assert len(comparison.skipped) == 2


def test_json_output_finds_the_shift_and_matches_the_checked_in_schema(
    cli: Invoke, tmp_path: Path
) -> None:
    folder = batch_folder(tmp_path / "out", calm=CALM, later=LATER)
    result = cli("compare", str(folder), "-o", str(tmp_path / "c.json"))
    assert result.exit_code == 0, result.stderr
    comparison = Comparison.model_validate_json((tmp_path / "c.json").read_text(encoding="utf-8"))
    [shift] = comparison.shifts
    assert (shift.before.document, shift.after.document) == ("calm/1", "calm/2")
    assert "1 shifts, 0 contradictions" in result.stderr
    checked_in = (ROOT / "schemas" / COMPARISON_SCHEMA_FILENAME).read_text(encoding="utf-8")
    assert checked_in == comparison_json_schema_text(), (
        "regenerate schemas/" + COMPARISON_SCHEMA_FILENAME
    )


def test_markdown_escapes_every_document_and_model_word(cli: Invoke, tmp_path: Path) -> None:
    folder = batch_folder(tmp_path / "out", hostile=HOSTILE)
    result = cli("compare", str(folder), "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "<script>" not in result.stdout and "<img" not in result.stdout
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in result.stdout
    assert "levy \\| \\*x\\*" in result.stdout  # a pipe cannot open a table cell


def test_html_escapes_everything_and_allows_only_its_own_style(cli: Invoke, tmp_path: Path) -> None:
    folder = batch_folder(tmp_path / "out", hostile=HOSTILE, calm=CALM)
    result = cli("compare", str(folder), "--format", "html", "-o", str(tmp_path / "c.html"))
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.stderr
    assert re.search(r"<script|<img|javascript:|onerror=\"", page, re.IGNORECASE) is None
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL)
    assert style is not None
    digest = base64.b64encode(hashlib.sha256(style.group(1).encode()).digest()).decode()
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    assert policy.group(1).startswith(f"default-src 'none'; style-src 'sha256-{digest}'")
    urls = re.findall(r"https?://[^\s\"']*", page)
    assert set(urls) == {"http://www.w3.org/2000/svg"}  # the SVG namespace, never a request
    assert page.count("<svg") == 2 and page.count("<circle") == 2


def test_html_links_each_point_to_the_brief_when_report_wrote_it(
    cli: Invoke, tmp_path: Path
) -> None:
    folder = batch_folder(tmp_path / "out", calm=CALM, later=LATER)
    (folder / "report").mkdir()
    (folder / "report" / "calm.html").write_text("<p>brief</p>", encoding="utf-8")
    result = cli("compare", str(folder), "--format", "html", "-o", str(tmp_path / "c.html"))
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.stderr
    assert '<a href="out/report/calm.html"><circle' in page
    assert '<a href="out/later.json"><circle' in page  # no brief yet: the result file itself


def test_a_file_name_never_becomes_a_javascript_link(cli: Invoke, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    CALM.write(folder / "javascript:alert(1).json")
    result = cli("compare", str(folder), "--format", "html", "-o", str(tmp_path / "c.html"))
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert result.exit_code == 0, result.stderr
    assert 'href="out/javascript%3Aalert%281%29.json"' in page
    assert 'href="javascript' not in page


ARTICLES = [
    (
        "veldora/apr-01",
        "2026-04-01",
        "VELDORA, April 1, 2026 — Prime Minister Tomas Brevik supports the harbour toll plan. "
        "The toll would pay for a new breakwater, officials said.",
    ),
    (
        "veldora/apr-08",
        "2026-04-08",
        "VELDORA, April 8, 2026 — Brevik backs the harbour toll plan. "
        "The council will debate it next week.",
    ),
    (
        "veldora/apr-15",
        "2026-04-15",
        "VELDORA, April 15, 2026 — Prime Minister Tomas Brevik now opposes the harbour toll plan "
        "after weeks of protests. Boat owners had blocked the quay for three days.",
    ),
    (
        "veldora/apr-22",
        "2026-04-22",
        "VELDORA, April 22, 2026 — The fishermen's guild opposes the harbour toll plan. "
        "Its members voted on Tuesday.",
    ),
    (
        "veldora/apr-29",
        "2026-04-29",
        "VELDORA, April 29, 2026 — Finance Minister Ada Rinn backs the harbour toll plan. "
        "She said the breakwater cannot wait.",
    ),
]


def test_end_to_end_extractive_batch_then_compare_finds_the_shift(
    cli: Invoke, tmp_path: Path
) -> None:
    corpus = tmp_path / "veldora.jsonl"
    lines = [
        json.dumps({"id": i, "date": d, "text": t}, ensure_ascii=False) for i, d, t in ARTICLES
    ]
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    batch = cli(
        "batch",
        str(corpus),
        "--out",
        str(out),
        "--model",
        "extractive",
        "--concurrency",
        "1",
        "--quiet",
    )
    assert batch.exit_code == 0, batch.stderr
    result = cli("compare", str(out))
    assert result.exit_code == 0, result.stderr
    comparison = Comparison.model_validate_json(result.stdout)
    names = {actor.id: actor for actor in comparison.actors}
    shifts = [(names[s.actor].name, s.before.document, s.after.document) for s in comparison.shifts]
    assert shifts == [("Tomas Brevik", "veldora/apr-08", "veldora/apr-15")]
    brevik = next(actor for actor in comparison.actors if actor.name == "Tomas Brevik")
    assert "Brevik" in brevik.aliases
    assert comparison.undated == []
