"""The response cache: the SQLite store itself, its use by the LLM engines, and its commands.

Every model answer here is hand-written (tests/fault_server.py's scripted server or the
`scripted` MockTransport fixture); the cache lives under each test's tmp directory."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

import summarizer
from summarizer import _cache, _pipeline
from summarizer._cache import (
    CACHE_FILENAME,
    ResponseCache,
    WouldWait,
    cache_directory,
    cache_info,
    clear_cache,
    request_key,
)
from summarizer._cache_command import _size
from summarizer._engines import _structured
from summarizer._prompts import RenderedPrompt, messages_sha256
from summarizer._schema import SummaryResult, Usage, align_evidence
from tests.conftest import CASSETTES, SHORT
from tests.fault_server import (
    DOCUMENT,
    HANDWRITTEN_INVENTED_QUOTES,
    HANDWRITTEN_SUMMARY,
    FaultServer,
    completion,
    status,
    valid_summary,
)
from tests.test_pipeline import AlignmentSpy

MODEL = "openai-compatible/scripted"
DOCUMENT_TEXT = DOCUMENT.read_text(encoding="utf-8")

WRITERS = 4
ENTRIES_PER_WRITER = 200


# --- where the cache lives --------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "environ", "expected"),
    [
        ("/given", {"SUMMARIZER_CACHE_DIR": "/env", "XDG_CACHE_HOME": "/xdg"}, "/given"),
        (None, {"SUMMARIZER_CACHE_DIR": "/env", "XDG_CACHE_HOME": "/xdg"}, "/env"),
        (None, {"XDG_CACHE_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/summarizer"),
        (None, {"XDG_CACHE_HOME": "relative", "HOME": "/home/u"}, "/home/u/.cache/summarizer"),
        (None, {"HOME": "/home/u"}, "/home/u/.cache/summarizer"),
    ],
    ids=[
        "cache-dir-beats-env",
        "env-var-beats-xdg",
        "xdg-cache-home",
        "relative-xdg-ignored",
        "home-dot-cache",
    ],
)
def test_cache_directory_precedence(
    given: str | None, environ: dict[str, str], expected: str
) -> None:
    assert cache_directory(given, environ) == Path(expected)


def test_tests_never_use_the_real_home_cache(tmp_path: Path) -> None:
    # conftest's autouse fixture points HOME into tmp and unsets the cache variables.
    assert not {"SUMMARIZER_CACHE_DIR", "XDG_CACHE_HOME"} & os.environ.keys()
    assert cache_directory().is_relative_to(tmp_path)


# --- the key ----------------------------------------------------------------------------


def test_the_key_is_canonical_and_sensitive_to_every_part() -> None:
    parts = {"model": "m", "messages": [{"role": "user", "content": "text"}], "seed": 1}
    assert request_key(parts) == request_key(dict(reversed(parts.items())))
    assert request_key(parts) != request_key({**parts, "seed": 2})
    assert request_key(parts) != request_key({**parts, "messages": []})


# --- the store --------------------------------------------------------------------------


def test_a_stored_value_comes_back(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    assert cache.get("k") is None
    cache.put("k", {"summary": {"title": "t"}, "n": 1})
    assert cache.get("k") == {"summary": {"title": "t"}, "n": 1}
    cache.put("k", {"n": 2})
    assert cache.get("k") == {"n": 2}, "a put replaces"
    cache.close()
    info = cache_info(tmp_path / "c" / CACHE_FILENAME)
    assert info.entries == 1
    assert info.size_bytes > 0


def test_lookups_write_nothing(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})
    wal = tmp_path / (CACHE_FILENAME + "-wal")
    before = wal.read_bytes()
    assert cache.get("k") is not None and cache.get_now("k") is not None
    assert cache.get("missing") is None
    assert wal.read_bytes() == before
    cache.close()


def test_a_file_made_with_a_hits_column_is_still_written_and_read(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as connection:  # an earlier version's
        connection.execute(
            "CREATE TABLE responses (key TEXT PRIMARY KEY, value TEXT NOT NULL,"
            " created REAL NOT NULL, hits INTEGER NOT NULL DEFAULT 0)"
        )
    connection.close()
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})
    assert cache.get("k") == {"n": 1}
    cache.close()


def test_get_now_answers_as_get_does_once_the_database_is_open(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    with pytest.raises(WouldWait):
        cache.get_now("k")  # not open yet: opening it may wait for another process
    cache.put("k", {"n": 1})
    assert cache.get_now("k") == {"n": 1}
    assert cache.get_now("missing") is None
    cache.close()


def test_get_now_answers_while_a_thread_uses_the_threads_connection(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})
    with cache._lock:  # a thread's put or get in progress: the loop reads on its own connection
        assert cache.get_now("k") == {"n": 1}
    cache.close()


def test_get_now_would_wait_while_another_event_loop_reads(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})
    with cache._reader_lock, pytest.raises(WouldWait):
        cache.get_now("k")
    assert cache.get_now("k") == {"n": 1}
    cache.close()


def test_a_lookup_in_a_thread_and_one_in_the_loop_both_see_a_put(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})
    assert cache.get_now("k") == {"n": 1}  # the loop's connection is open from here on
    cache.put("k", {"n": 2})
    assert cache.get_now("k") == {"n": 2} == cache.get("k")
    cache.close()
    assert cache._reader is None and cache._connection is None


def test_get_now_would_wait_where_sqlite_answers_busy_and_the_cache_stays_usable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})
    real_get = _cache._get

    def scripted_busy_get(connection: sqlite3.Connection, key: str) -> Any:
        # What a WAL read answers while another process recovers the WAL (a reader can
        # hardly be made to wait otherwise: that is why the loop may read at all).
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorcode = sqlite3.SQLITE_BUSY
        raise error

    monkeypatch.setattr(_cache, "_get", scripted_busy_get)
    with pytest.raises(WouldWait):
        cache.get_now("k")
    monkeypatch.setattr(_cache, "_get", real_get)
    assert cache.usable
    assert cache.get_now("k") == {"n": 1}
    cache.close()


def test_get_now_gives_up_the_cache_on_any_other_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    cache = ResponseCache(tmp_path)
    cache.put("k", {"n": 1})

    def scripted_broken_get(connection: sqlite3.Connection, key: str) -> Any:
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(_cache, "_get", scripted_broken_get)
    assert cache.get_now("k") is None
    assert not cache.usable
    assert "unusable" in caplog.text
    cache.close()


def test_the_store_is_one_wal_table_in_a_private_directory(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "new" / "cache")
    cache.put("k", {"v": 1})
    cache.close()
    assert stat.S_IMODE((tmp_path / "new" / "cache").stat().st_mode) & 0o077 == 0
    with sqlite3.connect(tmp_path / "new" / "cache" / CACHE_FILENAME) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(responses)")]
    assert columns == ["key", "value", "created"]


def test_an_unused_cache_creates_nothing(tmp_path: Path) -> None:
    ResponseCache(tmp_path / "c").close()
    assert not (tmp_path / "c").exists()


def test_clear_removes_every_entry_and_counts_them(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path)
    for n in range(3):
        cache.put(f"k{n}", {"n": n})
    cache.close()
    assert clear_cache(tmp_path / CACHE_FILENAME) == 3
    assert cache_info(tmp_path / CACHE_FILENAME).entries == 0
    assert cache.get("k0") is None


def test_a_file_that_is_not_a_database_is_one_warning_and_no_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / CACHE_FILENAME).write_bytes(b"this is not a database, " * 100)
    cache = ResponseCache(tmp_path)
    with caplog.at_level("WARNING", logger="summarizer"):
        assert cache.get("k") is None
        cache.put("k", {"v": 1})
        assert cache.get("k") is None
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1
    assert "unusable" in warnings[0] and "running without it" in warnings[0]
    assert not cache.usable


def test_a_usable_cache_warns_nothing(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    cache = ResponseCache(tmp_path)
    with caplog.at_level("WARNING", logger="summarizer"):
        cache.put("k", {"v": 1})
        assert cache.get("k") == {"v": 1}
    assert caplog.records == []
    assert cache.usable


# --- concurrent writers: processes, not threads ------------------------------------------


def write_entries(directory: str, writer: int, barrier: Any) -> None:
    """One writer process: ENTRIES_PER_WRITER entries, each read back right away."""
    cache = ResponseCache(directory)
    barrier.wait(timeout=60)
    for n in range(ENTRIES_PER_WRITER):
        key = f"writer{writer}-entry{n}"
        cache.put(key, {"writer": writer, "n": n, "text": "x" * 500})
        if cache.get(key) != {"writer": writer, "n": n, "text": "x" * 500}:
            raise SystemExit(f"{key} did not read back")
    if not cache.usable:
        raise SystemExit("the cache gave up")
    cache.close()


def test_concurrent_writer_processes_never_corrupt_the_cache(tmp_path: Path) -> None:
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(WRITERS)  # all start writing at once
    processes = [
        spawn.Process(target=write_entries, args=(str(tmp_path), writer, barrier))
        for writer in range(WRITERS)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    assert [process.exitcode for process in processes] == [0] * WRITERS
    with sqlite3.connect(tmp_path / CACHE_FILENAME) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    cache = ResponseCache(tmp_path)
    for writer in range(WRITERS):
        for n in range(ENTRIES_PER_WRITER):
            assert cache.get(f"writer{writer}-entry{n}") == {
                "writer": writer,
                "n": n,
                "text": "x" * 500,
            }
    assert cache_info(tmp_path / CACHE_FILENAME).entries == WRITERS * ENTRIES_PER_WRITER


# --- summarizer cache info | clear ---------------------------------------------------------


def _filled_cache(directory: Path, entries: int) -> None:
    cache = ResponseCache(directory)
    for n in range(entries):
        cache.put(f"k{n}", {"n": n})
    cache.get("k0")
    cache.close()


def test_cache_info_reports_path_entries_and_size(cli: Any, tmp_path: Path) -> None:
    _filled_cache(tmp_path, 3)
    result = cli("cache", "info", "--cache-dir", str(tmp_path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"path: {tmp_path / CACHE_FILENAME}"
    assert lines[1:2] == ["entries: 3"] and len(lines) == 3
    assert lines[2].startswith("size: ") and lines[2] != "size: 0 bytes"


def test_cache_info_reads_the_directory_from_the_environment(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled_cache(tmp_path / "from-env", 2)
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "from-env"))
    result = cli("cache", "info")
    assert result.exit_code == 0
    assert "entries: 2" in result.stdout.splitlines()


def test_cache_info_of_no_cache_yet_creates_none(cli: Any, tmp_path: Path) -> None:
    result = cli("cache", "info", "--cache-dir", str(tmp_path / "none"))
    assert result.exit_code == 0
    assert "entries: 0" in result.stdout.splitlines()
    assert not (tmp_path / "none").exists()


def test_cache_clear_counts_what_it_removed(cli: Any, tmp_path: Path) -> None:
    _filled_cache(tmp_path, 4)
    result = cli("cache", "clear", "--cache-dir", str(tmp_path))
    assert result.exit_code == 0
    assert result.stdout == f"removed 4 cached response(s) from {tmp_path / CACHE_FILENAME}\n"
    assert "entries: 0" in cli("cache", "info", "--cache-dir", str(tmp_path)).stdout


def test_a_damaged_cache_file_is_one_line_for_info_and_removed_by_clear(
    cli: Any, tmp_path: Path
) -> None:
    (tmp_path / CACHE_FILENAME).write_bytes(b"not sqlite " * 200)
    info = cli("cache", "info", "--cache-dir", str(tmp_path))
    assert info.exit_code == 2
    assert len(info.stderr.splitlines()) == 1
    assert "not a readable cache" in info.stderr and "cache clear" in info.stderr
    cleared = cli("cache", "clear", "--cache-dir", str(tmp_path))
    assert cleared.exit_code == 0
    assert "removed the damaged cache file" in cleared.stdout
    assert not (tmp_path / CACHE_FILENAME).exists()


# --- the cache in a run: hits, misses, what never touches it ------------------------------

DEFAULT_CACHE_FILE = Path(".cache") / "summarizer" / CACHE_FILENAME


def _default_cache_file() -> Path:
    """The cache a run uses by default: under the test's tmp HOME (conftest)."""
    return Path(os.environ["HOME"]) / DEFAULT_CACHE_FILE


def _run(server: FaultServer, text: str | None = None, **options: Any) -> SummaryResult:
    """One run in a fresh Summarizer, as a new process would make it."""
    given = {"base_url": server.base_url, "api_key": "sk-test-key-0000", **options}
    with summarizer.Summarizer(MODEL, **given) as instance:
        return instance.summarize(DOCUMENT_TEXT if text is None else text)


def test_a_repeated_run_is_a_hit_with_no_request_no_tokens_and_the_same_summary(
    fault_server: FaultServer,
) -> None:
    fault_server.play(valid_summary())
    first = _run(fault_server)
    second = _run(fault_server)
    assert len(fault_server.requests) == 1, "the hit sent no request"
    assert (first.meta.cache, second.meta.cache) == ("miss", "hit")
    assert second.summary == first.summary
    assert first.meta.usage.total_tokens > 0
    assert second.meta.usage == Usage()
    assert (first.meta.attempts, second.meta.attempts) == (1, 0)
    assert second.meta.grounding == first.meta.grounding
    assert _default_cache_file().is_file()


def test_asummarize_hits_what_summarize_stored(fault_server: FaultServer) -> None:
    fault_server.play(valid_summary())
    first = _run(fault_server)

    async def again() -> SummaryResult:
        with summarizer.Summarizer(
            MODEL, base_url=fault_server.base_url, api_key="sk-test-key-0000"
        ) as instance:
            return await instance.asummarize(DOCUMENT_TEXT)

    second = asyncio.run(again())
    assert len(fault_server.requests) == 1
    assert second.meta.cache == "hit" and second.summary == first.summary


def test_asummarize_looks_up_a_hit_in_the_event_loop_without_a_thread(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault_server.play(valid_summary(), valid_summary())
    threaded: list[object] = []
    real_to_thread = asyncio.to_thread

    async def counted_to_thread(function: Any, *args: Any) -> Any:
        threaded.append(function)
        return await real_to_thread(function, *args)

    monkeypatch.setattr(_structured.asyncio, "to_thread", counted_to_thread)

    async def twice() -> list[SummaryResult]:
        with summarizer.Summarizer(
            MODEL, base_url=fault_server.base_url, api_key="sk-test-key-0000"
        ) as instance:
            return [await instance.asummarize(DOCUMENT_TEXT) for _ in range(2)]

    first, second = asyncio.run(twice())
    assert (first.meta.cache, second.meta.cache) == ("miss", "hit")
    assert len(fault_server.requests) == 1
    # The miss looked up (the database not open yet) and stored in threads; the hit in none.
    ours = [getattr(function, "__name__", "") for function in threaded]
    assert [name for name in ours if name in ("get", "store_output")] == ["get", "store_output"]


def _system_prompt_changed(monkeypatch: pytest.MonkeyPatch) -> None:
    original = _structured.render_document_prompt

    def changed(document: str) -> RenderedPrompt:
        prompt = original(document)
        system, *rest = prompt.messages
        edited = system.model_copy(update={"content": system.content + " Be brief."})
        messages = [edited, *rest]
        info = prompt.info.model_copy(update={"rendered_sha256": messages_sha256(messages)})
        return RenderedPrompt(messages=messages, info=info)

    monkeypatch.setattr(_structured, "render_document_prompt", changed)


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("document", DOCUMENT_TEXT + "\nThe council meets again on Friday.\n"),
        ("prompt", None),
        ("temperature", 0.4),
        ("seed", 11),
        ("max_tokens", 3000),
        ("max_items", 3),
        ("max_retries", 0),
        ("reask_unverifiable", False),
        ("model", "openai-compatible/another-model"),
    ],
    ids=[
        "document",
        "system-prompt",
        "temperature",
        "seed",
        "max-tokens",
        "max-items",
        "reask-budget",
        "reask-unverifiable",
        "model",
    ],
)
def test_a_changed_document_prompt_or_setting_is_a_miss(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch, change: str, value: Any
) -> None:
    fault_server.play(valid_summary())
    _run(fault_server)
    if change == "prompt":
        _system_prompt_changed(monkeypatch)
    if change == "document":
        changed = _run(fault_server, text=value)
    elif change == "model":
        with summarizer.Summarizer(
            value, base_url=fault_server.base_url, api_key="sk-test-key-0000"
        ) as instance:
            changed = instance.summarize(DOCUMENT_TEXT)
    else:
        changed = _run(fault_server, **({} if change == "prompt" else {change: value}))
    assert changed.meta.cache == "miss"
    assert len(fault_server.requests) == 2


def test_what_does_not_shape_the_request_still_hits(fault_server: FaultServer) -> None:
    fault_server.play(valid_summary())
    _run(fault_server)
    again = _run(fault_server, api_key="sk-another-key-1111", timeout=33.0, transport_retries=2)
    assert again.meta.cache == "hit"
    assert len(fault_server.requests) == 1


def test_no_cache_bypasses_it(fault_server: FaultServer) -> None:
    fault_server.play(valid_summary())
    runs = [_run(fault_server, cache=False) for _ in range(2)]
    assert [run.meta.cache for run in runs] == ["off", "off"]
    assert len(fault_server.requests) == 2
    assert not _default_cache_file().parent.exists()


def test_cache_dir_puts_it_elsewhere(fault_server: FaultServer, tmp_path: Path) -> None:
    fault_server.play(valid_summary())
    _run(fault_server, cache_dir=tmp_path / "elsewhere")
    assert _run(fault_server, cache_dir=tmp_path / "elsewhere").meta.cache == "hit"
    assert (tmp_path / "elsewhere" / CACHE_FILENAME).is_file()
    assert not _default_cache_file().parent.exists()


def test_a_best_attempt_is_cached_too(fault_server: FaultServer) -> None:
    fault_server.play(completion(HANDWRITTEN_INVENTED_QUOTES))
    first = _run(fault_server, max_retries=1)
    second = _run(fault_server, max_retries=1)
    assert first.meta.best_attempt and second.meta.best_attempt
    assert second.meta.cache == "hit" and second.summary == first.summary
    assert second.meta.grounding.coverage == first.meta.grounding.coverage < 1.0
    assert len(fault_server.requests) == 2, "two attempts in the first run, none in the second"


def test_a_failed_run_is_not_cached(fault_server: FaultServer, no_backoff: None) -> None:
    fault_server.play(status(400, "bad request"), valid_summary())
    with pytest.raises(summarizer.ProviderError):
        _run(fault_server, transport_retries=1)
    assert _run(fault_server, transport_retries=1).meta.cache == "miss"
    assert len(fault_server.requests) == 2


def test_the_extractive_engine_never_touches_the_cache() -> None:
    result = summarizer.summarize(DOCUMENT_TEXT, model="extractive")
    assert result.meta.cache == "off"
    assert not _default_cache_file().parent.exists()


def test_replay_never_touches_the_cache() -> None:
    text = SHORT.read_text(encoding="utf-8")
    with summarizer.replaying(CASSETTES / "reask-validation.yaml") as instance:
        result = instance.summarize(text)
    assert result.meta.cache == "off"
    assert not _default_cache_file().parent.exists()


def test_recording_always_asks_the_server_and_never_touches_the_cache(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    fault_server.play(valid_summary())
    _run(fault_server)  # a cached answer the recording must not use
    with summarizer.recording(
        tmp_path / "run.yaml", MODEL, base_url=fault_server.base_url, api_key="sk-test-key-0000"
    ) as instance:
        result = instance.summarize(DOCUMENT_TEXT)
    assert result.meta.cache == "off"
    assert len(fault_server.requests) == 2


def test_a_damaged_cache_file_warns_once_and_the_run_goes_on_uncached(
    fault_server: FaultServer, caplog: pytest.LogCaptureFixture
) -> None:
    _default_cache_file().parent.mkdir(parents=True)
    _default_cache_file().write_bytes(b"garbage, not a database " * 100)
    fault_server.play(valid_summary())
    with caplog.at_level("WARNING", logger="summarizer"):
        runs = [_run(fault_server) for _ in range(2)]
    assert [run.meta.cache for run in runs] == ["off", "off"]
    assert len(fault_server.requests) == 2
    warnings = [r.getMessage() for r in caplog.records if r.name.startswith("summarizer")]
    assert len(warnings) == 2, "one line per run (each run opens the cache once)"
    assert all("response cache" in line and "running without it" in line for line in warnings)


def test_no_secret_reaches_the_cache_file(fault_server: FaultServer, canary_key: str) -> None:
    query_secret = canary_key.replace("canary", "query")
    echoed = {**HANDWRITTEN_SUMMARY, "title": f"Riverton council {canary_key}"}
    fault_server.play(completion(echoed))
    base_url = f"http://user:{canary_key}@{fault_server.base_url[len('http://') :]}"
    base_url += f"?api-key={query_secret}"
    first = _run(fault_server, api_key=canary_key, base_url=base_url)
    assert _run(fault_server, api_key=canary_key, base_url=base_url).meta.cache == "hit"
    assert first.meta.cache == "miss"
    stored = b"".join(path.read_bytes() for path in _default_cache_file().parent.iterdir())
    assert b"Riverton council" in stored, "the summary is there, so the check can fail"
    for secret in (canary_key, query_secret, canary_key[len("sk-") :]):
        assert secret.encode() not in stored


def test_the_cli_reports_a_hit_and_takes_no_cache_and_cache_dir(
    cli: Any, fault_server: FaultServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-key-0000")
    fault_server.play(valid_summary())
    args = ["summarize", str(DOCUMENT), "--model", MODEL, "--base-url", fault_server.base_url]
    cached = [*args, "--cache-dir", str(tmp_path / "c")]
    assert cli(*cached).exit_code == 0
    hit = cli(*cached, "--meta", str(tmp_path / "meta.json"))
    assert hit.exit_code == 0 and "from the cache" in hit.stderr
    assert json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))["cache"] == "hit"
    assert len(fault_server.requests) == 1
    bypassed = cli(*cached, "--no-cache")
    assert bypassed.exit_code == 0 and "from the cache" not in bypassed.stderr
    assert len(fault_server.requests) == 2


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (812, "812 bytes"), (49_152, "48.0 KiB"), (3_355_443, "3.2 MiB")],
    ids=["empty", "bytes", "kibibytes", "mebibytes"],
)
def test_cache_sizes_read_as_people_read_them(size: int, shown: str) -> None:
    assert _size(size) == shown


def test_a_cache_directory_that_cannot_be_made_is_one_warning_and_an_uncached_run(
    fault_server: FaultServer, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    fault_server.play(valid_summary())
    with caplog.at_level("WARNING", logger="summarizer"):
        result = _run(fault_server, cache_dir=tmp_path / "a-file" / "cache")
    assert result.meta.cache == "off"
    assert len(fault_server.requests) == 1
    assert [r.getMessage().count("running without it") for r in caplog.records] == [1]


def test_a_hit_aligned_by_the_same_aligner_is_not_aligned_again(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault_server.play(valid_summary())
    first = _run(fault_server)
    spy = AlignmentSpy(monkeypatch)
    second = _run(fault_server)
    assert second.meta.cache == "hit" and spy.calls == 0
    assert second.summary == first.summary
    fresh = second.summary.model_copy(deep=True)
    align_evidence(fresh, DOCUMENT_TEXT)
    assert second.summary == fresh


def test_a_hit_stored_by_another_aligner_is_aligned_anew(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault_server.play(valid_summary())
    first = _run(fault_server)
    monkeypatch.setattr(_structured, "aligner_sha256", lambda: "0" * 64)  # the aligner changed
    spy = AlignmentSpy(monkeypatch)
    second = _run(fault_server)
    assert second.meta.cache == "hit" and spy.calls == 1
    assert second.summary == first.summary


# Title and summary naming a year and a person the document never mentions.
HANDWRITTEN_UNSUPPORTED_TITLE: dict[str, Any] = {
    **HANDWRITTEN_SUMMARY,
    "title": "Riverton council closes the Elm Street bridge in 1987",
    "summary": "Governor Quimby approved a plan to close the Elm Street bridge for repairs.",
}


class ClaimCheckerSpy:
    """Counts the document claim indexes the pipeline builds (none for a trusted hit)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        original = _pipeline.ClaimChecker

        def counted(document: str) -> Any:
            self.calls += 1
            return original(document)

        monkeypatch.setattr(_pipeline, "ClaimChecker", counted)


def test_a_hit_keeps_the_claim_check_it_was_stored_with(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    fault_server.play(completion(HANDWRITTEN_UNSUPPORTED_TITLE))
    first = _run(fault_server, max_retries=0)
    spy = ClaimCheckerSpy(monkeypatch)
    second = _run(fault_server, max_retries=0)
    assert second.meta.cache == "hit" and spy.calls == 0
    claims = [claim.text for claim in second.meta.grounding.unsupported_claims]
    assert "1987" in claims and any("Quimby" in claim for claim in claims)
    assert second.meta.grounding == first.meta.grounding


@pytest.mark.parametrize(
    "stale",
    [
        pytest.param("aligner", id="stored-by-another-aligner"),
        pytest.param("no-claims", id="stored-without-a-claim-check"),
    ],
)
def test_a_hit_without_a_trusted_claim_check_checks_again(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch, stale: str
) -> None:
    fault_server.play(completion(HANDWRITTEN_UNSUPPORTED_TITLE))
    first = _run(fault_server, max_retries=0)
    if stale == "aligner":
        monkeypatch.setattr(_structured, "aligner_sha256", lambda: "0" * 64)
    else:
        with sqlite3.connect(_default_cache_file()) as connection:
            (value,) = connection.execute("SELECT value FROM responses").fetchone()
            stored = {**json.loads(value), "unsupported_claims": None}
            connection.execute("UPDATE responses SET value = ?", (json.dumps(stored),))
    spy = ClaimCheckerSpy(monkeypatch)
    second = _run(fault_server, max_retries=0)
    assert second.meta.cache == "hit" and spy.calls == 1
    assert second.meta.grounding.unsupported_claims == first.meta.grounding.unsupported_claims
    assert not second.meta.grounding.summary_verified


def test_a_run_the_cache_answers_makes_no_client(fault_server: FaultServer) -> None:
    fault_server.play(valid_summary())
    _run(fault_server)
    given = {"base_url": fault_server.base_url, "api_key": "sk-test-key-0000"}
    with summarizer.Summarizer(MODEL, **given) as instance:
        assert instance.summarize(DOCUMENT_TEXT).meta.cache == "hit"
        asyncio.run(instance.asummarize(DOCUMENT_TEXT))
        engine = instance.engine
        assert "_client" not in vars(engine) and engine._async_client is None  # type: ignore[attr-defined]
    with summarizer.Summarizer(MODEL, **given, cache=False) as instance:
        fault_server.play(valid_summary())
        instance.summarize(DOCUMENT_TEXT)
        assert "_client" in vars(instance.engine), "a request makes it"
