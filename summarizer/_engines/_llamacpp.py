"""In-process llama.cpp (`--model llamacpp/PATH.gguf`, extra `summarizer[local]`).

Output is grammar-constrained: instructor's JSON_SCHEMA mode asks for
`response_format: json_schema`, which llama-cpp-python spells
`{"type": "json_object", "schema": ...}`; the adapter below translates, so even a
small model returns schema-shaped JSON and the usual validation, re-asks and
grounding apply.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import instructor

from summarizer._engines._base import EngineSettings, ModelChoice
from summarizer._engines._structured import StructuredEngine
from summarizer._errors import ConfigurationError, ContextOverflowError, SummarizerError

GGUF_MAGIC = b"GGUF"
DEFAULT_CONTEXT_SIZE = 8192


def check_gguf(path: Path) -> None:
    if not path.is_file():
        raise ConfigurationError(f"--model llamacpp/{path}: no such model file")
    with path.open("rb") as handle:
        if handle.read(4) != GGUF_MAGIC:
            raise ConfigurationError(f"--model llamacpp/{path}: not a GGUF model file")


def load_llama(path: Path, settings: EngineSettings) -> Any:
    check_gguf(path)
    try:
        from llama_cpp import Llama
    except ImportError:
        raise ConfigurationError(
            "--model llamacpp/... needs llama-cpp-python: pip install 'summarizer[local]'"
        ) from None
    return Llama(
        model_path=str(path),
        n_ctx=settings.context_size or DEFAULT_CONTEXT_SIZE,
        n_threads=settings.threads or os.cpu_count(),
        seed=settings.generation.seed if settings.generation.seed is not None else 0,
        verbose=False,
    )


def grammar_constrained(llama: Any) -> Callable[..., Any]:
    """llama-cpp-python's create, taking OpenAI's json_schema response format."""

    def create(**kwargs: Any) -> Any:
        response_format = kwargs.get("response_format") or {}
        if response_format.get("type") == "json_schema":
            schema = response_format["json_schema"]["schema"]
            kwargs["response_format"] = {"type": "json_object", "schema": schema}
        return llama.create_chat_completion_openai_v1(**kwargs)

    return create


class LlamaCppEngine(StructuredEngine):
    """Summarizes with a local GGUF model, loaded once per engine."""

    def __init__(self, choice: ModelChoice, settings: EngineSettings, llama: Any = None) -> None:
        super().__init__(choice, settings)
        self.llama = llama if llama is not None else load_llama(Path(choice.name), settings)
        self._patched = instructor.patch(
            create=grammar_constrained(self.llama), mode=instructor.Mode.JSON_SCHEMA
        )

    def _create(self) -> Callable[..., Any]:
        return self._patched

    def _provider_failure(self, error: BaseException) -> SummarizerError | None:
        if "exceed context window" in str(error):
            return ContextOverflowError(
                f"{self.choice.spec}: the prompt does not fit the model's context "
                f"({error}); raise --context-size or shorten the document"
            )
        return None

    def close(self) -> None:
        close = getattr(self.llama, "close", None)
        if close is not None:
            close()
