"""What a format's reader gets out of a document: its text and what it says about itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    """The text offsets will index, and the metadata found beside it. PAGES (PDFs only)
    holds the offset where each page starts in TEXT."""

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None  # YYYY-MM-DD
    url: str | None = None
    pages: list[int] | None = None


def one_line(error: BaseException, limit: int = 200) -> str:
    """A library's error message as one short line (they can span lines)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
