"""Elided quotes ("a ... b"): every piece in order, the best chain over all occurrences.

A chain is the pieces found in order, each starting within a bounded gap after the previous
one ends (`Gaps`). The best status wins, wherever it is: a chain of normalised occurrences
anywhere in the document beats a chain that needs a fuzzy piece, even when the fuzzy one
comes first (a passage repeated with a changed word must not pull the quote onto the wrong
copy). Among chains of one status, the first wins: the one that ends first, from the
latest start that still reaches that end (the shortest span there).
"""

from __future__ import annotations

import bisect
import re
from array import array
from collections.abc import Iterator

from summarizer.grounding._fuzzy import MIN_FUZZY_WORDS, TokenIndex, tokenize, word_weight
from summarizer.grounding._normalize import NormalizedText, normalize
from summarizer.grounding._search import Hit, aligned_hits, find_normalized, find_piece

_ELLIPSIS = re.compile(r"[\[(]?\s*(?:\u2026|\.(?: ?\.){2})\s*[\])]?")

# News quotes a long statement over several short paragraphs (AP style: a quotation that
# runs on opens each paragraph with a quote mark and closes only at its end), and those
# paragraphs are one to three sentences long. A quotation rarely runs over more than four
# of them, so consecutive pieces of an elided quote may be at most three paragraph breaks
# apart; further apart they are two quotations, not one. (In the PolNeAR dev annotations,
# 7 of 2,322 attributed contents cross a paragraph break, none more than two.)
MAX_ELISION_BREAKS = 3
# In text without line breaks (flattened pages) no paragraph is seen, so the same idea is
# bounded in characters too: four long news paragraphs.
_MAX_ELISION_CHARS = 5000
# Any two pieces may be this close (normalised chars, or FACTOR x the quoted text), across
# any line breaks. Pieces under MIN_FUZZY_WORDS words ("He said ... no") match by chance
# across a document, so a gap next to one never grows beyond this.
_MIN_SHORT_GAP = 250
_SHORT_GAP_FACTOR = 2
_MAX_CHAIN_STARTS = 50  # occurrences of the first piece tried as the start of a fuzzy chain

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
_LINE_BREAK = re.compile(r"\n\s*")


def split_elisions(quote: str) -> list[str] | None:
    """Normalised pieces of a quote that contains an ellipsis, else None."""
    if _ELLIPSIS.search(quote) is None:
        return None
    return [piece for piece in map(normalize, _ELLIPSIS.split(quote)) if piece]


def paragraph_breaks(original: str) -> array[int]:
    """Original offsets of the paragraph breaks: blank lines, or every line break in a text
    that has no blank line at all (one paragraph per line)."""
    pattern = _BLANK_LINE if _BLANK_LINE.search(original) else _LINE_BREAK
    return array("q", (match.start() for match in pattern.finditer(original)))


class Gaps:
    """How far piece INDEX + 1 may start after piece INDEX ends (normalised offsets).

    A short window always (the quoted text's own length, at least _MIN_SHORT_GAP chars);
    beyond it, only between two pieces of MIN_FUZZY_WORDS+ words, up to MAX_ELISION_BREAKS
    paragraph breaks and _MAX_ELISION_CHARS chars.
    """

    def __init__(self, text: NormalizedText, breaks: array[int], pieces: list[str]) -> None:
        self._text = text
        self._breaks = breaks
        self._short = max(_MIN_SHORT_GAP, _SHORT_GAP_FACTOR * sum(map(len, pieces)))
        long = [word_weight(tokenize(piece)) >= MIN_FUZZY_WORDS for piece in pieces]
        self._long = [long[index] and long[index + 1] for index in range(len(pieces) - 1)]

    def allows(self, index: int, end: int, start: int) -> bool:
        """True if piece INDEX + 1 may start at START when piece INDEX ends at END."""
        if start - end <= self._short:
            return True
        if not self._long[index] or start - end > _MAX_ELISION_CHARS:
            return False
        return self._breaks_between(end, start) <= MAX_ELISION_BREAKS

    def window_end(self, index: int, end: int) -> int:
        """Normalised offset before which piece INDEX + 1 must start."""
        if not self._long[index]:
            return end + self._short
        limit = end + _MAX_ELISION_CHARS
        beyond = self._breaks_before(end) + MAX_ELISION_BREAKS  # the break it may not cross
        if beyond < len(self._breaks):
            limit = min(limit, self._text.folded_start(self._breaks[beyond]))
        return max(limit, end + self._short)

    def _breaks_between(self, end: int, start: int) -> int:
        return self._breaks_before(start) - self._breaks_before(end)

    def _breaks_before(self, index: int) -> int:
        """Paragraph breaks before normalised offset INDEX."""
        return bisect.bisect_left(self._breaks, self._text.original_start(index))


def find_elided(
    text: NormalizedText, tokens: TokenIndex, pieces: list[str], gaps: Gaps
) -> list[Hit] | None:
    """Hits for all PIECES in order: a normalised chain if there is one anywhere, else the
    first chain with fuzzy pieces."""
    for whole_words in (True, False):  # whole-word occurrences first ("win", not "twins")
        span = _normalized_chain(text, pieces, gaps, whole_words)
        if span is not None:
            return [Hit(span[0], span[1], fuzzy=False, score=1.0)]
    return _fuzzy_chain(text, tokens, pieces, gaps)


def _normalized_chain(
    text: NormalizedText, pieces: list[str], gaps: Gaps, whole_words: bool
) -> tuple[int, int] | None:
    """(start, end) of the chain that ends first, from its latest start, or None.

    One pass per piece over its occurrences (from the first place a chain can continue,
    at most `aligned_hits`' bound of them): an occurrence is reachable when the last
    reachable occurrence of the previous piece that ends before it is close enough (a
    farther one is never closer), and it inherits that one's start, the latest possible.
    """
    ends: list[int] = [0]
    starts: list[int] = []
    for index, piece in enumerate(pieces):
        hits = [
            hit for hit, bounded in aligned_hits(text, piece, ends[0]) if bounded or not whole_words
        ]
        if index == 0:
            ends, starts = [hit.end for hit in hits], [hit.start for hit in hits]
        else:
            ends, starts = _reachable(hits, ends, starts, gaps, index - 1)
        if not ends:
            return None
    return starts[0], ends[0]


def _reachable(
    hits: list[Hit], ends: list[int], starts: list[int], gaps: Gaps, index: int
) -> tuple[list[int], list[int]]:
    reached_ends: list[int] = []
    reached_starts: list[int] = []
    for hit in hits:
        before = bisect.bisect_right(ends, hit.start) - 1
        if before >= 0 and gaps.allows(index, ends[before], hit.start):
            reached_ends.append(hit.end)
            reached_starts.append(starts[before])
    return reached_ends, reached_starts


def _fuzzy_chain(
    text: NormalizedText, tokens: TokenIndex, pieces: list[str], gaps: Gaps
) -> list[Hit] | None:
    """The first chain (by its first piece) in which each piece is found normalised, else
    fuzzy, inside the window its gap allows: a bounded search per piece, never a rescan."""
    for first in _first_piece_hits(text, tokens, pieces[0]):
        chain = [first]
        for index, piece in enumerate(pieces[1:]):
            hi = gaps.window_end(index, chain[-1].end) + len(piece)
            hit = find_piece(text, tokens, piece, chain[-1].end, hi)
            if hit is None or not gaps.allows(index, chain[-1].end, hit.start):
                break
            chain.append(hit)
        else:
            return _tighten(text, pieces, chain, gaps)
    return None


def _tighten(text: NormalizedText, pieces: list[str], chain: list[Hit], gaps: Gaps) -> list[Hit]:
    """Move each normalised piece to its last occurrence before the next piece (the
    shortest span), unless that takes it out of reach of the piece before it."""
    for index in range(len(chain) - 2, -1, -1):
        if chain[index].fuzzy:
            continue
        later = find_normalized(
            text, pieces[index], chain[index].start, chain[index + 1].start, last=True
        )
        if later is not None and (
            index == 0 or gaps.allows(index - 1, chain[index - 1].end, later.start)
        ):
            chain[index] = later
    return chain


def _first_piece_hits(text: NormalizedText, tokens: TokenIndex, piece: str) -> Iterator[Hit]:
    """Normalised occurrences of the first piece, then its best fuzzy one."""
    lo = 0
    for _ in range(_MAX_CHAIN_STARTS):
        hit = find_normalized(text, piece, lo)
        if hit is None:
            break
        yield hit
        lo = hit.start + 1
    fuzzy = tokens.find(piece)
    if fuzzy is not None:
        yield Hit(fuzzy.start, fuzzy.end, fuzzy=True, score=fuzzy.score)
