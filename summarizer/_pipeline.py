"""The public API: `Summarizer` holds one engine (one client); `summarize`/`asummarize`.

Whatever the engine, the pipeline pins every quote to the document, drops unverified
items on request, and records how the summary was made.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import (
    AsyncGenerator,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

import httpx2

from summarizer._cache import ResponseCache, cache_directory
from summarizer._cassettes import cassette_settings, record_cassette, replay_cassette
from summarizer._documents import check_text
from summarizer._engines import (
    EngineOutput,
    EngineSettings,
    ModelChoice,
    create_engine,
    resolve_model,
)
from summarizer._engines._answers import chat_request_body, output_from_completion
from summarizer._engines._providers import LLM_PROVIDERS
from summarizer._engines._structured import Answer, Completed, StructuredEngine
from summarizer._errors import ConfigurationError, GroundingError, SummarizerError
from summarizer._inputs import LoadedDocument, dated
from summarizer._long import asummarize_document, fits_one_request, summarize_document
from summarizer._options import Options
from summarizer._prompts import prompt_templates_sha256
from summarizer._redaction import (
    redact_library_logs,
    register_secret,
    register_url_secrets,
    url_without_credentials,
    without_known_secrets,
)
from summarizer._schema import (
    ChunkReport,
    DocumentInfo,
    StructuredSummary,
    SummaryMeta,
    SummaryResult,
    UnsupportedClaim,
    align_evidence,
    drop_unverified,
    grounding_report,
    unsupported_summary_claims,
)
from summarizer.grounding import ClaimChecker

# Replayed requests never leave the machine; the client still wants some key.
REPLAY_API_KEY = "sk-replay-no-key-needed"
# Documents in flight at once in `summarize_many`: a provider's rate limit, not our CPU, bounds it.
DEFAULT_CONCURRENCY = 8


class Summarizer:
    """A reusable summarizer: resolve the model once, keep one client, summarize many.

    Settings come as `options=Options(...)`, as keyword arguments (the fields of
    `Options`, which take precedence), or both."""

    def __init__(
        self,
        model: str | None = None,
        *,
        options: Options | None = None,
        http_transport: httpx2.BaseTransport | None = None,
        environ: Mapping[str, str] | None = None,
        **settings: Any,
    ) -> None:
        given = {"model": model} if model is not None else {}
        options = (options or Options()).changed(**given, **settings)
        environ = os.environ if environ is None else environ
        api_key = options.api_key.get_secret_value() if options.api_key else None
        choice, self.notice = resolve_model(options.model, options.base_url, environ, api_key)
        # From here on every redactor hides the keys and URL credentials this process holds.
        for key in (api_key, environ.get("OPENAI_API_KEY")):
            register_secret(key)
        register_url_secrets(choice.base_url)
        # The model and server actually used, whatever chose them (the environment...).
        self.options = options.changed(model=_spec(choice), base_url=choice.base_url)
        self.settings = EngineSettings.from_options(
            self.options, http_transport, _response_cache(choice, self.options, environ)
        )
        self.engine = create_engine(choice, self.settings)
        redact_library_logs()  # openai and httpx2 log the URL, query and all, at DEBUG

    @property
    def model(self) -> str:
        return self.engine.choice.spec

    @property
    def settings_hash(self) -> str:
        """What shapes this summarizer's requests and results (see `Options.settings_hash`)."""
        return self.options.settings_hash()

    @property
    def prompt_hash(self) -> str:
        """SHA-256 of the prompt templates' sources (a change to any of them changes it)."""
        return prompt_templates_sha256()

    @property
    def strict_grounding(self) -> bool:
        return self.options.strict_grounding

    @property
    def min_coverage(self) -> float | None:
        return self.options.min_coverage

    @min_coverage.setter
    def min_coverage(self, value: float | None) -> None:
        self.options = self.options.changed(min_coverage=value)

    @property
    def max_chars(self) -> int | None:
        return self.options.max_chars

    def recording_settings(self) -> dict[str, Any]:
        """What shapes the requests, stored in a cassette so `--replay` alone re-runs it:
        the options without the key, the base URL without credentials."""
        return self.options.public()

    def summarize(self, text: str | LoadedDocument) -> SummaryResult:
        """Summarize TEXT: a string, or a `load_document` result (an HTML page, a PDF, a
        URL...), whose date the engines read relative dates against."""
        loaded = self._loaded(text)
        started = time.perf_counter()
        with dated(loaded.info.date):
            done = summarize_document(self.engine, loaded.text, self._chunk_concurrency)
        return self._finish(loaded, done.output, time.perf_counter() - started, done.chunks)

    async def asummarize(self, text: str | LoadedDocument) -> SummaryResult:
        loaded = self._loaded(text)
        started = time.perf_counter()
        with dated(loaded.info.date):
            done = await asummarize_document(self.engine, loaded.text, self._chunk_concurrency)
        return self._finish(loaded, done.output, time.perf_counter() - started, done.chunks)

    def request_body(self, text: str | LoadedDocument) -> dict[str, Any]:
        """The chat request `summarize(TEXT)` sends first, as a JSON body, unsent: what a
        provider batch (`summarizer batch --via openai-batch`) submits for TEXT."""
        loaded = self._loaded(text)
        with dated(loaded.info.date):
            return chat_request_body(self.engine.choice, self.settings, loaded.text)

    def summarize_answer(
        self, text: str | LoadedDocument, completion: Mapping[str, Any], seconds: float = 0.0
    ) -> SummaryResult:
        """TEXT's result from COMPLETION, a chat completion body answering
        `request_body(TEXT)` out of band: parsed, validated and grounded as `summarize`
        does, never re-asked (an ungrounded answer is kept as the best attempt)."""
        loaded = self._loaded(text)
        with dated(loaded.info.date):
            output = output_from_completion(
                self.engine.choice, self.settings, loaded.text, completion
            )
            self.engine.remember(loaded.text, output)  # paid for: never asked again
        return self._finish(loaded, output, seconds)

    def fits_one_request(self, text: str | LoadedDocument) -> bool:
        """Whether TEXT goes to the model whole, as `request_body` builds it; a longer one
        is summarized in chunks by `summarize`, which a provider batch cannot do."""
        return fits_one_request(self.engine, self._loaded(text).text)

    def cached_result(self, text: str | LoadedDocument) -> SummaryResult | None:
        """TEXT's result from the response cache alone, or None: what a provider batch
        need not submit again."""
        loaded = self._loaded(text)
        with dated(loaded.info.date):
            output = self.engine.cached(loaded.text)
        return None if output is None else self._finish(loaded, output, 0.0)

    def structured_engine(self) -> StructuredEngine:
        """The engine, when an LLM answers it; ConfigurationError otherwise (the extractive
        engine asks no model)."""
        if not isinstance(self.engine, StructuredEngine):
            raise ConfigurationError(
                f"the {self.engine.choice.provider} engine asks no model: name an LLM with "
                "--model (openai/NAME, ollama/NAME, openai-compatible/NAME --base-url URL)"
            )
        return self.engine

    def complete(self, answer_model: type[Answer], messages: list[dict[str, Any]]) -> Completed:
        """One small structured request beside the summaries (`compare --cluster-issues`):
        ANSWER_MODEL's instance and its cost, re-asked on invalid output within the re-ask
        budget. ConfigurationError when the engine asks no model (extractive)."""
        return self.structured_engine().complete(answer_model, messages)

    @property
    def _chunk_concurrency(self) -> int:
        """A long document's chunks in flight at once (--concurrency)."""
        return self.options.concurrency or DEFAULT_CONCURRENCY

    def _loaded(self, text: str | LoadedDocument) -> LoadedDocument:
        """TEXT checked, with what is known of it; --date stands for the document's date."""
        if isinstance(text, str):
            text = LoadedDocument.from_text(check_text(text, max_chars=self.max_chars))
        else:
            check_text(text.text, text.info.source or "document", self.max_chars)
        if self.options.date is None:
            return text
        return LoadedDocument(text.text, text.info.model_copy(update={"date": self.options.date}))

    async def asummarize_many(
        self, documents: Documents, concurrency: int = DEFAULT_CONCURRENCY
    ) -> AsyncGenerator[Summarized, None]:
        """Summarize DOCUMENTS (texts, keyed by their index; (key, text) pairs; or a
        mapping), at most CONCURRENCY at a time on this one client, yielding a
        `Summarized(key, result, error)` as each completes. A document's SummarizerError
        is its `error`, never the end of the others. Documents are read lazily."""
        async for outcome in _as_completed(self._summarized, _keyed(documents), concurrency):
            yield outcome

    def summarize_many(
        self, documents: Documents, concurrency: int = DEFAULT_CONCURRENCY
    ) -> Iterator[Summarized]:
        """The synchronous twin of `asummarize_many`, on CONCURRENCY threads over the
        synchronous client (an event loop of its own would outlive the async client's)."""
        _check_concurrency(concurrency)
        pending, running = _keyed(documents), set[Future[Summarized]]()
        with ThreadPoolExecutor(concurrency, thread_name_prefix="summarize_many") as pool:
            try:
                while True:
                    for key, text in itertools.islice(pending, concurrency - len(running)):
                        running.add(pool.submit(self._summarized_now, key, text))
                    if not running:
                        return
                    done, running = wait(running, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in done)
            finally:
                for future in running:
                    future.cancel()

    def _summarized_now(self, key: Any, text: str | LoadedDocument) -> Summarized:
        try:
            return Summarized(key, self.summarize(text), None)
        except SummarizerError as error:
            return Summarized(key, None, error)

    async def _summarized(self, key: Any, text: str | LoadedDocument) -> Summarized:
        try:
            return Summarized(key, await self.asummarize(text), None)
        except SummarizerError as error:
            return Summarized(key, None, error)

    def _finish(
        self,
        loaded: LoadedDocument,
        output: EngineOutput,
        seconds: float,
        chunks: ChunkReport | None = None,
    ) -> SummaryResult:
        document = loaded.text
        # A copy only when a secret occurs in it. Aligning edits the summary in place, but
        # an engine's output belongs to this one call; the title and summary stay as checked.
        summary = without_known_secrets(output.summary)
        if not output.aligned or summary is not output.summary:  # a redacted quote moves
            align_evidence(summary, document)
        dropped = 0
        if self.strict_grounding:
            summary, dropped = drop_unverified(summary)
        choice = self.engine.choice
        meta = SummaryMeta(
            engine=choice.provider,
            model=choice.name,
            base_url=url_without_credentials(choice.base_url),
            prompt=output.prompt,
            attempts=output.attempts,
            transport_retries=output.transport_retries,
            best_attempt=output.best_attempt,
            usage=output.usage,
            cache=output.cache,
            latency_seconds=round(seconds, 3),
            grounding=grounding_report(
                summary,
                dropped,
                unsupported_claims=self._unsupported_claims(summary, document, output),
                spans_by_construction=output.spans_by_construction,
            ),
            chunks=chunks,
        )
        result = SummaryResult(summary=summary, meta=meta, document=self._described(loaded))
        shortfall = meta.grounding.shortfall(self.strict_grounding, self.min_coverage)
        if shortfall is not None:
            raise GroundingError(shortfall, result=result)
        return result

    def _described(self, loaded: LoadedDocument) -> DocumentInfo:
        """LOADED's info for the result: with the text itself only when asked for."""
        if not self.options.include_text:
            return loaded.info
        return loaded.info.model_copy(update={"text": loaded.text})

    @staticmethod
    def _unsupported_claims(
        summary: StructuredSummary, document: str, output: EngineOutput
    ) -> list[UnsupportedClaim]:
        """The engine's claim check when it ran on these very words (not redacted since)."""
        checked = output.summary
        if output.unsupported_claims is not None and (summary.title, summary.summary) == (
            checked.title,
            checked.summary,
        ):
            return output.unsupported_claims
        return unsupported_summary_claims(summary, ClaimChecker(document))

    def close(self) -> None:
        self.engine.close()
        if self.settings.cache is not None:
            self.settings.cache.close()

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Summarized(NamedTuple):
    """One document of `summarize_many`: its key, and its result or its error."""

    key: Any
    result: SummaryResult | None
    error: SummarizerError | None


Text = str | LoadedDocument
Documents = Mapping[Any, Text] | Iterable[Text | tuple[Any, Text]]


def _keyed(documents: Documents) -> Iterator[tuple[Any, Text]]:
    items = documents.items() if isinstance(documents, Mapping) else documents
    for index, item in enumerate(items):
        yield (index, item) if isinstance(item, str | LoadedDocument) else item


def _check_concurrency(concurrency: int) -> None:
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise ConfigurationError(f"concurrency must be a whole number >= 1, got {concurrency}")


async def _as_completed(
    work: Callable[[Any, Text], Awaitable[Summarized]],
    documents: Iterator[tuple[Any, Text]],
    concurrency: int,
) -> AsyncIterator[Summarized]:
    """WORK over DOCUMENTS, CONCURRENCY tasks at most; the ones running when the caller
    stops (Ctrl-C, aclose) are cancelled and awaited."""
    _check_concurrency(concurrency)
    running: set[asyncio.Task[Summarized]] = set()
    try:
        while True:
            for key, text in itertools.islice(documents, concurrency - len(running)):
                running.add(asyncio.ensure_future(work(key, text)))
            if not running:
                return
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                yield task.result()
    finally:
        for task in running:
            task.cancel()
        await asyncio.gather(*running, return_exceptions=True)


def _response_cache(
    choice: ModelChoice, options: Options, environ: Mapping[str, str]
) -> ResponseCache | None:
    """The response cache for models reached over HTTP. Not for the extractive engine
    (nothing to save) nor llamacpp (a model file may change under the same path)."""
    if not options.cache or choice.provider not in LLM_PROVIDERS:
        return None
    return ResponseCache(cache_directory(options.cache_dir, environ))


def _spec(choice: ModelChoice) -> str:
    """CHOICE as `--model` takes it back ("extractive", not "extractive/")."""
    return choice.spec if choice.name else choice.provider


@contextmanager
def recording(path: str | Path, model: str | None = None, **options: Any) -> Iterator[Summarizer]:
    """A Summarizer whose HTTP exchanges inside the block are recorded to the cassette PATH,
    together with the settings `replaying` needs to re-run them offline."""
    with (
        # Never from the cache: a recording is of what the server answers.
        _over_http(Summarizer(model, **{**options, "cache": False}), "record") as summarizer,
        record_cassette(path, summarizer.recording_settings()),
    ):
        yield summarizer


@contextmanager
def replaying(path: str | Path, **overrides: Any) -> Iterator[Summarizer]:
    """A Summarizer answered from the cassette PATH (never the network), built with the
    settings recorded in it; OVERRIDES (None values ignored) take precedence."""
    recorded = Options.from_recorded(cassette_settings(path))
    given = {k: v for k, v in overrides.items() if v is not None}
    # Never the cache: a replay answers from the cassette alone.
    options = recorded.changed(api_key=REPLAY_API_KEY, **{**given, "cache": False})
    with (
        replay_cassette(path),
        _over_http(Summarizer(options=options), "replay") as summarizer,
    ):
        yield summarizer


def _over_http(summarizer: Summarizer, verb: str) -> Summarizer:
    """SUMMARIZER if its engine talks HTTP: a cassette holds HTTP exchanges and nothing else."""
    provider = summarizer.engine.choice.provider
    if provider in LLM_PROVIDERS:
        return summarizer
    summarizer.close()
    raise ConfigurationError(
        f"cannot {verb} a cassette with the {provider} engine: it sends no HTTP requests; "
        f"cassettes hold the exchanges of {', '.join(LLM_PROVIDERS)} models"
    )


def summarize(
    text: str | LoadedDocument, *, model: str | None = None, **options: Any
) -> SummaryResult:
    """Summarize TEXT with a one-off `Summarizer` (see its arguments)."""
    with Summarizer(model, **options) as summarizer:
        return summarizer.summarize(text)


async def asummarize(
    text: str | LoadedDocument, *, model: str | None = None, **options: Any
) -> SummaryResult:
    """The async twin of `summarize`."""
    with Summarizer(model, **options) as summarizer:
        return await summarizer.asummarize(text)
