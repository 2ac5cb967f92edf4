"""The document cut at every evidence boundary, so overlapping highlights stay readable.

Each segment is a run of the text that the same evidence spans cover: a passage quoted by
a source and, partly, by a position becomes three segments (source only, both, position
only), each one element listing every evidence that covers it. Boundaries are sorted
once (n log n in the spans) and the text is walked once (linear in its length).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """One grounded evidence: characters START to END of the document."""

    start: int
    end: int
    evidence_id: str


@dataclass(frozen=True)
class Segment:
    """Characters START to END, covered by the evidences COVERING (empty: plain text)."""

    start: int
    end: int
    covering: tuple[str, ...]


def _boundaries(spans: Iterable[Span]) -> dict[int, tuple[list[str], list[str]]]:
    """Offset -> (evidences starting there, evidences ending there)."""
    events: dict[int, tuple[list[str], list[str]]] = {}
    for span in spans:
        events.setdefault(span.start, ([], []))[0].append(span.evidence_id)
        events.setdefault(span.end, ([], []))[1].append(span.evidence_id)
    return events


def segments(length: int, spans: Iterable[Span]) -> Iterator[Segment]:
    """The text of LENGTH characters as consecutive segments; empty spans are skipped."""
    events = _boundaries(span for span in spans if 0 <= span.start < span.end <= length)
    active: dict[str, None] = {}  # insertion-ordered: the first evidence opened comes first
    cursor = 0
    for offset in sorted({*events, length}):
        if offset > cursor:
            yield Segment(cursor, offset, tuple(active))
        starting, ending = events.get(offset, ([], []))
        for evidence_id in ending:
            active.pop(evidence_id, None)
        active.update(dict.fromkeys(starting))
        cursor = offset
