"""Who writes a run's entries (outputs and manifest lines): a writer process, else threads.

Both writers keep one contract, used by the runner's event loop only:

- `submit(entry, done)` never blocks; DONE is called once ENTRY is written (from a writer
  thread, or from the loop).
- `await at_most(limit)` returns once at most LIMIT entries are still being written, and
  raises the OutputError of an entry that could not be written (no space, no permission).
- `await close()` waits for every entry taken, whatever ended the run, and raises nothing:
  however the run ends, no write is left half done.

`ProcessWriter` (see `_writer_process` for why a process) is used when this Python can
start one; `ThreadWriter` otherwise (an embedded interpreter whose `sys.executable` is no
Python), and for what a writer process that died left unwritten.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from summarizer._errors import OutputError
from summarizer.batch import _writer_process
from summarizer.batch._journal import ManifestJournal
from summarizer.batch._writer_process import ACK, END, frame
from summarizer.batch._writing import Entry, write_entry

Done = Callable[[], None]
# Threads writing in this process: enough to overlap their fsyncs.
WRITER_THREADS = 16
# Entries a run may hand its writer before it waits (about 10 kB each): enough for the
# documents a cache answers while the writer process starts (~25 ms, ~100 documents).
BACKLOG = 256
# The pipe to the writer process: room for about a hundred entries (Linux's default most).
PIPE_BYTES = 1 << 20
log = logging.getLogger("summarizer.batch")


class ThreadWriter:
    """Entries written by threads of this process."""

    def __init__(self, journal: ManifestJournal) -> None:
        self._journal = journal
        self._pool = ThreadPoolExecutor(WRITER_THREADS, thread_name_prefix="batch-writer")
        self._writes: list[Future[None]] = []

    def submit(self, entry: Entry, done: Done) -> None:
        write = self._pool.submit(write_entry, entry, self._journal)
        write.add_done_callback(lambda finished: _call_if_written(finished, done))
        self._writes.append(write)

    async def at_most(self, limit: int) -> None:
        """Only a writer over LIMIT waits (for its oldest write): being woken by every
        write would cost as much as a whole document the cache answers."""
        while True:
            self._writes = [write for write in self._writes if not _finished(write)]
            if len(self._writes) <= limit:
                return
            await asyncio.wait([asyncio.wrap_future(self._writes[0])])  # never cancels it

    async def close(self) -> None:
        self._pool.shutdown(wait=True)


def _call_if_written(write: Future[None], done: Done) -> None:
    if write.exception() is None:  # a failure is raised by `at_most`
        done()


def _finished(write: Future[None]) -> bool:
    if write.done():
        write.result()  # raises what the write raised
        return True
    return False


class ProcessWriter:
    """Entries written by a writer process, each kept here until it says it is written:
    if the process dies, what it had not written is written by a `ThreadWriter`."""

    def __init__(self, process: asyncio.subprocess.Process, journal: ManifestJournal) -> None:
        self._process, self._journal = process, journal
        self._unwritten: dict[int, tuple[Entry, Done]] = {}
        self._sent = 0
        self._failure: OutputError | None = None
        self._acked = asyncio.Event()
        self._fallback: ThreadWriter | None = None
        self._closing = False
        self._reader = asyncio.create_task(self._read_acks())

    @classmethod
    async def start(cls, journal: ManifestJournal) -> ProcessWriter | None:
        """A writer process for JOURNAL's directory, or None if none can be started."""
        if not sys.executable:
            return None
        try:
            process = await asyncio.create_subprocess_exec(
                *(sys.executable, "-I", "-S", _writer_process.__file__, str(journal.manifest)),
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                start_new_session=True,  # a terminal's Ctrl-C is the run's, not the writer's
            )
        except (OSError, RuntimeError, NotImplementedError):
            return None  # no such program; a loop that cannot watch children (not Unix)
        _widen(process.stdin)
        return cls(process, journal)

    def submit(self, entry: Entry, done: Done) -> None:
        if self._fallback is not None:
            return self._fallback.submit(entry, done)
        self._sent += 1
        self._unwritten[self._sent] = (entry, done)
        stdin = self._process.stdin
        if stdin is not None and not stdin.is_closing():
            stdin.write(frame(self._sent, entry))
        # else: the process is gone; `_read_acks` hands what it left to threads

    async def at_most(self, limit: int) -> None:
        while True:
            if self._failure is not None:
                raise self._failure
            if self._fallback is not None:
                return await self._fallback.at_most(limit)
            if len(self._unwritten) <= limit:
                return
            self._acked.clear()
            await self._acked.wait()

    async def close(self) -> None:
        self._closing = True
        stdin = self._process.stdin
        if stdin is not None and not stdin.is_closing():
            stdin.write(END)  # without it, the process takes the end for the run's death
            stdin.close()
        await asyncio.shield(self._reader)  # a second Ctrl-C: the process still finishes
        if self._fallback is not None:
            await self._fallback.close()

    async def _read_acks(self) -> None:
        acks, pending = self._process.stdout, b""
        assert acks is not None
        with contextlib.suppress(ConnectionError):  # the process ended
            while chunk := await acks.read(1 << 16):  # every ack that came, at once
                pending = self._take_acks(pending + chunk)
                self._acked.set()
        status = await self._process.wait()
        if self._unwritten or not self._closing:  # it died: threads take what comes next
            self._fall_back(status)
        self._acked.set()

    def _take_acks(self, data: bytes) -> bytes:
        """DATA's whole acks taken; the bytes of a torn last one, to complete."""
        start = 0
        while len(data) - start >= ACK.size:
            seq, length = ACK.unpack_from(data, start)
            end = start + ACK.size + length
            if end > len(data):
                break
            self._written(seq, data[start + ACK.size : end].decode("utf-8") or None)
            start = end
        return data[start:]

    def _written(self, seq: int, error: str | None) -> None:
        _, done = self._unwritten.pop(seq)
        if error is not None:
            self._failure = self._failure or OutputError(error)
        else:
            done()

    def _fall_back(self, status: int) -> None:
        log.warning("the batch writer process stopped (status %s): the run writes itself", status)
        self._fallback = ThreadWriter(self._journal)
        for entry, done in self._unwritten.values():
            self._fallback.submit(entry, done)
        self._unwritten.clear()


def _widen(stdin: asyncio.StreamWriter | None) -> None:
    """STDIN's pipe made to hold PIPE_BYTES (Linux): with 64 kB, six outputs, the loop wrote
    each entry in pieces as the process drained it, ~20 ms of a 0.14 s re-run."""
    resize = getattr(fcntl, "F_SETPIPE_SZ", None)
    pipe = stdin.get_extra_info("pipe") if stdin is not None else None
    if resize is not None and pipe is not None:
        with contextlib.suppress(OSError):  # over /proc/sys/fs/pipe-max-size: keep it
            fcntl.fcntl(pipe.fileno(), resize, PIPE_BYTES)


Writer = ProcessWriter | ThreadWriter


async def start_writer(journal: ManifestJournal) -> Writer:
    """A writer process for JOURNAL's directory, else threads of this process."""
    return await ProcessWriter.start(journal) or ThreadWriter(journal)
