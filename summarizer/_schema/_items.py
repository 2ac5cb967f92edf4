"""The items of a structured summary. Field descriptions are the LLM's instructions.

Fields marked `PIPELINE` are filled by summarizer after parsing, never by the model:
they carry `readOnly: true` in the JSON Schema and are stripped from the schema the
model sees (see `llm_json_schema`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    model_validator,
)

from summarizer.grounding import MatchStatus

PIPELINE: dict[str, Any] = {"readOnly": True}
SOURCE_ID_PATTERN = r"^S[1-9][0-9]*$"
PARTIAL_ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _not_blank(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise ValueError("must not be blank: write the text or leave the item out")
    return stripped


def _blank_to_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _iso_date(value: object) -> object:
    if value is None or isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text or text.lower() in {"null", "none", "n/a", "unknown"}:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            f"{text!r} is not an ISO date: write YYYY-MM-DD (e.g. 2025-09-30 for "
            "'the end of September 2025') or null when the text fixes no exact day"
        ) from None


def _partial_iso_date(value: object) -> object:
    value = _blank_to_none(value)
    if value is None:
        return None
    text = str(value).strip()
    if not PARTIAL_ISO_DATE.match(text):
        raise ValueError(
            f"{text!r} is not an ISO date: write YYYY-MM-DD, YYYY-MM or YYYY, "
            "or null when the text gives no date"
        )
    return text


NonBlank = Annotated[str, AfterValidator(_not_blank)]
OptionalText = Annotated[str | None, BeforeValidator(_blank_to_none)]
SourceId = Annotated[str, Field(pattern=SOURCE_ID_PATTERN)]
IsoDate = Annotated[dt.date | None, BeforeValidator(_iso_date)]
PartialIsoDate = Annotated[str | None, BeforeValidator(_partial_iso_date)]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Evidence(StrictModel):
    """A verbatim passage of the document that supports an item."""

    quote: NonBlank = Field(
        max_length=1000,
        description=(
            "Copy a short passage (one clause or sentence, 3-40 words) from the document "
            "character for character. Do not paraphrase, translate, shorten with '...', "
            "or fix spelling: the quote is checked against the document."
        ),
    )
    start: int | None = Field(
        default=None,
        ge=0,
        json_schema_extra=PIPELINE,
        description="Set by summarizer: index of the quote's first character in the document.",
    )
    end: int | None = Field(
        default=None,
        ge=0,
        json_schema_extra=PIPELINE,
        description="Set by summarizer: index just past the quote's last character.",
    )
    match: MatchStatus = Field(
        default="unmatched",
        json_schema_extra=PIPELINE,
        description=(
            "Set by summarizer: how the quote was found in the document "
            "(exact, normalized, fuzzy) or unmatched."
        ),
    )


EvidenceList = Annotated[
    list[Evidence],
    Field(
        min_length=1,
        max_length=40,
        description="One to six verbatim quotes from the document that support this item.",
    ),
]
# A source quoted all through a long interview keeps every statement (the model-facing
# schema caps lists far lower anyway).
MAX_STATEMENTS = 200
StatementList = Annotated[
    list[Evidence],
    Field(
        min_length=1,
        max_length=MAX_STATEMENTS,
        description="One to six verbatim quotes from the document that support this item.",
    ),
]
Verified = Annotated[
    bool,
    Field(
        default=False,
        json_schema_extra=PIPELINE,
        description="Set by summarizer: true when at least one quote was found in the document.",
    ),
]


class GroundedItem(StrictModel):
    """Base of every item that must point back at the document."""

    verified: Verified = False

    def evidence_items(self) -> list[Evidence]:
        """The quotes that support the item: `verified` means one of them aligned."""
        raise NotImplementedError

    def all_evidence(self) -> list[Evidence]:
        """Every quote summarizer pins to the document (supporting ones and any others)."""
        return self.evidence_items()


SourceKind = Literal[
    "named_person", "anonymous", "organization", "media_outlet", "document", "official_statement"
]


class Source(GroundedItem):
    """Who is behind a claim: a person, an anonymous source, an organisation or an outlet."""

    id: SourceId = Field(description="S1, S2, S3, ... numbered in order of first appearance.")
    name: NonBlank = Field(
        max_length=200,
        description=(
            "The source as the document names or describes it, e.g. 'Waad al-Qaddo', "
            "'an unnamed Iraqi official', 'The Washington Post'."
        ),
    )
    kind: SourceKind = Field(
        description=(
            "named_person: a person named in the text; anonymous: unnamed or described only "
            "('officials', 'a source'); organization; media_outlet; document; "
            "official_statement."
        )
    )
    role: OptionalText = Field(
        default=None, max_length=200, description="Title or function, e.g. 'MP', or null."
    )
    affiliation: OptionalText = Field(
        default=None,
        max_length=200,
        description="Party, government or organisation the source belongs to, or null.",
    )
    via: OptionalText = Field(
        default=None,
        max_length=200,
        description=(
            "The outlet or intermediary that relayed the statement, e.g. 'The Washington Post' "
            "when 'The Washington Post quoted an unnamed Iraqi official'; null if direct."
        ),
    )
    statements: StatementList
    mentions: list[Evidence] = Field(
        default_factory=list,
        max_length=40,
        description=(
            "Where the document names or refers to this source, copied verbatim, e.g. "
            "'Waad al-Qaddo, a Coordination Framework MP', 'Qaddo', 'he'; may be empty."
        ),
    )

    def evidence_items(self) -> list[Evidence]:
        return self.statements

    def all_evidence(self) -> list[Evidence]:
        return [*self.statements, *self.mentions]


Stance = Literal["supports", "opposes", "mixed", "shifting", "neutral", "unclear"]
ActorType = Literal[
    "government",
    "official",
    "politician",
    "political_party",
    "legislature",
    "state",
    "military",
    "armed_group",
    "international_organization",
    "company",
    "civil_society",
    "media",
    "expert",
    "public",
    "other",
]


class Position(GroundedItem):
    """Where an actor stands on an issue."""

    actor: NonBlank = Field(max_length=200, description="Who holds the position.")
    actor_type: ActorType = Field(description="What kind of actor this is.")
    issue: NonBlank = Field(
        max_length=300,
        description="The question the actor takes a position on, as a short noun phrase.",
    )
    stance: Stance = Field(
        description=(
            "supports / opposes the issue as worded; mixed: both; shifting: changing over "
            "time; neutral; unclear."
        )
    )
    summary: NonBlank = Field(max_length=600, description="One sentence stating the position.")
    source_ids: list[SourceId] = Field(
        default_factory=list,
        max_length=10,
        description="Ids of the sources (S1, ...) that report this position; [] if none.",
    )
    evidence: EvidenceList

    def evidence_items(self) -> list[Evidence]:
        return self.evidence


AgreementStatus = Literal[
    "proposed", "under_negotiation", "agreed", "in_force", "disputed", "expired", "unclear"
]


class Agreement(GroundedItem):
    """A deal, accord, treaty, memorandum or ceasefire, reached or under discussion."""

    title: NonBlank = Field(max_length=200, description="A short name for the agreement.")
    parties: list[NonBlank] = Field(
        min_length=1,
        max_length=12,
        description="Who is party to it, e.g. ['Iraq', 'United States'].",
    )
    terms: list[NonBlank] = Field(
        default_factory=list,
        max_length=12,
        description="What the parties commit to, one term each.",
    )
    date_reached: PartialIsoDate = Field(
        default=None,
        description="When it was reached: YYYY-MM-DD, YYYY-MM or YYYY; null if unknown.",
    )
    deadline: IsoDate = Field(
        default=None,
        description=(
            "The deadline the text fixes, as YYYY-MM-DD (end of a month = its last day); "
            "null if none."
        ),
    )
    status: AgreementStatus = Field(description="Where the agreement stands according to the text.")
    evidence: EvidenceList

    def evidence_items(self) -> list[Evidence]:
        return self.evidence


# The estimative terms of US Intelligence Community Directive 203 (2015), each with the
# probability range the directive gives it, and `unstated` when the text gives no likelihood.
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
    "unstated",
]
LIKELIHOOD_RANGES: dict[Likelihood, str] = {
    "almost no chance": "01-05%",
    "very unlikely": "05-20%",
    "unlikely": "20-45%",
    "roughly even chance": "45-55%",
    "likely": "55-80%",
    "very likely": "80-95%",
    "almost certain": "95-99%",
}
# Schema v1's four levels read as the ICD 203 term whose range holds what they meant.
V1_LIKELIHOOD: dict[str, Likelihood] = {
    "low": "unlikely",
    "medium": "roughly even chance",
    "high": "likely",
    "unclear": "unstated",
}
_LIKELIHOOD_DESCRIPTION = (
    "How likely the text says the risk is, as the ICD 203 term matching its wording: "
    + "; ".join(f"{term} ({chances})" for term, chances in LIKELIHOOD_RANGES.items())
    + ". 'could', 'may' or 'might' say a risk is possible, not how likely: use unstated "
    "for them and whenever the text gives no likelihood."
)


def _normalized(text: str) -> str:
    return " ".join(text.casefold().split())


def cue_occurs_in(cue: str, quotes: list[str]) -> bool:
    """Whether CUE occurs in one of QUOTES, ignoring case and runs of whitespace."""
    wanted = _normalized(cue)
    return bool(wanted) and any(wanted in _normalized(quote) for quote in quotes)


RiskCategory = Literal[
    "security", "political", "economic", "diplomatic", "humanitarian", "legal", "other"
]


class Risk(GroundedItem):
    """A threat or danger the document raises, with what drives it."""

    description: NonBlank = Field(max_length=400, description="The risk in one sentence.")
    category: RiskCategory = Field(description="The kind of risk.")
    drivers: list[NonBlank] = Field(
        default_factory=list, max_length=8, description="What makes the risk more likely."
    )
    affected: list[NonBlank] = Field(
        default_factory=list, max_length=8, description="Who or what would be harmed."
    )
    likelihood: Likelihood = Field(default="unstated", description=_LIKELIHOOD_DESCRIPTION)
    hedge_cue: OptionalText = Field(
        default=None,
        max_length=60,
        description=(
            "The words that say how likely it is, copied from one of the evidence quotes, "
            "e.g. 'is expected to', 'highly unlikely', 'almost certainly'; required unless "
            "likelihood is unstated (then the hedge word, e.g. 'may', 'fear of', or null)."
        ),
    )
    evidence: EvidenceList

    def evidence_items(self) -> list[Evidence]:
        return self.evidence

    @model_validator(mode="after")
    def _likelihood_is_justified(self) -> Risk:
        """A stated likelihood must rest on words of the risk's own evidence."""
        if self.likelihood == "unstated":
            return self
        if not self.hedge_cue:
            raise ValueError(
                f"likelihood is {self.likelihood!r} but hedge_cue is empty: copy the words "
                "that say how likely the risk is from its evidence, or set likelihood to "
                "'unstated'"
            )
        if not cue_occurs_in(self.hedge_cue, [e.quote for e in self.evidence]):
            raise ValueError(
                f"hedge_cue {self.hedge_cue!r} does not occur in this risk's evidence "
                f"quotes, so nothing supports likelihood {self.likelihood!r}: copy the "
                "hedge words from one of its quotes (or quote the sentence holding them), "
                "or set likelihood to 'unstated'"
            )
        return self


class KeyFact(GroundedItem):
    """A figure, date or hard fact stated in the document."""

    fact: NonBlank = Field(max_length=400, description="The fact in one short sentence.")
    value: OptionalText = Field(
        default=None,
        max_length=100,
        description="The figure or date as written, e.g. '2,400' or '2014'; null if none.",
    )
    evidence: EvidenceList

    def evidence_items(self) -> list[Evidence]:
        return self.evidence


class Contradiction(GroundedItem):
    """Two or more sources or positions in the document that disagree."""

    description: NonBlank = Field(max_length=400, description="What the disagreement is about.")
    parties: list[NonBlank] = Field(
        min_length=2,
        max_length=6,
        description="Who disagrees: source ids (S1, ...) or actor names, at least two.",
    )
    evidence: list[Evidence] = Field(
        min_length=2, max_length=6, description="At least one verbatim quote from each side."
    )

    def evidence_items(self) -> list[Evidence]:
        return self.evidence
