"""Contradictions, conservatively: two different actors taking opposite stances
(supports vs opposes) on issues that share most of their content words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer._engines._extractive._build import LIMITS, key_of, make, unique
from summarizer._engines._extractive._text import word_set
from summarizer._schema import Contradiction, Position

MAX_DESCRIPTION = 400
MIN_OVERLAP = 0.5
_WORD = re.compile(r"\w+")
_STOP = word_set(
    """
    the a an of to in on for and or with by from its their his her us
    """
)
_OPPOSITE = {("supports", "opposes"), ("opposes", "supports")}
_VERB = {"supports": "supports", "opposes": "opposes"}


def contradictions(items: Sequence[Position]) -> list[Contradiction]:
    found: list[Contradiction] = []
    for index, first in enumerate(items):
        for second in items[index + 1 :]:
            if _disagree(first, second):
                contradiction = _contradiction(first, second)
                if contradiction is not None:
                    found.append(contradiction)
    return unique(found, lambda c: key_of(c.description), LIMITS["contradictions"])


def _disagree(first: Position, second: Position) -> bool:
    if (first.stance, second.stance) not in _OPPOSITE:
        return False
    if key_of(first.actor) == key_of(second.actor):
        return False
    return _overlap(first.issue, second.issue) >= MIN_OVERLAP


def _overlap(first: str, second: str) -> float:
    a, b = _content_words(first), _content_words(second)
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _content_words(text: str) -> set[str]:
    return {w for w in (m.group().casefold() for m in _WORD.finditer(text)) if w not in _STOP}


def _contradiction(first: Position, second: Position) -> Contradiction | None:
    evidence = [first.evidence[0], second.evidence[0]]
    if (evidence[0].start, evidence[0].end) == (evidence[1].start, evidence[1].end):
        return None
    description = (
        f"{first.actor} {_VERB[first.stance]} {first.issue}, while {second.actor} "
        f"{_VERB[second.stance]} {second.issue}"
    )
    if len(description) > MAX_DESCRIPTION:
        description = description[: MAX_DESCRIPTION - 1].rsplit(" ", 1)[0] + "…"
    return make(
        Contradiction,
        description=description,
        parties=[first.actor, second.actor],
        evidence=evidence,
    )
