"""Pin every evidence quote of a summary to the document and report coverage."""

from __future__ import annotations

from summarizer._schema._items import Evidence
from summarizer._schema._meta import GroundingReport, SectionCoverage, UnsupportedClaim
from summarizer._schema._summary import SECTIONS, StructuredSummary
from summarizer.grounding import Alignment, MatchStatus, align_many

STATUSES: tuple[MatchStatus, ...] = ("exact", "normalized", "fuzzy", "unmatched")


def _already_exact(document: str, evidence: Evidence) -> bool:
    start, end = evidence.start, evidence.end
    return start is not None and end is not None and document[start:end] == evidence.quote


def align_evidence(summary: StructuredSummary, document: str) -> None:
    """Fill start/end/match of every quote and `verified` of every item, in place.

    Offsets an engine already set are kept when they slice the document to the quote
    (an extractive engine knows which of two identical sentences it took).
    """
    pending = [
        evidence
        for _, _, item in summary.items()
        for evidence in item.all_evidence()
        if not _already_exact(document, evidence)
    ]
    for evidence, alignment in zip(
        pending, align_many(document, [e.quote for e in pending]), strict=True
    ):
        _apply(evidence, alignment)
    for _, _, item in summary.items():
        for evidence in item.all_evidence():
            if _already_exact(document, evidence):
                evidence.match = "exact"
        item.verified = any(e.match != "unmatched" for e in item.evidence_items())


def _apply(evidence: Evidence, alignment: Alignment) -> None:
    evidence.start, evidence.end, evidence.match = alignment.start, alignment.end, alignment.status


def unverified_quotes(summary: StructuredSummary) -> list[tuple[str, list[str]]]:
    """`("positions[2]", [quotes...])` for every item none of whose quotes aligned."""
    return [
        (f"{section}[{index}]", [e.quote for e in item.evidence_items()])
        for section, index, item in summary.items()
        if not item.verified
    ]


def grounding_report(
    summary: StructuredSummary,
    dropped_items: int = 0,
    *,
    unsupported_claims: list[UnsupportedClaim] | None = None,
    spans_by_construction: bool = False,
) -> GroundingReport:
    items = list(summary.items())
    verified = sum(item.verified for _, _, item in items)
    evidence: dict[MatchStatus, int] = dict.fromkeys(STATUSES, 0)
    for _, _, item in items:
        for quote in item.all_evidence():
            evidence[quote.match] += 1
    sections = {
        section: SectionCoverage(
            items=len(getattr(summary, section)),
            verified=sum(item.verified for item in getattr(summary, section)),
        )
        for section in SECTIONS
    }
    return GroundingReport(
        items=len(items),
        verified_items=verified,
        coverage=verified / len(items) if items else 1.0,
        evidence=evidence,
        sections=sections,
        dropped_items=dropped_items,
        summary_verified=not unsupported_claims,
        unsupported_claims=unsupported_claims or [],
        spans_by_construction=spans_by_construction,
    )


def drop_unverified(summary: StructuredSummary) -> tuple[StructuredSummary, int]:
    """A copy without unverified items (and without ids of dropped sources)."""
    kept = {
        section: [item for item in getattr(summary, section) if item.verified]
        for section in SECTIONS
    }
    dropped = sum(len(getattr(summary, s)) - len(kept[s]) for s in SECTIONS)
    source_ids = {source.id for source in kept["sources"]}
    for position in kept["positions"]:
        position.source_ids = [i for i in position.source_ids if i in source_ids]
    return summary.model_copy(update=kept, deep=True), dropped
