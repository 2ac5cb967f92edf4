"""Who said what: link quotations and reported clauses to their speakers.

One pass over the sentences in document order finds attribution cues (said, told,
according to, ...), their speaker and their content; a second pass gives quote-only
sentences and the other paragraphs of a multi-paragraph quotation to the speaker the
news convention implies (the last one, or the one attributed elsewhere in the same
quotation). The document is read once into a `DocumentView` (`_view`); what is found
goes into a `Ledger` (`_ledger`). This module holds the sentence loop: which cues of a
sentence attribute and where each one's content stops. `_cue_kinds` handles each kind of
cue, `_speaker_finding` finds a cue's speaker, `_content` what it said, `_conventions`
the paragraph-level conventions: plain functions of the view and the ledger.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._conventions import (
    claim_continuations,
    claim_label,
    colon_speaker,
    dash_speaker,
    ends_with_colon,
    tidy_statements,
)
from summarizer._engines._extractive._cue_kinds import attribute_cue
from summarizer._engines._extractive._cue_senses import (
    attributes_here,
)
from summarizer._engines._extractive._ledger import Ledger
from summarizer._engines._extractive._phrases import (
    MASK,
    left_subject,
)
from summarizer._engines._extractive._regex import capitalised_run
from summarizer._engines._extractive._speaker_finding import (
    complete_names,
)
from summarizer._engines._extractive._state import (
    MIN_CLAUSE_WORDS,
    Attributions,
    SentenceState,
    left_edge,
)
from summarizer._engines._extractive._text import (
    Sentence,
    Span,
    word_set,
)
from summarizer._engines._extractive._view import DocumentView, view_of

# Capitalised words ending right before the cue, after a lower-case word: 'of Trump saying'
_MAX_TAIL_WORDS = 8

# ', and Hillary Clinton is' before the next cue: that cue's clause, not this content
# (checked first, even before a verb of the reported clause); with a pronoun ('and he
# has'), only before a cue that starts an attribution of its own
_NAMED = capitalised_run(3)
_THEN_AUXILIARY = r"(?: (?:is|was|are|were|has|have|had|also))? ?$"
_OTHER_SUBJECT = re.compile(rf",? (?:and|but|while) {_NAMED}{_THEN_AUXILIARY}")
_PRONOUN_NEXT_CLAUSE = re.compile(rf",? (?:and|but|while) (?:he|she|they){_THEN_AUXILIARY}")
# A cue inside a subordinate clause of the reported clause ('said he could not answer
# because Republicans had only asked ...') is part of what was said.
_SUBORDINATE = re.compile(r" (?:because|although|though|unless|until|if|when) [^,;:\x00]*$")
_AFTER_PREPOSITION = re.compile(r" (?:for|of|in|by|about|after|before|without|from) $")
# A noun, then a pronoun and the cue: a relative clause without 'that' inside the
# reported clause ('the approximately $18 million he says he raised')
_CONTACT_CLAUSE = re.compile(
    r"^[^,;:\x00]* (?!(?:and|but|or|so|yet|that|which|who|whom|because|if|when|as|is|was"
    r"|are|were|has|had|be)\b)[a-z0-9$%]+ (?:he|she|they|we) $"
)
_MAIN_CLAUSE = re.compile(rf", {_NAMED} $")
_COORDINATED = re.compile(r" and(?: \w+ly)? $")
_SUBJECT_PRONOUNS = (
    lex.PRONOUNS_SINGULAR | lex.PRONOUNS_PLURAL | lex.PRONOUNS_NEUTER | word_set("i we you")
)
_RELATIVES = word_set("who that which")
_CLAUSE_AUXILIARIES = lex.FINITE_AUXILIARIES | lex.AUXILIARIES
_MAX_THAT_SUBJECT = 5
# Cues a reported clause may hold ('X said Y said Z warned ...'); real news has at most 3
# (the seed and the 84 dev articles). A chain of thousands must not make every clause
# run to the end of the sentence: that is quadratic in time and in output.
_MAX_NESTED_CUES = 8


def attribute(document: str) -> Attributions:
    """Sources and their statements for DOCUMENT."""
    view = view_of(document)
    ledger = Ledger(view)
    _claim_sentences(view, ledger)
    claim_continuations(view, ledger)
    tidy_statements(view, ledger)
    complete_names(view, ledger)
    return Attributions(
        ledger.registry.records,
        ledger.claims,
        view.sentences,
        view.plain_sentences,
        view.quotes,
        view.paragraphs,
        view.masked,
    )


def _claim_sentences(view: DocumentView, ledger: Ledger) -> None:
    """The first pass: each sentence's cues, in document order; a paragraph that opens
    with a speaker's label ('PENCE: ...') is that speaker's, whole."""
    consumed_paragraph = -1
    quotes_by_sentence = _quotes_by_sentence(view)
    for index, sentence in enumerate(view.sentences):
        quotes = quotes_by_sentence[index]
        if sentence.paragraph == consumed_paragraph:
            continue
        if claim_label(view, ledger, sentence):
            consumed_paragraph = sentence.paragraph
            continue
        _sentence(view, ledger, sentence, index, quotes)


def _quotes_by_sentence(view: DocumentView) -> list[list[int]]:
    """The quotations opening in each sentence, in one walk over both lists."""
    found: list[list[int]] = []
    first = 0  # the first quotation not yet passed
    quotes = view.quotes
    for sentence in view.sentences:
        here = []
        index = first
        while index < len(quotes) and quotes[index].open < sentence.end:
            if quotes[index].open >= sentence.start:
                here.append(index)
            index += 1
        first = index
        found.append(here)
    return found


def _sentence(
    view: DocumentView, ledger: Ledger, sentence: Sentence, index: int, quotes: list[int]
) -> None:
    cues = _cues_in(view, sentence)
    if not cues and not quotes and not ends_with_colon(view, sentence):
        return  # most sentences: nobody is quoted or cited
    state = SentenceState(sentence, index, quotes, cursor=sentence.start)
    if len(cues) > 1 and _closes_sentence(view, state, cues[-1]):
        cues = cues[-1:]  # 'X called for Y, sources said.': the earlier cues are reported
    for cue, limit in zip(cues, _limits(view, cues, sentence), strict=True):
        attribute_cue(view, ledger, state, cue, limit)
    if not cues:
        dash_speaker(view, ledger, state)
        colon_speaker(view, ledger, state)


def _limits(view: DocumentView, cues: list[Span], sentence: Sentence) -> list[int]:
    """Where the content of each cue stops: at the next cue that starts a clause or an
    attribution of its own; a cue that reads as part of the reported clause ('said
    she opposes the deal') does not stop it, up to a few of them. One pass from the
    last cue back (each gap between cues is read once), so that a sentence of
    thousands of cues stays linear, and so does the content they make up."""
    limits = [sentence.end] * len(cues)
    stop = stop_or_coordinated = sentence.end  # the nearest, for either kind of verb
    for number in range(len(cues) - 2, -1, -1):
        start, following = cues[number][1], cues[number + 1]
        own = _stop_before(view, following, start)
        stop = stop if own is None else own
        if _COORDINATED.search(view.masked, start, following[0]):
            stop_or_coordinated = following[0]  # 'criticized the deals and called for'
        elif own is not None:
            stop_or_coordinated = own
        takes_object = view.cue_text(cues[number]) in lex.OBJECT_VERBS
        limits[number] = stop_or_coordinated if takes_object else stop
        if number + _MAX_NESTED_CUES + 1 < len(cues):
            limits[number] = min(limits[number], cues[number + _MAX_NESTED_CUES + 1][0])
    return limits


def _stop_before(view: DocumentView, cue: Span, start: int) -> int | None:
    """Where the content of an earlier cue ending at START stops before CUE, the next
    one, or None when CUE belongs to that content."""
    new_clause = _new_clause_before(view, start, cue[0])
    if new_clause is not None:
        return new_clause
    if _inside_reported_clause(view, cue, view.masked[start : cue[0]]):
        return None
    subject = _PRONOUN_NEXT_CLAUSE.search(view.masked, start, cue[0])
    return subject.start() if subject else cue[0]


def _new_clause_before(view: DocumentView, start: int, cue_start: int) -> int | None:
    """Where a clause of the writer's or another speaker's opens between START and the
    next cue: an open parenthesis, ', Trump highlighted', 'and Democrats accused'."""
    opened = view.masked.rfind("(", start, cue_start)
    if opened >= 0 and ")" not in view.masked[opened:cue_start]:
        return opened  # '... to a van (her campaign later disclosed ...)'
    found = _MAIN_CLAUSE.search(view.masked, start, cue_start) or _OTHER_SUBJECT.search(
        view.masked, start, cue_start
    )
    return found.start() if found else None


def _inside_reported_clause(view: DocumentView, cue: Span, between: str) -> bool:
    """Whether the next cue, BETWEEN words after the last one, belongs to the reported
    clause: a verb of wanting or judging ('said she opposes'), a gerund ('apologize
    for suggesting'), a relative clause without 'that' ('the $18 million he says he
    raised'), a subordinate clause ('because Republicans had only asked')."""
    word = view.cue_word(cue)
    if word in lex.PARTICIPLES and _AFTER_PREPOSITION.search(between):
        return True
    return (
        word in lex.NESTED_VERBS
        or _opens_reported_clause(between)
        or _SUBORDINATE.search(between) is not None
        or _CONTACT_CLAUSE.search(between) is not None
    )


def _closes_sentence(view: DocumentView, state: SentenceState, cue: Span) -> bool:
    """', officials say.' / ', according to X.' ends the sentence and owns the clause."""
    word = view.cue_word(cue)
    tail = view.masked[cue[1] : state.sentence.end]
    if MASK in tail or MASK in view.masked[state.sentence.start : cue[0]]:
        return False
    if word == "according":
        return view.masked[state.sentence.start : cue[0]].rstrip().endswith(",") and (
            len(tail.split()) <= _MAX_TAIL_WORDS
        )
    if word not in lex.SPEECH_VERBS:
        return False
    subject = left_subject(view.masked, left_edge(state, cue), cue[0])
    if subject is None:
        return False
    before = view.masked[left_edge(state, cue) : subject.start].rstrip()
    first = tail.split()[0].casefold().strip(".,") if tail.split() else ""
    return (
        before.endswith(",")
        and (not first or first in lex.TAIL_WORDS)
        and (len(tail.split()) <= _MAX_TAIL_WORDS)
    )


def _cues_in(view: DocumentView, sentence: Sentence) -> list[Span]:
    lo = bisect_left(view.cue_starts, sentence.start)
    hi = bisect_left(view.cue_starts, sentence.end)
    return [
        cue
        for cue in view.cues[lo:hi]
        if cue[1] <= sentence.end and attributes_here(view.masked, sentence.start, cue)
    ]


def _opens_reported_clause(between: str) -> bool:
    """'says Machado promised ...', 'said he warned ...': a cue right after a bare subject
    is the verb of the reported clause, not a new attribution that ends the content."""
    words = between.split()
    longest = MIN_CLAUSE_WORDS - 1
    if words and words[0] == "that":
        words = words[1:]  # 'wrote that Trump had claimed ...'
        longest = _MAX_THAT_SUBJECT  # 'that the Commission on Presidential Debates announced'
    while words and words[-1].casefold() in _CLAUSE_AUXILIARIES:
        words.pop()
    if not 1 <= len(words) <= longest or any(mark in between for mark in ",;:—–" + MASK):
        return False
    first, last = words[0], words[-1].casefold()
    if longest == _MAX_THAT_SUBJECT and first.casefold() in lex.CLAUSE_STARTS:
        return True  # 'that the commission announced', 'that his aides said'
    # 'saying anybody who complains': a cue in a relative clause is part of the content too
    return first[:1].isupper() or first.casefold() in _SUBJECT_PRONOUNS or last in _RELATIVES
