"""The markdown brief: readable, marks unverified items, and never lets document text
become HTML or markdown structure."""

from __future__ import annotations

import copy
from typing import Any

from summarizer import StructuredSummary, render_markdown
from summarizer._render import escape
from summarizer._schema import SummaryMeta, SummaryResult, align_evidence, grounding_report


def _result(data: dict[str, Any], document: str) -> SummaryResult:
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


def test_brief_has_every_section_with_quotes_and_offsets(
    handwritten_seed_summary: dict[str, Any], seed_text: str
) -> None:
    brief = render_markdown(_result(handwritten_seed_summary, seed_text))
    assert brief.startswith("# Iraq may extend the US military presence")
    for heading in ("Sources", "Positions", "Agreements", "Risks", "Key facts", "Contradictions"):
        assert f"## {heading}" in brief
    assert (
        "**S3 · Waad al-Qaddo** (named person; Coordination Framework MP; via The New Region)"
        in brief
    )
    assert "deadline: 2025-09-30" in brief
    assert "  > “there has been a shift” (exact, chars " in brief
    assert "grounding: 8/8 items verified (100%)" in brief
    assert "unverified" not in brief


def test_unverified_items_are_marked(
    handwritten_seed_summary: dict[str, Any], seed_text: str
) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["risks"][0]["evidence"] = [{"quote": "a sentence that is not in the article"}]
    brief = render_markdown(_result(data, seed_text))
    risk_line = next(line for line in brief.splitlines() if "A return of ISIS" in line)
    assert risk_line.endswith("⚠ unverified")
    assert "(unmatched)" in brief


def test_document_text_cannot_inject_html_or_markdown(
    handwritten_seed_summary: dict[str, Any],
) -> None:
    document = (
        "Officials said <script>alert(1)</script> and [click](http://evil.test) "
        "# Heading\n> fake quote | table | `code` *bold* _it_"
    )
    data = copy.deepcopy(handwritten_seed_summary)
    data["title"] = "<img src=x onerror=alert(1)> # not a heading"
    data["key_facts"][0]["evidence"] = [{"quote": document}]
    brief = render_markdown(_result(data, document))
    assert "<script>" not in brief and "<img" not in brief
    assert "&lt;script&gt;" in brief
    assert "[click](http" not in brief
    assert "\\[click\\]" in brief
    assert "\n> fake quote" not in brief, "newlines in quotes cannot start a blockquote"


def test_escape_keeps_plain_text_readable() -> None:
    assert escape("Iraq’s “ruling” Coordination Framework, 2,400 troops.") == (
        "Iraq’s “ruling” Coordination Framework, 2,400 troops."
    )
    assert escape("a\n\n b") == "a b"
