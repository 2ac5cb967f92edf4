"""A scripted OpenAI-compatible server for fault injection: real sockets on 127.0.0.1.

A test hands the server a script, one step per request (the last step repeats, so "503
forever" is a one-step script); the server counts and keeps every request it saw. Every
answer is hand-written here, none comes from a model. `FAULTS` is the registry of named
behaviours, each with the outcome summarizer must show under `FAULT_OPTIONS`:
tests/test_faults.py runs each one, and other tests may parametrize over it
(`pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())`).

The `fault_server` fixture starts a server per test; `canary_key` is a fresh API key
that must never appear in anything summarizer writes.
"""

from __future__ import annotations

import contextlib
import json
import secrets
import socket
import struct
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from summarizer import (
    InvalidResponseError,
    ModelOutputError,
    ProviderError,
    RateLimitError,
    RefusalError,
    SummarizerError,
)
from tests.conftest import SHORT, handwritten_completion

DOCUMENT = SHORT  # tests/data/riverton-bridge.txt, an invented article

# A hand-written summary of DOCUMENT: every quote verbatim, every name in the title too.
HANDWRITTEN_SUMMARY: dict[str, Any] = {
    "title": "Riverton council approves closing the Elm Street bridge for repairs",
    "summary": "The Riverton city council approved a plan to close the Elm Street bridge "
    "for repairs. Local businesses objected to the closure.",
    "sources": [
        {
            "id": "S1",
            "name": "Ana Ruiz",
            "kind": "named_person",
            "role": "Mayor",
            "statements": [{"quote": "The bridge is no longer safe for heavy trucks"}],
        },
        {
            "id": "S2",
            "name": "Tom Becker",
            "kind": "named_person",
            "statements": [{"quote": "Nobody asked us"}],
        },
    ],
    "positions": [],
    "agreements": [],
    "risks": [],
    "key_facts": [],
    "contradictions": [],
}
# The same summary quoting words the document never says.
HANDWRITTEN_INVENTED_QUOTES: dict[str, Any] = {
    **HANDWRITTEN_SUMMARY,
    "sources": [
        {
            "id": "S1",
            "name": "Ana Ruiz",
            "kind": "named_person",
            "statements": [{"quote": "The harbour will reopen to ferries next spring"}],
        }
    ],
}
REFUSAL = "I'm sorry, but I can't help with summarizing this document."


class Exchange:
    """One request as the script sees it, and the ways to answer it."""

    def __init__(self, handler: _Handler, body: bytes) -> None:
        self.handler = handler
        self.body = body

    @property
    def authorization(self) -> str:
        return self.handler.headers.get("Authorization", "")

    def send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
        declared_length: int | None = None,
    ) -> None:
        """Answer; DECLARED_LENGTH, when given, is the Content-Length announced instead."""
        self.handler.send_response(status)
        self.handler.send_header("Content-Type", content_type)
        length = len(body) if declared_length is None else declared_length
        self.handler.send_header("Content-Length", str(length))
        for name, value in (headers or {}).items():
            self.handler.send_header(name, value)
        self.handler.end_headers()
        self.handler.wfile.write(body)
        self.handler.wfile.flush()

    def send_json(self, status: int, data: object, headers: dict[str, str] | None = None) -> None:
        self.send(status, json.dumps(data).encode(), headers=headers)

    def reset(self) -> None:
        """Close the connection with a TCP reset, before any answer."""
        linger = struct.pack("ii", 1, 0)
        self.handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.handler.connection.close()
        self.handler.close_connection = True

    def stall(self, seconds: float) -> None:
        """Wait SECONDS (less if the server stops) before whatever comes next."""
        self.handler.server.stopping.wait(seconds)  # type: ignore[attr-defined]


Step = Callable[[Exchange], None]


# --- steps: each answers one request ---------------------------------------------------


def completion(arguments: dict[str, Any] | str) -> Step:
    """200 with a hand-written chat completion whose tool call carries ARGUMENTS."""
    return lambda exchange: exchange.send_json(200, handwritten_completion(arguments))


def valid_summary() -> Step:
    return completion(HANDWRITTEN_SUMMARY)


def status(code: int, message: str = "", headers: dict[str, str] | None = None) -> Step:
    """CODE with an OpenAI-style error body."""
    body = {"error": {"message": message or f"scripted status {code}", "type": "scripted"}}
    return lambda exchange: exchange.send_json(code, body, headers)


def reset_connection() -> Step:
    return lambda exchange: exchange.reset()


def slower_than(seconds: float) -> Step:
    """Answer (validly) only after SECONDS: longer than the client's timeout."""

    def step(exchange: Exchange) -> None:
        exchange.stall(seconds)
        _ignore_gone_client(lambda: valid_summary()(exchange))

    return step


def truncated_json() -> Step:
    """200 whose JSON is cut in half; the Content-Length matches what is sent."""
    text = json.dumps(handwritten_completion(HANDWRITTEN_SUMMARY)).encode()
    return lambda exchange: exchange.send(200, text[: len(text) // 2])


def short_body() -> Step:
    """200 announcing more bytes than it sends, then closing the connection."""
    text = json.dumps(handwritten_completion(HANDWRITTEN_SUMMARY)).encode()
    return lambda exchange: exchange.send(200, text[:100], declared_length=len(text))


def html_page() -> Step:
    """200 with a login page, as a captive portal or a proxy answers."""
    page = (
        b"<!DOCTYPE html><html><head><title>Sign in - Example Proxy</title></head>"
        b"<body><form action='/login'>Password: <input type=password></form></body></html>"
    )
    return lambda exchange: exchange.send(200, page, content_type="text/html; charset=utf-8")


def empty_choices() -> Step:
    def step(exchange: Exchange) -> None:
        reply = handwritten_completion(HANDWRITTEN_SUMMARY)
        exchange.send_json(200, {**reply, "choices": []})

    return step


def _message_reply(message: dict[str, Any], finish_reason: str = "stop") -> Step:
    def step(exchange: Exchange) -> None:
        reply = handwritten_completion(HANDWRITTEN_SUMMARY)
        choice = {"index": 0, "finish_reason": finish_reason, "message": message}
        exchange.send_json(200, {**reply, "choices": [choice]})

    return step


def refusal_in_content() -> Step:
    """The model answers in prose, with no tool call."""
    return _message_reply({"role": "assistant", "content": REFUSAL})


def refusal_field() -> Step:
    """The model refuses through the API's `refusal` field."""
    return _message_reply({"role": "assistant", "content": None, "refusal": REFUSAL})


def context_length_exceeded() -> Step:
    message = (
        "This model's maximum context length is 8192 tokens. However, your messages "
        "resulted in 9000 tokens. Please reduce the length of the messages."
    )
    return status(400, message)


def key_echo(code: int) -> Step:
    """CODE with an error body that repeats the request's Authorization header."""

    def step(exchange: Exchange) -> None:
        message = f"invalid request from {exchange.authorization}"
        exchange.send_json(code, {"error": {"message": message, "type": "scripted"}})

    return step


def _ignore_gone_client(answer: Callable[[], None]) -> None:
    with contextlib.suppress(OSError):  # the client gave up (timeout) and hung up
        answer()


# --- the server ------------------------------------------------------------------------


@dataclass
class SeenRequest:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def _lower_keys(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers}


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        step = self.server.record(SeenRequest(self.path, _lower_keys(self.headers.items()), body))
        step(Exchange(self, body))

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests assert what the server saw instead."""

    def finish(self) -> None:
        with contextlib.suppress(OSError):  # the connection was reset on purpose
            super().finish()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.steps: list[Step] = []
        self.seen: list[SeenRequest] = []

    def record(self, request: SeenRequest) -> Step:
        with self.lock:
            self.seen.append(request)
            return self.steps[min(len(self.seen), len(self.steps)) - 1]


class FaultServer:
    """A scripted OpenAI-compatible server running in a thread on 127.0.0.1."""

    def __init__(self) -> None:
        self._server = _Server()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def requests(self) -> list[SeenRequest]:
        with self._server.lock:
            return list(self._server.seen)

    def play(self, *steps: Step) -> FaultServer:
        """Answer the Nth request with the Nth step (the last one repeats)."""
        assert steps, "a script needs at least one step"
        with self._server.lock:
            self._server.steps = list(steps)
            self._server.seen = []
        return self

    def _serve(self) -> None:
        self._server.serve_forever(poll_interval=0.02)  # how long `stop` may wait for it

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def fault_server() -> Iterator[FaultServer]:
    server = FaultServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def canary_key() -> str:
    """A fresh API key that must appear in no output (the server does see it)."""
    return f"sk-canary-{secrets.token_hex(12)}"


@pytest.fixture
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """Our own retry backoff set to zero (a server's Retry-After is still honoured)."""
    from summarizer._engines import _transport

    monkeypatch.setattr(_transport, "BACKOFF_SECONDS", 0.0)
    monkeypatch.setattr(_transport, "JITTER_SECONDS", 0.0)


# --- the registry ----------------------------------------------------------------------

# The options a fault runs with unless it says otherwise: three transport attempts, one
# re-ask, a short timeout.
FAULT_OPTIONS: dict[str, Any] = {"transport_retries": 3, "max_retries": 1, "timeout": 1.0}


@dataclass(frozen=True)
class Outcome:
    """What summarizer must do: exit code, requests the server sees, and either the
    attempts of a successful run or the error class and a pattern of its message."""

    exit_code: int
    requests: int
    attempts: int = 1
    transport_retries: int = 0
    error: type[SummarizerError] | None = None
    message: str = ""
    best_attempt: bool = False


@dataclass(frozen=True)
class Fault:
    """A named behaviour of the scripted server and the outcome it must lead to."""

    name: str
    server_does: str
    script: Sequence[Step]
    outcome: Outcome
    seconds: float = field(default=0.0)  # at least this long (a Retry-After honoured)
    options: dict[str, Any] = field(default_factory=lambda: dict(FAULT_OPTIONS))

    def cli_args(self) -> list[str]:
        """OPTIONS as `summarizer summarize` flags."""
        return [
            arg
            for key, value in self.options.items()
            for arg in (f"--{key.replace('_', '-')}", str(value))
        ]

    def play_on(self, server: FaultServer) -> FaultServer:
        return server.play(*self.script)


def _faults(*faults: Fault) -> dict[str, Fault]:
    return {fault.name: fault for fault in faults}


FAULTS: dict[str, Fault] = _faults(
    Fault(
        "429-retry-after",
        "429 with `Retry-After: 1`, then a valid summary",
        [status(429, "slow down", {"Retry-After": "1"}), valid_summary()],
        Outcome(0, requests=2, transport_retries=1),
        seconds=1.0,
    ),
    Fault(
        "429-retry-after-beyond-budget",
        "429 with `Retry-After: 600` (more than the 300 s budget)",
        [status(429, "slow down", {"Retry-After": "600"})],
        Outcome(
            3,
            requests=1,
            error=RateLimitError,
            message=r"rate limited by .*asked to wait 600 s, more than the remaining retry budget",
        ),
    ),
    Fault(
        "500-then-ok",
        "500, then a valid summary",
        [status(500), valid_summary()],
        Outcome(0, requests=2, transport_retries=1),
    ),
    Fault(
        "503-forever",
        "503 with `Retry-After: 0` on every request",
        [status(503, headers={"Retry-After": "0"})],
        Outcome(
            3, requests=3, error=ProviderError, message=r"answered HTTP 503: scripted status 503$"
        ),
    ),
    Fault(
        "connection-reset",
        "resets the connection (TCP RST), then a valid summary",
        [reset_connection(), valid_summary()],
        Outcome(0, requests=2, transport_retries=1),
    ),
    Fault(
        "slower-than-timeout",
        "answers after 2 s on every request (`--timeout 0.5`, 2 attempts)",
        [slower_than(2.0)],
        Outcome(3, requests=2, error=ProviderError, message=r"timed out \(raise --timeout\)"),
        options={**FAULT_OPTIONS, "timeout": 0.5, "transport_retries": 2},
    ),
    Fault(
        "truncated-json",
        "200 whose JSON body is cut in half, on every request",
        [truncated_json()],
        Outcome(3, requests=3, error=InvalidResponseError, message=r"sent invalid JSON"),
    ),
    Fault(
        "short-body",
        "200 whose body is shorter than its Content-Length, then a valid summary",
        [short_body(), valid_summary()],
        Outcome(0, requests=2, transport_retries=1),
    ),
    Fault(
        "invalid-json-in-tool-arguments",
        "a tool call whose arguments are not JSON, on every request",
        [completion('{"title": "Riverton council')],
        Outcome(4, requests=2, error=ModelOutputError, message=r"failed validation after 2"),
    ),
    Fault(
        "schema-violating-then-valid",
        "a tool call with `{}` (fails the schema), then a valid summary",
        [completion("{}"), valid_summary()],
        Outcome(0, requests=2, attempts=2),
    ),
    Fault(
        "quotes-not-in-document",
        "a summary whose only quote the document never says, on every request",
        [completion(HANDWRITTEN_INVENTED_QUOTES)],
        Outcome(0, requests=2, attempts=2, best_attempt=True),
    ),
    Fault(
        "refusal-in-content",
        "a refusal in the message content, no tool call",
        [refusal_in_content()],
        Outcome(4, requests=1, error=RefusalError, message=r"refused .*can't help"),
    ),
    Fault(
        "refusal-field",
        "a refusal in the message's `refusal` field",
        [refusal_field()],
        Outcome(4, requests=1, error=RefusalError, message=r"refused .*can't help"),
    ),
    Fault(
        "400-context-length",
        "400: the messages exceed the model's context length",
        [context_length_exceeded()],
        Outcome(3, requests=1, error=ProviderError, message=r"HTTP 400: This model's maximum"),
    ),
    Fault(
        "empty-choices",
        "200 with `choices: []`, on every request",
        [empty_choices()],
        Outcome(3, requests=3, error=InvalidResponseError, message=r"without any choices$"),
    ),
    Fault(
        "html-200",
        "200 with an HTML login page",
        [html_page()],
        Outcome(
            3,
            requests=1,
            error=InvalidResponseError,
            message=r"answered with HTML, not the OpenAI API.*check --base-url",
        ),
    ),
    Fault(
        "key-echo-401",
        "401 whose error message repeats the Authorization header",
        [key_echo(401)],
        Outcome(3, requests=1, error=ProviderError, message=r"authentication failed \(401\)"),
    ),
    Fault(
        "key-echo-500",
        "500 whose error message repeats the Authorization header, on every request",
        [key_echo(500)],
        Outcome(
            3,
            requests=3,
            error=ProviderError,
            message=r"HTTP 500: invalid request from Bearer \[redacted\]",
        ),
    ),
)
