"""The title and summary have no quotes, so their numbers, dates and names are checked."""

from __future__ import annotations

from typing import Literal

from summarizer._schema._meta import UnsupportedClaim
from summarizer._schema._summary import StructuredSummary
from summarizer.grounding import ClaimChecker

CHECKED_FIELDS: tuple[Literal["title", "summary"], ...] = ("title", "summary")


def unsupported_summary_claims(
    summary: StructuredSummary, checker: ClaimChecker
) -> list[UnsupportedClaim]:
    """Every number, date and capitalised name of the title and summary not in the document."""
    return [
        UnsupportedClaim(field=field, text=claim.text, kind=claim.kind)
        for field in CHECKED_FIELDS
        for claim in checker.unsupported(getattr(summary, field))
    ]


def claims_by_field(claims: list[UnsupportedClaim]) -> list[tuple[str, list[str]]]:
    """`("title", ["Saudi Arabia"])` for each checked field with unsupported claims."""
    listed = [(field, [c.text for c in claims if c.field == field]) for field in CHECKED_FIELDS]
    return [(field, texts) for field, texts in listed if texts]
