"""The response model handed to instructor: the summary schema minus pipeline fields,
plus a validator that rejects quotes which do not occur in the document, and a title or
summary whose numbers, dates or names the document does not contain.

instructor renders message contents as Jinja templates whenever a validation `context`
is passed, which would evaluate `{{ ... }}` inside an untrusted document. So the
document reaches the validator through a context variable instead.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, ClassVar

from instructor import openai_schema
from instructor.v2.core import patch as instructor_patch
from instructor.v2.validation import async_validators
from pydantic import ConfigDict, model_validator

from summarizer._prompts import grounding_reask_message
from summarizer._schema import (
    MODEL_FACING_MAX_ITEMS,
    StructuredSummary,
    UnsupportedClaim,
    align_evidence,
    claims_by_field,
    model_facing_schema,
    unsupported_summary_claims,
    unverified_quotes,
)
from summarizer.grounding import ClaimChecker


@dataclass(frozen=True)
class Candidate:
    """A structurally valid attempt and how well it is grounded."""

    summary: StructuredSummary
    verified_items: int
    unsupported_claims: list[UnsupportedClaim]

    @property
    def summary_verified(self) -> bool:
        return not self.unsupported_claims


@dataclass
class GroundingCheck:
    """One call's document, and every structurally valid attempt seen so far."""

    document: str
    reask_unverifiable: bool = True
    candidates: list[Candidate] = field(default_factory=list)
    _claims: ClaimChecker | None = field(default=None, repr=False)

    @property
    def claims(self) -> ClaimChecker:
        """The document indexed for the title/summary check, once per call."""
        if self._claims is None:
            self._claims = ClaimChecker(self.document)
        return self._claims

    def best_candidate(self) -> StructuredSummary | None:
        """The attempt with the most verified items, then a verified title and summary
        (the latest on a tie)."""
        if not self.candidates:
            return None
        ranked = sorted(
            enumerate(self.candidates),
            key=lambda pair: (pair[1].verified_items, pair[1].summary_verified, pair[0]),
        )
        return ranked[-1][1].summary

    def claims_found_in(self, summary: StructuredSummary) -> list[UnsupportedClaim] | None:
        """The title/summary claims the validator already found for SUMMARY, if it saw it."""
        seen = (c.unsupported_claims for c in reversed(self.candidates) if c.summary == summary)
        return next(seen, None)


_CHECK: ContextVar[GroundingCheck | None] = ContextVar("summarizer_grounding", default=None)


@contextmanager
def checking_grounding(check: GroundingCheck) -> Iterator[GroundingCheck]:
    token = _CHECK.set(check)
    try:
        yield check
    finally:
        _CHECK.reset(token)


# What the model fills; its docstring and title are the tool's description and name.
class ModelFacingSummary(StructuredSummary):
    """A source-grounded structured summary of one document."""

    model_config = ConfigDict(title="StructuredSummary")
    max_items: ClassVar[int] = MODEL_FACING_MAX_ITEMS

    @classmethod
    def model_json_schema(cls, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return model_facing_schema(super().model_json_schema(*args, **kwargs), cls.max_items)

    @model_validator(mode="after")
    def _quotes_occur_in_document(self) -> ModelFacingSummary:
        check = _CHECK.get()
        if check is None:
            return self
        align_evidence(self, check.document)
        claims = unsupported_summary_claims(self, check.claims)
        verified = sum(item.verified for _, _, item in self.items())
        check.candidates.append(Candidate(self.as_summary(), verified, claims))
        missing = unverified_quotes(self)
        if (missing or claims) and check.reask_unverifiable:
            raise ValueError(grounding_reask_message(missing, claims_by_field(claims)))
        return self

    def as_summary(self) -> StructuredSummary:
        return StructuredSummary.model_validate(self.model_dump())


@functools.cache
def model_facing_summary(max_items: int | None) -> type[ModelFacingSummary]:
    """The response model asking for at most MAX_ITEMS items per list (small models loop)."""
    if max_items is None or max_items >= MODEL_FACING_MAX_ITEMS:
        return ModelFacingSummary
    namespace = {
        "__module__": __name__,
        "__doc__": ModelFacingSummary.__doc__,
        "max_items": max_items,
        "__annotations__": {"max_items": ClassVar[int]},
    }
    limited: type[ModelFacingSummary] = type(
        f"ModelFacingSummary{max_items}", (ModelFacingSummary,), namespace
    )
    return limited


@functools.cache
def response_json_schema(max_items: int | None) -> dict[str, Any]:
    """`model_facing_summary(max_items)`'s JSON schema, generated once (~15 ms). Shared:
    read it, never edit it."""
    return model_facing_summary(max_items).model_json_schema()


@functools.cache
def prepared_response_model(max_items: int | None) -> type[ModelFacingSummary]:
    """`model_facing_summary` wrapped as instructor wraps a plain response model: built
    once. Handed a plain model, instructor wraps it in a new class on every call, so its
    per-class tool-schema cache never hits and the JSON schema is regenerated each time;
    handed this, it skips the wrap and reuses the tool schema (the request is the same)."""
    wrapped: type[ModelFacingSummary] = openai_schema(model_facing_summary(max_items))
    _reject_async_validators(wrapped)  # raises now if it ever would, before marking it
    _CHECKED_MODELS.add(wrapped)
    return wrapped


# instructor walks the response model's every nested field for async validators seven
# times a call (~10 ms of the event loop's CPU a document): our prepared models are
# checked once, when built; every other model still goes through instructor's own check.
_reject_async_validators = async_validators.reject_async_validators
_CHECKED_MODELS: set[type[ModelFacingSummary]] = set()


def _reject_async_validators_once(response_model: Any) -> None:
    if response_model not in _CHECKED_MODELS:
        _reject_async_validators(response_model)


async_validators.reject_async_validators = _reject_async_validators_once
setattr(instructor_patch, "reject_async_validators", _reject_async_validators_once)  # noqa: B010
