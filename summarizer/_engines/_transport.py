"""Transport retries: the layer below the model client, blind to validation.

Retries 429 (honouring Retry-After), 408 and 5xx responses, timeouts and connection
errors with exponential backoff and jitter, within bounded attempts and total time.
Re-asks on invalid output are instructor's job, one layer up; neither repeats the other.
"""

from __future__ import annotations

import email.utils
import random
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception_type,
    retry_if_result,
    stop_after_attempt,
    stop_after_delay,
)

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_TOTAL_SECONDS = 300.0
MAX_WAIT_SECONDS = 60.0
DEFAULT_ATTEMPTS = 4
BACKOFF_SECONDS = 0.5  # the first wait; it doubles with every retry
JITTER_SECONDS = 0.5


def _backoff(state: RetryCallState) -> float:
    # tenacity's wait_exponential_jitter renamed its arguments in 9.2, and google-genai (a
    # langextract dependency) pins tenacity < 9.2: the formula here works with both.
    exponential = BACKOFF_SECONDS * 2.0 ** (state.attempt_number - 1)
    return min(exponential + random.uniform(0, JITTER_SECONDS), MAX_WAIT_SECONDS)


def retry_after_seconds(response: httpx2.Response) -> float | None:
    """Seconds the server asked us to wait (delta-seconds or HTTP-date), if it did."""
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # unparseable: fall back to our own backoff
    return max(0.0, moment.timestamp() - time.time())


def _wait(state: RetryCallState) -> float:
    outcome = state.outcome
    if outcome is not None and not outcome.failed:
        asked = retry_after_seconds(outcome.result())
        if asked is not None:
            return min(asked, MAX_WAIT_SECONDS)
    return _backoff(state)


def _should_retry(response: httpx2.Response) -> bool:
    return response.status_code in RETRYABLE_STATUS


_retries: ContextVar[list[int] | None] = ContextVar("summarizer_transport_retries", default=None)


def count_transport_retries() -> list[int]:
    """Start counting retries made in this context (thread or task); returns the counter."""
    counter = [0]
    _retries.set(counter)
    return counter


def _count(state: RetryCallState) -> None:
    counter = _retries.get()
    if counter is not None:
        counter[0] += 1


def _count_and_close(state: RetryCallState) -> None:
    _count(state)
    outcome = state.outcome
    if outcome is not None and not outcome.failed:
        outcome.result().close()


def _return_last_or_raise(state: RetryCallState) -> httpx2.Response:
    # The last retryable response goes up unchanged, so the client raises its usual error.
    assert state.outcome is not None
    if state.outcome.failed:
        raise state.outcome.exception()  # type: ignore[misc]
    return state.outcome.result()  # type: ignore[no-any-return]


_TRANSIENT = retry_if_exception_type(httpx2.TransportError) | retry_if_result(_should_retry)


@dataclass(frozen=True)
class TransportPolicy:
    """A fresh tenacity controller per request.

    `attempts` is a number of attempts, or your own `Retrying` whose stop and wait are
    used as given; what counts as transient (above) stays this module's decision.
    """

    attempts: int | Retrying = DEFAULT_ATTEMPTS
    max_total_seconds: float = MAX_TOTAL_SECONDS

    def sync(self) -> Retrying:
        if isinstance(self.attempts, Retrying):
            return self.attempts.copy(
                retry=_TRANSIENT,
                retry_error_callback=_return_last_or_raise,
                before_sleep=_count_and_close,
            )
        return Retrying(before_sleep=_count_and_close, **self._defaults(self.attempts))

    def asynchronous(self) -> AsyncRetrying:
        if isinstance(self.attempts, Retrying):
            custom = self.attempts
            return AsyncRetrying(
                stop=custom.stop,
                wait=custom.wait,
                retry=_TRANSIENT,
                retry_error_callback=_return_last_or_raise,
                before_sleep=_count,
            )
        return AsyncRetrying(before_sleep=_count, **self._defaults(self.attempts))

    def _defaults(self, attempts: int) -> dict[str, Any]:
        return {
            "stop": stop_after_attempt(attempts) | stop_after_delay(self.max_total_seconds),
            "wait": _wait,
            "retry": _TRANSIENT,
            "retry_error_callback": _return_last_or_raise,
        }


class RetryingTransport(httpx2.BaseTransport):
    """Wraps a transport with the policy; the extension point httpx offers for this."""

    def __init__(self, policy: TransportPolicy, inner: httpx2.BaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx2.HTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.policy.sync()(self._send, request)

    def _send(self, request: httpx2.Request) -> httpx2.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        self.inner.close()


class AsyncRetryingTransport(httpx2.AsyncBaseTransport):
    def __init__(
        self, policy: TransportPolicy, inner: httpx2.AsyncBaseTransport | None = None
    ) -> None:
        self.policy = policy
        self.inner = inner or httpx2.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await self.policy.asynchronous()(self._send, request)

    async def _send(self, request: httpx2.Request) -> httpx2.Response:
        # A coroutine function of our own: tenacity awaits only what it can tell is async,
        # and patched transports (vcrpy) return awaitables from plain functions.
        return await self.inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self.inner.aclose()
