"""Turning the command line's INPUTS into documents with stable ids.

- a file: one document, its id the path as given (normalised: `./a.txt` is `a.txt`);
  text, HTML or PDF, whatever its name (the format is read from its content);
- an http(s) URL: one document, fetched when its turn comes, its id the URL without
  credentials;
- a directory: every file below it whose name matches the glob (hidden files and
  directories skipped), in sorted order, its id the path relative to the directory;
- a `*.jsonl` file: one document per non-blank line `{"id": ..., "text": ...}`, the
  line's other keys kept as metadata (date, url, title...);
- `-`: more inputs, one per line of standard input.

Nothing here raises for one input's sake: a missing file is listed as it is and fails
when it is read; a JSONL line that is not a document, or a directory that cannot be
listed, becomes a document carrying its error. Either way the manifest records it.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from summarizer._inputs import is_url
from summarizer._redaction import register_url_secrets, url_without_credentials
from summarizer.batch._documents import Document

STDIN = "-"
JSONL_SUFFIX = ".jsonl"


def collect_documents(
    inputs: Iterable[str], glob: str = "*", stdin: TextIO | None = None
) -> Iterator[Document]:
    """The documents INPUTS name (see the module's docstring), in order."""
    for argument in inputs:
        if argument == STDIN and stdin is not None:
            paths = (line.rstrip("\r\n") for line in stdin)
            yield from collect_documents((p for p in paths if p.strip()), glob)
        else:
            yield from _documents_at(argument, glob)


def _documents_at(argument: str, glob: str) -> Iterator[Document]:
    if is_url(argument):
        register_url_secrets(argument)  # its credentials are redacted from every line
        return iter([Document(id=url_without_credentials(argument) or argument, path=argument)])
    if argument.endswith(JSONL_SUFFIX):
        return _jsonl_documents(argument)
    if os.path.isdir(argument):
        return _directory_documents(argument, glob)
    return iter([Document(id=os.path.normpath(argument), path=argument)])


def _directory_documents(root: str, glob: str) -> Iterator[Document]:
    problems: list[OSError] = []
    for directory, subdirectories, files in os.walk(root, onerror=problems.append):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and fnmatch.fnmatchcase(name, glob):
                path = os.path.join(directory, name)
                yield Document(id=Path(os.path.relpath(path, root)).as_posix(), path=path)
    for problem in problems:
        where = str(problem.filename or root)
        yield Document(where, where, error=f"{where}: cannot list it ({problem.strerror})")


def _jsonl_documents(path: str) -> Iterator[Document]:
    try:
        with open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                if raw.strip():
                    yield _jsonl_document(path, number, raw)
    except OSError as error:
        yield Document(path, path, error=f"{path}: cannot read it ({error.strerror})")


def _jsonl_document(path: str, number: int, raw: bytes) -> Document:
    where = f"{path}:{number}"
    try:
        record = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        return Document(where, where, error=f"{where}: not a JSON line ({error})")
    problem = _jsonl_problem(record)
    if problem is not None:
        return Document(where, where, error=f"{where}: {problem}")
    metadata = {key: value for key, value in record.items() if key not in ("id", "text")}
    return Document(str(record["id"]), where, text=record["text"], metadata=metadata)


def _jsonl_problem(record: Any) -> str | None:
    if not isinstance(record, dict):
        return 'not an object {"id": ..., "text": ...}'
    document_id = record.get("id")
    if isinstance(document_id, bool) or not isinstance(document_id, str | int):
        return 'no "id" (a string or a whole number)'
    if str(document_id) == "":
        return 'an empty "id"'
    if not isinstance(record.get("text"), str):
        return 'no "text" string'
    return None
