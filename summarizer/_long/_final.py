"""A long document's title and summary: one small call over its merged items.

Each chunk's own title and summary describe a part; the final call
(prompts/final_summary.j2) sees the items of every part and writes the document's. The
pipeline then checks its names, numbers and dates against the document like any
summary's. When the call fails, the first chunk's title and summary are kept.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from pydantic import BaseModel, Field, field_validator

from summarizer._engines._structured import Completed, StructuredEngine
from summarizer._errors import ModelOutputError, ProviderError
from summarizer._prompts import final_summary_prompt
from summarizer._schema import (
    Agreement,
    Contradiction,
    GroundedItem,
    KeyFact,
    Position,
    Risk,
    Source,
    StructuredSummary,
)
from summarizer._schema._summary import (
    MAX_SUMMARY_CHARS,
    MAX_SUMMARY_SENTENCES,
    MAX_TITLE_CHARS,
    SUMMARY_DESCRIPTION,
    count_sentences,
)

# The items' lines the final call gets when the context is unknown (it is small anyway).
DEFAULT_ITEMS_CHARS = 8000
LINE_CHARS = 200

logger = logging.getLogger("summarizer")


# Lengths are checked by validators, not declared in the schema: llama.cpp's server turns
# a maxLength into a grammar nested that deep, fails to parse it, and dies.
class TitleAndSummary(BaseModel):
    """The document's title and its summary."""

    title: str = Field(
        description=f"A short, neutral headline (at most {MAX_TITLE_CHARS} characters)."
    )
    summary: str = Field(description=SUMMARY_DESCRIPTION)

    @field_validator("title")
    @classmethod
    def _headline(cls, value: str) -> str:
        if not value.strip() or len(value) > MAX_TITLE_CHARS:
            raise ValueError(f"write a headline of 1 to {MAX_TITLE_CHARS} characters")
        return value

    @field_validator("summary")
    @classmethod
    def _short(cls, value: str) -> str:
        if not value.strip() or len(value) > MAX_SUMMARY_CHARS:
            raise ValueError(f"write 1 to {MAX_SUMMARY_CHARS} characters")
        if count_sentences(value) > MAX_SUMMARY_SENTENCES:
            raise ValueError("write two to four sentences")
        return value


def _line(item: GroundedItem) -> str:
    """One line saying what ITEM is (its own words, not its quotes)."""
    line = " ".join(_text(item).split())
    return line if len(line) <= LINE_CHARS else line[: LINE_CHARS - 1] + "…"


def _text(item: GroundedItem) -> str:
    if isinstance(item, Source):
        return f"{item.name}, {item.role}" if item.role else item.name
    if isinstance(item, Position):
        return item.summary
    if isinstance(item, Agreement):
        return f"{item.title} ({item.status})"
    if isinstance(item, KeyFact):
        return item.fact
    if isinstance(item, Risk | Contradiction):
        return item.description
    return ""


def item_lines(summary: StructuredSummary, budget_chars: int) -> list[tuple[str, list[str]]]:
    """SUMMARY's items as (section, lines), taken a round of sections at a time so every
    section is represented, until BUDGET_CHARS characters."""
    sections: dict[str, list[str]] = {}
    used = 0
    for section, line in _round_robin(summary):
        if used + len(line) > budget_chars:
            break
        sections.setdefault(section, []).append(line)
        used += len(line) + 3
    return list(sections.items())


def _round_robin(summary: StructuredSummary) -> Iterator[tuple[str, str]]:
    by_section: dict[str, list[str]] = {}
    for section, _, item in summary.items():
        by_section.setdefault(section, []).append(_line(item))
    for rank in range(max((len(lines) for lines in by_section.values()), default=0)):
        for name, lines in by_section.items():
            if rank < len(lines) and lines[rank]:
                yield name, lines[rank]


def final_call(
    engine: StructuredEngine, merged: StructuredSummary, lead: str, budget_chars: int | None
) -> Completed | None:
    """The final call's answer for MERGED, or None when it failed (a warning says why;
    the meta's `chunks.final_call` is False)."""
    sections = item_lines(merged, budget_chars or DEFAULT_ITEMS_CHARS)
    messages = [m.model_dump() for m in final_summary_prompt(lead, sections)]
    try:
        return engine.complete(TitleAndSummary, messages)
    except (ModelOutputError, ProviderError) as error:
        logger.warning(
            "the final call for the title and summary failed, kept the first part's: %s", error
        )
        return None
