"""Who said what: link quotations and reported clauses to their speakers.

One pass over the sentences in document order finds attribution cues (said, told,
according to, ...), their speaker and their content; a second pass gives quote-only
sentences and the other paragraphs of a multi-paragraph quotation to the speaker the
news convention implies (the last one, or the one attributed elsewhere in the same
quotation). The work is layered: `_state` (bookkeeping) <- `_speaker_finding` <-
`_content` <- `_conventions` <- this module (the sentence loop and the cue kinds).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._conventions import ConventionFinder
from summarizer._engines._extractive._cue_senses import (
    PASSIVE_AUXILIARY,
    attributes_here,
    passive_with_agent,
)
from summarizer._engines._extractive._mentions import after_place_preposition
from summarizer._engines._extractive._phrases import (
    MASK,
    left_subject,
    right_phrase,
)
from summarizer._engines._extractive._regex import capitalised_run
from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._speakers import Mention, parse_speaker
from summarizer._engines._extractive._state import (
    LEAD_IN,
    MIN_CLAUSE_WORDS,
    Attributions,
    SentenceState,
    left_edge,
    skip_space,
    word_count,
)
from summarizer._engines._extractive._text import (
    Sentence,
    Span,
    skip_dateline,
    strip_clause,
    word_set,
    words,
)

# Capitalised words ending right before the cue, after a lower-case word: 'of Trump saying'
_GERUND_SUBJECT = re.compile(
    rf"(?<=[a-z] ){capitalised_run(3)}(?= (?:is |was |are |were )?$)"
)  # 'footage of Trump saying', '... and Hillary Clinton is promising
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
_AGENT_STOPS = word_set("for in on at during after before since until with")
_MIN_PASSIVE_WORDS = 2  # 'The registration issue was reported by', not 'It was
_MAX_ACCORDING_WORDS = 30
_SUBJECT_PRONOUNS = (
    lex.PRONOUNS_SINGULAR | lex.PRONOUNS_PLURAL | lex.PRONOUNS_NEUTER | word_set("i we you")
)
_OBJECT_STOPS = word_set("as saying who that said")
_RELATIVES = word_set("who that which")
_CLAUSE_AUXILIARIES = lex.FINITE_AUXILIARIES | lex.AUXILIARIES
_MAX_THAT_SUBJECT = 5
# Cues a reported clause may hold ('X said Y said Z warned ...'); real news has at most 3
# (the seed and the 84 dev articles). A chain of thousands must not make every clause
# run to the end of the sentence: that is quadratic in time and in output.
_MAX_NESTED_CUES = 8


class _Extractor(ConventionFinder):
    def run(self) -> Attributions:
        consumed_paragraph = -1
        for index, sentence in enumerate(self.sentences):
            quotes = self._quotes_in(sentence)
            if sentence.paragraph == consumed_paragraph:
                continue
            if self._headline(sentence):
                consumed_paragraph = sentence.paragraph
                continue
            self._sentence(sentence, index, quotes)
        self._continuations()
        self.tidy_statements()
        self.complete_names()
        return Attributions(
            self.registry.records,
            self.claims,
            self.sentences,
            self.plain_sentences,
            self.quotes,
            self.paragraphs,
            self.masked,
        )

    def _quotes_in(self, sentence: Sentence) -> list[int]:
        found = []
        index = self._quote_index
        while index < len(self.quotes) and self.quotes[index].open < sentence.end:
            if self.quotes[index].open >= sentence.start:
                found.append(index)
            index += 1
        while (
            self._quote_index < len(self.quotes)
            and self.quotes[self._quote_index].open < sentence.end
        ):
            self._quote_index += 1
        return found

    def _sentence(self, sentence: Sentence, index: int, quotes: list[int]) -> None:
        cues = self._cues_in(sentence)
        if not cues and not quotes and not self._introduces(sentence):
            return  # most sentences: nobody is quoted or cited
        state = SentenceState(sentence, index, quotes, cursor=sentence.start)
        if len(cues) > 1 and self._closes_sentence(state, cues[-1]):
            cues = cues[-1:]  # 'X called for Y, sources said.': the earlier cues are reported
        for cue, limit in zip(cues, self._limits(cues, sentence), strict=True):
            self._cue(state, cue, limit)
        if not cues:
            self._dash_speaker(state)
            self.colon_speaker(state)

    def _limits(self, cues: list[Span], sentence: Sentence) -> list[int]:
        """Where the content of each cue stops: at the next cue that starts a clause or an
        attribution of its own; a cue that reads as part of the reported clause ('said
        she opposes the deal') does not stop it, up to a few of them. One pass from the
        last cue back (each gap between cues is read once), so that a sentence of
        thousands of cues stays linear, and so does the content they make up."""
        limits = [sentence.end] * len(cues)
        stop = stop_or_coordinated = sentence.end  # the nearest, for either kind of verb
        for number in range(len(cues) - 2, -1, -1):
            start, following = cues[number][1], cues[number + 1]
            own = self._stop_before(following, start)
            stop = stop if own is None else own
            if _COORDINATED.search(self.masked, start, following[0]):
                stop_or_coordinated = following[0]  # 'criticized the deals and called for'
            elif own is not None:
                stop_or_coordinated = own
            takes_object = self._cue_text(cues[number]) in lex.OBJECT_VERBS
            limits[number] = stop_or_coordinated if takes_object else stop
            if number + _MAX_NESTED_CUES + 1 < len(cues):
                limits[number] = min(limits[number], cues[number + _MAX_NESTED_CUES + 1][0])
        return limits

    def _stop_before(self, cue: Span, start: int) -> int | None:
        """Where the content of an earlier cue ending at START stops before CUE, the next
        one, or None when CUE belongs to that content."""
        new_clause = self._new_clause_before(start, cue[0])
        if new_clause is not None:
            return new_clause
        if self._inside_reported_clause(cue, self.masked[start : cue[0]]):
            return None
        subject = _PRONOUN_NEXT_CLAUSE.search(self.masked, start, cue[0])
        return subject.start() if subject else cue[0]

    def _new_clause_before(self, start: int, cue_start: int) -> int | None:
        """Where a clause of the writer's or another speaker's opens between START and the
        next cue: an open parenthesis, ', Trump highlighted', 'and Democrats accused'."""
        opened = self.masked.rfind("(", start, cue_start)
        if opened >= 0 and ")" not in self.masked[opened:cue_start]:
            return opened  # '... to a van (her campaign later disclosed ...)'
        found = _MAIN_CLAUSE.search(self.masked, start, cue_start) or _OTHER_SUBJECT.search(
            self.masked, start, cue_start
        )
        return found.start() if found else None

    def _inside_reported_clause(self, cue: Span, between: str) -> bool:
        """Whether the next cue, BETWEEN words after the last one, belongs to the reported
        clause: a verb of wanting or judging ('said she opposes'), a gerund ('apologize
        for suggesting'), a relative clause without 'that' ('the $18 million he says he
        raised'), a subordinate clause ('because Republicans had only asked')."""
        word = self._cue_word(cue)
        if word in lex.PARTICIPLES and _AFTER_PREPOSITION.search(between):
            return True
        return (
            word in lex.NESTED_VERBS
            or _opens_reported_clause(between)
            or _SUBORDINATE.search(between) is not None
            or _CONTACT_CLAUSE.search(between) is not None
        )

    def _closes_sentence(self, state: SentenceState, cue: Span) -> bool:
        """', officials say.' / ', according to X.' ends the sentence and owns the clause."""
        word = self._cue_word(cue)
        tail = self.masked[cue[1] : state.sentence.end]
        if MASK in tail or MASK in self.masked[state.sentence.start : cue[0]]:
            return False
        if word == "according":
            return self.masked[state.sentence.start : cue[0]].rstrip().endswith(",") and (
                len(tail.split()) <= _MAX_TAIL_WORDS
            )
        if word not in lex.SPEECH_VERBS:
            return False
        subject = left_subject(self.masked, left_edge(state, cue), cue[0])
        if subject is None:
            return False
        before = self.masked[left_edge(state, cue) : subject.start].rstrip()
        first = tail.split()[0].casefold().strip(".,") if tail.split() else ""
        return (
            before.endswith(",")
            and (not first or first in lex.TAIL_WORDS)
            and (len(tail.split()) <= _MAX_TAIL_WORDS)
        )

    def _cues_in(self, sentence: Sentence) -> list[Span]:
        lo = bisect_left(self._cue_starts, sentence.start)
        hi = bisect_left(self._cue_starts, sentence.end)
        return [
            cue
            for cue in self._cues[lo:hi]
            if cue[1] <= sentence.end and attributes_here(self.masked, sentence.start, cue)
        ]

    def _cue(self, state: SentenceState, cue: Span, limit: int) -> None:
        word = self._cue_word(cue)
        state.mention = None  # set by whichever rule finds this cue's speaker
        if word == "according":
            self._according(state, cue, limit)
        elif passive_with_agent(self.masked, state.sentence.start, cue):
            self._by_agent(state, cue, limit)
        elif word == "quoted":
            self._quoted(state, cue, limit)
        elif word in lex.PARTICIPLES:
            self._participle(state, cue, limit)
        else:
            backward = word not in lex.OBJECT_VERBS or self._nothing_after(cue, limit)
            self._verb(state, cue, limit, backward=backward)

    def _nothing_after(self, cue: Span, limit: int) -> bool:
        """'"Why isn't this proof?" Vitter demanded.': an object verb with no object looks
        back to the quotation, as a speech verb does."""
        rest = self.masked[cue[1] : limit].strip(" .,;:!?").split()
        return not rest or rest[0].casefold() in lex.TAIL_WORDS

    def _verb(self, state: SentenceState, cue: Span, limit: int, *, backward: bool) -> None:
        if backward and self._closing_inversion(state, cue, limit):
            subject = None  # '..., said one GOP source.': the speaker follows the verb
        else:
            subject = left_subject(self.masked, left_edge(state, cue), cue[0])
        if subject is not None:
            record = self._subject_record(state, subject)
            speaker_start, after = subject.start, cue[1]
        elif self._coordinated(state, cue):
            record = state.same_speaker() or self._opening_record(state, cue[0])
            speaker_start, after = cue[0], cue[1]
            backward = False
        else:
            found = self._inverted(state, cue, limit) if backward else None
            record, after = found or (None, cue[1])
            speaker_start = cue[0]
        if record is None:
            record = self._opening_document(state, cue)
            speaker_start, after, backward = cue[0], cue[1], False
        if record is None:
            return
        state.speaker(record, state.mention, relative=subject is not None and subject.relative)
        after = self._addressee(record, cue, after, limit, state.sentence.paragraph)
        self._content(state, record, cue, speaker_start, after, limit, backward=backward)

    def _opening_document(self, state: SentenceState, cue: Span) -> Record | None:
        """'A USA TODAY analysis of super PACs that have raised ... shows ...': a poll, a
        study or a report opening the sentence speaks when the words just before the cue
        name nobody."""
        found = self._opening_mention(state, cue[0])
        if found is None or found[1].kind != "document":
            return None
        state.mention, mention = found
        return self.registry.resolve(mention, state.sentence.paragraph)

    def _participle(self, state: SentenceState, cue: Span, limit: int) -> None:
        if self._opening_participle(state, cue, limit):
            return
        record = self._gerund_subject(state, cue)
        if record is None and not state.previous_relative:
            record = state.same_speaker()  # not 'an architect who said ..., saying'
        record = record or self._opening_record(state, cue[0])
        if record is not None:
            self._content(state, record, cue, cue[0], cue[1], limit, backward=False)

    def _opening_participle(self, state: SentenceState, cue: Span, limit: int) -> bool:
        """'Citing an unfounded theory, Trump accused ...': a participle phrase opening the
        sentence belongs to the subject after its comma. True when it was one."""
        if skip_dateline(self.document, state.sentence.start, cue[0]) != cue[0]:
            return False
        comma = self.masked.find(",", cue[1], limit + 1)
        if comma < 0:
            return True  # the phrase runs into the next cue: nobody to give it to yet
        subject = skip_space(self.masked, comma + 1)
        record = self._opening_record(state, state.sentence.end, subject)
        span = strip_clause(self.document, cue[1], comma)
        if record is not None and word_count(self.document, span) >= MIN_CLAUSE_WORDS:
            state.speaker(record, state.mention)
            self._claim(state, record, cue, [self._clause(span)], direct=False)
        return True

    def _gerund_subject(self, state: SentenceState, cue: Span) -> Record | None:
        """'footage of Trump saying ...': a name right before the participle speaks."""
        name = _GERUND_SUBJECT.search(self.masked, left_edge(state, cue), cue[0])
        if name is None or name.start() == state.sentence.start:
            return None
        if after_place_preposition(self.masked, name.start()):
            return None  # 'officials in Washington saying': a place
        if name.group().split()[-1].casefold() in lex.TIME_NOUNS:
            return None  # 'tweets early Friday saying': a day
        mention = parse_speaker(name.group())
        if mention is None or mention.kind != "named_person":
            return None
        state.mention = name.span()
        return self.registry.resolve(mention, state.sentence.paragraph)

    def _by_agent(self, state: SentenceState, cue: Span, limit: int) -> None:
        """'The registration issue was first reported by The Washington Post': the agent
        after 'by' said what the subject names."""
        found = right_phrase(self.masked, cue[1] + 4, limit, appositive=False, stop=_AGENT_STOPS)
        auxiliary = PASSIVE_AUXILIARY.search(self.masked, left_edge(state, cue), cue[0])
        if auxiliary is None:
            return
        subject = left_subject(self.masked, left_edge(state, cue), auxiliary.start())
        if found is None or subject is None or subject.relative:
            return
        mention = parse_speaker(self._text(found[0]))
        content = (subject.start, (subject.appositive or subject.core)[1])
        if mention is None or word_count(self.document, content) < _MIN_PASSIVE_WORDS:
            return
        state.mention = found[0]
        record = self.registry.resolve(mention, state.sentence.paragraph)
        if record is not None:
            state.speaker(record, state.mention)
            self._claim(state, record, cue, [content], direct=False)

    def _according(self, state: SentenceState, cue: Span, limit: int) -> None:
        found = self._according_source(skip_space(self.masked, cue[1]), limit)
        if found is None:
            return
        source, mention, after = found
        state.mention = source
        record = self.registry.resolve(mention, state.sentence.paragraph)
        if record is None:
            return
        before = strip_clause(self.document, state.cursor, cue[0])
        if word_count(self.document, before) >= MIN_CLAUSE_WORDS:
            self._claim(state, record, cue, [self._clause(before)], direct=False)
            return
        while after < limit and self.masked[after] in " ,":
            after += 1
        self._content(state, record, cue, cue[0], after, limit, backward=False)

    def _according_source(self, start: int, limit: int) -> tuple[Span, Mention, int] | None:
        """The source after 'according to' and where its phrase ends. A phrase too long for
        a name ('a 52-count civil complaint filed by ... and ..., the developers ...') is
        named by its head, up to its first participle or 'by', and ends at its comma."""
        found = right_phrase(self.masked, start, limit, appositive=False)
        if found is None:
            return None
        mention = parse_speaker(self._text(found[0]))
        if mention is not None:
            return found[0], mention, found[0][1]
        comma = self.masked.find(",", start, limit)
        if comma < 0 or len(self.masked[start:comma].split()) > _MAX_ACCORDING_WORDS:
            return None
        head = _head_phrase(self.masked, start, comma)
        mention = parse_speaker(self._text(head)) if head else None
        return (head, mention, comma) if head and mention else None

    def _quoted(self, state: SentenceState, cue: Span, limit: int) -> None:
        """'The Washington Post quoted an unnamed Iraqi official who claimed ...'."""
        subject = left_subject(self.masked, left_edge(state, cue), cue[0])
        found = right_phrase(
            self.masked,
            skip_space(self.masked, cue[1]),
            limit,
            appositive=False,
            stop=_OBJECT_STOPS,
        )
        if subject is None or found is None:
            return
        outlet = self._subject_record(state, subject)
        quoted = parse_speaker(self._text(found[0]))
        if outlet is None or quoted is None:
            return
        self._claim(state, outlet, cue, [(subject.start, found[0][1])], direct=False)
        state.relay[found[0]] = outlet.name
        speaker = self.registry.resolve(quoted, state.sentence.paragraph, outlet.name)
        if speaker is not None:
            state.speaker(speaker, found[0])  # the outlet is no mention of whom it quotes
            after = found[0][1]
            if self.masked.startswith(" as", after):
                after = skip_space(self.masked, after + 3)
            lead = LEAD_IN.match(self.masked, after, limit)
            if lead and lead.end() < limit and self.masked[lead.end()] == MASK:
                # 'quoted X (as saying) "..."'; a 'who said ...' clause is its own cue
                self._content(state, speaker, cue, cue[0], after, limit, backward=False)


def attribute(document: str) -> Attributions:
    """Sources and their statements for DOCUMENT."""
    return _Extractor(document).run()


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


def _head_phrase(masked: str, start: int, end: int) -> Span | None:
    """The words of [START, END) before the first participle or 'by' after the first word
    ('a 52-count civil complaint' of 'a 52-count civil complaint filed by ...')."""
    spans = words(masked, start, end)
    for index, (word_start, word_end) in enumerate(spans[1:], 1):
        word = masked[word_start:word_end]
        if word == "by" or (word.islower() and word.endswith("ed")):
            return (spans[0][0], spans[index - 1][1])
    return None
