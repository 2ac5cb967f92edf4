"""Long documents end to end against a scripted server on 127.0.0.1: chunks, concurrency,
re-splits after context-length errors, the final call, meta, usage, batch and the CLI."""

from __future__ import annotations

import asyncio
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

import summarizer
from summarizer._long._budget import MIN_CHUNK_CHARS
from summarizer.batch import BatchSettings, Document, run_batch
from tests.conftest import SHORT, assert_one_line_error
from tests.latency_server import LatencyServer, Reply
from tests.scripted_long_server import (
    FINAL_SUMMARY,
    FINAL_TITLE,
    SCRIPTED_TOKENS,
    document_of,
    invented_articles,
    scripted_completion,
    scripted_reply,
)

DOCUMENT = invented_articles(24)  # about 14 KB
SMALL_CONTEXT = {"context_size": 2048, "max_tokens": 300}


def _options(server: LatencyServer, **extra: Any) -> dict[str, Any]:
    return {
        "base_url": server.base_url,
        "api_key": "sk-test-long",
        "cache": False,
        "transport_retries": 1,
        "max_retries": 1,
        **extra,
    }


class RecordingReply:
    """`scripted_reply`, keeping every request body it answered."""

    def __init__(self, reply: Reply) -> None:
        self.reply = reply
        self.bodies: list[dict[str, Any]] = []

    def __call__(self, request: dict[str, Any]) -> tuple[int, Any]:
        self.bodies.append(request)
        return self.reply(request)

    def chunk_texts(self) -> list[str]:
        return [text for body in self.bodies if (text := document_of(body)) is not None]


def _summarize(reply: Reply, text: str, latency: float = 0.0, **extra: Any) -> Any:
    with (
        LatencyServer(reply, latency) as server,
        summarizer.Summarizer("openai-compatible/x", **_options(server, **extra)) as s,
    ):
        return s.summarize(text), server.most_in_flight


def _assert_offsets_slice_the_document(result: summarizer.SummaryResult, text: str) -> None:
    quotes = [e for _, _, item in result.summary.items() for e in item.all_evidence()]
    assert quotes, "the merged summary quotes something"
    for evidence in quotes:
        assert evidence.start is not None and evidence.end is not None
        assert text[evidence.start : evidence.end] == evidence.quote


def test_a_document_that_fits_is_sent_whole_as_before() -> None:
    reply = RecordingReply(scripted_reply())
    result, _ = _summarize(reply, SHORT.read_text(encoding="utf-8"), **SMALL_CONTEXT)
    assert len(reply.bodies) == 1
    assert "part 1 of" not in json.dumps(reply.bodies[0])
    assert result.meta.chunks is None


def test_a_long_document_is_summarized_in_chunks_merged_and_titled() -> None:
    reply = RecordingReply(scripted_reply())
    result, _ = _summarize(reply, DOCUMENT, **SMALL_CONTEXT)
    chunks = result.meta.chunks
    assert chunks is not None and chunks.count >= 5
    texts = reply.chunk_texts()
    assert len(texts) == chunks.count
    assert all(len(text) <= (chunks.max_chunk_chars or 0) for text in texts)
    first_user = reply.bodies[0]["messages"][1]["content"]
    assert f"of {chunks.count} of a longer document" in first_user
    assert (result.summary.title, result.summary.summary) == (FINAL_TITLE, FINAL_SUMMARY)
    assert chunks.final_call and chunks.calls == chunks.count + 1
    _assert_offsets_slice_the_document(result, DOCUMENT)


def test_chunk_records_cover_the_document_in_order() -> None:
    result, _ = _summarize(scripted_reply(), DOCUMENT, **SMALL_CONTEXT)
    records = result.meta.chunks.chunks
    assert records[0].start == 0 and records[-1].end == len(DOCUMENT)
    assert all(a.start < b.start <= a.end for a, b in itertools.pairwise(records))


def test_usage_and_attempts_are_summed_over_every_call() -> None:
    result, _ = _summarize(scripted_reply(), DOCUMENT, **SMALL_CONTEXT)
    calls = result.meta.chunks.calls
    assert result.meta.usage.total_tokens == calls * 2 * SCRIPTED_TOKENS
    assert result.meta.attempts == calls


def test_chunks_are_summarized_concurrently_within_the_bound() -> None:
    result, most = _summarize(scripted_reply(), DOCUMENT, latency=0.2, **SMALL_CONTEXT)
    assert result.meta.chunks.count >= 5
    assert 1 < most <= 8


def test_a_context_length_error_splits_that_chunk_and_asks_again() -> None:
    # The server takes at most 900 characters of document: every budgeted chunk overflows.
    reply = RecordingReply(scripted_reply(overflow_chars=900))
    result, _ = _summarize(reply, DOCUMENT, **SMALL_CONTEXT)
    chunks = result.meta.chunks
    assert chunks.resplits >= 1
    assert any(record.splits >= 1 for record in chunks.chunks)
    assert all(record.end - record.start <= 900 for record in chunks.chunks)
    assert chunks.calls == chunks.count + chunks.resplits + 1
    _assert_offsets_slice_the_document(result, DOCUMENT)


def test_an_unknown_context_sends_the_whole_document_then_splits_on_overflow() -> None:
    reply = RecordingReply(scripted_reply(overflow_chars=4000))
    result, _ = _summarize(reply, DOCUMENT)  # no --context-size: the table does not know x
    texts = reply.chunk_texts()
    assert texts[0] == DOCUMENT, "first asked whole"
    assert result.meta.chunks.context_size is None
    assert result.meta.chunks.resplits >= 2
    _assert_offsets_slice_the_document(result, DOCUMENT)


def _summarize_on_the_command_line(
    cli: Any, tmp_path: Path, monkeypatch: Any, reply: Reply, *options: str
) -> Any:
    """`summarizer summarize` of DOCUMENT (a file) against a server answering REPLY, one
    chunk at a time: a failure cancels the waiting chunks before they send anything (a
    request cancelled mid-flight would make the test server print to stderr)."""
    monkeypatch.setattr("summarizer._pipeline.DEFAULT_CONCURRENCY", 1)
    document = tmp_path / "long.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    with LatencyServer(reply) as server:
        return cli(
            "summarize", str(document), "--model", "openai-compatible/x", "--no-cache",
            "--base-url", server.base_url, *options,
        )  # fmt: skip


def test_a_chunk_too_short_to_split_fails_with_the_providers_message(
    cli: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    too_small = MIN_CHUNK_CHARS  # halves would be shorter than the minimum
    reply = scripted_reply(overflow_chars=too_small)
    result = _summarize_on_the_command_line(
        cli, tmp_path, monkeypatch, reply, "--transport-retries", "1"
    )
    assert_one_line_error(result, 3, "maximum context length is 2048 tokens")


def test_a_failed_final_call_keeps_the_first_chunks_title() -> None:
    chunk_reply = scripted_reply()

    def reply(request: dict[str, Any]) -> tuple[int, Any]:
        if "TitleAndSummary" in json.dumps(request.get("tools")):
            return 400, {"error": {"message": "scripted: no final answer", "type": "scripted"}}
        return chunk_reply(request)

    result, _ = _summarize(reply, DOCUMENT, **SMALL_CONTEXT)
    assert result.meta.chunks.final_call is False
    assert result.summary.title != FINAL_TITLE
    assert result.summary.title.split()[0] in DOCUMENT


def test_the_async_api_chunks_the_same_way() -> None:
    async def run() -> summarizer.SummaryResult:
        with (
            LatencyServer(scripted_reply()) as server,
            summarizer.Summarizer("openai-compatible/x", **_options(server, **SMALL_CONTEXT)) as s,
        ):
            return await s.asummarize(DOCUMENT)

    asynchronous = asyncio.run(run())
    synchronous, _ = _summarize(scripted_reply(), DOCUMENT, **SMALL_CONTEXT)
    assert asynchronous.meta.chunks == synchronous.meta.chunks
    assert asynchronous.summary == synchronous.summary


def test_a_long_document_in_a_batch_is_chunked(tmp_path: Path) -> None:
    documents = [Document("long", "long", text=DOCUMENT), Document("short", "short", text="x")]
    documents[1] = Document("short", "short", text=SHORT.read_text(encoding="utf-8"))
    with LatencyServer(scripted_reply()) as server:
        options = {"model": "openai-compatible/x", **_options(server, **SMALL_CONTEXT)}
        tally = run_batch(documents, tmp_path, options, settings=BatchSettings(concurrency=2))
    assert (tally.ok, tally.failed) == (2, 0)
    long = json.loads((tmp_path / "long.json").read_text(encoding="utf-8"))
    short = json.loads((tmp_path / "short.json").read_text(encoding="utf-8"))
    assert long["meta"]["chunks"]["count"] >= 5
    assert short["meta"]["chunks"] is None


@pytest.mark.parametrize(
    "concurrency", [1, 3], ids=["one-chunk-at-a-time", "three-chunks-at-a-time"]
)
def test_the_concurrency_option_bounds_the_chunks_in_flight(concurrency: int) -> None:
    result, most = _summarize(
        scripted_reply(), DOCUMENT, latency=0.1, concurrency=concurrency, **SMALL_CONTEXT
    )
    assert result.meta.chunks.count > concurrency
    assert most == concurrency


def test_without_the_option_eight_chunks_are_in_flight() -> None:
    result, most = _summarize(scripted_reply(), DOCUMENT, latency=0.1, **SMALL_CONTEXT)
    assert result.meta.chunks.count >= 8 and most == 8


def test_the_synchronous_api_chunks_inside_a_running_event_loop() -> None:
    # A notebook or an async caller: the chunks' loop runs in a thread of its own.
    async def run() -> Any:
        return _summarize(scripted_reply(), DOCUMENT, **SMALL_CONTEXT)

    result, _ = asyncio.run(run())
    assert result.meta.chunks.count >= 5 and result.meta.chunks.final_call


def _invalid_for(marker: str) -> Reply:
    """`scripted_reply`, but cut-off JSON for every chunk whose text contains MARKER."""
    chunk_reply = scripted_reply()

    def reply(request: dict[str, Any]) -> tuple[int, Any]:
        if marker in (document_of(request) or ""):
            return 200, scripted_completion("StructuredSummary", '{"title": "cut')
        return chunk_reply(request)

    return reply


def test_a_chunk_whose_output_stays_invalid_is_left_out_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    result, _ = _summarize(_invalid_for("Dunmere"), DOCUMENT, **SMALL_CONTEXT)
    chunks = result.meta.chunks
    failed = [record for record in chunks.chunks if record.error is not None]
    assert chunks.failed == len(failed) >= 1
    assert all("Dunmere" in DOCUMENT[r.start : r.end] for r in failed)
    assert all(record.attempts == 2 for record in failed), "asked, then re-asked once"
    assert chunks.count > chunks.failed and chunks.final_call
    assert "left out" in caplog.text
    _assert_offsets_slice_the_document(result, DOCUMENT)


def test_a_document_whose_every_chunk_stays_invalid_fails_with_exit_4(
    cli: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    result = _summarize_on_the_command_line(
        cli, tmp_path, monkeypatch, _invalid_for("council"),
        "--context-size", "2048", "--max-tokens", "300",
    )  # fmt: skip
    assert result.exit_code == 4
    assert result.stderr.strip().splitlines()[-1].startswith("summarizer: error:")
