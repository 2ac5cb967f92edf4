"""What `summarizer compare` outputs (`--format json`): a Pydantic model, so its JSON
Schema is checked in under schemas/ beside the summary's."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from summarizer._schema import Evidence, Usage
from summarizer._schema._items import Stance

COMPARISON_SCHEMA_VERSION = "2"  # 2: issue_grouping, Issue.merged_keys
COMPARISON_SCHEMA_FILENAME = f"comparison.v{COMPARISON_SCHEMA_VERSION}.json"
DateFrom = Literal["document.date", "metadata.date", "dateline", "iso_date_in_text"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DocumentRef(_Record):
    """One compared document: where it came from, its date and how that was found."""

    id: str = Field(description="The batch id, else the result file's name.")
    file: str = Field(description="The result JSON file, as found.")
    date: dt.date | None = Field(description="None: undated (listed apart, never in a shift).")
    date_from: DateFrom | None = None
    brief: str | None = Field(
        default=None, description="The document's HTML brief (DIR/report/<safe-id>.html)."
    )

    def located(self) -> dict[str, Any]:
        """Where a point or a side comes from: the fields StancePoint and Side share."""
        return {"document": self.id, "file": self.file, "date": self.date, "brief": self.brief}


class SkippedFile(_Record):
    file: str
    reason: str


class Actor(_Record):
    id: str = Field(description="A1, A2, ... in order of first appearance.")
    name: str = Field(description="The fullest name any document gives.")
    aliases: list[str] = Field(description="Every other way the documents name this actor.")


class Issue(_Record):
    """An issue: one normalised wording, or several merged by --cluster-issues."""

    id: str = Field(description="I1, I2, ... in order of first appearance.")
    label: str = Field(
        description="The most frequent wording (the first among equals); of issues merged "
        "by --cluster-issues, the wording the model chose among theirs."
    )
    key: list[str] = Field(
        description="The normalised words every wording of it shares (merged: the first "
        "merged issue's)."
    )
    wordings: list[str]
    merged_keys: list[list[str]] = Field(
        default_factory=list,
        description="The keys of the wording groups --cluster-issues merged into this issue, "
        "in order of first appearance; empty when it merged none.",
    )


class StancePoint(_Record):
    """One position of one actor on one issue in one document."""

    document: str
    file: str
    date: dt.date | None
    brief: str | None = None
    stance: Stance
    actor_as_written: str
    issue_as_written: str
    summary: str
    verified: bool
    evidence: list[Evidence]


class Cell(_Record):
    """An actor x issue cell of the matrix, with its timeline (dated points in date order,
    then undated ones)."""

    actor: str
    issue: str
    latest_stance: Stance = Field(description="The stance of the last dated point, else the last.")
    timeline: list[StancePoint]


class Side(_Record):
    """One side of a shift or a contradiction: its document and its evidence span."""

    document: str
    file: str
    date: dt.date | None
    brief: str | None = None
    stance: Stance | None = None
    said_by: str | None = None
    evidence: Evidence


class Shift(_Record):
    """A stance that changed between two dated documents (BEFORE is the earlier)."""

    actor: str
    issue: str
    before: Side
    after: Side


ContradictionKind = Literal["opposite_stances", "reported"]


class Finding(_Record):
    """Two sides asserting incompatible things on one issue: opposite stances of one actor
    that no date orders (one document, one day, or both undated), or a contradiction a
    document's summary reports."""

    kind: ContradictionKind
    actor: str | None
    issue: str | None
    description: str
    first: Side
    second: Side


GroupingStatus = Literal["not asked", "ok", "failed"]


class IssueGrouping(_Record):
    """How issues were grouped: always by normalised wording; with --cluster-issues also
    by one LLM call, whose groups (validated: ids sent, disjoint, labels verbatim) are
    used only when it succeeded (`method: llm`)."""

    method: Literal["wording", "llm"] = "wording"
    status: GroupingStatus = Field(
        default="not asked",
        description="not asked: no --cluster-issues, or fewer than 2 issues; failed: re-asks "
        "ran out or the provider failed, and the wording groups stand.",
    )
    model: str | None = Field(default=None, description="provider/name of the model asked.")
    attempts: int = Field(default=0, description="Answers received, re-asks included.")
    usage: Usage = Field(default_factory=Usage)
    issues_sent: int = Field(default=0, description="Issues sent (within the character cap).")
    issues_not_sent: int = Field(
        default=0, description="Issues left out of the request by the cap (never merged)."
    )
    groups: int = Field(default=0, description="Groups of issues merged.")
    error: str | None = Field(default=None, description="Why the call failed (one line).")

    def describe(self) -> str:
        """One sentence for the markdown and HTML outputs (unescaped)."""
        if self.status == "ok":
            left_out = (
                f", {self.issues_not_sent} past the cap not sent" if self.issues_not_sent else ""
            )
            return (
                f"Issues grouped by normalised wording, then by {self.model}: {self.groups} "
                f"groups merged ({self.issues_sent} issues sent{left_out})."
            )
        if self.status == "failed":
            return (
                f"Issues grouped by normalised wording only: grouping them by {self.model} "
                f"failed ({self.error})."
            )
        return "Issues grouped by normalised wording."


class Comparison(_Record):
    """Positions across documents: who stands where on what, and when that changed."""

    schema_version: Literal["2"] = "2"
    documents: list[DocumentRef]
    undated: list[str] = Field(description="Ids of the documents no date was found for.")
    skipped: list[SkippedFile] = Field(default_factory=list)
    actors: list[Actor]
    issues: list[Issue]
    matrix: list[Cell]
    shifts: list[Shift]
    contradictions: list[Finding]
    issue_grouping: IssueGrouping = Field(default_factory=IssueGrouping)


def comparison_json_schema_text() -> str:
    schema: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://summarizer.invalid/schemas/{COMPARISON_SCHEMA_FILENAME}",
        **Comparison.model_json_schema(mode="serialization"),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
