"""Assemble a `StructuredSummary` that always validates, whatever the drafts contain.

Every item is built on its own and dropped if pydantic rejects it; duplicates (by the
schema's own duplicate keys) and overflow beyond the list limits are dropped too, so one
odd sentence can never cost the whole summary.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._text import Span
from summarizer._schema import MAX_STATEMENTS, Source, StructuredSummary

MAX_QUOTE_CHARS = 1000
_LEADING_SPACE = re.compile(r"\s*")
_TAIL_STEP = 64  # chars of a span's end read at a time for trailing space
LIMITS = {
    "sources": 100,
    "positions": 60,
    "agreements": 20,
    "risks": 30,
    "key_facts": 30,
    "contradictions": 20,
}
FALLBACK_TITLE = "Untitled document"
FALLBACK_SUMMARY = "The document has no text to summarize."
Item = TypeVar("Item", bound=BaseModel)


def _quoted_span(document: str, span: Span) -> Span | None:
    """The part of SPAN an evidence quotes: no edge spaces, at most MAX_QUOTE_CHARS, cut
    at a word boundary."""
    start, end = _strip_space(document, span[0], span[1])
    if end - start > MAX_QUOTE_CHARS:
        cut = document.rfind(" ", start, start + MAX_QUOTE_CHARS)
        end = cut if cut > start else start + MAX_QUOTE_CHARS
        start, end = _strip_space(document, start, end)
    return (start, end) if start < end else None


def _evidence_fields(document: str, span: Span) -> dict[str, Any]:
    start, end = span
    return {"quote": document[start:end], "start": start, "end": end, "match": "exact"}


def _strip_space(document: str, start: int, end: int) -> Span:
    """Strip exactly what pydantic's str_strip_whitespace strips (what str.strip strips:
    `\\s` of a str pattern is the same set), so quote == the slice. Only the edges are
    read: a span can be most of a long sentence, and each of its cues quotes it."""
    leading = _LEADING_SPACE.match(document, start, end)  # always matches, maybe empty
    start = leading.end() if leading else start
    while end > start:
        tail = document[max(start, end - _TAIL_STEP) : end]
        kept = len(tail.rstrip())
        end -= len(tail) - kept
        if kept:
            break
    return start, end


EvidenceDraft = dict[str, Any]  # the fields of one Evidence, validated with its item


def evidence_list(document: str, spans: Iterable[Span], limit: int = 40) -> list[EvidenceDraft]:
    """Evidence fields for each of SPANS (the first LIMIT distinct quoted spans).

    They stay plain fields: pydantic validates them as part of the item they go into,
    which costs about half as much as validating them first on their own. They always
    validate (`_quoted_span` keeps them inside the schema's limits)."""
    quoted: dict[Span, None] = {}  # distinct, in order
    for span in spans:
        part = _quoted_span(document, span)
        if part is not None:
            quoted[part] = None
            if len(quoted) == limit:
                break
    return [_evidence_fields(document, part) for part in quoted]


def _ordered_records(records: Sequence[Record]) -> list[Record]:
    """Records with statements, in order of first statement: they become S1, S2, ..."""
    speaking = [record for record in records if record.statements]
    return sorted(speaking, key=lambda record: min(record.statements))


def build_sources(document: str, records: Sequence[Record]) -> tuple[list[Source], dict[int, str]]:
    """Source items and a map from record number to its source id."""
    sources: list[Source] = []
    ids: dict[int, str] = {}
    for record in _ordered_records(records):
        source_id = f"S{len(sources) + 1}"
        source = make(
            Source,
            id=source_id,
            name=record.name[:200],
            kind=record.kind,
            role=_short(record.role),
            affiliation=_short(record.affiliation),
            via=_short(record.via),
            statements=evidence_list(document, sorted(record.statements), MAX_STATEMENTS),
            mentions=evidence_list(document, sorted(record.mentions)),
        )
        if source is not None:
            sources.append(source)
            ids[record.number] = source_id
    return unique(sources, lambda s: key_of(s.name, s.via or ""), LIMITS["sources"]), ids


def _short(text: str | None) -> str | None:
    return text[:200] if text else None


def make(model: type[Item], **fields: Any) -> Item | None:
    """MODEL(**FIELDS), or None when the draft would not validate."""
    try:
        return model(**fields)
    except (ValidationError, ValueError, TypeError):
        return None


class Collector:
    """Items kept unique by KEY, up to LIMIT; `full` tells a producer it may stop."""

    def __init__(self, key: Callable[[Any], str], limit: int) -> None:
        self.items: list[Any] = []
        self._key = key
        self._limit = limit
        self._seen: set[str] = set()

    @property
    def full(self) -> bool:
        return len(self.items) >= self._limit

    def add(self, item: Any) -> None:
        if item is None or self.full:
            return
        identity = self._key(item)
        if identity not in self._seen:
            self._seen.add(identity)
            self.items.append(item)


def unique(items: Iterable[Item], key: Callable[[Item], str], limit: int) -> list[Item]:
    kept: list[Item] = []
    seen: set[str] = set()
    for item in items:
        identity = key(item)
        if identity in seen:
            continue
        seen.add(identity)
        kept.append(item)
        if len(kept) == limit:
            break
    return kept


def key_of(*parts: str) -> str:
    """The schema's duplicate key: case-folded, whitespace-collapsed parts."""
    return " | ".join([" ".join(part.casefold().split()) for part in parts])


def assemble(title: str, summary: str, **sections: list[Any]) -> StructuredSummary:
    """The summary; sections that break a cross-check are dropped, never the summary."""
    fields = {"title": title or FALLBACK_TITLE, "summary": summary or FALLBACK_SUMMARY}
    try:
        return StructuredSummary(**fields, **sections)
    except ValidationError:
        pass
    kept: dict[str, list[Any]] = {}
    for name, items in sections.items():
        try:
            StructuredSummary(**fields, **kept, **{name: items})
        except ValidationError:
            continue
        kept[name] = items
    try:
        return StructuredSummary(**fields, **kept)
    except ValidationError:
        return StructuredSummary(title=FALLBACK_TITLE, summary=FALLBACK_SUMMARY)
