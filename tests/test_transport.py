"""Transport retries (tenacity, in the HTTP transport) versus re-asks (instructor):
separate budgets, neither repeating the other's failures. Replies are hand-written."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx2
import pytest
from tenacity import RetryCallState, Retrying, stop_after_attempt, wait_none

from summarizer import ProviderError
from summarizer._engines import _transport as transport
from summarizer._engines._transport import (
    MAX_WAIT_SECONDS,
    AnswerFault,
    HTMLAnswer,
    InvalidJSONAnswer,
    NoChoicesAnswer,
    RetryingTransport,
    TransportPolicy,
    WaitBeyondBudget,
    _backoff,
    check_answer,
    retry_after_seconds,
)
from tests.conftest import ScriptedServer, completion_reply, handwritten_completion

NO_WAIT = Retrying(stop=stop_after_attempt(3), wait=wait_none())


def _status(code: int, **headers: str) -> httpx2.Response:
    return httpx2.Response(code, json={"error": {"message": f"status {code}"}}, headers=headers)


@pytest.mark.parametrize("code", [429, 500, 502, 503, 504, 408])
def test_transient_status_is_retried_then_answered(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any], code: int
) -> None:
    summarizer, server = scripted(
        [_status(code), completion_reply(handwritten_seed_summary)], transport_retries=NO_WAIT
    )
    result = summarizer.summarize(seed_text)
    assert len(server.requests) == 2
    assert result.meta.transport_retries == 1
    assert result.meta.attempts == 1, "a transport retry is not a re-ask"


def test_retry_after_is_honoured(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    summarizer, server = scripted(
        [_status(429, **{"retry-after": "1"}), completion_reply(handwritten_seed_summary)]
    )
    started = time.monotonic()
    summarizer.summarize(seed_text)
    assert time.monotonic() - started >= 1.0
    assert len(server.requests) == 2


@pytest.mark.parametrize(
    ("value", "seconds"), [("3", 3.0), ("0", 0.0), ("-5", 0.0), ("soon", None)]
)
def test_retry_after_parsing(value: str, seconds: float | None) -> None:
    response = httpx2.Response(429, headers={"retry-after": value})
    assert retry_after_seconds(response) == seconds


def test_retry_after_as_http_date() -> None:
    response = httpx2.Response(429, headers={"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"})
    assert retry_after_seconds(response) == 0.0


def test_persistent_5xx_exhausts_attempts_and_exits_3(scripted: Any, seed_text: str) -> None:
    summarizer, server = scripted([_status(503)] * 3, transport_retries=NO_WAIT)
    with pytest.raises(ProviderError, match="answered HTTP 503: status 503") as caught:
        summarizer.summarize(seed_text)
    assert caught.value.exit_code == 3
    assert len(server.requests) == 3


def test_client_error_is_not_retried(scripted: Any, seed_text: str) -> None:
    summarizer, server = scripted([_status(400)], transport_retries=NO_WAIT)
    with pytest.raises(ProviderError, match="HTTP 400"):
        summarizer.summarize(seed_text)
    assert len(server.requests) == 1


def test_bad_key_says_so(scripted: Any, seed_text: str) -> None:
    summarizer, server = scripted([_status(401)], transport_retries=NO_WAIT)
    with pytest.raises(ProviderError, match=r"authentication failed \(401\)"):
        summarizer.summarize(seed_text)
    assert len(server.requests) == 1


def test_connection_errors_are_retried(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    summarizer, server = scripted(
        [httpx2.ConnectError("refused"), completion_reply(handwritten_seed_summary)],
        transport_retries=NO_WAIT,
    )
    assert summarizer.summarize(seed_text).meta.transport_retries == 1
    assert len(server.requests) == 2


def test_connection_failure_exhausted_names_the_server(scripted: Any, seed_text: str) -> None:
    summarizer, _ = scripted([httpx2.ConnectError("refused")] * 3, transport_retries=NO_WAIT)
    with pytest.raises(ProviderError, match=r"cannot reach http://scripted\.test/v1"):
        summarizer.summarize(seed_text)


def test_timeouts_are_retried_then_reported(scripted: Any, seed_text: str) -> None:
    summarizer, server = scripted([httpx2.ReadTimeout("slow")] * 3, transport_retries=NO_WAIT)
    with pytest.raises(ProviderError, match=r"timed out \(raise --timeout\)"):
        summarizer.summarize(seed_text)
    assert len(server.requests) == 3


def test_integer_budget_bounds_attempts(scripted: Any, seed_text: str) -> None:
    summarizer, server = scripted([_status(503, **{"retry-after": "0"})] * 2, transport_retries=2)
    with pytest.raises(ProviderError):
        summarizer.summarize(seed_text)
    assert len(server.requests) == 2


def test_validation_failures_are_not_retried_by_the_transport(
    scripted: Any, seed_text: str
) -> None:
    summarizer, server = scripted(
        [completion_reply("{}")] * 2, transport_retries=NO_WAIT, max_retries=1
    )
    with pytest.raises(Exception, match="failed validation after 2 attempt"):
        summarizer.summarize(seed_text)
    assert len(server.requests) == 2, "one re-ask, no transport retry"


def test_transport_failure_during_a_reask_is_not_reasked(scripted: Any, seed_text: str) -> None:
    summarizer, server = scripted(
        [completion_reply("{}"), _status(400)], transport_retries=NO_WAIT, max_retries=2
    )
    with pytest.raises(ProviderError, match="HTTP 400"):
        summarizer.summarize(seed_text)
    assert len(server.requests) == 2


@pytest.mark.parametrize(("attempt", "base"), [(1, 0.5), (2, 1.0), (3, 2.0), (6, 16.0)])
def test_backoff_doubles_with_up_to_half_a_second_of_jitter(attempt: int, base: float) -> None:
    state = RetryCallState(Retrying(), None, (), {})
    state.attempt_number = attempt
    waits = [_backoff(state) for _ in range(200)]
    assert all(base <= wait <= base + 0.5 for wait in waits)
    assert max(waits) - min(waits) > 0.1  # jittered, not fixed


def test_backoff_never_exceeds_the_cap() -> None:
    state = RetryCallState(Retrying(), None, (), {})
    state.attempt_number = 30
    assert _backoff(state) == MAX_WAIT_SECONDS


# --- answers that are not the OpenAI API's: classified in the transport ---------------

_CHAT = "http://scripted.test/v1/chat/completions"
_COMPLETION = json.dumps(handwritten_completion({"title": "x"})).encode()


def _answer(
    body: bytes, content_type: str = "application/json", code: int = 200
) -> httpx2.Response:
    return httpx2.Response(code, content=body, headers={"content-type": content_type})


@pytest.mark.parametrize(
    ("url", "response", "fault", "detail"),
    [
        (_CHAT, _answer(_COMPLETION), None, ""),
        (_CHAT, _answer(b"<html><title>Log in</title></html>", "text/html"), HTMLAnswer, "Log in"),
        (_CHAT, _answer(b"\n <!DOCTYPE html><html></html>"), HTMLAnswer, ""),
        (_CHAT, _answer(_COMPLETION[:40]), InvalidJSONAnswer, "line 1 column 41"),
        (_CHAT, _answer(b""), InvalidJSONAnswer, "Expecting value"),
        (_CHAT, _answer(b"\xff\xfe\xfa"), InvalidJSONAnswer, ""),
        (_CHAT, _answer(b"[]"), NoChoicesAnswer, "a JSON list, not an object"),
        (_CHAT, _answer(b'{"choices": []}'), NoChoicesAnswer, ""),
        (_CHAT, _answer(b'{"error": {"message": "upstream down"}}'), NoChoicesAnswer, "upstream"),
        (_CHAT, _answer(b"<html>Bad Gateway</html>", "text/html", 502), None, ""),
        ("http://scripted.test/v1/models", _answer(b"not json"), None, ""),
    ],
    ids=[
        "valid-completion",
        "html-by-content-type",
        "html-by-its-first-bytes",
        "truncated-json",
        "empty-body",
        "not-utf8",
        "json-list",
        "empty-choices",
        "error-in-a-200",
        "html-error-status-left-to-the-client",
        "other-endpoint-not-parsed",
    ],
)
def test_answers_are_classified(
    url: str, response: httpx2.Response, fault: type[AnswerFault] | None, detail: str
) -> None:
    request = httpx2.Request("POST", url)
    response.read()
    if fault is None:
        check_answer(request, response)
        return
    with pytest.raises(fault) as caught:
        check_answer(request, response)
    assert detail in caught.value.detail


def _transport(replies: list[httpx2.Response], policy: TransportPolicy) -> Any:
    server = ScriptedServer(list(replies))
    client = httpx2.Client(transport=RetryingTransport(policy, httpx2.MockTransport(server)))
    return client, server


def test_retry_after_beyond_the_time_budget_fails_at_once() -> None:
    asked = _status(429, **{"retry-after": "3"})
    client, server = _transport([asked, _status(200)], TransportPolicy(3, max_total_seconds=2.0))
    with client, pytest.raises(WaitBeyondBudget) as caught:
        client.post(_CHAT)
    assert (caught.value.status, caught.value.asked) == (429, 3.0)
    assert 1.9 < caught.value.remaining <= 2.0
    assert len(server.requests) == 1


def test_retry_after_within_the_time_budget_is_waited() -> None:
    asked = _status(429, **{"retry-after": "0.2"})
    reply = httpx2.Response(200, json=handwritten_completion({}))
    client, server = _transport([asked, reply], TransportPolicy(3, max_total_seconds=2.0))
    with client:
        assert client.post(_CHAT).status_code == 200
    assert len(server.requests) == 2


def test_a_custom_wait_is_used_as_given_even_against_retry_after() -> None:
    asked = _status(429, **{"retry-after": "600"})
    reply = httpx2.Response(200, json=handwritten_completion({}))
    client, server = _transport([asked, reply], TransportPolicy(NO_WAIT))
    with client:
        assert client.post(_CHAT).status_code == 200
    assert len(server.requests) == 2


def test_an_html_answer_is_not_retried() -> None:
    page = _answer(b"<html><title>Portal</title></html>", "text/html")
    client, server = _transport([page, page], TransportPolicy(NO_WAIT))
    with client, pytest.raises(HTMLAnswer, match="Portal"):
        client.post(_CHAT)
    assert len(server.requests) == 1


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (_status(429), "rate limited"),
        (_status(503), "the server answered HTTP 503"),
        (httpx2.ConnectError("refused"), "the connection failed"),
        (httpx2.ReadTimeout("slow"), "the request timed out"),
        (_answer(b"{"), "the server's answer was not the OpenAI API's"),
    ],
    ids=["429", "503", "connect-error", "timeout", "invalid-json"],
)
def test_a_long_wait_says_why(
    failure: httpx2.Response | Exception,
    reason: str,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(transport, "ANNOUNCE_WAIT_SECONDS", -1.0)  # announce every wait
    monkeypatch.setattr(transport, "BACKOFF_SECONDS", 0.0)
    monkeypatch.setattr(transport, "JITTER_SECONDS", 0.0)
    reply = httpx2.Response(200, json=handwritten_completion({}))
    client, _ = _transport([failure, reply], TransportPolicy(2))
    with client, caplog.at_level(logging.WARNING, logger="summarizer"):
        client.post(_CHAT)
    assert [r.getMessage() for r in caplog.records] == [f"{reason}; retrying in 0 s"]
