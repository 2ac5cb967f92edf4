"""The document as the attribution rules read it, computed once and never changed:
paragraphs, sentences, quotations, the masked text and where the cue words are."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._mentions import PersonMentions
from summarizer._engines._extractive._phrases import MASK
from summarizer._engines._extractive._quotes import Quote, find_quotes, protected_spans
from summarizer._engines._extractive._registry import surname_key
from summarizer._engines._extractive._text import (
    Sentence,
    Span,
    join_protected,
    paragraphs,
    sentences,
)

_HEADLINE_WORDS = 20  # a longer first paragraph is a lede, not a headline
_CAPITAL_LETTER = re.compile(r"[A-Z]")
_CAPITALISED = re.compile(r"\b[A-Z][a-z][\w'’-]*")


@dataclass(frozen=True)
class DocumentView:
    """One document's geometry. `view_of` builds it; the rules only read it. The two
    cached properties and `capitalised` compute derived facts on first use (most
    documents never need them), which never change afterwards."""

    document: str
    paragraphs: tuple[Span, ...]
    quotes: tuple[Quote, ...]
    sentences: tuple[Sentence, ...]  # never split inside a quotation
    plain_sentences: tuple[Sentence, ...]  # split as written, inside quotations too
    masked: str  # the document with quotations blanked out, same offsets
    cues: tuple[Span, ...]  # attribution cue words of the masked text, in order
    people: PersonMentions
    sentence_starts: tuple[int, ...] = field(init=False)
    quote_opens: tuple[int, ...] = field(init=False)
    cue_starts: tuple[int, ...] = field(init=False)
    _capitalised_words: dict[int, tuple[list[int], list[str]]] = field(
        init=False, default_factory=dict
    )  # per sentence number, found on first use

    def __post_init__(self) -> None:
        object.__setattr__(self, "sentence_starts", tuple(s.start for s in self.sentences))
        object.__setattr__(self, "quote_opens", tuple(quote.open for quote in self.quotes))
        object.__setattr__(self, "cue_starts", tuple(start for start, _ in self.cues))

    def text(self, span: Span) -> str:
        return self.document[span[0] : span[1]]

    def cue_text(self, cue: Span) -> str:
        """The cue as a lower-case key: 'said', 'according to'."""
        return self.masked[cue[0] : cue[1]].casefold()

    def cue_word(self, cue: Span) -> str:
        """The cue's first word: 'according' of 'according to'."""
        return self.cue_text(cue).split()[0]

    def quotes_opening(self, among: list[int], start: int, end: int) -> range:
        """The quotations of AMONG (a sentence's) that open in [START, END), by bisection:
        a sentence's quotations are consecutive (document order), and a sentence may hold
        thousands."""
        if not among:
            return range(0)
        low = max(bisect_left(self.quote_opens, start), among[0])
        high = min(bisect_left(self.quote_opens, end), among[-1] + 1)
        return range(low, high)  # empty when high <= low

    def opening_next_paragraph(self, sentence: Sentence) -> list[int]:
        """The quotation opening the paragraph after SENTENCE, if SENTENCE ends its own."""
        index = bisect_left(self.quote_opens, sentence.end)
        if index == len(self.quotes) or self.quotes[index].paragraph != sentence.paragraph + 1:
            return []
        if self.masked[sentence.end : self.quotes[index].open].strip():
            return []
        return [index]

    @cached_property
    def capitals(self) -> list[int]:
        """Where the masked document has a capital letter, built on the first pronoun."""
        return [match.start() for match in _CAPITAL_LETTER.finditer(self.masked)]

    def capitalised(self, position: int) -> tuple[list[int], list[str]]:
        """Where each capitalised word of the sentence at POSITION starts, and its surname
        key: found once per sentence, not again for every pronoun that looks at it."""
        number = bisect_right(self.sentence_starts, position) - 1
        found = self._capitalised_words.get(number)
        if found is None:
            sentence = self.sentences[number]
            words_ = list(_CAPITALISED.finditer(self.masked, sentence.start, sentence.end))
            found = [word.start() for word in words_], [surname_key(w.group()) for w in words_]
            self._capitalised_words[number] = found
        return found


def view_of(document: str) -> DocumentView:
    """DOCUMENT's paragraphs, quotations, sentences, masked text and cues."""
    paragraph_spans = paragraphs(document)
    quotes = find_quotes(document, paragraph_spans)
    # plain sentences serve the other sections; attribution never cuts a quotation
    plain = sentences(document, paragraph_spans, [])
    masked = mask_quotes(document, quotes)
    cues = sorted({*lex.find_cues(masked), *_headline_cues(masked, paragraph_spans)})
    return DocumentView(
        document,
        tuple(paragraph_spans),
        tuple(quotes),
        tuple(join_protected(plain, protected_spans(quotes))),
        tuple(plain),
        masked,
        tuple(cues),
        PersonMentions(masked),
    )


def _headline_cues(masked: str, paragraph_spans: list[Span]) -> list[Span]:
    """The present-tense verbs of a headline opening the document ('Christie Calls
    Clinton ...')."""
    if len(paragraph_spans) < 2:
        return []  # a headline has a story under it
    start, end = paragraph_spans[0]
    if len(masked[start:end].split()) > _HEADLINE_WORDS:
        return []
    return lex.find_headline_cues(masked, start, end)


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
