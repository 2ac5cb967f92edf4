"""`merge_chunks`: the summaries of a long document's chunks made into one summary.

Deterministic: parts are taken in the order of their index whatever order they arrive
in, and every choice (which name, which scalar, which order) follows that order or the
document's. Linear: quotes are aligned once per chunk window (and once over the whole
document for those their chunk does not hold), and items are grouped through dicts of
keys (`_merge_groups`), never compared pairwise. Who and what count as the same item:
`_merge_sources` and `_merge_items`. Every list is kept within the schema's limits
(over a limit, verified items are kept before unverified ones, then in document order).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarizer._long._merge_evidence import first_start, place_evidence
from summarizer._long._merge_groups import UnionFind, union_by_keys
from summarizer._long._merge_items import (
    Entry,
    SectionRules,
    T,
    agreement_rules,
    contradiction_rules,
    key_fact_rules,
    position_rules,
    risk_rules,
)
from summarizer._long._merge_limits import keep_within, max_length
from summarizer._long._merge_names import schema_key
from summarizer._long._merge_sources import merge_sources
from summarizer._long._parts import ChunkPart
from summarizer._schema import Agreement, GroundedItem, StructuredSummary

SUFFIX_LIMIT = 80


def merge_chunks(parts: Sequence[ChunkPart], document: str) -> StructuredSummary:
    """One summary of DOCUMENT from the summaries of its chunks, every offset in DOCUMENT.

    The title and summary are the first chunk's (the caller replaces them).
    """
    ordered = _checked_copies(parts, document)
    place_evidence(ordered, document)
    merged = merge_sources(ordered)
    agreements = _distinct_titles(_merge_section(ordered, "agreements", agreement_rules()))
    first = ordered[0].summary
    built = StructuredSummary(
        title=first.title,
        summary=first.summary,
        sources=merged.sources,
        positions=_merge_section(ordered, "positions", position_rules(merged)),
        agreements=agreements,
        risks=_merge_section(ordered, "risks", risk_rules()),
        key_facts=_merge_section(ordered, "key_facts", key_fact_rules()),
        contradictions=_merge_section(ordered, "contradictions", contradiction_rules(merged)),
    )
    # Merged items are made with model_copy, which does not validate: check the whole once.
    return StructuredSummary.model_validate(built.model_dump())


def _checked_copies(parts: Sequence[ChunkPart], document: str) -> list[ChunkPart]:
    """PARTS by index, each with a copy of its summary (the caller's stays as it was)."""
    if not parts:
        raise ValueError("merge_chunks needs at least one chunk")
    for part in parts:
        if not 0 <= part.start <= part.end <= len(document):
            raise ValueError(
                f"chunk {part.index} spans {part.start}-{part.end}, outside the document "
                f"(0-{len(document)})"
            )
    ordered = sorted(parts, key=lambda part: (part.index, part.start, part.end))
    return [
        ChunkPart(part.index, part.start, part.end, part.summary.model_copy(deep=True))
        for part in ordered
    ]


def _merge_section(parts: list[ChunkPart], section: str, rules: SectionRules[T]) -> list[T]:
    """SECTION of every part, the same items joined, in order of first appearance."""
    entries: list[Entry[T]] = [
        Entry(number, item)
        for number, part in enumerate(parts)
        for item in getattr(part.summary, section)
    ]
    sets = UnionFind(len(entries))
    union_by_keys(sets, [rules.keyed(entry) for entry in entries])
    placed = []
    for members in sets.groups():
        item = rules.combine([entries[i] for i in members])
        start = first_start(item.all_evidence())
        where = parts[entries[members[0]].part].start if start is None else start
        placed.append(((where, members[0]), item))
    in_order = [item for _, item in sorted(placed, key=lambda pair: pair[0])]
    return keep_within(in_order, max_length(StructuredSummary, section), _is_verified)


def _is_verified(item: GroundedItem) -> bool:
    return item.verified


def _distinct_titles(agreements: list[Agreement]) -> list[Agreement]:
    """Agreements with one title but no party in common: the later ones name their parties
    (the schema allows one agreement per title)."""
    seen: set[str] = set()
    for number, agreement in enumerate(agreements, start=1):
        title = agreement.title
        if schema_key(title) in seen:
            title = _with_suffix(title, f" ({', '.join(agreement.parties)})")
        if schema_key(title) in seen:
            title = _with_suffix(title, f" #{number}")
        seen.add(schema_key(title))
        agreement.title = title
    return agreements


def _with_suffix(title: str, suffix: str) -> str:
    suffix = suffix if len(suffix) <= SUFFIX_LIMIT else suffix[: SUFFIX_LIMIT - 2] + "…)"
    return title[: max_length(Agreement, "title") - len(suffix)].rstrip() + suffix
