"""What a finished document leaves in the output directory, and how it is written.

An `Entry` is made in the run's process (the output serialized, its manifest line) and
written by `write_entry`, there or in the writer process (`_writer_process`). This module
and what it imports (`_files`, `_journal`, `_errors`) are all that process loads: keep
them free of pydantic, of the engines and of the package's `__init__`.
"""

from __future__ import annotations

from typing import NamedTuple

from summarizer._files import write_text
from summarizer.batch._journal import ManifestJournal

OUTPUT_WHAT = "a batch output"  # how an OutputError names what could not be written


class Entry(NamedTuple):
    """OUTPUT (UTF-8 JSON) for OUTPUT_PATH, when there is a result, then LINE (one JSON
    line of the manifest, with its newline)."""

    output_path: str | None
    output: bytes
    line: bytes


def write_entry(entry: Entry, journal: ManifestJournal) -> None:
    """ENTRY's output written atomically, then its line appended (an OutputError if not).
    The journal fsyncs the directory, once for every output its commit lists."""
    if entry.output_path is not None:
        write_text(entry.output_path, entry.output, OUTPUT_WHAT, sync_directory=False)
    journal.append(entry.line)
