"""Key facts: sentences carrying a figure ("approximately 2,400 military personnel") or a
year. Figures with a unit or quantity come first, then years, each in document order.

A key fact is the writer's assertion: a figure inside a source's statement ('the mayor said
the pier cost ...') or after a verb of belief ('traders fear 300 boats ...') is a claim,
not a fact."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence

from summarizer._engines._extractive._build import LIMITS, evidence_list, key_of, make, unique
from summarizer._engines._extractive._regex import word_regex
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
    will would could may might can should has have had be been
    """
)
_MIN_WORDS = 5
# Verbs that make what follows someone's belief or claim rather than the writer's fact
_BELIEF = word_regex(
    r"\b(?:fear(?:s|ed)?|worr(?:y|ies|ied)|claim(?:s|ed)?|alleg(?:e|es|ed)|believe(?:s|d)?|"
    r"suspect(?:s|ed)?|predict(?:s|ed)?|expect(?:s|ed)?|warn(?:s|ed)?)\b",
    re.IGNORECASE,
)


class _Claimed:
    """Whether an offset lies in a source's statement (merged spans, found by bisection)."""

    def __init__(self, spans: Iterable[Span]) -> None:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        self._starts = [start for start, _ in merged]
        self._ends = [end for _, end in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self._starts, offset) - 1
        return index >= 0 and offset < self._ends[index]


def key_facts(
    document: str, sentence_list: Sequence[Sentence], statements: Iterable[Span] = ()
) -> list[KeyFact]:
    """Facts from sentences with figures, then from sentences with years; none from
    STATEMENTS (what sources said) or from a belief ('fear', 'claim') before the figure."""
    claimed = _Claimed(statements)
    figures: list[tuple[Span, str]] = []
    years: list[tuple[Span, str]] = []
    for sentence in sentence_list:
        if _DIGIT.search(document, sentence.start, sentence.end) is None:
            continue
        span = strip_clause(document, sentence.start, sentence.end)
        text = document[span[0] : span[1]]
        if len(text.split()) < _MIN_WORDS:
            continue
        value = _value(text)
        if value is None or _is_claim(text, value[1], span[0] + value[1] in claimed):
            continue
        (figures if value[2] else years).append((span, value[0]))
        if len(figures) == LIMITS["key_facts"]:
            break  # enough figures: later ones and every year would be cut below
    chosen = sorted([*figures, *years][: LIMITS["key_facts"]], key=lambda item: item[0])
    facts = [_fact(document, span, value) for span, value in chosen]
    return unique(
        [f for f in facts if f is not None], lambda f: key_of(f.fact), LIMITS["key_facts"]
    )


def _value(text: str) -> tuple[str, int, bool] | None:
    """TEXT's figure, else its year: (as written, offset, whether it is a figure)."""
    figure = _figure(text)
    if figure is not None:
        return figure[0], figure[1], True
    year = _YEAR.search(text)
    return None if year is None else (year.group(), year.start(), False)


def _is_claim(text: str, offset: int, in_statement: bool) -> bool:
    """Whether the value at OFFSET of TEXT is a source's statement or belief."""
    return in_statement or _BELIEF.search(text, 0, offset) is not None


def _figure(text: str) -> tuple[str, int] | None:
    """The first figure with a unit, as written, and its offset in TEXT: '2,400 military
    personnel', '51 percent'."""
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
        return " ".join(kept)[:MAX_VALUE], match.start()
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
