"""Running a batch: which documents still need a summary, who computes them, who writes them.

The runner lists what is to do (loading each document, skipping the ones whose output is
already there with the same input, settings and prompt hashes), hands the rest to an
*executor*, and writes what comes back: `DIR/<safe-id>.json` atomically and one fsynced
line of `DIR/manifest.jsonl` per finished document, serialized here and written by this
process's writer (a process of its own, see `_writers`), never by an executor's workers.

The executor seam (Dask, the OpenAI Batch API and the built-in executors plug in here)
-------------------------------------------------------------------------------------
An executor is any object with

    def run(self, pending: Iterator[Pending], context: RunContext) -> AsyncGenerator[Finished, None]

(an `async def` method that yields; the runner calls its `aclose()`). Its contract:

- `pending` is lazy and synchronous: pulling a document reads its file, and records the
  unreadable, duplicate and already-done ones on the way (so the runner's progress moves
  while you pull). Keep about `context.concurrency` documents in flight; an engine that
  needs them all up front (a provider batch) may drain it.
- Yield exactly one `Finished` per pending document you complete, in any order, as soon as
  it is done: `Finished(pending, result)` for a summary, or
  `Finished(pending, failure=Failure.of(error))` for a per-document failure (a
  `GroundingError`'s result is kept by `Failure.of`). Never raise for one document's sake:
  an exception out of `run` stops the whole run. A document you never yield (the run was
  stopped, a provider batch is still running) is simply not done: the next run redoes it.
- Write nothing in the output directory but your own state file, under a name no document
  can take (`batch-state.json` is reserved, see `_safe_ids.RESERVED`): outputs and the
  manifest are the runner's, serialized in the client process.
- Cancellation: on Ctrl-C or an error the runner closes your iterator (`aclose()`); cancel
  whatever is in flight in a `finally` and return promptly. Only the documents in flight
  are lost.
- `context.summarizer` is the client's `Summarizer` (in-process LLM executors share it: one
  client, one connection pool); `context.options` are the keyword arguments that build an
  equal `Summarizer` elsewhere (picklable: a worker process builds its own once);
  `context.concurrency` is how many documents may be in flight at once.

`AsyncExecutor` (LLM engines: asyncio over the shared client) and `ProcessPoolExecutor`
(the CPU-bound extractive engine) are the built-in executors; `default_executor` picks one.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from concurrent.futures import ProcessPoolExecutor as _Pool
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any, Protocol

from summarizer._errors import ConfigurationError, GroundingError, SummarizerError
from summarizer._inputs import LoadedDocument
from summarizer._options import Options
from summarizer._pipeline import Summarizer
from summarizer._redaction import redact, strip_control
from summarizer._schema import SummaryResult
from summarizer.batch._documents import Document, Pending
from summarizer.batch._heap import startup_heap_frozen
from summarizer.batch._outputs import OutputDirectory, RunHashes, cache_hit, run_hashes
from summarizer.batch._writers import BACKLOG, Writer, start_writer

# Documents in flight per engine when --concurrency is not given: an HTTP engine waits on
# the network; llama.cpp runs one document at a time in this process; the extractive
# engine is CPU-bound, one process per core.
DEFAULT_LLM_CONCURRENCY = 8
IN_PROCESS_ENGINES = frozenset({"llamacpp"})


@dataclass(frozen=True)
class Failure:
    """Why a document failed: the error's class name and one line, redacted."""

    error_class: str
    message: str
    result: SummaryResult | None = None  # what a GroundingError still produced

    @classmethod
    def of(cls, error: BaseException) -> Failure:
        result = error.result if isinstance(error, GroundingError) else None
        return cls(type(error).__name__, one_line(str(error)), result)


def one_line(message: str) -> str:
    return " ".join(strip_control(redact(message)).split())


@dataclass(frozen=True)
class Finished:
    """A pending document's outcome: RESULT, or FAILURE (which may hold a result too)."""

    pending: Pending
    result: SummaryResult | None = None
    failure: Failure | None = None


@dataclass(frozen=True)
class RunContext:
    summarizer: Summarizer
    options: Mapping[str, Any]
    concurrency: int


class Executor(Protocol):
    def run(
        self, pending: Iterator[Pending], context: RunContext
    ) -> AsyncGenerator[Finished, None]: ...


@dataclass
class Tally:
    """The run's counts, updated as it goes; LISTENERS hear of every change."""

    total: int = 0
    ok: int = 0
    failed: int = 0
    skipped: int = 0
    cached: int = 0
    tokens: int = 0
    started: float = field(default_factory=time.monotonic)
    interrupted: bool = False
    listeners: list[Callable[[Tally], None]] = field(default_factory=list)
    # Where the engine's notice goes ("no LLM configured: ..."), when someone listens.
    notices: Callable[[str], None] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    @property
    def done(self) -> int:
        return self.ok + self.failed + self.skipped

    def count(self, status: str, tokens: int = 0, cache_hit: bool = False) -> None:
        with self._lock:  # writer threads count too
            setattr(self, status, getattr(self, status) + 1)
            self.tokens += tokens
            self.cached += cache_hit
            for listener in self.listeners:
                listener(self)

    def notice(self, message: str | None) -> None:
        if message and self.notices is not None:
            self.notices(message)

    def summary_line(self) -> str:
        seconds = time.monotonic() - self.started
        stopped = " (interrupted)" if self.interrupted else ""
        return (
            f"{self.ok} ok, {self.failed} failed, {self.skipped} skipped, {self.cached} cached; "
            f"{self.tokens} tokens; {seconds:.1f} s{stopped}"
        )


# --- the built-in executors --------------------------------------------------------------


class AsyncExecutor:
    """LLM engines: `Summarizer.asummarize_many` over the one shared client."""

    async def run(
        self, pending: Iterator[Pending], context: RunContext
    ) -> AsyncGenerator[Finished, None]:
        keyed = ((item, item.loaded) for item in pending)
        many = context.summarizer.asummarize_many(keyed, concurrency=context.concurrency)
        async with contextlib.aclosing(many) as outcomes:
            async for outcome in outcomes:
                yield _finished(outcome.key, outcome.result, outcome.error)


def _finished(
    pending: Pending, result: SummaryResult | None, error: BaseException | None
) -> Finished:
    if error is not None:
        return Finished(pending, failure=Failure.of(error))
    return Finished(pending, result=result)


class ProcessPoolExecutor:
    """The extractive engine (CPU-bound): a pool of spawned processes, each building its
    own Summarizer once. Results come back as JSON, errors as (class, message)."""

    async def run(
        self, pending: Iterator[Pending], context: RunContext
    ) -> AsyncGenerator[Finished, None]:
        crashed = True
        while crashed:  # a dead worker breaks its pool: the documents left go to a new one
            crashed = False
            pool = _Pool(
                context.concurrency,
                mp_context=get_context("spawn"),
                initializer=_start_worker,
                initargs=(dict(context.options),),
            )
            try:
                async for finished in _pooled(pool, pending, context.concurrency):
                    crashed = crashed or _worker_died(finished)
                    yield finished
            finally:
                pool.shutdown(wait=False, cancel_futures=True)


WORKER_DIED = Failure(
    "WorkerDied", "a worker process died while summarizing it (out of memory, or killed)"
)


def _worker_died(finished: Finished) -> bool:
    return finished.failure is WORKER_DIED


async def _pooled(pool: _Pool, pending: Iterator[Pending], limit: int) -> AsyncIterator[Finished]:
    """Every document of PENDING through POOL, or until a worker dies: then the documents
    in flight fail with WORKER_DIED and no more are taken."""
    # Twice the workers in flight: a worker never waits for its next document.
    running: dict[asyncio.Future[WorkerAnswer], Pending] = {}
    broken = False
    while True:
        for item in [] if broken else take(pending, 2 * limit - len(running)):
            try:
                submitted: Future[WorkerAnswer] = pool.submit(_summarize_in_worker, item.loaded)
            except BrokenProcessPool:
                broken = True
                yield Finished(item, failure=WORKER_DIED)
                break
            running[asyncio.wrap_future(submitted)] = item
        if not running:
            return
        done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
        for future in done:
            item = running.pop(future)
            try:
                answer = future.result()
            except BrokenProcessPool:
                broken = True
                yield Finished(item, failure=WORKER_DIED)
                continue
            yield from_worker(item, answer)


def take(items: Iterator[Pending], count: int) -> Iterator[Pending]:
    for _ in range(max(count, 0)):
        item = next(items, None)
        if item is None:
            return
        yield item


_WORKER: Summarizer | None = None


def _start_worker(options: dict[str, Any]) -> None:
    import signal

    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _WORKER = Summarizer(**options)


WorkerAnswer = tuple[str | None, tuple[str, str, str | None] | None]


def _summarize_in_worker(text: LoadedDocument) -> WorkerAnswer:
    assert _WORKER is not None, "the pool's initializer builds the worker's Summarizer"
    return summarize_with(_WORKER, text)


def summarize_with(summarizer: Summarizer, text: LoadedDocument) -> WorkerAnswer:
    """TEXT summarized in a worker (a pool's process, a Dask worker), as plain data."""
    try:
        return summarizer.summarize(text).model_dump_json(), None
    except SummarizerError as error:
        failure = Failure.of(error)
        kept = failure.result.model_dump_json() if failure.result else None
        return None, (failure.error_class, failure.message, kept)


def from_worker(pending: Pending, answer: WorkerAnswer) -> Finished:
    result_json, failure = answer
    if failure is None:
        assert result_json is not None
        return Finished(pending, result=SummaryResult.model_validate_json(result_json))
    error_class, message, kept = failure
    result = SummaryResult.model_validate_json(kept) if kept else None
    return Finished(pending, failure=Failure(error_class, message, result))


def default_executor(summarizer: Summarizer, concurrency: int) -> Executor:
    """A process pool for the extractive engine on more than one core (one process needs
    no pool: no interpreter to spawn); asyncio over the shared client otherwise."""
    if summarizer.engine.choice.provider == "extractive" and concurrency > 1:
        return ProcessPoolExecutor()
    return AsyncExecutor()


def default_concurrency(summarizer: Summarizer) -> int:
    provider = summarizer.engine.choice.provider
    if provider == "extractive":
        return os.cpu_count() or 1
    return 1 if provider in IN_PROCESS_ENGINES else DEFAULT_LLM_CONCURRENCY


# --- the run -----------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchSettings:
    """How a batch runs, beyond the Summarizer's options."""

    concurrency: int | None = None
    force: bool = False


async def arun_batch(
    documents: Iterable[Document],
    out_dir: str | Path,
    options: Mapping[str, Any],
    *,
    executor: Executor | None = None,
    settings: BatchSettings = BatchSettings(),
    tally: Tally | None = None,
) -> Tally:
    """Summarize DOCUMENTS into OUT_DIR with a Summarizer built from OPTIONS."""
    options = {"include_text": True, **options}  # a report is rendered from the outputs alone
    tally = tally or Tally()
    listed = list(documents)
    tally.total = len(listed)
    if settings.concurrency is not None and settings.concurrency < 1:
        raise ConfigurationError(f"--concurrency must be >= 1, got {settings.concurrency}")
    with (
        Summarizer(**options) as summarizer,
        startup_heap_frozen(),  # after the Summarizer: the modules its engine imports
        OutputDirectory.open(out_dir) as directory,
    ):
        tally.notice(summarizer.notice)
        context = RunContext(
            summarizer, options, settings.concurrency or default_concurrency(summarizer)
        )
        writer = await start_writer(directory.journal)
        work = _Work(directory, writer, run_hashes(summarizer), settings, tally, summarizer.options)
        chosen = executor or default_executor(summarizer, context.concurrency)
        try:
            await _drive(chosen.run(work.pending(listed), context), work, context.concurrency)
        except (asyncio.CancelledError, KeyboardInterrupt):
            tally.interrupted = True
            raise
        finally:
            await writer.close()
    return tally


async def _drive(stream: AsyncGenerator[Finished, None], work: _Work, concurrency: int) -> None:
    """Record what STREAM yields as it comes: the event loop never waits for a disk (an
    fsync a document) unless the writer is more than BACKLOG entries (or twice the
    documents in flight) behind. Returns once every entry is written; `arun_batch` waits
    for them too when the run stops early, so none is left half done."""
    limit = max(2 * concurrency, BACKLOG)
    async with contextlib.aclosing(stream):
        async for finished in stream:
            work.record(finished)
            await work.writer.at_most(limit)
    await work.writer.at_most(0)


def run_batch(
    documents: Iterable[Document],
    out_dir: str | Path,
    options: Mapping[str, Any],
    **kwargs: Any,
) -> Tally:
    """The synchronous twin of `arun_batch`."""
    return asyncio.run(arun_batch(documents, out_dir, options, **kwargs))


@dataclass
class _Work:
    directory: OutputDirectory
    writer: Writer
    hashes: RunHashes
    settings: BatchSettings
    tally: Tally
    limits: Options  # max_bytes, max_chars

    def pending(self, documents: list[Document]) -> Iterator[Pending]:
        """The documents still to do, loaded; the others are recorded on the way."""
        claimed: dict[str, Document] = {}  # by safe id
        for document in documents:
            problem = document.error or self.directory.claim(document, claimed)
            if problem is not None:
                self._fail(document, Failure("InputError", one_line(problem)))
                continue
            item = self._load(document)
            if item is not None:
                yield item

    def _load(self, document: Document) -> Pending | None:
        try:
            limits = self.limits
            item = document.load(
                limits.max_bytes, limits.max_chars, timeout=limits.timeout, date=limits.date
            )
        except SummarizerError as error:
            self._fail(document, Failure.of(error))
            return None
        if not self.settings.force and self.directory.is_done(item, self.hashes):
            self.tally.count("skipped")
            return None
        return item

    def _fail(self, document: Document, failure: Failure) -> None:
        entry = self.directory.entry(document, None, self.hashes, failure=failure)
        self.writer.submit(entry, lambda: self.tally.count("failed"))

    def record(self, finished: Finished) -> None:
        """FINISHED's output and manifest line, handed to the writer; counted once written."""
        pending, failure = finished.pending, finished.failure
        result = finished.result or (failure.result if failure else None)
        entry = self.directory.entry(pending.document, pending, self.hashes, result, failure)
        status, tokens = (
            "failed" if failure else "ok",
            result.meta.usage.total_tokens if result else 0,
        )
        self.writer.submit(entry, lambda: self.tally.count(status, tokens, cache_hit(result)))
