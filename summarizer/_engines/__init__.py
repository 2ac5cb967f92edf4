"""Engines behind one abstract base class and a registry keyed by provider name."""

from summarizer._engines._base import (
    DEFAULT_REASKS,
    DEFAULT_TIMEOUT,
    DEFAULT_TRANSPORT_ATTEMPTS,
    Engine,
    EngineOutput,
    EngineSettings,
    GenerationSettings,
    ModelChoice,
    create_engine,
    register_engine,
    registered_providers,
)
from summarizer._engines._providers import (
    EXTRACTIVE,
    LLM_PROVIDERS,
    NO_PROVIDER_NOTICE,
    parse_model_spec,
    resolve_model,
)


def _instructor_engine(choice: ModelChoice, settings: EngineSettings) -> Engine:
    from summarizer._engines._instructor import InstructorEngine

    return InstructorEngine(choice, settings, transport=settings.http_transport)


def _extractive_engine(choice: ModelChoice, settings: EngineSettings) -> Engine:
    from summarizer._engines._extractive import ExtractiveEngine

    return ExtractiveEngine(choice, settings)


def _llamacpp_engine(choice: ModelChoice, settings: EngineSettings) -> Engine:
    from summarizer._engines._llamacpp import LlamaCppEngine

    return LlamaCppEngine(choice, settings)


for _provider in LLM_PROVIDERS:
    register_engine(_provider, _instructor_engine)
register_engine(EXTRACTIVE, _extractive_engine)
register_engine("llamacpp", _llamacpp_engine)

__all__ = [
    "DEFAULT_REASKS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_TRANSPORT_ATTEMPTS",
    "EXTRACTIVE",
    "NO_PROVIDER_NOTICE",
    "Engine",
    "EngineOutput",
    "EngineSettings",
    "GenerationSettings",
    "ModelChoice",
    "create_engine",
    "parse_model_spec",
    "register_engine",
    "registered_providers",
    "resolve_model",
]
