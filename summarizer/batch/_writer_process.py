"""The batch writer process: writes the entries a run sends it, and says how each went.

Why a process: a write is a handful of system calls (open, write, fsync, close, rename,
the manifest's append), and a thread of the run's process takes the interpreter lock
back after each of them, from the event loop. When the cache answers, documents finish
faster than disks write them, and the event loop spent more time waiting for that lock
than summarizing (a re-run of 200 documents: 0.07 s without writes, 0.19 s with 16
writer threads; 0.115 s with this process writing, `benchmarks/README.md`).

Run as a script (`python -I -S _writer_process.py MANIFEST`), it loads only `_writing`
and what that imports: `summarizer` and `summarizer.batch` stand in as empty packages, so
their `__init__` (pydantic, the engines) never runs. The run's side is `_writers`.

The protocol, on the process's standard input and output (binary, big-endian):
    in:  FRAME = seq u64 (from 1), path length u32, output length u32, line length u32,
         then the path (os.fsencode; empty: no output), the output, the line;
         END = a FRAME header of zeros: nothing more comes.
    out: ACK = seq u64, error length u32, then the error (UTF-8; empty: written).
Acks come as writes finish, in any order. After END the process finishes every write it
took and exits 0. An input that stops without END means the run was killed: the process
stops at once (the next run redoes what it had not written), as the run's own writer
threads would have. (Its parent's death cannot be told otherwise in time: the kernel
closes a dying process's pipes before it gives its children a new parent.)
"""

from __future__ import annotations

import os
import queue
import struct
import sys
import threading
import types
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

if TYPE_CHECKING:
    from summarizer.batch._journal import ManifestJournal
    from summarizer.batch._writing import Entry

FRAME = struct.Struct("!QIII")
ACK = struct.Struct("!QI")
# Threads writing in the process, to overlap their fsyncs: a re-run above took 0.175 s
# with 2, 0.14 s with 4 or 8 (the disk's journal commits bound it then).
THREADS = 8
# An ack is written with one os.write, which a pipe keeps whole up to PIPE_BUF (4096).
_MAX_ERROR_BYTES = 3000
END = FRAME.pack(0, 0, 0, 0)
EXIT_ORPHANED = 3


def frame(seq: int, entry: Entry) -> bytes:
    """ENTRY as the process reads it."""
    path = os.fsencode(entry.output_path) if entry.output_path is not None else b""
    header = FRAME.pack(seq, len(path), len(entry.output), len(entry.line))
    return b"".join((header, path, entry.output, entry.line))


def read_frames(stream: BinaryIO) -> Iterator[tuple[int, Entry] | None]:
    """The (seq, entry) frames of STREAM, then None if END came (a torn frame is dropped)."""
    from summarizer.batch._writing import Entry

    while len(header := stream.read(FRAME.size)) == FRAME.size:
        seq, *lengths = FRAME.unpack(header)
        if seq == 0:
            yield None
            return
        path, output, line = (stream.read(length) for length in lengths)
        if len(line) != lengths[2]:
            return
        yield seq, Entry(os.fsdecode(path) if path else None, output, line)


def ack(seq: int, error: str | None) -> bytes:
    message = (error or "").encode("utf-8", "replace")[:_MAX_ERROR_BYTES]
    return ACK.pack(seq, len(message)) + message


def _write_and_ack(seq: int, entry: Entry, journal: ManifestJournal) -> None:
    from summarizer.batch._writing import write_entry

    try:
        write_entry(entry, journal)
        error = None
    except Exception as failure:  # an OutputError, or a bug: the run says it either way
        error = str(failure) or type(failure).__name__
    os.write(sys.stdout.fileno(), ack(seq, error))


def serve(manifest: Path) -> int:
    """Write what standard input sends until it ends; the exit status."""
    from summarizer.batch._journal import ManifestJournal

    journal = ManifestJournal(manifest)
    # Threads and a queue, not concurrent.futures: its import (logging) would double the
    # time this process takes to start, during which the run's entries wait.
    taken: queue.SimpleQueue[tuple[int, Entry] | None] = queue.SimpleQueue()
    threads = [threading.Thread(target=_writing, args=(taken, journal)) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for item in read_frames(sys.stdin.buffer):
        if item is None:
            break
        taken.put(item)
    else:  # no END: the run was killed; what is not written yet, the next run redoes
        os._exit(EXIT_ORPHANED)
    for _ in threads:
        taken.put(None)
    for thread in threads:
        thread.join()
    return 0


def _writing(taken: queue.SimpleQueue[tuple[int, Entry] | None], journal: ManifestJournal) -> None:
    while (item := taken.get()) is not None:
        _write_and_ack(*item, journal)


def _light_packages() -> None:
    """`summarizer` and `summarizer.batch` as empty packages over their directories."""
    batch = Path(__file__).resolve().parent
    for name, directory in (("summarizer", batch.parent), ("summarizer.batch", batch)):
        package = types.ModuleType(name)
        package.__path__ = [str(directory)]
        sys.modules[name] = package


if __name__ == "__main__":  # started in a session of its own: Ctrl-C is the run's only
    _light_packages()
    os._exit(serve(Path(sys.argv[1])))  # all written and acked: no teardown to wait for
