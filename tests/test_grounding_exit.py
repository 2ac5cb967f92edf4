"""The run's exit code reflects grounding: strict grounding that leaves nothing, and a
coverage under --min-coverage, fail with exit 5 (GroundingError in the API) after the
outputs are written. Hand-written model replies from a server on 127.0.0.1."""

from __future__ import annotations

import copy
import json
import math
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from summarizer import ConfigurationError, GroundingError, Summarizer
from tests.conftest import completion_reply, handwritten_completion
from tests.test_summary_grounding import FABRICATED_QUOTE, HANDWRITTEN_HARBOR_SUMMARY, HARBOR

NOTHING_VERIFIED = "nothing in the summary could be verified against the document"


class _HandwrittenRepliesServer(ThreadingHTTPServer):
    """Answers each POST with the next hand-written chat completion (400 once they run out)."""

    def __init__(self, replies: list[dict[str, Any]]) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.replies = [json.dumps(reply).encode() for reply in replies]
        self.requests = 0


class _Handler(BaseHTTPRequestHandler):
    server: _HandwrittenRepliesServer

    def do_POST(self) -> None:  # http.server calls do_<METHOD>
        self.rfile.read(int(self.headers.get("content-length", 0)))
        self.server.requests += 1
        status, body = (200, self.server.replies.pop(0)) if self.server.replies else (400, b"{}")
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def handwritten_server() -> Iterator[Callable[[list[dict[str, Any]]], _HandwrittenRepliesServer]]:
    started: list[_HandwrittenRepliesServer] = []

    def start(summaries: list[dict[str, Any]]) -> _HandwrittenRepliesServer:
        server = _HandwrittenRepliesServer([handwritten_completion(s) for s in summaries])
        threading.Thread(target=server.serve_forever, daemon=True).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.shutdown()
        server.server_close()


def _fabricated(*sections: str) -> dict[str, Any]:
    """The harbor summary with the evidence of the first item of SECTIONS made up."""
    reply = copy.deepcopy(HANDWRITTEN_HARBOR_SUMMARY)
    for section in sections:
        key = "statements" if section == "sources" else "evidence"
        reply[section][0][key] = [{"quote": FABRICATED_QUOTE}]
    return reply


@pytest.fixture
def harbor_file(tmp_path: Path) -> Path:
    path = tmp_path / "harbor.txt"
    path.write_text(HARBOR, encoding="utf-8")
    return path


def _run(cli: Any, server: _HandwrittenRepliesServer, document: Path, *extra: str) -> Any:
    base_url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    model = ("--model", "openai-compatible/handwritten", "--base-url", base_url)
    return cli("summarize", str(document), *model, "--max-retries", "0", *extra)


def _last_line(stderr: str) -> str:
    return stderr.strip().splitlines()[-1]


# --- the Python API ---------------------------------------------------------------------


def test_min_coverage_below_raises_with_the_result(scripted: Any) -> None:
    summarizer, _ = scripted([completion_reply(_fabricated("risks"))], max_retries=0)
    summarizer.min_coverage = 0.8
    with pytest.raises(GroundingError) as caught:
        summarizer.summarize(HARBOR)
    error = caught.value
    assert error.exit_code == 5
    assert str(error) == "grounding coverage 0.66 is below --min-coverage 0.80"
    assert error.result.meta.grounding.verified_items == 2
    assert len(list(error.result.summary.items())) == 3


def test_min_coverage_met_returns_the_result(scripted: Any) -> None:
    summarizer, _ = scripted(
        [completion_reply(_fabricated("risks"))], max_retries=0, min_coverage=0.6
    )
    result = summarizer.summarize(HARBOR)
    assert math.isclose(result.meta.grounding.coverage, 2 / 3)


def test_min_coverage_counts_what_strict_grounding_dropped(scripted: Any) -> None:
    # After dropping, what is left is all verified (coverage 1.0), but the engine's output
    # had 2 of 3 items verified: that is what --min-coverage judges.
    summarizer, _ = scripted(
        [completion_reply(_fabricated("risks"))],
        max_retries=0,
        strict_grounding=True,
        min_coverage=0.9,
    )
    with pytest.raises(GroundingError, match=r"coverage 0\.66 is below") as caught:
        summarizer.summarize(HARBOR)
    grounding = caught.value.result.meta.grounding
    assert (grounding.coverage, grounding.dropped_items) == (1.0, 1)


def test_strict_grounding_with_nothing_verified_raises(scripted: Any) -> None:
    everything_made_up = _fabricated("sources", "risks", "key_facts")
    summarizer, _ = scripted(
        [completion_reply(everything_made_up)], max_retries=0, strict_grounding=True
    )
    with pytest.raises(GroundingError, match=NOTHING_VERIFIED) as caught:
        summarizer.summarize(HARBOR)
    result = caught.value.result
    assert list(result.summary.items()) == []
    assert result.meta.grounding.dropped_items == 3


def test_strict_grounding_with_something_verified_returns_it(scripted: Any) -> None:
    summarizer, _ = scripted(
        [completion_reply(_fabricated("sources", "risks"))], max_retries=0, strict_grounding=True
    )
    result = summarizer.summarize(HARBOR)
    assert [section for section, _, _ in result.summary.items()] == ["key_facts"]
    assert result.meta.grounding.dropped_items == 2


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(1.5, id="above-one"),
        pytest.param(-0.1, id="negative"),
        pytest.param(math.nan, id="nan"),
    ],
)
def test_min_coverage_out_of_range_is_a_configuration_error(value: float) -> None:
    with pytest.raises(ConfigurationError, match="min_coverage must be between 0 and 1"):
        Summarizer("extractive", min_coverage=value)


@pytest.mark.parametrize("value", [pytest.param(0.0, id="zero"), pytest.param(1.0, id="one")])
def test_min_coverage_bounds_are_accepted(value: float) -> None:
    assert Summarizer("extractive", min_coverage=value).min_coverage == value


# --- the command line -------------------------------------------------------------------


def test_cli_coverage_below_min_exits_5_after_writing_the_outputs(
    cli: Any, handwritten_server: Any, harbor_file: Path, tmp_path: Path
) -> None:
    server = handwritten_server([_fabricated("risks")])
    out, meta = tmp_path / "out.json", tmp_path / "meta.json"
    args = ("--min-coverage", "0.8", "-o", str(out), "--meta", str(meta))
    result = _run(cli, server, harbor_file, *args)
    assert result.exit_code == 5
    assert _last_line(result.stderr) == (
        "summarizer: error: grounding coverage 0.66 is below --min-coverage 0.80"
    )
    assert "grounding: 2/3 items verified (67%)" in result.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["risks"]) == 1
    assert json.loads(meta.read_text(encoding="utf-8"))["grounding"]["verified_items"] == 2


def test_cli_coverage_at_min_exits_0(cli: Any, handwritten_server: Any, harbor_file: Path) -> None:
    server = handwritten_server([_fabricated("risks")])
    result = _run(cli, server, harbor_file, "--min-coverage", "0.6")
    assert result.exit_code == 0, result.stderr
    assert "error" not in result.stderr


def test_cli_strict_grounding_with_nothing_verified_exits_5(
    cli: Any, handwritten_server: Any, harbor_file: Path, tmp_path: Path
) -> None:
    server = handwritten_server([_fabricated("sources", "risks", "key_facts")])
    out = tmp_path / "out.json"
    result = _run(cli, server, harbor_file, "--strict-grounding", "-o", str(out))
    assert result.exit_code == 5
    assert _last_line(result.stderr) == f"summarizer: error: {NOTHING_VERIFIED} (strict grounding)"
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["sources"] == written["risks"] == written["key_facts"] == []


def test_cli_strict_grounding_with_something_verified_exits_0(
    cli: Any, handwritten_server: Any, harbor_file: Path
) -> None:
    server = handwritten_server([_fabricated("sources", "risks")])
    result = _run(cli, server, harbor_file, "--strict-grounding")
    assert result.exit_code == 0, result.stderr
    assert "2 dropped" in result.stderr


def test_cli_unverified_summary_alone_exits_0_marked(
    cli: Any, handwritten_server: Any, harbor_file: Path
) -> None:
    invented = copy.deepcopy(HANDWRITTEN_HARBOR_SUMMARY)
    invented["title"] = "Atlantis pledges to dredge the north channel"
    server = handwritten_server([invented])
    result = _run(cli, server, harbor_file, "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Atlantis pledges to dredge the north channel ⚠ unverified")
    assert "title/summary: 1 claim(s) not in the document" in result.stderr
    assert server.requests == 1, "--max-retries 0: no re-ask"


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("1.5", id="above-one"),
        pytest.param("-0.1", id="negative"),
        pytest.param("nan", id="nan"),
    ],
)
def test_cli_min_coverage_out_of_range_exits_2_before_any_request(
    cli: Any, handwritten_server: Any, harbor_file: Path, value: str
) -> None:
    server = handwritten_server([HANDWRITTEN_HARBOR_SUMMARY])
    result = _run(cli, server, harbor_file, "--min-coverage", value)
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "min_coverage must be between 0 and 1" in result.stderr
    assert server.requests == 0


def test_cli_extractive_grounding_line_says_spans_by_construction(
    cli: Any, harbor_file: Path
) -> None:
    result = cli("summarize", str(harbor_file), "--model", "extractive", "--format", "markdown")
    assert result.exit_code == 0, result.stderr
    line = "items are spans of the document by construction (extractive engine)"
    assert line in result.stderr
    assert line in result.stdout
    assert "verified (" not in result.stderr, "no coverage percentage read as quality"
    strict = cli("summarize", str(harbor_file), "--model", "extractive", "--min-coverage", "1")
    assert strict.exit_code == 0, strict.stderr


def test_cli_llm_grounding_line_keeps_the_coverage(
    cli: Any, handwritten_server: Any, harbor_file: Path
) -> None:
    server = handwritten_server([HANDWRITTEN_HARBOR_SUMMARY])
    result = _run(cli, server, harbor_file)
    assert result.exit_code == 0, result.stderr
    assert "grounding: 3/3 items verified (100%)" in result.stderr
    assert "by construction" not in result.stderr
