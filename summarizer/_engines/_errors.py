"""One-line messages for provider failures and invalid model output.

Whatever a server sends back (an error body, a page title, a refusal) is redacted
(the key in use, and anything shaped like a secret) before it reaches a message, and the
server is named by its URL without credentials.
"""

from __future__ import annotations

from typing import Any

import httpx2
import openai
from pydantic import ValidationError

from summarizer._engines._base import ModelChoice
from summarizer._engines._transport import (
    AnswerFault,
    HTMLAnswer,
    InvalidJSONAnswer,
    WaitBeyondBudget,
    is_html,
    retry_after_seconds,
)
from summarizer._errors import (
    ContextOverflowError,
    InvalidResponseError,
    ModelOutputError,
    ProviderError,
    RateLimitError,
    RefusalError,
)
from summarizer._redaction import redact, redact_known, strip_control, url_without_credentials

_MAX_DETAIL = 300
CHECK_BASE_URL = "check --base-url"


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _MAX_DETAIL else line[: _MAX_DETAIL - 1] + "…"


def _safe(text: str, choice: ModelChoice) -> str:
    """TEXT from a server as one short line: redacted before shortening (no half keys)."""
    return _short(strip_control(redact(text, secrets=[choice.api_key])))


def _where(choice: ModelChoice) -> str:
    return url_without_credentials(choice.base_url) or "the OpenAI API"


def provider_error(error: openai.APIError, choice: ModelChoice) -> ProviderError:
    """Our error for a failed request; what the server sent is redacted in its message."""
    return _transport_failure(error.__cause__, choice) or _api_failure(error, choice)


def _transport_failure(cause: BaseException | None, choice: ModelChoice) -> ProviderError | None:
    """The failure the retrying transport raised below the client, if it was one of ours."""
    where = _where(choice)
    if isinstance(cause, WaitBeyondBudget):
        said = "rate limited by" if cause.status == 429 else f"HTTP {cause.status} from"
        return RateLimitError(
            f"{choice.spec}: {said} {where}: the server asked to wait {cause.asked:.0f} s, "
            f"more than the remaining retry budget ({cause.remaining:.0f} s)",
            retry_after=cause.asked,
        )
    if isinstance(cause, AnswerFault):
        return InvalidResponseError(f"{choice.spec}: {_answer_fault(cause, choice)}")
    return None


def _answer_fault(fault: AnswerFault, choice: ModelChoice) -> str:
    where = _where(choice)
    if isinstance(fault, HTMLAnswer):
        title = f" (page title: {_safe(fault.detail, choice)!r})" if fault.detail else ""
        return (
            f"the server at {where} answered with HTML, not the OpenAI API{title}: {CHECK_BASE_URL}"
        )
    if isinstance(fault, InvalidJSONAnswer):
        return f"the server at {where} sent invalid JSON ({_safe(fault.detail, choice)})"
    detail = f" ({_safe(fault.detail, choice)})" if fault.detail else ""
    return f"the server at {where} answered without any choices{detail}"


def _api_failure(error: openai.APIError, choice: ModelChoice) -> ProviderError:
    where = _where(choice)
    if isinstance(error, openai.APITimeoutError):
        return ProviderError(f"{choice.spec}: request to {where} timed out (raise --timeout)")
    if isinstance(error, openai.APIConnectionError):
        return ProviderError(f"{choice.spec}: {_connection_failure(error, choice)}")
    if isinstance(error, openai.AuthenticationError):
        return ProviderError(f"{choice.spec}: authentication failed (401): check OPENAI_API_KEY")
    if isinstance(error, openai.APIStatusError):
        kind = ContextOverflowError if is_context_overflow(error) else ProviderError
        return kind(
            f"{choice.spec}: {where} answered HTTP {error.status_code}: "
            f"{_server_message(error, choice)}{_asked_to_wait(error.response)}"
        )
    return ProviderError(f"{choice.spec}: {_safe(str(error), choice)}")


# How servers say the prompt is too long: OpenAI and vLLM ("maximum context length",
# code context_length_exceeded), llama.cpp's server ("exceeds the available context size",
# "exceed context window"), llama-cpp-python's server (OpenAI's wording).
_CONTEXT_MESSAGES = (
    "context_length_exceeded",
    "maximum context length",
    "exceeds the available context size",
    "exceed context window",
    "context window",
)


def is_context_overflow(error: openai.APIStatusError) -> bool:
    """Whether ERROR is the server saying the prompt does not fit the model's context."""
    if error.status_code not in (400, 413):
        return False
    said = f"{error.body} {error.message}".lower()
    return any(message in said for message in _CONTEXT_MESSAGES)


def _connection_failure(error: openai.APIConnectionError, choice: ModelChoice) -> str:
    cause = error.__cause__ or error
    detail = _safe(str(cause) or type(cause).__name__, choice)
    if isinstance(cause, httpx2.RemoteProtocolError | httpx2.ReadError | httpx2.WriteError):
        return f"the connection to {_where(choice)} broke: {detail}"
    return f"cannot reach {_where(choice)}: {detail}"


def _server_message(error: openai.APIStatusError, choice: ModelChoice) -> str:
    if is_html(error.response):
        return f"an HTML page, not the OpenAI API: {CHECK_BASE_URL}"
    body: Any = error.body
    if isinstance(body, dict):
        detail = body.get("error", body)
        message = detail.get("message") if isinstance(detail, dict) else detail
        if message:
            return _safe(str(message), choice)
    return _safe(error.message, choice)


def _asked_to_wait(response: httpx2.Response) -> str:
    asked = retry_after_seconds(response)
    if not asked:
        return ""
    return f" (the server asked to wait {asked:.0f} s; no retries left)"


def refusal_text(response: Any) -> str | None:
    """The model's refusal in RESPONSE (a chat completion), or None if it did not refuse:
    a `refusal` field, a content filter's stop, or prose where the summary should be."""
    choices = getattr(response, "choices", None)
    if not choices:
        return None
    message = getattr(choices[0], "message", None)
    refusal = getattr(message, "refusal", None)
    if refusal:
        return str(refusal)
    finish_reason = getattr(choices[0], "finish_reason", None)
    if finish_reason == "content_filter":
        return "the provider's content filter stopped the answer"
    return None if finish_reason == "length" else _prose_instead_of_json(message)


def _prose_instead_of_json(message: Any) -> str | None:
    """MESSAGE's text when it has neither a tool call nor any JSON object in it."""
    if getattr(message, "tool_calls", None) or getattr(message, "function_call", None):
        return None
    content = getattr(message, "content", None)
    if isinstance(content, str) and content.strip() and "{" not in content:
        return content
    return None


def refusal_error(refusal: str, attempts: int, choice: ModelChoice) -> RefusalError:
    # Model output, not an error body: only known secrets are redacted from it.
    text = _short(strip_control(redact_known(refusal, secrets=[choice.api_key])))
    return RefusalError(
        f"the model refused to summarize (not re-asked): {text!r}",
        refusal=text,
        attempts=attempts,
    )


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
