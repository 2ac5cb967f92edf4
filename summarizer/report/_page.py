"""One document's brief as a self-contained HTML page.

The document's text with every grounded evidence highlighted (coloured by section), a
side panel of the items (click one: its words scroll into view and are marked; click a
highlight: the items citing it are listed), unverified items listed apart, filters by
section and by source, and the grounding line and run metadata in a footer. Every string
from the document or the model is escaped; the script receives its data as JSON and
writes it with textContent only.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from summarizer._redaction import redact, url_without_credentials
from summarizer._schema import SummaryResult
from summarizer.report._html import asset, escape, page, script_json
from summarizer.report._items import SECTION_TITLES, ItemView, item_views
from summarizer.report._segments import Segment, Span, segments

UNVERIFIED = "⚠"


@dataclass(frozen=True)
class PageContext:
    """Where the result came from (shown in the footer), its text, and a way back."""

    name: str
    text: str | None
    back_link: str | None = None
    missing_text_note: str = "This result does not carry the document's text"


def grounded_spans(views: list[ItemView], text: str | None) -> list[Span]:
    """The evidences that can be highlighted in TEXT (aligned, and inside it)."""
    length = None if text is None else len(text)
    return [
        span
        for view in views
        for evidence in view.evidence
        if (span := evidence.span_in(length)) is not None
    ]


def _owners(views: list[ItemView]) -> dict[str, ItemView]:
    return {evidence.id: view for view in views for evidence in view.evidence}


def _mark(segment: Segment, text: str, owners: dict[str, ItemView]) -> str:
    words = escape(text[segment.start : segment.end])
    if not segment.covering:
        return words
    # Coloured by the innermost evidence (the last opened): a source's long statement
    # stays visible around the position that quotes a part of it.
    citing = {owners[evidence_id].id for evidence_id in segment.covering}
    multi = " multi" if len(citing) > 1 else ""
    return (
        f'<mark class="hl{multi}" data-ev="{" ".join(segment.covering)}" '
        f'data-sec="{owners[segment.covering[-1]].section}" tabindex="0" '
        f'role="button">{words}</mark>'
    )


def _document(views: list[ItemView], context: PageContext) -> str:
    if context.text is None:
        note = f"{context.missing_text_note}: its items are listed without highlights."
        return f'<p class="note" id="no-text">{escape(note)}</p>'
    owners = _owners(views)
    cut = segments(len(context.text), grounded_spans(views, context.text))
    marks = "".join(_mark(segment, context.text, owners) for segment in cut)
    return f'<div class="document" id="document">{marks}</div>'


def _item_button(view: ItemView, text: str | None) -> str:
    length = None if text is None else len(text)
    shown = [e.id for e in view.evidence if e.span_in(length) is not None]
    missing = len(view.evidence) - len(shown)
    count = f"{len(shown)} quote(s) highlighted" + (f", {missing} not found" if missing else "")
    details = f'<span class="details">{escape(view.details)}</span>' if view.details else ""
    return (
        f'<li><button type="button" class="item" id="{view.id}" data-ev="{" ".join(shown)}">'
        f'<span class="label">{escape(view.label)}</span>{details}'
        f'<span class="count">{count}</span></button></li>'
    )


def _section(section: str, views: list[ItemView], text: str | None) -> str:
    buttons = "".join(_item_button(view, text) for view in views)
    return (
        f'<section data-section="{section}"><h2><span class="swatch {section}"></span>'
        f"{escape(SECTION_TITLES[section])} ({len(views)})</h2><ul>{buttons}</ul></section>"
    )


def _unverified(views: list[ItemView]) -> str:
    if not views:
        return ""
    entries = "".join(
        f'<li class="unverified-item" id="{v.id}" tabindex="-1"><span class="label">{UNVERIFIED} '
        f"{escape(SECTION_TITLES[v.section])}: {escape(v.label)}</span>"
        + "".join(f"<q>{escape(e.quote)}</q>" for e in v.evidence)
        + "</li>"
        for v in views
    )
    return (
        f'<section id="unverified"><h2>{UNVERIFIED} Unverified ({len(views)}): '
        f"no quote found in the document</h2><ul>{entries}</ul></section>"
    )


def _panel_sections(views: list[ItemView], text: str | None) -> Iterator[str]:
    for section in SECTION_TITLES:
        listed = [v for v in views if v.section == section and v.verified]
        if listed:
            yield _section(section, listed, text)
    yield _unverified([v for v in views if not v.verified])


def _filters(views: list[ItemView], result: SummaryResult) -> str:
    present = dict.fromkeys(v.section for v in views)
    boxes = "".join(
        f'<label><input type="checkbox" class="section-filter" value="{s}" checked> '
        f"{escape(SECTION_TITLES[s])}</label>"
        for s in present
    )
    sources = "".join(
        f'<option value="{escape(s.id)}">{escape(s.id)} · {escape(s.name)}</option>'
        for s in result.summary.sources
    )
    return (
        f'<fieldset class="filters"><legend>Show</legend>{boxes}<br><label>Source '
        f'<select id="source-filter"><option value="">every source</option>{sources}'
        "</select></label></fieldset>"
    )


def _header(result: SummaryResult, back_link: str | None) -> str:
    summary, claims = result.summary, result.meta.grounding.unsupported_claims
    flagged = {claim.field for claim in claims}
    flag = f' <span class="flag" title="not in the document">{UNVERIFIED}</span>'
    back = f'<p class="no-print"><a href="{escape(back_link)}">← all documents</a></p>'
    listed = "; ".join(f"{c.field} “{escape(c.text)}”" for c in claims)
    return (
        f"<header>{back if back_link else ''}"
        f"<h1>{escape(summary.title)}{flag if 'title' in flagged else ''}</h1>"
        f"<p>{escape(summary.summary)}{flag if 'summary' in flagged else ''}</p>"
        + (f'<p class="flag">{UNVERIFIED} not in the document: {listed}</p>' if claims else "")
        + "</header>"
    )


def _shown_name(name: str) -> str:
    """A path as given, or a URL without its credentials or secret query values."""
    return redact((url_without_credentials(name) if "://" in name else None) or name)


def _footer(result: SummaryResult, context: PageContext) -> str:
    meta = result.meta
    rows = {
        "document": _shown_name(context.name),
        "grounding": meta.grounding.one_line(),
        "model": meta.model_spec,
        "attempts": f"{meta.attempts} ({meta.transport_retries} transport retries)",
        "tokens": str(meta.usage.total_tokens),
        "latency": f"{meta.latency_seconds:.2f} s",
        "cache": meta.cache,
    }
    if meta.prompt is not None:
        rows["prompt"] = f"{meta.prompt.system_template}, {meta.prompt.user_template} "
        rows["prompt"] += f"(sha256 {meta.prompt.templates_sha256[:12]})"
    cells = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in rows.items())
    return f'<footer><dl id="run-metadata">{cells}</dl></footer>'


def _script_data(views: list[ItemView]) -> dict[str, object]:
    return {
        "sections": SECTION_TITLES,
        "items": {
            v.id: {"section": v.section, "label": v.label, "sources": v.source_ids} for v in views
        },
        "evidence": {e.id: v.id for v in views for e in v.evidence},
    }


def render_html(result: SummaryResult, context: PageContext) -> str:
    """The brief of RESULT as one self-contained HTML page."""
    views = item_views(result.summary)
    panel = "".join(_panel_sections(views, context.text))
    body = (
        f"{_header(result, context.back_link)}"
        f'<div class="layout"><main>{_document(views, context)}</main>'
        f'<aside aria-label="Items">{_filters(views, result)}'
        f'<div id="cited-by" role="status" aria-live="polite" hidden></div>{panel}</aside></div>'
        f"{_footer(result, context)}"
        f'<script type="application/json" id="brief-data">{script_json(_script_data(views))}'
        "</script>"
    )
    return page(result.summary.title, body, asset("brief.js"))
