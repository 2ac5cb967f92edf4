"""Risks: clauses with a risk word (fear, threat, instability, pressure) or a warning,
with the cue copied verbatim, what drives it ('especially now that ...') and a category
read off the clause's vocabulary."""

from __future__ import annotations

import re
from collections.abc import Sequence

from summarizer._engines._extractive import _lexicon as lex
from summarizer._engines._extractive._build import LIMITS, Collector, evidence_list, key_of, make
from summarizer._engines._extractive._regex import word_regex
from summarizer._engines._extractive._text import Sentence, SentenceIndex, Span
from summarizer._schema import Likelihood, Risk

MAX_DESCRIPTION = 400
MAX_CUE = 60
_RISK = word_regex(
    r"\b(?:fears? of|fears?|threats? (?:of|to)|threats?|risks? (?:of|to)|risks?|dangers? of|"
    r"dangers?|concerns? (?:about|over)|concerns?|instability|warn(?:s|ed|ing)?|"
    r"pressure|crisis|backlash|escalat\w+|unrest|tensions?|vulnerab\w+|resurgence|"
    r"spill(?:s|ed)? over|spillover|jeopardi\w+|undermin\w+)\b",
    re.IGNORECASE,
)
# Word starts worth a closer look, scanned once for all sections by `_keywords`; one
# regex per form, each opening with a letter or a [Xx] pair.
KEYWORDS = (
    "[Ff]ear", "[Tt]hreat", "[Rr]isk", "[Dd]anger", "[Cc]oncern", "[Ii]nstabil", "[Ww]arn",
    "[Pp]ressure", "[Cc]risis", "[Bb]acklash", "[Ee]scalat", "[Uu]nrest", "[Tt]ension",
    "[Vv]ulnerab", "[Rr]esurgen", "[Ss]pill", "[Jj]eopardi", "[Uu]ndermin",
)  # fmt: skip
# A hedge is an estimative word (how likely), never a risk noun such as 'instability'.
_HEDGE = word_regex(
    r"\b(?:could|may|might|would likely|is likely to|are likely to|likely|unlikely|possibly|"
    r"probably|perhaps|fear(?:s|ed)? that|risks? of)\b"
)
# Risk cues that are estimative themselves: the hedge when the clause has no other one
_ESTIMATIVE_CUE = re.compile(r"(?i)fears?(?: of)?|risks? (?:of|to)|dangers? of|warn\w*")
# 'maintains pressure on the council', 'piled pressure on': an idiom of influence, no risk
_PRESSURE_IDIOM = word_regex(
    r"\b(?:keep\w*|kept|maintain\w*|put\w*|pil\w+|ramp\w* up|step\w* up|increas\w*|"
    r"exert\w*|appl\w+|turn\w* up|ratchet\w* up|mount\w*) (?:up )?(?:\w+ )?pressure on\b",
    re.IGNORECASE,
)
_DRIVER = word_regex(
    r"\b(?:especially now that|now that|because of|due to|amid|driven by|as a result of|"
    r"fueled by|fuelled by|given|citing)\s+(?P<driver>[^,;.]{4,160})",
    re.IGNORECASE,
)
_CATEGORIES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("security", word_regex(
        rf"\b(?:{lex.alternation(lex.ARMED_GROUPS)}|militant\w*|armed|attack\w*|terror\w*|"
        r"military|forces|troops|security|war|violence|weapons?|insurgen\w*|missile\w*|"
        r"nuclear)\b", re.IGNORECASE)),
    ("humanitarian", word_regex(
        r"\b(?:civilians?|refugees?|humanitarian|displaced|famine|hunger|casualties)\b",
        re.IGNORECASE)),
    ("economic", word_regex(
        r"\b(?:econom\w*|market\w*|prices?|inflation|budget|tax\w*|trade|jobs?|growth|debt|"
        r"financ\w*|recession)\b", re.IGNORECASE)),
    ("diplomatic", word_regex(
        r"\b(?:diplomat\w*|relations|influence|sanctions?|embassy|ties|stance|foreign)\b",
        re.IGNORECASE)),
    ("legal", word_regex(r"\b(?:court|laws?|legal|lawsuit|illegal|prosecut\w*)\b", re.IGNORECASE)),
    ("political", word_regex(
        r"\b(?:politic\w*|parliament\w*|elect\w*|government|party|parties|vote\w*|"
        r"campaign|public)\b", re.IGNORECASE)),
)  # fmt: skip
# Hedge cue -> ICD 203 term (the directive's terms and their paired synonyms: remote,
# highly improbable, improbable, roughly even odds, probable, highly probable, nearly
# certain); 'inevitable' reads as almost certain, 'imminent' as very likely, 'doubtful',
# 'slim chance' and 'not expected to' as unlikely. The leftmost cue of the quoted clause
# wins; at one position the longer phrase does ('very unlikely' before 'unlikely', 'not
# likely to' before 'likely'). 'could', 'may', 'might' and 'possible' say a risk can
# happen, not how likely it is: ICD 203 gives them no range, so they stay `unstated` (the
# hedge word is still kept as hedge_cue). No cue: unstated.
LIKELIHOOD_CUES: tuple[tuple[Likelihood, str], ...] = (
    ("almost certain", r"(?:almost|nearly|virtually|all but) certain(?:ly)?|inevitabl[ey]"),
    ("almost no chance", r"(?:almost|virtually) no chance|remote (?:chance|possibility|prospect)"),
    ("very unlikely", r"(?:very|highly|extremely) (?:unlikely|improbable)"),
    ("very likely", r"(?:very|highly) (?:likely|probable)|imminent"),
    ("unlikely", r"unlikely|improbable|doubtful|slim (?:chance|odds)|not (?:expected|likely) to"),
    ("roughly even chance", r"(?:roughly )?even (?:chance|odds)|as likely as not|fifty-fifty"),
    ("likely", r"likely|probabl[ey]|expected to"),
)
_LIKELIHOOD = word_regex(
    r"\b(?:" + "|".join(f"(?P<g{n}>{cue})" for n, (_, cue) in enumerate(LIKELIHOOD_CUES)) + r")\b",
    re.IGNORECASE,
)


def estimated_likelihood(quote: str) -> tuple[Likelihood, str | None]:
    """The ICD 203 term QUOTE's first likelihood cue stands for, and the cue as written."""
    match = _LIKELIHOOD.search(quote)
    if match is None or match.lastgroup is None:
        return "unstated", None
    return LIKELIHOOD_CUES[int(match.lastgroup[1:])][0], match.group()


def risks(document: str, locate: SentenceIndex, hits: Sequence[Span]) -> list[Risk]:
    """One risk per clause with a risk cue, in document order (one scan of the text)."""
    found = Collector(lambda r: key_of(r.description), LIMITS["risks"])
    done: set[Span] = set()
    context = _SentenceContext(document)
    for start, end in hits:
        if found.full:
            break
        place = locate.find(start, end)
        if place is None or place[1] in done:
            continue
        sentence, clause = place
        done.add(clause)
        cue = _risk_cue(document, clause)
        if cue is None:
            continue
        found.add(_risk(document, clause, context.read(sentence), cue))
    return list(found.items)


def _risk_cue(document: str, clause: Span) -> re.Match[str] | None:
    """The first risk word of CLAUSE that is not part of an idiom ('pressure on')."""
    idioms = [m.span() for m in _PRESSURE_IDIOM.finditer(document, clause[0], clause[1])]
    for cue in _RISK.finditer(document, clause[0], clause[1]):
        if not any(start <= cue.start() < end for start, end in idioms):
            return cue
    return None


class _SentenceContext:
    """The category and drivers of each sentence, read once: a sentence of a thousand
    risk clauses would otherwise be rescanned for every one of them."""

    def __init__(self, document: str) -> None:
        self._document = document
        self._read: dict[Sentence, tuple[str, tuple[str, ...]]] = {}

    def read(self, sentence: Sentence) -> tuple[str, tuple[str, ...]]:
        """(category, drivers) of SENTENCE."""
        if sentence not in self._read:
            text = self._document[sentence.start : sentence.end]
            self._read[sentence] = (_category(text), tuple(_drivers(text)))
        return self._read[sentence]


def _risk(
    document: str, clause: Span, context: tuple[str, tuple[str, ...]], cue: re.Match[str]
) -> Risk | None:
    text = document[clause[0] : clause[1]]
    category, drivers = context
    hedge = _HEDGE.search(text)
    evidence = evidence_list(document, [clause], 1)
    likelihood, said = estimated_likelihood(evidence[0]["quote"] if evidence else "")
    return make(
        Risk,
        description=_clip(" ".join(text.split()), MAX_DESCRIPTION),
        category=category,
        drivers=list(drivers),
        likelihood=likelihood,
        hedge_cue=said or _hedge_cue(hedge, cue),
        evidence=evidence,
    )


def _hedge_cue(hedge: re.Match[str] | None, cue: re.Match[str]) -> str | None:
    if hedge is None and _ESTIMATIVE_CUE.fullmatch(cue.group()):
        hedge = cue
    return hedge.group()[:MAX_CUE] if hedge else None


def _category(text: str) -> str:
    return next((name for name, rule in _CATEGORIES if rule.search(text)), "other")


def _drivers(text: str) -> list[str]:
    drivers = []
    for match in _DRIVER.finditer(text):
        driver = " ".join(match["driver"].split()).strip(" “”\"'")
        if driver and driver not in drivers:
            drivers.append(driver)
    return drivers[:8]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
