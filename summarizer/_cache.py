"""The response cache: an LLM's validated answers on disk, so a document is paid for once.

One SQLite file (stdlib `sqlite3`) in WAL mode, one table: `key` is the SHA-256 of the
canonical JSON of everything that shapes a request (the engines assemble it: provider,
model, base URL without credentials, messages, response schema, sampling, re-ask budget,
schema version); `value` is JSON (the validated summary and its usage). Several processes
may read and write one file at once: WAL lets readers run beside the one writer, and a
writer waits for the lock (`busy_timeout`) instead of failing.

A cache must never cost a run: a file that is not a database, a directory that cannot be
created, a lock held too long are one warning line, and the run goes on uncached.

A lookup is a read, and a run the cache answers writes nothing to it. Hits are not
counted on disk: SQLite rewrites a whole row, an answer's overflow pages too, to change
one of its values, and the last connection to close then checkpoints all of it (~20 ms
for the 200 hits of a re-run, as much as the rest of its lookups). A read in WAL mode
waits for nobody, so the event loop may look up itself (`get_now`) instead of paying a
thread for every document a re-run finds here. It reads on a connection of its own: on
the threads' one, a lookup waiting in a thread would send the next one to a thread too,
and so on (two in three lookups of a re-run went to threads that way).

Where: `cache_dir` (`--cache-dir`) > `SUMMARIZER_CACHE_DIR` > `$XDG_CACHE_HOME/summarizer`
> `~/.cache/summarizer`. A leaf module: it imports nothing of ours.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

CACHE_FILENAME = "responses.sqlite3"
# Part of every key: a change in what a key or a value holds makes old entries unreachable.
# 2: the messages enter a key as their SHA-256 (the prompt's `rendered_sha256`).
FORMAT_VERSION = 2
# How long a writer waits for another process's write lock before giving up on the cache.
BUSY_TIMEOUT_SECONDS = 30.0
# Where SQLite answers "busy" without waiting (changing the journal mode, recovering a WAL
# another process left), the statement is tried again after this pause.
BUSY_RETRY_SECONDS = 0.01
_BUSY_TIMEOUT_MS = int(BUSY_TIMEOUT_SECONDS * 1000)
_SCHEMA = """CREATE TABLE IF NOT EXISTS responses (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created REAL NOT NULL
)"""

log = logging.getLogger("summarizer.cache")
T = TypeVar("T")


def cache_directory(
    given: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Path:
    """Where the cache lives: GIVEN, else SUMMARIZER_CACHE_DIR, else the XDG cache home."""
    environ = os.environ if environ is None else environ
    chosen = given or environ.get("SUMMARIZER_CACHE_DIR")
    if chosen:
        return Path(chosen).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "")
    # The XDG spec: a relative path is invalid and ignored.
    base = Path(xdg) if os.path.isabs(xdg) else Path(environ.get("HOME") or Path.home()) / ".cache"
    return base / "summarizer"


def request_key(parts: Mapping[str, Any]) -> str:
    """The SHA-256 of PARTS as canonical JSON (sorted keys, no spaces, ASCII)."""
    text = json.dumps(
        {"format": FORMAT_VERSION, **parts}, sort_keys=True, separators=(",", ":"), allow_nan=False
    )
    return hashlib.sha256(text.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class CacheInfo:
    path: Path
    entries: int
    size_bytes: int  # the database and its WAL and shared-memory files


class WouldWait(Exception):
    """`get_now` could not answer without waiting: ask `get` (in a thread)."""


class ResponseCache:
    """One cache file, opened on first use (a run that never asks creates nothing).

    Safe to share between threads (one connection behind a lock) and processes (SQLite's
    locks). After the first failure it warns once and answers every lookup with a miss."""

    def __init__(self, directory: str | Path) -> None:
        self.directory = Path(directory)
        self.path = self.directory / CACHE_FILENAME
        self._lock = threading.Lock()  # the threads' connection: every get and put
        self._connection: sqlite3.Connection | None = None
        self._reader_lock = threading.Lock()  # the event loop's: `get_now`
        self._reader: sqlite3.Connection | None = None
        self.usable = True

    def get(self, key: str) -> dict[str, Any] | None:
        """The value stored under KEY, or None."""
        return self._guarded(lambda connection: _get(connection, key))

    def get_now(self, key: str) -> dict[str, Any] | None:
        """What `get` answers, or WouldWait when that could wait: the database is not open
        yet (a `get` or `put` opens it), another event loop is reading, or another process
        holds a lock SQLite would wait for."""
        if self._connection is None or not self._reader_lock.acquire(blocking=False):
            raise WouldWait
        try:
            if not self.usable:
                return None
            return _get(self._reading(), key)
        except (sqlite3.Error, OSError) as error:
            if isinstance(error, sqlite3.OperationalError) and _busy(error):
                raise WouldWait from None
            self._stop_reading(error)
            return None
        finally:
            self._reader_lock.release()

    def put(self, key: str, value: Mapping[str, Any]) -> None:
        """Store VALUE under KEY, replacing what was there."""
        text = json.dumps(value, sort_keys=True, allow_nan=False)
        self._guarded(lambda connection: _put(connection, key, text))

    def close(self) -> None:
        with self._lock, self._reader_lock:
            for connection in (self._connection, self._reader):
                if connection is not None:
                    connection.close()
            self._connection = self._reader = None

    def _guarded(self, operation: Callable[[sqlite3.Connection], T]) -> T | None:
        with self._lock:
            if not self.usable:
                return None
            try:
                return patiently(lambda: operation(self._connected()))
            except (sqlite3.Error, OSError) as error:
                self._give_up(error)
                return None

    def _connected(self) -> sqlite3.Connection:
        if self._connection is None:
            self._connection = open_database(self.path)
        return self._connection

    def _reading(self) -> sqlite3.Connection:
        """The event loop's connection, opened on the file `_connected` set up. SQLite's
        busy handler is off: a lock it would wait for raises "busy" (WouldWait) instead."""
        if self._reader is None:
            self._reader = sqlite3.connect(
                self.path, timeout=0, isolation_level=None, check_same_thread=False
            )
        return self._reader

    def _give_up(self, error: BaseException) -> None:
        """Stop using the cache (with `_lock` held)."""
        self._warn_once(error)
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def _stop_reading(self, error: BaseException) -> None:
        """Stop using the cache (with `_reader_lock` held): the threads' `get` and `put`
        see `usable` before they touch their connection, which `close` closes."""
        self._warn_once(error)
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def _warn_once(self, error: BaseException) -> None:
        if self.usable:
            self.usable = False
            log.warning("response cache %s is unusable (%s); running without it", self.path, error)


def patiently(action: Callable[[], T]) -> T:
    """ACTION, tried again while SQLite is busy or locked (it waits `busy_timeout` itself
    for most locks, but not all), for at most BUSY_TIMEOUT_SECONDS."""
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _busy(error) or time.monotonic() >= deadline:
                raise
        time.sleep(BUSY_RETRY_SECONDS)


def _busy(error: sqlite3.OperationalError) -> bool:
    # Extended codes (SQLITE_BUSY_RECOVERY, ...) keep the primary code in the low byte.
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def open_database(path: Path) -> sqlite3.Connection:
    """PATH as a cache database in WAL mode, created (in a 0o700 directory) if missing."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Autocommit (isolation_level=None): every statement is its own short transaction.
    connection = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        connection.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        # WAL is a property of the file: set once, by whichever process creates it.
        if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            connection.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts; a power cut may lose the last few entries.
        connection.execute("PRAGMA synchronous = NORMAL")
        connection.execute(_SCHEMA)
    except BaseException:
        connection.close()
        raise
    return connection


def _get(connection: sqlite3.Connection, key: str) -> dict[str, Any] | None:
    row = connection.execute("SELECT value FROM responses WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except ValueError:
        return None  # a damaged value is a miss; the run stores a good one over it
    return value if isinstance(value, dict) else None


def _put(connection: sqlite3.Connection, key: str, text: str) -> None:
    with _transaction(connection):
        connection.execute(
            # Named columns: a file made by an earlier version has a `hits` column (default 0).
            "INSERT OR REPLACE INTO responses (key, value, created) VALUES (?, ?, ?)",
            (key, text, time.time()),
        )


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error): the write lock is taken up front,
    so a busy database is waited for, never a deadlock between two upgrading readers."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: type[BaseException] | None, *rest: object) -> None:
        self.connection.execute("ROLLBACK" if kind is not None else "COMMIT")


def cache_info(path: Path) -> CacheInfo:
    """Entries and size of the cache file PATH (both zero if there is none).
    Raises sqlite3.Error if PATH is not a readable cache database."""
    if not path.exists():
        return CacheInfo(path, 0, 0)
    entries = patiently(lambda: _query(path, _count))
    return CacheInfo(path, entries, _size_on_disk(path))


def _count(connection: sqlite3.Connection) -> int:
    (entries,) = connection.execute("SELECT count(*) FROM responses").fetchone()
    return int(entries)


def _query(path: Path, operation: Callable[[sqlite3.Connection], T]) -> T:
    """OPERATION on a connection of its own to the cache PATH."""
    connection = open_database(path)
    try:
        return operation(connection)
    finally:
        connection.close()


def clear_cache(path: Path) -> int:
    """Remove every entry of the cache file PATH; the number removed.
    Raises sqlite3.Error if PATH is not a readable cache database."""
    if not path.exists():
        return 0
    removed = patiently(lambda: _query(path, _delete_all))
    patiently(lambda: _query(path, _vacuum))  # give the space back
    return removed


def _delete_all(connection: sqlite3.Connection) -> int:
    with _transaction(connection):
        removed: int = connection.execute("DELETE FROM responses").rowcount
    return removed


def _vacuum(connection: sqlite3.Connection) -> None:
    connection.execute("VACUUM")


def remove_cache_files(path: Path) -> None:
    """Delete the cache file PATH and its WAL and shared-memory files (an unreadable cache)."""
    for file in _cache_files(path):
        file.unlink(missing_ok=True)


def _cache_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _size_on_disk(path: Path) -> int:
    return sum(file.stat().st_size for file in _cache_files(path) if file.exists())
