"""Agreements: deal/accord/treaty/memorandum/pact/ceasefire mentions with their parties,
terms ('to wrap up ... and transition to ...'), dates and a status read off cue words."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer._engines._extractive import _calendar as cal
from summarizer._engines._extractive._build import LIMITS, evidence_list, key_of, make, unique
from summarizer._engines._extractive._dates import deadline_in, find_dates
from summarizer._engines._extractive._regex import word_regex
from summarizer._engines._extractive._text import Sentence, SentenceIndex, Span, clauses, word_set
from summarizer._schema import Agreement

MAX_TITLE = 200
# Trigger words, one regex per form, each opening with a letter or a [Xx] pair (the
# document scan in `_keywords` dispatches on that first letter).
KEYWORDS = (
    r"[Aa]greements?\b",
    r"[Dd]eals?\b",
    r"[Aa]ccords?\b",
    r"[Tt]reat(?:y|ies)\b",
    r"[Mm]emorand(?:um|a)(?: of understanding)?\b",
    r"[Pp]acts?\b",
    r"[Cc]ease-?fires?\b",
    r"[Tt]ruces?\b",
    r"[Aa]rmistice\b",
)
_TRIGGER = re.compile(r"\b(?:" + "|".join(KEYWORDS) + ")")
_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("under_negotiation", word_regex(
        r"\b(?:yet to (?:finali[sz]e|sign|reach|agree)|negotiat\w*|talks|discuss\w*|"
        r"preliminary|draft\w*|working on|close to)\b", re.IGNORECASE)),
    ("disputed", word_regex(r"\b(?:violat\w*|disput\w*|collaps\w*|breach\w*|contested)\b", re.I)),
    ("expired", word_regex(r"\b(?:expired|lapsed|terminated|scrapped|withdrew from)\b", re.I)),
    ("in_force", word_regex(
        r"\b(?:in force|took effect|takes effect|entered into force|implemented|ratified)\b",
        re.IGNORECASE)),
    ("agreed", word_regex(
        r"\b(?:reached|signed|announced|struck|concluded|agreed|sealed|finali[sz]ed|approved)\b",
        re.IGNORECASE)),
    ("proposed", word_regex(r"\b(?:propos\w*|offer\w*|plan to|would)\b", re.IGNORECASE)),
)  # fmt: skip
_BETWEEN = re.compile(
    r"\bbetween (?P<a>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*) and (?:the )?"
    r"(?P<b>[A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*)*)"
)
_PROPER = re.compile(r"\b(?:the )?(?P<name>(?:[A-Z][\w.’'-]*|[A-Z]{2,})(?: [A-Z][\w.’'-]*)*)")
_TERMS = re.compile(r"\bto (?P<terms>[a-z][^;:]{8,400})")
_TERM_SPLIT = re.compile(r",? and (?=[a-z]+[^s\s] )")
_QUOTE_MARKS = str.maketrans("", "", '“”"')
_NOT_PARTIES = word_set(
    """
    The A An In On At But And If When While After Before This That These Those It He She
    They We I His Her Their Its Our Despite However First Second Third Last Next Sources
    """
) | cal.capitalised(cal.MONTHS + cal.WEEKDAYS)
_MAX_PARTIES = 4
_DANGLING = frozenset(
    ["a", "an", "the", "in", "on", "at", "of", "to", "by", "for", "with", "and", "or", "from"]
)
_NOT_MODIFIERS = frozenset(
    ["a", "an", "the", "any", "this", "that", "its", "their", "his", "her", "our", "no", "new"]
)


def agreements(
    document: str, locate: SentenceIndex, year: int | None, hits: Sequence[Span]
) -> list[Agreement]:
    """One agreement per sentence with a trigger word (HITS: where the triggers are)."""
    found: list[Agreement] = []
    done: set[int] = set()
    for start, end in hits:
        place = locate.find(start, end)
        if place is None or place[0].start in done:
            continue
        sentence = place[0]
        done.add(sentence.start)
        local = _TRIGGER.search(document[sentence.start : sentence.end])
        agreement = _agreement(document, sentence, local, year) if local else None
        if agreement is not None:
            found.append(agreement)
    return unique(found, lambda a: key_of(a.title), LIMITS["agreements"])


def _agreement(
    document: str, sentence: Sentence, trigger: re.Match[str], year: int | None
) -> Agreement | None:
    text = document[sentence.start : sentence.end]
    parties = _parties(text, trigger.start())
    if not parties:
        return None
    dates = find_dates(document, sentence.start, sentence.end, year)
    reached = next((d.partial_iso() for d in dates if d.partial_iso() and not d.end_of), None)
    status = next((name for name, rule in _STATUS if rule.search(text)), "unclear")
    return make(
        Agreement,
        title=_title(text, trigger, parties),
        parties=parties,
        terms=_terms(text[trigger.end() :]),
        date_reached=reached if status in ("agreed", "in_force") else None,
        deadline=deadline_in(document, dates),
        status=status,
        evidence=evidence_list(document, _evidence_spans(document, sentence, trigger), 6),
    )


def _parties(text: str, trigger_start: int) -> list[str]:
    """'between X and Y', else proper names before the trigger (the subject), else after."""
    between = _BETWEEN.search(text)
    if between:
        return [between["a"], between["b"]]
    return _names(text[:trigger_start]) or _names(text[trigger_start:])


def _names(text: str) -> list[str]:
    parties: list[str] = []
    for match in _PROPER.finditer(text):
        name = match["name"].rstrip(".")
        first = name.split()[0]
        if first in _NOT_PARTIES or _TRIGGER.fullmatch(name) or name in parties:
            continue
        parties.append(name)
        if len(parties) == _MAX_PARTIES:
            break
    return parties


def _title(text: str, trigger: re.Match[str], parties: list[str]) -> str:
    before = text[: trigger.start()].split()[-1:]
    modifiers = [
        w
        for w in before
        if w.isalpha() and w.islower() and w not in _NOT_MODIFIERS and not w.endswith(("ed", "ing"))
    ]
    tail = text[trigger.end() :].split()[:8] if text[trigger.end() :].startswith(" to ") else []
    while tail and (tail[-1].casefold() in _DANGLING or not tail[-1][-1:].isalnum()):
        tail.pop()
    phrase = " ".join([*modifiers, trigger.group().lower(), *tail]).translate(_QUOTE_MARKS)
    return f"{'–'.join(parties[:2])} {phrase}"[:MAX_TITLE]


def _terms(after_trigger: str) -> list[str]:
    match = _TERMS.match(after_trigger.lstrip())
    if match is None:
        return []
    terms = []
    for part in _TERM_SPLIT.split(match["terms"]):
        term = " ".join(part.translate(_QUOTE_MARKS).split()).strip(" ,.;:")
        if len(term.split()) >= 2:
            terms.append(term[:300])
    return terms[:12]


def _evidence_spans(document: str, sentence: Sentence, trigger: re.Match[str]) -> list[Span]:
    """The clause with the trigger first, then clauses carrying the status cue."""
    position = sentence.start + trigger.start()
    parts = clauses(document, sentence.start, sentence.end)
    first = [part for part in parts if part[0] <= position < part[1]]
    others = [
        part
        for part in parts
        if part not in first and any(rule.search(document, part[0], part[1]) for _, rule in _STATUS)
    ]
    return first + others
