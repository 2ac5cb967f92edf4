"""What a batch is made of: documents as found, then loaded and ready to summarize.

Both are frozen and picklable: a process pool or a Dask worker receives them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarizer._documents import check_text
from summarizer._errors import InputError
from summarizer._inputs import LoadedDocument, load_document
from summarizer._inputs import text_sha256 as sha256_of  # re-exported
from summarizer._options import DEFAULT_TIMEOUT

__all__ = ["Document", "Pending", "sha256_of"]

# A JSONL line's keys that say what the document is (the others stay metadata only).
_DESCRIBING_KEYS = ("title", "author", "date", "url")


@dataclass(frozen=True)
class Document:
    """One document of a batch: a stable ID, and either its TEXT (a JSONL line) or the
    PATH of its file or URL. METADATA holds a JSONL line's other keys (date, url,
    title...). ERROR, when set, is why the document could not even be listed (an
    unreadable JSONL line): it is recorded as failed with that message, never summarized."""

    id: str
    path: str
    text: str | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def load(
        self,
        max_bytes: int,
        max_chars: int | None,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        date: str | None = None,
    ) -> Pending:
        """The document read (a text, HTML or PDF file, a URL fetched within TIMEOUT) or
        taken from its JSONL line, checked (InputError when it is unusable). DATE (--date),
        when given, stands for the document's own date."""
        if self.text is None:
            loaded = load_document(
                self.path, max_bytes=max_bytes, max_chars=max_chars, timeout=timeout
            )
        else:
            loaded = self._from_line(max_chars)
        if date is not None:
            loaded = LoadedDocument(loaded.text, loaded.info.model_copy(update={"date": date}))
        return Pending(self, loaded)

    def _from_line(self, max_chars: int | None) -> LoadedDocument:
        assert self.text is not None
        text = _checked_string(self.text, self.id, max_chars)
        known = {key: self.metadata.get(key) for key in _DESCRIBING_KEYS}
        described = {key: value for key, value in known.items() if isinstance(value, str)}
        return LoadedDocument.from_text(text, source=self.path, **described)


@dataclass(frozen=True)
class Pending:
    """A document ready to summarize: its text and what is known of it (LOADED)."""

    document: Document
    loaded: LoadedDocument

    @property
    def text(self) -> str:
        return self.loaded.text

    @property
    def sha256(self) -> str:
        """SHA-256 of the (extracted) text: the resume key."""
        return self.loaded.info.sha256


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
