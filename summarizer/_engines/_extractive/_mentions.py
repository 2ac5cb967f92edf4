"""Names of people mentioned outside quotations: candidate antecedents for 'he' and 'she'.

A mention is a titled name ("Sen. Ted Cruz", "Mr. Obama") or two or more capitalised
words ("Hillary Clinton"). Sentence openers, places and institutions that look like
names are filtered by their first and last words; this is a fallback behind speakers
already attributed, so it may be rough.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Literal

from summarizer._engines._extractive._text import Span, word_set

Gender = Literal["m", "f"] | None

_WORD = r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*"
_TITLE = (
    r"(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm)\.|President|Senator|Governor"
    r"|Secretary|Minister|Mayor|Judge|Justice|Chairman|Chairwoman|Speaker|Ambassador"
)
_PERSON = re.compile(
    rf"\b(?:(?:{_TITLE}) (?:[A-Z]\. )?{_WORD}(?: {_WORD})?"
    rf"|{_WORD}(?: [A-Z]\.)? {_WORD}(?: {_WORD})?)\b"
)
_NOT_FIRST = word_set(
    """
    The A An In On At But And If When While After Before This That These Those It He She
    They We I His Her Their Our Its Democratic Republican Democrats Republicans United
    New White North South East West Supreme Federal National American Congress Senate
    House Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February
    March April May June July August September October November December As For With
    From By Of To Since During Under Over Among Many Some Most All Both Each Every
    Former Then Now Like Why What How Where Who Just Even Still Also So Yet Not No Yes
    Oh Well Mexican Iraqi
    """
)
_NOT_LAST = word_set(
    """
    Party Committee Department Ministry Council Framework Union Commission Agency Fund
    Bank Court Congress Senate House Center Centre Office Bureau Institute Foundation
    Association Organization University College School Street Avenue Times Post Journal
    News Network Group Campaign Administration Government Report Act Program Day Week
    States Kingdom Republic Coast Valley City County State Island Islands Sea River
    Street Airport Hospital Church Museum Review Magazine Forum Summit Conference
    Council League
    """
)
_NOT_FIRST_NAMES = word_set(
    """
    president senator governor secretary minister mayor judge justice chairman chairwoman
    speaker ambassador former retired rival democrat republican gop rep sen gov gen dr
    mr mrs ms miss candidate nominee general sheriff pope king queen prince
    """
)
_FEMALE = ("Mrs.", "Ms.", "Miss ", "Chairwoman", "Congresswoman", "Queen")
_MALE = ("Mr.", "Chairman", "Congressman", "King")


class PersonMentions:
    """Person-like names of the masked document, found on demand (pronouns are rare)."""

    def __init__(self, masked: str) -> None:
        self._masked = masked
        self._cache: dict[Span, list[Span]] = {}

    def between(self, start: int, end: int) -> list[Span]:
        found = self._cache.get((start, end))
        if found is None:
            found = [
                (m.start(), m.end())
                for m in _PERSON.finditer(self._masked, start, end)
                if _plausible(m.group())
            ]
            self._cache[(start, end)] = found
        return found


def _plausible(text: str) -> bool:
    words = text.split()
    return words[0] not in _NOT_FIRST and words[-1] not in _NOT_LAST


def full_names(masked: str, surnames: set[str]) -> dict[str, str]:
    """For each surname, the first-name form the text uses most often ('Sanders' ->
    'Bernie Sanders'); one scan for all of them. Titles and descriptors are no first names."""
    usable = sorted((s for s in surnames if s[:1].isupper() and s.isalpha()), key=len, reverse=True)
    if not usable:
        return {}
    pattern = re.compile(
        rf"\b({_WORD}(?: [A-Z]\.)?) (" + "|".join(re.escape(s) for s in usable) + r")\b"
    )
    counts: dict[str, Counter[str]] = {}
    for match in pattern.finditer(masked):
        first = match.group(1)
        if first.split()[0] in _NOT_FIRST or first.casefold() in _NOT_FIRST_NAMES:
            continue
        counts.setdefault(match.group(2), Counter())[f"{first} {match.group(2)}"] += 1
    return {surname: forms.most_common(1)[0][0] for surname, forms in counts.items()}


def gender_of(text: str) -> Gender:
    """'m' or 'f' when an honorific or a gendered title says so."""
    if text.startswith(_FEMALE) or any(
        f" {word}" in text for word in ("spokeswoman", "chairwoman")
    ):
        return "f"
    if text.startswith(_MALE) or any(f" {word}" in text for word in ("spokesman", "chairman")):
        return "m"
    return None


def pronoun_gender(pronoun: str) -> Gender:
    if pronoun == "he":
        return "m"
    return "f" if pronoun == "she" else None
