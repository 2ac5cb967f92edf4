"""Whether a cue word attributes where it stands.

'said' almost always does; 'was told', 'to say', 'long-rumored', 'a monitor maintained
by', 'showed up', 'plans for', 'spoke to reporters', 'the demands that come', 'left
without saying' do not, and 'was first reported by X' is X's. Each function reads the
masked document (quotations blanked out) around the cue span.
"""

from __future__ import annotations

import re

from summarizer._engines._extractive import _calendar as cal
from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._phrases import MASK
from summarizer._engines._extractive._text import Span, word_set

# The topic after 'spoke', 'talked': 'spoke about', 'spoke out Tuesday about'
TOPIC = re.compile(
    r" (?:out )?(?:(?:\w+ly|" + "|".join(cal.WEEKDAYS) + "|today|yesterday) )?"
    r"(?P<preposition>about|of)\b",
    re.IGNORECASE,
)
# 'has been endorsed', 'was first reported', 'were echoed': a passive, its subject before
PASSIVE_AUXILIARY = re.compile(
    r"\b(?:(?:has|have|had) been|is|are|was|were)(?: (?:also|first|widely|\w+ly))? $"
)
# '-' only when it joins the cue ('long-rumored'); a spaced dash closes an appositive
_PASSIVE_OR_INFINITIVE = re.compile(
    r"(?:\b(?:to|is|are|was|were|be|been|being)(?: +(?:also|not|never|\w+ly))?\s*|-)$"
)
_PARTICLE = re.compile(r" (?:up|into|off|back|from)\b")
_LOOKBEHIND = 24  # chars before a cue searched for 'to'/'was'/'-'
# Words after which an -ing cue names what was not said: 'left without saying a word',
# 'refrained from criticizing the plan'.
_BEFORE_GERUND = word_set("from without")
_SAID_NEXT = re.compile(
    r"(?: that\b|[,:]? *\x00| [a-z]+ that\b| (?:he|she|they|it|we|i|you|there)\b)"
)
# How the text before a passive or infinitive cue ends once its spaces go: the regex
# runs only then (most cues follow a name or a pronoun).
_PASSIVE_ENDINGS = (
    "-", "to", "is", "are", "was", "were", "be", "been", "being", "also", "not", "never", "ly",
)  # fmt: skip
# 'that' opening a clause: a subject follows (a pronoun, a determiner, a name, a number)
_THAT_CLAUSE = re.compile(
    r" that (?:[A-Z0-9\x00]|(?:he|she|it|they|we|i|you|the|a|an|his|her|its|their|this|these"
    r"|those|there|no|some|many|most|all)\b"
    # a bare plural subject: 'charges that countries ...' (after the plural noun reading,
    # 'the charges that remain', the verb has no -s)
    r"|(?!(?:is|was|has|does)\b)[a-z]+s\b)"
)
_QUOTATION_NEXT = re.compile(r"[,:]? *\x00")
_QUOTE_REACH = 40  # chars before a cue where its quotation may close: '"...," she continued'


def attributes_here(masked: str, sentence_start: int, cue: Span) -> bool:
    """Whether the cue at CUE attributes: not a passive or an infinitive ('was told', 'to
    say'), another verb or a noun by what follows it, or a participle of what was not
    said; but 'was first reported by X' is X's."""
    word = masked[cue[0] : cue[1]].casefold()
    if passive_with_agent(masked, sentence_start, cue):
        return True
    if word.endswith("ing") and _unsaid_gerund(masked, sentence_start, cue):
        return False
    return not (_other_verb(masked, word, cue[1]) or _passive(masked, sentence_start, cue, word))


def passive_with_agent(masked: str, sentence_start: int, cue: Span) -> bool:
    """'was first reported by The Washington Post': a passive naming its source."""
    word = masked[cue[0] : cue[1]].casefold()
    if word not in lex.PASSIVE_AGENT_VERBS or not masked.startswith(" by ", cue[1]):
        return False
    start = max(sentence_start, cue[0] - _LOOKBEHIND)
    return PASSIVE_AUXILIARY.search(masked, start, cue[0]) is not None


def _unsaid_gerund(masked: str, sentence_start: int, cue: Span) -> bool:
    """'left without saying a word', 'refrained from criticizing': the participle
    names what was not said, so it attributes nothing."""
    before = masked[max(sentence_start, cue[0] - _LOOKBEHIND) : cue[0]].split()
    if before and before[-1].casefold() == "by":
        # 'defined the areas by adding communities': a means, unless something said
        # follows ('responded by saying that ...', 'by adding, "..."')
        return _SAID_NEXT.match(masked, cue[1]) is None
    return bool(before) and before[-1].casefold() in _BEFORE_GERUND


def _other_verb(masked: str, word: str, end: int) -> bool:
    """The cue word, by what follows it, is another verb or a noun."""
    if masked.startswith(" by ", end) and not _gerund_at(masked, end + 4):
        return True  # 'a monitor maintained by'; 'responded by using ...' is active
    if _PARTICLE.match(masked, end):
        return True  # 'showed up', 'called into', 'reported from Midway'
    if word in lex.COMPARING_VERBS and masked.startswith((" to ", " with "), end):
        return True  # 'Talk compared to ...', 'up 5 percent compared with 2015'
    if word in lex.INFINITIVE_ONLY_VERBS:
        return not masked.startswith(" to ", end)  # 'plans for' is a noun
    if word in lex.PREPOSITION_ONLY_VERBS:
        return TOPIC.match(masked, end) is None  # 'spoke about', not 'spoke to'
    if word in lex.THAT_ONLY_VERBS:  # 'estimates that it', not 'the demands that come'
        introduces = masked.startswith(":", end)  # 'The Times reports: "..."'
        return not introduces and _THAT_CLAUSE.match(masked, end) is None
    if word in lex.QUOTATION_ONLY_VERBS:  # 'she continued, "..."', not 'prices continued'
        before = masked[max(0, end - len(word) - _QUOTE_REACH) : end - len(word)]
        return MASK not in before and _QUOTATION_NEXT.match(masked, end) is None
    return False


def _passive(masked: str, sentence_start: int, cue: Span, word: str) -> bool:
    """'was told', 'to say', 'long-rumored'; 'is calling for' is active."""
    if word.endswith("ing"):
        return False
    start = max(sentence_start, cue[0] - _LOOKBEHIND)
    if not masked[start : cue[0]].rstrip().endswith(_PASSIVE_ENDINGS):
        return False
    return _PASSIVE_OR_INFINITIVE.search(masked, start, cue[0]) is not None


def _gerund_at(text: str, position: int) -> bool:
    word = text[position : position + 24].split(" ", 1)[0]
    return word.endswith("ing")
