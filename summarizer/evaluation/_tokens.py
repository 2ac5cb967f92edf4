"""Tokens with character offsets, token Dice and fuzzy name matching.

A token is a run of word characters (``\\w+``, Unicode-aware: letters, digits and ``_`` of
any script). A span's tokens are the tokens of the document whose whole character range
lies inside the span; a discontinuous span (several segments) has the union of its
segments' tokens. Token Dice of two spans is ``2 |A & B| / (|A| + |B|)`` over token
positions, so two spans only agree where they cover the same words of the document.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence

Span = tuple[int, int]
Spans = tuple[Span, ...]
TokenSet = frozenset[int]

MATCH_THRESHOLD = 0.5
NAME_THRESHOLD = 0.8
_WORD = re.compile(r"\w+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


class TokenIndex:
    """The word tokens of one document, for turning char spans into token positions."""

    def __init__(self, document: str) -> None:
        words = list(_WORD.finditer(document))
        self._starts = [word.start() for word in words]
        self._ends = [word.end() for word in words]

    def __len__(self) -> int:
        return len(self._starts)

    def tokens(self, spans: Iterable[Span]) -> TokenSet:
        """Positions of the tokens lying wholly inside any of SPANS."""
        found: set[int] = set()
        for start, end in spans:
            position = bisect_left(self._starts, start)
            while position < len(self._starts) and self._ends[position] <= end:
                found.add(position)
                position += 1
        return frozenset(found)


def dice(first: TokenSet, second: TokenSet) -> float:
    """Token Dice of two token-position sets; 0.0 when both are empty."""
    total = len(first) + len(second)
    return 2 * len(first & second) / total if total else 0.0


def best_dice(predicted: Sequence[TokenSet], gold: Sequence[TokenSet]) -> float:
    """The highest Dice over every (predicted, gold) pair; 0.0 when either side is empty."""
    return max((dice(p, g) for p in predicted for g in gold), default=0.0)


def span_dice(document: str, first: Iterable[Span], second: Iterable[Span]) -> float:
    """Token Dice of two (possibly discontinuous) character spans of DOCUMENT."""
    index = TokenIndex(document)
    return dice(index.tokens(first), index.tokens(second))


def text_dice(first: str, second: str) -> float:
    """Dice of the case-folded token multisets of two strings (for names vs span texts)."""
    a, b = _word_counts(first), _word_counts(second)
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 0.0


def _word_counts(text: str) -> Counter[str]:
    return Counter(word.casefold() for word in _WORD.findall(text))


def normalize_name(name: str) -> str:
    """NFKC, case-folded, straight apostrophes, single spaces."""
    folded = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold()
    return " ".join(folded.split())


def name_ratio(first: str, second: str) -> float:
    """difflib's SequenceMatcher ratio of the two normalised names (1.0 = identical)."""
    return difflib.SequenceMatcher(None, normalize_name(first), normalize_name(second)).ratio()


def names_match(name: str, candidates: Iterable[str], threshold: float = NAME_THRESHOLD) -> bool:
    """True when NAME matches any candidate (a gold name or alias) with ratio >= THRESHOLD."""
    return any(name_ratio(name, candidate) >= threshold for candidate in candidates)
