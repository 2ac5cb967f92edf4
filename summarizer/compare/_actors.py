"""One actor whatever the documents call them.

Each way of naming an actor is parsed into one of four shapes:
- a person's name, after any leading title ("Prime Minister Ana Ruiz" -> "Ana Ruiz"):
  full names with the same surname and first name (or a matching initial) are one actor;
- a single capitalised word ("Ruiz"): the person of that surname named in the same
  document, else the only one in all documents, else an actor of its own;
- a role phrase ("the Freedonian prime minister"): the person a document ties that role
  to, through a source's `role`/`affiliation`, a title before a name ("Freedonian Prime
  Minister Ana Ruiz") or an appositive ("Ana Ruiz, the Freedonian prime minister"); ties
  of the same document first, else the only person tied to it in all documents, else the
  role is an actor of its own;
- anything else (an organisation, a group): its normalised words.
Nothing compares all pairs: persons are indexed by surname, ties by office word.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer._schema import Source, StructuredSummary
from summarizer.compare._words import same_word, stems, word_set, words

OFFICES = word_set(
    "president premier minister mayor governor chancellor senator secretary chairman "
    "chairwoman chair spokesman spokeswoman spokesperson ambassador commissioner director "
    "chief leader speaker king queen judge general ceo mp envoy councillor councilor "
    "lawmaker legislator treasurer attorney"
)
_TITLES = OFFICES | word_set(
    "prime vice deputy foreign finance defence defense interior home acting former first "
    "state mr mrs ms dr prof sir dame lord lady rep sen gen col lt maj capt executive "
    "opposition party the"
)
ORGANISATIONS = word_set(
    "ministry government party union council committee guild framework bank agency army "
    "forces court parliament assembly company corporation association federation league "
    "office department police coalition alliance movement front group board authority "
    "commission senate congress cabinet administration organization organisation "
    "institute university network fund club church bloc"
)
# Actor types that never name one person ("government" may be a minister; "military" a general).
GROUP_TYPES = word_set(
    "state political_party legislature armed_group international_organization company "
    "civil_society media"
)
_ARTICLES = word_set("the a an")
# A name's word: capitalised, or a lower-case particle ("al-Sudani", "bin", "van", "de").
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’.-]*|(?:al|el|ad|bin|ibn|abu|de|del|da|di|du|van|von|der|le|la)"
    r"(?:[-’'][A-Z][\w'’.-]*)?)$"
)
# Bounded words, starting at a word's start: a document of 100,000 capitals would otherwise
# be tried from each of them to its end (quadratic).
_NAME_PART = r"(?:[a-z]{1,3}[-’'])?[A-Z][\w'’-]{0,40}"  # "al-Qaddo" too
_NAME = rf"(?<![\w'’-])(?:{_NAME_PART}[ \t]{{1,3}}){{0,3}}{_NAME_PART}"
_ROLE = r"[^\W\d][^,.;:()\n]{2,60}?"
_APPOSITIVES = (
    re.compile(rf"(?P<name>{_NAME}),\s+(?:the|a|an)\s+(?P<role>{_ROLE})(?=[,.;:)]|$)"),
    re.compile(rf"\b[Tt]he\s+(?P<role>{_ROLE}),\s+(?P<name>{_NAME})\b"),
)


@dataclass(frozen=True)
class Parsed:
    """One way of naming an actor. KIND is person, single, role or group."""

    kind: str
    surface: str
    name: tuple[str, ...] = ()  # person and single: the name as written, no title
    role: tuple[str, ...] = ()  # role: the role's stems; person: its title's stems


def parse_actor(surface: str, actor_type: str | None = None) -> Parsed:
    tokens = surface.split()
    if tokens and tokens[0].lower() in _ARTICLES:
        return _group(surface, tokens[1:]) if _all_names(tokens[1:]) else _phrase(surface)
    if not tokens or not _NAME_WORD.match(tokens[0]):
        return _phrase(surface)
    # One word is read as a surname whatever the type: engines guess "state" for "Brevik".
    if (actor_type in GROUP_TYPES and len(tokens) > 1) or _is_group(tokens):
        return _group(surface, tokens) if _all_names(tokens) else _phrase(surface)
    title_end = _title_end(tokens)
    name = tuple(t.rstrip(",") for t in tokens[title_end:])
    if not _all_names(list(name)):
        return _phrase(surface)
    role = tuple(stems(" ".join(tokens[:title_end])))
    return Parsed("person" if len(name) > 1 else "single", surface, name, role)


def _all_names(tokens: list[str]) -> bool:
    return bool(tokens) and all(_NAME_WORD.match(token) for token in tokens)


def _group(surface: str, name: list[str]) -> Parsed:
    """A named group ("the United States", "Transport Union"): NAME is kept so that a bare
    "United States" some document took for a person's name is found as the same actor."""
    return Parsed("group", surface, tuple(name), tuple(stems(surface)))


def _is_group(tokens: list[str]) -> bool:
    return any(word in ORGANISATIONS for word in words(" ".join(tokens[-2:])))


def _title_end(tokens: list[str]) -> int:
    """How many leading tokens are a title: up to the last title word that only name
    words follow ("Freedonian Prime Minister Ana Ruiz" -> 3)."""
    end = 0
    for index, token in enumerate(tokens[:-1]):
        if token.lower().strip(".,") in _TITLES:
            end = index + 1
    return end


def _phrase(surface: str) -> Parsed:
    found = stems(surface)
    kind = "role" if any(word in OFFICES for word in words(surface)) else "group"
    return Parsed(kind, surface, role=tuple(found))


def surname(name: tuple[str, ...]) -> str:
    last = words(name[-1])[-1] if words(name[-1]) else name[-1].lower()
    return re.sub(r"^(?:al|el|al-|el-)[-’']?(?=\w{3})", "", last)


@dataclass(frozen=True)
class Tie:
    """A document says that ROLE (stems) is PERSON (a full name's key)."""

    role: tuple[str, ...]
    person: str


@dataclass
class Registry:
    """Every person named in full, and every role-to-person tie, across the documents."""

    persons: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    display: dict[str, str] = field(default_factory=dict)
    # An ordered set per office word: a tie a hundred documents repeat is kept once.
    ties_by_office: dict[str, dict[Tie, None]] = field(default_factory=lambda: defaultdict(dict))

    def add_person(self, name: tuple[str, ...]) -> str:
        """The key of the person NAME names, registered on first sight."""
        first, last = words(name[0])[0] if words(name[0]) else name[0].lower(), surname(name)
        group = self.persons[last]
        key = group.get(first) or self._by_initial(group, first) or f"person:{first} {last}"
        group.setdefault(first, key)
        self.display.setdefault(key, " ".join(name))
        return key

    @staticmethod
    def _by_initial(group: dict[str, str], first: str) -> str | None:
        if len(first) != 1:
            return None
        keys = {key for name, key in group.items() if name.startswith(first)}
        return keys.pop() if len(keys) == 1 else None

    def add_tie(self, role: Iterable[str], person: str) -> Tie | None:
        role = tuple(role)
        offices = [word for word in role if word in OFFICES]
        if not offices:
            return None
        tie = Tie(role, person)
        for office in offices:
            self.ties_by_office[office].setdefault(tie, None)
        return tie

    def ties_for(self, role: tuple[str, ...]) -> dict[Tie, None]:
        """The ties that may match ROLE: those of its rarest office word (a match holds
        every office word of the role)."""
        lists: list[dict[Tie, None]] = [
            self.ties_by_office.get(word, {}) for word in role if word in OFFICES
        ]
        return min(lists, key=len) if lists else {}

    def known_person(self, name: tuple[str, ...]) -> str | None:
        """The key of the person NAME names, if a document named them (not registered)."""
        first = words(name[0])[0] if words(name[0]) else name[0].lower()
        return self.persons.get(surname(name), {}).get(first)

    def only_person(self, last: str) -> str | None:
        keys = set(self.persons.get(last, {}).values())
        return keys.pop() if len(keys) == 1 else None


def role_matches(phrase: tuple[str, ...], tie: Tie) -> bool:
    """Every word of the role phrase is a word of the tie's role (or affiliation)."""
    return all(any(same_word(word, other) for other in tie.role) for word in phrase)


def persons_for_role(phrase: tuple[str, ...], ties: Iterable[Tie]) -> set[str]:
    return {tie.person for tie in ties if role_matches(phrase, tie)}


def source_ties(source: Source) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(name, role stems) when SOURCE is a named person with a role."""
    parsed = parse_actor(source.name)
    if parsed.kind != "person" or not source.role:
        return None
    role = stems(f"{source.role} {source.affiliation or ''}")
    return parsed.name, (*parsed.role, *role)


def appositive_ties(text: str) -> Iterable[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(name, role stems) of "Ana Ruiz, the Freedonian prime minister" and of
    "the Freedonian prime minister, Ana Ruiz" in TEXT."""
    for pattern in _APPOSITIVES:
        for found in pattern.finditer(text):
            parsed = parse_actor(found["name"])
            if parsed.kind == "person" and not parsed.role:
                yield parsed.name, tuple(stems(found["role"]))


def texts_to_scan(summary: StructuredSummary, text: str | None) -> list[str]:
    """Where appositives are looked for: the document, else the quotes the summary holds."""
    if text is not None:
        return [text]
    return [e.quote for _, _, item in summary.items() for e in item.all_evidence()]
