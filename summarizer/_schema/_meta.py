"""What a run records about itself: engine, prompt, attempts, usage, grounding."""

from __future__ import annotations

import bisect
import datetime as dt
import math
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from summarizer._schema._summary import Section, StructuredSummary
from summarizer.grounding import MatchStatus

# Whether the response cache answered: "off" when there is none (--no-cache, the extractive
# and llamacpp engines, cassette runs) or it became unusable during the run.
CacheStatus = Literal["hit", "miss", "off"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Usage(_Record):
    """Tokens summed over every attempt, re-asks included."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
        )


class PromptInfo(_Record):
    """Which templates built the prompt, and a hash of what was actually sent."""

    system_template: str
    user_template: str
    templates_sha256: str = Field(description="Hash of the template sources.")
    rendered_sha256: str = Field(description="Hash of the rendered messages, document included.")


class SectionCoverage(_Record):
    items: int
    verified: int


class UnsupportedClaim(_Record):
    """A number, date or name in the title or summary that the document does not contain."""

    field: Literal["title", "summary"]
    text: str = Field(description="The claim as the title or summary writes it.")
    kind: Literal["number", "date", "name"]


class GroundingReport(_Record):
    """How much of the summary points back at the document."""

    items: int = Field(description="Items in the summary.")
    verified_items: int = Field(description="Items with at least one aligned quote.")
    coverage: float = Field(description="verified_items / items (1.0 for an empty summary).")
    evidence: dict[MatchStatus, int] = Field(description="Quotes per alignment status.")
    sections: dict[Section, SectionCoverage]
    dropped_items: int = Field(
        default=0, description="Unverified items dropped (strict grounding)."
    )
    summary_verified: bool = Field(
        default=True,
        description="Every number, date and capitalised name of the title and summary "
        "occurs in the document.",
    )
    unsupported_claims: list[UnsupportedClaim] = Field(
        default_factory=list,
        description="What the title and summary say that the document does not.",
    )
    spans_by_construction: bool = Field(
        default=False,
        description="The engine copies its quotes out of the document (extractive), so they "
        "align by construction: coverage is no measure of quality.",
    )

    @property
    def coverage_before_dropping(self) -> float:
        """Coverage of what the engine produced, before strict grounding dropped anything."""
        produced = self.items + self.dropped_items
        return self.verified_items / produced if produced else 1.0

    @property
    def nothing_verified(self) -> bool:
        """There were items and strict grounding dropped every one of them."""
        return not self.items and self.dropped_items > 0

    def shortfall(self, strict_grounding: bool, min_coverage: float | None) -> str | None:
        """Why this run must fail as ungrounded (exit 5), or None."""
        if strict_grounding and self.nothing_verified:
            return (
                "nothing in the summary could be verified against the document (strict grounding)"
            )
        coverage = self.coverage_before_dropping
        if min_coverage is not None and coverage < min_coverage:
            # Rounded down: a coverage of 0.795 must not read as "0.80 is below 0.80".
            shown = math.floor(coverage * 100) / 100
            return f"grounding coverage {shown:.2f} is below --min-coverage {min_coverage:.2f}"
        return None

    def one_line(self) -> str:
        return f"grounding: {self._items_part()}{self._claims_part()}"

    def _items_part(self) -> str:
        if not self.items:
            dropped = f" ({self.dropped_items} unverified dropped)" if self.dropped_items else ""
            return f"the summary has no items to verify{dropped}"
        counts = ", ".join(f"{status} {n}" for status, n in self.evidence.items())
        dropped = f", {self.dropped_items} dropped" if self.dropped_items else ""
        if self.spans_by_construction:
            verified = "are spans of the document by construction (extractive engine)"
        else:
            verified = f"verified ({self.coverage:.0%})"
        return f"{self.verified_items}/{self.items} items {verified}; quotes: {counts}{dropped}"

    def _claims_part(self) -> str:
        if self.summary_verified:
            return ""
        count = len(self.unsupported_claims)
        return f"; title/summary: {count} claim(s) not in the document"


class ChunkRecord(_Record):
    """One piece of a long document as it was finally summarized."""

    index: int = Field(description="0-based, in document order.")
    start: int = Field(description="The chunk's first character in the document.")
    end: int = Field(description="One past its last character.")
    attempts: int = Field(description="Model responses for this chunk, re-asks included.")
    splits: int = Field(
        default=0,
        description="How many times its text was split again after a context-length error.",
    )
    error: str | None = Field(
        default=None,
        description="Why it was left out: the model's output stayed invalid (None: summarized).",
    )


class ChunkReport(_Record):
    """How a document too long for the model's context was cut and summarized."""

    count: int = Field(description="Chunks (after any re-splits), failed ones included.")
    context_size: int | None = Field(
        description="The model's context in tokens, when known (--context-size, the "
        "model table, llama.cpp's n_ctx)."
    )
    max_chunk_chars: int | None = Field(
        description="The longest chunk the token budget allowed (None: split on overflow)."
    )
    overlap_chars: int = Field(description="Characters neighbouring chunks share at most.")
    calls: int = Field(
        description="Requests answered (re-asks included), overflowed ones and the final call."
    )
    resplits: int = Field(default=0, description="Context-length errors that split a chunk.")
    failed: int = Field(
        default=0, description="Chunks left out: the model's output for them stayed invalid."
    )
    final_call: bool = Field(
        description="Whether the title and summary came from the final call over the merged "
        "items (False: it failed, and the first chunk's were kept)."
    )
    chunks: list[ChunkRecord] = Field(default_factory=list)


class SummaryMeta(_Record):
    """Provenance of one summary."""

    engine: str = Field(
        description="Provider or engine, e.g. openai, openai-compatible, extractive."
    )
    model: str
    base_url: str | None = None
    prompt: PromptInfo | None = None
    attempts: int = Field(description="Model calls that returned a response, re-asks included.")
    transport_retries: int = Field(
        default=0, description="Requests repeated after transport errors."
    )
    best_attempt: bool = Field(
        default=False, description="True when re-asks ran out and the best attempt was kept."
    )
    usage: Usage = Field(default_factory=Usage)
    cache: CacheStatus = Field(
        default="off",
        description="hit: answered by the response cache (no request, no tokens, 0 attempts); "
        "miss: asked the model and stored its answer; off: no cache used.",
    )
    latency_seconds: float
    grounding: GroundingReport
    chunks: ChunkReport | None = Field(
        default=None, description="Set when the document was summarized in chunks."
    )

    @property
    def model_spec(self) -> str:
        """`provider/name` as given to --model (just the engine when it has no model)."""
        return f"{self.engine}/{self.model}" if self.model else self.engine


DocumentFormat = Literal["text", "html", "pdf"]


def _calendar_day(value: str) -> str:
    """VALUE if it is a real day written YYYY-MM-DD (2026-02-30 is not)."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError("not a day (YYYY-MM-DD)") from None
    if day.isoformat() != value:  # fromisoformat also takes 20260314 and 2026-W11-6
        raise ValueError("not a day (YYYY-MM-DD)")
    return value


# A day as ISO 8601 writes it; a string (not a date) so the CLI takes it as typed.
IsoDay = Annotated[str, AfterValidator(_calendar_day)]


class DocumentInfo(_Record):
    """What was summarized: where it came from, its format, and the extracted text's
    identity. Evidence offsets index that extracted text."""

    format: DocumentFormat = Field(description="text, html or pdf (detected from the content).")
    source: str | None = Field(
        default=None,
        description="Path or URL (without credentials); None for text given in Python.",
    )
    title: str | None = None
    author: str | None = None
    date: IsoDay | None = Field(
        default=None,
        description="The document's date (YYYY-MM-DD): relative dates are read against it.",
    )
    url: str | None = Field(default=None, description="The page's own URL (HTML metadata).")
    sha256: str = Field(description="SHA-256 of the extracted text (UTF-8).")
    chars: int = Field(description="Characters of the extracted text.")
    pages: list[int] | None = Field(
        default=None,
        description="PDF only: the offset where each page starts in the extracted text.",
    )
    text: str | None = Field(
        default=None, description="The extracted text itself (--include-text)."
    )

    def page_of(self, offset: int | None) -> int | None:
        """The 1-based page holding character OFFSET (PDFs only)."""
        if self.pages is None or offset is None:
            return None
        return max(1, bisect.bisect_right(self.pages, offset))


class SummaryResult(_Record):
    """A validated summary and how it was made."""

    summary: StructuredSummary
    meta: SummaryMeta
    document: DocumentInfo | None = Field(
        default=None, description="What was summarized (format, source, date, pages...)."
    )
