"""`StructuredSummary`: the single source of truth for what summarizer returns.

Its validators reject what an analyst would call wrong, with messages a model can act
on when instructor re-asks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal

from pydantic import Field, ModelWrapValidatorHandler, field_validator, model_validator

from summarizer._schema._items import (
    PIPELINE,
    V1_LIKELIHOOD,
    Agreement,
    Contradiction,
    GroundedItem,
    KeyFact,
    NonBlank,
    Position,
    Risk,
    Source,
    StrictModel,
    cue_occurs_in,
)

SCHEMA_VERSION: Literal["2"] = "2"
SECTIONS = ("sources", "positions", "agreements", "risks", "key_facts", "contradictions")
Section = Literal["sources", "positions", "agreements", "risks", "key_facts", "contradictions"]
MAX_SUMMARY_SENTENCES = 4
MAX_TITLE_CHARS = 200
MAX_SUMMARY_CHARS = 1500
SUMMARY_DESCRIPTION = "Two to four sentences: who, what, where it stands, what is at stake."
# A sentence ends at . ! or ? followed by space and a capital; "U.S. forces" does not split.
_SENTENCE_END = re.compile(r"(?<![A-Z])(?<!\b[A-Z][a-z])[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")


def count_sentences(text: str) -> int:
    return len([part for part in _SENTENCE_END.split(text.strip()) if part.strip()])


def _key(*parts: str) -> str:
    return " | ".join(" ".join(part.casefold().split()) for part in parts)


_DUPLICATE_KEYS: dict[str, tuple[str, Callable[[Any], str]]] = {
    "sources": ("name and via", lambda s: _key(s.name, s.via or "")),
    "positions": ("actor and issue", lambda p: _key(p.actor, p.issue)),
    "agreements": ("title", lambda a: _key(a.title)),
    "risks": ("description", lambda r: _key(r.description)),
    "key_facts": ("fact", lambda f: _key(f.fact)),
    "contradictions": ("description", lambda c: _key(c.description)),
}


def _v2_risk(risk: Any) -> Any:
    """A v1 risk with its likelihood as an ICD 203 term (low -> unlikely, medium ->
    roughly even chance, high -> likely, unclear -> unstated). v1 did not tie the level
    to a cue: one whose hedge_cue is not in its quotes reads as unstated."""
    if not isinstance(risk, dict) or risk.get("likelihood") not in V1_LIKELIHOOD:
        return risk
    term = V1_LIKELIHOOD[risk["likelihood"]]
    quotes = [e.get("quote", "") for e in risk.get("evidence", []) if isinstance(e, dict)]
    if not cue_occurs_in(str(risk.get("hedge_cue") or ""), quotes):
        term = "unstated"
    return {**risk, "likelihood": term}


class StructuredSummary(StrictModel):
    """A source-grounded structured summary of one document."""

    schema_version: Literal["2"] = Field(
        default=SCHEMA_VERSION, json_schema_extra=PIPELINE, description="Set by summarizer."
    )
    title: NonBlank = Field(
        max_length=MAX_TITLE_CHARS, description="A short, neutral headline for the document."
    )
    summary: NonBlank = Field(max_length=MAX_SUMMARY_CHARS, description=SUMMARY_DESCRIPTION)
    sources: list[Source] = Field(
        default_factory=list,
        max_length=100,
        description="Everyone the document attributes a statement or claim to.",
    )
    positions: list[Position] = Field(
        default_factory=list, max_length=60, description="Where actors stand on the issues."
    )
    agreements: list[Agreement] = Field(
        default_factory=list, max_length=20, description="Deals, accords or talks towards them."
    )
    risks: list[Risk] = Field(
        default_factory=list, max_length=30, description="Threats and dangers the document raises."
    )
    key_facts: list[KeyFact] = Field(
        default_factory=list, max_length=30, description="Figures, dates and hard facts."
    )
    contradictions: list[Contradiction] = Field(
        default_factory=list, max_length=20, description="Sources or positions that disagree."
    )

    @model_validator(mode="before")
    @classmethod
    def _read_version_1(cls, data: Any) -> Any:
        """A v1 summary reads as v2: its risks' likelihoods become ICD 203 terms."""
        if not isinstance(data, dict) or data.get("schema_version") != "1":
            return data
        risks = data.get("risks")
        upgraded = [_v2_risk(r) for r in risks] if isinstance(risks, list) else risks
        return {**data, "schema_version": SCHEMA_VERSION, "risks": upgraded}

    @field_validator("summary")
    @classmethod
    def _summary_is_short(cls, value: str) -> str:
        sentences = count_sentences(value)
        if sentences > MAX_SUMMARY_SENTENCES:
            raise ValueError(f"the summary has {sentences} sentences: write two to four sentences")
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _cross_checks(
        cls, value: Any, validate: ModelWrapValidatorHandler[StructuredSummary]
    ) -> StructuredSummary:
        # An instance was checked when it was made: pydantic would run an "after"
        # validator again on it whenever it is nested in another model (a result).
        if isinstance(value, cls):
            return value
        summary = validate(value)
        problems = [*summary._source_id_problems(), *summary._duplicate_problems()]
        if problems:
            raise ValueError("; ".join(problems))
        return summary

    def _source_id_problems(self) -> Iterator[str]:
        ids = [source.id for source in self.sources]
        for repeated in sorted({i for i in ids if ids.count(i) > 1}):
            yield f"source id {repeated} is used by several sources: number them S1, S2, ..."
        known = ", ".join(ids) if ids else "none (sources is empty)"
        for index, position in enumerate(self.positions):
            for dangling in [i for i in position.source_ids if i not in ids]:
                yield (
                    f"positions[{index}].source_ids contains {dangling}, which is not the id of "
                    f"any source (existing ids: {known}); use an existing id, add the source, "
                    "or remove it"
                )

    def _duplicate_problems(self) -> Iterator[str]:
        for section, (what, key) in _DUPLICATE_KEYS.items():
            items: Sequence[GroundedItem] = getattr(self, section)
            if len(items) < 2:  # nothing to repeat: no key to build
                continue
            first_seen: dict[str, int] = {}
            for index, item in enumerate(items):
                earlier = first_seen.setdefault(key(item), index)
                if earlier != index:
                    yield (
                        f"{section}[{index}] repeats {section}[{earlier}] (same {what}): "
                        "merge them into one item"
                    )

    def items(self) -> Iterator[tuple[Section, int, GroundedItem]]:
        """Every grounded item with its section and index."""
        for section in SECTIONS:
            for index, item in enumerate(getattr(self, section)):
                yield section, index, item  # type: ignore[misc]
