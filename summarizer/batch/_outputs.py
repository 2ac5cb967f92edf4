"""The output directory of a batch: one JSON file per document and `manifest.jsonl`.

`DIR/<safe-id>.json` is the document's `SummaryResult` (`summary`, `meta`) with one
`document` block: the result's `DocumentInfo` (format, source, title, date, sha256 of the
extracted text, pages, text...) and the batch's keys (id, path, metadata, status, error,
settings and prompt hashes), made here as an `Entry` and written atomically by
`summarizer._files.write_text` in the run's writer (`_writers`). `DIR/manifest.jsonl` gets
one line per finished document, appended and fsynced after its output (in groups:
`_journal.py`): a killed run leaves at most a torn last line, which the next run cuts off
before appending. Lines from the writer process and from this one (`is_done` lists an
output a killed run left unlisted) are each one O_APPEND write: they never interleave.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic_core import to_json

from summarizer._errors import OutputError
from summarizer._pipeline import Summarizer
from summarizer._redaction import url_without_credentials
from summarizer._schema import SummaryResult
from summarizer.batch._documents import Document, Pending
from summarizer.batch._journal import ManifestJournal
from summarizer.batch._safe_ids import safe_id
from summarizer.batch._writing import Entry

if TYPE_CHECKING:
    from summarizer.batch._runner import Failure

MANIFEST = "manifest.jsonl"
LOCK = ".lock"  # hidden: no safe id starts with a dot
# What summarizer._files.write_text names its temporary files: ".<name>.<8 hex>.tmp".
_TEMPORARY = re.compile(r"^\..+\.json\.[0-9a-f]{8}\.tmp$")
# An output's keys after `document`: the result's own (its `document` gives way to the block).
_RESULT_KEYS = tuple(name for name in SummaryResult.model_fields if name != "document")
_TAIL_BYTES = 1 << 20  # a manifest line is far shorter


@dataclass(frozen=True)
class RunHashes:
    """What a finished document's output must match to be skipped on resume."""

    model: str
    settings_hash: str
    prompt_hash: str

    def matches(self, block: dict[str, Any]) -> bool:
        return (
            block.get("settings_hash") == self.settings_hash
            and block.get("prompt_hash") == self.prompt_hash
        )


def run_hashes(summarizer: Summarizer) -> RunHashes:
    choice = summarizer.engine.choice
    model = f"{choice.provider}/{choice.name}" if choice.name else choice.provider
    return RunHashes(model, summarizer.settings_hash, summarizer.prompt_hash)


class OutputDirectory:
    """Where a batch writes; `open` creates it and repairs a torn manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.manifest = root / MANIFEST
        self._journal = ManifestJournal(self.manifest)
        self._lock: int | None = None
        self._listed: set[tuple[Any, ...]] | None = None  # read when first needed

    @classmethod
    def open(cls, root: str | Path) -> OutputDirectory:
        """ROOT made ready for a run: created, locked against a second run, and cleared of
        what a killed run leaves (temporary files, a torn manifest line). Close it (or use
        it as a context manager) to release the lock; the kernel releases it on a kill."""
        directory = cls(Path(root))
        try:
            directory.root.mkdir(parents=True, exist_ok=True)
            directory._lock = _locked(directory.root / LOCK)
            _remove_temporary_files(directory.root)
            _cut_torn_line(directory.manifest)
        except BlockingIOError:
            raise OutputError(f"{root}: another batch is writing there") from None
        except OSError as error:
            raise OutputError(f"{root}: cannot write --out there ({error.strerror})") from None
        return directory

    def close(self) -> None:
        if self._lock is not None:
            os.close(self._lock)  # closing the descriptor releases the lock
            self._lock = None

    def __enter__(self) -> OutputDirectory:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def output_path(self, document_id: str) -> Path:
        return self.root / f"{safe_id(document_id)}.json"

    def claim(self, document: Document, claimed: dict[str, Document]) -> str | None:
        """Why DOCUMENT cannot be written in this run, or None; CLAIMED maps the safe ids
        taken so far to their documents."""
        name = safe_id(document.id)
        earlier = claimed.setdefault(name, document)
        if earlier is document:
            return None
        if earlier.id == document.id:
            return f"duplicate id {document.id!r} (first from {earlier.path}): not summarized"
        return f"id {document.id!r} maps to the same file as {earlier.id!r} ({name}.json)"

    def is_done(self, pending: Pending, hashes: RunHashes) -> bool:
        """Whether PENDING's output is there, ok, from the same text, settings and prompt.
        A run killed between writing an output and its manifest line left it unlisted:
        its line is appended now, so the manifest lists every finished document."""
        output = self._finished_output(pending, hashes)
        if output is None:
            return False
        if self._listed is None:
            self._listed = _listed_in(self.manifest)
        if _listing_key(output["document"]) not in self._listed:
            stored = {key: value for key, value in output.items() if key != "document"}
            result = SummaryResult.model_validate(stored)
            self._append(_manifest_line(output["document"], hashes, result))
        return True

    def _finished_output(self, pending: Pending, hashes: RunHashes) -> dict[str, Any] | None:
        try:
            text = self.output_path(pending.document.id).read_text(encoding="utf-8")
            output = json.loads(text)
            block = output.get("document", {})
        except (OSError, ValueError, AttributeError):
            return None
        done = (
            isinstance(block, dict)
            and block.get("status") == "ok"
            and block.get("sha256") == pending.sha256
            and block.get("date") == pending.loaded.info.date  # relative dates depend on it
            and hashes.matches(block)
        )
        return output if done else None

    def entry(
        self,
        document: Document,
        pending: Pending | None,
        hashes: RunHashes,
        result: SummaryResult | None = None,
        failure: Failure | None = None,
    ) -> Entry:
        """What DOCUMENT leaves here: its output (when there is a result), its manifest line."""
        status = "failed" if failure else "ok"
        block = _document_block(document, pending, hashes, status, failure, result)
        output, path = b"", None
        if result is not None:
            # pydantic's serializer, given the models themselves (no dicts made first):
            # json.dumps with an indent runs in pure Python (~1 ms here).
            fields = {name: getattr(result, name) for name in _RESULT_KEYS}
            output = to_json({"document": block, **fields}, indent=2) + b"\n"
            path = str(self.output_path(document.id))
        return Entry(path, output, _line(_manifest_line(block, hashes, result)))

    @property
    def journal(self) -> ManifestJournal:
        """The manifest's journal in this process (what a `ThreadWriter` appends with)."""
        return self._journal

    def _append(self, line: dict[str, Any]) -> None:
        self._journal.append(_line(line))


def _line(line: dict[str, Any]) -> bytes:
    return (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")


def _document_block(
    document: Document,
    pending: Pending | None,
    hashes: RunHashes,
    status: str,
    failure: Failure | None,
    result: SummaryResult | None = None,
) -> dict[str, Any]:
    """The document as summarized (the result's `DocumentInfo`, or as loaded when there is
    no result) with the batch's own keys."""
    described = result.document if result and result.document else None
    if described is None and pending is not None:
        described = pending.loaded.info
    return {
        "id": document.id,
        "path": url_without_credentials(document.path),
        **(described.model_dump(mode="json") if described else {}),
        "sha256": pending.sha256 if pending else None,
        "metadata": document.metadata,
        "status": status,
        "error_class": failure.error_class if failure else None,
        "error": failure.message if failure else None,
        "settings_hash": hashes.settings_hash,
        "prompt_hash": hashes.prompt_hash,
    }


def _manifest_line(
    block: dict[str, Any], hashes: RunHashes, result: SummaryResult | None
) -> dict[str, Any]:
    meta = result.meta if result else None
    return {
        "id": block["id"],
        "path": block["path"],
        "input_sha256": block["sha256"],
        "status": block["status"],
        "error_class": block["error_class"],
        "error": block["error"],
        "model": hashes.model,
        "settings_hash": hashes.settings_hash,
        "prompt_hash": hashes.prompt_hash,
        "attempts": meta.attempts if meta else 0,
        "usage": meta.usage.model_dump() if meta else None,
        "latency_seconds": meta.latency_seconds if meta else None,
        "coverage": meta.grounding.coverage if meta else None,
        "cache_hit": cache_hit(result),
        "output": f"{safe_id(block['id'])}.json" if result else None,
    }


_LISTING_KEYS = ("id", "sha256", "settings_hash", "prompt_hash")


def _listing_key(block: dict[str, Any]) -> tuple[Any, ...]:
    """What identifies a finished document in the manifest: id, text, settings, prompt."""
    return tuple(block.get(key) for key in _LISTING_KEYS)


def _listed_in(manifest: Path) -> set[tuple[Any, ...]]:
    """The ok documents MANIFEST lists (whole lines only)."""
    listed = set()
    with contextlib.suppress(FileNotFoundError), manifest.open(encoding="utf-8") as lines:
        for line in lines:
            with contextlib.suppress(ValueError):
                entry = json.loads(line)
                if isinstance(entry, dict) and entry.get("status") == "ok":
                    listed.add(_listing_key({**entry, "sha256": entry.get("input_sha256")}))
    return listed


def cache_hit(result: SummaryResult | None) -> bool:
    return result is not None and result.meta.cache == "hit"


def _locked(path: Path) -> int:
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(descriptor)
        raise
    return descriptor


def _remove_temporary_files(root: Path) -> None:
    """A killed run's half-written outputs (never under a document's name)."""
    for entry in os.scandir(root):
        if _TEMPORARY.match(entry.name) and entry.is_file(follow_symlinks=False):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _cut_torn_line(manifest: Path) -> None:
    """Drop a last line without its newline: what a process killed mid-append leaves."""
    with contextlib.suppress(FileNotFoundError), manifest.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        start = max(0, size - _TAIL_BYTES)
        handle.seek(start)
        tail = handle.read()
        if not tail or tail.endswith(b"\n"):
            return
        handle.truncate(start + tail.rfind(b"\n") + 1)
        os.fsync(handle.fileno())
