"""The manifest's appends, committed in groups as databases commit their logs.

Every finished document costs one fsync of its output file; its manifest line used to
cost two more (the directory, for the output's rename, and the manifest), and both
fsyncs hit the same two inodes for every document, so they ran one after another.

Here the first appender to find no commit under way leads: it commits every line queued
(one fsync of the directory, one write, one fsync of the manifest), again while lines
were queued meanwhile, and returns once the queue is empty. Any other appender queues
its line and returns at once, free to write its next output instead of waiting for a
disk: the leader commits its line. So once every `append` has returned, every line is
on disk. A failed commit raises in its leader and in every `append` after it.

A run killed or powered off loses at most the lines not committed yet. Their outputs,
when renamed in place, are found by the next run, which lists them then
(`OutputDirectory.is_done`); the others are summarized again.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from summarizer._errors import OutputError
from summarizer._files import sync_directory_of


class ManifestJournal:
    """Appends lines to MANIFEST; thread-safe."""

    def __init__(self, manifest: Path) -> None:
        self.manifest = manifest
        self._lock = threading.Lock()
        self._queued: list[bytes] = []
        self._committing = False
        self._failure: OutputError | None = None

    def append(self, line: bytes) -> None:
        """Queue LINE (one JSON line with its newline); commit it and every line queued
        after it unless a commit is under way, whose leader commits them."""
        with self._lock:
            if self._failure is not None:
                raise self._failure
            self._queued.append(line)
            if self._committing:
                return
            self._committing = True
        self._lead()

    def _lead(self) -> None:
        while (batch := self._take_queue()) is not None:
            try:
                self._write(b"".join(batch))
            except OutputError as error:
                with self._lock:
                    self._failure, self._committing = error, False
                raise

    def _take_queue(self) -> list[bytes] | None:
        """The lines queued so far, or None (no longer leading) when there are none."""
        with self._lock:
            batch, self._queued = self._queued, []
            if not batch:
                self._committing = False
                return None
            return batch

    def _write(self, data: bytes) -> None:
        sync_directory_of(self.manifest)  # the outputs these lines list are renamed in it
        try:
            descriptor = os.open(self.manifest, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666)
            try:
                os.write(descriptor, data)
                os.fsync(descriptor)
            finally:
                os.close(descriptor)
        except OSError as error:
            raise OutputError(f"{self.manifest}: cannot append to it ({error.strerror})") from None
