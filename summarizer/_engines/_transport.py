"""Transport retries: the layer below the model client, blind to validation.

Retries 429 (honouring Retry-After), 408 and 5xx responses, timeouts, connection errors
and broken answers with exponential backoff and jitter, within bounded attempts and
total time. Re-asks on invalid output are instructor's job, one layer up; neither
repeats the other.

The body is read here, inside the retried call, because the client reads it only after
the transport returns: a body shorter than its Content-Length then fails like a reset
connection, and a 2xx answer that is not the OpenAI API's (invalid or cut-off JSON, no
choices, an HTML page) is a transport fault, never a validation failure for instructor
to re-ask. An HTML page is not retried: a proxy or a login portal answers the same again.

A server asking to wait longer than the time budget has left fails at once instead of
sleeping in vain; a wait longer than ANNOUNCE_WAIT_SECONDS is announced (a warning on
the "summarizer" logger, which the CLI prints).
"""

from __future__ import annotations

import email.utils
import html
import json
import logging
import random
import re
import time
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, ClassVar

import httpx2
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    Retrying,
    retry_if_exception,
    retry_if_result,
    stop_after_attempt,
    stop_after_delay,
)

RETRYABLE_STATUS = frozenset({408, 429, 500, 502, 503, 504})
MAX_TOTAL_SECONDS = 300.0
MAX_WAIT_SECONDS = 60.0  # the cap on our own backoff; a server's Retry-After is the budget's
DEFAULT_ATTEMPTS = 4
BACKOFF_SECONDS = 0.5  # the first wait; it doubles with every retry
JITTER_SECONDS = 0.5
ANNOUNCE_WAIT_SECONDS = 5.0
CHAT_COMPLETIONS_PATH = "/chat/completions"

logger = logging.getLogger("summarizer")


class AnswerFault(Exception):
    """A 2xx answer that is not the OpenAI API's. Raised in the transport so the retry
    policy sees it like any transport failure; summarizer._engines._errors turns it into
    an InvalidResponseError above the client."""

    retryable: ClassVar[bool] = True

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidJSONAnswer(AnswerFault):
    """The body is not JSON: cut off, or garbled."""


class NoChoicesAnswer(AnswerFault):
    """A chat completion without choices (DETAIL: the error the body carried, if any)."""


class HTMLAnswer(AnswerFault):
    """An HTML page (DETAIL: its title): a proxy, a login portal, a web site."""

    retryable = False


class WaitBeyondBudget(Exception):
    """The server asked to wait longer than the retry budget has left."""

    def __init__(self, status: int, asked: float, remaining: float) -> None:
        super().__init__(f"HTTP {status}: asked to wait {asked:.0f} s, {remaining:.0f} s left")
        self.status = status
        self.asked = asked
        self.remaining = remaining


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


def _asked_wait(state: RetryCallState) -> float | None:
    outcome = state.outcome
    if outcome is None or outcome.failed:
        return None
    return retry_after_seconds(outcome.result())


def _wait(state: RetryCallState) -> float:
    asked = _asked_wait(state)
    return _backoff(state) if asked is None else asked


def _should_retry(response: httpx2.Response) -> bool:
    return response.status_code in RETRYABLE_STATUS


def _is_transient(error: BaseException) -> bool:
    if isinstance(error, AnswerFault):
        return error.retryable
    return isinstance(error, httpx2.TransportError)


_TRANSIENT = retry_if_exception(_is_transient) | retry_if_result(_should_retry)

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


def _reason(state: RetryCallState) -> str:
    """What went wrong with the last attempt, in a few words."""
    assert state.outcome is not None
    if not state.outcome.failed:
        status = state.outcome.result().status_code
        return "rate limited" if status == 429 else f"the server answered HTTP {status}"
    error = state.outcome.exception()
    if isinstance(error, httpx2.TimeoutException):
        return "the request timed out"
    if isinstance(error, AnswerFault):
        return "the server's answer was not the OpenAI API's"
    return "the connection failed"


def _announce_long_wait(state: RetryCallState) -> None:
    if state.upcoming_sleep > ANNOUNCE_WAIT_SECONDS:
        logger.warning("%s; retrying in %.0f s", _reason(state), state.upcoming_sleep)


def _return_last_or_raise(state: RetryCallState) -> httpx2.Response:
    # The last retryable response goes up unchanged, so the client raises its usual error.
    assert state.outcome is not None
    if state.outcome.failed:
        raise state.outcome.exception()  # type: ignore[misc]
    return state.outcome.result()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TransportPolicy:
    """A fresh tenacity controller per request.

    `attempts` is a number of attempts, or your own `Retrying` whose stop and wait are
    used as given; what counts as transient (above) stays this module's decision.
    """

    attempts: int | Retrying = DEFAULT_ATTEMPTS
    max_total_seconds: float = MAX_TOTAL_SECONDS

    def sync(self) -> Retrying:
        return Retrying(**self._options())

    def asynchronous(self) -> AsyncRetrying:
        return AsyncRetrying(**self._options())

    def _options(self) -> dict[str, Any]:
        common = {
            "retry": _TRANSIENT,
            "retry_error_callback": _return_last_or_raise,
            "before_sleep": self._before_sleep,
        }
        if isinstance(self.attempts, Retrying):
            return {"stop": self.attempts.stop, "wait": self.attempts.wait, **common}
        stop = stop_after_attempt(self.attempts) | stop_after_delay(self.max_total_seconds)
        return {"stop": stop, "wait": _wait, **common}

    def _before_sleep(self, state: RetryCallState) -> None:
        self._fail_fast_beyond_budget(state)
        _count(state)
        _announce_long_wait(state)

    def _fail_fast_beyond_budget(self, state: RetryCallState) -> None:
        """Sleeping through a wait the budget cannot afford only delays the failure."""
        asked = _asked_wait(state)
        if asked is None or isinstance(self.attempts, Retrying):  # a custom wait ignores it
            return
        remaining = self.max_total_seconds - (state.seconds_since_start or 0.0)
        if asked > remaining:
            assert state.outcome is not None
            status = state.outcome.result().status_code
            raise WaitBeyondBudget(status, asked, max(0.0, remaining))


_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.IGNORECASE | re.DOTALL)
_HTML_START = (b"<!doctype html", b"<html")
_SNIFF_BYTES = 4096


def is_html(response: httpx2.Response) -> bool:
    """Whether RESPONSE (its body read) is a web page: by its type, or its first bytes."""
    if "html" in response.headers.get("content-type", "").lower():
        return True
    start = response.content[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith(_HTML_START)


def _page_title(content: bytes) -> str:
    match = _TITLE.search(content[:_SNIFF_BYTES])
    title = match.group(1).decode("utf-8", "replace") if match else ""
    return " ".join(html.unescape(title).split())


def _choices_error(data: object) -> str | None:
    """Why DATA is not a chat completion with choices ("" if it does not say), or None
    if it is one."""
    if not isinstance(data, dict):
        return f"a JSON {type(data).__name__}, not an object"
    if data.get("choices"):
        return None
    error = data.get("error")
    message = error.get("message") if isinstance(error, dict) else error
    return str(message) if message else ""


def check_answer(request: httpx2.Request, response: httpx2.Response) -> None:
    """Raise an AnswerFault when a 2xx answer (body read) is not the OpenAI API's."""
    if not response.is_success:
        return
    if is_html(response):
        raise HTMLAnswer(_page_title(response.content))
    if not request.url.path.endswith(CHAT_COMPLETIONS_PATH):
        return
    try:
        data = json.loads(response.content)
    except ValueError as error:  # JSONDecodeError, UnicodeDecodeError
        raise InvalidJSONAnswer(str(error)) from None
    problem = _choices_error(data)
    if problem is not None:
        raise NoChoicesAnswer(problem)


class RetryingTransport(httpx2.BaseTransport):
    """Wraps a transport with the policy; the extension point httpx offers for this."""

    def __init__(self, policy: TransportPolicy, inner: httpx2.BaseTransport | None = None) -> None:
        self.policy = policy
        self.inner = inner or httpx2.HTTPTransport()

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        return self.policy.sync()(self._send, request)

    def _send(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        try:
            response.read()
            check_answer(request, response)
        except BaseException:
            response.close()
            raise
        return response

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
        response = await self.inner.handle_async_request(request)
        try:
            await response.aread()
            check_answer(request, response)
        except BaseException:
            await response.aclose()
            raise
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
