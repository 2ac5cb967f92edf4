"""Cutting a document into spans that fit: at paragraphs, else sentences, else words.

Every span is a pair of offsets into the document, so whatever a chunk's summary quotes
maps back to the document by adding the span's start. Linear time: each cut looks only
at the second half of its window, and every step advances by at least three eighths of
a window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# How much neighbouring chunks share at most: a sentence cut in the middle of a thought
# is seen whole by one of them. Never more than an eighth of a chunk.
OVERLAP_CHARS = 200

_PARAGRAPH = re.compile(r"[ \t]*\n[ \t]*\n\s*")
_SENTENCE = re.compile(r"([.!?…][\"'”’»)\]]*)(\s+)")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, order=True)
class Span:
    """document[start:end]."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class _Cut:
    end: int  # where the chunk ends
    resume: int  # where the text after it starts (whitespace skipped)


def overlap_for(max_chars: int) -> int:
    return min(OVERLAP_CHARS, max_chars // 8)


def split_span(text: str, span: Span, max_chars: int, overlap: int | None = None) -> list[Span]:
    """SPAN of TEXT as consecutive spans of at most MAX_CHARS characters, neighbours
    sharing up to OVERLAP characters (default: `overlap_for(max_chars)`)."""
    overlap = overlap_for(max_chars) if overlap is None else min(overlap, max_chars // 8)
    spans: list[Span] = []
    start = span.start
    while span.end - start > max_chars:
        cut = _best_cut(text, start + max_chars // 2, start + max_chars)
        spans.append(Span(start, cut.end))
        start = _overlapping_start(text, max(cut.resume - overlap, start + 1), cut.resume)
    if text[start : span.end].strip() or not spans:
        spans.append(Span(start, span.end))
    return spans


def halves(text: str, span: Span) -> list[Span]:
    """SPAN in two, cut at the best boundary near its middle (no overlap)."""
    return split_span(text, span, max_chars=(len(span) * 3) // 4 + 1, overlap=0)


def _best_cut(text: str, low: int, high: int) -> _Cut:
    """The last paragraph break in text[low:high], else the last sentence end, else the
    last whitespace; else a hard cut at HIGH."""
    paragraph = _last(_PARAGRAPH, text, low, high)
    if paragraph is not None:
        return _Cut(paragraph.start(), paragraph.end())
    sentence = _last(_SENTENCE, text, low, high)
    if sentence is not None:
        return _Cut(sentence.end(1), sentence.end())
    space = _last(_SPACE, text, low, high)
    if space is not None and space.start() > low:
        return _Cut(space.start(), space.end())
    return _Cut(high, high)


def _last(pattern: re.Pattern[str], text: str, low: int, high: int) -> re.Match[str] | None:
    match = None
    for match in pattern.finditer(text, low, high):  # noqa: B007 - the last one is wanted
        pass
    return match


def _overlapping_start(text: str, low: int, resume: int) -> int:
    """Where the next chunk starts: the first sentence start in text[low:resume] (the
    overlap), else its first word start, else RESUME."""
    if low >= resume:
        return resume
    sentence = _SENTENCE.search(text, low, resume)
    if sentence is not None and sentence.end() < resume:
        return sentence.end()
    space = _SPACE.search(text, low, resume)
    if space is not None and space.end() < resume:
        return space.end()
    return resume
