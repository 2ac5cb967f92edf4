"""One-line messages for provider failures and invalid model output."""

from __future__ import annotations

import openai
from pydantic import ValidationError

from summarizer._engines._base import ModelChoice
from summarizer._errors import ModelOutputError, ProviderError

_MAX_DETAIL = 300


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_DETAIL else line[: _MAX_DETAIL - 1] + "…"


def provider_error(error: openai.APIError, choice: ModelChoice) -> ProviderError:
    where = choice.base_url or "the OpenAI API"
    if isinstance(error, openai.APITimeoutError):
        return ProviderError(f"{choice.spec}: request to {where} timed out (raise --timeout)")
    if isinstance(error, openai.APIConnectionError):
        return ProviderError(
            f"{choice.spec}: cannot reach {where}: {_short(str(error.__cause__ or error))}"
        )
    if isinstance(error, openai.AuthenticationError):
        return ProviderError(f"{choice.spec}: authentication failed (401): check OPENAI_API_KEY")
    if isinstance(error, openai.APIStatusError):
        return ProviderError(
            f"{choice.spec}: {where} answered HTTP {error.status_code}: {_server_message(error)}"
        )
    return ProviderError(f"{choice.spec}: {_short(str(error))}")


def _server_message(error: openai.APIStatusError) -> str:
    body = error.body
    if isinstance(body, dict):
        detail = body.get("error", body)
        message = detail.get("message") if isinstance(detail, dict) else detail
        if message:
            return _short(str(message))
    return _short(error.message)


def model_output_error(error: BaseException, attempts: int) -> ModelOutputError:
    if isinstance(error, ValidationError):
        errors = [
            f"{'.'.join(str(p) for p in e['loc']) or 'output'}: {e['msg']}" for e in error.errors()
        ]
    else:
        errors = [str(error)]
    first = _short(errors[0]) if errors else "unknown error"
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return ModelOutputError(
        f"the model's output failed validation after {attempts} attempt(s): {first}{more}",
        attempts=attempts,
        errors=errors,
    )
