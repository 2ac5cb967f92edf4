"""Reading what `summarizer compare` is given: result JSON files and batch folders.

A file must be a result (a JSON object whose `summary` validates); anything else is the
run's error (exit 2). A folder contributes every `*.json` with a `summary` directly in it;
one that cannot be read or whose document failed is skipped with a note, and a folder
with no result at all is an error.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer._errors import InputError
from summarizer._schema import StructuredSummary
from summarizer.compare._dates import document_date
from summarizer.compare._model import DocumentRef, SkippedFile

REPORT_FOLDER = "report"  # where `summarizer report DIR` writes one brief per document


@dataclass(frozen=True)
class LoadedDocument:
    ref: DocumentRef
    summary: StructuredSummary
    text: str | None


@dataclass
class Loaded:
    documents: list[LoadedDocument]
    skipped: list[SkippedFile]


class _Skip(Exception):
    """A file of a folder that is not a usable result (the reason is the message)."""


def load_inputs(paths: Sequence[str], links_from: Path) -> Loaded:
    """Every result under PATHS; brief links are relative to the folder LINKS_FROM."""
    if not paths:
        raise InputError("nothing to compare: give result JSON files or batch folders")
    loaded = Loaded([], [])
    seen: set[str] = set()
    for path in paths:
        for document in _load_path(Path(path), links_from, loaded.skipped):
            loaded.documents.append(_unique(document, seen))
    return loaded


def _load_path(
    path: Path, links_from: Path, skipped: list[SkippedFile]
) -> Iterator[LoadedDocument]:
    if path.is_dir():
        yield from _load_folder(path, links_from, skipped)
    elif path.is_file():
        try:
            yield _load_file(path, None)
        except _Skip as reason:
            raise InputError(f"{path}: {reason}") from None
    else:
        raise InputError(f"{path}: no such file or folder")


def _load_folder(
    folder: Path, links_from: Path, skipped: list[SkippedFile]
) -> Iterator[LoadedDocument]:
    found = 0
    for path in sorted(folder.glob("*.json")):
        try:
            data = _read_json(path)
            if isinstance(data, dict) and "summary" in data:
                found += 1
                yield _load_file(path, _brief(folder, path, links_from), data)
        except _Skip as reason:
            skipped.append(SkippedFile(file=str(path), reason=str(reason)))
    if not found:
        raise InputError(f"{folder}: no result files in it (*.json with a summary)")


def _brief(folder: Path, path: Path, links_from: Path) -> str | None:
    """The document's HTML brief when `summarizer report` has written it (a batch output is
    DIR/<safe-id>.json, its brief DIR/report/<safe-id>.html)."""
    brief = folder / REPORT_FOLDER / f"{path.stem}.html"
    if not brief.is_file():
        return None
    return Path(os.path.relpath(brief.resolve(), links_from.resolve())).as_posix()


def _load_file(path: Path, brief: str | None, data: Any = None) -> LoadedDocument:
    data = _read_json(path) if data is None else data
    if not isinstance(data, dict) or "summary" not in data:
        raise _Skip("not a summarizer result (no `summary`)")
    block = data.get("document")
    block = block if isinstance(block, dict) else {}
    if block.get("status") == "failed":
        raise _Skip("its document failed in the batch (see the manifest)")
    summary = _summary(data["summary"])
    text = block.get("text") if isinstance(block.get("text"), str) else None
    date, date_from = document_date(block, text)
    document_id = block.get("id") if isinstance(block.get("id"), str) else path.name
    ref = DocumentRef(id=document_id, file=str(path), date=date, date_from=date_from, brief=brief)
    return LoadedDocument(ref, summary, text)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _Skip(f"cannot read it ({error.strerror})") from None
    except UnicodeDecodeError as error:
        raise _Skip(f"not UTF-8 (byte {error.start})") from None
    except json.JSONDecodeError as error:
        raise _Skip(f"not JSON ({error.msg} at line {error.lineno})") from None


def _summary(data: Any) -> StructuredSummary:
    try:
        return StructuredSummary.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "summary"
        raise _Skip(f"not a summarizer result (summary.{where}: {first['msg']})") from None


def _unique(document: LoadedDocument, seen: set[str]) -> LoadedDocument:
    """Two inputs may both hold a document `a1` (two batch folders): the later one is
    named by its file too."""
    ref = document.ref
    if ref.id in seen:
        ref = ref.model_copy(update={"id": f"{ref.id} ({ref.file})"})
        document = LoadedDocument(ref, document.summary, document.text)
    seen.add(ref.id)
    return document
