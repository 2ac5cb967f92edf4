"""What one attribution pass has found so far: the registry of sources, the claims in
the order they were made, which quotation each source claimed, and where each speaker
was attributed. The rules add to it through `claim` and `claim_quotes` only."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from summarizer._engines._extractive._registry import Record, Registry
from summarizer._engines._extractive._state import Claim, SentenceState
from summarizer._engines._extractive._text import Span
from summarizer._engines._extractive._view import DocumentView


class Ledger:
    """The claims about one document (its VIEW), with the indexes the rules look up."""

    def __init__(self, view: DocumentView) -> None:
        self._view = view
        self.registry = Registry()
        self.claims: list[Claim] = []
        self.claimed: dict[int, Record] = {}  # quotation number -> its speaker
        self._marks: list[tuple[int, Record]] = []  # where each speaker was attributed
        self._mark_positions: list[int] = []

    def claim_quotes(
        self,
        state: SentenceState,
        record: Record,
        cue: Span,
        quotes: list[int],
        span: Span | None = None,
    ) -> None:
        """RECORD said QUOTES: one statement each, or the one SPAN around them all (a
        quotation inside a clause)."""
        for q in quotes:
            self.claimed[q] = record
        contents = [span] if span else [self._view.quotes[q].content for q in quotes]
        self.claim(state, record, cue, contents, direct=True)

    def claim(
        self,
        state: SentenceState,
        record: Record,
        cue: Span,
        contents: Sequence[Span],
        direct: bool,
    ) -> None:
        """RECORD said CONTENTS at CUE; the sentence's cursor moves past them."""
        for start, end in contents:
            record.add((start, end))
            state.cursor = max(state.cursor, end)
            for q in self._view.quotes_opening(state.quotes, start, end):
                self.claimed.setdefault(q, record)
        state.cursor = max(state.cursor, cue[1])
        state.previous, state.previous_mention = record, state.mention
        if state.mention is not None:
            record.mention(state.mention)
        self._marks.append((cue[0], record))
        self._mark_positions.append(cue[0])
        self.registry.touch(record, state.sentence.paragraph)
        claim = Claim(record, tuple(contents), cue, state.sentence.paragraph, direct, state.mention)
        self.claims.append(claim)

    def has_mark_between(self, start: int, end: int) -> bool:
        """Whether a speaker was attributed in [START, END)."""
        positions = self._mark_positions
        return bisect_left(positions, end) > bisect_left(positions, start)

    def marks_between(self, start: int, end: int) -> list[tuple[int, Record]]:
        """The speakers attributed in [START, END), by position."""
        lo = bisect_left(self._mark_positions, start)
        hi = bisect_left(self._mark_positions, end)
        return sorted(self._marks[lo:hi], key=lambda mark: mark[0])
