"""`summarizer.batch`: inputs, outputs, manifest, resume and per-document faults, through
the Python API (`run_batch`, `Summarizer.summarize_many`). The CLI, progress and signals
are in test_batch_cli.py; safe ids in test_batch_safe_ids.py."""

from __future__ import annotations

import asyncio
import io
import json
import os
from pathlib import Path
from typing import Any

import pytest

import summarizer
from summarizer import OutputError, SummaryResult
from summarizer.batch import (
    MANIFEST,
    AsyncExecutor,
    BatchSettings,
    Document,
    OutputDirectory,
    ProcessPoolExecutor,
    RunContext,
    _outputs,
    collect_documents,
    run_batch,
    safe_id,
)
from tests.conftest import SHORT, handwritten_completion
from tests.fault_server import HANDWRITTEN_INVENTED_QUOTES, HANDWRITTEN_SUMMARY
from tests.latency_server import LatencyServer, Reply, always

EXTRACTIVE = {"model": "extractive"}
# Invented sentences, each a document the extractive engine finds a source in.
INVENTED = [
    'Mayor Ana Ruiz said the ferry "will sail again in May". The union warned of delays.',
    'The harbour master, Lena Ortiz, said: "The new pier opens on Friday."',
    'Council member Raj Patel said the budget vote "cannot wait another week".',
]
MANIFEST_KEYS = {
    "id",
    "path",
    "input_sha256",
    "status",
    "error_class",
    "error",
    "model",
    "settings_hash",
    "prompt_hash",
    "attempts",
    "usage",
    "latency_seconds",
    "coverage",
    "cache_hit",
    "output",
}


def manifest(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]


def by_id(out: Path) -> dict[str, dict[str, Any]]:
    return {line["id"]: line for line in manifest(out)}


def write_corpus(root: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def run(documents: Any, out: Path, options: dict[str, Any] = EXTRACTIVE, **settings: Any) -> Any:
    """An in-process run (the process pool has tests of its own: it spawns interpreters)."""
    return run_batch(
        list(documents), out, options, executor=AsyncExecutor(), settings=BatchSettings(**settings)
    )


# --- inputs ------------------------------------------------------------------------------


def test_a_directory_is_walked_recursively_with_ids_relative_to_it(tmp_path: Path) -> None:
    root = write_corpus(
        tmp_path / "corpus",
        {"a.txt": INVENTED[0], "sub/b.txt": INVENTED[1], "sub/c.md": INVENTED[2], ".x.txt": "x"},
    )
    (root / ".git").mkdir()
    (root / ".git" / "d.txt").write_text(INVENTED[2])
    every = [d.id for d in collect_documents([str(root)])]
    only_txt = [d.id for d in collect_documents([str(root)], glob="*.txt")]
    assert every == ["a.txt", "sub/b.txt", "sub/c.md"]
    assert only_txt == ["a.txt", "sub/b.txt"]


def test_a_file_is_its_normalised_path_and_stdin_lists_more_inputs(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, {"a.txt": INVENTED[0], "d/b.txt": INVENTED[1]})
    stdin = io.StringIO(f"{corpus / 'd'}\n\n{corpus / 'a.txt'}\n")
    ids = [d.id for d in collect_documents([f"{corpus}/./a.txt", "-"], stdin=stdin)]
    assert ids == [f"{corpus}/a.txt", "b.txt", f"{corpus}/a.txt"]


def test_jsonl_lines_are_documents_with_metadata_and_bad_lines_are_errors(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "n1", "text": INVENTED[0], "date": "2026-01-02", "url": "http://x.test"}),
        "",
        json.dumps({"id": 7, "text": INVENTED[1]}),
        "{not json",
        json.dumps({"id": "n3"}),
        json.dumps(["id", "text"]),
        json.dumps({"id": True, "text": "a bool is no id"}),
    ]
    (tmp_path / "news.jsonl").write_text("\n".join(lines) + "\n")
    documents = list(collect_documents([str(tmp_path / "news.jsonl")]))
    good = [d for d in documents if d.error is None]
    assert [(d.id, d.metadata) for d in good] == [
        ("n1", {"date": "2026-01-02", "url": "http://x.test"}),
        ("7", {}),
    ]
    assert [d.path for d in documents if d.error] == [
        f"{tmp_path}/news.jsonl:{n}" for n in (4, 5, 6, 7)
    ]


def test_a_run_records_every_bad_input_and_summarizes_the_rest(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", {"good.txt": INVENTED[0], "empty.txt": "  \n"})
    (corpus / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01")
    (tmp_path / "lines.jsonl").write_text(
        json.dumps({"id": "dup", "text": INVENTED[1]})
        + "\n"
        + json.dumps({"id": "dup", "text": INVENTED[2]})
        + "\n"
        + json.dumps({"id": "nul", "text": "a\u0000b"})
        + "\n"
        + "{broken\n"
    )
    inputs = [str(corpus), str(tmp_path / "lines.jsonl"), str(tmp_path / "missing.txt")]
    tally = run(collect_documents(inputs), tmp_path / "out")
    lines = manifest(tmp_path / "out")
    failed = {(line["id"], line["error_class"]) for line in lines if line["status"] == "failed"}
    assert (tally.ok, tally.failed) == (2, 6)
    assert {line["id"] for line in lines if line["status"] == "ok"} == {"good.txt", "dup"}
    assert failed == {
        ("binary.txt", "InputError"),
        ("empty.txt", "InputError"),
        ("dup", "InputError"),
        ("nul", "InputError"),
        (f"{tmp_path}/lines.jsonl:4", "InputError"),
        (f"{tmp_path}/missing.txt", "InputError"),
    }
    assert all("\n" not in line["error"] for line in lines if line["error"])


# --- outputs and manifest ----------------------------------------------------------------


def test_each_output_is_the_summary_result_with_its_document_block(tmp_path: Path) -> None:
    documents = [Document("news/1", "feed.jsonl:1", text=INVENTED[0], metadata={"title": "T"})]
    run(documents, tmp_path)
    output = json.loads((tmp_path / f"{safe_id('news/1')}.json").read_text())
    block = output.pop("document")
    result = SummaryResult.model_validate(output)
    assert result.summary.sources and result.meta.engine == "extractive"
    assert block["id"] == "news/1" and block["metadata"] == {"title": "T"}
    assert block["status"] == "ok" and len(block["sha256"]) == 64


def test_the_manifest_has_one_whole_line_per_document_with_the_agreed_keys(
    tmp_path: Path,
) -> None:
    documents = [Document(str(n), str(n), text=text) for n, text in enumerate(INVENTED)]
    run([*documents, Document("empty", "empty", text=" ")], tmp_path)
    lines = manifest(tmp_path)
    assert len(lines) == 4
    assert all(set(line) == MANIFEST_KEYS for line in lines)
    ok = by_id(tmp_path)["0"]
    assert ok["model"] == "extractive" and ok["attempts"] == 1 and ok["coverage"] == 1.0
    assert ok["usage"] == {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}
    assert ok["output"] == "0.json" and ok["cache_hit"] is False
    assert by_id(tmp_path)["empty"]["output"] is None


def test_a_torn_manifest_line_and_stale_temporary_files_are_cleared_on_open(
    tmp_path: Path,
) -> None:
    (tmp_path / MANIFEST).write_text('{"id": "a"}\n{"id": "b", "sta')
    (tmp_path / ".x.json.0123abcd.tmp").write_text("{half")
    (tmp_path / "keep.json.tmp").write_text("not ours")
    with OutputDirectory.open(tmp_path):
        assert (tmp_path / MANIFEST).read_text() == '{"id": "a"}\n'
        assert sorted(os.listdir(tmp_path)) == [".lock", "keep.json.tmp", MANIFEST]


def test_an_output_left_without_its_manifest_line_is_skipped_and_listed(tmp_path: Path) -> None:
    # What a kill between writing an output and appending its line leaves behind.
    documents = [Document(str(n), str(n), text=text) for n, text in enumerate(INVENTED)]
    run(documents, tmp_path)
    lines = (tmp_path / MANIFEST).read_text().splitlines(keepends=True)
    (tmp_path / MANIFEST).write_text("".join(lines[:2]))
    again = run(documents, tmp_path)
    relisted = manifest(tmp_path)[2]
    assert again.skipped == 3
    assert relisted == json.loads(lines[2]) | {"latency_seconds": relisted["latency_seconds"]}
    assert len(manifest(tmp_path)) == 3  # listed once, not on every run
    run(documents, tmp_path)
    assert len(manifest(tmp_path)) == 3


def test_a_second_run_on_the_same_directory_is_refused_while_the_first_holds_it(
    tmp_path: Path,
) -> None:
    with OutputDirectory.open(tmp_path), pytest.raises(OutputError, match="another batch"):
        OutputDirectory.open(tmp_path)
    OutputDirectory.open(tmp_path).close()  # released: opens again


# --- resume ------------------------------------------------------------------------------


def test_a_rerun_skips_what_is_done_and_redoes_a_changed_document(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "in", {f"{n}.txt": t for n, t in enumerate(INVENTED)})
    out = tmp_path / "out"
    first = run(collect_documents([str(corpus)]), out)
    (corpus / "1.txt").write_text(INVENTED[1] + " The pier cost $4 million.")
    second = run(collect_documents([str(corpus)]), out)
    assert (first.ok, first.skipped) == (3, 0)
    assert (second.ok, second.skipped) == (1, 2)
    assert [line["id"] for line in manifest(out)][3:] == ["1.txt"]


def test_force_redoes_everything_and_changed_settings_redo_it_too(tmp_path: Path) -> None:
    documents = [Document(str(n), str(n), text=text) for n, text in enumerate(INVENTED)]
    run(documents, tmp_path)
    forced = run(documents, tmp_path, force=True)
    changed = run(documents, tmp_path, {**EXTRACTIVE, "strict_grounding": True})
    same_again = run(documents, tmp_path, {**EXTRACTIVE, "strict_grounding": True})
    assert (forced.ok, forced.skipped) == (3, 0)
    assert (changed.ok, changed.skipped) == (3, 0)
    assert (same_again.ok, same_again.skipped) == (0, 3)


def test_a_changed_prompt_template_redoes_the_documents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    documents = [Document("a", "a", text=INVENTED[0])]
    run(documents, tmp_path)
    real = _outputs.run_hashes

    def with_edited_prompt(instance: summarizer.Summarizer) -> _outputs.RunHashes:
        hashes = real(instance)
        return _outputs.RunHashes(hashes.model, hashes.settings_hash, "0" * 64)

    monkeypatch.setattr(_outputs, "run_hashes", with_edited_prompt)
    monkeypatch.setattr("summarizer.batch._runner.run_hashes", with_edited_prompt)
    assert run(documents, tmp_path).ok == 1


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: data.pop("document"), id="no-document-block"),
        pytest.param(lambda data: data["document"].pop("settings_hash"), id="no-settings-hash"),
        pytest.param(lambda data: data["document"].update(status="failed"), id="failed-status"),
    ],
)
def test_an_output_without_its_resume_key_is_redone(tmp_path: Path, damage: Any) -> None:
    documents = [Document("a", "a", text=INVENTED[0])]
    run(documents, tmp_path)
    data = json.loads((tmp_path / "a.json").read_text())
    damage(data)
    (tmp_path / "a.json").write_text(json.dumps(data))
    assert run(documents, tmp_path).ok == 1


def test_an_unparsable_output_is_redone(tmp_path: Path) -> None:
    documents = [Document("a", "a", text=INVENTED[0])]
    run(documents, tmp_path)
    (tmp_path / "a.json").write_text('{"document": {"id": "a", "sha')
    assert run(documents, tmp_path).ok == 1
    assert json.loads((tmp_path / "a.json").read_text())["document"]["status"] == "ok"


# --- the process pool --------------------------------------------------------------------


def test_the_process_pool_gives_the_same_outputs_as_in_process(tmp_path: Path) -> None:
    documents = [Document(str(n), str(n), text=text) for n, text in enumerate(INVENTED)]
    documents.append(Document("empty", "empty", text="\n"))
    in_process = run(documents, tmp_path / "a")
    pooled = run_batch(
        documents,
        tmp_path / "b",
        EXTRACTIVE,
        executor=ProcessPoolExecutor(),
        settings=BatchSettings(concurrency=2),
    )
    assert (pooled.ok, pooled.failed) == (in_process.ok, in_process.failed) == (3, 1)
    for n in range(3):
        a, b = (json.loads((tmp_path / d / f"{n}.json").read_text()) for d in "ab")
        assert a["summary"] == b["summary"]


async def test_a_dead_worker_fails_its_documents_and_a_new_pool_takes_the_rest(
    tmp_path: Path,
) -> None:
    # Workers that cannot start (an unknown model in their options) die like a killed one.
    items = [
        Document(str(n), str(n), text=text).load(1000, 1000) for n, text in enumerate(INVENTED)
    ]
    with summarizer.Summarizer("extractive") as client:
        context = RunContext(client, {"model": "nosuch/model"}, concurrency=1)
        finished = [f async for f in ProcessPoolExecutor().run(iter(items), context)]
    assert sorted(f.pending.document.id for f in finished) == ["0", "1", "2"]
    assert {f.failure.error_class for f in finished if f.failure} == {"WorkerDied"}


# --- LLM engines: asyncio over one client ------------------------------------------------


def llm_documents(count: int, poison: frozenset[int] = frozenset()) -> list[Document]:
    """The invented Riverton article, made distinct by a closing line; POISON ones carry a
    marker the scripted server refuses."""
    base = SHORT.read_text(encoding="utf-8")
    return [
        Document(
            f"doc-{n}", f"doc-{n}", text=f"{base}\nNote {n}.{' POISON' if n in poison else ''}"
        )
        for n in range(count)
    ]


def scripted_reply(request: dict[str, Any]) -> tuple[int, Any]:
    """A hand-written valid summary, or a 400 for a document marked POISON."""
    if "POISON" in json.dumps(request):
        return 400, {"error": {"message": "scripted: bad document", "type": "scripted"}}
    return 200, handwritten_completion(HANDWRITTEN_SUMMARY)


def llm_options(server: LatencyServer) -> dict[str, Any]:
    return {
        "model": "openai-compatible/handwritten",
        "base_url": server.base_url,
        "api_key": "sk-test-batch",
        "transport_retries": 1,
    }


def test_llm_documents_run_concurrently_and_a_failing_one_is_recorded(tmp_path: Path) -> None:
    reply: Reply = scripted_reply
    with LatencyServer(reply, latency=0.2) as server:
        tally = run_batch(
            llm_documents(12, poison=frozenset({5})),
            tmp_path,
            llm_options(server),
            settings=BatchSettings(concurrency=4),
        )
    lines = by_id(tmp_path)
    assert (tally.ok, tally.failed) == (11, 1)
    assert lines["doc-5"]["error_class"] == "ProviderError"
    assert lines["doc-0"]["usage"]["total_tokens"] == 20 and tally.tokens == 11 * 20
    assert 1 < server.most_in_flight <= 4


def test_a_grounding_failure_keeps_its_output_marked_failed_and_is_redone(
    tmp_path: Path,
) -> None:
    with LatencyServer(always(handwritten_completion(HANDWRITTEN_INVENTED_QUOTES))) as server:
        options = {**llm_options(server), "min_coverage": 0.9, "max_retries": 0}
        first = run_batch(llm_documents(1), tmp_path, options)
        second = run_batch(llm_documents(1), tmp_path, options)
    line = by_id(tmp_path)["doc-0"]
    output = json.loads((tmp_path / "doc-0.json").read_text())
    assert (first.failed, second.failed, second.skipped) == (1, 1, 0)
    assert line["error_class"] == "GroundingError" and line["coverage"] == 0.0
    assert output["document"]["status"] == "failed" and output["summary"]["sources"]


def test_summarize_many_yields_results_and_errors_as_they_complete() -> None:
    texts = {d.id: d.text for d in llm_documents(5, poison=frozenset({2}))}
    with LatencyServer(scripted_reply, latency=0.05) as server:
        options = llm_options(server)
        with summarizer.Summarizer(options.pop("model"), **options) as instance:
            outcomes = list(instance.summarize_many(texts, concurrency=3))
    assert sorted(o.key for o in outcomes) == sorted(texts)
    failed = [o for o in outcomes if o.error is not None]
    assert [o.key for o in failed] == ["doc-2"] and failed[0].result is None
    assert all(o.result is not None for o in outcomes if o.key != "doc-2")
    assert server.most_in_flight <= 3


def test_summarize_many_can_run_twice_on_one_summarizer() -> None:
    texts = [d.text or "" for d in llm_documents(3)]
    with LatencyServer(scripted_reply) as server:
        options = llm_options(server)
        with summarizer.Summarizer(options.pop("model"), **options) as instance:
            first = list(instance.summarize_many(texts, concurrency=2))
            second = list(instance.summarize_many(texts, concurrency=2))
    assert [o.error for o in first + second] == [None] * 6


async def test_asummarize_many_keys_plain_texts_by_index_and_bounds_concurrency() -> None:
    texts = [d.text or "" for d in llm_documents(6)]
    with LatencyServer(scripted_reply, latency=0.1) as server:
        options = llm_options(server)
        with summarizer.Summarizer(options.pop("model"), **options) as instance:
            keys = [o.key async for o in instance.asummarize_many(texts, concurrency=2)]
    assert sorted(keys) == list(range(6))
    assert server.most_in_flight == 2


async def test_stopping_asummarize_many_cancels_the_documents_in_flight() -> None:
    texts = [d.text or "" for d in llm_documents(20)]
    with LatencyServer(scripted_reply, latency=0.3) as server:
        options = llm_options(server)
        with summarizer.Summarizer(options.pop("model"), **options) as instance:
            many = instance.asummarize_many(texts, concurrency=4)
            first = await anext(many)
            await many.aclose()
            await asyncio.sleep(0.5)
            seen = server.requests
    assert first.result is not None
    assert seen <= 8  # the first four, and at most the four started after the first ended


def test_summarize_many_refuses_a_concurrency_below_one() -> None:
    with (
        summarizer.Summarizer("extractive") as instance,
        pytest.raises(summarizer.ConfigurationError, match="concurrency"),
    ):
        list(instance.summarize_many(["text"], concurrency=0))
