"""Gold-v1 reference summaries: load them and score a `StructuredSummary` against one.

Matching (the rule of ../shared/eval/README.md): a predicted item matches a gold item of
the same section when one of its grounded evidence spans overlaps one of the gold item's
evidence spans with token Dice >= 0.5 and, for sources and positions, its `name`/`actor`
matches the gold `name`/`actor` or an alias (`names_match`: case-insensitive difflib ratio
>= 0.8). Gold quotes are located verbatim, every occurrence (the best-overlapping one
counts); a gold quote that is not verbatim falls back to `summarizer.grounding.align`.
Predicted evidence counts only when grounded: `match != "unmatched"` and start/end set
(the pipeline's alignment is trusted, quotes are not re-aligned here). Sources use their
`statements` as evidence. Every predicted item counts, verified or not: an item without
grounded evidence cannot match, so it is a false positive. One-to-one: `greedy_assign`.
A section missing from a gold file is not annotated there and is not scored for it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer._errors import InputError
from summarizer._schema import SECTIONS, GroundedItem, Position, Section, StructuredSummary
from summarizer.evaluation._match import Counts, counts_from, greedy_assign
from summarizer.evaluation._tokens import (
    MATCH_THRESHOLD,
    Span,
    TokenIndex,
    TokenSet,
    best_dice,
    names_match,
)
from summarizer.grounding import align

GOLD_FORMAT = "gold-v1"
NAME_FIELDS: dict[str, str] = {"sources": "name", "positions": "actor"}


@dataclass(frozen=True)
class GoldItem:
    """One reference item: its verbatim evidence, accepted names (if any) and stance."""

    evidence: tuple[str, ...]
    names: tuple[str, ...] = ()
    stance: str | None = None


@dataclass(frozen=True)
class GoldDocument:
    """A parsed gold-v1 file; `sections` holds only the sections the file annotates."""

    document: str
    sections: dict[Section, tuple[GoldItem, ...]]
    origin: str = "gold"


@dataclass
class GoldScore:
    """Counts per annotated section, and stance agreement on matched positions."""

    sections: dict[Section, Counts] = field(default_factory=dict)
    stance_matched: int = 0
    stance_correct: int = 0


def load_gold(path: str | Path) -> GoldDocument:
    """Read and validate a gold-v1 JSON file."""
    file = Path(path)
    if not file.is_file():
        raise InputError(f"{file}: no such gold file")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"{file}: not a gold-v1 JSON file ({error})") from None
    return parse_gold(data, str(file))


def parse_gold(data: object, origin: str = "gold") -> GoldDocument:
    """Validate a decoded gold-v1 object (bad format -> `InputError`)."""
    if not isinstance(data, Mapping) or data.get("format") != GOLD_FORMAT:
        raise InputError(
            f"{origin}: bad gold format (expected an object with format {GOLD_FORMAT!r})"
        )
    document = data.get("document")
    if not isinstance(document, str) or not document.strip():
        raise InputError(f"{origin}: bad gold format (document must name the annotated file)")
    sections = {
        section: _parse_section(data[section], section, origin)
        for section in SECTIONS
        if section in data
    }
    return GoldDocument(document, sections, origin)  # type: ignore[arg-type]


def _parse_section(items: object, section: str, origin: str) -> tuple[GoldItem, ...]:
    if not isinstance(items, list):
        raise InputError(f"{origin}: bad gold format ({section} must be a list)")
    return tuple(_parse_item(item, f"{section}[{i}]", origin) for i, item in enumerate(items))


def _parse_item(item: object, where: str, origin: str) -> GoldItem:
    if not isinstance(item, Mapping):
        raise InputError(f"{origin}: bad gold format ({where} must be an object)")
    evidence = _strings(item.get("evidence"), f"{where}.evidence", origin, required=True)
    name_field = NAME_FIELDS.get(where.split("[")[0])
    if name_field is None:
        return GoldItem(evidence)
    name = _strings([item.get(name_field)], f"{where}.{name_field}", origin, required=True)
    aliases = _strings(item.get("aliases", []), f"{where}.aliases", origin, required=False)
    stance = item.get("stance")
    return GoldItem(evidence, name + aliases, stance if isinstance(stance, str) else None)


def _strings(value: object, where: str, origin: str, *, required: bool) -> tuple[str, ...]:
    valid = isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
    if not valid or (required and not value):
        kind = "a non-empty list of" if required else "a list of"
        raise InputError(f"{origin}: bad gold format ({where} must be {kind} non-blank strings)")
    return tuple(value)  # type: ignore[arg-type]


def locate(document: str, quote: str) -> list[Span]:
    """Every verbatim occurrence of QUOTE; else the aligner's span; else []."""
    spans: list[Span] = []
    start = document.find(quote)
    while start >= 0:
        spans.append((start, start + len(quote)))
        start = document.find(quote, start + 1)
    if spans:
        return spans
    alignment = align(document, quote)
    if alignment.start is None or alignment.end is None:
        return []
    return [(alignment.start, alignment.end)]


def grounded_spans(item: GroundedItem) -> list[Span]:
    """Character spans of the item's evidence that the pipeline pinned to the document."""
    return [
        (evidence.start, evidence.end)
        for evidence in item.evidence_items()
        if evidence.match != "unmatched" and evidence.start is not None and evidence.end is not None
    ]


def score_gold(
    summary: StructuredSummary, document: str, gold: GoldDocument | Mapping[str, Any]
) -> GoldScore:
    """Score SUMMARY of DOCUMENT against a gold file (parsed, or its decoded JSON)."""
    reference = gold if isinstance(gold, GoldDocument) else parse_gold(gold)
    index = TokenIndex(document)
    score = GoldScore()
    for section, gold_items in reference.sections.items():
        predicted: Sequence[GroundedItem] = getattr(summary, section)
        matches = _match_section(index, document, section, predicted, gold_items, reference)
        score.sections[section] = counts_from(len(matches), len(predicted), len(gold_items))
        if section == "positions":
            _score_stances(score, predicted, gold_items, matches)
    return score


def _match_section(
    index: TokenIndex,
    document: str,
    section: str,
    predicted: Sequence[GroundedItem],
    gold_items: Sequence[GoldItem],
    reference: GoldDocument,
) -> dict[int, int]:
    gold_tokens = [_gold_tokens(index, document, item, reference.origin) for item in gold_items]
    name_field = NAME_FIELDS.get(section)
    pairs = []
    for p, item in enumerate(predicted):
        tokens = [index.tokens([span]) for span in grounded_spans(item)]
        for g, gold_item in enumerate(gold_items):
            if name_field and not names_match(getattr(item, name_field), gold_item.names):
                continue
            overlap = best_dice(tokens, gold_tokens[g])
            if overlap >= MATCH_THRESHOLD:
                pairs.append((overlap, p, g))
    return greedy_assign(pairs)


def _gold_tokens(index: TokenIndex, document: str, item: GoldItem, origin: str) -> list[TokenSet]:
    tokens: list[TokenSet] = []
    for quote in item.evidence:
        spans = locate(document, quote)
        if not spans:
            raise InputError(f"{origin}: gold evidence not found in the document: {quote[:60]!r}")
        tokens.extend(index.tokens([span]) for span in spans)
    return tokens


def _score_stances(
    score: GoldScore,
    predicted: Sequence[GroundedItem],
    gold_items: Sequence[GoldItem],
    matches: Mapping[int, int],
) -> None:
    for p, g in matches.items():
        position = predicted[p]
        if isinstance(position, Position) and gold_items[g].stance is not None:
            score.stance_matched += 1
            score.stance_correct += position.stance == gold_items[g].stance
