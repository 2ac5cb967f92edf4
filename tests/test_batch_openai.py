"""`summarizer batch ... --via openai-batch`: requests as Batch API JSONL, upload, create,
poll, both result files ingested through the online parsing and grounding, and a run
interrupted at each step resumed from DIR/batch-state.json without a second submission.
Against tests/handwritten_batch_server.py (hand-written, 127.0.0.1 only)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import ProviderError, SummaryResult
from summarizer.batch import MANIFEST, Document, run_batch
from summarizer.batch import _openai_batch as openai_batch
from summarizer.batch._openai_batch import STATE, OpenAIBatchExecutor, Polling
from tests.conftest import SHORT, handwritten_completion
from tests.fault_server import HANDWRITTEN_SUMMARY
from tests.handwritten_batch_server import Answer, HandwrittenBatchServer

FAST = Polling(first=0.01, longest=0.05)
TEXT = SHORT.read_text(encoding="utf-8")
VALID = handwritten_completion(HANDWRITTEN_SUMMARY)


def answer_every_request(custom_id: str, body: dict[str, Any]) -> Answer:
    return VALID


@pytest.fixture
def server() -> Iterator[HandwrittenBatchServer]:
    running = HandwrittenBatchServer(answer_every_request).start()
    yield running
    running.stop()


def documents(*ids: str) -> list[Document]:
    """Invented variants of the Riverton article (the hand-written summary grounds in each)."""
    return [Document(i, f"{i}.txt", text=f"{TEXT}\nA note on {i}.") for i in ids]


def options(server: HandwrittenBatchServer, **more: Any) -> dict[str, Any]:
    return {
        "model": "openai-compatible/handwritten",
        "base_url": server.url,
        "transport_retries": 1,
        "cache": False,
        **more,
    }


def via_batch(
    docs: list[Document], out: Path, server: HandwrittenBatchServer, wait: bool = True, **more: Any
) -> Any:
    executor = OpenAIBatchExecutor(out, wait=wait, polling=FAST)
    return run_batch(docs, out, options(server, **more), executor=executor)


def manifest(out: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]
    return {line["id"]: line for line in lines}  # the latest line of each id


def statuses(out: Path) -> dict[str, str]:
    return {key: line["status"] for key, line in manifest(out).items()}


def scripted(**answers: Answer) -> Any:
    """Answer the named custom ids as given, every other request validly."""
    return lambda custom_id, body: answers.get(custom_id, VALID)


def test_each_request_line_is_the_chat_request_the_online_path_sends(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    run_batch(documents("a"), tmp_path / "online", options(server))
    via_batch(documents("a"), tmp_path / "batch", server)
    [upload] = server.uploads
    [line] = upload["lines"]
    assert upload["purpose"] == "batch" and upload["filename"].endswith(".jsonl")
    assert (line["custom_id"], line["method"], line["url"]) == ("a", "POST", "/v1/chat/completions")
    assert line["body"] == server.chat_requests[0]
    assert line["body"]["tools"][0]["function"]["name"] == "StructuredSummary"


def test_a_completed_batch_is_polled_then_ingested_as_an_online_run_would_be(
    server: HandwrittenBatchServer, tmp_path: Path, canary_key: str
) -> None:
    server.polls_before_end = 2
    tally = via_batch(documents("a", "b", "c"), tmp_path, server, api_key=canary_key)
    online = run_batch(documents("a"), tmp_path / "online", options(server))
    output = json.loads((tmp_path / "a.json").read_text())
    reference = json.loads((tmp_path / "online" / "a.json").read_text())
    result = SummaryResult.model_validate({k: v for k, v in output.items() if k != "document"})
    assert (tally.ok, tally.failed, online.ok) == (3, 0, 1)
    assert [batch.polls for batch in server.batches] == [3]  # in progress twice, then ended
    assert output["summary"] == reference["summary"]
    assert result.meta.grounding.coverage == 1.0 and result.meta.attempts == 1
    assert manifest(tmp_path)["b"]["usage"]["total_tokens"] == 20
    assert json.loads((tmp_path / STATE).read_text())["batches"][0]["collected"] is True
    for path in tmp_path.iterdir():
        if path.is_file():
            assert canary_key not in path.read_text(errors="replace"), path


def test_a_line_that_fails_validation_is_failed_with_its_reason_and_an_online_run_completes_it(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    server.answer = scripted(b=handwritten_completion('{"title": "cut off'))
    first = via_batch(documents("a", "b"), tmp_path, server)
    failed = manifest(tmp_path)["b"]
    second = run_batch(documents("a", "b"), tmp_path, options(server))  # online, same settings
    assert (first.ok, first.failed) == (1, 1)
    assert failed["error_class"] == "ModelOutputError" and "failed validation" in failed["error"]
    assert (second.ok, second.skipped) == (1, 1) and statuses(tmp_path)["b"] == "ok"
    assert len(server.chat_requests) == 1  # only b was asked online


def test_an_expired_batch_keeps_what_it_answered_and_the_next_run_submits_the_rest(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    server.answer = scripted(b=(500, "the model is overloaded"), c=None, d=None)
    first = via_batch(documents("a", "b", "c", "d"), tmp_path, server)
    lines = manifest(tmp_path)
    assert server.batches[0].status == "expired" and server.batches[0].error_file_id
    assert (first.ok, first.failed) == (1, 3) and lines["a"]["status"] == "ok"
    assert lines["b"]["error_class"] == "ProviderError"
    assert "HTTP 500: the model is overloaded" in lines["b"]["error"]
    assert [lines[i]["error_class"] for i in "cd"] == ["BatchExpired", "BatchExpired"]
    assert "batch expired" in lines["c"]["error"]

    server.answer = answer_every_request
    second = via_batch(documents("a", "b", "c", "d"), tmp_path, server)
    resubmitted = sorted(line["custom_id"] for line in server.uploads[1]["lines"])
    assert resubmitted == ["b", "c", "d"]
    assert (second.ok, second.skipped) == (3, 1)
    assert set(statuses(tmp_path).values()) == {"ok"}


@pytest.mark.parametrize(
    ("method", "path", "fault"),
    [
        pytest.param("POST", "/v1/files", "500", id="upload-fails"),
        pytest.param("POST", "/v1/batches", "drop", id="batch-created-but-its-answer-lost"),
        pytest.param("GET", "/v1/batches/batch_1", "500", id="polling-fails"),
        pytest.param("GET", "/v1/files/file-3", "500", id="error-file-download-fails"),
    ],
)
def test_a_run_stopped_at_any_step_resumes_without_a_second_submission(
    server: HandwrittenBatchServer, tmp_path: Path, method: str, path: str, fault: str
) -> None:
    server.answer = scripted(b=(400, "bad request"))  # an error file: file-3
    server.faults[(method, path)] = fault
    with pytest.raises(ProviderError):
        via_batch(documents("a", "b", "c"), tmp_path, server)
    resumed = via_batch(documents("a", "b", "c"), tmp_path, server)
    assert len(server.batches) == 1
    assert statuses(tmp_path) == {"a": "ok", "b": "failed", "c": "ok"}
    assert resumed.ok + resumed.skipped == 2 and resumed.failed == 1


def test_answers_from_before_the_error_file_failed_are_kept(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    server.answer = scripted(b=(400, "bad request"))
    server.faults[("GET", "/v1/files/file-3")] = "500"
    with pytest.raises(ProviderError):
        via_batch(documents("a", "b", "c"), tmp_path, server)
    assert statuses(tmp_path) == {"a": "ok", "c": "ok"}
    resumed = via_batch(documents("a", "b", "c"), tmp_path, server)
    assert (resumed.skipped, resumed.failed) == (2, 1)


def test_an_answer_whose_output_was_lost_is_read_again_from_its_batch(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    via_batch(documents("a", "b"), tmp_path, server)
    (tmp_path / "a.json").unlink()  # as if the run died between yielding it and writing it
    again = via_batch(documents("a", "b"), tmp_path, server)
    assert (again.ok, again.skipped) == (1, 1)
    assert len(server.batches) == 1 and (tmp_path / "a.json").is_file()


def test_a_settings_change_with_a_batch_outstanding_is_refused(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    server.polls_before_end = 10
    via_batch(documents("a"), tmp_path, server, wait=False)
    with pytest.raises(Exception, match="other settings: collect it first"):
        via_batch(documents("a"), tmp_path, server, wait=False, temperature=0.5)
    assert len(server.batches) == 1


# --- the command line ---------------------------------------------------------------------


def write_jsonl(path: Path, ids: str) -> Path:
    lines = [
        json.dumps({"id": i, "text": f"{TEXT}\nA note on {i}.", "date": "2026-01-05"}) for i in ids
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_without_wait_it_submits_then_status_and_collect_finish_it(
    cli: Any, server: HandwrittenBatchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openai_batch, "DEFAULT_POLLING", FAST)
    server.polls_before_end = 3
    out, inputs = tmp_path / "out", write_jsonl(tmp_path / "news.jsonl", "ab")
    command = ["batch", str(inputs), "--out", str(out), "--via", "openai-batch"]
    model = ["--model", "openai-compatible/handwritten", "--base-url", server.url]
    submitted = cli(*command, *model, "--transport-retries", "1")
    status = cli("batch", "status", str(out))
    collected = cli("batch", "collect", str(out), "--wait")
    again = cli(*command, *model, "--transport-retries", "1")
    assert submitted.exit_code == 0, submitted.stderr
    assert "submitted batch batch_1 (2 documents)" in submitted.stderr
    assert f"collect them later with `summarizer batch collect {out}`" in submitted.stderr
    assert status.exit_code == 0 and "batch_1: in_progress, 0/0 done" in status.stdout
    assert collected.exit_code == 0, collected.stderr
    assert "2 ok, 0 failed" in collected.stderr
    assert json.loads((out / "a.json").read_text())["document"]["metadata"] == {
        "date": "2026-01-05"
    }
    assert "0 ok, 0 failed, 2 skipped" in again.stderr and len(server.batches) == 1


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        pytest.param(
            ["--via", "openai-batch", "--model", "extractive"],
            "--via openai-batch needs an OpenAI-compatible model",
            id="extractive-via-batch",
        ),
        pytest.param(["--wait"], "--wait goes with --via openai-batch", id="wait-without-batch"),
        pytest.param(
            ["--via", "openai-batch", "--dask", "local"], "do not mix", id="batch-and-dask"
        ),
    ],
)
def test_a_flag_that_cannot_work_is_one_line_and_exit_2(
    cli: Any, tmp_path: Path, flags: list[str], message: str
) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = cli("batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), *flags)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_status_of_a_directory_with_no_batch_is_one_line_and_exit_2(
    cli: Any, tmp_path: Path
) -> None:
    result = cli("batch", "status", str(tmp_path))
    assert result.exit_code == 2 and "no batch-state.json" in result.stderr


def test_collect_after_an_expired_batch_keeps_each_failure_and_its_reason(
    cli: Any, server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    server.answer = scripted(b=None)
    via_batch(documents("a", "b"), tmp_path, server)
    collected = cli("batch", "collect", str(tmp_path))
    assert collected.exit_code == 0, collected.stderr
    assert "0 ok, 0 failed, 1 skipped" in collected.stderr
    assert manifest(tmp_path)["b"]["error_class"] == "BatchExpired"
    assert len(server.batches) == 1


def test_a_base_url_with_credentials_is_given_again_to_status_and_collect_never_stored(
    cli: Any, server: HandwrittenBatchServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(openai_batch, "DEFAULT_POLLING", FAST)
    server.polls_before_end = 3
    password = "pw-" + "7f3a9c1e5b"
    secret_url = server.url.replace("http://", f"http://ann:{password}@")
    out, inputs = tmp_path / "out", write_jsonl(tmp_path / "news.jsonl", "ab")
    model = ["--model", "openai-compatible/handwritten", "--transport-retries", "1"]
    submitted = cli(
        "batch",
        str(inputs),
        "--out",
        str(out),
        "--via",
        "openai-batch",
        "--base-url",
        secret_url,
        *model,
    )
    status_without = cli("batch", "status", str(out))
    collect_elsewhere = cli("batch", "collect", str(out), "--base-url", "http://127.0.0.1:9/v1")
    status = cli("batch", "status", str(out), "--base-url", secret_url)
    collected = cli("batch", "collect", str(out), "--wait", "--base-url", secret_url)
    assert submitted.exit_code == 0, submitted.stderr
    assert status_without.exit_code == 2
    assert "give that base URL again with --base-url" in status_without.stderr
    assert (
        collect_elsewhere.exit_code == 2 and "is not where the batches" in collect_elsewhere.stderr
    )
    assert status.exit_code == 0 and "batch_1" in status.stdout
    assert collected.exit_code == 0 and "2 ok, 0 failed" in collected.stderr
    written = [path.read_text() for path in out.iterdir() if path.is_file()]
    outputs = [*written, *(r.stdout + r.stderr for r in (submitted, status, collected))]
    assert written and not any(password in text for text in outputs)


def test_batch_answers_fill_the_cache_and_a_cached_document_is_never_submitted(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    cache = {"cache": True, "cache_dir": tmp_path / "cache"}
    docs = documents("a", "b")
    first = via_batch(docs, tmp_path / "first", server, **cache)
    again = via_batch([*docs, *documents("c")], tmp_path / "again", server, **cache)
    assert (first.ok, first.cached, len(server.batches)) == (2, 0, 2)
    assert (again.ok, again.cached) == (3, 2)
    assert server.batches[-1].counts["total"] == 1, "only c was submitted"
    results = {i: json.loads((tmp_path / "again" / f"{i}.json").read_text()) for i in "abc"}
    assert [results[i]["meta"]["cache"] for i in "abc"] == ["hit", "hit", "miss"]
    assert results["a"]["meta"]["usage"]["total_tokens"] == 0


def test_a_document_too_long_for_one_request_is_failed_not_submitted(
    server: HandwrittenBatchServer, tmp_path: Path
) -> None:
    budget = {"context_size": 4096, "max_tokens": 300}
    long = Document("long", "long.txt", text=f"{TEXT}\n" * 40)  # ~60 KB: many requests' worth
    tally = via_batch([*documents("a"), long], tmp_path, server, **budget)
    assert (tally.ok, tally.failed) == (1, 1)
    assert server.batches[-1].counts["total"] == 1, "only a was submitted"
    failed = manifest(tmp_path)["long"]
    assert failed["error_class"] == "DocumentTooLong"
    assert "summarize it online" in failed["error"]
