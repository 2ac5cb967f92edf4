"""No secret is ever printed or written, whatever the server does.

A canary API key and a credentialed base URL (user:password@, ?api-key=) are used
against the scripted server of tests/fault_server.py (real sockets on 127.0.0.1) playing
every fault of its registry, plus faults of our own whose every answer echoes back the
credentials it was sent (the Authorization header, the URL with its query): in error
bodies, HTML pages, refusals, invalid JSON and in the model's own words. Every output is
then searched for the canary: stdout, `-o`, `--meta`, `--record`, stderr, the exception's
str and repr, the result, and every log record at DEBUG.
"""

from __future__ import annotations

import base64
import contextlib
import json
import logging
import os
import secrets
import subprocess
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

import summarizer
from summarizer._cassettes import _scrub_response, is_sensitive
from summarizer._redaction import LIBRARY_LOGGERS
from tests.conftest import ROOT, handwritten_completion
from tests.fault_server import (
    DOCUMENT,
    FAULT_OPTIONS,
    FAULTS,
    HANDWRITTEN_SUMMARY,
    Exchange,
    FaultServer,
    Step,
    completion,
    valid_summary,
)

MODEL = "openai-compatible/scripted"
CLI_OPTIONS = [
    arg
    for key, value in FAULT_OPTIONS.items()
    for arg in (f"--{key.replace('_', '-')}", str(value))
]
USER = "analyst"
CANARY_KEY = f"sk-canary-{secrets.token_hex(12)}"
CANARY_PASSWORD = f"canarypass{secrets.token_hex(6)}"
CANARY_QUERY = f"canaryquery{secrets.token_hex(6)}"
CANARY_BASIC = base64.b64encode(f"{USER}:{CANARY_PASSWORD}".encode()).decode()
# What must appear nowhere: each canary, its random part alone, and the word itself.
FORBIDDEN = [
    CANARY_KEY,
    CANARY_PASSWORD,
    CANARY_QUERY,
    CANARY_BASIC,
    *(value[-12:] for value in (CANARY_KEY, CANARY_PASSWORD, CANARY_QUERY)),
    "canary",
]


# --- faults of our own: a careless server that quotes back whatever it was sent ---------


def _echo(exchange: Exchange) -> str:
    return (
        f"Incorrect API key provided: {exchange.authorization}; request to {exchange.handler.path}"
    )


def echoing_status(code: int, headers: dict[str, str] | None = None) -> Step:
    def step(exchange: Exchange) -> None:
        body = {"error": {"message": _echo(exchange), "type": "echo"}}
        exchange.send_json(code, body, headers)

    return step


def echoing_html(code: int) -> Step:
    def step(exchange: Exchange) -> None:
        page = f"<html><head><title>Sign in {_echo(exchange)}</title></head><body>x</body></html>"
        exchange.send(code, page.encode(), content_type="text/html")

    return step


def echoing_truncated_json() -> Step:
    def step(exchange: Exchange) -> None:
        whole = json.dumps(handwritten_completion(HANDWRITTEN_SUMMARY))
        exchange.send(200, (whole[:90] + _echo(exchange)).encode())

    return step


def _echoing_message(content: str | None, refusal: str | None = None) -> Step:
    def step(exchange: Exchange) -> None:
        reply = handwritten_completion(HANDWRITTEN_SUMMARY)
        message = {"role": "assistant", "content": content, "refusal": refusal}
        echoed = json.loads(json.dumps(message).replace("ECHO", _echo(exchange)))
        reply["choices"] = [{"index": 0, "finish_reason": "stop", "message": echoed}]
        exchange.send_json(200, reply)

    return step


def _echoing_arguments(template: str) -> Step:
    """A tool call whose arguments are TEMPLATE with ECHO replaced by the echo."""

    def step(exchange: Exchange) -> None:
        echo = json.dumps(_echo(exchange))[1:-1]
        exchange.send_json(200, handwritten_completion(template.replace("ECHO", echo)))

    return step


def echoing_empty_choices() -> Step:
    def step(exchange: Exchange) -> None:
        reply = handwritten_completion(HANDWRITTEN_SUMMARY)
        exchange.send_json(200, {**reply, "choices": [], "note": _echo(exchange)})

    return step


def terminal_escapes_in_error() -> Step:
    def step(exchange: Exchange) -> None:
        message = f"\x1b]0;pwned\x07\x1b[2J\x1b[31mbad request\x1b[0m\x07 {_echo(exchange)}"
        exchange.send_json(400, {"error": {"message": message}})

    return step


_QUOTE_OF_ECHO = json.dumps(
    {**HANDWRITTEN_SUMMARY, "title": "Riverton: ECHO", "summary": "The council met. ECHO"}
)
SECRET_SHAPED_WORDS = "token=abcd1234 and a key point: nothing secret"
ECHOING_FAULTS: dict[str, Sequence[Step]] = {
    "echo-401": [echoing_status(401)],
    "echo-403": [echoing_status(403)],
    "echo-429-then-ok": [echoing_status(429, {"Retry-After": "0"}), valid_summary()],
    "echo-429-beyond-budget": [echoing_status(429, {"Retry-After": "3600"})],
    "echo-400": [echoing_status(400)],
    "echo-503-forever": [echoing_status(503, {"Retry-After": "0"})],
    "echo-html-200": [echoing_html(200)],
    "echo-html-502": [echoing_html(502)],
    "echo-truncated-json": [echoing_truncated_json()],
    "echo-empty-choices": [echoing_empty_choices()],
    "echo-refusal-in-content": [_echoing_message("I cannot help. ECHO")],
    "echo-refusal-field": [_echoing_message(None, "No. ECHO")],
    "echo-invalid-json-in-tool-arguments": [_echoing_arguments('{"title": "ECHO')],
    "echo-schema-violating": [_echoing_arguments('{"title": "", "summary": "ECHO"}')],
    "echo-in-the-models-words": [_echoing_arguments(_QUOTE_OF_ECHO)],
    "terminal-escapes-in-error": [terminal_escapes_in_error()],
    "secret-shaped-words-in-200": [
        completion({**HANDWRITTEN_SUMMARY, "notes": SECRET_SHAPED_WORDS}),
        valid_summary(),
    ],
}
SCRIPTS: dict[str, Sequence[Step]] = {
    **{name: fault.script for name, fault in FAULTS.items()},
    **ECHOING_FAULTS,
}
assert not set(FAULTS) & set(ECHOING_FAULTS), "one name, one behaviour"


# --- where a run writes, and the leak detector -------------------------------------------


def _leaks(text: str) -> list[str]:
    return [canary for canary in FORBIDDEN if canary.lower() in text.lower()]


def _credentialed_url(server: FaultServer, user_info: bool = True) -> str:
    login = f"{USER}:{CANARY_PASSWORD}@" if user_info else ""
    return server.base_url.replace("http://", f"http://{login}") + f"?api-key={CANARY_QUERY}"


# httpx sends URL user info as a Basic authorization header, which replaces the Bearer
# key: the key reaches the server (and its echo) only without user info, so each fault
# is played with both.
CREDENTIALS = [
    pytest.param(True, id="user-info-and-query-in-url"),
    pytest.param(False, id="bearer-key-and-query-in-url"),
]
CLI_OUTPUTS = ("stdout", "stderr", "-o", "--meta", "--record")
API_OUTPUTS = ("exception str", "exception repr", "result", "logs at DEBUG")


@dataclass
class Outputs:
    """Every place a run can write, by name, as text ('' when it wrote nothing there)."""

    texts: dict[str, str]

    def leaks(self) -> dict[str, list[str]]:
        found = {name: _leaks(text) for name, text in self.texts.items()}
        return {name: canaries for name, canaries in found.items() if canaries}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.exists() else ""


def _cli_outputs(cli: Any, url: str, tmp_path: Path, *extra: str) -> Outputs:
    out, meta, cassette = tmp_path / "out.md", tmp_path / "meta.json", tmp_path / "run.yaml"
    result = cli(
        "summarize", str(DOCUMENT), "--model", MODEL, "--base-url", url, "--format", "markdown",
        "-o", str(out), "--meta", str(meta), "--record", str(cassette), *CLI_OPTIONS,
        *extra,
    )  # fmt: skip
    assert "Traceback" not in result.output
    texts = {"stdout": result.stdout, "stderr": result.stderr}
    texts.update({"-o": _read(out), "--meta": _read(meta), "--record": _read(cassette)})
    return Outputs(texts)


def _api_outputs(url: str, caplog: pytest.LogCaptureFixture) -> Outputs:
    texts = dict.fromkeys(API_OUTPUTS[:3], "")
    with contextlib.ExitStack() as stack:
        # Every logger at DEBUG, whatever an earlier test (the CLI's main()) set it to.
        for name in ("", *LIBRARY_LOGGERS, "summarizer"):
            stack.enter_context(caplog.at_level(logging.DEBUG, logger=name))
        stack.callback(logging.getLogger("summarizer").removeHandler, caplog.handler)
        logging.getLogger("summarizer").addHandler(caplog.handler)  # it may not propagate
        try:
            result = summarizer.summarize(
                DOCUMENT.read_text(encoding="utf-8"),
                model=MODEL,
                base_url=url,
                api_key=CANARY_KEY,
                **FAULT_OPTIONS,
            )
            texts["result"] = result.model_dump_json()
        except summarizer.SummarizerError as error:
            texts["exception str"] = str(error)
            texts["exception repr"] = repr(error)
    logged = [record.getMessage() + (record.exc_text or "") for record in caplog.records]
    texts["logs at DEBUG"] = "\n".join(logged)
    assert logged, "DEBUG logging was on"
    return Outputs(texts)


@pytest.mark.parametrize("user_info", CREDENTIALS)
@pytest.mark.parametrize("name", list(SCRIPTS))
def test_no_canary_in_any_output_of_any_fault(
    name: str,
    user_info: bool,
    fault_server: FaultServer,
    cli: Any,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    no_backoff: None,
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", CANARY_KEY)
    url = _credentialed_url(fault_server, user_info)
    fault_server.play(*SCRIPTS[name])
    outputs = _cli_outputs(cli, url, tmp_path)
    _assert_the_server_got_the_canary(fault_server, user_info)
    fault_server.play(*SCRIPTS[name])
    outputs.texts.update(_api_outputs(url, caplog).texts)
    _assert_the_server_got_the_canary(fault_server, user_info)
    assert set(outputs.texts) == set(CLI_OUTPUTS + API_OUTPUTS)
    assert outputs.leaks() == {}


def _assert_the_server_got_the_canary(server: FaultServer, user_info: bool) -> None:
    """The request still uses every credential (so a careless server can echo them)."""
    assert server.requests, "the run reached the server"
    for request in server.requests:
        assert CANARY_QUERY in request.path
        expected = f"Basic {CANARY_BASIC}" if user_info else f"Bearer {CANARY_KEY}"
        assert request.headers["authorization"] == expected


def test_the_echoing_faults_do_echo_the_canary(fault_server: FaultServer) -> None:
    # The matrix above is worth something only if what the server sends back holds the
    # canary: read one raw answer, with no redaction in between.
    import urllib.error
    import urllib.request

    fault_server.play(*ECHOING_FAULTS["echo-401"])
    request = urllib.request.Request(
        f"{fault_server.base_url}/chat/completions?api-key={CANARY_QUERY}",
        data=b"{}",
        headers={"Authorization": f"Bearer {CANARY_KEY}"},
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    body = caught.value.read().decode()
    assert CANARY_KEY in body and CANARY_QUERY in body


def test_the_leak_detector_finds_a_leak() -> None:
    # The negative of the matrix: the detector does see a canary when one is there.
    leaked = Outputs({"stderr": f"error: {CANARY_KEY}", "--meta": "[redacted]"})
    assert leaked.leaks() == {"stderr": [CANARY_KEY, CANARY_KEY[-12:], "canary"]}


def test_the_traceback_of_a_provider_failure_holds_no_secret(
    fault_server: FaultServer, no_backoff: None
) -> None:
    fault_server.play(*ECHOING_FAULTS["echo-401"])
    with pytest.raises(summarizer.SummarizerError) as caught:
        summarizer.summarize(
            DOCUMENT.read_text(encoding="utf-8"),
            model=MODEL,
            base_url=_credentialed_url(fault_server, user_info=False),
            api_key=CANARY_KEY,
            **FAULT_OPTIONS,
        )
    assert _leaks(str(caught.value)) == [], "our own message is clean"
    # The traceback quotes this test's own source ("CANARY_KEY"): only values count here.
    shown = "".join(traceback.format_exception(caught.value))
    assert [leak for leak in _leaks(shown) if leak != "canary"] == []
    assert "Incorrect API key provided" not in shown, "openai's error is not chained"


def test_a_query_credential_reaches_the_server_as_a_query(fault_server: FaultServer) -> None:
    fault_server.play(valid_summary())
    summarizer.summarize(
        DOCUMENT.read_text(encoding="utf-8"),
        model=MODEL,
        base_url=f"{fault_server.base_url}?api-key={CANARY_QUERY}",
        api_key=CANARY_KEY,
        **FAULT_OPTIONS,
    )
    assert fault_server.requests[0].path == f"/v1/chat/completions?api-key={CANARY_QUERY}"


def test_meta_shows_the_base_url_without_credentials(fault_server: FaultServer) -> None:
    fault_server.play(valid_summary())
    result = summarizer.summarize(
        DOCUMENT.read_text(encoding="utf-8"),
        model=MODEL,
        base_url=_credentialed_url(fault_server),
        api_key=CANARY_KEY,
        **FAULT_OPTIONS,
    )
    assert result.meta.base_url == f"{fault_server.base_url}?api-key=[redacted]"


def test_the_cli_keeps_library_debug_logs_quiet_and_redacted(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    # OPENAI_LOG=debug makes openai and httpx2 log every URL, query included, to stderr:
    # `main()` keeps them at WARNING and puts the redacting filter on every handler.
    fault_server.play(*ECHOING_FAULTS["echo-503-forever"])
    environment = {**os.environ, "OPENAI_LOG": "debug", "OPENAI_API_KEY": CANARY_KEY}
    run = subprocess.run(
        [sys.executable, "-m", "summarizer", "summarize", str(DOCUMENT), "--model", MODEL,
         "--base-url", _credentialed_url(fault_server, user_info=False), *CLI_OPTIONS],
        capture_output=True, text=True, env=environment, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert run.returncode == 3, run.stderr
    assert "answered HTTP 503" in run.stderr
    assert "HTTP Request: POST" not in run.stderr, "no library debug lines"
    assert _leaks(run.stderr + run.stdout) == []


# --- control characters from a server (stderr) and from a document (markdown) -----------


def test_terminal_escapes_from_a_server_never_reach_stderr(
    fault_server: FaultServer, cli: Any, no_backoff: None
) -> None:
    fault_server.play(*ECHOING_FAULTS["terminal-escapes-in-error"])
    result = cli(
        "summarize", str(DOCUMENT), "--model", MODEL, "--base-url", fault_server.base_url,
        *CLI_OPTIONS,
    )  # fmt: skip
    assert result.exit_code == 3
    assert "bad request" in result.stderr, "the message itself is kept"
    assert not set(result.stderr) & {"\x1b", "\x07", "\x9b", "\x9d"}


def test_terminal_escapes_from_a_document_never_reach_markdown(cli: Any, tmp_path: Path) -> None:
    document = tmp_path / "escapes.txt"
    document.write_text(
        "\x1b]0;owned\x07Mayor Ana Ruiz said the \x1b[31mbridge\x1b[0m is unsafe.\x07 "
        "\x1b]8;;http://evil.example\x1b\\Officials said repairs would start in May.\x1b]8;;"
        "\x1b\\ The council voted on Monday, a spokesman said.\n",
        encoding="utf-8",
    )
    result = cli("summarize", str(document), "--model", "extractive", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert "Ana Ruiz" in result.stdout and "bridge" in result.stdout, "the words survive"
    assert not set(result.stdout + result.stderr) & {"\x1b", "\x07"}
    as_json = cli("summarize", str(document), "--model", "extractive", "--format", "json")
    assert "\\u001b" in as_json.stdout, "JSON keeps the document's text, safely escaped"


# --- cassettes -------------------------------------------------------------------------


def _record(cli: Any, url: str, cassette: Path) -> Any:
    return cli(
        "summarize", str(DOCUMENT), "--model", MODEL, "--base-url", url, "--record",
        str(cassette), *CLI_OPTIONS,
    )  # fmt: skip


def test_record_then_replay_with_a_credentialed_base_url(
    fault_server: FaultServer, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", CANARY_KEY)
    fault_server.play(valid_summary())
    cassette = tmp_path / "run.yaml"
    recorded = _record(cli, _credentialed_url(fault_server), cassette)
    assert recorded.exit_code == 0, recorded.output
    text = cassette.read_text(encoding="utf-8")
    assert _leaks(text) == []
    data = yaml.safe_load(text)
    shown = f"{fault_server.base_url}?api-key=[redacted]"
    assert data["metadata"]["summarizer"]["base_url"] == shown
    uri = f"{fault_server.base_url}/chat/completions?api-key=[redacted]"
    assert data["interactions"][0]["request"]["uri"] == uri
    assert "authorization" not in text.lower()
    url = _credentialed_url(fault_server)
    fault_server.stop()  # replay must not need it
    replayed = cli("summarize", str(DOCUMENT), "--replay", str(cassette))
    assert replayed.exit_code == 0, replayed.output
    assert replayed.stdout == recorded.stdout
    # Given again at replay time, the credentialed URL is scrubbed alike and still matches,
    # and so does a rotated key.
    for given in (url, url.replace(CANARY_QUERY, "another-key")):
        again = cli("summarize", str(DOCUMENT), "--replay", str(cassette), "--base-url", given)
        assert again.exit_code == 0, again.output
        assert again.stdout == recorded.stdout
    elsewhere = url.replace("/v1?", "/v2?")
    stale = cli("summarize", str(DOCUMENT), "--replay", str(cassette), "--base-url", elsewhere)
    assert stale.exit_code == 2
    assert "no recorded response matches" in stale.stderr


def test_cassette_error_bodies_are_redacted_but_successful_ones_keep_their_words(
    fault_server: FaultServer, cli: Any, tmp_path: Path, no_backoff: None
) -> None:
    fault_server.play(*ECHOING_FAULTS["echo-400"])
    error_cassette = tmp_path / "error.yaml"
    _record(cli, _credentialed_url(fault_server, user_info=False), error_cassette)
    error_text = error_cassette.read_text(encoding="utf-8")
    assert "Incorrect API key provided: Bearer [redacted]" in error_text
    assert _leaks(error_text) == []
    fault_server.play(*ECHOING_FAULTS["secret-shaped-words-in-200"])
    ok_cassette = tmp_path / "ok.yaml"
    _record(cli, fault_server.base_url, ok_cassette)
    assert SECRET_SHAPED_WORDS in ok_cassette.read_text(encoding="utf-8"), "a 2xx body is kept"


SENSITIVE_HEADERS = [
    pytest.param("Authorization", True, id="authorization"),
    pytest.param("Proxy-Authorization", True, id="proxy-authorization"),
    pytest.param("api-key", True, id="api-key"),
    pytest.param("X-Api-Key", True, id="x-api-key"),
    pytest.param("Cookie", True, id="cookie"),
    pytest.param("Set-Cookie", True, id="set-cookie"),
    pytest.param("OpenAI-Organization", True, id="openai-organization"),
    pytest.param("openai-project", True, id="openai-project"),
    pytest.param("X-Stainless-OS", True, id="x-stainless-os"),
    pytest.param("Content-Type", False, id="content-type"),
    pytest.param("Retry-After", False, id="retry-after"),
    pytest.param("x-request-id", False, id="x-request-id"),
]


@pytest.mark.parametrize(("header", "sensitive"), SENSITIVE_HEADERS)
def test_cassette_header_filter(header: str, sensitive: bool) -> None:
    assert is_sensitive(header) is sensitive


def _recorded_response(code: int, body: bytes) -> dict[str, Any]:
    headers = {"Content-Length": [str(len(body))], "Set-Cookie": ["session=abc"]}
    return {"status": {"code": code, "message": ""}, "headers": headers, "body": {"string": body}}


def test_a_redacted_error_body_keeps_a_true_content_length() -> None:
    body = b'{"error": {"message": "bad credentials: Bearer abc123def456ghi"}}'
    scrubbed = _scrub_response(_recorded_response(401, body))
    assert scrubbed["body"]["string"] == body.replace(b"abc123def456ghi", b"[redacted]")
    assert scrubbed["headers"] == {"Content-Length": [str(len(scrubbed["body"]["string"]))]}


def test_a_successful_body_keeps_secret_shaped_words() -> None:
    body = b'{"choices": [{"message": {"content": "Bearer abc123def456ghi, key: x"}}]}'
    scrubbed = _scrub_response(_recorded_response(200, body))
    assert scrubbed["body"]["string"] == body
    assert scrubbed["headers"] == {"Content-Length": [str(len(body))]}


MALFORMED_CREDENTIALED_URLS = [
    pytest.param(f"ftp://{USER}:{CANARY_PASSWORD}@h/v1?api-key={CANARY_QUERY}", id="ftp"),
    pytest.param(f"http://{USER}:{CANARY_PASSWORD}@h:99999/v1?key={CANARY_QUERY}", id="bad-port"),
    pytest.param(
        f"{USER}:{CANARY_PASSWORD}@127.0.0.1:8080/v1?token={CANARY_QUERY}", id="no-scheme"
    ),
    pytest.param(f"http//{USER}:{CANARY_PASSWORD}@h/v1?api-key={CANARY_QUERY}", id="no-colon"),
]


@pytest.mark.parametrize("url", MALFORMED_CREDENTIALED_URLS)
def test_a_refused_base_url_keeps_its_credentials_out_of_the_message(cli: Any, url: str) -> None:
    result = cli("summarize", str(DOCUMENT), "--model", MODEL, "--base-url", url)
    assert result.exit_code == 2, result.output
    assert "base URL" in result.stderr
    assert _leaks(result.output) == []
    with pytest.raises(summarizer.SummarizerError) as caught:
        summarizer.Summarizer(MODEL, base_url=url)
    assert _leaks(str(caught.value) + repr(caught.value)) == []
