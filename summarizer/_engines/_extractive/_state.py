"""Shared state of one attribution pass: the document's geometry, the registry of
speakers, the claims found so far, and how a claim is recorded."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._mentions import PersonMentions
from summarizer._engines._extractive._phrases import MASK
from summarizer._engines._extractive._quotes import Quote, find_quotes, protected_spans
from summarizer._engines._extractive._registry import Record, Registry
from summarizer._engines._extractive._text import (
    Sentence,
    Span,
    join_protected,
    paragraphs,
    sentences,
)

LEAD_IN = re.compile(r"[\s,:;—–-]*(?:that\b)?[\s,:;—–-]*")
THAT = re.compile(r"\bthat\b")
MIN_CLAUSE_WORDS = 3
_HEADLINE_WORDS = 20  # a longer first paragraph is a lede, not a headline
WINDOW = 400  # chars left of a cue searched for its speaker


@dataclass(frozen=True)
class Claim:
    """One attribution: a source, its content spans, where it was found."""

    record: Record
    contents: tuple[Span, ...]
    cue: Span
    paragraph: int
    direct: bool
    mention: Span | None = None  # how the text names the speaker here ('he', 'Qaddo')


@dataclass
class Attributions:
    """Everything the later sections need: sources, claims, sentences and quotes."""

    records: list[Record]
    claims: list[Claim]
    sentences: list[Sentence]  # never split inside a quotation
    plain_sentences: list[Sentence]  # split as written, inside quotations too
    quotes: list[Quote]
    paragraphs: list[Span]
    masked: str  # the document with quotations blanked out, same offsets


@dataclass
class SentenceState:
    """Per-sentence working state: the sentence, its quotations, the last speaker."""

    sentence: Sentence
    index: int
    quotes: list[int]
    previous: Record | None = None
    cursor: int = 0
    relay: dict[Span, str] = field(default_factory=dict)
    mention: Span | None = None  # the speaker phrase of the cue being handled
    previous_mention: Span | None = None  # the speaker phrase that named `previous`
    previous_relative: bool = False  # `previous` spoke in a relative clause ('X who said')

    def speaker(self, record: Record, mention: Span | None, relative: bool = False) -> None:
        """RECORD speaks at the cue being handled, named there by MENTION (inside a
        relative clause when RELATIVE)."""
        self.previous = record
        self.mention = self.previous_mention = mention
        self.previous_relative = relative

    def same_speaker(self) -> Record | None:
        """The last speaker of the sentence, for a cue that shares it ('and said',
        'adding'): its speaker phrase becomes this cue's mention too."""
        self.mention = self.previous_mention if self.previous is not None else None
        return self.previous


class ExtractionState:
    """The document, its quotations and sentences, and what has been attributed so far."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.paragraphs = paragraphs(document)
        self.quotes = find_quotes(document, self.paragraphs)
        # plain sentences serve the other sections; attribution never cuts a quotation
        self.plain_sentences = sentences(document, self.paragraphs, [])
        self.sentences = join_protected(self.plain_sentences, protected_spans(self.quotes))
        self.masked = mask_quotes(document, self.quotes)
        self.registry = Registry()
        self.claims: list[Claim] = []
        self.claimed: dict[int, Record] = {}
        self._quote_index = 0
        self._sentence_starts = [sentence.start for sentence in self.sentences]
        self._capitalised_words: dict[int, tuple[list[int], list[str]]] = {}  # per sentence
        self._quote_opens = [quote.open for quote in self.quotes]
        self.people = PersonMentions(self.masked)
        self._cues = sorted({*lex.find_cues(self.masked), *self._headline_cues()})
        self._cue_starts = [start for start, _ in self._cues]
        self._marks: list[tuple[int, Record]] = []  # where each speaker was attributed
        self._mark_positions: list[int] = []

    def _headline_cues(self) -> list[Span]:
        """The present-tense verbs of a headline opening the document ('Christie Calls
        Clinton ...')."""
        if len(self.paragraphs) < 2:
            return []  # a headline has a story under it
        start, end = self.paragraphs[0]
        if len(self.masked[start:end].split()) > _HEADLINE_WORDS:
            return []
        return lex.find_headline_cues(self.masked, start, end)

    def _opening_next_paragraph(self, sentence: Sentence) -> list[int]:
        """The quotation opening the paragraph after SENTENCE, if SENTENCE ends its own."""
        index = bisect_left(self._quote_opens, sentence.end)
        if index == len(self.quotes) or self.quotes[index].paragraph != sentence.paragraph + 1:
            return []
        if self.masked[sentence.end : self.quotes[index].open].strip():
            return []
        return [index]

    def _claim_quotes(
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
        contents = [span] if span else [self.quotes[q].content for q in quotes]
        self._claim(state, record, cue, contents, direct=True)

    def _claim(
        self,
        state: SentenceState,
        record: Record,
        cue: Span,
        contents: Sequence[Span],
        direct: bool,
    ) -> None:
        for start, end in contents:
            record.add((start, end))
            state.cursor = max(state.cursor, end)
            for q in self.quotes_opening(state, start, end):
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

    def quotes_opening(self, state: SentenceState, start: int, end: int) -> range:
        """The sentence's quotations that open in [START, END), by bisection: a sentence's
        quotations are consecutive (document order), and a sentence may hold thousands."""
        if not state.quotes:
            return range(0)
        low = max(bisect_left(self._quote_opens, start), state.quotes[0])
        high = min(bisect_left(self._quote_opens, end), state.quotes[-1] + 1)
        return range(low, high)  # empty when high <= low

    def _text(self, span: Span) -> str:
        return self.document[span[0] : span[1]]

    def _cue_text(self, cue: Span) -> str:
        """The cue as a lower-case key: 'said', 'according to'."""
        return self.masked[cue[0] : cue[1]].casefold()

    def _cue_word(self, cue: Span) -> str:
        """The cue's first word: 'according' of 'according to'."""
        return self._cue_text(cue).split()[0]


def mask_quotes(document: str, quotes: Sequence[Quote]) -> str:
    pieces = []
    position = 0
    for quote in quotes:
        start, end = quote.outer
        if start < position:
            continue
        pieces.append(document[position:start])
        pieces.append(MASK * (end - start))
        position = end
    pieces.append(document[position:])
    return "".join(pieces)


def left_edge(state: SentenceState, cue: Span) -> int:
    """How far left of a cue its speaker is looked for: the sentence start, but never
    more than a window away, so a sentence of thousands of cues stays linear."""
    return max(state.sentence.start, cue[0] - WINDOW)


def skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t":
        position += 1
    return position


def word_count(document: str, span: Span) -> int:
    return len(document[span[0] : span[1]].split())
