"""Turn the noun phrase of a speaker into a name, role, affiliation and kind.

"Waad al-Qaddo, a Coordination Framework MP" -> name "Waad al-Qaddo", role
"Coordination Framework MP"; "Prime Minister Mohammed Shia' al-Sudani" -> role "Prime
Minister"; "an unnamed Iraqi official" -> anonymous; "The Washington Post" -> media_outlet.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from summarizer._engines._extractive import _calendar as cal
from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._mentions import Gender, gender_of
from summarizer._engines._extractive._text import word_set

Kind = Literal[
    "named_person", "anonymous", "organization", "media_outlet", "document", "official_statement"
]
Reference = Literal["name", "pronoun", "definite", "indefinite"]

_TOKEN = re.compile(r"[^\s,]+")
_PARENTHETICAL = re.compile(r"\s*\(([^()]{1,40})(?:\)|$)")
_PARTY_TAG = re.compile(r"^[DRI]-[A-Z][A-Za-z.]*\.?$")
_DETERMINERS = frozenset(
    ["a", "an", "the", "his", "her", "its", "their", "our", "this", "that", "these", "those"]
)
_PARTICLES = word_set(
    """
    al al- el bin ibn abu de da del della der van von la le du di y
    """
)
_MAX_NAME_WORDS = 12
_NAME_SUFFIXES = frozenset(["jr.", "jr", "sr.", "sr", "ii", "iii", "iv"])
_MAX_PLACE_WORDS = 3
_POSTMODIFIERS = frozenset(
    ["familiar", "close", "with", "of", "from", "in", "at", "for", "who", "on", "to", "by"]
)
# A noun phrase never ends in these; a phrase that does was cut mid-clause
# ('Quinnipiac University poll released in', 'They went with the former with').
_DANGLING_ENDS = word_set(
    """
    a an the of in on at by for with to from and or but that which who than as only
    """
)
# Finite auxiliaries and modals make a clause of the phrase ('It was', 'Republicans had only').
_FINITE_WORDS = lex.FINITE_AUXILIARIES | word_set(
    """
    am been isn't aren't wasn't weren't hasn't haven't hadn't shall didn't doesn't don't
    won't wouldn't can't couldn't shouldn't mustn't did does do
    """
)
_LEADING_ADVERBS = word_set("even also then only just still now")
_POSSESSIVE_ENDS = ("'s", "’s")
# A phrase opening with these is a prepositional phrase ('Unlike Patriot') or a negation, not a
# speaker.
_PREPOSITION_STARTS = word_set("in on at of for unlike like with from by about during despite not")
_OBJECT_PRONOUNS = word_set("her his its their him them me us")
# 'Jan. 1' of 'since Jan. 1, 2015, shows': a date is nobody
_DATE_WORDS = lex.TIME_NOUNS | {abbreviation + "." for abbreviation in cal.MONTH_ABBREVIATIONS}
_PRONOUNS = lex.PRONOUNS_SINGULAR | lex.PRONOUNS_PLURAL | lex.PRONOUNS_NEUTER
_TITLES = frozenset(lex.TITLES)  # lex.TITLES is ordered for matching; this is for lookups


@dataclass(frozen=True)
class Mention:
    """A speaker as one passage refers to it."""

    name: str
    kind: Kind
    reference: Reference
    role: str | None = None
    affiliation: str | None = None
    plural: bool = False
    gender: Gender = None

    @property
    def head(self) -> str:
        """The head noun, lower-cased: 'source' in 'the source', 'senator' in 'the senator'."""
        words = self.name.split()
        return _head(words) if words else ""


@lru_cache(maxsize=2048)
def parse_speaker(core: str, appositive: str | None = None) -> Mention | None:
    """A Mention for the phrase CORE (and its appositive), or None if it names nobody."""
    core = _clean(core)
    appositive = _clean(appositive) if appositive else None
    if not core or not any(ch.isalpha() for ch in core):
        return None
    lowered = core.casefold()
    if lowered in _PRONOUNS:
        return Mention(lowered, "anonymous", "pronoun", plural=lowered in lex.PRONOUNS_PLURAL)
    if lowered in lex.FIRST_PERSON or lowered in lex.RELATIVE:
        return None
    if appositive and _looks_like_name(appositive) and not _looks_like_name(core):
        core, appositive = appositive, core
    core, affiliation = _split_affiliation(core)
    if appositive and _PARTY_TAG.match(appositive):
        affiliation, appositive = affiliation or appositive, None
    if len(core.split()) > _MAX_NAME_WORDS or not _noun_phrase(core):
        return None
    mention = _classified(core, appositive, affiliation)
    return mention if _noun_phrase(mention.name) else None


def _noun_phrase(core: str) -> bool:
    """Whether CORE can be a speaker's noun phrase rather than a piece of a clause, a
    modifier ('Republican' of 'Republican claims') or a possessive ('Oz's' of 'Oz's
    critics')."""
    words = [word.casefold().replace("’", "'") for word in core.split()]
    return (
        words[-1] not in _DANGLING_ENDS
        and words[0] not in _PREPOSITION_STARTS
        and not (len(words) == 1 and words[0] in _OBJECT_PRONOUNS)
        and _FINITE_WORDS.isdisjoint(words)
        and not words[-1].endswith(_POSSESSIVE_ENDS)
        and not (core[:1].isupper() and all(word in lex.DESCRIPTORS for word in words))
        and not _party_member(core, words)
        and not _date(words)
    )


def _party_member(core: str, words: list[str]) -> bool:
    """'The Republican', 'the Democrat': a party member, not a name ('the state' is a
    speaker)."""
    rest = core.split()[1:]
    return (
        words[0] == "the"
        and bool(rest)
        and all(word[:1].isupper() for word in rest)
        and all(word in lex.DESCRIPTORS for word in words[1:])
    )


def _date(words: list[str]) -> bool:
    """'Jan. 1', 'May 5 2016' ('May' alone may be Theresa May)."""
    numbers = [word.strip(",.").isdigit() for word in words]
    return any(numbers) and all(
        number or word in _DATE_WORDS for word, number in zip(words, numbers, strict=True)
    )


# A sentence end typed without its space: 'talks failed in Ostrava.Mayor Lena Ortiz said'
_JOINED_SENTENCE_END = re.compile(r"(?<=[a-z]{2}[.!?])[\"”’]?(?=[A-Z])")


def _clean(text: str) -> str:
    text = " ".join(text.replace("\x00", " ").split())
    text = text.strip(" ,;:-–—\"“”‘’'")
    text = _same_script_tail(_JOINED_SENTENCE_END.split(text)[-1])
    first, _, rest = text.partition(" ")
    # 'Even China', 'Then someone': a focusing adverb is no part of the speaker
    return rest if rest and first.casefold() in _LEADING_ADVERBS else text


def _same_script_tail(text: str) -> str:
    """The words of TEXT from its last change of script on: a name is written in one
    script, so in 'Мэр Lena Ortiz' the Cyrillic word is the sentence's, not hers."""
    words = text.split(" ")
    script = _script(words[-1])
    start = len(words)
    while start > 0 and _script(words[start - 1]) in (script, None):
        start -= 1
    return " ".join(words[start:])


def _script(word: str) -> str | None:
    """The script of WORD's first letter ('LATIN', 'CYRILLIC', 'ARABIC', ...), or None."""
    letter = next((ch for ch in word if ch.isalpha()), None)
    if letter is None:
        return None
    return "LATIN" if letter < "\u0250" else unicodedata.name(letter, "?").split()[0]


def _split_affiliation(core: str) -> tuple[str, str | None]:
    match = _PARENTHETICAL.search(core) if "(" in core else None  # most names have none
    if not match:
        return core, None
    return (core[: match.start()] + core[match.end() :]).strip(), match.group(1).strip()


def _classified(core: str, appositive: str | None, affiliation: str | None) -> Mention:
    full = f"{core} {appositive or ''}".casefold()
    words = core.split()
    head = _head(words)
    plural = " and " in f" {core.casefold()} " or (
        head.endswith("s") and head in lex.GENERIC_PEOPLE
    )
    role = _role_text(appositive)
    if any(map(full.__contains__, lex.ANONYMITY_CUES)):
        return Mention(
            _without_article(core), "anonymous", _reference(core), role, affiliation, plural
        )
    kind = _kind_of(words, head)
    if kind == "named_person":
        return _person(words, role, affiliation, gender_of(f"{core} {appositive or ''}"))
    reference = _reference(core)
    name = _without_lower_the(core) if kind == "media_outlet" else _without_article(core)
    return Mention(name, kind, reference, role, affiliation, plural)


def _head(words: list[str]) -> str:
    """The head noun: 'sources' in 'Sources familiar with ongoing deliberations'."""
    for index, word in enumerate(words[1:], 1):
        if word.casefold() in _POSTMODIFIERS:
            return _bare(words[index - 1])
    return _bare(words[-1])


def _kind_of(words: list[str], head: str) -> Kind:
    capitalized = [_bare(w) for w in words if _capitalized(w)]  # bare forms
    if not lex.OUTLET_WORDS.isdisjoint(capitalized) and _proper_phrase(words):
        return "media_outlet"
    if head in lex.STATEMENT_NOUNS:
        return "official_statement"
    if head in lex.DOCUMENT_NOUNS:
        return "document"
    if head in lex.ORGANIZATION_WORDS or not lex.ORGANIZATION_WORDS.isdisjoint(capitalized):
        return "organization"
    if head in lex.GENERIC_PEOPLE or not _capitalized(words[-1]):
        return "anonymous"
    return "named_person"


def _person(words: list[str], role: str | None, affiliation: str | None, gender: Gender) -> Mention:
    if " and " in f" {' '.join(words)} ":
        return _group(words, role, affiliation, gender)
    words = _without_place(words)
    start = len(words)
    while start > 0 and (_capitalized(words[start - 1]) or _bare(words[start - 1]) in _PARTICLES):
        start -= 1
    tail, prefix = words[start:], words[:start]
    title, tail = _peel_title(tail)
    if not tail:
        return Mention(" ".join(words), "anonymous", "definite", role, affiliation, gender=gender)
    prefix_words = [*prefix, *title]
    described = any(_bare(w) in lex.ROLE_WORDS or w.casefold() in _TITLES for w in prefix_words)
    prefix_text = _without_article(" ".join(prefix_words)) if described else ""
    role = role or prefix_text or None
    return Mention(" ".join(tail), "named_person", "name", role, affiliation, False, gender)


def _without_place(words: list[str]) -> list[str]:
    """'Charles B. Rangel of New York' -> 'Charles B. Rangel', 'Cameron Easley for Morning
    Consult' -> 'Cameron Easley': a name, then where the person is from or works (not
    'Secretary of State John Kerry', where 'of' is in the title)."""
    joiners = [i for i, word in enumerate(words) if word in ("of", "for")]
    if not joiners:
        return words
    index = joiners[-1]
    place, before = words[index + 1 :], words[:index]
    if not 1 <= len(place) <= _MAX_PLACE_WORDS or not all(map(_capitalized, place)):
        return words
    if len(before) < 2 or not _capitalized(before[-1]):
        return words
    if not (_capitalized(before[-2]) or _bare(before[-2]) in _PARTICLES):
        return words
    return (
        words if before[-1].casefold() in _TITLES or _bare(before[-1]) in lex.ROLE_WORDS else before
    )


def _group(words: list[str], role: str | None, affiliation: str | None, gender: Gender) -> Mention:
    """'Iraq and the US', 'Trump and Pence': several speakers under one name."""
    conjuncts = " ".join(words).split(" and ")
    people = all(len(part.split()) >= 2 for part in conjuncts)
    kind: Kind = "named_person" if people else "organization"
    name = _without_lower_the(" ".join(words))
    return Mention(name, kind, "name", role, affiliation, True, gender)


def _peel_title(tail: list[str]) -> tuple[list[str], list[str]]:
    """Titles, honorifics and descriptors before a name: (title words, name words).

    'Former Pennsylvania Gov. Ed Rendell' -> 'Former Pennsylvania Gov.', 'Ed Rendell':
    everything up to the last title counts as title.
    """
    last_title_end = 0
    index = 0
    while index < len(tail) - 1:
        length = _title_length(tail, index)
        if length:
            last_title_end = index + length
            index += length
        else:
            index += 1
    title, name = tail[:last_title_end], tail[last_title_end:]
    while len(name) > 1 and (
        name[0].casefold() in lex.HONORIFICS or _descriptor(name[0], len(name))
    ):
        if name[0].casefold() not in lex.HONORIFICS:
            title.append(name[0])
        name = name[1:]
    return title, name


def _descriptor(word: str, name_length: int) -> bool:
    """'Rival', 'Former', 'Republican' opening a capitalised run of three or more words."""
    lowered = word.casefold()
    return name_length >= 3 and (lowered in lex.DESCRIPTORS or lex.is_nationality(word))


def _title_length(tail: list[str], index: int) -> int:
    """How many words of TAIL from INDEX form a title followed by a name: 'King' in
    'King Abdullah', not in 'Martin Luther King Jr.'."""
    for parts in _TITLES_BY_FIRST.get(tail[index].casefold(), ()):
        candidate = [w.casefold() for w in tail[index : index + len(parts)]]
        rest = tail[index + len(parts) :]
        if candidate == list(parts) and any(w.casefold() not in _NAME_SUFFIXES for w in rest):
            return len(parts)
    return 0


def _titles_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for title in sorted(lex.TITLES, key=lambda t: -len(t.split())):
        parts = tuple(title.split())
        index.setdefault(parts[0], []).append(parts)
    return index


_TITLES_BY_FIRST = _titles_by_first_word()


def _role_text(appositive: str | None) -> str | None:
    if not appositive or appositive.casefold().startswith(("who ", "which ", "whose ")):
        return None
    return _without_article(appositive)[:200] or None


def _reference(core: str) -> Reference:
    """'the court' refers back (definite); 'the Supreme Court' is a name with an article."""
    words = core.split()
    first = words[0].casefold()
    if first == "the":
        return "indefinite" if _proper_phrase(words[1:]) else "definite"
    if first in {"this", "that", "these", "those"} and not _capitalized(words[0]):
        return "definite"
    return "indefinite"


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 5 and _proper_phrase(words) and words[0].casefold() not in _DETERMINERS


def _proper_phrase(words: list[str]) -> bool:
    return (
        bool(words)
        and all(_capitalized(w) or _bare(w) in _PARTICLES for w in words)
        and (any(_capitalized(w) for w in words))
    )


def _capitalized(word: str) -> bool:
    stripped = word.lstrip("\"“‘'(")
    if stripped[2:3] == "-" and stripped[:2].casefold() in ("al", "el"):
        stripped = stripped[3:]  # 'al-Qaddo'
    return stripped[:1].isupper()


def _bare(word: str) -> str:
    lowered = word.casefold().strip(".,\"“”‘’'()")
    return lowered[:-2] if lowered.endswith(("'s", "’s")) else lowered


def _without_article(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[0].casefold() in {"a", "an"}:
        words = words[1:]
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _without_lower_the(text: str) -> str:
    words = text.split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def looks_like_outlet(text: str) -> bool:
    """'The New Region', 'CNN', "MSNBC's Morning Joe": an addressee that relays a statement."""
    words = _clean(text).split()
    if not words or len(words) > 6 or not _proper_phrase(words):
        return False
    if any(_bare(w) in lex.OUTLET_WORDS for w in words):
        return True
    return words[0] == "The" and len(words) >= 2
