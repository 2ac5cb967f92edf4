"""A readable markdown brief. Every text field is untrusted (it comes from the document
or the model), so it is escaped: no HTML, no markdown structure, no line breaks, no
terminal control sequences."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

from summarizer._redaction import strip_control
from summarizer._schema import (
    Agreement,
    Contradiction,
    DocumentInfo,
    Evidence,
    GroundedItem,
    KeyFact,
    Position,
    Risk,
    Source,
    SummaryResult,
)

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_\[\]|#])")
UNVERIFIED = " ⚠ unverified"


def escape(text: str) -> str:
    # Terminal escapes (ESC, BEL, OSC) go first: a brief is often read with `cat`.
    one_line = " ".join(strip_control(text).split())
    return _MARKDOWN_SPECIALS.sub(r"\\\1", html.escape(one_line, quote=False))


def _quote(evidence: Evidence, document: DocumentInfo | None) -> str:
    page = document.page_of(evidence.start) if document else None
    where = f", p. {page}" if page is not None else ""
    where += f", chars {evidence.start}–{evidence.end}" if evidence.start is not None else ""
    return f"  > “{escape(evidence.quote)}” ({evidence.match}{where})"


def _item(head: str, item: GroundedItem) -> Iterator[str]:
    """The item's line; `render_markdown` adds its quotes, with their pages."""
    yield f"- {head}{'' if item.verified else UNVERIFIED}"


def _source(source: Source) -> Iterator[str]:
    details = [source.kind.replace("_", " ")]
    if source.mentions:
        details.append("named as " + ", ".join(f"“{escape(m.quote)}”" for m in source.mentions))
    details += [escape(v) for v in (source.role, source.affiliation) if v]
    if source.via:
        details.append(f"via {escape(source.via)}")
    yield from _item(f"**{source.id} · {escape(source.name)}** ({'; '.join(details)})", source)


def _position(position: Position) -> Iterator[str]:
    cited = f" (sources: {', '.join(position.source_ids)})" if position.source_ids else ""
    head = (
        f"**{escape(position.actor)}** {position.stance} *{escape(position.issue)}*: "
        f"{escape(position.summary)}{cited}"
    )
    yield from _item(head, position)


def _agreement(agreement: Agreement) -> Iterator[str]:
    facts = [f"status: {agreement.status.replace('_', ' ')}"]
    facts.append("parties: " + ", ".join(escape(p) for p in agreement.parties))
    if agreement.date_reached:
        facts.append(f"reached: {agreement.date_reached}")
    if agreement.deadline:
        facts.append(f"deadline: {agreement.deadline.isoformat()}")
    if agreement.terms:
        facts.append("terms: " + "; ".join(escape(t) for t in agreement.terms))
    yield from _item(f"**{escape(agreement.title)}** ({' · '.join(facts)})", agreement)


def _risk(risk: Risk) -> Iterator[str]:
    facts = [risk.category, f"likelihood: {risk.likelihood}"]
    if risk.hedge_cue:
        facts.append(f"hedge: “{escape(risk.hedge_cue)}”")
    if risk.drivers:
        facts.append("drivers: " + "; ".join(escape(d) for d in risk.drivers))
    if risk.affected:
        facts.append("affected: " + "; ".join(escape(a) for a in risk.affected))
    yield from _item(f"**{escape(risk.description)}** ({' · '.join(facts)})", risk)


def _key_fact(fact: KeyFact) -> Iterator[str]:
    value = f" (**{escape(fact.value)}**)" if fact.value else ""
    yield from _item(f"{escape(fact.fact)}{value}", fact)


def _contradiction(contradiction: Contradiction) -> Iterator[str]:
    parties = " vs ".join(escape(p) for p in contradiction.parties)
    yield from _item(f"**{escape(contradiction.description)}** ({parties})", contradiction)


_SECTIONS: list[tuple[str, str, Callable[..., Iterator[str]]]] = [
    ("Sources", "sources", _source),
    ("Positions", "positions", _position),
    ("Agreements", "agreements", _agreement),
    ("Risks", "risks", _risk),
    ("Key facts", "key_facts", _key_fact),
    ("Contradictions", "contradictions", _contradiction),
]


def _title_and_summary(result: SummaryResult) -> list[str]:
    """Title and summary, each marked when it names what the document does not contain."""
    summary, claims = result.summary, result.meta.grounding.unsupported_claims
    flagged = {claim.field for claim in claims}
    title_mark, summary_mark = (UNVERIFIED if f in flagged else "" for f in ("title", "summary"))
    lines = [f"# {escape(summary.title)}{title_mark}", "", escape(summary.summary) + summary_mark]
    lines.append("")
    if claims:
        listed = "; ".join(f"{c.field} “{escape(c.text)}”" for c in claims)
        lines += [f"⚠ not in the document: {listed}", ""]
    return lines


def render_markdown(result: SummaryResult) -> str:
    """The brief: title, summary, grounding line, then one section per non-empty list."""
    summary, meta = result.summary, result.meta
    lines = _title_and_summary(result)
    lines += [
        f"*{meta.grounding.one_line()} · {escape(meta.model_spec)} · {meta.attempts} attempt(s)*",
        "",
    ]
    for heading, field, render in _SECTIONS:
        items = getattr(summary, field)
        if items:
            lines += [f"## {heading}", ""]
            for item in items:
                lines += list(render(item))
                lines += [_quote(e, result.document) for e in item.evidence_items()]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
