"""Evidence of chunk summaries moved into document coordinates.

A quote is placed first inside its own chunk (the chunk-relative offsets when they still
slice the chunk to the quote, else the aligner over the chunk's window), and only then in
the whole document: the same sentence can occur in several chunks, and the chunk the model
read is the likeliest place of the words it copied. The status is the aligner's (or exact /
normalized for offsets checked here); a quote found nowhere stays unmatched, with no span.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence

from summarizer._long._parts import ChunkPart
from summarizer._schema import Evidence
from summarizer.grounding import Alignment, MatchStatus, align_many, normalize

# A normalised span may be wider than its quote by the quote marks around it, or shorter by
# whitespace folded; a span much longer than the quote is not the quote's.
_EDGE_SLACK = 8


def place_evidence(parts: Sequence[ChunkPart], document: str) -> None:
    """Rewrite start/end/match of every quote of PARTS (copies) in document coordinates."""
    leftovers: list[Evidence] = []
    for part in parts:
        leftovers.extend(_place_in_chunk(part, document))
    alignments = align_many(document, [evidence.quote for evidence in leftovers])
    for evidence, alignment in zip(leftovers, alignments, strict=True):
        _apply(evidence, alignment, offset=0)


def _place_in_chunk(part: ChunkPart, document: str) -> list[Evidence]:
    """Place PART's quotes inside its window; return those the window does not hold."""
    window = document[part.start : part.end]
    pending = [e for e in _quotes(part) if not _keep_chunk_offsets(e, window, part.start)]
    missing = []
    alignments = align_many(window, [evidence.quote for evidence in pending])
    for evidence, alignment in zip(pending, alignments, strict=True):
        if alignment.matched:
            _apply(evidence, alignment, offset=part.start)
        else:
            missing.append(evidence)
    return missing


def _quotes(part: ChunkPart) -> Iterable[Evidence]:
    for _, _, item in part.summary.items():
        yield from item.all_evidence()


def _keep_chunk_offsets(evidence: Evidence, window: str, offset: int) -> bool:
    """Chunk-relative offsets that slice WINDOW to the quote become document offsets."""
    start, end = evidence.start, evidence.end
    if start is None or end is None or not 0 <= start < end <= len(window):
        return False
    if end - start > 2 * len(evidence.quote) + _EDGE_SLACK:  # not this quote's span
        return False
    words = window[start:end]
    status: MatchStatus
    if words == evidence.quote:
        status = "exact"
    elif normalize(words) and normalize(words) == normalize(evidence.quote):
        status = "normalized"
    else:
        return False
    evidence.start, evidence.end, evidence.match = start + offset, end + offset, status
    return True


def _apply(evidence: Evidence, alignment: Alignment, *, offset: int) -> None:
    if alignment.start is None or alignment.end is None:
        evidence.start, evidence.end, evidence.match = None, None, "unmatched"
        return
    evidence.start, evidence.end = alignment.start + offset, alignment.end + offset
    evidence.match = alignment.status


def span_key(evidence: Evidence) -> Hashable:
    """What makes two quotes the same: their span, or (unplaced) their normalised words."""
    if evidence.start is not None and evidence.end is not None:
        return (evidence.start, evidence.end)
    return normalize(evidence.quote)


def union_evidence(lists: Iterable[list[Evidence]], limit: int) -> list[Evidence]:
    """The quotes of LISTS in order, each span once, at most LIMIT."""
    seen: set[Hashable] = set()
    kept: list[Evidence] = []
    for evidence in (e for quotes in lists for e in quotes):
        key = span_key(evidence)
        if key not in seen and len(kept) < limit:
            seen.add(key)
            kept.append(evidence)
    return kept


def matched_spans(evidence: Iterable[Evidence]) -> tuple[tuple[int, int], ...]:
    """The sorted distinct spans of the quotes that were placed."""
    spans = {(e.start, e.end) for e in evidence if e.start is not None and e.end is not None}
    return tuple(sorted(spans))


def first_start(evidence: Iterable[Evidence]) -> int | None:
    """Where the earliest placed quote starts, None when none was placed."""
    starts = [e.start for e in evidence if e.start is not None]
    return min(starts) if starts else None
