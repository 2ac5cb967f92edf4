"""The one extension point: an `Engine` turns a document into a `StructuredSummary`.

Engines are registered by provider name (the part of `--model provider/name` before
the slash); the pipeline grounds, reports and renders whatever an engine returns.
"""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx2
from tenacity import Retrying

from summarizer._cache import ResponseCache
from summarizer._errors import ConfigurationError
from summarizer._options import DEFAULT_REASKS as DEFAULT_REASKS  # re-exported
from summarizer._options import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT  # re-exported
from summarizer._options import DEFAULT_TRANSPORT_ATTEMPTS as DEFAULT_TRANSPORT_ATTEMPTS
from summarizer._options import Options
from summarizer._schema import (
    CacheStatus,
    PromptInfo,
    StructuredSummary,
    UnsupportedClaim,
    Usage,
)


@dataclass(frozen=True)
class GenerationSettings:
    """Sampling settings sent with every request; None leaves the server's default."""

    temperature: float | None = 0.0
    top_p: float | None = None
    seed: int | None = None
    max_tokens: int | None = None
    frequency_penalty: float | None = None
    presence_penalty: float | None = None

    @classmethod
    def from_options(cls, options: Options) -> GenerationSettings:
        return cls(
            options.temperature,
            options.top_p,
            options.seed,
            options.max_tokens,
            options.frequency_penalty,
            options.presence_penalty,
        )

    def as_request(self) -> dict[str, float | int]:
        return {key: value for key, value in vars(self).items() if value is not None}


@dataclass(frozen=True)
class EngineSettings:
    """What every engine may honour. Re-asks and transport retries are separate budgets."""

    max_retries: int | Retrying = DEFAULT_REASKS
    transport_retries: int | Retrying = DEFAULT_TRANSPORT_ATTEMPTS
    timeout: float = DEFAULT_TIMEOUT
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    reask_unverifiable: bool = True
    max_items: int | None = None  # ask for at most this many items per list
    context_size: int | None = None  # local engines: tokens of context
    threads: int | None = None  # local engines: CPU threads
    # Below the retry layer: an httpx2.MockTransport in tests, a proxy transport in production.
    http_transport: httpx2.BaseTransport | None = None
    # Answers already paid for (instructor engines); None: every request goes to the model.
    cache: ResponseCache | None = None

    @classmethod
    def from_options(
        cls,
        options: Options,
        http_transport: httpx2.BaseTransport | None = None,
        cache: ResponseCache | None = None,
    ) -> EngineSettings:
        """What OPTIONS says to the engine (the pipeline keeps grounding and input limits)."""
        return cls(
            max_retries=options.max_retries,
            transport_retries=options.transport_retries,
            timeout=options.timeout,
            generation=GenerationSettings.from_options(options),
            reask_unverifiable=options.reask_unverifiable,
            max_items=options.max_items,
            context_size=options.context_size,
            threads=options.threads,
            http_transport=http_transport,
            cache=cache,
        )


@dataclass(frozen=True)
class ModelChoice:
    """A resolved `--model provider/name` with where and how to reach it."""

    provider: str
    name: str
    base_url: str | None = None
    api_key: str | None = field(default=None, repr=False)

    @property
    def spec(self) -> str:
        return f"{self.provider}/{self.name}"


@dataclass
class EngineOutput:
    """A summary (quotes not yet necessarily aligned) and what it cost."""

    summary: StructuredSummary
    attempts: int = 1
    transport_retries: int = 0
    usage: Usage = field(default_factory=Usage)
    prompt: PromptInfo | None = None
    best_attempt: bool = False
    # The engine copies its quotes out of the document, so they align by construction.
    spans_by_construction: bool = False
    cache: CacheStatus = "off"
    # Every quote's offsets and match were set by `align_evidence` against this very
    # document (the engine checked grounding): the pipeline need not align them again.
    aligned: bool = False
    # The title/summary claims the engine already checked for this summary and document.
    unsupported_claims: list[UnsupportedClaim] | None = None


class Engine(ABC):
    """Summarizes one document. Subclasses own their client and are reusable."""

    def __init__(self, choice: ModelChoice, settings: EngineSettings) -> None:
        self.choice = choice
        self.settings = settings

    @abstractmethod
    def run(self, document: str) -> EngineOutput: ...

    async def arun(self, document: str) -> EngineOutput:
        return await asyncio.to_thread(self.run, document)

    def cached(self, document: str) -> EngineOutput | None:
        """What the response cache holds for DOCUMENT's request, without asking; None
        when it holds nothing or the engine has no cache."""
        return None

    def remember(self, document: str, output: EngineOutput) -> None:  # noqa: B027 - optional
        """Keep OUTPUT, an answer to DOCUMENT's request got out of band (a provider
        batch), where `cached` finds it; engines without a cache keep nothing."""

    def close(self) -> None:  # noqa: B027 - optional hook, most engines hold nothing
        """Release clients and files."""


EngineFactory = Callable[[ModelChoice, EngineSettings], Engine]
_REGISTRY: dict[str, EngineFactory] = {}


def register_engine(provider: str, factory: EngineFactory) -> None:
    _REGISTRY[provider] = factory


def registered_providers() -> list[str]:
    return sorted(_REGISTRY)


def create_engine(choice: ModelChoice, settings: EngineSettings) -> Engine:
    try:
        factory = _REGISTRY[choice.provider]
    except KeyError:
        known = ", ".join(registered_providers())
        raise ConfigurationError(
            f"unknown provider {choice.provider!r} in --model {choice.spec}: use one of {known}"
        ) from None
    return factory(choice, settings)
