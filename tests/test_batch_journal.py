"""The manifest journal: every line appended once, whole, in groups; an appender never
waits for another's commit; a failure reaches the leader and every later append."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from summarizer._errors import OutputError
from summarizer.batch import _journal
from summarizer.batch._journal import ManifestJournal

THREADS = 16
LINES_PER_THREAD = 25


class FsyncCounter:
    """Counts os.fsync calls made through the journal module, slowed down a little so
    that appenders pile up behind a commit, as they do on a real disk."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        self._lock = threading.Lock()
        real = os.fsync

        def counted(descriptor: int) -> None:
            with self._lock:
                self.calls += 1
            threading.Event().wait(0.002)
            real(descriptor)

        monkeypatch.setattr(_journal.os, "fsync", counted)


def _append_from_threads(journal: ManifestJournal) -> list[BaseException]:
    errors: list[BaseException] = []

    def appender(number: int) -> None:
        try:
            for line in range(LINES_PER_THREAD):
                journal.append(f'{{"thread": {number}, "line": {line}}}\n'.encode())
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=appender, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return errors


def test_every_line_is_appended_once_and_whole_with_fewer_fsyncs_than_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = FsyncCounter(monkeypatch)
    journal = ManifestJournal(tmp_path / "manifest.jsonl")
    assert _append_from_threads(journal) == []
    lines = (tmp_path / "manifest.jsonl").read_text().splitlines()
    expected = {
        f'{{"thread": {n}, "line": {line}}}'
        for n in range(THREADS)
        for line in range(LINES_PER_THREAD)
    }
    assert sorted(lines) == sorted(expected)
    assert counter.calls < len(expected), "appends waiting behind a commit go in one group"


def test_one_appender_alone_commits_its_own_line(tmp_path: Path) -> None:
    journal = ManifestJournal(tmp_path / "manifest.jsonl")
    journal.append(b'{"id": "a"}\n')
    assert (tmp_path / "manifest.jsonl").read_bytes() == b'{"id": "a"}\n'


def test_a_failed_commit_raises_in_its_leader_and_every_append_after_it(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").mkdir()  # cannot be opened for appending
    journal = ManifestJournal(tmp_path / "manifest.jsonl")
    errors = _append_from_threads(journal)
    # A thread whose lines were all queued behind the failing commit has returned: the
    # failure is its leader's, and every append's after it.
    assert errors, "the leader of the failed commit raises"
    assert all(isinstance(error, OutputError) for error in errors)
    assert "manifest.jsonl: cannot append to it" in str(errors[0])
    with pytest.raises(OutputError, match="cannot append to it"):
        journal.append(b'{"id": "later"}\n')


def test_an_append_during_a_commit_returns_at_once_and_the_leader_commits_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    in_commit, release = threading.Event(), threading.Event()
    real = os.fsync

    def held_fsync(descriptor: int) -> None:  # the leader's commit waits here until released
        in_commit.set()
        assert release.wait(timeout=30)
        real(descriptor)

    monkeypatch.setattr(_journal.os, "fsync", held_fsync)
    journal = ManifestJournal(tmp_path / "manifest.jsonl")
    leader = threading.Thread(target=journal.append, args=(b'{"id": "first"}\n',))
    leader.start()
    assert in_commit.wait(timeout=30)
    journal.append(b'{"id": "second"}\n')  # returns while the leader's commit is held
    assert (
        not (tmp_path / "manifest.jsonl").exists()
        or b"second" not in (tmp_path / "manifest.jsonl").read_bytes()
    )
    release.set()
    leader.join(timeout=30)
    assert not leader.is_alive()
    assert (tmp_path / "manifest.jsonl").read_bytes() == b'{"id": "first"}\n{"id": "second"}\n'
