"""Positions: who stands where on what, from stance cues (oppose, reject, welcome,
commit to end, remains steadfast in its opposition, reassess, shift, ...).

The actor is the source when the cue sits inside an attributed statement, else the
subject of the cue's clause ('Iraq's ruling Coordination Framework ... remains steadfast
in its opposition to ...') or the proper modifier of a nominal cue ('the US proposals to').
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._build import LIMITS, Collector, evidence_list, key_of, make
from summarizer._engines._extractive._phrases import left_subject
from summarizer._engines._extractive._regex import word_regex
from summarizer._engines._extractive._registry import Record
from summarizer._engines._extractive._speakers import parse_speaker
from summarizer._engines._extractive._state import WINDOW, Attributions, Claim
from summarizer._engines._extractive._text import Sentence, SentenceIndex, Span, word_set
from summarizer._schema import Position

MAX_ISSUE_WORDS = 14
_ISSUE_REACH = 400  # chars right of a cue its issue is read in: 14 words take far fewer
MAX_SUMMARY = 600


@dataclass(frozen=True)
class _Cue:
    stance: str
    pattern: re.Pattern[str]
    stems: tuple[str, ...]  # lower-case strings the clause must contain for the pattern to run
    actor: str  # "subject": the clause subject; "modifier": the word(s) before the noun


def _cue(stance: str, pattern: str, stems: tuple[str, ...], actor: str = "subject") -> _Cue:
    return _Cue(stance, word_regex(pattern, re.IGNORECASE), stems, actor)


_BE = r"(?:(?:remains?|remained|is|are|was|were|has been|have been)\s+(?:\w+\s+){0,2})?"
# Verbs of stopping something: to pledge one of them is to oppose what it stops.
_CEASE = r"(?:end|halt|stop|scrap|abolish|repeal|dismantle)(?:s|ed|ing|ping|ped)?"
_CUES = (
    _cue("opposes", rf"\b{_BE}in (?:its|their|his|her) opposition to\b", ("opposition",)),
    _cue("opposes", r"\b(?:signal(?:ed|s)?|express(?:ed|es)?|made|reaffirmed|announced)"
         r" (?:a |an |its |their |his |her )?(?:commitment|intention|pledge|determination)"
         rf" to {_CEASE}\b", ("commitment", "intention", "pledge", "determination")),
    _cue("opposes", r"\b(?:committed to|pledged to|vowed to|promised to|push(?:ed|es)? to|"
         rf"plans? to|called for|calls for) {_CEASE}\b",
         ("end", "halt", "stop", "scrap", "abolish", "repeal", "dismantl")),
    _cue("opposes", r"\bno longer (?:needs?|needed|wants?|wanted|requires?|required|sees? (?:a|any)"
         r" need for)\b", ("no longer",)),
    _cue("opposes", rf"\b{_BE}(?:oppos(?:e|es|ed)|reject(?:s|ed)?|condemn(?:s|ed)?|"
         r"denounc(?:e|es|ed)|(?:voted|votes|vote|argued|came out|spoke out) against)\b",
         ("oppos", "reject", "condemn", "denounc", "against")),
    _cue("opposes", rf"\b(?:consensus|determination|decision|push|bid|plans?) to {_CEASE}\b",
         ("end", "halt", "stop", "scrap", "abolish", "repeal", "dismantl"), "modifier"),
    # 'remains more welcoming to', 'is increasingly receptive to': an openness adjective
    _cue("supports", rf"\b{_BE}[“\"]?(?:more |increasingly |very |largely )?"
         r"(?:welcom(?:e|es|ed|ing)|receptive|amenable|sympathetic)[”\"]? (?:to|of)\b",
         ("welcom", "receptive", "amenable", "sympathetic")),
    _cue("supports", r"\b(?:support(?:s|ed)?|back(?:s|ed)|endors(?:e|es|ed)|favou?r(?:s|ed)?|"
         r"welcom(?:e|es|ed)|urg(?:e|es|ed)|call(?:s|ed)? for|push(?:es|ed)? for)\b",
         ("support", "back", "endors", "favo", "welcom", "urge", " for")),
    _cue("supports", r"\b(?:desire|proposals?|plans?|push|bid|efforts?|commitment)(?: \w+ly)? to"
         rf" (?!{_CEASE}\b)", ("desire", "proposal", "plan", "push", "bid", "effort", "commitment"),
         "modifier"),
    _cue("shifting", r"\b(?:shift(?:s|ed)?|reassess\w*|reconsider\w*|rethink\w*|u-turn|"
         r"softened (?:its|their|his|her) (?:position|stance)|changed (?:its|their|his|her) "
         r"(?:position|stance|mind))\b",
         ("shift", "reassess", "reconsider", "rethink", "u-turn", "soften", "changed"), "modifier"),
    _cue("mixed", r"\b(?:ambivalen\w*|mixed feelings|divided over|torn over)\b",
         ("ambivalen", "mixed", "divided", "torn")),
    _cue("neutral", r"\b(?:remain(?:s|ed)? neutral|declined to take (?:a|any) (?:position|side))\b",
         ("neutral", "declined")),
)  # fmt: skip
# One cheap scan (`_keywords`) finds the clauses worth trying every cue pattern on. One
# regex per word start, each opening with a letter or a [Xx] pair.
KEYWORDS = (
    "[Oo]ppos", "[Rr]eject", "[Cc]ondemn", "[Dd]enounc", "against", "commitment", "intention",
    "pledge", "determination", "to end", "ending", "to halt", "to stop", "to scrap",
    "to abolish", "to repeal", "to dismantl", "no longer", "[Ww]elcom", "receptive",
    "amenable", "sympathetic", "[Ss]upport", "back[se]", "endors", "favou?r", "urge",
    "call(?:s|ed)? for", "push(?:es|ed)? for", "desire", "proposal", r"plans?(?: \w+ly)? to",
    r"push(?: \w+ly)? to", r"bid(?: \w+ly)? to", r"efforts?(?: \w+ly)? to", "shift", "reassess",
    "reconsider", "rethink", "[Uu]-turn", "soften", "changed", "ambivalen", "mixed feelings",
    "divided over", "torn over", "neutral", "declined",
)  # fmt: skip
_PAST = word_regex(r"\b(?:previously|earlier|initially|once|had long)\b", re.IGNORECASE)
_ISSUE_END = re.compile(
    r"[,;:.?!]|\s(?:while|but|although|because|according|after|amid)\s"
    r"|\sand (?:is|are|was|were|has|have|had|will|would|can)\s"
)
_LEADING = word_set(
    """
    the a an its their his her in how on of over about for toward towards to
    """
)
# Words that open a phrase: an issue cut at MAX_ISSUE_WORDS drops the phrase it cut into
_PHRASE_OPENERS = word_set(
    """
    the a an its their his her of in on at to for with by from and or but than into
    over about under between toward towards as that which who
    """
)
# How a position's summary states each stance (it restates, it does not repeat the quote)
_STANCE_WORDS = {
    "supports": "supports",
    "opposes": "opposes",
    "mixed": "is divided over",
    "shifting": "is shifting its position on",
    "neutral": "is neutral on",
    "unclear": "has an unclear position on",
}
_STATE_LIKE = re.compile(r"^(?:the )?(?:[A-Z]{2,}|[A-Z][a-z]+)$")


def _class_regex(words: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    return word_regex(rf"\b{lex.alternation(words)}\b", flags)


_ACTOR_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("legislature", _class_regex(lex.LEGISLATURE_WORDS, re.I)),
    ("political_party", _class_regex(lex.PARTY_WORDS, re.I)),
    ("government", _class_regex(lex.GOVERNMENT_WORDS, re.I)),
    ("military", _class_regex(lex.MILITARY_WORDS, re.I)),
    ("armed_group", _class_regex(lex.ARMED_GROUPS, re.I)),
    ("international_organization", _class_regex(lex.INTERNATIONAL_BODIES)),
    ("company", word_regex(r"\b(?:company|corp\w*|inc|bank|firm)\b", re.I)),
    ("media", word_regex(r"\b(?:" + "|".join(sorted(lex.OUTLET_WORDS)) + r")\b", re.I)),
    ("official", word_regex(r"\b(?:officials?|spokes\w+|minister|secretary|ambassador)\b", re.I)),
    ("politician", word_regex(
        r"\b(?:mp|senator|sen\.|rep\.|lawmaker|governor|president|candidate|nominee)\b", re.I)),
)  # fmt: skip


def positions(
    document: str,
    attributions: Attributions,
    locate: SentenceIndex,
    ids: dict[int, str],
    hits: Sequence[Span],
) -> list[Position]:
    """Positions in document order; one per (actor, issue).

    Each cue pattern scans the document once; only sentences with a match are split
    into clauses (most sentences have none).
    """
    reader = _Reader(document, attributions, ids)
    found = Collector(lambda p: key_of(p.actor, p.issue), LIMITS["positions"])
    seen: set[Span] = set()
    for start, end in hits:
        if found.full:
            break
        place = locate.find(start, end)
        if place is None or place[1] in seen:
            continue
        seen.add(place[1])
        for position in reader.clause_positions(*place):
            found.add(position)
    return list(found.items)


def _clause_matches(document: str, clause: Span) -> list[tuple[_Cue, re.Match[str]]]:
    """Cue matches in CLAUSE, earlier cues in _CUES winning where two overlap."""
    chosen: list[tuple[_Cue, re.Match[str]]] = []
    lowered = document[clause[0] : clause[1]].casefold()
    for cue in _CUES:
        if not any(map(lowered.__contains__, cue.stems)):
            continue
        matches = cue.pattern.finditer(document, clause[0], clause[1])
        free = [(cue, match) for match in _clear_of(chosen, matches)]
        chosen = sorted(chosen + free, key=lambda item: item[1].start())  # two sorted runs
    return chosen


def _clear_of(
    kept: Sequence[tuple[_Cue, re.Match[str]]], matches: Iterable[re.Match[str]]
) -> Iterator[re.Match[str]]:
    """MATCHES (in order) that overlap none of KEPT, in one walk: KEPT are disjoint and in
    order, so only the first of them ending after a match can overlap it (a sentence of a
    thousand cues would otherwise check each against all the others)."""
    index = 0
    for match in matches:
        while index < len(kept) and kept[index][1].end() <= match.start():
            index += 1
        if index == len(kept) or kept[index][1].start() >= match.end():
            yield match


class _Said(NamedTuple):
    """One attributed content span and who said it."""

    span: Span
    record: Record
    direct: bool


class _SaidIndex:
    """The attributed content spans in span order, answering 'which span holds this
    offset?' by bisection: a long document has thousands of them and a cue per sentence."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        said = [_Said(span, c.record, c.direct) for c in claims for span in c.contents]
        self._said = sorted(said, key=lambda item: item.span)
        self._starts = [item.span[0] for item in self._said]
        # the largest end among the first i + 1 spans: non-decreasing, so bisectable
        self._reach = list(accumulate((item.span[1] for item in self._said), max))

    def covering(self, position: int) -> _Said | None:
        """The first span (in span order) with start <= POSITION < end, if any."""
        opened = bisect_right(self._starts, position)  # spans starting at or before POSITION
        first = bisect_right(self._reach, position)  # the first span ending after POSITION
        return self._said[first] if first < opened else None


class _Reader:
    """Reads the positions of one document's clauses. What a clause or a span costs to
    read is read once: a clause of thousands of cues shares them all."""

    def __init__(self, document: str, attributions: Attributions, ids: dict[int, str]) -> None:
        self.document = document
        self.found = attributions
        self.claims = _SaidIndex(attributions.claims)
        self.ids = ids

    def clause_positions(self, sentence: Sentence, clause: Span) -> Iterator[Position | None]:
        # whole words, so the first 'previously' of the clause is the first before any cue
        past = _PAST.search(self.document, clause[0], clause[1])
        for cue, match in _clause_matches(self.document, clause):
            earlier = past is not None and past.end() <= match.start()
            stance = "shifting" if earlier else cue.stance
            yield self._position(sentence, clause, _Found(cue, match, stance))

    def _position(self, sentence: Sentence, clause: Span, cue: _Found) -> Position | None:
        issue = _issue(self.document, cue.match.end(), clause[1])
        claim = self.claims.covering(cue.match.start())
        speaker = claim.record if claim else None
        actor, span = self._actor_and_span(sentence, clause, cue, claim)
        if not issue or actor is None:
            return None
        return make(
            Position,
            actor=actor[:200],
            actor_type=_actor_type(actor, speaker if speaker and speaker.name == actor else None),
            issue=issue[:300],
            stance=cue.stance,
            summary=_summary(actor, cue.stance, issue),
            source_ids=[self.ids[speaker.number]]
            if speaker is not None and speaker.number in self.ids
            else [],
            evidence=evidence_list(self.document, [span], 1),
        )

    def _actor_and_span(
        self, sentence: Sentence, clause: Span, cue: _Found, claim: _Said | None
    ) -> tuple[str | None, Span]:
        """Who takes the position, and the span that shows it."""
        speaker = claim.record if claim else None
        if claim is not None and claim.direct:
            # inside a quotation the stance is the speaker's, whoever the grammatical
            # subject, and the quoted sentence shows it in the speaker's own words
            quoted = (max(sentence.start, claim.span[0]), min(sentence.end, claim.span[1]))
            return (speaker.name if speaker else None), quoted
        actor, actor_start = _actor(self.document, self.found, sentence, cue.cue, cue.match)
        if actor is None and speaker is not None and cue.cue.actor == "modifier":
            actor, actor_start = speaker.name, clause[0]
        start = min(actor_start, clause[0]) if actor_start >= sentence.start else clause[0]
        return actor, (start, clause[1])


class _Found(NamedTuple):
    """A cue matched in a clause, and the stance it gives there."""

    cue: _Cue
    match: re.Match[str]
    stance: str


def _actor(
    document: str, found: Attributions, sentence: Sentence, cue: _Cue, match: re.Match[str]
) -> tuple[str | None, int]:
    # the actor is looked for as far left as a speaker is: a sentence of a thousand cues
    # would otherwise be walked from its start for every one of them
    lo = max(sentence.start, match.start() - WINDOW)
    if cue.actor == "modifier":
        return _modifier(document, lo, match.start())
    subject = left_subject(found.masked, lo, match.start())
    if subject is None:
        return None, match.start()
    appositive = (
        document[subject.appositive[0] : subject.appositive[1]] if subject.appositive else None
    )
    mention = parse_speaker(document[subject.core[0] : subject.core[1]], appositive)
    if mention is None or mention.reference == "pronoun":
        return None, match.start()
    name = mention.name
    if mention.kind != "media_outlet" and name.startswith("The ") and len(name.split()) > 1:
        name = name[4:]  # 'The Iraqi government' -> 'Iraqi government'
    return name, subject.start


def _modifier(document: str, lo: int, position: int) -> tuple[str | None, int]:
    """'the US proposals' -> 'US'; 'Iraqi desire' -> 'Iraqi'."""
    words = document[lo:position].split()
    taken: list[str] = []
    for word in reversed(words):
        bare = word.strip("“”\"'’,")
        if not bare[:1].isupper() or bare.casefold() in {"the", "a", "an", "there"}:
            break
        taken.insert(0, bare)
        if len(taken) == 3:
            break
    if not taken:
        return None, position
    name = " ".join(taken)
    return name, document.rfind(taken[0], lo, position)


def _issue(document: str, start: int, end: int) -> str:
    end = min(end, start + _ISSUE_REACH)
    end_match = _ISSUE_END.search(document, start, end)
    text = document[start : end_match.start() if end_match else end]
    words = text.replace("“", " ").replace("”", " ").replace('"', " ").split()
    while words and words[0].casefold() in _LEADING:
        words = words[1:]
    if len(words) > MAX_ISSUE_WORDS:
        words = _whole_phrases(words[:MAX_ISSUE_WORDS])
    return " ".join(words).strip(" ,.;:'’")


def _whole_phrases(words: list[str]) -> list[str]:
    """WORDS, cut short, without the phrase the cut fell into: '... hospital in the
    eastern suburbs of the' -> '... hospital in the eastern suburbs'."""
    opener = max((i for i, w in enumerate(words) if w.casefold() in _PHRASE_OPENERS), default=0)
    kept = words[:opener] if opener > 0 else words
    while len(kept) > 1 and kept[-1].casefold() in _PHRASE_OPENERS:
        kept = kept[:-1]
    return kept


def _summary(actor: str, stance: str, issue: str) -> str:
    """'Lena Ortiz supports extending the tram line.': the position in one sentence of
    its own, not the evidence quoted again."""
    return _clip(f"{actor[:1].upper()}{actor[1:]} {_STANCE_WORDS[stance]} {issue}.", MAX_SUMMARY)


def _actor_type(actor: str, record: Record | None) -> str:
    described = f"{actor} {record.role or ''}" if record else actor
    for name, rule in _ACTOR_TYPES:
        if rule.search(described):
            return name
    if record is not None:
        return {"media_outlet": "media", "anonymous": "other"}.get(record.kind, "other")
    if _STATE_LIKE.match(actor) or actor.casefold() in lex.GENERIC_PEOPLE:
        return "state" if actor[:1].isupper() else "public"
    return "other"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
