"""Who is who: merge repeated mentions of a speaker into one record.

"Qaddo added" joins "Waad al-Qaddo"; "he said" joins the most recent named speaker when
that speaker spoke in the last few paragraphs; "the source" joins the most recent
anonymous source; "the senator" joins a recent speaker whose role says senator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from summarizer._engines._extractive._mentions import Gender
from summarizer._engines._extractive._speakers import Kind, Mention
from summarizer._engines._extractive._text import Span

MAX_MENTIONS = 40
PRONOUN_REACH = 3  # paragraphs back a pronoun may point to
RECENT_LIMIT = 50  # records searched for a pronoun or a definite description
_ANONYMOUS_HEADS = frozenset(["source", "sources", "official", "officials"])
_ROLE_COMPLEMENT = re.compile(r" (?:of|to|for|at|in|with|on|from|who|that) ")
_NAME_PREFIXES = ("al-", "el-", " al ", "el ")


@dataclass(eq=False)  # a record is an identity: two people may share every field
class Record:
    """One source as it will appear in the summary."""

    number: int  # a stable id: the order of creation in its registry
    name: str
    kind: Kind
    role: str | None = None
    affiliation: str | None = None
    via: str | None = None
    plural: bool = False
    gender: Gender = None
    # every statement, deduplicated: the summary keeps the first ones in document order
    statements: dict[Span, None] = field(default_factory=dict)
    mentions: list[Span] = field(default_factory=list)  # speaker phrases at its cues
    last_paragraph: int = 0
    last_use: int = 0

    def add(self, span: Span) -> None:
        self.statements[span] = None

    def mention(self, span: Span) -> None:
        """Where the text names or refers to this source when attributing to it."""
        if span not in self.mentions and len(self.mentions) < MAX_MENTIONS:
            self.mentions.append(span)


class Registry:
    """Records in order of creation, with the resolution rules for new mentions."""

    def __init__(self) -> None:
        self.records: list[Record] = []
        self._clock = 0
        self._by_use: dict[int, Record] = {}  # by number; insertion order = order of last use
        self._by_key: dict[tuple[str, str], Record] = {}  # (kind, name key) of any mention
        self._by_surname: dict[str, list[Record]] = {}
        self._surnamed: set[int] = set()  # record numbers

    def resolve(self, mention: Mention, paragraph: int, via: str | None = None) -> Record | None:
        """The record MENTION refers to (created if new); None for an unresolvable pronoun."""
        if mention.reference == "pronoun":
            record = self._pronoun(mention, paragraph)
        elif mention.reference == "definite":
            record = self._definite(mention) or self._by_name(mention)
        else:
            record = self._by_name(mention)
        if record is None:
            if mention.reference == "pronoun":
                return None
            number = len(self.records)
            record = Record(number, mention.name, mention.kind, plural=mention.plural)
            self.records.append(record)
        self._update(record, mention, via, paragraph)
        self._index(record, mention)
        return record

    def _index(self, record: Record, mention: Mention) -> None:
        # a definite description ('the source') or a pronoun is no name of its own
        names = {record.name, mention.name} if mention.reference == "name" else {record.name}
        for name in names:
            self._by_key.setdefault((record.kind, _key(name)), record)
        if record.kind == "named_person" and record.number not in self._surnamed:
            self._surnamed.add(record.number)
            surname = _surname_tokens(record.name)[-1:]
            self._by_surname.setdefault(surname[0] if surname else "", []).append(record)

    def person_by_surname(self, key: str) -> Record | None:
        """The person last attributed whose surname has KEY (`surname_key('Trump')`)."""
        found = self._by_surname.get(key)
        return max(found, key=lambda r: r.last_use) if found else None

    def touch(self, record: Record, paragraph: int) -> None:
        self._clock += 1
        record.last_use = self._clock
        record.last_paragraph = paragraph
        self._by_use.pop(record.number, None)
        self._by_use[record.number] = record

    def _update(self, record: Record, mention: Mention, via: str | None, paragraph: int) -> None:
        if mention.reference == "name" and len(mention.name) > len(record.name):
            record.name = mention.name
        record.role = record.role or mention.role
        record.gender = record.gender or mention.gender
        record.affiliation = record.affiliation or mention.affiliation
        if via and not record.via and record.kind != "media_outlet":
            record.via = via
        self.touch(record, paragraph)

    def _recent(self) -> Iterator[Record]:
        """Most recently used first; only the last few hundred, so lookups stay cheap."""
        return islice(reversed(self._by_use.values()), RECENT_LIMIT)

    def _pronoun(self, mention: Mention, paragraph: int) -> Record | None:
        for record in self._recent():
            if paragraph - record.last_paragraph > PRONOUN_REACH:
                return None
            if _pronoun_fits(mention, record):
                return record
        return None

    def _definite(self, mention: Mention) -> Record | None:
        full_head = mention.head
        anonymous_head = full_head in _ANONYMOUS_HEADS
        head = full_head.rstrip("s")
        for record in self._recent():
            if anonymous_head and record.kind == "anonymous":
                if record.plural == mention.plural:
                    return record
                continue
            described = f"{record.name} {_role_head(record.role)}".casefold()
            # a word equal to HEAD (once its plural s goes) contains it: test that first
            if head and head in described and _has_word(described, head):
                return record
        return None

    def _by_name(self, mention: Mention) -> Record | None:
        """Same kind and name; for people also 'Qaddo' -> 'Waad al-Qaddo', the most
        recently used when several share the surname."""
        record = self._by_key.get((mention.kind, _key(mention.name)))
        if record is not None or mention.kind != "named_person":
            return record
        surname = _surname_tokens(mention.name)[-1:]
        candidates = self._by_surname.get(surname[0] if surname else "", [])
        fitting = [r for r in candidates[-RECENT_LIMIT:] if _same_person(r.name, mention.name)]
        return max(fitting, key=lambda r: r.last_use, default=None)


def _role_head(role: str | None) -> str:
    """The role up to its first preposition: 'a senior adviser to the Clinton campaign'
    is an adviser, so 'the campaign' is not this person."""
    return _ROLE_COMPLEMENT.split(role or "", maxsplit=1)[0]


def _has_word(described: str, head: str) -> bool:
    return any(word.rstrip("s") == head for word in described.split())


def _pronoun_fits(mention: Mention, record: Record) -> bool:
    if mention.name in ("he", "she"):
        return record.kind == "named_person"
    if mention.name == "they":
        return record.plural or record.kind in ("organization", "anonymous")
    return record.kind in ("organization", "document", "official_statement", "media_outlet")


def _key(name: str) -> str:
    words = name.casefold().split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def surname_key(word: str) -> str:
    """How a person is found by a surname alone: 'Trump' -> 'trump', 'al-Qaddo' -> 'qaddo'."""
    return _surname_tokens(word)[-1] if word.strip() else ""


@lru_cache(maxsize=4096)
def _surname_tokens(name: str) -> tuple[str, ...]:
    tokens = []
    for word in name.casefold().replace("’", "'").split():
        for prefix in _NAME_PREFIXES:
            if word.startswith(prefix) and len(word) > len(prefix):
                word = word[len(prefix) :]
        tokens.append(word.strip(".,"))
    return tuple(tokens)


def _same_person(known: str, new: str) -> bool:
    """'Qaddo' and 'Waad al-Qaddo'; 'Obama' and 'Barack Obama'; not 'Bill' and 'Hillary'."""
    first, second = _surname_tokens(known), _surname_tokens(new)
    if not first or not second or first[-1] != second[-1]:
        return False
    shorter, longer = sorted((first, second), key=len)
    return len(shorter) == 1 or shorter == longer[-len(shorter) :] or shorter[0] == longer[0]
