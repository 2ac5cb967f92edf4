"""The kinds of attribution cue and how each finds its speaker and content: a verb
('X said', '"...," said X'), 'according to X', a passive with its agent ('was reported by
X'), 'X quoted Y', and a participle continuing the sentence's attribution ('..., adding')."""

from __future__ import annotations

import re

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._content import claim_content, without_dateline
from summarizer._engines._extractive._cue_senses import (
    PASSIVE_AUXILIARY,
    passive_with_agent,
)
from summarizer._engines._extractive._ledger import Ledger
from summarizer._engines._extractive._mentions import after_place_preposition
from summarizer._engines._extractive._phrases import (
    MASK,
    left_subject,
    right_phrase,
)
from summarizer._engines._extractive._regex import capitalised_run
from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._speaker_finding import (
    closing_inversion,
    coordinated,
    inverted_speaker,
    opening_mention,
    opening_record,
    skip_addressee,
    subject_record,
)
from summarizer._engines._extractive._speakers import Mention, parse_speaker
from summarizer._engines._extractive._state import (
    LEAD_IN,
    MIN_CLAUSE_WORDS,
    SentenceState,
    left_edge,
    skip_space,
    word_count,
)
from summarizer._engines._extractive._text import (
    Span,
    skip_dateline,
    strip_clause,
    word_set,
    words,
)
from summarizer._engines._extractive._view import DocumentView

_GERUND_SUBJECT = re.compile(
    rf"(?<=[a-z] ){capitalised_run(3)}(?= (?:is |was |are |were )?$)"
)  # 'footage of Trump saying', '... and Hillary Clinton is promising
_AGENT_STOPS = word_set("for in on at during after before since until with")
_MIN_PASSIVE_WORDS = 2  # 'The registration issue was reported by', not 'It was
_MAX_ACCORDING_WORDS = 30
_OBJECT_STOPS = word_set("as saying who that said")


def attribute_cue(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> None:
    """Find the speaker and content of CUE (content up to LIMIT) by the kind of cue."""
    word = view.cue_word(cue)
    state.mention = None  # set by whichever rule finds this cue's speaker
    if word == "according":
        _according(view, ledger, state, cue, limit)
    elif passive_with_agent(view.masked, state.sentence.start, cue):
        _by_agent(view, ledger, state, cue, limit)
    elif word == "quoted":
        _quoted(view, ledger, state, cue, limit)
    elif word in lex.PARTICIPLES:
        _participle(view, ledger, state, cue, limit)
    else:
        backward = word not in lex.OBJECT_VERBS or _nothing_after(view, cue, limit)
        _verb(view, ledger, state, cue, limit, backward=backward)


def _nothing_after(view: DocumentView, cue: Span, limit: int) -> bool:
    """'"Why isn't this proof?" Vitter demanded.': an object verb with no object looks
    back to the quotation, as a speech verb does."""
    rest = view.masked[cue[1] : limit].strip(" .,;:!?").split()
    return not rest or rest[0].casefold() in lex.TAIL_WORDS


def _verb(
    view: DocumentView,
    ledger: Ledger,
    state: SentenceState,
    cue: Span,
    limit: int,
    *,
    backward: bool,
) -> None:
    if backward and closing_inversion(view, state, cue, limit):
        subject = None  # '..., said one GOP source.': the speaker follows the verb
    else:
        subject = left_subject(view.masked, left_edge(state, cue), cue[0])
    if subject is not None:
        record = subject_record(view, ledger, state, subject)
        speaker_start, after = subject.start, cue[1]
    elif coordinated(view, state, cue):
        record = state.same_speaker() or opening_record(view, ledger, state, cue[0])
        speaker_start, after = cue[0], cue[1]
        backward = False
    else:
        found = inverted_speaker(view, ledger, state, cue, limit) if backward else None
        record, after = found or (None, cue[1])
        speaker_start = cue[0]
    if record is None:
        record = _opening_document(view, ledger, state, cue)
        speaker_start, after, backward = cue[0], cue[1], False
    if record is None:
        return
    state.speaker(record, state.mention, relative=subject is not None and subject.relative)
    after = skip_addressee(view, record, cue, after, limit, state.sentence.paragraph)
    claim_content(view, ledger, state, record, cue, speaker_start, after, limit, backward=backward)


def _opening_document(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span
) -> Record | None:
    """'A USA TODAY analysis of super PACs that have raised ... shows ...': a poll, a
    study or a report opening the sentence speaks when the words just before the cue
    name nobody."""
    found = opening_mention(view, state, cue[0])
    if found is None or found[1].kind != "document":
        return None
    state.mention, mention = found
    return ledger.registry.resolve(mention, state.sentence.paragraph)


def _participle(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> None:
    if _opening_participle(view, ledger, state, cue, limit):
        return
    record = _gerund_subject(view, ledger, state, cue)
    if record is None and not state.previous_relative:
        record = state.same_speaker()  # not 'an architect who said ..., saying'
    record = record or opening_record(view, ledger, state, cue[0])
    if record is not None:
        claim_content(view, ledger, state, record, cue, cue[0], cue[1], limit, backward=False)


def _opening_participle(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> bool:
    """'Citing an unfounded theory, Trump accused ...': a participle phrase opening the
    sentence belongs to the subject after its comma. True when it was one."""
    if skip_dateline(view.document, state.sentence.start, cue[0]) != cue[0]:
        return False
    comma = view.masked.find(",", cue[1], limit + 1)
    if comma < 0:
        return True  # the phrase runs into the next cue: nobody to give it to yet
    subject = skip_space(view.masked, comma + 1)
    record = opening_record(view, ledger, state, state.sentence.end, subject)
    span = strip_clause(view.document, cue[1], comma)
    if record is not None and word_count(view.document, span) >= MIN_CLAUSE_WORDS:
        state.speaker(record, state.mention)
        ledger.claim(state, record, cue, [without_dateline(view, span)], direct=False)
    return True


def _gerund_subject(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span
) -> Record | None:
    """'footage of Trump saying ...': a name right before the participle speaks."""
    name = _GERUND_SUBJECT.search(view.masked, left_edge(state, cue), cue[0])
    if name is None or name.start() == state.sentence.start:
        return None
    if after_place_preposition(view.masked, name.start()):
        return None  # 'officials in Washington saying': a place
    if name.group().split()[-1].casefold() in lex.TIME_NOUNS:
        return None  # 'tweets early Friday saying': a day
    mention = parse_speaker(name.group())
    if mention is None or mention.kind != "named_person":
        return None
    state.mention = name.span()
    return ledger.registry.resolve(mention, state.sentence.paragraph)


def _by_agent(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> None:
    """'The registration issue was first reported by The Washington Post': the agent
    after 'by' said what the subject names."""
    found = right_phrase(view.masked, cue[1] + 4, limit, appositive=False, stop=_AGENT_STOPS)
    auxiliary = PASSIVE_AUXILIARY.search(view.masked, left_edge(state, cue), cue[0])
    if auxiliary is None:
        return
    subject = left_subject(view.masked, left_edge(state, cue), auxiliary.start())
    if found is None or subject is None or subject.relative:
        return
    mention = parse_speaker(view.text(found[0]))
    content = (subject.start, (subject.appositive or subject.core)[1])
    if mention is None or word_count(view.document, content) < _MIN_PASSIVE_WORDS:
        return
    state.mention = found[0]
    record = ledger.registry.resolve(mention, state.sentence.paragraph)
    if record is not None:
        state.speaker(record, state.mention)
        ledger.claim(state, record, cue, [content], direct=False)


def _according(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> None:
    found = _according_source(view, skip_space(view.masked, cue[1]), limit)
    if found is None:
        return
    source, mention, after = found
    state.mention = source
    record = ledger.registry.resolve(mention, state.sentence.paragraph)
    if record is None:
        return
    before = strip_clause(view.document, state.cursor, cue[0])
    if word_count(view.document, before) >= MIN_CLAUSE_WORDS:
        ledger.claim(state, record, cue, [without_dateline(view, before)], direct=False)
        return
    while after < limit and view.masked[after] in " ,":
        after += 1
    claim_content(view, ledger, state, record, cue, cue[0], after, limit, backward=False)


def _according_source(
    view: DocumentView, start: int, limit: int
) -> tuple[Span, Mention, int] | None:
    """The source after 'according to' and where its phrase ends. A phrase too long for
    a name ('a 52-count civil complaint filed by ... and ..., the developers ...') is
    named by its head, up to its first participle or 'by', and ends at its comma."""
    found = right_phrase(view.masked, start, limit, appositive=False)
    if found is None:
        return None
    mention = parse_speaker(view.text(found[0]))
    if mention is not None:
        return found[0], mention, found[0][1]
    comma = view.masked.find(",", start, limit)
    if comma < 0 or len(view.masked[start:comma].split()) > _MAX_ACCORDING_WORDS:
        return None
    head = _head_phrase(view.masked, start, comma)
    mention = parse_speaker(view.text(head)) if head else None
    return (head, mention, comma) if head and mention else None


def _quoted(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> None:
    """'The Washington Post quoted an unnamed Iraqi official who claimed ...'."""
    subject = left_subject(view.masked, left_edge(state, cue), cue[0])
    found = right_phrase(
        view.masked,
        skip_space(view.masked, cue[1]),
        limit,
        appositive=False,
        stop=_OBJECT_STOPS,
    )
    if subject is None or found is None:
        return
    outlet = subject_record(view, ledger, state, subject)
    quoted = parse_speaker(view.text(found[0]))
    if outlet is None or quoted is None:
        return
    # the sentence attributes, it is no statement of the outlet's: 'via' names it
    ledger.claim(state, outlet, cue, [], direct=False)
    state.relay[found[0]] = outlet.name
    speaker = ledger.registry.resolve(quoted, state.sentence.paragraph, outlet.name)
    if speaker is not None:
        state.speaker(speaker, found[0])  # the outlet is no mention of whom it quotes
        after = found[0][1]
        if view.masked.startswith(" as", after):
            after = skip_space(view.masked, after + 3)
        lead = LEAD_IN.match(view.masked, after, limit)
        if lead and lead.end() < limit and view.masked[lead.end()] == MASK:
            # 'quoted X (as saying) "..."'; a 'who said ...' clause is its own cue
            claim_content(view, ledger, state, speaker, cue, cue[0], after, limit, backward=False)


def _head_phrase(masked: str, start: int, end: int) -> Span | None:
    """The words of [START, END) before the first participle or 'by' after the first word
    ('a 52-count civil complaint' of 'a 52-count civil complaint filed by ...')."""
    spans = words(masked, start, end)
    for index, (word_start, word_end) in enumerate(spans[1:], 1):
        word = masked[word_start:word_end]
        if word == "by" or (word.islower() and word.endswith("ed")):
            return (spans[0][0], spans[index - 1][1])
    return None
