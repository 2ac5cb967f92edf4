"""Summarizing a document's chunks concurrently, splitting again any that overflow.

Each chunk is sent as the engine's document with a header (prompts/chunk_header.j2:
part N of M, and the document's lead for context). A context-length error splits that
chunk in two and asks again, down to MIN_CHUNK_CHARS; only a chunk that cannot be
split fails the document. A chunk whose output stays invalid after its re-asks is left
out with a warning (the report records it): one bad part of a long report does not
cost the others; `_run` fails the document only when every chunk failed.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Iterable
from dataclasses import dataclass
from typing import Any

from summarizer._engines import Engine, EngineOutput
from summarizer._errors import ContextOverflowError, ModelOutputError
from summarizer._long._budget import LEAD_CHARS, MIN_CHUNK_CHARS
from summarizer._long._split import Span, halves
from summarizer._prompts import chunk_header, chunk_header_text
from summarizer._schema import align_evidence

logger = logging.getLogger("summarizer")


@dataclass(frozen=True)
class ChunkOutput:
    """What the engine made of document[span.start:span.end] (evidence chunk-relative)."""

    span: Span
    output: EngineOutput | None  # None: the model's output stayed invalid (`error`)
    splits: int  # how many times its text was split after a context-length error
    error: ModelOutputError | None = None

    @property
    def attempts(self) -> int:
        return self.output.attempts if self.output is not None else self.error_attempts

    @property
    def error_attempts(self) -> int:
        return self.error.attempts if self.error is not None else 0


def lead_of(document: str) -> str:
    """The document's first LEAD_CHARS characters, cut at a word, on one line."""
    lead = " ".join(document[: LEAD_CHARS + 1].split())
    if len(lead) <= LEAD_CHARS:
        return lead
    return lead[:LEAD_CHARS].rsplit(" ", 1)[0] + " …"


def split_or_raise(document: str, span: Span, overflow: ContextOverflowError) -> list[Span]:
    """SPAN in two after OVERFLOW, or OVERFLOW again when a half would be too short."""
    pieces = halves(document, span) if len(span) >= 2 * MIN_CHUNK_CHARS else []
    if len(pieces) < 2:
        raise overflow
    return pieces


async def _flat_all(
    coroutines: Iterable[Coroutine[Any, Any, list[ChunkOutput]]],
) -> list[ChunkOutput]:
    """The coroutines' outputs, concatenated in order. The first failure cancels the
    others (no requests go on for a document that has failed) and is raised alone."""
    try:
        async with asyncio.TaskGroup() as group:
            tasks = [group.create_task(coroutine) for coroutine in coroutines]
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from None
    return [output for task in tasks for output in task.result()]


class ChunkRun:
    """One long document's chunk requests: at most CONCURRENCY in flight."""

    def __init__(self, engine: Engine, document: str, parts: int, concurrency: int) -> None:
        self.engine = engine
        self.document = document
        self.parts = parts
        self.lead = lead_of(document)
        self.resplits = 0
        self._slots = asyncio.Semaphore(concurrency)

    async def summarize(self, spans: list[Span]) -> list[ChunkOutput]:
        """Every span's output, in document order (a re-split span gives two or more)."""
        return await _flat_all(self._one(span, part, 0) for part, span in enumerate(spans, 1))

    async def _one(self, span: Span, part: int, splits: int) -> list[ChunkOutput]:
        try:
            output = await self._ask(span, part)
        except ContextOverflowError as overflow:
            pieces = split_or_raise(self.document, span, overflow)
            self.resplits += 1
            # The halves keep their parent's part number: "part N of M" stays true of them.
            return await _flat_all(self._one(piece, part, splits + 1) for piece in pieces)
        except ModelOutputError as invalid:
            logger.warning(
                "part %d of %d (characters %d-%d) left out: %s",
                *(part, self.parts, span.start, span.end, invalid),
            )
            return [ChunkOutput(span, None, splits, invalid)]
        return [ChunkOutput(span, output, splits)]

    async def _ask(self, span: Span, part: int) -> EngineOutput:
        text = self.document[span.start : span.end]
        async with self._slots:
            # Set in this task's own context: the engine renders its prompt from it.
            chunk_header.set(chunk_header_text(part, self.parts, self.lead))
            output = await self.engine.arun(text)
        if not output.aligned:  # a cached answer from an older aligner
            align_evidence(output.summary, text)
        return output
