"""Shared fixtures. Tests are offline: LLM exchanges come from recorded cassettes
(replayed with record_mode="none") or from hand-written responses labelled as such."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
from typer.testing import CliRunner

import summarizer
from summarizer.cli import app
from tests.seed_fixture import load_handwritten_seed_summary

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "iraq-us-forces.txt"
SHORT = ROOT / "tests" / "data" / "riverton-bridge.txt"
CASSETTES = ROOT / "cassettes"

# fault_server, canary_key, no_backoff: the scripted server of the fault-injection suite.
pytest_plugins = ("tests.fault_server",)


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's keys, base URLs, home or cache directory (the
    response cache of a test lives in its tmp HOME)."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
        monkeypatch.delenv(name, raising=False)
    for name in ("SUMMARIZER_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def handwritten_seed_summary(seed_text: str) -> dict[str, Any]:
    """A hand-written perfect summary of the seed article (every quote verbatim, sliced
    from the seed at run time: the fixture file stores locators, never the seed's words)."""
    return load_handwritten_seed_summary(seed_text)


def handwritten_completion(
    arguments: dict[str, Any] | str, tokens: int = 10, tool: str = "StructuredSummary"
) -> dict[str, Any]:
    """A hand-written OpenAI chat completion whose forced call of TOOL carries ARGUMENTS."""
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {
        "id": "chatcmpl-handwritten",
        "object": "chat.completion",
        "created": 0,
        "model": "handwritten",
        "choices": [
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": tool, "arguments": text},
                        }
                    ],
                },
            }
        ],
        "usage": {"prompt_tokens": tokens, "completion_tokens": tokens, "total_tokens": 2 * tokens},
    }


class ScriptedServer:
    """An httpx2.MockTransport handler that answers from a hand-written script."""

    def __init__(self, replies: list[httpx2.Response | Exception]) -> None:
        self.replies = list(replies)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return reply

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


def completion_reply(arguments: dict[str, Any] | str, tokens: int = 10) -> httpx2.Response:
    return httpx2.Response(200, json=handwritten_completion(arguments, tokens))


@pytest.fixture
def scripted() -> Callable[..., tuple[summarizer.Summarizer, ScriptedServer]]:
    """A Summarizer talking to a ScriptedServer through httpx2.MockTransport."""
    made: list[summarizer.Summarizer] = []

    def make(
        replies: list[httpx2.Response | Exception], **options: Any
    ) -> tuple[summarizer.Summarizer, ScriptedServer]:
        server = ScriptedServer(replies)
        instance = summarizer.Summarizer(
            "openai-compatible/handwritten",
            base_url="http://scripted.test/v1",
            http_transport=httpx2.MockTransport(server),
            **options,
        )
        made.append(instance)
        return instance, server

    return make


@pytest.fixture
def cli() -> Iterator[Callable[..., Any]]:
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None) -> Any:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    yield invoke


def assert_one_line_error(
    result: Any, code: int, fragment: str, *, empty_stdout: bool = False
) -> None:
    """RESULT exited with CODE and one stderr line, 'summarizer: error: ...FRAGMENT...', no
    traceback; with EMPTY_STDOUT, nothing on stdout either."""
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("summarizer: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.output
    if empty_stdout:
        assert result.stdout == ""
