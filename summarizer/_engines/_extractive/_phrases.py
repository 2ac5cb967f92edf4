"""Noun phrases around an attribution cue, found by walking words on masked text.

The masked text is the document with quotations replaced by NUL characters (same
offsets), so a walk never wanders into quoted words and a quote acts as a wall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer._engines._extractive import _calendar as cal
from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._text import Span, word_set, words

MASK = "\x00"
_MAX_WORDS = 10
_RUN_JOINERS = frozenset(["of", "on", "at", "for"])
_MAX_RUN = 5
_MAX_APPOSITIVE_WORDS = 30
# Prepositions that end the noun phrase a relative 'who' refers to ('of' keeps it going:
# 'officials of the party who ...').
_BOUNDARY = frozenset(["to", "for", "with", "from", "against", "at", "by", "than"])
_ARTICLES = frozenset(["the", "a", "an"])
DASHES = frozenset(["--", "—", "–", "―"])
_SOFT_GAP = re.compile(r"^[\s.&'’()]*$")
_MAX_SEGMENTS = 5
_MAX_RELATIVE_WORDS = 12  # 'who' this far left of a verb may open its subject's clause
_RIGHT_WINDOW = 300  # chars: a phrase right of a cue is never longer
_RELATIVES = frozenset(["who", "which", "whose", "whom", "that"])
_PERSONAL_PRONOUNS = frozenset(["he", "she", "they", "it", "we", "i", "you"])
_VERB_LIKE = lex.FINITE_AUXILIARIES | word_set(
    """
    may uses sent makes made gave took came went got did does do says said told
    """
)
_MONTHS = frozenset(cal.MONTHS)
_DATE_WORDS = lex.WEEKDAYS  # not months: "Theresa May"
_TIME_LEAD = word_set(
    """
    last this next earlier late early on in at that each every the a
    """
)
_NOT_ADVERBS = frozenset(
    ["family", "italy", "july", "ally", "rally", "assembly", "supply", "early", "only"]
)
_DETERMINERS = frozenset(
    ["a", "an", "the", "his", "her", "its", "their", "this", "that", "these", "those", "one"]
)
# What may open a described subject: 'the aide', 'several groups', 'Democratic nominee X'
_OPENING_DETERMINERS = (
    _DETERMINERS | lex.DESCRIPTORS | word_set("several many some most few both all two three")
)
_NO_SUBJECT = (lex.CLAUSE_OPENERS | lex.LABELS) - word_set("a q that")
_INTRO_WORDS = word_set(
    """
    in at on after during when while despite as since with for before asked speaking
    earlier later last this however meanwhile but and still yet instead also now then
    today yesterday according by from under amid unlike like moreover indeed separately
    similarly if though although because unless until once even so thus too of to
    regardless nevertheless nonetheless furthermore besides otherwise likewise therefore
    """
)
_ABBREVIATION = re.compile(r"^(?:[A-Z][a-z]{0,3}\.|[DRI]-[A-Z][A-Za-z.]*|[A-Z]\.(?:[A-Z]\.)+)$")
_WALL_WORDS = (
    lex.RELATIVE
    | lex.FINITE_AUXILIARIES  # 'the walk-ins were the third time AROS said': not a subject
    | lex.TIME_WORDS
    | _MONTHS
    | lex.VERB_ONLY_CUES
    | frozenset(["during", "after", "before", "since"])
)
_YEAR_AFTER_COMMA = re.compile(r", ?\d{4},")


@dataclass(frozen=True)
class Subject:
    """The speaker phrase left of a cue: CORE, maybe ', APPOSITIVE,', maybe 'CORE who'."""

    core: Span
    appositive: Span | None
    relative: bool

    @property
    def start(self) -> int:
        return self.core[0]


def _lower(masked: str, span: Span) -> str:
    return masked[span[0] : span[1]].casefold()


def strip_auxiliaries(masked: str, lo: int, cue_start: int) -> int:
    """Where the subject ends once 'has also', 'sharply', 'last week' before the cue go."""
    return _pop_auxiliaries(masked, words(masked, lo, cue_start), cue_start)


def _pop_auxiliaries(masked: str, spans: list[Span], cue_start: int) -> int:
    """`strip_auxiliaries` on SPANS, the words before the cue: the words it strips are
    popped off SPANS, which then holds exactly the words before the returned end."""
    end = cue_start
    while spans and not masked[spans[-1][1] : end].strip():
        word = _lower(masked, spans[-1])
        if word in lex.TIME_NOUNS and len(spans) > 1 and _lower(masked, spans[-2]) in _TIME_LEAD:
            spans.pop()
        elif not (word in lex.AUXILIARIES or _is_adverb(word) or word in lex.WEEKDAYS):
            break
        end = spans[-1][0]
        spans.pop()
    return end


def _is_adverb(word: str) -> bool:
    return len(word) > 4 and word.endswith("ly") and word not in _NOT_ADVERBS


def left_subject(masked: str, lo: int, cue_start: int) -> Subject | None:
    """The subject of the cue at CUE_START, looking no further left than LO."""
    spans = words(masked, lo, cue_start)
    end = _pop_auxiliaries(masked, spans, cue_start)  # spans: now the words before END
    if not spans:
        return None
    gap = _punctuation_after(masked, spans[-1], end)
    if gap == "":
        relative = _relative_subject(masked, spans)
        return relative or _core_subject(masked, spans, len(spans) - 1)
    if gap == ",":
        return _appositive_subject(masked, spans)
    return None


def _word_end(masked: str, word: Span) -> int:
    """Where WORD ends with its abbreviation dot, if it has one ('Jr.', 'D-N.Y.')."""
    end = word[1]
    if masked[end : end + 1] == "." and _ABBREVIATION.match(masked[word[0] : end + 1]):
        return end + 1
    return end


def _phrase_end(masked: str, first: Span, last: Span) -> int:
    """Where a phrase from word FIRST to word LAST ends: past LAST's abbreviation dot and
    the ')' of a parenthesis the phrase opened ('Gwen Moore (D-Wis.)')."""
    end = _word_end(masked, last)
    if masked[end : end + 1] == ")" and "(" in masked[first[0] : end]:
        end += 1
    return end


def _punctuation_after(masked: str, word: Span, end: int) -> str:
    """The punctuation between WORD and END, without what belongs to the word: its
    abbreviation dot and the ')' closing a party tag, so that 'Lynch (D-Mass.) said' and
    'Meeks (D-N.Y.), chairman' read like 'Lynch said' and 'Meeks, chairman'."""
    gap = masked[_word_end(masked, word) : end].strip()
    gap = gap.removeprefix(")").strip()
    return "," if gap in DASHES else gap  # 'Kall -- co-editor of a book -- said'


def _core_subject(masked: str, spans: list[Span], last: int) -> Subject | None:
    first = _walk_left(masked, spans, last)
    if first > last:
        if first == last + 1 and _lower(masked, spans[last]) in lex.RELATIVE:
            return _antecedent(masked, spans, last)
        return None
    return Subject((spans[first][0], _phrase_end(masked, spans[first], spans[last])), None, False)


def _relative_subject(masked: str, spans: list[Span]) -> Subject | None:
    """'A spokesman who asked not to be named said', 'Voters who backed the mayor say':
    the subject is the noun phrase before 'who', not the relative clause."""
    last = len(spans) - 1
    lo = max(last - _MAX_RELATIVE_WORDS, 0)
    if "who" not in masked[spans[lo][0] : spans[last][0]]:
        return None  # most subjects: no relative clause to look into
    for index in range(last - 1, lo, -1):
        if not _soft_gap(masked[spans[index][1] : spans[index + 1][0]]):
            return None
        if _lower(masked, spans[index]) == "who":
            clause_verb = masked[spans[index + 1][0]].islower()
            return _antecedent(masked, spans, index) if clause_verb else None
    return None


def _walk_left(masked: str, spans: list[Span], last: int) -> int:
    """Index of the first word of the phrase ending at word LAST (LAST + 1 if none)."""
    if _lower(masked, spans[last]) in _PERSONAL_PRONOUNS:
        return last  # 'a provision they say': the pronoun alone is the subject
    first = last + 1
    for index in range(last, -1, -1):
        word = _lower(masked, spans[index])
        if word in lex.CLAUSE_OPENERS and not _joins_names(masked, spans, index, first):
            break
        if word in _WALL_WORDS and not _surname_like_month(masked, spans, index, last):
            break
        first = index
        if last - first + 1 > _MAX_WORDS:
            return _proper_run(masked, spans, last)
        if index and not _soft_gap(masked[spans[index - 1][1] : spans[index][0]]):
            break
        if index and _opens_parenthesis(masked, spans, index, last):
            break  # '(her campaign later disclosed ...': the subject starts inside
        if word in _ARTICLES and index and _opens_phrase_here(masked, spans[index - 1]):
            break  # '-- meddling the California congressman said': the phrase starts here
    return first


def _opens_parenthesis(masked: str, spans: list[Span], index: int, last: int) -> bool:
    """Whether an opening parenthesis before word INDEX stays open up to word LAST (a
    party tag such as '(R-Utah)' closes before the verb)."""
    gap = masked[spans[index - 1][1] : spans[index][0]]
    closing = masked.find(")", spans[index][0], spans[last][1] + 2)
    return "(" in gap and closing < 0


def _opens_phrase_here(masked: str, before: Span) -> bool:
    """Whether an article after the word BEFORE starts the subject: after a verb form
    ('meddling the California congressman said') it does."""
    word = masked[before[0] : before[1]]
    return word[:1].islower() and word.endswith(("ing", "ed")) and len(word) > 4


def _surname_like_month(masked: str, spans: list[Span], index: int, last: int) -> bool:
    """'Theresa May said': a capitalised month right before the verb, after a capitalised
    word, is a surname ('In May, Trump said' keeps the month out)."""
    if index != last or index == 0 or _lower(masked, spans[index]) not in _MONTHS:
        return False
    before = masked[spans[index - 1][0] : spans[index - 1][1]]
    return (
        masked[spans[index][0]].isupper()
        and before[:1].isupper()
        and before.casefold() not in _INTRO_WORDS
        and _soft_gap(masked[spans[index - 1][1] : spans[index][0]])
    )


def _soft_gap(gap: str) -> bool:
    """Whether GAP, between two words, keeps them in one phrase: spaces, dots, '&', an
    apostrophe or parentheses. Most gaps are one space, tested first without the regex."""
    return gap == " " or _SOFT_GAP.match(gap) is not None


def _proper_run(masked: str, spans: list[Span], last: int) -> int:
    """Too long for a subject: keep the capitalised words ending at LAST, cut after an
    outlet or institution word ('... the Washington Post Trump said' -> 'Trump')."""
    first = last + 1
    while first > 0 and last - first < _MAX_RUN and _in_proper_run(masked, spans, first - 1):
        first -= 1
    if first <= last and _lower(masked, spans[first]) in _RUN_JOINERS:
        first += 1
    for index in range(last - 1, first - 1, -1):
        word = _lower(masked, spans[index])
        if _lower(masked, spans[index + 1]) in _RUN_JOINERS:
            continue  # 'Board on Professional Responsibility': one name
        if word in lex.OUTLET_WORDS or word in lex.ORGANIZATION_WORDS:
            return index + 1
    return first


def _in_proper_run(masked: str, spans: list[Span], index: int) -> bool:
    """A capitalised word, or 'of', 'on', 'at' between two ('University of California
    at Berkeley')."""
    if masked[spans[index][0]].isupper():
        return True
    joiner = _lower(masked, spans[index]) in _RUN_JOINERS
    return joiner and index > 0 and masked[spans[index - 1][0]].isupper()


def _joins_names(masked: str, spans: list[Span], index: int, first: int) -> bool:
    """'officials and sources', 'Trump and Pence': an 'and' inside a subject."""
    if _lower(masked, spans[index]) != "and" or index == 0 or first >= len(spans):
        return False
    before = masked[spans[index - 1][0] : spans[index - 1][1]]
    return before[:1].isupper() or before.casefold() in lex.GENERIC_PEOPLE


def _antecedent(masked: str, spans: list[Span], who: int) -> Subject | None:
    """'an unnamed official who claimed': the noun phrase before 'who', back to its
    determiner, never across a verb-like word ('forced to defend an architect who')."""
    if who == 0:
        return None
    gap = masked[spans[who - 1][1] : spans[who][0]]
    if gap.strip() not in ("", ","):
        return None
    last = who - 1
    first = _walk_left(masked, spans, last)
    if first > last:
        return None
    # 'a retort to both Democrats and Republicans, who': the phrase after the preposition
    first = next(
        (i + 1 for i in range(last - 1, first - 1, -1) if _lower(masked, spans[i]) in _BOUNDARY),
        first,
    )
    determiner = next(
        (i for i in range(last, first - 1, -1) if _lower(masked, spans[i]) in _DETERMINERS), None
    )
    if determiner is not None:
        first = determiner
    else:
        for index in range(last - 1, first - 1, -1):
            word = _lower(masked, spans[index])
            if word.endswith(("ing", "ed")) or word in _INTRO_WORDS:
                first = index + 1
                break
    return Subject((spans[first][0], spans[last][1]), None, relative=True)


def _appositive_subject(masked: str, spans: list[Span]) -> Subject | None:
    """'Waad al-Qaddo, a Coordination Framework MP, told': the name and its role.

    The words before the verb split at commas into segments. The name is the nearest
    segment before the last that opens with a proper noun (not an abbreviation like
    'Md.' or a party tag), else the one just before the last; the role is the first
    segment after the name that reads like a description.
    """
    segments = _comma_segments(masked, spans)
    if len(segments) < 2 or _is_clause(masked, spans, segments[-1]):
        return None
    core_index = next(
        (
            i
            for i in range(len(segments) - 2, -1, -1)
            if _proper_segment(masked, spans, segments[i])
        ),
        len(segments) - 2,
    )
    first, last = segments[core_index]
    start = _walk_left(masked, spans, last)
    if start > last or start < first:
        return None
    role = next(
        (seg for seg in segments[core_index + 1 :] if _role_segment(masked, spans, seg)), None
    )
    appositive = (spans[role[0]][0], spans[role[1]][1]) if role else None
    core = (spans[start][0], _phrase_end(masked, spans[start], spans[last]))
    return Subject(core, appositive, relative=False)


def _is_clause(masked: str, spans: list[Span], segment: tuple[int, int]) -> bool:
    """'For some, the losses would outstrip the gains, said X': the words before the verb
    end in a clause of their own, not in a description ('who has served' is one)."""
    words_in = [_lower(masked, spans[i]) for i in range(segment[0], segment[1] + 1)]
    if words_in[0] in _RELATIVES or _VERB_LIKE.isdisjoint(words_in):
        return False
    # 'a former minister who is a critic of X': a description of a person, its verb
    # inside the relative clause
    first_verb = next(i for i, word in enumerate(words_in) if word in _VERB_LIKE)
    return not (words_in[0] in _ARTICLES and "who" in words_in[1:first_verb])


def _comma_segments(masked: str, spans: list[Span]) -> list[tuple[int, int]]:
    """Word-index ranges between commas, right to left up to a hard boundary, then reversed."""
    segments: list[tuple[int, int]] = []
    last = len(spans) - 1
    while last >= 0 and len(segments) < _MAX_SEGMENTS:
        first = last
        while first > 0 and _soft_gap(masked[spans[first - 1][1] : spans[first][0]]):
            first -= 1
            if last - first >= _MAX_APPOSITIVE_WORDS:
                return []
        segments.append((first, last))
        if first == 0 or _punctuation_after(masked, spans[first - 1], spans[first][0]) != ",":
            break
        last = first - 1
    return segments[::-1]


def _segment_text(masked: str, spans: list[Span], segment: tuple[int, int]) -> str:
    """The words of SEGMENT with the last one's abbreviation dot ('Md.', 'Jan.')."""
    return masked[spans[segment[0]][0] : _word_end(masked, spans[segment[1]])]


def _proper_segment(masked: str, spans: list[Span], segment: tuple[int, int]) -> bool:
    text = _segment_text(masked, spans, segment)
    first_word = _lower(masked, spans[segment[0]])
    if not text[:1].isupper() or first_word in _INTRO_WORDS or first_word in _DETERMINERS:
        return False
    return not (_ABBREVIATION.match(text) or segment[1] - segment[0] >= _MAX_WORDS)


def _role_segment(masked: str, spans: list[Span], segment: tuple[int, int]) -> bool:
    text = _segment_text(masked, spans, segment)
    first_word = _lower(masked, spans[segment[0]])
    if _ABBREVIATION.match(text) or first_word[:1].isdigit():
        return False
    if first_word in _INTRO_WORDS or first_word in lex.RELATIVE or first_word in {"which", "whose"}:
        return False
    return not first_word.endswith(("ing", "ed"))


def right_phrase(
    masked: str, start: int, hi: int, *, appositive: bool, stop: frozenset[str] = frozenset()
) -> tuple[Span, Span | None] | None:
    """The phrase right of START: (core, appositive) up to a clause boundary or HI."""
    spans = words(masked, start, min(hi, start + _RIGHT_WINDOW))
    if not spans or masked[start : spans[0][0]].strip():
        return None
    last = _walk_right(masked, spans, 0, stop)
    if last < 0:
        return None
    core = (spans[0][0], spans[last][1])
    if not appositive or last + 1 >= len(spans):
        return core, None
    if masked[spans[last][1] : spans[last + 1][0]].strip() != ",":
        return core, None
    end = _walk_right(masked, spans, last + 1, stop, appositive=True)
    if end <= last or (end + 1 < len(spans) and "," not in _gap_after(masked, spans, end, hi)):
        return core, None
    return core, (spans[last + 1][0], spans[end][1])


def _walk_right(
    masked: str, spans: list[Span], first: int, stop: frozenset[str], appositive: bool = False
) -> int:
    last = first - 1
    limit = _MAX_APPOSITIVE_WORDS if appositive else _MAX_WORDS
    for index in range(first, len(spans)):
        word = _lower(masked, spans[index])
        if word in stop or (not appositive and word in lex.CLAUSE_OPENERS and word != "and"):
            break
        if not appositive and word in lex.TIME_WORDS and index > first:
            break
        last = index
        if last - first + 1 >= limit:
            break
        if index + 1 < len(spans):
            gap = masked[spans[index][1] : spans[index + 1][0]]
            if not _soft_gap(gap):
                break
    return last


def _gap_after(masked: str, spans: list[Span], index: int, hi: int) -> str:
    end = spans[index + 1][0] if index + 1 < len(spans) else hi
    return masked[spans[index][1] : end]


def sentence_opening_name(masked: str, lo: int, hi: int) -> Span | None:
    """The subject opening a sentence: 'Sen. Elizabeth Warren grilled ...', 'A reporter
    for USA Today spotted ...', also after an introductory phrase ('In his speech, ...')."""
    hi = min(hi, lo + _RIGHT_WINDOW)
    spans = words(masked, lo, hi)
    if spans and _introductory(masked, spans):
        comma = masked.find(",", lo, hi)
        if comma < 0 or len(masked[lo:comma].split()) > _MAX_WORDS:
            return None
        year = _YEAR_AFTER_COMMA.match(masked, comma, hi)  # 'On July 6, 2015, Sanders ...'
        spans = words(masked, year.end() if year else comma + 1, hi)
    if not spans or _introductory(masked, spans):
        return None
    if _lower(masked, spans[0]) in _NO_SUBJECT:
        return None  # 'Whether Clinton ...', 'CLARIFICATION: ...'
    # 'the aide ...', 'Democratic presidential nominee Hillary Clinton ...': lower-case
    # nouns may follow
    determiner = _lower(masked, spans[0]) in _OPENING_DETERMINERS
    last = -1
    for index, span in enumerate(spans[:_MAX_WORDS]):
        if index and not _soft_gap(masked[spans[index - 1][1] : span[0]]):
            break
        word = masked[span[0] : span[1]]
        if not word[:1].isupper() and not (determiner and _noun_like(word.casefold(), index)):
            break
        if index and word.casefold() in _DATE_WORDS:
            break  # 'The Security Council on Friday issued ...'
        last = index
    while last > 0 and _lower(masked, spans[last]) in lex.PREPOSITIONS:
        last -= 1
    if last < 0 or (determiner and last == 0):
        return None
    return spans[0][0], spans[last][1]


def _introductory(masked: str, spans: list[Span]) -> bool:
    """Whether the words SPANS open with an introductory word or phrase rather than a
    subject: 'In his speech, ...', 'Recently, ...', 'Following a meeting, ...', 'Chastened
    by the analyses, ...' (a capitalised participle before a lower-case word)."""
    first = _lower(masked, spans[0])
    if first in _INTRO_WORDS or _is_adverb(first):
        return True
    if len(spans) < 2 or not first.endswith(("ing", "ed")) or len(first) < 6:
        return False
    return masked[spans[1][0]].islower() and _soft_gap(masked[spans[0][1] : spans[1][0]])


def _noun_like(word: str, index: int) -> bool:
    """Inside 'a reporter for USA Today': not a verb-looking word after the first."""
    if word in lex.CLAUSE_OPENERS or word in lex.VERB_ONLY_CUES or word in _VERB_LIKE:
        return False
    if index and (word in lex.AUXILIARIES or _is_adverb(word)):
        return False  # 'The nominee also outlined ...', 'the aide quickly said
    return index == 0 or not word.endswith("ed")
