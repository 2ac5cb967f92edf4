"""Key facts: sentences carrying a figure ("approximately 2,400 military personnel") or a
year. Figures with a unit or quantity come first, then years, each in document order."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from summarizer._engines._extractive._build import LIMITS, evidence_list, key_of, make, unique
from summarizer._engines._extractive._text import Sentence, Span, strip_clause, word_set
from summarizer._schema import KeyFact

MAX_FACT = 400
MAX_VALUE = 100
_QUALIFIERS = (
    "approximately", "about", "around", "nearly", "almost", "some", "more than", "less than",
    "over", "under", "up to", "at least",
)  # fmt: skip
_QUALIFIER = rf"(?:(?:{'|'.join(_QUALIFIERS)}) )?"
_NUMBER = r"\$?\d+(?:[.,]\d+)*"
_UNIT = (
    r"(?: ?%| percent| per cent| (?:million|billion|trillion|thousand|hundred)"
    r"(?: [a-z]+)?| [a-z]+(?: [a-z]+)?)"
)
_FIGURE = re.compile(rf"\b{_QUALIFIER}{_NUMBER}{_UNIT}", re.IGNORECASE)
# A figure's number opens with one of these, at most a qualifier and a space after the
# figure's start: searching for _FIGURE only that far before one skips most of a sentence.
_NUMBER_START = re.compile(r"[$\d]")
_QUALIFIER_REACH = max(len(qualifier) for qualifier in _QUALIFIERS) + 1
_YEAR = re.compile(r"\b(?:in |since |by |until )?(?:19|20)\d\d\b")
_DIGIT = re.compile(r"\d")
_BARE_YEAR = re.compile(r"(?:19|20)\d\d")
_NOT_A_UNIT = word_set(
    """
    a an the and or of to in on at for by with from p a.m was were is are who which that
    """
)
_MIN_WORDS = 5


def key_facts(document: str, sentence_list: Sequence[Sentence]) -> list[KeyFact]:
    """Facts from sentences with figures, then from sentences with years."""
    figures: list[tuple[Span, str]] = []
    years: list[tuple[Span, str]] = []
    for sentence in sentence_list:
        if _DIGIT.search(document, sentence.start, sentence.end) is None:
            continue
        span = strip_clause(document, sentence.start, sentence.end)
        text = document[span[0] : span[1]]
        if len(text.split()) < _MIN_WORDS:
            continue
        figure = _figure(text)
        if figure:
            figures.append((span, figure))
            if len(figures) == LIMITS["key_facts"]:
                break  # enough figures: later ones and every year would be cut below
        elif (year := _YEAR.search(text)) is not None:
            years.append((span, year.group()))
    chosen = sorted([*figures, *years][: LIMITS["key_facts"]], key=lambda item: item[0])
    facts = [_fact(document, span, value) for span, value in chosen]
    return unique(
        [f for f in facts if f is not None], lambda f: key_of(f.fact), LIMITS["key_facts"]
    )


def _figure(text: str) -> str | None:
    """The first figure with a unit, as written: '2,400 military personnel', '51 percent'."""
    for match in _figure_matches(text):
        words = match.group().split()
        number = next(i for i, word in enumerate(words) if any(ch.isdigit() for ch in word))
        kept = words[: number + 1]
        for word in words[number + 1 :]:
            if word.casefold() in _NOT_A_UNIT:
                break
            kept.append(word)
        if len(kept) == number + 1 and not kept[-1].endswith("%"):
            continue  # a bare number is not a figure with a unit
        if _BARE_YEAR.fullmatch(words[number]):
            continue
        return " ".join(kept)[:MAX_VALUE]
    return None


def _figure_matches(text: str) -> Iterator[re.Match[str]]:
    """The matches of `_FIGURE.finditer(text)`, found faster: no figure starts more than
    `_QUALIFIER_REACH` characters before the next '$' or digit, so each search starts
    there instead of running the (case-insensitive) pattern over all the words before."""
    position = 0
    while (number := _NUMBER_START.search(text, position)) is not None:
        match = _FIGURE.search(text, max(position, number.start() - _QUALIFIER_REACH))
        if match is None:
            return
        yield match
        position = match.end()


def _fact(document: str, span: Span, value: str) -> KeyFact | None:
    text = " ".join(document[span[0] : span[1]].split())
    if len(text) > MAX_FACT:
        text = text[: MAX_FACT - 1].rsplit(" ", 1)[0] + "…"
    return make(KeyFact, fact=text, value=value, evidence=evidence_list(document, [span], 1))
