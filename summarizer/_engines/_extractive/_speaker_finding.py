"""Finding the speaker of a cue: its subject, a pronoun's antecedent, an inverted or
coordinated verb's subject, and the addressee an outlet turns into `via`."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from heapq import merge
from operator import itemgetter

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._ledger import Ledger
from summarizer._engines._extractive._mentions import (
    Gender,
    after_place_preposition,
    full_names,
    pronoun_gender,
)
from summarizer._engines._extractive._phrases import (
    MASK,
    Subject,
    right_phrase,
    sentence_opening_name,
    strip_auxiliaries,
)
from summarizer._engines._extractive._quotes import Quote
from summarizer._engines._extractive._registry import PRONOUN_REACH, Record
from summarizer._engines._extractive._speakers import Mention, looks_like_outlet, parse_speaker
from summarizer._engines._extractive._state import (
    MIN_CLAUSE_WORDS,
    THAT,
    SentenceState,
    left_edge,
    skip_space,
)
from summarizer._engines._extractive._text import Sentence, Span, skip_dateline, word_set, words
from summarizer._engines._extractive._view import DocumentView

_ADDRESSEE_STOPS = word_set("that in on at about during after before")
# An addressee, then an infinitive: 'officials to boost', not 'not to be named'
_ORDER = re.compile(r"(?!not\b|never\b)[\w.'’-]+(?: [\w.'’-]+){0,5}? to [a-z]{2,}")
_PRONOUN_SUBJECT = re.compile(r"(?:he|she)\b")
# How far back a pronoun's antecedent is looked for. On the seed and the 84 dev articles it
# is found at most 5 sentences and 942 characters back; these bounds are 4 and 3 times that.
ANTECEDENT_SENTENCES = 20
ANTECEDENT_CHARS = 3000
_position = itemgetter(0)
_SHOW_WORDS = 5
_HEADING_WORDS = 14
_INTRO = lex.INTRODUCTORY | {"with"}
# 'On Thursday, however, Trump spoke ...': the main clause starts after these ('As X
# said, ...' is an attribution of its own, not an introduction)
_OPENING_INTRO = re.compile(
    r"(?:(?:" + "|".join(sorted(word.capitalize() for word in lex.INTRODUCTORY - {"as"})) + r")"
    r" [^.;:\x00]{1,60}?, (?!\d))?"  # not inside a date: 'On July 6, 2015, Sanders ...'
    r"(?:(?:however|meanwhile|instead|still|though|too), )?"
)
_INTRO_CHARS = 120  # an opening phrase longer than this is no mere introduction
_SHORT_AGENT = 5  # 'list', 'asian' ... are no agent nouns
_CLAUSE_OPENING = lex.CLAUSE_STARTS | {"there"}
# Words that make a clause of the phrase after a verb: no speaker phrase holds them.
_VERBLESS = lex.FINITE_AUXILIARIES | word_set("not never does do did")
_SHORT_WORD = 3  # 'of', 'the', 'and' stay lower case in a title
_SPEAKER_OPENERS = word_set(
    """
    a an the his her its their our my your this that these those some many several most few all
    both each every one two three four five other others another any no
    """
)


def subject_record(
    view: DocumentView, ledger: Ledger, state: SentenceState, subject: Subject
) -> Record | None:
    """The source a cue's subject phrase names ('Sen. Ann Lee, a Democrat', 'she'), or
    None for a phrase that names nobody (a place, a mis-cut clause)."""
    appositive = view.text(subject.appositive) if subject.appositive else None
    core = view.text(subject.core)
    mention = parse_speaker(core, appositive)
    if mention is None or not _plausible_speaker(core, mention):
        return None
    if after_place_preposition(view.masked, subject.core[0]):
        return None  # 'the priority on black voters in Florida shows': a place
    state.mention = (subject.core[0], (subject.appositive or subject.core)[1])
    if mention.name in ("he", "she"):
        return _antecedent(view, ledger, mention, state)
    via = state.relay.get(subject.core)
    return ledger.registry.resolve(mention, state.sentence.paragraph, via)


def complete_names(view: DocumentView, ledger: Ledger) -> None:
    """'Sanders' -> 'Bernie Sanders' when the text names him in full somewhere, even
    outside an attribution ('Bernie Sanders offered some pointed advice')."""
    short = [r for r in ledger.registry.records if r.kind == "named_person" and " " not in r.name]
    full = full_names(view.masked, {record.name for record in short})
    for record in short:
        record.name = full.get(record.name, record.name)


def _antecedent(
    view: DocumentView, ledger: Ledger, pronoun: Mention, state: SentenceState
) -> Record | None:
    """The person 'he'/'she' refers to: the first fitting person of the sentence before
    the pronoun ('X scolded him: "...," she said') or else of the nearest sentence
    before, counting attributed speakers and names mentioned in passing. The search
    reaches a few sentences and characters back, never the whole paragraph: a
    paragraph of thousands of 'he said' would make it quadratic."""
    wanted = pronoun_gender(pronoun.name)
    at = state.mention[0] if state.mention is not None else state.sentence.start
    reach = at - ANTECEDENT_CHARS
    if state.mention is not None:
        here = Sentence(max(state.sentence.start, reach), at, state.sentence.paragraph)
        record = _first_person(view, ledger, here, wanted, state.sentence.paragraph)
        if record is not None:
            return record
    for index in range(state.index - 1, max(state.index - ANTECEDENT_SENTENCES, 0) - 1, -1):
        sentence = view.sentences[index]
        if state.sentence.paragraph - sentence.paragraph > PRONOUN_REACH:
            return None
        if sentence.start < reach:
            return None
        if _heading(view, sentence):
            continue  # 'Trending Today', 'Gender Equality.': a topic, nobody's name
        record = _first_person(view, ledger, sentence, wanted, state.sentence.paragraph)
        if record is not None:
            return record
    return None


def _first_person(
    view: DocumentView, ledger: Ledger, sentence: Sentence, wanted: Gender, paragraph: int
) -> Record | None:
    """The sentence's first fitting person, its subject first: names inside an opening
    phrase ('In an interview with Trending Today USA, Ham said') come last. Candidates
    are read in order and only until one fits."""
    if not _may_name_someone(view, ledger, sentence.start, sentence.end):
        return None
    subject_start = _after_intro(view, sentence)
    in_intro: list[tuple[int, Record | Span]] = []
    for candidate in _candidates(view, ledger, sentence):
        if candidate[0] < subject_start:
            in_intro.append(candidate)
        elif (record := _person_record(view, ledger, candidate, wanted, paragraph)) is not None:
            return record
    for candidate in in_intro:
        if (record := _person_record(view, ledger, candidate, wanted, paragraph)) is not None:
            return record
    return None


def _may_name_someone(view: DocumentView, ledger: Ledger, start: int, end: int) -> bool:
    """Whether [START, END) holds a candidate at all: an attributed speaker or a
    capital letter (every name opens with one). Two bisections, no scan."""
    capitals = view.capitals
    named = bisect_left(capitals, end) > bisect_left(capitals, start)
    return named or ledger.has_mark_between(start, end)


def _after_intro(view: DocumentView, sentence: Sentence) -> int:
    """Where the subject starts after an opening phrase closed by a comma, if any."""
    head = view.masked[sentence.start : min(sentence.end, sentence.start + _INTRO_CHARS)]
    first = head.split(" ", 1)[0].casefold()
    comma = head.find(",")
    return sentence.start + comma + 1 if first in _INTRO and comma > 0 else sentence.start


def _heading(view: DocumentView, sentence: Sentence) -> bool:
    """A paragraph of one short sentence in title case: a headline or section title."""
    if (sentence.start, sentence.end) != view.paragraphs[sentence.paragraph]:
        return False
    words = view.text((sentence.start, sentence.end)).split()
    long_words = [word for word in words if len(word) > _SHORT_WORD]
    return len(words) <= _HEADING_WORDS and all(word[:1].isupper() for word in long_words)


def _candidates(
    view: DocumentView, ledger: Ledger, sentence: Sentence
) -> Iterator[tuple[int, Record | Span]]:
    """Attributed speakers, names and known surnames of SENTENCE in document order
    (speakers first at one position), each found when the one before did not fit."""
    marks: list[tuple[int, Record | Span]] = list(
        ledger.marks_between(sentence.start, sentence.end)
    )
    names = ((span[0], span) for span in view.people.between(sentence.start, sentence.end))
    return merge(marks, names, _known_surnames(view, ledger, sentence), key=_position)


def _known_surnames(
    view: DocumentView, ledger: Ledger, sentence: Sentence
) -> Iterator[tuple[int, Record | Span]]:
    """'Trump took offense ...': a speaker's surname alone names them too."""
    positions, keys = view.capitalised(sentence.start)
    first = bisect_left(positions, sentence.start)
    for index in range(first, bisect_left(positions, sentence.end)):
        record = ledger.registry.person_by_surname(keys[index])
        if record is not None:
            yield positions[index], record


def _person_record(
    view: DocumentView,
    ledger: Ledger,
    candidate: tuple[int, Record | Span],
    wanted: Gender,
    paragraph: int,
) -> Record | None:
    _, found = candidate
    if isinstance(found, Record):
        fits = found.kind == "named_person" and found.gender in (None, wanted)
        return found if fits else None
    mention = parse_speaker(view.text(found))
    if mention is None or mention.kind != "named_person" or mention.gender not in (None, wanted):
        return None
    return ledger.registry.resolve(mention, paragraph)


def closing_inversion(view: DocumentView, state: SentenceState, cue: Span, limit: int) -> bool:
    """'..., said one GOP source in the room.': after a comma, a verb that takes no
    addressee ('told The New Region' does) and then a speaker phrase that ends the
    sentence (no weekday, no verb: 'said the law does not apply' reports a clause)."""
    if view.cue_text(cue) in lex.TAKES_ADDRESSEE or not _after_comma(view, state, cue):
        return False
    found = _speaker_after(view, cue, limit)
    if found is None:
        return False
    core, appositive, _ = found
    rest = view.masked[(appositive or core)[1] : state.sentence.end].strip(" .,;:!?")
    words_in = view.text(core).casefold().split()
    return not rest and words_in[0] not in lex.TAIL_WORDS and _VERBLESS.isdisjoint(words_in)


def _after_comma(view: DocumentView, state: SentenceState, cue: Span) -> bool:
    return view.masked[left_edge(state, cue) : cue[0]].rstrip().endswith(",")


def inverted_speaker(
    view: DocumentView, ledger: Ledger, state: SentenceState, cue: Span, limit: int
) -> tuple[Record, int] | None:
    """'"...," said Donna Brazile, the interim chairwoman.': speaker after the verb."""
    before = view.masked[left_edge(state, cue) : cue[0]].rstrip()
    if before and before[-1] not in ("," + MASK):
        return None
    found = _speaker_after(view, cue, limit)
    if found is None:
        return None
    core, appositive, mention = found
    state.mention = (core[0], (appositive or core)[1])
    record = ledger.registry.resolve(mention, state.sentence.paragraph)
    return (record, (appositive or core)[1]) if record else None


def _speaker_after(
    view: DocumentView, cue: Span, limit: int
) -> tuple[Span, Span | None, Mention] | None:
    """The speaker phrase right after the verb (its core, appositive and mention), if it
    opens like one: 'said one GOP source' and 'said the aide' name speakers, 'said it'
    not."""
    found = right_phrase(view.masked, skip_space(view.masked, cue[1]), limit, appositive=True)
    if found is None:
        return None
    core, appositive = found
    if not _opens_like_a_speaker(view.text(core).split(" ", 1)[0]):
        return None
    mention = parse_speaker(view.text(core), view.text(appositive) if appositive else None)
    if mention is None or mention.reference == "pronoun":
        return None
    return core, appositive, mention


def skip_addressee(
    view: DocumentView, record: Record, cue: Span, after: int, limit: int, paragraph: int
) -> int:
    """Skip 'told The New Region' (the outlet becomes `via`); return where content starts."""
    if view.cue_text(cue) not in lex.TAKES_ADDRESSEE:
        return after
    start = skip_space(view.masked, after)
    show = show_name(view, start)
    if show is not None:
        if not record.via and record.kind != "media_outlet":
            record.via = view.text(show.content)
        return show.close_end
    found = right_phrase(view.masked, start, limit, appositive=False, stop=_ADDRESSEE_STOPS)
    if found is None:
        return after
    if _ORDER.match(view.masked, *found[0]):
        return start  # 'warned officials to boost their security': the order is content
    clause = _clause_after_addressee(view.masked, found[0])
    addressee = view.document[found[0][0] : clause or found[0][1]].strip()
    if looks_like_outlet(addressee) and not record.via and record.kind != "media_outlet":
        record.via = addressee.removesuffix("'s").removesuffix("’s")
    that = THAT.search(view.masked, found[0][1], min(limit, found[0][1] + 60))
    if that:
        return that.start()
    return clause or found[0][1]


def show_name(view: DocumentView, start: int) -> Quote | None:
    """'told “Fox News Sunday,” that ...': a quoted programme, not a quotation."""
    if start >= len(view.masked) or view.masked[start] != MASK:
        return None
    index = bisect_left(view.quote_opens, start)
    if index >= len(view.quotes) or view.quotes[index].open != start:
        return None
    quote = view.quotes[index]
    words_ = view.text(quote.content).strip(" ,.").split()
    if 0 < len(words_) <= _SHOW_WORDS and all(w[:1].isupper() for w in words_):
        return quote
    return None


def opening_mention(
    view: DocumentView, state: SentenceState, end: int, start: int | None = None
) -> tuple[Span, Mention] | None:
    """The phrase opening the sentence (or its main clause, from START) before END, and
    who it names."""
    if start is None:
        start = skip_dateline(view.document, state.sentence.start, end)
        intro = _OPENING_INTRO.match(view.masked, start, end)
        start = intro.end() if intro else start
    pronoun = _PRONOUN_SUBJECT.match(view.masked, start)  # '..., she voted': lower case
    opening = pronoun.span() if pronoun else sentence_opening_name(view.masked, start, end)
    mention = parse_speaker(view.text(opening)) if opening else None
    return (opening, mention) if opening and mention else None


def opening_record(
    view: DocumentView, ledger: Ledger, state: SentenceState, end: int, start: int | None = None
) -> Record | None:
    """The speaker named where the sentence (or its main clause, from START) opens."""
    found = opening_mention(view, state, end, start)
    if found is None:
        return None
    state.mention, mention = found
    if mention.name in ("he", "she"):
        return _antecedent(view, ledger, mention, state)
    if mention.kind == "anonymous" and not _speaker_noun(mention.head):
        return None
    return ledger.registry.resolve(mention, state.sentence.paragraph)


def coordinated(view: DocumentView, state: SentenceState, cue: Span) -> bool:
    """'Authorities announced ... and said ...': the verb shares the earlier subject."""
    edge = left_edge(state, cue)
    end = strip_auxiliaries(view.masked, edge, cue[0])
    before = view.masked[edge:end].rstrip()
    return before.endswith((" and", " but", ",and"))


def _plausible_speaker(core: str, mention: Mention) -> bool:
    """A phrase opening with a lower-case verb or adverb ('not let editorials', 'rests in
    large part on his') is a mis-cut clause, not a speaker."""
    first = core.split()[0]
    if not first[:1].islower() or mention.reference == "pronoun":
        return True
    return (
        _opens_like_a_speaker(first) or _speaker_noun(mention.head) or mention.kind != "anonymous"
    )


def _speaker_noun(head: str) -> bool:
    """'official', 'officials', 'attorneys' (for the family), 'groups': people who speak."""
    singular = head.removesuffix("s")
    return head in lex.SPEAKER_NOUNS or singular in lex.SPEAKER_NOUNS or _agent_noun(singular)


def _agent_noun(word: str) -> bool:
    """'speechwriter', 'organizer', 'economist', 'historian': a person by what they do."""
    return len(word) > _SHORT_AGENT and word.endswith(("writer", "maker", "izer", "ist", "ian"))


def _opens_like_a_speaker(word: str) -> bool:
    """A capitalised word or a number ('9/11 widow'), or a determiner or quantifier
    ('the aide', 'one GOP source') can open a speaker's phrase."""
    return word[:1].isupper() or word[:1].isdigit() or word.casefold() in _SPEAKER_OPENERS


def _clause_after_addressee(masked: str, phrase: Span) -> int | None:
    """'told reporters the deal was dead', 'told the head of the party it would pass':
    where the reported clause starts inside the phrase after the verb (a pronoun or a
    determiner that no preposition governs), or None."""
    spans = words(masked, *phrase)
    for index in range(1, len(spans) - MIN_CLAUSE_WORDS + 1):
        word = masked[spans[index][0] : spans[index][1]].casefold()
        previous = masked[spans[index - 1][0] : spans[index - 1][1]].casefold()
        if previous == "to":
            return None  # 'warned officials to boost their security': an infinitive
        if word in _CLAUSE_OPENING and previous not in lex.PREPOSITIONS:
            return spans[index][0]
    return None
