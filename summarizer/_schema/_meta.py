"""What a run records about itself: engine, prompt, attempts, usage, grounding."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from summarizer._schema._summary import Section, StructuredSummary
from summarizer.grounding import MatchStatus


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

    def one_line(self) -> str:
        if not self.items:
            dropped = f" ({self.dropped_items} unverified dropped)" if self.dropped_items else ""
            return f"grounding: the summary has no items to verify{dropped}"
        counts = ", ".join(f"{status} {n}" for status, n in self.evidence.items())
        dropped = f", {self.dropped_items} dropped" if self.dropped_items else ""
        return (
            f"grounding: {self.verified_items}/{self.items} items verified "
            f"({self.coverage:.0%}); quotes: {counts}{dropped}"
        )


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
    latency_seconds: float
    grounding: GroundingReport

    @property
    def model_spec(self) -> str:
        """`provider/name` as given to --model (just the engine when it has no model)."""
        return f"{self.engine}/{self.model}" if self.model else self.engine


class SummaryResult(_Record):
    """A validated summary and how it was made."""

    summary: StructuredSummary
    meta: SummaryMeta
