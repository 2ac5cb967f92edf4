"""Positions, agreements, risks, key facts and contradictions of all chunks merged.

Each section has its identity keys (items sharing one are the same item) and its rule
for combining the members of a group:
- positions: the same actor (a named person resolved to the merged source, else the
  actor's folded words) and issue; stances that differ become 'mixed' ('unclear' and
  'neutral' give way to a definite stance);
- agreements: the same title and at least one shared party; parties and terms united;
- risks, key facts, contradictions: the same folded description (fact);
- any section: an item of another chunk that shares a placed quote (a span: the chunks'
  overlap) and the actor, a party, the category or the value is the same item, unless
  one chunk has two such items on that span.
Scalars come from the first member (in chunk order) that gives one; every quote is kept
once (by span); source ids are those of the merged sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from summarizer._long._merge_evidence import matched_spans, union_evidence
from summarizer._long._merge_groups import Keyed, first_value
from summarizer._long._merge_limits import max_length
from summarizer._long._merge_names import simple_key
from summarizer._long._merge_sources import MergedSources
from summarizer._schema import Agreement, Contradiction, GroundedItem, KeyFact, Position, Risk
from summarizer._schema._items import SOURCE_ID_PATTERN

T = TypeVar("T", bound=GroundedItem)
# A contradiction whose parties were only ids of sources no chunk defined.
UNKNOWN_PARTY = "an unidentified party"
_SOURCE_ID = re.compile(SOURCE_ID_PATTERN)


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One chunk's item and the part (its position after sorting) it came from."""

    part: int
    item: T


@dataclass(frozen=True)
class SectionRules(Generic[T]):
    keyed: Callable[[Entry[T]], Keyed]
    combine: Callable[[list[Entry[T]]], T]


def united(lists: Iterable[Iterable[str]], limit: int) -> list[str]:
    """Strings of LISTS in order, each once (by folded words), at most LIMIT."""
    seen: set[str] = set()
    kept: list[str] = []
    for text in (text for texts in lists for text in texts):
        key = simple_key(text) or text
        if key not in seen and len(kept) < limit:
            seen.add(key)
            kept.append(text)
    return kept


def _keyed(entry: Entry[T], keys: list[Hashable], loose: list[Hashable]) -> Keyed:
    """KEYS join any item; a LOOSE key with one of its quotes' spans joins another chunk's
    item (the chunks' overlap) unless one chunk has two items on that span."""
    spans = matched_spans(entry.item.evidence_items())
    return Keyed(entry.part, keys, [(key, span) for key in loose for span in spans])


def _verified(item: T) -> T:
    item.verified = any(e.match != "unmatched" for e in item.evidence_items())
    return item


def combined_stance(stances: Sequence[str]) -> str:
    definite = [s for s in stances if s not in ("unclear", "neutral")]
    if not definite:
        return "neutral" if "neutral" in stances else "unclear"
    return definite[0] if len(set(definite)) == 1 else "mixed"


def position_rules(merged: MergedSources) -> SectionRules[Position]:
    def actor_key(actor: str) -> Hashable:
        person = merged.people.resolve(actor)
        return ("person", person) if person is not None else ("actor", simple_key(actor))

    def keyed(entry: Entry[Position]) -> Keyed:
        actor = actor_key(entry.item.actor)
        return _keyed(entry, [(actor, simple_key(entry.item.issue))], [actor])

    def combine(entries: list[Entry[Position]]) -> Position:
        first = entries[0].item
        ids = [_new_id(merged, e.part, i) for e in entries for i in e.item.source_ids]
        return _verified(
            first.model_copy(
                update={
                    "stance": combined_stance([e.item.stance for e in entries]),
                    "source_ids": united(
                        [[i for i in ids if i is not None]], max_length(Position, "source_ids")
                    ),
                    "evidence": union_evidence(
                        (e.item.evidence for e in entries), max_length(Position, "evidence")
                    ),
                }
            )
        )

    return SectionRules(keyed, combine)


def _new_id(merged: MergedSources, part: int, source_id: str) -> str | None:
    return merged.new_ids.get((part, source_id))


def agreement_rules() -> SectionRules[Agreement]:
    def keyed(entry: Entry[Agreement]) -> Keyed:
        title, parties = simple_key(entry.item.title), map(simple_key, entry.item.parties)
        party_keys = [("party", party) for party in parties]
        return _keyed(entry, [(title, party) for party in party_keys], list(party_keys))

    def combine(entries: list[Entry[Agreement]]) -> Agreement:
        items = [e.item for e in entries]
        status = [i.status for i in items if i.status != "unclear"]
        update = {
            "parties": united((i.parties for i in items), max_length(Agreement, "parties")),
            "terms": united((i.terms for i in items), max_length(Agreement, "terms")),
            "date_reached": first_value(i.date_reached for i in items),
            "deadline": next((i.deadline for i in items if i.deadline is not None), None),
            "status": status[0] if status else "unclear",
            "evidence": union_evidence(
                (i.evidence for i in items), max_length(type(items[0]), "evidence")
            ),
        }
        return _verified(items[0].model_copy(update=update))

    return SectionRules(keyed, combine)


def risk_rules() -> SectionRules[Risk]:
    def keyed(entry: Entry[Risk]) -> Keyed:
        return _keyed(entry, [simple_key(entry.item.description)], [entry.item.category])

    def combine(entries: list[Entry[Risk]]) -> Risk:
        items = [e.item for e in entries]
        # The likelihood and the cue that justifies it come from the same chunk's item.
        stated = next((i for i in items if i.likelihood != "unstated"), None)
        update = {
            "drivers": united((i.drivers for i in items), max_length(Risk, "drivers")),
            "affected": united((i.affected for i in items), max_length(Risk, "affected")),
            "likelihood": stated.likelihood if stated else "unstated",
            "hedge_cue": stated.hedge_cue if stated else first_value(i.hedge_cue for i in items),
            "evidence": union_evidence(
                (i.evidence for i in items), max_length(type(items[0]), "evidence")
            ),
        }
        return _verified(items[0].model_copy(update=update))

    return SectionRules(keyed, combine)


def key_fact_rules() -> SectionRules[KeyFact]:
    def keyed(entry: Entry[KeyFact]) -> Keyed:
        value = simple_key(entry.item.value or "")
        return _keyed(entry, [simple_key(entry.item.fact)], [("value", value)])

    def combine(entries: list[Entry[KeyFact]]) -> KeyFact:
        items = [e.item for e in entries]
        update = {
            "value": first_value(i.value for i in items),
            "evidence": union_evidence(
                (i.evidence for i in items), max_length(type(items[0]), "evidence")
            ),
        }
        return _verified(items[0].model_copy(update=update))

    return SectionRules(keyed, combine)


def contradiction_rules(merged: MergedSources) -> SectionRules[Contradiction]:
    def keyed(entry: Entry[Contradiction]) -> Keyed:
        return _keyed(entry, [simple_key(entry.item.description)], ["contradiction"])

    def party(part: int, name: str) -> str | None:
        is_id = _SOURCE_ID.match(name) is not None
        return _new_id(merged, part, name) if is_id else name

    def combine(entries: list[Entry[Contradiction]]) -> Contradiction:
        names = [party(e.part, name) for e in entries for name in e.item.parties]
        parties = united(
            [[n for n in names if n is not None]], max_length(Contradiction, "parties")
        )
        parties += [UNKNOWN_PARTY] * (2 - len(parties))
        quotes = union_evidence(
            (e.item.evidence for e in entries), max_length(Contradiction, "evidence")
        )
        if len(quotes) < 2:  # two sides quoted with the same words: keep both as given
            quotes = entries[0].item.evidence
        update = {"parties": parties, "evidence": quotes}
        return _verified(entries[0].item.model_copy(update=update))

    return SectionRules(keyed, combine)
