"""Every failure a user can meet, each with its documented exit code.

SummarizerError
├── InputError             2  the document cannot be read
├── OutputError            2  an output file (-o, --meta, --record) cannot be written
├── ConfigurationError     2  bad model spec, missing key, cassette or model file
├── ProviderError          3  transport or provider failure after retries
│   ├── InvalidResponseError  the server's answer is not the OpenAI API's
│   ├── RateLimitError        the server asked to wait beyond the retry budget
│   └── ContextOverflowError  the prompt does not fit the model's context (a long
│                             document's chunk is split again; exit 3 only when it cannot be)
├── ModelOutputError       4  the model's output stayed invalid after re-asks
│   └── RefusalError          the model refused to answer
└── GroundingError         5  too little verified: --strict-grounding left nothing,
                              or coverage is below --min-coverage (`result` holds it)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarizer._schema import SummaryResult

EXIT_USAGE = 2
EXIT_PROVIDER = 3
EXIT_VALIDATION = 4
EXIT_GROUNDING = 5
# `summarizer batch`: the run finished, and some documents failed (the manifest says why).
EXIT_BATCH_FAILED = 6


class SummarizerError(Exception):
    """Base of summarizer's errors; `str(error)` is one line meant for the user."""

    exit_code = 1


class InputError(SummarizerError):
    """The document cannot be read or is not text (exit 2)."""

    exit_code = EXIT_USAGE


class OutputError(SummarizerError):
    """An output file cannot be written: no permission, no space, no such directory (exit 2)."""

    exit_code = EXIT_USAGE


class ConfigurationError(SummarizerError):
    """No usable provider, a bad model spec, a missing cassette or model file (exit 2)."""

    exit_code = EXIT_USAGE


class ProviderError(SummarizerError):
    """The provider could not be reached or kept failing after transport retries (exit 3)."""

    exit_code = EXIT_PROVIDER


class InvalidResponseError(ProviderError):
    """A 2xx answer that is not the OpenAI API's: an HTML page (a proxy or login portal),
    invalid or cut-off JSON, a completion without choices (exit 3)."""


class RateLimitError(ProviderError):
    """The server asked to wait (Retry-After) longer than the retry budget has left (exit 3)."""

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ContextOverflowError(ProviderError):
    """The provider said the prompt exceeds the model's context (HTTP 400 with a context
    message, llama.cpp's "exceed context window"). A long document's chunk that meets it
    is split in two and asked again; exit 3 only when no split is possible."""


class ModelOutputError(SummarizerError):
    """The model's output stayed invalid after every re-ask (exit 4)."""

    exit_code = EXIT_VALIDATION

    def __init__(self, message: str, *, attempts: int = 0, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.errors = errors or []


class RefusalError(ModelOutputError):
    """The model refused (a `refusal` field, or text instead of the summary): re-asking a
    refusal rarely changes it, so there are none (exit 4). `refusal` is its text, redacted."""

    def __init__(self, message: str, *, refusal: str, attempts: int = 0) -> None:
        super().__init__(message, attempts=attempts, errors=[refusal])
        self.refusal = refusal


class GroundingError(SummarizerError):
    """The run finished but too little of it is verified against the document (exit 5):
    strict grounding dropped every item, or coverage is below the minimum asked for.
    `result` is the finished summary, for inspection (the CLI still writes it)."""

    exit_code = EXIT_GROUNDING

    def __init__(self, message: str, *, result: SummaryResult) -> None:
        super().__init__(message)
        self.result = result
