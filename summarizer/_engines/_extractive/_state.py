"""The records one attribution pass passes around: a claim, the per-sentence working
state, and the attributions the later sections read; with small helpers on offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer._engines._extractive._quotes import Quote
from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._text import Sentence, Span

LEAD_IN = re.compile(r"[\s,:;—–-]*(?:that\b)?[\s,:;—–-]*")
THAT = re.compile(r"\bthat\b")
MIN_CLAUSE_WORDS = 3
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
    sentences: tuple[Sentence, ...]  # never split inside a quotation
    plain_sentences: tuple[Sentence, ...]  # split as written, inside quotations too
    quotes: tuple[Quote, ...]
    paragraphs: tuple[Span, ...]
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
