"""PDFs through pypdf: the text of each page, joined by a blank line, and where each page
starts in it (so every quote's page can be told), with the title, author and creation
date of the file's metadata."""

from __future__ import annotations

import io
from typing import Any

from summarizer._errors import InputError
from summarizer._inputs._extracted import Extracted, one_line

PAGE_SEPARATOR = "\n\n"


def extract_pdf(data: bytes, name: str) -> Extracted:
    """The text of the PDF DATA, page by page, and its metadata."""
    try:
        texts, metadata = _read(data, name)
    except InputError:
        raise
    except Exception as error:  # untrusted bytes: pypdf fails in many ways (KeyError, ...)
        raise InputError(f"{name}: not a readable PDF ({one_line(error)})") from None
    if not any(text.strip() for text in texts):
        raise InputError(f"{name}: the PDF has no extractable text (scanned?); OCR it first")
    return _joined(texts, metadata)


def _read(data: bytes, name: str) -> tuple[list[str], Any]:
    from pypdf import PdfReader  # imported when needed, like trafilatura

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted and not reader.decrypt(""):  # "" opens owner-only protection
        raise InputError(f"{name}: the PDF is encrypted (password protected); decrypt it first")
    return [page.extract_text() or "" for page in reader.pages], reader.metadata


def _joined(texts: list[str], metadata: Any) -> Extracted:
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + len(PAGE_SEPARATOR)
    return Extracted(
        text=PAGE_SEPARATOR.join(texts),
        title=_text(metadata, "title"),
        author=_text(metadata, "author"),
        date=_creation_day(metadata),
        pages=starts,
    )


def _text(metadata: Any, name: str) -> str | None:
    try:
        value = getattr(metadata, name, None)
    except Exception:  # a malformed metadata entry is no reason to refuse the text
        return None
    return value.strip() or None if isinstance(value, str) else None


def _creation_day(metadata: Any) -> str | None:
    try:
        created = getattr(metadata, "creation_date", None)
    except Exception:  # "D:2026-13-45" and other broken dates: no date, same text
        return None
    return created.date().isoformat() if created is not None else None
