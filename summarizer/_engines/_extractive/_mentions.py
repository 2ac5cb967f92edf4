"""Names of people mentioned outside quotations: candidate antecedents for 'he' and 'she'.

A mention is a titled name ("Sen. Ted Cruz", "Mr. Obama") or two or more capitalised
words ("Hillary Clinton"). Sentence openers, places and institutions that look like
names are filtered by their first and last words; this is a fallback behind speakers
already attributed, so it may be rough.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Literal

from summarizer._engines._extractive import _calendar as cal
from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._regex import word_regex
from summarizer._engines._extractive._text import Span, word_set

Gender = Literal["m", "f"] | None

_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:[-'’][A-Z]?[a-z]+)*"  # 'McConnell', 'O'Rourke'
# Titles written before a name with a dot: 'Sen. Ted Cruz', 'Mr. Obama'
_TITLE_ABBREVIATIONS = word_set("Mr Mrs Ms Dr Sen Rep Gov Gen Lt Col Sgt Capt Adm")
_TITLE = (
    r"(?:" + "|".join(sorted(_TITLE_ABBREVIATIONS)) + r")\.|President|Senator|Governor"
    r"|Secretary|Minister|Mayor|Judge|Justice|Chairman|Chairwoman|Speaker|Ambassador"
)
_PERSON = word_regex(
    rf"\b(?:(?:{_TITLE}) (?:[A-Z]\. )?{_WORD}(?: {_WORD})?"
    rf"|{_WORD}(?: [A-Z]\.)? {_WORD}(?: {_WORD})?)\b"
)
_NOT_FIRST = (
    word_set(
        """
    The A An In On At But And If When While After Before This That These Those It He She
    They We I His Her Their Our Its Democratic Republican Democrats Republicans United
    New White North South East West Supreme Federal National American Congress Senate
    House As For With From By Of To Since During Under Over Among Many Some Most All Both Each Every
    Former Then Now Like Why What How Where Who Just Even Still Also So Yet Not No Yes
    Oh Well Said Says Added Adds According Unlike Despite Amid Against
    Without Within Across Behind Following Including Beyond Toward Through Near Whether
    Although Though Unless Because Until Whereas Once Majority Minority Leader
    """
    )
    | cal.capitalised(cal.WEEKDAYS + cal.MONTHS)
    | frozenset(map(str.capitalize, lex.NATIONALITIES))
)
# Last words of places, institutions, outlets and roles, not of a person's name
_NOT_LAST = (
    word_set(
        """
    College School Street Avenue Report Act Program Day Week States Kingdom Republic Coast
    Valley City County State Island Islands Sea River Airport Hospital Church Museum Review
    Forum Summit Conference Director Executive Chief Spokesman Spokeswoman Manager
    """
    )
    | frozenset(word.capitalize() for word in lex.ORGANIZATION_WORDS | lex.OUTLET_WORDS)
    | cal.capitalised(cal.WEEKDAYS)
    | _TITLE_ABBREVIATIONS
)
_NOT_FIRST_NAMES = word_set(
    """
    president senator governor secretary minister mayor judge justice chairman chairwoman
    speaker ambassador former retired rival democrat republican gop rep sen gov gen dr
    mr mrs ms miss candidate nominee general sheriff pope king queen prince
    """
)
_PLACE_PREPOSITIONS = frozenset(["in", "at", "from", "near", "outside", "across"])
_NAME_JOINERS = frozenset(["of", "on", "for"])
_CAPITAL = re.compile(r"\b[A-Z]")  # where a full name may start
_FEMALE = ("Mrs.", "Ms.", "Miss ", "Chairwoman", "Congresswoman", "Queen")
_MALE = ("Mr.", "Chairman", "Congressman", "King")
_FEMALE_WORDS = (" spokeswoman", " chairwoman")  # inside a phrase, after a space
_MALE_WORDS = (" spokesman", " chairman")


class PersonMentions:
    """Person-like names of the masked document, found on demand (pronouns are rare)."""

    def __init__(self, masked: str) -> None:
        self._masked = masked

    def between(self, start: int, end: int) -> Iterator[Span]:
        """The names in [START, END), in order, found one by one as they are asked for."""
        return self._find(start, end)

    def _find(self, start: int, end: int) -> Iterator[Span]:
        position = start
        while match := _PERSON.search(self._masked, position, end):
            if _plausible(match.group()):
                if not self._after_place_preposition(match.start()):
                    yield match.span()
                position = match.end()
            else:  # 'House Speaker Paul Ryan': try again from the next word
                position = self._masked.find(" ", match.start(), match.end()) + 1 or match.end()

    def _after_place_preposition(self, start: int) -> bool:
        """'in Fort Pierce', 'from Kaneohe Bay': a place; 'Commission on Presidential
        Debates', 'Bank of America': the end of an institution's name."""
        if after_place_preposition(self._masked, start):
            return True
        before = self._masked[max(0, start - 40) : start].split()
        if len(before) < 2 or before[-1] not in _NAME_JOINERS:
            return False
        return before[-2][:1].isupper() and before[-2] not in _NOT_FIRST  # not 'But for X'


def after_place_preposition(text: str, start: int) -> bool:
    """Whether the name at START follows 'in', 'at', 'from' ...: 'in Fort Pierce' is a place."""
    before = text[max(0, start - 8) : start].split()
    return bool(before) and before[-1] in _PLACE_PREPOSITIONS


def _plausible(text: str) -> bool:
    """Filter by first and last word; an institution word anywhere ('Kent County
    Republican headquarters') makes a place or body, not a person."""
    words = text.split()
    return words[0] not in _NOT_FIRST and _NOT_LAST.isdisjoint(words)


def full_names(masked: str, surnames: set[str]) -> dict[str, str]:
    """For each surname, the first-name form the text uses most often ('Sanders' ->
    'Bernie Sanders'); one scan for all of them. Titles and descriptors are no first names."""
    usable = {s for s in surnames if s[:1].isupper() and s.isalpha()}
    if not usable:
        return {}
    counts: dict[str, Counter[str]] = {}
    for first, surname in _full_name_matches(masked, usable):
        if first.split()[0] in _NOT_FIRST or first.casefold() in _NOT_FIRST_NAMES:
            continue
        counts.setdefault(surname, Counter())[f"{first} {surname}"] += 1
    return {surname: forms.most_common(1)[0][0] for surname, forms in counts.items()}


# A first name (with an optional middle initial), a space and a word. The word is a whole
# run of word characters, so it is a surname exactly when the run is in the set; checking
# the set in Python spares compiling one alternation of this document's surnames.
_WITH_INITIAL = re.compile(rf"\b({_WORD} [A-Z]\.) (\w+)\b")
_WITHOUT_INITIAL = re.compile(rf"\b({_WORD}) (\w+)\b")


def _full_name_at(text: str, start: int, surnames: set[str]) -> re.Match[str] | None:
    """The first-name + surname match at START, preferring the one with a middle initial
    (as a regex would before backtracking)."""
    for pattern in (_WITH_INITIAL, _WITHOUT_INITIAL):
        match = pattern.match(text, start)
        if match is not None and match.group(2) in surnames:
            return match
    return None


def _full_name_matches(text: str, surnames: set[str]) -> Iterator[tuple[str, str]]:
    """(first name, surname) of every full-name match in TEXT, left to right, without overlaps.

    A match is a first name, a space and a surname; the first name holds at most one
    space ('George W. Bush'). So a match whose surname is at S starts after the second
    run of non-spaces before S, and no later than S: near each surname, in order, a
    match is tried where a capitalised word starts. Finding the surnames alone is
    much faster than trying at every word.
    """
    position = 0  # every match before it has been found
    for start in _after_space(text, surnames):
        if start < position:
            continue
        lo = max(position, _second_run_before(text, start))
        for capital in _CAPITAL.finditer(text, lo, start + 1):
            match = _full_name_at(text, capital.start(), surnames)
            if match is not None:
                yield match.group(1), match.group(2)
                position = match.end()
                break
        else:  # no match starts up to this surname
            position = start + 1


def _after_space(text: str, words: set[str]) -> list[int]:
    """Sorted start offsets of the WORDS where a space precedes them (str.find is fast)."""
    found: set[int] = set()
    for word in words:
        at = text.find(" " + word)
        while at != -1:
            found.add(at + 1)
            at = text.find(" " + word, at + 1)
    return sorted(found)


def _second_run_before(text: str, surname_start: int) -> int:
    """Where the second run of non-spaces before the space in front of SURNAME_START starts
    ('George' in 'George W. Bush'), or 0."""
    first = text.rfind(" ", 0, max(surname_start - 1, 0)) + 1
    return text.rfind(" ", 0, first - 1) + 1 if first else 0


def gender_of(text: str) -> Gender:
    """'m' or 'f' when an honorific or a gendered title says so."""
    if text.startswith(_FEMALE) or any(map(text.__contains__, _FEMALE_WORDS)):
        return "f"
    if text.startswith(_MALE) or any(map(text.__contains__, _MALE_WORDS)):
        return "m"
    return None


def pronoun_gender(pronoun: str) -> Gender:
    if pronoun == "he":
        return "m"
    return "f" if pronoun == "she" else None
