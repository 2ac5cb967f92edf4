"""Every failure a user can meet, each with its documented exit code."""

from __future__ import annotations

EXIT_USAGE = 2
EXIT_PROVIDER = 3
EXIT_VALIDATION = 4


class SummarizerError(Exception):
    """Base of summarizer's errors; `str(error)` is one line meant for the user."""

    exit_code = 1


class InputError(SummarizerError):
    """The document cannot be read or is not text (exit 2)."""

    exit_code = EXIT_USAGE


class ConfigurationError(SummarizerError):
    """No usable provider, a bad model spec, a missing cassette or model file (exit 2)."""

    exit_code = EXIT_USAGE


class ProviderError(SummarizerError):
    """The provider could not be reached or kept failing after transport retries (exit 3)."""

    exit_code = EXIT_PROVIDER


class ModelOutputError(SummarizerError):
    """The model's output stayed invalid after every re-ask (exit 4)."""

    exit_code = EXIT_VALIDATION

    def __init__(self, message: str, *, attempts: int = 0, errors: list[str] | None = None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.errors = errors or []
