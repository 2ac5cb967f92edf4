"""The response cache: the SQLite store itself, its use by the LLM engines, and its commands.

Every model answer here is hand-written (tests/fault_server.py's scripted server or the
`scripted` MockTransport fixture); the cache lives under each test's tmp directory."""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from summarizer._cache import (
    CACHE_FILENAME,
    ResponseCache,
    cache_directory,
    cache_info,
    clear_cache,
    request_key,
)

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


def test_a_stored_value_comes_back_and_counts_its_hits(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "c")
    assert cache.get("k") is None
    cache.put("k", {"summary": {"title": "t"}, "n": 1})
    assert cache.get("k") == {"summary": {"title": "t"}, "n": 1}
    assert cache.get("k") is not None
    cache.close()
    info = cache_info(tmp_path / "c" / CACHE_FILENAME)
    assert (info.entries, info.hits) == (1, 2)
    assert info.size_bytes > 0


def test_the_store_is_one_wal_table_in_a_private_directory(tmp_path: Path) -> None:
    cache = ResponseCache(tmp_path / "new" / "cache")
    cache.put("k", {"v": 1})
    cache.close()
    assert stat.S_IMODE((tmp_path / "new" / "cache").stat().st_mode) & 0o077 == 0
    with sqlite3.connect(tmp_path / "new" / "cache" / CACHE_FILENAME) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        columns = [row[1] for row in connection.execute("PRAGMA table_info(responses)")]
    assert columns == ["key", "value", "created", "hits"]


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


def test_cache_info_reports_path_entries_size_and_hits(cli: Any, tmp_path: Path) -> None:
    _filled_cache(tmp_path, 3)
    result = cli("cache", "info", "--cache-dir", str(tmp_path))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == f"path: {tmp_path / CACHE_FILENAME}"
    assert lines[1:2] == ["entries: 3"] and lines[3:] == ["hits: 1"]
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
