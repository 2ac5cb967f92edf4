"""Alignment of quotes to a document: the statuses are described in the package docstring."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from summarizer.grounding._elision import Gaps, find_elided, paragraph_breaks, split_elisions
from summarizer.grounding._fuzzy import TokenIndex
from summarizer.grounding._normalize import NormalizedText, normalize, widen_to_quote_edges
from summarizer.grounding._search import Hit, find_closest, find_piece

MatchStatus = Literal["exact", "normalized", "fuzzy", "unmatched"]

_FUZZY_SCORE_CAP = 0.99  # a fuzzy match never scores like a verbatim one


@dataclass(frozen=True, slots=True)
class Alignment:
    """Where a quote sits in the original document; start/end are None when unmatched."""

    start: int | None  # str index into the ORIGINAL document: document[start:end]
    end: int | None
    status: MatchStatus
    score: float  # 0..1: 1.0 for exact and normalized, the alignment score for fuzzy

    @property
    def matched(self) -> bool:
        return self.status != "unmatched"


_UNMATCHED = Alignment(None, None, "unmatched", 0.0)


class _Document:
    """A document with its normalised text and token index, each built on first need."""

    def __init__(self, document: str) -> None:
        self.original = document
        self._text: NormalizedText | None = None
        self._tokens: TokenIndex | None = None
        self._breaks: array[int] | None = None

    @property
    def text(self) -> NormalizedText:
        if self._text is None:
            self._text = NormalizedText(self.original)
        return self._text

    @property
    def tokens(self) -> TokenIndex:
        if self._tokens is None:
            self._tokens = TokenIndex(self.text.text)
        return self._tokens

    @property
    def paragraph_breaks(self) -> array[int]:
        if self._breaks is None:
            self._breaks = paragraph_breaks(self.original)
        return self._breaks

    def align(self, quote: str) -> Alignment:
        return self.align_whole(quote) or self.align_approximately(quote)

    def align_whole(self, quote: str) -> Alignment | None:
        """Exact or whole-quote normalised alignment; None when pieces or fuzzy are needed."""
        if not quote:
            return _UNMATCHED
        position = self.original.find(quote)
        if position >= 0:
            return Alignment(position, position + len(quote), "exact", 1.0)
        needle = normalize(quote)
        if not needle:
            return _UNMATCHED
        hit = find_closest(self.text, needle, quote)
        return None if hit is None else self._alignment([hit], quote)

    def align_approximately(self, quote: str) -> Alignment:
        """Elided or fuzzy alignment of a quote that `align_whole` did not place."""
        pieces = split_elisions(quote)
        if pieces is None:
            return self._alignment(self._fuzzy(normalize(quote)), quote)
        if not pieces:  # only ellipses and characters normalisation drops ('…ᅡ')
            return self._alignment([], quote)
        if len(pieces) == 1:  # an ellipsis only at the start or end
            hit = find_piece(self.text, self.tokens, pieces[0])
            return self._alignment([] if hit is None else [hit], quote)
        gaps = Gaps(self.text, self.paragraph_breaks, pieces)
        return self._alignment(find_elided(self.text, self.tokens, pieces, gaps) or [], quote)

    def prepare_fuzzy(self, quotes: list[str]) -> None:
        """Index the fuzzy anchors of all QUOTES (and their elided pieces) in one pass."""
        needles = [normalize(quote) for quote in quotes]
        for quote in quotes:
            needles.extend(split_elisions(quote) or [])
        self.tokens.prepare(needles)

    def _fuzzy(self, needle: str) -> list[Hit]:
        hit = self.tokens.find(needle)
        return [] if hit is None else [Hit(hit.start, hit.end, fuzzy=True, score=hit.score)]

    def _alignment(self, hits: list[Hit], quote: str) -> Alignment:
        if not hits:
            return _UNMATCHED
        start, end = self.text.original_span(hits[0].start, hits[-1].end)
        start, end = widen_to_quote_edges(self.original, start, end, quote)
        if not any(hit.fuzzy for hit in hits):
            return Alignment(start, end, "normalized", 1.0)
        length = sum(hit.end - hit.start for hit in hits)
        score = sum(hit.score * (hit.end - hit.start) for hit in hits) / length
        return Alignment(start, end, "fuzzy", min(score, _FUZZY_SCORE_CAP))


def align(document: str, quote: str) -> Alignment:
    """Locate QUOTE in DOCUMENT (statuses and thresholds: the `summarizer.grounding` docstring)."""
    return _Document(document).align(quote)


def align_many(document: str, quotes: Sequence[str]) -> list[Alignment]:
    """`align` for every quote, indexing DOCUMENT once for all of them."""
    indexed = _Document(document)
    whole = [indexed.align_whole(quote) for quote in quotes]
    approximate = [quote for quote, found in zip(quotes, whole, strict=True) if found is None]
    if approximate:
        indexed.prepare_fuzzy(approximate)
    return [
        found or indexed.align_approximately(quote)
        for quote, found in zip(quotes, whole, strict=True)
    ]
