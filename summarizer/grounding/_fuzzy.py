"""Word-level fuzzy search over a normalised document, anchored on rare tokens.

Candidate windows come from "diagonal" votes: a quote token i found at document token p
votes for the window starting at p - i. Only the rarest quote tokens (anchors) vote, so the
cost per quote is a few short position lists, not len(document) * len(quote). Each candidate
window is then scored by token alignment (difflib, on a few dozen tokens).
"""

from __future__ import annotations

import bisect
import difflib
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate, compress, count

# Scripts written without spaces between words: every char is its own token, so fuzzy search
# works on character unigrams there instead of relying on whitespace.
_UNSPACED = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
)
_TOKEN = re.compile(rf"[{_UNSPACED}]|[^\W_{_UNSPACED}]+")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_UNSPACED_CHAR = re.compile(rf"[{_UNSPACED}]")

FUZZY_THRESHOLD = 0.8
"""Minimum share of aligned tokens: matched / max(quote tokens, span tokens)."""

MIN_FUZZY_WORDS = 4.0
"""Quotes shorter than this many words are never fuzzy-matched (two unspaced chars = 1 word)."""

_MAX_ANCHORS = 6  # rarest quote tokens that vote for windows
_MAX_ANCHOR_COUNT = 5000  # tokens more frequent than this carry no location information
_MAX_WINDOWS = 3


@dataclass(frozen=True, slots=True)
class FuzzyHit:
    start: int  # normalised char offsets
    end: int
    score: float


def word_weight(tokens: list[str]) -> float:
    return sum(0.5 if _UNSPACED_CHAR.match(tok) else 1.0 for tok in tokens)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(text)


class TokenIndex:
    """Tokens of a normalised text with their char spans, counts and anchor positions.

    Positions are indexed only for anchor tokens (a quote's rarest ones), found for a whole
    batch of quotes in one C-level pass: indexing every token would cost a Python-level loop
    over the whole document.
    """

    __slots__ = ("_counts", "_positions", "ends", "starts", "tokens")

    def __init__(self, text: str) -> None:
        # split() with a capturing group alternates separators and tokens; running sums of
        # their lengths give every token's offsets without a Python-level loop per match.
        parts = _TOKEN_SPLIT.split(text)
        self.tokens: list[str] = parts[1::2]
        bounds = array("q", accumulate(map(len, parts), initial=0))
        self.starts = bounds[1:-1:2]
        self.ends = bounds[2::2]
        self._counts = Counter(self.tokens)
        self._positions: dict[str, list[int]] = {}

    def prepare(self, needles: Iterable[str]) -> None:
        """Index the anchor tokens of all NEEDLES (normalised) in one pass over the tokens."""
        wanted = {token for needle in needles for token in self._anchors(tokenize(needle))}
        wanted.difference_update(self._positions)
        if not wanted:
            return
        for token in wanted:
            self._positions[token] = []
        tokens = self.tokens
        for position in compress(count(), map(wanted.__contains__, tokens)):
            self._positions[tokens[position]].append(position)

    def find(self, needle: str, lo: int = 0, hi: int | None = None) -> FuzzyHit | None:
        """Best fuzzy occurrence of NEEDLE (normalised) within normalised chars [lo, hi)."""
        quote = tokenize(needle)
        if word_weight(quote) < MIN_FUZZY_WORDS:
            return None
        self.prepare([needle])
        first = bisect.bisect_left(self.starts, lo)
        last = len(self.tokens) if hi is None else bisect.bisect_right(self.ends, hi)
        best: FuzzyHit | None = None
        for diagonal in self._candidate_diagonals(quote, first, last):
            hit = self._score_window(quote, diagonal, first, last)
            if hit is not None and (best is None or _better(hit, best)):
                best = hit
        return best if best is not None and best.score >= FUZZY_THRESHOLD else None

    def _anchors(self, quote: list[str]) -> list[str]:
        """The quote's rarest tokens that occur in the document, but not too often."""
        present = {token for token in quote if 0 < self._counts[token] <= _MAX_ANCHOR_COUNT}
        return sorted(present, key=lambda token: (self._counts[token], token))[:_MAX_ANCHORS]

    def _candidate_diagonals(self, quote: list[str], first: int, last: int) -> list[int]:
        offsets: defaultdict[str, list[int]] = defaultdict(list)
        for offset, token in enumerate(quote):
            offsets[token].append(offset)
        votes: Counter[int] = Counter()
        for token in self._anchors(quote):
            positions = self._positions[token]
            lo, hi = bisect.bisect_left(positions, first), bisect.bisect_left(positions, last)
            for position in positions[lo:hi]:
                for offset in offsets[token]:
                    votes[position - offset] += 1
        return _distinct_diagonals(votes, slack=_slack(len(quote)))

    def _score_window(
        self, quote: list[str], diagonal: int, first: int, last: int
    ) -> FuzzyHit | None:
        slack = _slack(len(quote))
        window_start = max(first, diagonal - slack)
        window = self.tokens[window_start : min(last, diagonal + len(quote) + slack)]
        matcher = difflib.SequenceMatcher(None, quote, window, autojunk=False)
        blocks = [block for block in matcher.get_matching_blocks() if block.size]
        blocks = _trim_stray_edges(_pull_edges_inward(blocks, quote, window))
        if not blocks:
            return None
        matched = sum(block.size for block in blocks)
        # Unmatched quote tokens at either edge are taken as substituted doc tokens there.
        lead, trail = blocks[0].a, len(quote) - (blocks[-1].a + blocks[-1].size)
        span_first = max(first, window_start + blocks[0].b - lead)
        span_last = min(last, window_start + blocks[-1].b + blocks[-1].size + trail)
        score = matched / max(len(quote), span_last - span_first)
        return FuzzyHit(self.starts[span_first], self.ends[span_last - 1], score)


def _better(hit: FuzzyHit, other: FuzzyHit) -> bool:
    """A higher score; among equal scores, the first in the document."""
    return (hit.score, -hit.start) > (other.score, -other.start)


def _slack(quote_tokens: int) -> int:
    return 2 + quote_tokens // 10


def _distinct_diagonals(votes: Counter[int], slack: int) -> list[int]:
    """The best-voted diagonals (>= 2 votes), skipping ones within SLACK of a better one."""
    chosen: list[int] = []
    for diagonal, support in votes.most_common():
        if support < 2 or len(chosen) == _MAX_WINDOWS:
            break
        if all(abs(diagonal - other) > slack for other in chosen):
            chosen.append(diagonal)
    return chosen


def _pull_edges_inward(
    blocks: list[difflib.Match], quote: list[str], window: list[str]
) -> list[difflib.Match]:
    """The same matches over the shortest span: each leading block moved to its last copy
    before the next block, each trailing block to its first copy after the one before.

    difflib pairs a block with its first copy in the window, so a phrase the quote opens
    with that also occurs just before it ("Not now. Not now, said ...") would stretch the
    span over the earlier copy and score the quote as if a word were added.
    """
    blocks = list(blocks)
    for index in range(len(blocks) - 2, -1, -1):
        block, limit = blocks[index], blocks[index + 1].b - blocks[index].size
        blocks[index] = _moved(block, quote, window, range(limit, block.b, -1))
    for index in range(1, len(blocks)):
        block, before = blocks[index], blocks[index - 1]
        blocks[index] = _moved(block, quote, window, range(before.b + before.size, block.b))
    return blocks


def _moved(
    block: difflib.Match, quote: list[str], window: list[str], places: range
) -> difflib.Match:
    """BLOCK at the first of PLACES where the window holds its tokens, else where it was."""
    tokens = quote[block.a : block.a + block.size]
    for place in places:
        if window[place : place + block.size] == tokens:
            return difflib.Match(block.a, place, block.size)
    return block


def _trim_stray_edges(blocks: list[difflib.Match]) -> list[difflib.Match]:
    """Drop single-token edge matches separated from the rest by a gap (chance matches)."""
    while len(blocks) > 1 and blocks[0].size == 1 and _gap(blocks[0], blocks[1]) > 1:
        blocks = blocks[1:]
    while len(blocks) > 1 and blocks[-1].size == 1 and _gap(blocks[-2], blocks[-1]) > 1:
        blocks = blocks[:-1]
    return blocks


def _gap(left: difflib.Match, right: difflib.Match) -> int:
    return max(right.a - (left.a + left.size), right.b - (left.b + left.size))
