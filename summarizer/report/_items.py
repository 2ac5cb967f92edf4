"""A summary's items flattened for display: one label each, with numbered evidences.

Labels are plain text (the page escapes them); every evidence gets an id (e1, e2, ...)
that the highlights in the document and the side panel's buttons share.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from summarizer._schema import (
    Agreement,
    Contradiction,
    Evidence,
    GroundedItem,
    KeyFact,
    Position,
    Risk,
    Source,
    StructuredSummary,
)
from summarizer.report._segments import Span

SECTION_TITLES = {
    "sources": "Sources",
    "positions": "Positions",
    "agreements": "Agreements",
    "risks": "Risks",
    "key_facts": "Key facts",
    "contradictions": "Contradictions",
}


@dataclass(frozen=True)
class EvidenceView:
    id: str
    item_id: str
    quote: str
    match: str
    start: int | None
    end: int | None

    def span_in(self, length: int | None) -> Span | None:
        """Where the evidence lies in a text of LENGTH characters, if it was grounded there."""
        if self.start is None or self.end is None or length is None:
            return None
        if self.match == "unmatched" or not 0 <= self.start < self.end <= length:
            return None
        return Span(self.start, self.end, self.id)


@dataclass(frozen=True)
class ItemView:
    id: str
    section: str
    label: str
    details: str
    verified: bool
    source_ids: tuple[str, ...]
    evidence: tuple[EvidenceView, ...]


def _source(source: Source) -> tuple[str, str]:
    details = [source.kind.replace("_", " ")]
    details += [value for value in (source.role, source.affiliation) if value]
    if source.via:
        details.append(f"via {source.via}")
    return f"{source.id} · {source.name}", "; ".join(details)


def _position(position: Position) -> tuple[str, str]:
    cited = f" (sources: {', '.join(position.source_ids)})" if position.source_ids else ""
    return f"{position.actor} {position.stance} {position.issue}", position.summary + cited


def _agreement(agreement: Agreement) -> tuple[str, str]:
    facts = [f"status: {agreement.status.replace('_', ' ')}"]
    facts.append("parties: " + ", ".join(agreement.parties))
    if agreement.deadline:
        facts.append(f"deadline: {agreement.deadline.isoformat()}")
    facts += [f"term: {term}" for term in agreement.terms]
    return agreement.title, " · ".join(facts)


def _risk(risk: Risk) -> tuple[str, str]:
    facts = [risk.category, f"likelihood: {risk.likelihood}"]
    if risk.hedge_cue:
        facts.append(f"hedge: “{risk.hedge_cue}”")
    facts += [f"driver: {driver}" for driver in risk.drivers]
    return risk.description, " · ".join(facts)


def _key_fact(fact: KeyFact) -> tuple[str, str]:
    return fact.fact, fact.value or ""


def _contradiction(contradiction: Contradiction) -> tuple[str, str]:
    return contradiction.description, " vs ".join(contradiction.parties)


_LABELS: dict[str, Callable[..., tuple[str, str]]] = {
    "sources": _source,
    "positions": _position,
    "agreements": _agreement,
    "risks": _risk,
    "key_facts": _key_fact,
    "contradictions": _contradiction,
}


def _cited_sources(item: GroundedItem) -> tuple[str, ...]:
    """The source ids an item belongs to, for the filter by source."""
    if isinstance(item, Source):
        return (item.id,)
    if isinstance(item, Position):
        return tuple(item.source_ids)
    if isinstance(item, Contradiction):
        return tuple(party for party in item.parties if party[:1] == "S" and party[1:].isdigit())
    return ()


def _evidence(item_id: str, quotes: list[Evidence], first: int) -> tuple[EvidenceView, ...]:
    return tuple(
        EvidenceView(f"e{first + n}", item_id, quote.quote, quote.match, quote.start, quote.end)
        for n, quote in enumerate(quotes)
    )


def item_views(summary: StructuredSummary) -> list[ItemView]:
    """Every item of SUMMARY in section order, numbered i1.., its evidences e1.."""
    views: list[ItemView] = []
    evidences = 0
    for section, label in _LABELS.items():
        for item in getattr(summary, section):
            item_id = f"i{len(views) + 1}"
            evidence = _evidence(item_id, item.all_evidence(), evidences + 1)
            evidences += len(evidence)
            head, details = label(item)
            cited = _cited_sources(item)
            views.append(ItemView(item_id, section, head, details, item.verified, cited, evidence))
    return views
