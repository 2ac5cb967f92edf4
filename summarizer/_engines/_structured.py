"""What every instructor-driven engine shares: the prompt, the grounding check, re-asks,
usage and attempt counting, and turning the last failure into one of our errors.

Subclasses say only how to call their model (`_create`) and which of their errors are
provider failures (`_provider_failure`).
"""

from __future__ import annotations

import asyncio
import functools
import hashlib
import inspect
import json
from abc import abstractmethod
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from instructor.core.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
    ResponseParsingError,
)
from instructor.core.hooks import Hooks
from pydantic import BaseModel, TypeAdapter, ValidationError
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    stop_after_attempt,
)

import summarizer.grounding
from summarizer._cache import ResponseCache, WouldWait, request_key
from summarizer._engines._base import Engine, EngineOutput, EngineSettings, ModelChoice
from summarizer._engines._errors import model_output_error, refusal_error, refusal_text
from summarizer._engines._llm_response import (
    GroundingCheck,
    ModelFacingSummary,
    checking_grounding,
    prepared_response_model,
    response_json_schema,
)
from summarizer._engines._transport import count_transport_retries
from summarizer._errors import ModelOutputError, SummarizerError
from summarizer._prompts import RenderedPrompt, render_document_prompt
from summarizer._redaction import redact_known_in, url_without_credentials
from summarizer._schema import (
    SCHEMA_VERSION,
    StructuredSummary,
    UnsupportedClaim,
    Usage,
    align_evidence,
)

Answer = TypeVar("Answer", bound=BaseModel)


class Completed(NamedTuple):
    """A `complete` call's parsed answer and what it cost."""

    answer: Any
    usage: Usage
    attempts: int
    transport_retries: int


# What instructor re-asks on (its own list, for an integer budget): invalid output.
REASKABLE = (ValidationError, json.JSONDecodeError, ResponseParsingError)


class CallLog:
    """Per-call instructor hooks: every response received, the tokens it used, and
    whether the latest one was a refusal."""

    def __init__(self) -> None:
        self.responses = 0
        self.refusal: str | None = None
        self.usage = Usage()
        self.hooks = Hooks()
        self.hooks.on("completion:response", self._on_response)

    def _on_response(self, response: Any) -> None:
        self.responses += 1
        self.refusal = refusal_text(response)
        usage = getattr(response, "usage", None)
        if usage is not None:
            self.usage = self.usage + Usage(
                prompt_tokens=usage.prompt_tokens or 0,
                completion_tokens=usage.completion_tokens or 0,
                total_tokens=usage.total_tokens or 0,
            )


class _Call:
    """One summarize call: its prompt, log, grounding check and retry counter."""

    def __init__(self, engine: StructuredEngine, document: str) -> None:
        self.engine = engine
        self.prompt: RenderedPrompt = render_document_prompt(document)
        self.log = CallLog()
        self.check = GroundingCheck(document, engine.settings.reask_unverifiable)
        self.retries = count_transport_retries()

    def request(self, asynchronous: bool = False) -> dict[str, Any]:
        settings = self.engine.settings
        return {
            "response_model": prepared_response_model(settings.max_items),
            "messages": self.prompt.as_dicts(),
            "model": self.engine.choice.name,
            "max_retries": self.reasks(asynchronous),
            "strict": False,
            "hooks": self.log.hooks,
            **settings.generation.as_request(),
        }

    def reasks(self, asynchronous: bool) -> Retrying | AsyncRetrying:
        """The re-ask budget as instructor's tenacity loop. A `Retrying` budget gives its
        stop and wait; what is re-asked stays ours: invalid output, never a refusal
        (asking again rarely turns one into a summary) nor a provider failure."""
        budget = self.engine.settings.max_retries
        if isinstance(budget, int):
            budget = Retrying(stop=stop_after_attempt(max(budget, 0) + 1))
        loop = AsyncRetrying if asynchronous else Retrying
        return loop(stop=budget.stop, wait=budget.wait, retry=self._reaskable, reraise=True)

    def _reaskable(self, state: RetryCallState) -> bool:
        assert state.outcome is not None
        error = state.outcome.exception()
        return isinstance(error, REASKABLE) and self.log.refusal is None

    @functools.cached_property
    def cache_key(self) -> str:
        # The messages by the hash the prompt already took of them (every character,
        # the document's included): serialising them again cost as much as a lookup.
        messages_sha256 = self.prompt.info.rendered_sha256
        return request_key({"scope": self.engine.cache_scope, "messages_sha256": messages_sha256})

    def output(self, summary: StructuredSummary, best_attempt: bool) -> EngineOutput:
        return EngineOutput(
            summary=summary,
            attempts=self.log.responses,
            transport_retries=self.retries[0],
            usage=self.log.usage,
            prompt=self.prompt.info,
            best_attempt=best_attempt,
            aligned=True,  # the response model's validator aligned every attempt
            unsupported_claims=self.check.claims_found_in(summary),
        )


class StructuredEngine(Engine):
    """An engine that asks a model for a `StructuredSummary` through instructor."""

    @abstractmethod
    def _create(self) -> Callable[..., Any]:
        """instructor's patched create function for this model."""

    def _acreate(self) -> Callable[..., Awaitable[Any]] | None:
        """Its async twin, if the model has one (else `arun` runs `run` in a thread)."""
        return None

    @abstractmethod
    def _provider_failure(self, error: BaseException) -> SummarizerError | None:
        """Our error for a failure of the model's provider, or None if it is not one."""

    @functools.cached_property
    def cache_scope(self) -> str:
        """The key of what keys this engine's cache entries besides the messages (hashed
        once: the response schema alone is longer than most prompts)."""
        return request_key(cache_scope(self.choice, self.settings))

    def run(self, document: str) -> EngineOutput:
        call = _Call(self, document)
        cache = self.settings.cache
        cached = None if cache is None else cached_output(cache, call)
        if cached is not None:
            return cached
        output = self._ask(call)
        if cache is not None:
            store_output(cache, call, output)
        return output

    def _ask(self, call: _Call) -> EngineOutput:
        with checking_grounding(call.check):
            try:
                parsed: ModelFacingSummary = self._create()(**call.request())
            except Exception as error:  # translated in _recover, never swallowed
                return call.output(self._recover(error, call), best_attempt=True)
        return call.output(parsed.as_summary(), best_attempt=False)

    def cached(self, document: str) -> EngineOutput | None:
        cache = self.settings.cache
        return None if cache is None else cached_output(cache, _Call(self, document))

    def remember(self, document: str, output: EngineOutput) -> None:
        if self.settings.cache is not None:
            store_output(self.settings.cache, _Call(self, document), output)

    async def arun(self, document: str) -> EngineOutput:
        call = _Call(self, document)
        cache = self.settings.cache
        cached = None if cache is None else await _acached_output(cache, call)
        if cached is not None:
            return cached
        create = self._acreate()  # after the cache: a hit needs no client
        if create is None:
            return await super().arun(document)
        output = await self._aask(call, create)
        if cache is not None:
            await asyncio.to_thread(store_output, cache, call, output)
        return output

    async def _aask(self, call: _Call, create: Callable[..., Awaitable[Any]]) -> EngineOutput:
        with checking_grounding(call.check):
            try:
                parsed: ModelFacingSummary = await create(**call.request(asynchronous=True))
            except Exception as error:  # translated in _recover, never swallowed
                return call.output(self._recover(error, call), best_attempt=True)
        return call.output(parsed.as_summary(), best_attempt=False)

    def complete(self, answer_model: type[Answer], messages: list[dict[str, Any]]) -> Completed:
        """One small structured request beside the summaries (a long document's title and
        summary): ANSWER_MODEL's instance with the usage, re-asked like the summary's call."""
        log, retries = CallLog(), count_transport_retries()
        settings = self.settings
        try:
            parsed = self._create()(
                response_model=answer_model,
                messages=messages,
                model=self.choice.name,
                max_retries=settings.max_retries,
                hooks=log.hooks,
                **settings.generation.as_request(),
            )
        except Exception as error:  # ours, or the model's output stayed invalid
            raise self._complete_failure(error, log) from None
        return Completed(parsed, log.usage, log.responses, retries[0])

    def _complete_failure(self, error: Exception, log: CallLog) -> SummarizerError:
        cause = error.__cause__ if isinstance(error, InstructorRetryException) else error
        failure = self._provider_failure(cause or error)
        return failure or model_output_error(cause or error, log.responses)

    def _recover(self, error: Exception, call: _Call) -> StructuredSummary:
        """Keep the best structurally valid attempt when re-asks ran out; else raise ours."""
        cause: BaseException = error
        if isinstance(error, InstructorRetryException) and error.__cause__ is not None:
            cause = error.__cause__
        failure = self._provider_failure(cause)
        if failure is not None:
            # Not `from error`: openai's message quotes the server's body unredacted.
            raise failure from None
        best = call.check.best_candidate()
        if best is not None:
            return best
        if call.log.refusal is not None:
            raise refusal_error(call.log.refusal, call.log.responses, self.choice) from error
        if isinstance(cause, IncompleteOutputException):
            raise ModelOutputError(
                "the model's output was cut off at the token limit (finish_reason=length); "
                "raise --max-tokens or use a larger model",
                attempts=call.log.responses,
            ) from error
        if isinstance(error, InstructorRetryException):
            raise model_output_error(cause, call.log.responses) from error
        raise error


# --- the response cache -----------------------------------------------------------------

_CLAIMS = TypeAdapter(list[UnsupportedClaim])


def cache_scope(choice: ModelChoice, settings: EngineSettings) -> dict[str, Any]:
    """Every setting that shapes this engine's requests or their outcome. Never the key."""
    return {
        "provider": choice.provider,
        "model": choice.name,
        "base_url": url_without_credentials(choice.base_url),
        "response_schema": response_json_schema(settings.max_items),
        "sampling": settings.generation.as_request(),
        "max_items": settings.max_items,
        "reasks": _budget(settings.max_retries),
        "reask_unverifiable": settings.reask_unverifiable,
        "schema_version": SCHEMA_VERSION,
    }


def _budget(budget: int | Retrying) -> Any:
    """A re-ask budget as JSON: the count, or a `Retrying`'s stop condition."""
    return budget if isinstance(budget, int) else _described(budget.stop)


def _described(value: Any) -> Any:
    """A tenacity stop condition (type and parameters, nested ones too) as JSON."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_described(item) for item in value]
    fields = sorted(getattr(value, "__dict__", {}).items())
    name = getattr(value, "__qualname__", type(value).__qualname__)
    return {"type": name, **{key: _described(item) for key, item in fields}}


def cached_output(cache: ResponseCache, call: _Call) -> EngineOutput | None:
    """The stored answer to CALL's request: no request, no tokens, no attempts."""
    return _stored_output(cache.get(call.cache_key), call)


async def _acached_output(cache: ResponseCache, call: _Call) -> EngineOutput | None:
    """`cached_output` from the event loop, which looks up itself when that cannot wait,
    else in a thread: a cache locked by another process must not stall the loop."""
    try:
        value = cache.get_now(call.cache_key)
    except WouldWait:
        value = await asyncio.to_thread(cache.get, call.cache_key)
    return _stored_output(value, call)


def _stored_output(value: dict[str, Any] | None, call: _Call) -> EngineOutput | None:
    if value is None:
        return None
    try:
        summary = StructuredSummary.model_validate(value["summary"])
    except (KeyError, TypeError, ValidationError):
        return None  # not what this version stores: asked again and stored over
    checked_by_this_aligner = value.get("aligned_by") == aligner_sha256()
    return EngineOutput(
        summary=summary,
        attempts=0,
        prompt=call.prompt.info,
        best_attempt=value.get("best_attempt") is True,
        cache="hit",
        aligned=checked_by_this_aligner,
        unsupported_claims=_stored_claims(value) if checked_by_this_aligner else None,
    )


def _stored_claims(value: dict[str, Any]) -> list[UnsupportedClaim] | None:
    """The claim check stored with an entry (the grounding package, hashed as
    `aligner_sha256`, holds the checker too), or None to check again."""
    try:
        return _CLAIMS.validate_python(value["unsupported_claims"])
    except (KeyError, ValidationError):
        return None


def store_output(cache: ResponseCache, call: _Call, output: EngineOutput) -> None:
    """Store OUTPUT, best attempts included: the same request would most likely get
    the same answer, and the pipeline grounds a cached summary again anyway."""
    stored = redact_known_in(output.summary)
    checked = (stored.title, stored.summary) == (output.summary.title, output.summary.summary)
    claims = output.unsupported_claims if checked else None
    stored_claims = None if claims is None else _CLAIMS.dump_python(claims, mode="json")
    cache.put(
        call.cache_key,
        {
            "summary": stored.model_dump(mode="json"),
            "best_attempt": output.best_attempt,
            "attempts": output.attempts,
            "usage": output.usage.model_dump(),
            "aligned_by": aligner_sha256() if output.aligned else None,
            "unsupported_claims": stored_claims,
        },
    )
    output.cache = "miss" if cache.usable else "off"


@functools.cache
def aligner_sha256() -> str:
    """SHA-256 of the aligner's sources. A stored summary keeps its offsets (the key
    holds the document, through the messages), so a hit skips aligning its quotes
    again: unless the aligner changed since, then they are aligned anew."""
    package = Path(summarizer.grounding.__file__).parent
    grounded = Path(str(inspect.getsourcefile(align_evidence)))
    sources = [*sorted(package.rglob("*.py")), grounded]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()
