"""Direct quotations: pair double quote marks, including quotes that run over paragraphs.

News convention: a quotation that continues into the next paragraph has no closing mark
at the end of the first paragraph, and the next paragraph opens with a new quote mark.
Such parts share a `group`, so an attribution found for one part covers all of them.
Straight quotes are paired by position (an opener follows a space, a closer precedes
one); curly quotes by shape, unless the writer used the wrong one at a paragraph start.
Two apostrophes ('') count as one double mark, as some wire copy writes them.
Unpaired marks are ignored, never guessed into a quote.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarizer._engines._extractive._text import Span, strip_span

# Every branch opens with a literal character, so the regex engine skips from one
# candidate mark to the next (a branch opening with a character class would prevent it).
_MARK = re.compile(r"''|\"|“|”|„|«|»")
_OPENERS = frozenset("“„«")
_CLOSERS = frozenset("”»")
_BEFORE_OPEN = frozenset(" \t([{—–-/")
Mark = tuple[int, int]  # start, end


@dataclass(frozen=True)
class Quote:
    """One quotation part; `close` is the paragraph end when the quote runs on."""

    open: int
    close: int
    close_end: int
    paragraph: int
    group: int
    closed: bool
    content: Span

    @property
    def outer(self) -> Span:
        """The quotation with its marks."""
        return self.open, self.close_end


@dataclass
class _Groups:
    next_id: int = 0
    carried: int | None = None  # the group running on from the previous paragraph

    def take(self, continued: int | None) -> int:
        if continued is not None:
            return continued
        self.next_id += 1
        return self.next_id - 1


def find_quotes(document: str, paragraph_spans: Sequence[Span]) -> list[Quote]:
    """Every quotation part with non-empty content, in document order."""
    quotes: list[Quote] = []
    groups = _Groups()
    for number, (start, end) in enumerate(paragraph_spans):
        marks = list(map(re.Match.span, _MARK.finditer(document, start, end)))
        continued = groups.carried if marks and marks[0][0] == start else None
        groups.carried = None
        pending, continued = _pair(document, marks, (start, end), number, continued, groups, quotes)
        if pending is None:
            continue
        runs_on = number + 1 < len(paragraph_spans) and bool(
            _MARK.match(document, paragraph_spans[number + 1][0])
        )
        if runs_on or pending[0] == start:
            group = groups.take(continued)
            quotes.extend(_quote(document, pending, (end, end), number, group, closed=False))
            groups.carried = group if runs_on else None
    return quotes


def _pair(
    document: str,
    marks: list[Mark],
    paragraph: Span,
    number: int,
    continued: int | None,
    groups: _Groups,
    quotes: list[Quote],
) -> tuple[Mark | None, int | None]:
    """Pair the paragraph's marks into QUOTES; return the unclosed opener, if any."""
    pending: Mark | None = None
    nested: str | None = None  # the family of a quotation inside the pending one
    for mark in marks:
        role = _role(document, mark, paragraph)
        if nested is not None:
            if _family(document, mark) == nested and role != "open":
                nested = None
            continue
        if pending is None:
            if role != "close":
                pending = mark
            continue
        if role == "open":
            if _family(document, mark) != _family(document, pending):
                nested = _family(document, mark)  # '"... the question: “As you ...?” ..."'
            else:
                pending = mark  # the earlier opener was never closed
            continue
        group = groups.take(continued)
        quotes.extend(_quote(document, pending, mark, number, group, closed=True))
        pending, continued = None, None
    return pending, continued


def _role(document: str, mark: Mark, paragraph: Span) -> str:
    """'open', 'close' or 'either' from the mark's shape and its neighbours."""
    start, end = paragraph
    before = document[mark[0] - 1] if mark[0] > start else " "
    after = document[mark[1]] if mark[1] < end else " "
    opening = before in _BEFORE_OPEN and not after.isspace()
    closing = not before.isspace() and (after.isspace() or not after.isalnum())
    shape = document[mark[0]]
    if shape in _OPENERS:
        return "close" if closing and not opening else "open"
    if shape in _CLOSERS:
        return "open" if opening and not closing and mark[0] == start else "close"
    if opening and not closing:
        return "open"
    if closing and not opening:
        return "close"
    return "either"


def _family(document: str, mark: Mark) -> str:
    """Straight, curly or angle: a quotation inside another one takes the other family."""
    shape = document[mark[0]]
    return "straight" if shape in "\"'" else "angle" if shape in "«»" else "curly"


def _quote(
    document: str, opener: Mark, closer: Mark, paragraph: int, group: int, *, closed: bool
) -> list[Quote]:
    content = strip_span(document, opener[1], closer[0], " \t\r\n")
    if not any(ch.isalnum() for ch in document[content[0] : content[1]]):
        return []
    return [Quote(opener[0], closer[0], closer[1], paragraph, group, closed, content)]


def protected_spans(quotes: Sequence[Quote]) -> list[Span]:
    """Where a sentence must not end: strictly inside a quotation's marks."""
    return [(quote.open, quote.close) for quote in quotes]
