"""The actors and issues of a comparison: every naming resolved to one key, with ids,
display names and aliases (see _actors for the rules)."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from summarizer._schema import StructuredSummary
from summarizer.compare._actors import (
    Parsed,
    Registry,
    Tie,
    appositive_ties,
    parse_actor,
    persons_for_role,
    source_ties,
    surname,
    texts_to_scan,
)
from summarizer.compare._inputs import LoadedDocument
from summarizer.compare._model import Actor, Issue
from summarizer.compare._words import issue_key, stems


class ActorBook:
    """Resolves (document, actor as written) to an actor id, A1, A2, ... in order of use."""

    def __init__(self, documents: Sequence[LoadedDocument]) -> None:
        self._registry = Registry()
        self._ties: dict[str, list[Tie]] = defaultdict(list)
        self._persons: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self._ids: dict[str, str] = {}
        self._surfaces: dict[str, list[str]] = defaultdict(list)
        self._names: dict[str, str] = {}
        self._roles: dict[tuple[str, ...], str] = {}
        for document in documents:
            self._collect(document.ref.id, document.summary, document.text)

    def _collect(self, document: str, summary: StructuredSummary, text: str | None) -> None:
        for source in summary.sources:
            tie = source_ties(source)
            if tie is not None:
                self._tie(document, *tie)
            else:
                self._person(document, parse_actor(source.name))
        for position in summary.positions:
            self._person(document, parse_actor(position.actor, position.actor_type))
        for scanned in texts_to_scan(summary, text):
            for name, role in appositive_ties(scanned):
                self._tie(document, name, role)

    def _person(self, document: str, parsed: Parsed) -> str | None:
        if parsed.kind != "person":
            return None
        key = self._registry.add_person(parsed.name)
        self._persons[document][surname(parsed.name)].add(key)
        if parsed.role:
            self._add_tie(document, parsed.role, key)
        return key

    def _tie(self, document: str, name: tuple[str, ...], role: tuple[str, ...]) -> None:
        key = self._person(document, parse_actor(" ".join(name)))
        if key is not None:
            self._add_tie(document, role, key)

    def _add_tie(self, document: str, role: tuple[str, ...], key: str) -> None:
        tie = self._registry.add_tie(role, key)
        if tie is not None:
            self._ties[document].append(tie)

    def resolve(self, document: str, surface: str, actor_type: str | None = None) -> str:
        """The id of the actor SURFACE (of ACTOR_TYPE) names in DOCUMENT."""
        parsed = parse_actor(surface, actor_type)
        key = self._key(document, parsed)
        if key not in self._ids:
            self._ids[key] = f"A{len(self._ids) + 1}"
            self._names[key] = self._registry.display.get(key, " ".join(surface.split()))
        self._surfaces[key].append(" ".join(surface.split()))
        return self._ids[key]

    def _key(self, document: str, parsed: Parsed) -> str:
        if parsed.kind == "person":
            return self._registry.add_person(parsed.name)
        if parsed.kind == "single":
            return self._single(document, surname(parsed.name))
        if parsed.kind == "role":
            return self._role(document, parsed.role)
        known = self._registry.known_person(parsed.name) if parsed.name else None
        return known or "group:" + " ".join(sorted(set(parsed.role)) or [parsed.surface.lower()])

    def _single(self, document: str, last: str) -> str:
        here = self._persons[document].get(last, set())
        if len(here) == 1:
            return next(iter(here))
        return self._registry.only_person(last) or f"name:{last}"

    def _role(self, document: str, role: tuple[str, ...]) -> str:
        here = persons_for_role(role, self._ties[document])
        if len(here) == 1:
            return here.pop()
        if role not in self._roles:  # the corpus-wide answer, worked out once per wording
            everywhere = persons_for_role(role, self._registry.ties_for(role))
            self._roles[role] = (
                everywhere.pop() if len(everywhere) == 1 else "role:" + " ".join(role)
            )
        return self._roles[role]

    def actors(self) -> list[Actor]:
        return [
            Actor(id=actor_id, name=self._names[key], aliases=self._aliases(key))
            for key, actor_id in self._ids.items()
        ]

    def _aliases(self, key: str) -> list[str]:
        name = self._names[key]
        return [s for s in dict.fromkeys(self._surfaces[key]) if s != name]


class IssueBook:
    """Issues grouped by normalised wording (see _words), I1, I2, ... in order of use;
    `merge` joins some of them into one (the groups `compare --cluster-issues` found),
    and the ids are renumbered in order of use."""

    def __init__(self, wordings: Iterable[str]) -> None:
        self._keys: dict[str, tuple[str, ...]] = {}  # each wording as written, keyed once
        self._ids: dict[tuple[str, ...], str] = {}
        self._wordings: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
        self._by_word: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for wording in wordings:
            self._add(wording)
        self._leaders: dict[str, str] = {}  # a merged wording group's id -> its group's first
        self._labels: dict[str, str] = {}  # a group's first id -> the label chosen for it
        self._final = {issue_id: issue_id for issue_id in self._ids.values()}

    def _add(self, wording: str) -> None:
        key = self._key(wording)
        if key not in self._ids:
            self._ids[key] = f"I{len(self._ids) + 1}"
            self._by_word[key[0]].add(key)  # a key found in a text has its first word there
        self._wordings[key][" ".join(wording.split())] += 1

    def _key(self, wording: str) -> tuple[str, ...]:
        if wording not in self._keys:
            self._keys[wording] = issue_key(wording)
        return self._keys[wording]

    def merge(self, groups: Iterable[tuple[list[str], str]]) -> None:
        """Join each group of wording-group ids into one issue labelled LABEL."""
        for members, label in groups:
            first = min(members, key=_number)
            self._labels[first] = label
            self._leaders.update((member, first) for member in members)
        numbers: dict[str, str] = {}
        for issue_id in self._ids.values():  # in order of use: a group's first comes first
            numbers.setdefault(self._leader(issue_id), f"I{len(numbers) + 1}")
        self._final = {issue_id: numbers[self._leader(issue_id)] for issue_id in self._ids.values()}

    def _leader(self, issue_id: str) -> str:
        return self._leaders.get(issue_id, issue_id)

    def id_of(self, wording: str) -> str:
        """The id of the issue WORDING (one the book was made with) belongs to."""
        return self._final[self._ids[self._key(wording)]]

    def issues(self) -> list[Issue]:
        members: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for key, issue_id in self._ids.items():
            members[self._leader(issue_id)].append(key)
        return [self._issue(first, keys) for first, keys in members.items()]

    def _issue(self, first: str, keys: list[tuple[str, ...]]) -> Issue:
        wordings = [w for key in keys for w in self._wordings[key]]
        most_used = self._wordings[keys[0]].most_common(1)[0][0]
        return Issue(
            id=self._final[first],
            label=self._labels.get(first, most_used),
            key=list(keys[0]),
            wordings=wordings,
            merged_keys=[list(key) for key in keys] if len(keys) > 1 else [],
        )

    def find(self, text: str) -> str | None:
        """The issue whose key words all occur in TEXT (the longest key), else None."""
        found = set(stems(text))
        candidates = (key for word in found for key in self._by_word.get(word, ()))
        matching = [key for key in candidates if set(key) <= found]
        if not matching:
            return None
        return self._final[self._ids[max(matching, key=lambda k: (len(k), k))]]


def _number(issue_id: str) -> int:
    return int(issue_id[1:])
