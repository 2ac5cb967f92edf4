"""Every difference between providers lives in this table, and nowhere else.

`--model provider/name` picks a row; the row says where the server is, whether it needs
a key, and which instructor mode talks to it (tool calls, or JSON-schema response format
where the server supports it).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

import instructor

from summarizer._engines._base import ModelChoice
from summarizer._errors import ConfigurationError
from summarizer._redaction import url_without_credentials

DEFAULT_OPENAI_MODEL = "gpt-4.1-mini"
EXTRACTIVE = "extractive"
NO_PROVIDER_NOTICE = (
    "no LLM configured, using the built-in extractive engine; for fuller summaries set "
    "OPENAI_API_KEY, or pass --model ollama/qwen2.5:7b, or --model openai-compatible/NAME "
    "--base-url http://HOST:PORT/v1"
)


@dataclass(frozen=True)
class LLMProvider:
    """How to reach one kind of OpenAI-compatible server."""

    name: str
    mode: instructor.Mode
    default_base_url: str | None = None
    honours_openai_env: bool = True
    requires_api_key: bool = False
    placeholder_key: str = "sk-no-key-required"


LLM_PROVIDERS: dict[str, LLMProvider] = {
    provider.name: provider
    for provider in (
        LLMProvider("openai", instructor.Mode.TOOLS, requires_api_key=True),
        # Ollama's OpenAI endpoint honours response_format json_schema (constrained decoding).
        LLMProvider(
            "ollama",
            instructor.Mode.JSON_SCHEMA,
            "http://localhost:11434/v1",
            honours_openai_env=False,
            placeholder_key="ollama",
        ),
        # vLLM, llama.cpp's server, LM Studio: forced tool calls work on all of them;
        # llama-cpp-python's server rejects response_format json_schema.
        LLMProvider("openai-compatible", instructor.Mode.TOOLS),
    )
}
MODEL_FREE_ENGINES = {EXTRACTIVE}


def parse_model_spec(spec: str) -> tuple[str, str]:
    provider, slash, name = spec.partition("/")
    if not slash and provider in MODEL_FREE_ENGINES:
        return provider, ""
    if not slash or not provider or not name:
        raise ConfigurationError(
            f"--model {spec!r}: write provider/name, e.g. openai/gpt-4.1-mini, "
            "ollama/qwen2.5:7b, openai-compatible/NAME, llamacpp/PATH.gguf or extractive"
        )
    return provider, name


def resolve_model(
    model: str | None,
    base_url: str | None,
    environ: Mapping[str, str],
    api_key: str | None = None,
) -> tuple[ModelChoice, str | None]:
    """The model to use and, when none was configured, a notice saying what was chosen."""
    if base_url is not None:
        check_base_url(base_url, "base URL")
    if model is None:
        if api_key or environ.get("OPENAI_API_KEY"):
            model = f"openai/{DEFAULT_OPENAI_MODEL}"
        elif base_url or environ.get("OPENAI_BASE_URL"):
            raise ConfigurationError(
                "a base URL is set but no model: pass --model openai-compatible/NAME"
            )
        else:
            return ModelChoice(EXTRACTIVE, ""), NO_PROVIDER_NOTICE
    provider, name = parse_model_spec(model)
    profile = LLM_PROVIDERS.get(provider)
    if profile is None:
        return ModelChoice(provider, name, base_url), None
    return _llm_choice(profile, name, base_url, environ, api_key), None


def _llm_choice(
    profile: LLMProvider,
    name: str,
    base_url: str | None,
    environ: Mapping[str, str],
    api_key: str | None,
) -> ModelChoice:
    env_url = environ.get("OPENAI_BASE_URL") if profile.honours_openai_env else None
    if env_url and not base_url:
        check_base_url(env_url, "OPENAI_BASE_URL")
    url = base_url or env_url or profile.default_base_url
    if profile.name == "openai-compatible" and not url:
        raise ConfigurationError(
            f"--model openai-compatible/{name} needs --base-url (or OPENAI_BASE_URL), "
            "e.g. http://127.0.0.1:8080/v1"
        )
    key = api_key or (environ.get("OPENAI_API_KEY") if profile.honours_openai_env else None)
    if profile.requires_api_key and not key:
        raise ConfigurationError(
            f"{profile.name}/{name} needs an API key: set OPENAI_API_KEY, or choose the model "
            "ollama/NAME, openai-compatible/NAME with a base URL, or extractive (no key)"
        )
    return ModelChoice(profile.name, name, url, key or profile.placeholder_key)


def check_base_url(url: str, origin: str) -> None:
    """Refuse at once (no request, so no retry) a URL no HTTP client can use; ORIGIN says
    where it came from. The URL is shown without its credentials."""
    problem = _base_url_problem(url)
    if problem is not None:
        shown = url_without_credentials(url)
        raise ConfigurationError(
            f"{origin} {shown!r} is not a server URL: {problem}; e.g. http://127.0.0.1:8080/v1"
        )


def _base_url_problem(url: str) -> str | None:
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:  # an unclosed IPv6 bracket
        return "its host is malformed"
    if parts.scheme.lower() not in ("http", "https"):
        return "it must start with http:// or https://"
    if any(character.isspace() or not character.isprintable() for character in url):
        return "it contains spaces or control characters"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return "its port must be a number from 1 to 65535"
    if not parts.hostname:
        return "it has no host"
    return None


def instructor_mode(provider: str) -> instructor.Mode:
    return LLM_PROVIDERS[provider].mode
