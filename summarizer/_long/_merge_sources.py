"""Sources of all chunks merged into one list, renumbered S1.. in document order.

Who is one source:
- named people by name: the same folded name without titles ('Ms. Maria Olsen' =
  'maria olsen'), the same first and last name ('Maria K. Olsen'), or a one-word name
  ('Olsen', 'Dr. Olsen') that is the surname or a name-like mention of exactly ONE named
  person of the document (with a Maria and an Erik Olsen, 'Olsen' stays on its own);
- every other source (anonymous ones included) by its name, which is its description
  ('an unnamed Iraqi official'), and its `via`: both must agree;
- any two sources but named people, of different chunks, that were given one statement
  (the same span: the chunks' overlap), unless one chunk gives it to two sources.
A merged source keeps the longest name, the first role, affiliation and via given, and
every statement and mention once (by span).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from summarizer._long._merge_evidence import first_start, matched_spans, union_evidence
from summarizer._long._merge_groups import Keyed, UnionFind, first_value, union_by_keys
from summarizer._long._merge_limits import keep_within, max_length
from summarizer._long._merge_names import (
    looks_like_name,
    name_tokens,
    schema_key,
    simple_key,
    surnames,
)
from summarizer._long._parts import ChunkPart
from summarizer._schema import Source, StructuredSummary

K = TypeVar("K", str, tuple[str, ...])


@dataclass(frozen=True)
class Record:
    """One chunk's source: the part (its position after sorting) it came from."""

    part: int
    source: Source

    @property
    def person(self) -> tuple[str, ...] | None:
        """The folded name of a named person; None for every other kind of source."""
        tokens = name_tokens(self.source.name)
        return tokens if self.source.kind == "named_person" and tokens else None


@dataclass(frozen=True)
class MergedSources:
    sources: list[Source]
    new_ids: dict[tuple[int, str], str]  # (part, the chunk's id) -> the merged source's id
    people: PersonIndex


def merge_sources(parts: Sequence[ChunkPart]) -> MergedSources:
    records = [Record(p, s) for p, part in enumerate(parts) for s in part.summary.sources]
    sets = UnionFind(len(records))
    union_by_keys(sets, [_keyed(record) for record in records])
    _join_short_names(sets, records)
    _join_schema_duplicates(sets, records)
    groups = sets.groups()
    merged = [_combine([records[i] for i in group]) for group in groups]
    order = sorted(
        range(len(groups)), key=lambda g: _appearance(merged[g], groups[g], records, parts)
    )
    limit = max_length(StructuredSummary, "sources")
    kept = keep_within(order, limit, lambda g: merged[g].verified)
    new_ids: dict[tuple[int, str], str] = {}
    for number, g in enumerate(kept, start=1):
        merged[g].id = f"S{number}"
        for i in groups[g]:
            new_ids[(records[i].part, records[i].source.id)] = merged[g].id
    sources = [merged[g] for g in kept]
    return MergedSources(sources, new_ids, PersonIndex(sources))


def _keyed(record: Record) -> Keyed:
    """Named people by their name; other sources by description and via, or by a quote
    another chunk gives to them too (a name settles who a person is, never a quote)."""
    source, person = record.source, record.person
    if person is None:
        described = ("described", simple_key(source.name), simple_key(source.via or ""))
        said = [("said", span) for span in matched_spans(source.statements)]
        return Keyed(record.part, [described], said)
    keys: list[Hashable] = [("person", person)]
    if len(person) > 1:
        keys.append(("first-last", person[0], person[-1]))
    return Keyed(record.part, keys)


def _join_short_names(sets: UnionFind, records: list[Record]) -> None:
    """A one-word name joins the one person whose surname or name-like mention it is."""
    index = _ShortNames(sets, records)
    for number, record in enumerate(records):
        person = record.person
        if person is not None:
            found = {sets.find(i) for i in index.candidates(person)} - {sets.find(number)}
            if len(found) == 1:
                sets.union(number, found.pop())


class _ShortNames:
    """Surnames of the people with a full name, and the names their mentions use."""

    def __init__(self, sets: UnionFind, records: list[Record]) -> None:
        self.by_surname: dict[str, set[int]] = {}
        self.by_alias: dict[tuple[str, ...], set[int]] = {}
        for number, record in enumerate(records):
            person = record.person
            if person is None:
                continue
            root = sets.find(number)
            if len(person) > 1:
                for surname in surnames(person):
                    self.by_surname.setdefault(surname, set()).add(root)
            for alias in _aliases(record.source):
                self.by_alias.setdefault(alias, set()).add(root)

    def candidates(self, person: tuple[str, ...]) -> set[int]:
        found = set(self.by_alias.get(person, ()))
        if len(person) == 1:
            found |= self.by_surname.get(person[0], set())
        return found


def _aliases(source: Source) -> set[tuple[str, ...]]:
    names = (m.quote.split(",")[0] for m in source.mentions if looks_like_name(m.quote))
    return {tokens for tokens in map(name_tokens, names) if tokens} - {name_tokens(source.name)}


def _join_schema_duplicates(sets: UnionFind, records: list[Record]) -> None:
    """Groups whose merged name and via the schema would call duplicates become one."""
    groups = sets.groups()
    first: dict[str, int] = {}
    for members in groups:
        name, via = _name_and_via([records[i] for i in members])
        sets.union(members[0], first.setdefault(schema_key(name, via or ""), members[0]))


def _name_and_via(members: list[Record]) -> tuple[str, str | None]:
    return _longest_name(members).source.name, first_value(m.source.via for m in members)


def _longest_name(members: list[Record]) -> Record:
    """The member with the most name words (the first of them): 'Maria Olsen', not 'Olsen'."""
    longest = max(range(len(members)), key=lambda i: (len(name_tokens(members[i].source.name)), -i))
    return members[longest]


def _combine(members: list[Record]) -> Source:
    named = _longest_name(members).source
    sources = [m.source for m in members]
    merged = Source(
        id="S1",  # numbered once every source is in document order
        name=named.name,
        kind=named.kind,
        role=first_value(s.role for s in sources),
        affiliation=first_value(s.affiliation for s in sources),
        via=first_value(s.via for s in sources),
        statements=union_evidence(
            (s.statements for s in sources), max_length(Source, "statements")
        ),
        mentions=union_evidence((s.mentions for s in sources), max_length(Source, "mentions")),
    )
    merged.verified = any(e.match != "unmatched" for e in merged.statements)
    return merged


def _appearance(
    source: Source, members: list[int], records: list[Record], parts: Sequence[ChunkPart]
) -> tuple[int, int, int]:
    """Where a source first appears: its earliest placed quote, else its chunk's start."""
    part = records[members[0]].part
    start = first_start(source.all_evidence())
    return (parts[part].start if start is None else start, part, members[0])


class PersonIndex:
    """Which merged named person a name (a position's actor) refers to, when exactly one."""

    def __init__(self, sources: list[Source]) -> None:
        self._names: dict[tuple[str, ...], str | None] = {}
        self._surnames: dict[str, str | None] = {}
        for source in sources:
            if source.kind != "named_person":
                continue
            tokens = name_tokens(source.name)
            for alias in {tokens} | _aliases(source):
                self._add(self._names, alias, source.id)
            if len(tokens) > 1:
                for surname in surnames(tokens):
                    self._add(self._surnames, surname, source.id)

    @staticmethod
    def _add(index: dict[K, str | None], key: K, source_id: str) -> None:
        index[key] = source_id if index.get(key, source_id) == source_id else None

    def resolve(self, name: str) -> str | None:
        tokens = name_tokens(name)
        found = self._names.get(tokens)
        if found is None and len(tokens) == 1:
            found = self._surnames.get(tokens[0])
        return found
