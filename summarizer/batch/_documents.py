"""What a batch is made of: documents as found, then loaded and ready to summarize.

Both are frozen and picklable: a process pool or a Dask worker receives them as they are.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from summarizer._documents import check_text, read_document
from summarizer._errors import InputError


@dataclass(frozen=True)
class Document:
    """One document of a batch: a stable ID, and either its TEXT (a JSONL line) or the
    PATH of its file. METADATA holds a JSONL line's other keys (date, url, title...).
    ERROR, when set, is why the document could not even be listed (an unreadable JSONL
    line): it is recorded as failed with that message, never summarized."""

    id: str
    path: str
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def load(self, max_bytes: int, max_chars: int | None) -> Pending:
        """The document's text, checked (InputError when it is unusable) and hashed."""
        if self.text is None:
            text = read_document(self.path, max_bytes, max_chars)
        else:
            text = _checked_string(self.text, self.id, max_chars)
        return Pending(self, text, sha256_of(text))


@dataclass(frozen=True)
class Pending:
    """A document ready to summarize: its text and that text's SHA-256 (the resume key)."""

    document: Document
    text: str
    sha256: str


def sha256_of(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checked_string(text: str, name: str, max_chars: int | None) -> str:
    """A JSONL line's text, held to what decoding a file checks: no NUL, no lone surrogate
    (JSON can spell both: "\\u0000", "\\ud800")."""
    check_text(text, name, max_chars)
    if "\x00" in text:
        raise InputError(f"{name}: looks like binary data (NUL at character {text.index(chr(0))})")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise InputError(
            f"{name}: not valid Unicode (a lone surrogate at character {error.start})"
        ) from None
    return text
