"""The HTML brief without a browser: segments of overlapping spans, escaping of every
document and model string, the script's JSON, and the Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer._schema import (
    StructuredSummary,
    SummaryMeta,
    SummaryResult,
    align_evidence,
    grounding_report,
)
from summarizer.report import PageContext, render_html
from summarizer.report._html import asset, script_json
from summarizer.report._segments import Segment, Span, segments
from tests.conftest import assert_one_line_error

TEXT = (
    "The council said it would vote on the budget next week. "
    "Residents fear the levee may fail before spring."
)


def handwritten_summary(**changes: Any) -> dict[str, Any]:
    """A hand-written summary of TEXT whose quotes nest, overlap and repeat."""
    data: dict[str, Any] = {
        "title": "Council to vote on the budget",
        "summary": "The council will vote on the budget. Residents fear the levee may fail.",
        "sources": [
            {
                "id": "S1",
                "name": "The council",
                "kind": "organization",
                "statements": [{"quote": "it would vote on the budget next week"}],
            }
        ],
        "positions": [
            {
                "actor": "The council",
                "actor_type": "government",
                "issue": "the budget",
                "stance": "supports",
                "summary": "The council will vote on the budget.",
                "source_ids": ["S1"],
                "evidence": [{"quote": "vote on the budget"}],
            }
        ],
        "risks": [
            {
                "description": "The levee may fail before spring.",
                "category": "humanitarian",
                "evidence": [{"quote": "the levee may fail before spring"}],
            }
        ],
        "key_facts": [
            {"fact": "The vote is next week.", "evidence": [{"quote": "next week. Residents"}]},
            {"fact": "Not in the text.", "evidence": [{"quote": "a sentence nobody wrote"}]},
        ],
    }
    return data | changes


def result_for(data: dict[str, Any], document: str) -> SummaryResult:
    summary = StructuredSummary.model_validate(data)
    align_evidence(summary, document)
    meta = SummaryMeta(
        engine="openai-compatible",
        model="handwritten",
        attempts=1,
        latency_seconds=0.1,
        grounding=grounding_report(summary),
    )
    return SummaryResult(summary=summary, meta=meta)


class Page(HTMLParser):
    """Every start tag with its attributes, and the text inside the document's div."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[dict[str, str | None]] = []
        self.document_text = ""
        self._depth = 0  # inside <div id="document">
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        self.tags.append((tag, named))
        if self._depth:
            self._depth += 1
        elif named.get("id") == "document":
            self._depth = 1
        if tag == "mark":
            self.marks.append(named)

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.document_text += data


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        pytest.param([], [(0, 10, ())], id="no-spans-one-plain-segment"),
        pytest.param(
            [Span(2, 4, "a"), Span(6, 8, "b")],
            [(0, 2, ()), (2, 4, ("a",)), (4, 6, ()), (6, 8, ("b",)), (8, 10, ())],
            id="disjoint",
        ),
        pytest.param(
            [Span(1, 9, "outer"), Span(3, 5, "inner")],
            [
                (0, 1, ()),
                (1, 3, ("outer",)),
                (3, 5, ("outer", "inner")),
                (5, 9, ("outer",)),
                (9, 10, ()),
            ],
            id="nested",
        ),
        pytest.param(
            [Span(0, 6, "a"), Span(4, 10, "b")],
            [(0, 4, ("a",)), (4, 6, ("a", "b")), (6, 10, ("b",))],
            id="partial-overlap",
        ),
        pytest.param(
            [Span(2, 5, "a"), Span(2, 5, "b")],
            [(0, 2, ()), (2, 5, ("a", "b")), (5, 10, ())],
            id="identical-spans-share-one-segment",
        ),
        pytest.param(
            [Span(0, 5, "a"), Span(5, 10, "b")],
            [(0, 5, ("a",)), (5, 10, ("b",))],
            id="adjacent-spans-do-not-overlap",
        ),
        pytest.param(
            [Span(3, 3, "empty"), Span(8, 12, "past-the-end"), Span(-1, 2, "negative")],
            [(0, 10, ())],
            id="empty-and-out-of-range-spans-skipped",
        ),
    ],
)
def test_segments_cut_at_every_boundary(
    spans: list[Span], expected: list[tuple[int, int, tuple[str, ...]]]
) -> None:
    assert list(segments(10, spans)) == [Segment(*each) for each in expected]


@given(
    st.integers(min_value=0, max_value=60).flatmap(
        lambda length: st.tuples(
            st.just(length),
            st.lists(st.tuples(st.integers(0, length), st.integers(0, length)), max_size=12),
        )
    )
)
def test_segments_tile_the_text_and_each_span_is_exactly_its_segments(
    case: tuple[int, list[tuple[int, int]]],
) -> None:
    length, pairs = case
    spans = [Span(min(a, b), max(a, b), f"e{n}") for n, (a, b) in enumerate(pairs)]
    cut = list(segments(length, spans))
    assert [s.start for s in cut[1:]] == [s.end for s in cut[:-1]]
    assert (cut[0].start, cut[-1].end) == (0, length) if cut else length == 0
    for span in spans:
        covered = [(s.start, s.end) for s in cut if span.evidence_id in s.covering]
        if span.start < span.end:
            assert covered[0][0] == span.start and covered[-1][1] == span.end
            assert sum(end - start for start, end in covered) == span.end - span.start
        else:
            assert covered == []


def test_segments_grow_linearly_with_the_spans() -> None:
    # A generous ceiling that only a quadratic walk would break (2 cores shared by 8).
    spans = [Span(n * 10, n * 10 + 15, f"e{n}") for n in range(100_000)]
    started = time.perf_counter()
    cut = list(segments(1_000_010, spans))
    assert time.perf_counter() - started < 20
    assert len(cut) == 200_000  # 100,000 starts and 100,000 ends, all distinct


def test_every_grounded_evidence_is_highlighted_and_only_those() -> None:
    result = result_for(handwritten_summary(), TEXT)
    page = Page(render_html(result, PageContext("council.txt", TEXT)))
    highlighted = {e for mark in page.marks for e in (mark["data-ev"] or "").split()}
    grounded = [
        e
        for _, _, item in result.summary.items()
        for e in item.all_evidence()
        if e.match != "unmatched"
    ]
    assert len(highlighted) == len(grounded) == 4
    assert page.document_text == TEXT


def test_overlapping_highlights_are_separate_segments_naming_every_evidence() -> None:
    markup = render_html(result_for(handwritten_summary(), TEXT), PageContext("c.txt", TEXT))
    page = Page(markup)
    nested = [m for m in page.marks if m["data-ev"] and len(m["data-ev"].split()) > 1]
    assert {m["data-ev"] for m in nested} == {"e1 e2", "e1 e4"}, "statement ∩ position, ∩ fact"
    assert all("multi" in (m["class"] or "") for m in nested)
    inner = next(m for m in page.marks if m["data-ev"] == "e1 e2")
    assert inner["data-sec"] == "positions", "coloured by the innermost (position) quote"


def test_unverified_items_are_flagged_and_listed_apart() -> None:
    markup = render_html(result_for(handwritten_summary(), TEXT), PageContext("c.txt", TEXT))
    unverified = markup.split('<section id="unverified">', 1)[1]
    assert "⚠ Unverified (1)" in unverified
    assert "Not in the text." in unverified and "a sentence nobody wrote" in unverified
    assert '<li class="unverified-item" id="i5" tabindex="-1">' in unverified, "a cite target"
    assert markup.count("Not in the text.") == 2, "listed apart (and named in the JSON data)"
    assert (
        '<section data-section="key_facts"><h2><span class="swatch key_facts"></span>Key facts (1)'
        in markup
    )


def test_title_claims_not_in_the_document_are_flagged() -> None:
    data = handwritten_summary(title="Council to vote on the budget in 2031")
    result = result_for(data, TEXT)
    result.meta.grounding = grounding_report(
        result.summary,
        unsupported_claims=[{"field": "title", "text": "2031", "kind": "number"}],  # type: ignore[list-item]
    )
    markup = render_html(result, PageContext("c.txt", TEXT))
    assert 'in 2031 <span class="flag" title="not in the document">⚠</span></h1>' in markup
    assert "⚠ not in the document: title “2031”" in markup


HOSTILE = (
    'Officials said <script>window.pwned=1</script> and </textarea></div><a href="javascript:'
    'alert(1)">click</a> &amp; &lt;b&gt; \u2028 "quoted" \'single\' <!-- comment '
)


def test_document_and_model_strings_are_text_never_markup() -> None:
    data = handwritten_summary(
        title='"><img src=x onerror="window.pwned=1">',
        key_facts=[
            {
                "fact": "</script><script>window.pwned=1</script>",
                "evidence": [{"quote": "<script>window.pwned=1</script>"}],
            }
        ],
    )
    document = TEXT + " " + HOSTILE
    markup = render_html(result_for(data, document), PageContext("<b>name</b>", document))
    page = Page(markup)
    allowed = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "p",
        "div",
        "main",
        "mark",
        "aside",
        "fieldset",
        "legend",
        "label",
        "input",
        "br",
        "select",
        "option",
        "section",
        "h2",
        "span",
        "ul",
        "li",
        "button",
        "q",
        "footer",
        "dl",
        "dt",
        "dd",
        "script",
    }
    assert {tag for tag, _ in page.tags} <= allowed
    scripts = [attrs for tag, attrs in page.tags if tag == "script"]
    assert scripts == [{"type": "application/json", "id": "brief-data"}, {}]
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert not any((v or "").lstrip().lower().startswith("javascript:") for v in attrs.values())
    assert page.document_text == document, "the document shows character for character"
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in markup
    assert "&amp;amp; &amp;lt;b&amp;gt;" in markup, "entities show as written"


def test_script_data_cannot_close_its_element_and_round_trips() -> None:
    value = {"label": "</script><!-- \u2028\u2029 & <b>"}
    encoded = script_json(value)
    assert not re.search(r"[<>&\u2028\u2029]", encoded)
    assert json.loads(encoded) == value


def test_the_script_writes_no_markup() -> None:
    script = asset("brief.js")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in script
    assert "textContent" in script


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def test_the_policy_allows_exactly_the_inline_style_and_script() -> None:
    markup = render_html(result_for(handwritten_summary(), TEXT), PageContext("c.txt", TEXT))
    policy = next(a["content"] for t, a in Page(markup).tags if a.get("http-equiv"))
    assert policy is not None and policy.startswith("default-src 'none';")
    assert "unsafe-inline" not in policy and "http" not in policy
    style = markup.split("<style>", 1)[1].split("</style>", 1)[0]
    script = markup.rsplit("<script>", 1)[1].split("</script>", 1)[0]
    assert f"style-src '{_csp_hash(style)}'" in policy
    assert f"script-src '{_csp_hash(script)}'" in policy
    assert "img-src 'none'" in policy


def test_a_result_without_text_gets_a_note_not_highlights() -> None:
    context = PageContext("c.txt", None, missing_text_note="No text here")
    page = Page(render_html(result_for(handwritten_summary(), TEXT), context))
    assert page.marks == []
    assert any(attrs.get("id") == "no-text" for _, attrs in page.tags)


def test_summarize_format_html_writes_one_self_contained_file(cli: Any, tmp_path: Path) -> None:
    document = tmp_path / "ferry.txt"
    document.write_text(
        "Mayor Ana Ruiz said on Monday that the ferry “will sail again in May”. "
        "The union warned that repairs could slip if <b>steel</b> prices keep rising.",
        encoding="utf-8",
    )
    brief = tmp_path / "brief.html"
    ran = cli(
        "summarize", str(document), "--model", "extractive", "--format", "html", "-o", str(brief)
    )
    assert ran.exit_code == 0, ran.output
    markup = brief.read_text(encoding="utf-8")
    page = Page(markup)
    assert page.document_text == document.read_text(encoding="utf-8")
    assert len(page.marks) >= 2
    assert not re.search(r"(src|href)=\"(https?:)?//", markup), "nothing fetched from anywhere"
    assert "grounding: " in markup and "extractive" in markup


def test_report_of_a_missing_folder_is_one_line(cli: Any, tmp_path: Path) -> None:
    assert_one_line_error(cli("report", str(tmp_path / "nowhere")), 2, "no such batch output")


def test_a_url_name_is_shown_without_its_credentials() -> None:
    name = "https://analyst:hunter2-pass@news.example/a.txt?api_key=k-12345&page=2"
    markup = render_html(result_for(handwritten_summary(), TEXT), PageContext(name, TEXT))
    assert "hunter2-pass" not in markup and "k-12345" not in markup
    assert "news.example/a.txt" in markup
