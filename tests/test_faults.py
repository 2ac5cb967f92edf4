"""The fault-injection suite: every behaviour of the scripted server (tests/fault_server.py,
real sockets on 127.0.0.1) through the CLI, the Python API and its async twin. Each test
asserts the outcome, the exit code, the requests the server saw, and that the canary key
the server did receive appears nowhere in what summarizer printed or raised."""

from __future__ import annotations

import logging
import re
import sys
import time
from typing import Any

import pytest
from openai.types.chat import ChatCompletion
from tenacity import Retrying, stop_after_attempt, wait_none

import summarizer
from summarizer import InvalidResponseError, ModelOutputError, ProviderError
from summarizer._engines import _transport
from summarizer._engines._errors import refusal_text
from summarizer.cli import main
from tests.conftest import handwritten_completion
from tests.fault_server import (
    DOCUMENT,
    FAULT_OPTIONS,
    FAULTS,
    HANDWRITTEN_SUMMARY,
    Fault,
    FaultServer,
    SeenRequest,
    completion,
    empty_choices,
    reset_connection,
    short_body,
    status,
    truncated_json,
    valid_summary,
)

MODEL = "openai-compatible/scripted"
ALL_FAULTS = pytest.mark.parametrize("fault", list(FAULTS.values()), ids=list(FAULTS))


def _api(
    server: FaultServer, key: str, fault: Fault | None = None, **options: Any
) -> summarizer.Summarizer:
    given = {**(fault.options if fault else FAULT_OPTIONS), **options}
    return summarizer.Summarizer(MODEL, base_url=server.base_url, api_key=key, **given)


def _assert_key_sent_and_never_shown(requests: list[SeenRequest], key: str, *shown: str) -> None:
    assert requests and all(r.headers["authorization"] == f"Bearer {key}" for r in requests)
    for text in shown:
        assert key not in text
        assert key[len("sk-") :] not in text, "no part of the key either"


def _run_cli(
    cli: Any, fault: Fault, server: FaultServer, key: str, monkeypatch: pytest.MonkeyPatch
) -> Any:
    monkeypatch.setenv("OPENAI_API_KEY", key)
    args = ["summarize", str(DOCUMENT), "--model", MODEL, "--base-url", server.base_url]
    return cli(*args, *fault.cli_args())


@ALL_FAULTS
def test_fault_through_the_cli(
    fault: Fault,
    fault_server: FaultServer,
    canary_key: str,
    cli: Any,
    monkeypatch: pytest.MonkeyPatch,
    no_backoff: None,
) -> None:
    fault.play_on(fault_server)
    started = time.monotonic()
    result = _run_cli(cli, fault, fault_server, canary_key, monkeypatch)
    expected = fault.outcome
    assert result.exit_code == expected.exit_code, result.stderr
    assert len(fault_server.requests) == expected.requests
    assert time.monotonic() - started >= fault.seconds
    _assert_key_sent_and_never_shown(
        fault_server.requests, canary_key, result.stdout, result.stderr
    )
    if expected.exit_code:
        assert re.search(expected.message, result.stderr), result.stderr
        assert "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1, "one line on stderr"
        assert result.stdout == ""
    else:
        assert f"{expected.attempts} attempt(s)" in result.stderr
        assert f"{expected.transport_retries} transport retries" in result.stderr
        assert ("best attempt kept" in result.stderr) is expected.best_attempt


def _assert_api_outcome(
    fault: Fault, call: Any, server: FaultServer, key: str
) -> summarizer.SummaryResult | None:
    expected = fault.outcome
    if expected.error is None:
        result: summarizer.SummaryResult = call()
        assert result.meta.attempts == expected.attempts
        assert result.meta.transport_retries == expected.transport_retries
        assert result.meta.best_attempt is expected.best_attempt
        _assert_key_sent_and_never_shown(server.requests, key, result.model_dump_json())
        assert len(server.requests) == expected.requests
        return result
    with pytest.raises(expected.error, match=expected.message) as caught:
        call()
    assert caught.value.exit_code == expected.exit_code
    _assert_key_sent_and_never_shown(server.requests, key, str(caught.value))
    assert len(server.requests) == expected.requests
    return None


@ALL_FAULTS
def test_fault_through_the_api(
    fault: Fault, fault_server: FaultServer, canary_key: str, no_backoff: None
) -> None:
    fault.play_on(fault_server)
    text = DOCUMENT.read_text(encoding="utf-8")
    with _api(fault_server, canary_key, fault) as instance:
        _assert_api_outcome(fault, lambda: instance.summarize(text), fault_server, canary_key)


@ALL_FAULTS
async def test_fault_through_the_async_api(
    fault: Fault, fault_server: FaultServer, canary_key: str, no_backoff: None
) -> None:
    fault.play_on(fault_server)
    text = DOCUMENT.read_text(encoding="utf-8")
    with _api(fault_server, canary_key, fault) as instance:
        started = time.monotonic()
        result = await _await_outcome(fault, instance, text, fault_server, canary_key)
        assert time.monotonic() - started >= fault.seconds
    if result is not None:
        assert result.summary.title == HANDWRITTEN_SUMMARY["title"]


async def _await_outcome(
    fault: Fault, instance: summarizer.Summarizer, text: str, server: FaultServer, key: str
) -> summarizer.SummaryResult | None:
    expected = fault.outcome
    if expected.error is None:
        result = await instance.asummarize(text)
        assert (result.meta.attempts, result.meta.transport_retries) == (
            expected.attempts,
            expected.transport_retries,
        )
        assert len(server.requests) == expected.requests
        return result
    with pytest.raises(expected.error, match=expected.message) as caught:
        await instance.asummarize(text)
    _assert_key_sent_and_never_shown(server.requests, key, str(caught.value))
    assert len(server.requests) == expected.requests
    return None


@pytest.mark.parametrize(
    "broken",
    [truncated_json(), empty_choices(), short_body(), reset_connection()],
    ids=["truncated-json", "empty-choices", "short-body", "connection-reset"],
)
def test_broken_answers_are_retried_then_succeed(
    broken: Any, fault_server: FaultServer, canary_key: str, no_backoff: None
) -> None:
    fault_server.play(broken, valid_summary())
    with _api(fault_server, canary_key) as instance:
        result = instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 2
    assert result.meta.transport_retries == 1
    assert result.meta.attempts == 1, "a broken answer is not a re-ask"


def test_short_body_every_time_says_the_connection_broke(
    fault_server: FaultServer, canary_key: str, no_backoff: None
) -> None:
    fault_server.play(short_body())
    with (
        _api(fault_server, canary_key) as instance,
        pytest.raises(ProviderError, match=r"the connection to http://127\.0\.0\.1:\d+/v1 broke"),
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 3


def test_html_error_page_names_the_base_url(
    fault_server: FaultServer, canary_key: str, no_backoff: None
) -> None:
    def html_404(exchange: Any) -> None:
        exchange.send(404, b"<html><body>Not Found</body></html>", content_type="text/html")

    fault_server.play(html_404)
    with (
        _api(fault_server, canary_key) as instance,
        pytest.raises(ProviderError, match=r"HTTP 404: an HTML page.*check --base-url"),
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 1


def test_json_in_content_is_not_a_refusal_and_is_reasked(
    fault_server: FaultServer, canary_key: str
) -> None:
    def json_in_content(exchange: Any) -> None:
        reply = handwritten_completion(HANDWRITTEN_SUMMARY)
        message = {"role": "assistant", "content": '{"title": "Riverton"}'}
        choice = {"index": 0, "finish_reason": "stop", "message": message}
        exchange.send_json(200, {**reply, "choices": [choice]})

    fault_server.play(json_in_content, valid_summary())
    with _api(fault_server, canary_key) as instance:
        result = instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 2, "re-asked once, then valid"
    assert result.meta.attempts == 2


def test_refusal_stops_reasks_however_large_the_budget(
    fault_server: FaultServer, canary_key: str
) -> None:
    FAULTS["refusal-in-content"].play_on(fault_server)
    with (
        _api(fault_server, canary_key, max_retries=5) as instance,
        pytest.raises(summarizer.RefusalError) as caught,
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 1
    assert caught.value.refusal == "I'm sorry, but I can't help with summarizing this document."
    assert isinstance(caught.value, ModelOutputError) and caught.value.exit_code == 4


def test_html_answer_is_not_retried(fault_server: FaultServer, canary_key: str) -> None:
    FAULTS["html-200"].play_on(fault_server)
    with (
        _api(fault_server, canary_key, transport_retries=4) as instance,
        pytest.raises(InvalidResponseError, match=r"page title: 'Sign in - Example Proxy'"),
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 1


def test_retry_after_beyond_budget_fails_fast(fault_server: FaultServer, canary_key: str) -> None:
    FAULTS["429-retry-after-beyond-budget"].play_on(fault_server)
    started = time.monotonic()
    with (
        _api(fault_server, canary_key) as instance,
        pytest.raises(summarizer.RateLimitError, match=r"retry budget \((299|300) s\)") as caught,
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert caught.value.retry_after == 600.0
    assert time.monotonic() - started < 30, "no sleeping before failing"


@pytest.mark.parametrize(
    ("retry_after", "announced"),
    [("1", True), ("0", False)],
    ids=["wait-over-threshold-announced", "short-wait-silent"],
)
def test_long_waits_are_announced(
    retry_after: str,
    announced: bool,
    fault_server: FaultServer,
    canary_key: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(_transport, "ANNOUNCE_WAIT_SECONDS", 0.5)  # 5 s in production
    fault_server.play(status(429, "slow down", {"Retry-After": retry_after}), valid_summary())
    with (
        caplog.at_level(logging.WARNING, logger="summarizer"),
        _api(fault_server, canary_key) as instance,
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    lines = [r.getMessage() for r in caplog.records if r.name == "summarizer"]
    assert lines == (["rate limited; retrying in 1 s"] if announced else [])


def test_the_cli_prints_the_announcement_on_stderr(
    fault_server: FaultServer,
    canary_key: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(_transport, "ANNOUNCE_WAIT_SECONDS", 0.5)
    monkeypatch.setenv("OPENAI_API_KEY", canary_key)
    fault_server.play(status(429, "slow down", {"Retry-After": "1"}), valid_summary())
    argv = ["summarizer", "summarize", str(DOCUMENT), "--model", MODEL]
    monkeypatch.setattr(sys, "argv", [*argv, "--base-url", fault_server.base_url])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == 0
    stderr = capsys.readouterr().err
    assert "summarizer: rate limited; retrying in 1 s\n" in stderr
    assert canary_key not in stderr


def _completion_with(message: dict[str, Any], finish_reason: str = "stop") -> ChatCompletion:
    reply = handwritten_completion(HANDWRITTEN_SUMMARY)
    choice = {"index": 0, "finish_reason": finish_reason, "message": message}
    return ChatCompletion.model_validate({**reply, "choices": [choice]})


@pytest.mark.parametrize(
    ("message", "finish_reason", "refusal"),
    [
        ({"role": "assistant", "content": None, "refusal": "No."}, "stop", "No."),
        ({"role": "assistant", "content": "I cannot do that."}, "stop", "I cannot do that."),
        ({"role": "assistant", "content": None}, "content_filter", "content filter"),
        ({"role": "assistant", "content": 'Here: {"title": "x"}'}, "stop", None),
        ({"role": "assistant", "content": "Sure, the summary is"}, "length", None),
        ({"role": "assistant", "content": "  "}, "stop", None),
    ],
    ids=[
        "refusal-field",
        "prose-without-tool-call",
        "content-filter",
        "json-in-content-is-output",
        "cut-off-at-token-limit-is-not-a-refusal",
        "blank-content-is-not-a-refusal",
    ],
)
def test_what_counts_as_a_refusal(
    message: dict[str, Any], finish_reason: str, refusal: str | None
) -> None:
    found = refusal_text(_completion_with(message, finish_reason))
    assert found == refusal if refusal is None else refusal in (found or "")


def test_a_tool_call_is_never_a_refusal() -> None:
    completion = ChatCompletion.model_validate(handwritten_completion(HANDWRITTEN_SUMMARY))
    assert refusal_text(completion) is None


def test_a_503_asking_to_wait_too_long_fails_fast_too(
    fault_server: FaultServer, canary_key: str
) -> None:
    fault_server.play(status(503, headers={"Retry-After": "900"}))
    with (
        _api(fault_server, canary_key) as instance,
        pytest.raises(summarizer.RateLimitError, match=r"HTTP 503 from .* asked to wait 900 s"),
    ):
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 1


def test_a_base_url_query_is_sent_as_a_query(fault_server: FaultServer, canary_key: str) -> None:
    fault_server.play(valid_summary())
    with summarizer.Summarizer(
        MODEL, base_url=f"{fault_server.base_url}?api-version=2024-06-01", api_key=canary_key
    ) as instance:
        instance.summarize(DOCUMENT.read_text(encoding="utf-8"))
    assert [r.path for r in fault_server.requests] == [
        "/v1/chat/completions?api-version=2024-06-01"
    ]


async def test_a_retrying_reask_budget_works_in_async_too(
    fault_server: FaultServer, canary_key: str
) -> None:
    fault_server.play(completion("{}"))
    budget = Retrying(stop=stop_after_attempt(3), wait=wait_none())
    with (
        _api(fault_server, canary_key, max_retries=budget) as instance,
        pytest.raises(ModelOutputError, match="failed validation after 3 attempt"),
    ):
        await instance.asummarize(DOCUMENT.read_text(encoding="utf-8"))
    assert len(fault_server.requests) == 3
