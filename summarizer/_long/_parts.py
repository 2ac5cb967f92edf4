"""One chunk of a long document and the summary the engine made of it."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer._schema import StructuredSummary


@dataclass(frozen=True)
class ChunkPart:
    """A chunk's place in the document and its summary.

    `start`/`end` are the chunk's offsets in the document; the summary's evidence
    `start`/`end` are relative to the chunk (or None when the quote was not aligned).
    """

    index: int
    start: int
    end: int
    summary: StructuredSummary
