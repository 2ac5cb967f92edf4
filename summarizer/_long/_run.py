"""A document of any length through one engine: whole when it fits, else in chunks.

A document that fits the token budget (or whose model's context is unknown) goes to the
engine exactly as it always did: same call, same request. One that does not, or whose
whole request the provider rejects as too long, is cut (`_split`), its chunks are
summarized concurrently (`_chunks`), merged (`_merge`), and given a title and summary
by one final call (`_final`). Usage, attempts and retries are summed over every call.
"""

from __future__ import annotations

import asyncio
import contextvars
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from summarizer._engines import Engine, EngineOutput
from summarizer._engines._llamacpp import LlamaCppEngine
from summarizer._engines._structured import Completed, StructuredEngine
from summarizer._errors import ContextOverflowError
from summarizer._long._budget import Budget, budget_for
from summarizer._long._chunks import ChunkOutput, ChunkRun, split_or_raise
from summarizer._long._final import final_call
from summarizer._long._merge import merge_chunks
from summarizer._long._parts import ChunkPart
from summarizer._long._split import Span, overlap_for, split_span
from summarizer._schema import ChunkRecord, ChunkReport, StructuredSummary, Usage


@dataclass
class LongOutput:
    """The engine's output for the whole document, and how it was chunked (None: whole)."""

    output: EngineOutput
    chunks: ChunkReport | None = None
    merge_seconds: float = 0.0


def summarize_document(engine: Engine, document: str, concurrency: int) -> LongOutput:
    """DOCUMENT through ENGINE, in chunks when it does not fit (see the module)."""
    budget = _budget(engine)
    if budget is None or budget.fits(document):
        try:
            return LongOutput(engine.run(document))
        except ContextOverflowError as overflow:
            if budget is None:
                raise
            spans = split_or_raise(document, Span(0, len(document)), overflow)
            return _in_own_loop(_chunked(engine, document, spans, budget, concurrency, 1))
    spans = _spans(document, budget)
    return _in_own_loop(_chunked(engine, document, spans, budget, concurrency, 0))


async def asummarize_document(engine: Engine, document: str, concurrency: int) -> LongOutput:
    """The async twin of `summarize_document`."""
    budget = _budget(engine)
    if budget is None or budget.fits(document):
        try:
            return LongOutput(await engine.arun(document))
        except ContextOverflowError as overflow:
            if budget is None:
                raise
            spans = split_or_raise(document, Span(0, len(document)), overflow)
            return await _chunked(engine, document, spans, budget, concurrency, 1)
    return await _chunked(engine, document, _spans(document, budget), budget, concurrency, 0)


def fits_one_request(engine: Engine, document: str) -> bool:
    """Whether DOCUMENT goes to ENGINE whole (it fits, or the context is unknown)."""
    budget = _budget(engine)
    return budget is None or budget.fits(document)


def _budget(engine: Engine) -> Budget | None:
    """ENGINE's token budget; None for engines that take any length (extractive)."""
    return budget_for(engine) if isinstance(engine, StructuredEngine) else None


def _spans(document: str, budget: Budget) -> list[Span]:
    assert budget.max_chunk_chars is not None, "a document that does not fit has a budget"
    return split_span(document, Span(0, len(document)), budget.max_chunk_chars)


def _in_own_loop(work: Coroutine[Any, Any, LongOutput]) -> LongOutput:
    """WORK run to completion from synchronous code, on a loop of its own (in a thread
    of its own when this thread already runs one: a notebook, an async caller)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(work)
    context = contextvars.copy_context()  # the reference day set by the pipeline
    with ThreadPoolExecutor(1, thread_name_prefix="summarizer-chunks") as pool:
        return pool.submit(context.run, asyncio.run, work).result()


async def _chunked(
    engine: Engine,
    document: str,
    spans: list[Span],
    budget: Budget,
    concurrency: int,
    overflowed: int,
) -> LongOutput:
    """SPANS of DOCUMENT summarized, merged and titled. OVERFLOWED: whole-document
    requests already rejected as too long (counted as calls and re-splits)."""
    assert isinstance(engine, StructuredEngine), "only engines with a budget are chunked"
    # One llama.cpp context answers one call at a time.
    slots = 1 if isinstance(engine, LlamaCppEngine) else concurrency
    run = ChunkRun(engine, document, len(spans), slots)
    outputs = await run.summarize(spans)
    answered = _answered(outputs)
    started = time.perf_counter()
    parts = [_part(index, chunk) for index, chunk in enumerate(answered)]
    merged = merge_chunks(parts, document)
    merge_seconds = time.perf_counter() - started
    final = await asyncio.to_thread(final_call, engine, merged, run.lead, budget.max_chunk_chars)
    if final is not None:
        merged.title, merged.summary = final.answer.title, final.answer.summary
    report = _report(budget, outputs, run, overflowed, final)
    return LongOutput(_summed(merged, outputs, final), report, merge_seconds)


def _answered(outputs: list[ChunkOutput]) -> list[tuple[Span, EngineOutput]]:
    """The chunks the model summarized; the first failure when it summarized none."""
    answered = [(chunk.span, chunk.output) for chunk in outputs if chunk.output is not None]
    if not answered:
        first = outputs[0].error
        assert first is not None, "a chunk without output has its error"
        raise first
    return answered


def _part(index: int, chunk: tuple[Span, EngineOutput]) -> ChunkPart:
    span, output = chunk
    return ChunkPart(index, span.start, span.end, output.summary)


def _summed(
    merged: StructuredSummary, outputs: list[ChunkOutput], final: Completed | None
) -> EngineOutput:
    """One EngineOutput for every call: usage, attempts and retries added up."""
    answered = [chunk.output for chunk in outputs if chunk.output is not None]
    usage, retries = Usage(), 0
    attempts = sum(chunk.attempts for chunk in outputs)
    for output in answered:
        usage, retries = usage + output.usage, retries + output.transport_retries
    if final is not None:
        usage, attempts = usage + final.usage, attempts + final.attempts
        retries += final.transport_retries
    return EngineOutput(
        summary=merged,
        attempts=attempts,
        transport_retries=retries,
        usage=usage,
        prompt=answered[0].prompt,
        best_attempt=any(output.best_attempt for output in answered),
    )


def _report(
    budget: Budget,
    outputs: list[ChunkOutput],
    run: ChunkRun,
    overflowed: int,
    final: Completed | None,
) -> ChunkReport:
    chunks = [
        ChunkRecord(
            index=index,
            start=chunk.span.start,
            end=chunk.span.end,
            attempts=chunk.attempts,
            splits=chunk.splits + overflowed,
            error=str(chunk.error) if chunk.error is not None else None,
        )
        for index, chunk in enumerate(outputs)
    ]
    max_chars = budget.max_chunk_chars
    return ChunkReport(
        count=len(outputs),
        context_size=budget.context_size,
        max_chunk_chars=max_chars,
        overlap_chars=overlap_for(max_chars) if max_chars is not None else 0,
        # Answered requests (re-asks included), the overflowed ones, and the final call.
        calls=sum(chunk.attempts for chunk in outputs)
        + run.resplits
        + overflowed
        + (final.attempts if final is not None else 1),
        resplits=run.resplits + overflowed,
        failed=sum(chunk.output is None for chunk in outputs),
        final_call=final is not None,
        chunks=chunks,
    )
