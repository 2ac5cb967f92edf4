"""`summarizer report DIR`: a batch output folder as an index page and one page per document.

It reads only what `summarizer batch` wrote: `DIR/manifest.jsonl` (every finished
document, failures included; the last line of an id wins, as on resume) and each
`DIR/<safe-id>.json` (the result, with the document's text in its `document` block). A
result file the manifest does not list is shown too. One document is read, rendered and
written at a time, so memory does not grow with the folder.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer._errors import InputError, OutputError
from summarizer._files import write_text
from summarizer._schema import SummaryResult
from summarizer.report._index import IndexRow, render_index
from summarizer.report._page import PageContext, render_html

MANIFEST = "manifest.jsonl"
INDEX = "index.html"
# What a batch names its outputs (a safe id): anything else in the manifest is not followed.
_OUTPUT_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*\.json$")


@dataclass
class ReportTally:
    """What `write_report` wrote: pages, and documents without a page (failures)."""

    index: Path
    pages: int = 0
    failed: int = 0
    without_text: int = 0
    notes: list[str] = field(default_factory=list)


def _manifest_entries(root: Path) -> dict[str, dict[str, Any]]:
    """Id -> its last manifest line (whole, well-formed lines only)."""
    entries: dict[str, dict[str, Any]] = {}
    try:
        lines = (root / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return entries
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"{root / MANIFEST}: cannot read it ({error})") from None
    for line in lines:
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            entries.pop(entry["id"], None)  # a redone document moves to its latest place
            entries[entry["id"]] = entry
    return entries


def _unlisted_outputs(root: Path, listed: set[str]) -> Iterator[dict[str, Any]]:
    for path in sorted(root.glob("*.json")):
        if path.name not in listed and _OUTPUT_NAME.match(path.name):
            yield {"id": path.stem, "status": "ok", "output": path.name}


def _entries(root: Path) -> list[dict[str, Any]]:
    if not root.is_dir():
        raise InputError(f"{root}: no such batch output folder")
    entries = list(_manifest_entries(root).values())
    listed = {str(entry.get("output")) for entry in entries}
    entries += _unlisted_outputs(root, listed)
    if not entries:
        raise InputError(f"{root}: not a batch output folder (no {MANIFEST}, no results)")
    return entries


@dataclass(frozen=True)
class _Loaded:
    result: SummaryResult
    document: dict[str, Any]


def _load(path: Path) -> _Loaded:
    """A batch output: its SummaryResult and its `document` block (kept as it is)."""
    stored = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(stored, dict):
        raise ValueError("not a JSON object")
    block = stored.pop("document", None)
    return _Loaded(SummaryResult.model_validate(stored), block if isinstance(block, dict) else {})


def _document_field(block: dict[str, Any], name: str) -> str | None:
    metadata = block.get("metadata")
    value = block.get(name) or (metadata.get(name) if isinstance(metadata, dict) else None)
    return value if isinstance(value, str) and value.strip() else None


def _page_for(loaded: _Loaded, entry: dict[str, Any], out: Path, page_name: str) -> bool:
    """Write the document's page; whether it had its text."""
    text = loaded.document.get("text")
    text = text if isinstance(text, str) else None
    name = (
        _document_field(loaded.document, "path")
        or _document_field(loaded.document, "source")
        or str(entry["id"])
    )
    note = "The batch result does not carry the document's text (re-run the batch to add it)"
    context = PageContext(name, text, back_link=INDEX, missing_text_note=note)
    write_text(out / page_name, render_html(loaded.result, context), "a report page")
    return text is not None


def _row(entry: dict[str, Any], root: Path, out: Path, tally: ReportTally) -> IndexRow:
    row = IndexRow.from_manifest(entry)
    output = entry.get("output")
    if not isinstance(output, str) or not _OUTPUT_NAME.match(output):
        return row  # a failed document has no output: the manifest says why
    try:
        loaded = _load(root / output)
    except FileNotFoundError:
        return row.with_problem(f"{output} is missing")
    except (OSError, ValueError, ValidationError) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return row.with_problem(f"{output} is not a readable result ({reason})")
    page_name = output.removesuffix(".json") + ".html"
    if not _page_for(loaded, entry, out, page_name):
        tally.without_text += 1
    tally.pages += 1
    return row.with_result(loaded.result, page_name, _document_field(loaded.document, "date"))


def _make_folder(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"{out}: cannot write the report there ({error.strerror})") from None


def write_report(directory: str | Path, output: str | Path | None = None) -> ReportTally:
    """Render the batch folder DIRECTORY into OUTPUT (default DIRECTORY/report/)."""
    root = Path(directory)
    entries = _entries(root)
    out = Path(output) if output is not None else root / "report"
    _make_folder(out)
    tally = ReportTally(out / INDEX)
    rows = [_row(entry, root, out, tally) for entry in entries]
    tally.failed = sum(1 for row in rows if row.failure)
    write_text(tally.index, render_index(root.name or str(root), rows), "the report index")
    return tally
