"""Normalised search (whole quotes and pieces), in normalised-text coordinates."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from summarizer.grounding._fuzzy import TokenIndex
from summarizer.grounding._normalize import NormalizedText, light_form

_MAX_OCCURRENCES = 1000  # occurrences inspected per needle before settling for the first
_MAX_CLOSEST_CANDIDATES = 8  # whole-word occurrences compared with the quote's own form


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # normalised char offsets
    end: int
    fuzzy: bool
    score: float


def find_normalized(
    text: NormalizedText, needle: str, lo: int = 0, hi: int | None = None, *, last: bool = False
) -> Hit | None:
    """First (or LAST) occurrence of NEEDLE in TEXT[lo:hi] on unit boundaries.

    Whole-word occurrences are preferred, which keeps "win" from landing inside "twins";
    unspaced scripts have no word boundaries, so there any unit-aligned occurrence counts.
    """
    best: Hit | None = None
    best_bounded = False
    for hit, bounded in aligned_hits(text, needle, lo, hi):
        if best is None or (bounded and not best_bounded) or (last and bounded == best_bounded):
            best, best_bounded = hit, bounded
        if bounded and not last:
            break
    return best


def find_closest(text: NormalizedText, needle: str, quote: str) -> Hit | None:
    """`find_normalized`, but among the first whole-word occurrences prefer one whose original
    text differs from QUOTE only in spacing, quote marks and dashes (same case and letters):
    "the nominee" should land on "the nominee", not on an earlier "The nominee"."""
    first = find_normalized(text, needle)
    if first is None:
        return None
    wanted = light_form(quote)
    candidates = (hit for hit, bounded in aligned_hits(text, needle, first.start) if bounded)
    for hit in islice(candidates, _MAX_CLOSEST_CANDIDATES):
        if light_form(text.original[slice(*text.original_span(hit.start, hit.end))]) == wanted:
            return hit
    return first


def aligned_hits(
    text: NormalizedText, needle: str, lo: int = 0, hi: int | None = None
) -> Iterator[tuple[Hit, bool]]:
    """Occurrences on unit boundaries, each with whether it is whole-word.

    An occurrence that cuts only edge punctuation off a unit grows over it (see
    `NormalizedText.whole_units`), as long as it stays inside [lo, hi).
    """
    hi = len(text.text) if hi is None else hi
    for found in _occurrences(text.text, needle, lo, hi):
        span = text.whole_units(found, found + len(needle))
        if span is not None and lo <= span[0] and span[1] <= hi:
            yield Hit(*span, fuzzy=False, score=1.0), _word_bounded(text.text, *span)


def _occurrences(haystack: str, needle: str, lo: int, hi: int) -> Iterator[int]:
    start = haystack.find(needle, lo, hi)
    for _ in range(_MAX_OCCURRENCES):
        if start < 0:
            return
        yield start
        start = haystack.find(needle, start + 1, hi)


def _word_bounded(text: str, start: int, end: int) -> bool:
    before_ok = start == 0 or not (text[start - 1].isalnum() and text[start].isalnum())
    after_ok = end == len(text) or not (text[end - 1].isalnum() and text[end].isalnum())
    return before_ok and after_ok


def find_piece(
    text: NormalizedText, tokens: TokenIndex, needle: str, lo: int = 0, hi: int | None = None
) -> Hit | None:
    """Normalised occurrence of NEEDLE in [lo, hi), else a fuzzy one."""
    hit = find_normalized(text, needle, lo, hi)
    if hit is not None:
        return hit
    fuzzy = tokens.find(needle, lo, hi)
    return None if fuzzy is None else Hit(fuzzy.start, fuzzy.end, fuzzy=True, score=fuzzy.score)
