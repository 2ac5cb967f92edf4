"""Finding what was said at a cue: the quotation next to it (`_quoted_content`), or else
the reported clause or object after it, around it or before it."""

from __future__ import annotations

import re

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._cue_senses import TOPIC
from summarizer._engines._extractive._ledger import Ledger
from summarizer._engines._extractive._phrases import MASK
from summarizer._engines._extractive._quoted_content import (
    after_colon,
    claim_preceding,
    claim_running_on,
    clause_after,
    following_quotes,
    preceding_quotes,
    sentence_lead,
    without_intro,
)
from summarizer._engines._extractive._regex import capitalised_run
from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._state import (
    LEAD_IN,
    MIN_CLAUSE_WORDS,
    THAT,
    WINDOW,
    SentenceState,
    skip_space,
    word_count,
)
from summarizer._engines._extractive._text import Span, skip_dateline, strip_clause, words
from summarizer._engines._extractive._view import DocumentView

_CLAUSE_BREAK = re.compile(r";|, (?:although|though|even though) |, (?!including\b)[a-z]+ing\b")
# What ends the object of 'criticized', 'cited', ...: a clause or phrase of the writer's
_OBJECT_END = re.compile(
    r", (?:which|who|with|including|but|while|since|after)\b"
    # a participle phrase with its object: ', prompting a walkout', not ', rising fares'
    r"|, [a-z]{2,}ing (?=(?:a|an|the|his|her|their|its|this|that|him|them|it|in|on|with|to"
    r"|for|about|over)\b)"
    r"|, as\b(?! (?:much|many|well|long|soon|far|early|quickly|often)\b)"  # not ', as much as'
    r"| (?:because|after|before|since) "
    rf"| as (?={capitalised_run()} [a-z]+ed\b)"  # '... launch as Pyongyang fired'
    # a new clause: 'attacked X, and "it was ...," he said', '"jobs," but he has also ...'
    r"|, and (?=\x00)|,? but (?=\x00)|,? (?:and|but) (?=(?:he|she|they|it|we|i)\b)"
    r"|, and (?=(?:has|have|had|is|was|also|then)\b)"
    r"|, (?:another|a|an|his|her|their) (?=[a-z]+ [a-z])"  # ', another example of ...'
    # where it was said: 'rejected that argument in a ruling released Thursday'
    r"| (?:in|during|at) (?:a|an|the|his|her|their|its|(?:\w+ )?[\w.-]+(?:'s|’s)) (?:[\w-]+ ){0,3}?"
    rf"(?i:{lex.alternation(lex.SPEECH_EVENTS)})s?\b"
)
# 'called on the administration to ...', not 'criticized on Tuesday the plan'
_PHRASAL_ON = re.compile(
    r" on (?!(?:" + "|".join(sorted(lex.TIME_NOUNS | lex.TIME_WORDS)) + r")\b)", re.IGNORECASE
)
_NAME_THEN_SETTING = re.compile(rf"({capitalised_run(2)}) (?:in|on|at|during) ")
# 'rejected that argument in a ruling': 'that' as a determiner, not a clause opener
_DETERMINER_THAT = re.compile(r"that \w+(?=[,.;:]|$| (?:in|on|at|during|with|for|as)\b)")
_ORDER_AT = re.compile(r"(?:[\w.'’-]+ ){1,5}?to [a-z]{2,}")
_OPENING_SUBORDINATE = re.compile(r"(?:As|When|While|Although|Though|Because|Since|If) ")
_CLOSING_COMMA = re.compile(r",[”\"’']* ")
_AS_BEFORE = re.compile(r", as $")  # '..., as one adviser pointed out.'
# First words of no object worth a statement: 'declined to comment', 'called it', 'said so'
_NOT_AN_OBJECT = frozenset(
    ["to", "that", "this", "it", "them", "him", "her", "his", "me", "us", "as", "so", "one"]
)
_MAX_ADVERBIAL_WORDS = 12
# A coordinated clause after the verb of a relative clause: not what was said
_NOT_WHAT_WAS_SAID = re.compile(r"(?:and|but|or)\b")
# 'said Friday as he entered the talks': a clause after these says when, not what
_TIME_CONJUNCTIONS = frozenset(["as", "when", "while", "after", "before", "since", "until"])


def claim_content(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    record: Record,
    cue: Span,
    speaker_start: int,
    after: int,
    limit: int,
    backward: bool = True,
) -> None:
    """Claim for RECORD what it said at CUE: the quotations after the cue (with those
    before it, or with the clause they complete), else the quotations before the speaker
    at SPEAKER_START, else the reported clause from AFTER up to LIMIT (or, when BACKWARD,
    the clause before the speaker)."""
    following = following_quotes(view, ledger, state, after, limit)
    if following:
        preceding = preceding_quotes(view, ledger, state, speaker_start) if backward else []
        if not preceding and clause_after(view, following[-1], limit):
            claim_running_on(view, ledger, state, record, cue, following, limit)
            return
        lead = sentence_lead(view, state, speaker_start, following[0]) if backward else None
        if lead is not None and not preceding:
            span = (lead[0], view.quotes[following[-1]].content[1])
            ledger.claim_quotes(state, record, cue, following, span)
            return
        ledger.claim_quotes(state, record, cue, preceding + following)
        return
    preceding = preceding_quotes(view, ledger, state, speaker_start) if backward else []
    if preceding:
        claim_preceding(view, ledger, state, record, cue, preceding)
        return
    _clause_content(view, ledger, state, record, cue, speaker_start, after, limit, backward)


def _clause_content(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    record: Record,
    cue: Span,
    speaker_start: int,
    after: int,
    limit: int,
    backward: bool,
) -> None:
    remainder = view.masked[after:limit]
    if remainder.lstrip().startswith(","):
        if backward and _interrupts(view, state, speaker_start, remainder):
            _claim_around(view, ledger, state, record, cue, limit)
            return
        remainder = ""  # ', referencing ...': a participle phrase, not the content
    after, remainder = _past_particles(view, cue, after, remainder)
    if remainder.strip() == ":" and after_colon(view, ledger, state, record, cue):
        return
    if _opens_with_tail(view, cue, remainder):
        clause_start = _past_tail(view, after, limit)
        if clause_start is None:
            if backward:  # 'the plan will fail, she said Tuesday.'
                _backward(view, ledger, state, record, cue, speaker_start)
            return
        after = clause_start
    elif remainder.lstrip().startswith("that"):
        after = skip_space(view.masked, after)
    _claim_clause(view, ledger, state, record, cue, after, limit)


def _claim_around(
    view: DocumentView, ledger: Ledger, state: SentenceState, record: Record, cue: Span, limit: int
) -> None:
    """'Climate change, he said, is the greatest threat': one statement around the
    attribution, as one span."""
    end = _clause_end(view, state.cursor, limit)
    span = strip_clause(view.document, state.cursor, end)
    ledger.claim(state, record, cue, [without_dateline(view, span)], direct=False)


def _past_particles(view: DocumentView, cue: Span, after: int, remainder: str) -> tuple[int, str]:
    """Past what belongs to the verb: 'spoke out Tuesday about X' -> 'about X',
    'called on X to ...' -> 'X to ...' (one phrasal verb)."""
    if view.cue_text(cue) in lex.PREPOSITION_ONLY_VERBS and (topic := TOPIC.match(remainder)):
        start = topic.start("preposition")
        after, remainder = after + start, remainder[start:]
    if _object_cue(view, cue) and _PHRASAL_ON.match(remainder):
        after, remainder = after + 3, remainder[3:]
    return after, remainder


def _opens_with_tail(view: DocumentView, cue: Span, remainder: str) -> bool:
    """Whether the words after the verb open with a tail word ('said Tuesday', 'said
    in a statement') or nothing, rather than the content."""
    lead = LEAD_IN.match(remainder)
    first_word = remainder[lead.end() if lead else 0 :].split(" ", 1)[0].casefold()
    # 'wants to junk the exemptions': the infinitive is the content, 'to' no tail word
    infinitive = first_word == "to" and view.cue_text(cue) in lex.INFINITIVE_VERBS
    tail = first_word.strip(".,;:") in lex.TAIL_WORDS or not first_word.strip(".,;:!?")
    return tail and not infinitive


def _past_tail(view: DocumentView, after: int, limit: int) -> int | None:
    """Where the content starts after the tail words from AFTER ('said Tuesday that
    ...'), or None: then the content, if any, is the clause before the speaker."""
    that = THAT.search(view.masked, after, limit)
    if that and _adverbial_before_that(view.masked[after : that.start()]):
        return that.start()
    if (clause_start := _after_adverbial(view.masked, after, limit)) is not None:
        return clause_start
    return None


def _claim_clause(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    record: Record,
    cue: Span,
    after: int,
    limit: int,
) -> None:
    """The reported clause or object from AFTER, if it says something."""
    span = strip_clause(view.document, after, _content_end(view, state, cue, after, limit))
    if _NOT_WHAT_WAS_SAID.match(view.document, *span):
        return  # 'what she wants and Trump's supporters ...': the next clause
    if word_count(view.document, span) >= MIN_CLAUSE_WORDS or _short_object(view, cue, span):
        ledger.claim(state, record, cue, [without_dateline(view, span)], direct=False)
    elif view.masked[after:limit].rstrip().endswith(":"):
        ledger.claim(state, record, cue, [], direct=True)


def _content_end(
    view: DocumentView, state: SentenceState, cue: Span, after: int, limit: int
) -> int:
    """Where the reported clause or object starting at AFTER ends, before LIMIT."""
    end = _clause_end(view, after, limit)
    if _OPENING_SUBORDINATE.match(view.masked, state.sentence.start):
        # 'As Trump went on about "...," the crowd cheered': the opening clause ends
        # at its comma, inside a closing quote mark too
        comma = _CLOSING_COMMA.search(view.document, after, end)
        end = comma.start() + 1 if comma else end
    if not (_takes_object(view, cue, after, end) or _order(view, cue, after, end)):
        return end
    object_end = _OBJECT_END.search(view.masked, after, end)
    end = object_end.start() if object_end else end
    named = _NAME_THEN_SETTING.match(view.masked, skip_space(view.masked, after), end)
    return named.end(1) if named else end  # 'attacked Machado in early-morning tweets'


def _short_object(view: DocumentView, cue: Span, span: Span) -> bool:
    """'Ted Cruz endorses Trump', 'rejected that argument': a verb's object may be a
    name or a short noun phrase; not a pronoun or a bare infinitive ('to comment')."""
    text = view.document[span[0] : span[1]]
    if not text or not _object_cue(view, cue) or not any(ch.isalpha() for ch in text):
        return False
    if _DETERMINER_THAT.match(text):
        return True  # 'rejected that argument'
    return text.split()[0].casefold() not in _NOT_AN_OBJECT


def _takes_object(view: DocumentView, cue: Span, after: int, end: int) -> bool:
    """An object verb, or a participle ('is promising lower taxes, but ...'), with no
    that-clause after it: what follows is an object, which ends where the writer's own
    words start."""
    if view.masked.startswith("that", after) and not _DETERMINER_THAT.match(
        view.masked, after, end
    ):
        return False
    return _object_cue(view, cue) or view.cue_word(cue) in lex.OBJECT_PARTICIPLES


def _order(view: DocumentView, cue: Span, after: int, end: int) -> bool:
    """'warned officials to boost their security after hackers ...': an addressee and
    an infinitive, which end where an object does."""
    return view.cue_text(cue) in lex.TAKES_ADDRESSEE and bool(
        _ORDER_AT.match(view.masked, after, end)
    )


def _object_cue(view: DocumentView, cue: Span) -> bool:
    return view.cue_text(cue) in lex.OBJECT_OR_HEADLINE_VERBS


def _clause_end(view: DocumentView, start: int, limit: int) -> int:
    """Where a reported clause from START to LIMIT stops earlier: at a semicolon or a
    concessive ', although' / ', though' (the writer's addition), outside quotations."""
    match = _CLAUSE_BREAK.search(view.masked, start, limit)
    return match.start() if match else limit


def _interrupts(
    view: DocumentView, state: SentenceState, speaker_start: int, remainder: str
) -> bool:
    before = view.masked[state.cursor : speaker_start].rstrip().removesuffix(" as")
    following = remainder.lstrip(" ,").split(" ", 1)[0].casefold()
    return (
        before.endswith(",")
        and len(before.split()) >= 1
        and len(remainder.split()) >= MIN_CLAUSE_WORDS
        and not following.endswith("ing")
        and following not in lex.VERB_ONLY_CUES
        and MASK not in remainder[:3]
    )


def _backward(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    record: Record,
    cue: Span,
    speaker_start: int,
) -> None:
    """'Iraq may extend ..., officials and sources say.', '..., as a memo put it.':
    content before the speaker."""
    # the match ends at SPEAKER_START: the last few characters hold it, however far
    # back the cursor is
    lookback = max(state.cursor, speaker_start - len(_AS_BEFORE.pattern))
    as_ = _AS_BEFORE.search(view.masked, lookback, speaker_start)
    end = as_.start() + 1 if as_ else speaker_start
    if "," not in view.masked[max(state.cursor, end - 3) : end]:
        return
    span = without_intro(view.document, strip_clause(view.document, state.cursor, end))
    if span is not None and word_count(view.document, span) >= MIN_CLAUSE_WORDS:
        ledger.claim(state, record, cue, [without_dateline(view, span)], direct=False)


def without_dateline(view: DocumentView, span: Span) -> Span:
    """SPAN without a dateline opening it ('WASHINGTON (AP) — ')."""
    start = skip_dateline(view.document, span[0], span[1])
    return (start, span[1]) if start < span[1] else span


def _after_adverbial(masked: str, after: int, limit: int) -> int | None:
    """'said after the convention he would ...': where the clause after a short
    prepositional phrase starts (a pronoun, determiner or name), if it does."""
    spans = words(masked, after, min(limit, after + WINDOW))
    if len(spans) < MIN_CLAUSE_WORDS + 2 or MASK in masked[after : spans[4][0]]:
        return None
    for index in range(2, 5):
        word = masked[spans[index][0] : spans[index][1]]
        if masked[spans[index - 1][1] : spans[index][0]].strip():
            return None  # punctuation: 'said in a statement, adding'
        if word.casefold() in lex.CLAUSE_STARTS or (word[:1].isupper() and index >= 2):
            before = masked[spans[index - 1][0] : spans[index - 1][1]].casefold()
            if before in _TIME_CONJUNCTIONS:
                return None  # 'said Friday as he entered the talks': when, not what
            rest = len(spans) - index
            return spans[index][0] if rest >= MIN_CLAUSE_WORDS + 1 else None
    return None


def _adverbial_before_that(between: str) -> bool:
    """'said Tuesday that', 'said at a campaign stop in Toledo, Ohio, that': the words
    between a cue and 'that' are a short adverbial (longer when a comma closes it)."""
    words_between = between.split()
    count = len(words_between)
    if count <= 6:
        return True
    prepositional = words_between[0].casefold() in lex.PREPOSITIONS | {"during"}
    closed = between.rstrip().endswith(",")
    return count <= _MAX_ADVERBIAL_WORDS and (closed or prepositional)
