"""Key facts: sentences carrying a figure ("approximately 2,400 military personnel") or a
year. Figures with a unit or quantity come first, then years, each in document order."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer._engines._extractive._build import LIMITS, evidence_list, key_of, make, unique
from summarizer._engines._extractive._text import Sentence, Span, strip_clause, word_set
from summarizer._schema import KeyFact

MAX_FACT = 400
MAX_VALUE = 100
_QUALIFIER = r"(?:(?:approximately|about|around|nearly|almost|some|more than|less than|over|under|up to|at least) )?"  # noqa: E501
_NUMBER = r"\$?\d+(?:[.,]\d+)*"
_UNIT = (
    r"(?: ?%| percent| per cent| (?:million|billion|trillion|thousand|hundred)"
    r"(?: [a-z]+)?| [a-z]+(?: [a-z]+)?)"
)
_FIGURE = re.compile(rf"\b{_QUALIFIER}{_NUMBER}{_UNIT}", re.IGNORECASE)
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
        elif (year := _YEAR.search(text)) is not None:
            years.append((span, year.group()))
    chosen = sorted([*figures, *years][: LIMITS["key_facts"]], key=lambda item: item[0])
    facts = [_fact(document, span, value) for span, value in chosen]
    return unique(
        [f for f in facts if f is not None], lambda f: key_of(f.fact), LIMITS["key_facts"]
    )


def _figure(text: str) -> str | None:
    """The first figure with a unit, as written: '2,400 military personnel', '51 percent'."""
    for match in _FIGURE.finditer(text):
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


def _fact(document: str, span: Span, value: str) -> KeyFact | None:
    text = " ".join(document[span[0] : span[1]].split())
    if len(text) > MAX_FACT:
        text = text[: MAX_FACT - 1].rsplit(" ", 1)[0] + "…"
    return make(KeyFact, fact=text, value=value, evidence=evidence_list(document, [span], 1))
