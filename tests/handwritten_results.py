"""Hand-written result files for `summarizer compare` tests: invented documents, actors
and quotes, built with the schema's own models and aligned by its aligner (the offsets
are the real ones), written as a batch output or `summarize -o` would write them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer._schema import (
    Contradiction,
    Evidence,
    Position,
    Source,
    StructuredSummary,
    SummaryMeta,
    SummaryResult,
    align_evidence,
    grounding_report,
)


@dataclass
class HandwrittenDocument:
    """One invented document and what a summary of it says."""

    text: str
    block: dict[str, Any] = field(default_factory=dict)  # the result's `document` block
    positions: list[tuple[str, str, str, str]] = field(
        default_factory=list
    )  # actor, issue, stance, quote
    sources: list[tuple[str, str | None, str | None, str]] = field(
        default_factory=list
    )  # name, role, affiliation, quote
    contradictions: list[tuple[str, list[str], list[str]]] = field(default_factory=list)

    def result(self) -> dict[str, Any]:
        summary = StructuredSummary(
            title="A hand-written summary",
            summary="An invented document for the comparison tests.",
            sources=[_source(n, *fields) for n, fields in enumerate(self.sources, 1)],
            positions=[_position(*fields) for fields in self.positions],
            contradictions=[_contradiction(*fields) for fields in self.contradictions],
        )
        align_evidence(summary, self.text)
        meta = SummaryMeta(
            engine="handwritten",
            model="",
            attempts=0,
            latency_seconds=0.0,
            grounding=grounding_report(summary),
        )
        dumped = SummaryResult(summary=summary, meta=meta).model_dump(mode="json")
        return {**dumped, "document": self.block} if self.block else dumped

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.result(), ensure_ascii=False, indent=2), encoding="utf-8")
        return path


def _source(
    number: int, name: str, role: str | None, affiliation: str | None, quote: str
) -> Source:
    return Source(
        id=f"S{number}",
        name=name,
        kind="named_person",
        role=role,
        affiliation=affiliation,
        statements=[Evidence(quote=quote)],
    )


def _position(actor: str, issue: str, stance: str, quote: str) -> Position:
    return Position.model_validate(
        {
            "actor": actor,
            "actor_type": "politician",
            "issue": issue,
            "stance": stance,
            "summary": f"{actor} {stance} {issue}.",
            "evidence": [{"quote": quote}],
        }
    )


def _contradiction(description: str, parties: list[str], quotes: list[str]) -> Contradiction:
    return Contradiction(
        description=description, parties=parties, evidence=[Evidence(quote=q) for q in quotes]
    )


def results_folder(root: Path, *documents: HandwrittenDocument) -> Path:
    for number, document in enumerate(documents):
        document.write(root / f"doc{number}.json")
    return root


# Mayor Hart supports the "harbour toll" in March and opposes the "port levy" in May: a
# shift only once the two wordings are one issue. Councillor Marsh says both in April.
MARCH = HandwrittenDocument(
    text="Mayor Lena Hart supports the harbour toll for the new quay.",
    block={"id": "quay/march", "metadata": {"date": "2026-03-02"}, "status": "ok"},
    positions=[("Mayor Lena Hart", "harbour toll", "supports", "supports the harbour toll")],
)
APRIL = HandwrittenDocument(
    text="Councillor Bo Marsh supports the harbour toll. Later Bo Marsh opposes the port levy.",
    block={"id": "quay/april", "metadata": {"date": "2026-04-10"}, "status": "ok"},
    positions=[
        ("Councillor Bo Marsh", "harbour toll", "supports", "Bo Marsh supports the harbour toll"),
        ("Bo Marsh", "port levy", "opposes", "Bo Marsh opposes the port levy"),
    ],
)
MAY = HandwrittenDocument(
    text="Mayor Lena Hart now opposes the port levy. She backs free school meals.",
    block={"id": "quay/may", "metadata": {"date": "2026-05-04"}, "status": "ok"},
    positions=[
        ("Lena Hart", "port levy", "opposes", "now opposes the port levy"),
        ("Lena Hart", "free school meals", "supports", "She backs free school meals"),
    ],
)


def quay_texts() -> str:
    """The quay corpus's texts, one a paragraph (what the compare-cluster cassette was
    recorded on: `compare` over MARCH, APRIL and MAY)."""
    return "\n\n".join(document.text for document in (MARCH, APRIL, MAY))
