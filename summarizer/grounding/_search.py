"""Normalised search and elided quotes ("a ... b"), in normalised-text coordinates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

from summarizer.grounding._fuzzy import TokenIndex
from summarizer.grounding._normalize import NormalizedText, light_form, normalize

_ELLIPSIS = re.compile(r"[\[(]?\s*(?:\u2026|\.(?: ?\.){2})\s*[\])]?")
_MAX_OCCURRENCES = 1000  # occurrences inspected per needle before settling for the first
_MAX_CLOSEST_CANDIDATES = 8  # whole-word occurrences compared with the quote's own form
_MAX_CHAIN_STARTS = 50  # occurrences of an elided quote's first piece tried as its start
_MIN_ELISION_GAP = 250  # normalised chars allowed between pieces, at least...
_ELISION_GAP_FACTOR = 2  # ...or this many times the quoted text


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # normalised char offsets
    end: int
    fuzzy: bool
    score: float


def split_elisions(quote: str) -> list[str] | None:
    """Normalised pieces of a quote that contains an ellipsis, else None."""
    if _ELLIPSIS.search(quote) is None:
        return None
    return [piece for piece in map(normalize, _ELLIPSIS.split(quote)) if piece]


def find_normalized(
    text: NormalizedText, needle: str, lo: int = 0, hi: int | None = None, *, last: bool = False
) -> Hit | None:
    """First (or LAST) occurrence of NEEDLE in TEXT[lo:hi] on unit boundaries.

    Whole-word occurrences are preferred, which keeps "win" from landing inside "twins";
    unspaced scripts have no word boundaries, so there any unit-aligned occurrence counts.
    """
    best: Hit | None = None
    best_bounded = False
    for hit, bounded in _aligned_hits(text, needle, lo, hi):
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
    candidates = (hit for hit, bounded in _aligned_hits(text, needle, first.start) if bounded)
    for hit in islice(candidates, _MAX_CLOSEST_CANDIDATES):
        if light_form(text.original[slice(*text.original_span(hit.start, hit.end))]) == wanted:
            return hit
    return first


def _aligned_hits(
    text: NormalizedText, needle: str, lo: int = 0, hi: int | None = None
) -> Iterator[tuple[Hit, bool]]:
    """Occurrences on unit boundaries, each with whether it is whole-word."""
    for start in _occurrences(text.text, needle, lo, len(text.text) if hi is None else hi):
        end = start + len(needle)
        if text.unit_start(start) and text.unit_start(end):
            yield Hit(start, end, fuzzy=False, score=1.0), _word_bounded(text.text, start, end)


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


def find_elided(text: NormalizedText, tokens: TokenIndex, pieces: list[str]) -> list[Hit] | None:
    """Hits for all PIECES in order, each starting soon after the previous one ends."""
    max_gap = max(_MIN_ELISION_GAP, _ELISION_GAP_FACTOR * sum(map(len, pieces)))
    for first in _first_piece_hits(text, tokens, pieces[0]):
        chain = [first]
        for piece in pieces[1:]:
            hit = find_piece(
                text, tokens, piece, chain[-1].end, chain[-1].end + max_gap + len(piece)
            )
            if hit is None:
                break
            chain.append(hit)
        else:
            return _tighten(text, pieces, chain)
    return None


def _tighten(text: NormalizedText, pieces: list[str], chain: list[Hit]) -> list[Hit]:
    """Move each piece to its last occurrence before the next piece: the shortest span."""
    for index in range(len(chain) - 2, -1, -1):
        if not chain[index].fuzzy:
            later = find_normalized(
                text, pieces[index], chain[index].start, chain[index + 1].start, last=True
            )
            chain[index] = later or chain[index]
    return chain


def _first_piece_hits(text: NormalizedText, tokens: TokenIndex, piece: str) -> Iterator[Hit]:
    lo, found = 0, False
    for _ in range(_MAX_CHAIN_STARTS):
        hit = find_normalized(text, piece, lo)
        if hit is None:
            break
        found = True
        yield hit
        lo = hit.start + 1
    if not found:
        fuzzy = tokens.find(piece)
        if fuzzy is not None:
            yield Hit(fuzzy.start, fuzzy.end, fuzzy=True, score=fuzzy.score)
