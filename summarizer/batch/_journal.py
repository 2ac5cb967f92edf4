"""The manifest's appends, committed in groups as databases commit their logs.

Every finished document costs one fsync of its output file; its manifest line used to
cost two more (the directory, for the output's rename, and the manifest), and both
fsyncs hit the same two inodes for every document, so they ran one after another. Here
a thread that appends finds either no commit under way, and then commits every line
queued so far (one fsync of the directory, one write, one fsync of the manifest), or one
under way, and then waits for the next. `append` still returns only once its line, and
the output renamed before it, are on disk: a killed or powered-off run loses at most
the documents whose `append` had not returned.
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
        self._changed = threading.Condition()
        self._queued: list[bytes] = []
        self._next_ticket = 0
        self._committed = 0  # every ticket below it is on disk (or failed)
        self._committing = False
        self._failures: list[tuple[range, OutputError]] = []

    def append(self, line: bytes) -> None:
        """LINE (one JSON line with its newline) appended and fsynced, together with
        whatever other threads queued meanwhile; an OutputError if that failed."""
        with self._changed:
            ticket = self._queue(line)
            while self._committed <= ticket and self._committing:
                self._changed.wait()
            leads = self._committed <= ticket  # not written, and nobody is writing
            batch, tickets = self._take_queue() if leads else ([], range(0))
        if leads:
            self._commit(batch, tickets)
        self._raise_if_failed(ticket)

    def _queue(self, line: bytes) -> int:
        self._queued.append(line)
        self._next_ticket += 1
        return self._next_ticket - 1

    def _take_queue(self) -> tuple[list[bytes], range]:
        self._committing = True
        batch, self._queued = self._queued, []
        return batch, range(self._next_ticket - len(batch), self._next_ticket)

    def _commit(self, batch: list[bytes], tickets: range) -> None:
        failure = None
        try:
            self._write(b"".join(batch))
        except OutputError as error:
            failure = error
        with self._changed:
            if failure is not None:
                self._failures.append((tickets, failure))
            self._committed, self._committing = tickets.stop, False
            self._changed.notify_all()

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

    def _raise_if_failed(self, ticket: int) -> None:
        with self._changed:
            for tickets, failure in self._failures:
                if ticket in tickets:
                    raise failure
