"""What a speaker said in quotation marks next to the cue: the quotations after it or
before it, a clause they complete, a quotation or block paragraph after a colon."""

from __future__ import annotations

import re
from bisect import bisect_left

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._ledger import Ledger
from summarizer._engines._extractive._phrases import DASHES, MASK
from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._speaker_finding import show_name
from summarizer._engines._extractive._state import (
    LEAD_IN,
    MIN_CLAUSE_WORDS,
    SentenceState,
    word_count,
)
from summarizer._engines._extractive._text import Span, strip_clause
from summarizer._engines._extractive._view import DocumentView

_CLOSING_PUNCTUATION = frozenset(",.;:!?")
_DASH_WORDS = DASHES | {"-"}
_CONJUNCTIONS = frozenset(["and", "but", "or", "yet", "so"])
_QUOTE_GAP = re.compile(r"[\s,;:—–-]*(?:as )?")  # "...," as X put it
_MAX_QUOTE_LEAD_WORDS = 6  # 'said in an interview on Tuesday, "...'
_ADVERBIAL_CHARS = 80
_MIN_BLOCK_WORDS = 8  # a block quotation is a passage, not a heading


def following_quotes(
    view: DocumentView, ledger: Ledger, state: SentenceState, after: int, limit: int
) -> list[int]:
    """The unclaimed quotations right after the cue (past 'that', a colon or a short
    adverbial: 'said Tuesday, "...')."""
    lead = LEAD_IN.match(view.masked, after, limit)
    position = lead.end() if lead else after
    if position < limit and view.masked[position] != MASK:
        position = _past_adverbial(view.masked, position, limit)
    if position >= limit or view.masked[position] != MASK:
        return []
    opening = view.quotes_opening(state.quotes, position, limit)
    return [q for q in opening if q not in ledger.claimed]


def preceding_quotes(
    view: DocumentView, ledger: Ledger, state: SentenceState, speaker_start: int
) -> list[int]:
    """The unclaimed quotations between the cursor and the speaker that the speaker
    closes ('"...," said X'). Claimed ones lie before the cursor, so the first and the
    last are found in a step or two; all of them are listed only once they qualify."""
    opening = view.quotes_opening(state.quotes, state.cursor, speaker_start)
    first = next((q for q in opening if _unclaimed_by(view, ledger, q, speaker_start)), None)
    last = next(
        (q for q in reversed(opening) if _unclaimed_by(view, ledger, q, speaker_start)), None
    )
    if first is None or last is None:
        return []
    closing = view.quotes[last]
    if not _QUOTE_GAP.fullmatch(view.masked, closing.close_end, speaker_start):
        return []
    if show_name(view, closing.open) is not None and _after_preposition(view.masked, closing.open):
        return []  # 'On the broadcast of "Fox News Sunday," Pence said': a title
    if _opens_with_intro(view.masked, state.cursor, view.quotes[first].open):
        return []  # 'In an interview on CBS's "Face the Nation," Ryan said': a title
    return [q for q in opening if _unclaimed_by(view, ledger, q, speaker_start)]


def _unclaimed_by(view: DocumentView, ledger: Ledger, q: int, end: int) -> bool:
    """Whether quotation Q is unclaimed and closes by END."""
    return view.quotes[q].close_end <= end and q not in ledger.claimed


def clause_after(view: DocumentView, quote: int, limit: int) -> bool:
    """Whether the reported clause goes on after the quotation ('said that "Of course
    he will defend himself" against what the campaign sees as ...')."""
    found = view.quotes[quote]
    if view.document[found.content[1] - 1 : found.content[1]] in _CLOSING_PUNCTUATION:
        return False  # '"Don't you do it," until gunshots are heard': it ended inside
    tail = view.masked[found.close_end : limit]
    words_after = tail.split()
    return (
        MASK not in tail
        and len(words_after) >= MIN_CLAUSE_WORDS
        and tail[:1] == " "
        and words_after[0] not in _DASH_WORDS
    )


def claim_running_on(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    record: Record,
    cue: Span,
    quotes: list[int],
    limit: int,
) -> None:
    """'said that "he will defend himself" against what ...': the reported clause runs
    on after the quotations, so the statement is the quotations and that clause."""
    start = view.quotes[quotes[0]].open  # with its mark: the quotation closes inside
    end = strip_clause(view.document, start, limit)[1]
    ledger.claim_quotes(state, record, cue, quotes, (start, end))


def sentence_lead(
    view: DocumentView, state: SentenceState, speaker_start: int, quote: int
) -> Span | None:
    """'So when Patriot signaled ..., Mr. Barrett said, "we were floored."': the clause
    before the speaker that the quotation, opening in lower case, completes."""
    content = view.quotes[quote].content
    if not view.document[content[0] : content[0] + 1].islower():
        return None
    before = view.masked[state.cursor : speaker_start].rstrip()
    if not before.endswith(",") or MASK in before:
        return None
    span = strip_clause(view.document, state.cursor, speaker_start)
    if without_intro(view.document, span) != span:
        return None  # 'In an interview on Tuesday, X said, "we ..."': no clause
    return span if word_count(view.document, span) >= MIN_CLAUSE_WORDS else None


def claim_preceding(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    record: Record,
    cue: Span,
    quotes: list[int],
) -> None:
    """'Using the tax "is a misguided approach," said X': a quotation inside a clause
    that opens before it is claimed with that clause (a mixed quotation)."""
    first = view.quotes[quotes[0]]
    lead = strip_clause(view.document, state.cursor, first.open)
    clause = without_intro(view.document, lead)
    if clause is None or not _mixed_lead(view, (clause[0], first.open)):
        ledger.claim_quotes(state, record, cue, quotes)
        return
    span = (clause[0], view.quotes[quotes[-1]].close_end)
    ledger.claim_quotes(state, record, cue, quotes, span)


def _mixed_lead(view: DocumentView, clause: Span) -> bool:
    """Words that lead into a quotation as part of one clause: no colon or cue, which
    would make them an attribution of their own ('McCaskill scolded him: "...'."""
    lead = view.masked[clause[0] : clause[1]]
    if lead.strip().casefold() in _CONJUNCTIONS:
        return False  # 'attacked X, and "it was ...," he said': no clause before it
    if not lead.strip() or ":" in lead or ", and " in lead or ", but " in lead:
        return False  # a colon introduces; ', and' ends a clause of its own
    return all(word.casefold().strip(",.") not in lex.VERB_ONLY_CUES for word in lead.split())


def after_colon(
    view: DocumentView, ledger: Ledger, state: SentenceState, record: Record, cue: Span
) -> bool:
    """'Caddell continued:' closing its paragraph: the quotation opening the next
    paragraph is what was said, or that paragraph itself when it has no quote marks."""
    opening = view.opening_next_paragraph(state.sentence)
    if opening and opening[0] not in ledger.claimed:
        ledger.claim_quotes(state, record, cue, opening)
        return True
    block = _block_quotation(view, state)
    if block:
        ledger.claim(state, record, cue, block, direct=True)
    return bool(block)


def _block_quotation(view: DocumentView, state: SentenceState) -> list[Span]:
    """'Limbaugh added:' closing its paragraph, and a next paragraph without quote
    marks: that paragraph is the quotation, set off as a block."""
    number = state.sentence.paragraph
    if (
        number + 1 >= len(view.paragraphs)
        or view.masked[state.sentence.end : view.paragraphs[number][1]].strip()
    ):
        return []
    following = view.paragraphs[number + 1]
    index = bisect_left(view.quote_opens, following[0])  # a quotation opening in it?
    if index < len(view.quotes) and view.quotes[index].open < following[1]:
        return []
    span = strip_clause(view.document, *following)
    return [span] if word_count(view.document, span) >= _MIN_BLOCK_WORDS else []


def without_intro(document: str, span: Span) -> Span | None:
    """SPAN without an opening adverbial ('After some challenges, the work met the
    standards' -> 'the work met the standards'); None when the adverbial is all there is."""
    first = document[span[0] : span[1]].split(" ", 1)[0].casefold()
    if first not in lex.INTRODUCTORY:
        return span
    comma = document.find(",", span[0], span[1])
    return strip_clause(document, comma + 1, span[1]) if comma != -1 else None


def _past_adverbial(masked: str, start: int, limit: int) -> int:
    """Where a quotation starts after a short adverbial that a comma or colon closes
    ('said Tuesday, "...', 'told reporters on Tuesday: "...'); START when there is none."""
    quote = masked.find(MASK, start, min(limit, start + _ADVERBIAL_CHARS))
    if quote < 0:
        return start
    between = masked[start:quote].rstrip()
    if between.casefold() in ("but", "and"):  # 'he said, but "...'
        return quote
    if not between.endswith((",", ":")) or len(between.split()) > _MAX_QUOTE_LEAD_WORDS:
        return start
    return quote


def _opens_with_intro(masked: str, start: int, quote_open: int) -> bool:
    """Whether the words before a quotation, from the sentence start, open an introductory
    phrase that no comma has closed ('In an interview on ...'): the quotation is in it."""
    before = masked[start:quote_open]
    words_before = before.split(maxsplit=1)
    opening = bool(words_before) and words_before[0].casefold() in lex.INTRODUCTORY
    return opening and "," not in before


def _after_preposition(masked: str, position: int) -> bool:
    """Whether the word just before POSITION is a preposition ('of "Fox News Sunday"')."""
    before = masked[max(0, position - 12) : position].split()
    return bool(before) and before[-1].casefold() in lex.PREPOSITIONS
