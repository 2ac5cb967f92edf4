"""Character-offset geometry of a document: paragraphs, quote-aware sentences, words.

Every function returns offsets into the ORIGINAL document, so evidence built from them
is `document[start:end]` by construction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summarizer._engines._extractive import _calendar as cal

Span = tuple[int, int]


def word_set(text: str) -> frozenset[str]:
    """A word list written as one string: 'a an the' -> {'a', 'an', 'the'}."""
    return frozenset(text.split())


_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+(?:[-'’.]\w+|/\d+)*")  # '9/11' is one word, 'Times/CBS' two
# A candidate sentence end: terminal punctuation, closing marks, whitespace. The next
# character is checked separately (a capital, digit or opening mark starts a sentence).
# `[.!?][.!?]*` is `[.!?]+` opening with a plain character class, which lets the regex
# engine skip from one punctuation mark to the next (it cannot when a pattern opens with
# a repeat).
_BOUNDARY = re.compile(r"[.!?][.!?]*[\"'”’)\]]*[ \t\xa0]+")
# After a quotation ending in '?' or '!': a speaker and a speech verb closing the sentence.
# The verbs are listed here, not taken from _lexicon, which builds on this module.
_INVERTED_ATTRIBUTION = re.compile(
    r"(?:[A-Z][\w.'’-]*(?: [A-Z(][\w.'’()-]*){0,5} |(?:he|she|they) )?"
    r"(?:said|says|asked|asks|demanded|wondered|added|replied|responded|shouted|yelled"
    r"|exclaimed|quipped|joked|tweeted|wrote|continued)\b"
    r"(?: [\w.'’-]+){0,3}[.,]"
)
_NEXT_STARTS_SENTENCE = re.compile(r"(?:''|[\"“‘'(\[])?[A-Z0-9\u00c0-\u024f]")
_ABBREVIATIONS = word_set(
    """
    mr mrs ms dr st sen rep gov gen lt col sgt capt cmdr adm maj jr sr inc co corp ltd
    vs etc no prof rev hon pres sec dept univ ft mt ave blvd est approx fig al
    """
) | frozenset(cal.MONTH_ABBREVIATIONS)
# "ERBIL, Kurdistan Region of Iraq - " or "WASHINGTON (AP) — ": a place line, not content.
_DATELINE = re.compile(r"[A-Z]{2}[A-Z'.]+(?:,? [A-Za-z'.()]+){0,8}? ?[-–—]+ ")
_CLAUSE_BREAK = re.compile(r"[,;:]\s+|\s[—–]\s")
_MIN_CLAUSE_WORDS = 4
_EDGE_JUNK = " \t\r\n,;:-–—\"“”‘’'"


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    paragraph: int


def paragraphs(document: str) -> list[Span]:
    """Non-blank lines: news paragraphs are lines, with or without blank lines between."""
    spans = []
    for match in _LINE.finditer(document):
        start, end = strip_span(document, match.start(), match.end(), " \t\r")
        if start < end:
            spans.append((start, end))
    return spans


def strip_span(document: str, start: int, end: int, chars: str = _EDGE_JUNK) -> Span:
    """The span without CHARS at either edge (empty spans collapse to start == end)."""
    while start < end and document[start] in chars:
        start += 1
    while end > start and document[end - 1] in chars:
        end -= 1
    return start, end


_DANGLING_CONJUNCTIONS = (" and", " but", " or")


def strip_clause(document: str, start: int, end: int) -> Span:
    """A clause span without edge punctuation, keeping a closing mark that closes an opener,
    and without a conjunction left dangling where the next clause was cut off ('X promised
    to help and' said ...)."""
    start, end = strip_span(document, start, end)
    while end > start and (
        document[end - 1] in ".,;:" or (document[end - 1] == ")" and "(" not in document[start:end])
    ):
        end -= 1  # and a parenthesis closing outside: '(her campaign said that ...)'
    start, end = strip_span(document, start, end, " \t\r\n")
    for conjunction in _DANGLING_CONJUNCTIONS:
        if document.endswith(conjunction, start, end):
            return strip_clause(document, start, end - len(conjunction))
    return start, end


def sentences(
    document: str, paragraph_spans: Sequence[Span], protected: Sequence[Span]
) -> list[Sentence]:
    """Sentences of every paragraph, never split inside a PROTECTED span (quotations)."""
    result: list[Sentence] = []
    blocked = _Blocked(protected)
    for number, (start, end) in enumerate(paragraph_spans):
        result.extend(_paragraph_sentences(document, start, end, number, blocked))
    return result


def join_protected(sentence_list: Sequence[Sentence], protected: Sequence[Span]) -> list[Sentence]:
    """SENTENCE_LIST with every boundary inside a PROTECTED span removed: the same result
    as splitting again with PROTECTED, without splitting again."""
    blocked = _Blocked(protected)
    joined: list[Sentence] = []
    for sentence in sentence_list:
        last = joined[-1] if joined else None
        if last and last.paragraph == sentence.paragraph and blocked.inside(sentence.start):
            joined[-1] = Sentence(last.start, sentence.end, last.paragraph)
        else:
            joined.append(sentence)
    return joined


class _Blocked:
    """Answers 'is this offset inside a protected span?' for increasing offsets."""

    def __init__(self, spans: Sequence[Span]) -> None:
        self._spans = sorted(spans)
        self._index = 0

    def inside(self, offset: int) -> bool:
        spans = self._spans
        while self._index < len(spans) and spans[self._index][1] < offset:
            self._index += 1
        index = self._index
        while index < len(spans) and spans[index][0] < offset:
            if offset < spans[index][1]:
                return True
            index += 1
        return False


def _paragraph_sentences(
    document: str, start: int, end: int, number: int, blocked: _Blocked
) -> Iterator[Sentence]:
    current = start
    for match in _BOUNDARY.finditer(document, start, end):
        cut = match.end()
        if not _is_sentence_end(document, match.start(), cut, end) or blocked.inside(cut):
            continue
        span = strip_span(document, current, cut, " \t")
        if span[0] < span[1]:
            yield Sentence(span[0], span[1], number)
        current = cut
    span = strip_span(document, current, end, " \t")
    if span[0] < span[1]:
        yield Sentence(span[0], span[1], number)


def _is_sentence_end(document: str, dot: int, cut: int, limit: int) -> bool:
    if cut >= limit or not _NEXT_STARTS_SENTENCE.match(document, cut):
        return False
    if document[dot] != ".":
        # '"Why isn't this proof?" Vitter demanded.': the attribution goes on the sentence
        quoted = document[dot + 1 : cut].strip() != ""
        return not (quoted and _INVERTED_ATTRIBUTION.match(document, cut, limit))
    word_start = dot
    while word_start > 0 and (
        document[word_start - 1].isalpha() or document[word_start - 1] == "."
    ):
        word_start -= 1
    word = document[word_start:dot]
    if len(word) == 1 and word.isupper():
        return False  # an initial: "Donald J. Trump"
    if "." in word and len(word) <= 6:
        return False  # "U.S." or "a.m."
    return word.casefold() not in _ABBREVIATIONS


def words(document: str, start: int, end: int) -> list[Span]:
    """Word spans (letters/digits with inner hyphens, apostrophes, dots) in [start, end)."""
    return list(map(re.Match.span, _WORD.finditer(document, start, end)))


def skip_dateline(document: str, start: int, end: int) -> int:
    """START moved past a leading dateline, if the text at START opens with one."""
    match = _DATELINE.match(document, start, min(end, start + 80))
    return match.end() if match else start


def clauses(document: str, start: int, end: int) -> list[Span]:
    """Comma/semicolon/dash-separated parts of a sentence; parts under four words join
    the next, so 'First, the fear of ...' stays one clause."""
    parts: list[Span] = []
    current = start
    for match in _CLAUSE_BREAK.finditer(document, start, end):
        if len(document[current : match.start()].split()) >= _MIN_CLAUSE_WORDS:
            parts.append(strip_span(document, current, match.start()))
            current = match.end()
    tail = strip_span(document, current, end)
    if tail[0] < tail[1]:
        if parts and len(document[tail[0] : tail[1]].split()) < _MIN_CLAUSE_WORDS:
            parts[-1] = (parts[-1][0], tail[1])
        else:
            parts.append(tail)
    return [part for part in parts if part[0] < part[1]]


class SentenceIndex:
    """Finds the sentence and clause holding a span, splitting sentences into clauses
    only when asked (lazily, once each)."""

    def __init__(self, document: str, sentence_list: Sequence[Sentence]) -> None:
        self._document = document
        self._sentences = list(sentence_list)
        self._starts = [sentence.start for sentence in self._sentences]
        self._clauses: dict[int, tuple[list[Span], list[int]]] = {}  # parts, their starts

    def find(self, start: int, end: int) -> tuple[Sentence, Span] | None:
        index = bisect_right(self._starts, start) - 1
        if index < 0 or end > self._sentences[index].end:
            return None
        clause = self._clause_at(index, start)
        return (self._sentences[index], clause) if clause and end <= clause[1] else None

    def _clause_at(self, index: int, position: int) -> Span | None:
        """The clause of sentence INDEX holding POSITION, by bisection: clauses are
        disjoint and in order, and a long sentence can have thousands of them."""
        if index not in self._clauses:
            sentence = self._sentences[index]
            parts = clauses(self._document, sentence.start, sentence.end)
            self._clauses[index] = (parts, [part[0] for part in parts])
        parts, starts = self._clauses[index]
        last = bisect_right(starts, position) - 1  # the last clause starting at or before
        return parts[last] if last >= 0 and position < parts[last][1] else None
