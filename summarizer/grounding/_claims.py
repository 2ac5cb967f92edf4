"""Checkable claims in free text written about a document (a title, a summary).

A model's title or summary has no quotes to align, but three kinds of words in it can be
checked against the document: numbers, dates and capitalised names. Each must occur in the
document after the aligner's normalisation (`fold`: NFKC, casefold, quote marks, dashes).

Conventions (each errs towards not flagging what a fair summary says):

- Numbers: every run of digits ("3", "1.5", "20%" -> 20, "$3 million" -> 3, "1,500" ->
  1500, "2nd" -> 2). A number is supported when the document has the same number in digits,
  or, for 0-20 and the tens up to 90, written as a word ("three" supports "3"). Numbers
  written as words in the checked text are not claims (they read like ordinary words).
- Dates: month and weekday names are checked like names; an ISO date ("2026-03-01") is
  supported when its year and day occur as numbers and its month as a name or a number.
- Names: every capitalised word that is not a function word ("The", "However", "In", ...),
  wherever it stands. So a sentence-initial name ("Iraq ...") is checked and a
  sentence-initial "The" is not. A lone word opening a sentence is skipped when its ending
  marks a common word ("Negotiations", "Dredging", "Officials", "Reportedly"); any other
  sentence-initial word ("Work ...") is checked like a name, so it must come from the
  document too (the re-ask asks for the document's words). Words match whole, or with a
  plural/tense ending ("officials" matches "official", "approves" matches "approved");
  hyphenated parts and acronym dots ("U.S." is "US") are handled alike on both sides.
  Consecutive capitalised words are reported as one claim ("Saudi Arabia"), unsupported
  when any of their words is missing. Scripts without case (Arabic, CJK) have no
  capitalised names: only their numbers are checked.

Time is linear in the document: it is folded and tokenised once per `ClaimChecker`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from summarizer.grounding._normalize import NormalizedText, fold

ClaimKind = Literal["number", "date", "name"]

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WORD = re.compile(r"[^\W\d_](?:[\w'\u2019-]*[^\W_])?")
_TOKEN = re.compile(r"[^\W_]+")
_ACRONYM = re.compile(r"(?<![^\W\d_])(?:[^\W\d_]\.){2,}")
_GAP_IN_NAME = re.compile(r"[ \t]+")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def _word_list(words: str) -> list[str]:
    return re.findall(r"\S+", words)


_MONTHS = _word_list(
    "january february march april may june july august september october november december"
)
_DATE_WORDS = frozenset(_MONTHS) | frozenset(
    _word_list("monday tuesday wednesday thursday friday saturday sunday")
)
_NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        _word_list(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen "
            "fourteen fifteen sixteen seventeen eighteen nineteen twenty"
        )
    )
} | {
    word: 10 * tens
    for tens, word in enumerate(_word_list("thirty forty fifty sixty seventy eighty ninety"), 3)
}
# Capitalised at the start of a sentence or in a Title Case headline, these name nothing.
_FUNCTION_WORDS = frozenset(
    _word_list(
        """
        a an the this that these those its it he she they we i you his her their our my your
        him them me who whom whose which what why how when where while whether if
        and or nor but so yet because although though unless until since as than then thus
        in on at of for to from by with without within after before during amid among
        against despite over under about into onto through between toward towards across
        along around beyond near off out up down upon via per
        is are was were be been being has have had will would can could should must might
        shall do does did not no yes
        all some many most several few both each every any more less other another such only
        even just also however meanwhile moreover furthermore nevertheless nonetheless
        instead still overall additionally finally first firstly second secondly last lastly
        here there now today yesterday tomorrow tonight according
        mr mrs ms dr sir hundred thousand million billion trillion
        """
    )
) | frozenset(_NUMBER_WORDS)
_COMMON_WORD_ENDING = re.compile(r"(?:ing|ed|ly|tions?|sions?|ments?|ness|ity|ities|ists|ials)$")
_SENTENCE_ENDS = frozenset(".!?\u2026:;")
_OPENING_MARKS = " \t\n\r\"'\u201c\u2018([\u00ab-"
_LOOKBACK = 40  # chars: a bounded look back keeps the check linear in the text
_SUFFIXES = ("ing", "ies", "es", "ed", "s", "d", "e")
_MIN_STEM = 3


@dataclass(frozen=True, slots=True)
class Claim:
    """A number, date or name in the checked text, as written there."""

    text: str
    kind: ClaimKind


def _canonical_number(token: str) -> str:
    """'1,500' -> '1500', '007' -> '7', '1,5' -> '1.5' (digits of any script as ASCII)."""
    if _THOUSANDS.fullmatch(token):
        token = token.replace(",", "")
    whole, _, fraction = token.replace(",", ".").partition(".")
    digits = "".join(str(unicodedata.digit(ch)) for ch in fraction if ch.isdigit())
    return str(int(whole)) + (f".{digits}" if fraction else "")


def _without_acronym_dots(text: str) -> str:
    return _ACRONYM.sub(lambda match: match[0].replace(".", ""), text)


def _variants(word: str) -> Iterator[str]:
    """WORD and its stems without one plural/tense ending ('approves' -> 'approv', 'approve')."""
    yield word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            yield word[: -len(suffix)]
    if word.endswith("ies") and len(word) > _MIN_STEM + 2:
        yield word[:-3] + "y"


@functools.lru_cache(maxsize=1 << 16)
def _all_variants(word: str) -> tuple[str, ...]:
    return tuple(_variants(word))


def _word_parts(word: str) -> list[str]:
    """The folded pieces of one written word worth checking (no initials, no possessive s)."""
    folded = fold(_POSSESSIVE.sub("", word))
    return [part for part in _TOKEN.findall(folded) if len(part) > 1]


class ClaimChecker:
    """One document's numbers and word forms, indexed once, to check many texts against."""

    def __init__(self, document: str) -> None:
        folded = _without_acronym_dots(NormalizedText(document).text)
        tokens = _TOKEN.findall(folded)
        # Each distinct word once (a document repeats most of its words), its variants
        # remembered across documents (a corpus shares most of its vocabulary).
        self._words = {variant for token in set(tokens) for variant in _all_variants(token)}
        self._numbers = {_canonical_number(n) for n in _NUMBER.findall(folded)}
        self._numbers |= {str(_NUMBER_WORDS[t]) for t in tokens if t in _NUMBER_WORDS}

    def unsupported(self, text: str) -> list[Claim]:
        """Claims of TEXT that do not occur in the document, in order, each once."""
        seen: set[tuple[ClaimKind, str]] = set()
        found = []
        for claim in self.claims(text):
            key = (claim.kind, fold(claim.text))
            if key not in seen and not self._supports(claim):
                found.append(claim)
            seen.add(key)
        return found

    def claims(self, text: str) -> list[Claim]:
        """Every number, date and capitalised name in TEXT, in order."""
        text = _without_acronym_dots(text)
        without_dates = _ISO_DATE.sub(lambda match: " " * len(match[0]), text)
        found = [(m.start(), Claim(m[0], "date")) for m in _ISO_DATE.finditer(text)]
        found += [(m.start(), Claim(m[0], "number")) for m in _NUMBER.finditer(without_dates)]
        found += list(_names(text))
        return [claim for _, claim in sorted(found, key=lambda pair: pair[0])]

    def _supports(self, claim: Claim) -> bool:
        if claim.kind == "number":
            return _canonical_number(claim.text) in self._numbers
        match = _ISO_DATE.fullmatch(claim.text)
        if match is not None:
            return self._supports_iso_date(*match.groups())
        return all(self._has_word(part) for part in _word_parts(claim.text))

    def _supports_iso_date(self, year: str, month: str, day: str) -> bool:
        month_number = int(month)
        month_name = _MONTHS[month_number - 1] if 1 <= month_number <= 12 else ""
        return {_canonical_number(year), _canonical_number(day)} <= self._numbers and (
            month_name in self._words or str(month_number) in self._numbers
        )

    def _has_word(self, part: str) -> bool:
        return any(variant in self._words for variant in _variants(part))


def _is_checked_word(word: str) -> bool:
    if not word[0].isupper():
        return False
    parts = _word_parts(word)
    return bool(parts) and not all(part in _FUNCTION_WORDS for part in parts)


def _names(text: str) -> Iterator[tuple[int, Claim]]:
    """One claim per run of checked capitalised words (unless it is a common word)."""
    for run in _capitalised_runs(text):
        if not _common_word_opening_a_sentence(text, run):
            yield _name_claim(text, run)


def _capitalised_runs(text: str) -> Iterator[list[re.Match[str]]]:
    """Runs of checked capitalised words separated only by spaces."""
    run: list[re.Match[str]] = []
    for word in _WORD.finditer(text):
        joins = bool(run) and _GAP_IN_NAME.fullmatch(text[run[-1].end() : word.start()])
        if run and not (joins and _is_checked_word(word[0])):
            yield run
            run = []
        if _is_checked_word(word[0]):
            run.append(word)
    if run:
        yield run


def _common_word_opening_a_sentence(text: str, run: list[re.Match[str]]) -> bool:
    """A lone capitalised word opening a sentence may be any word; with a common-word ending
    ("Negotiations", "Dredging", "Officials", "Reportedly") it is almost never a name."""
    return (
        len(run) == 1
        and bool(_COMMON_WORD_ENDING.search(fold(run[0][0])))
        and _opens_sentence(text, run[0].start())
    )


def _opens_sentence(text: str, start: int) -> bool:
    window = text[max(0, start - _LOOKBACK) : start]
    before = window.rstrip(_OPENING_MARKS)
    if not before:
        return True
    return before[-1] in _SENTENCE_ENDS or "\n" in window[len(before) :]


def _name_claim(text: str, run: list[re.Match[str]]) -> tuple[int, Claim]:
    written = _POSSESSIVE.sub("", text[run[0].start() : run[-1].end()])
    kind: ClaimKind = "date" if fold(written) in _DATE_WORDS else "name"
    return run[0].start(), Claim(written, kind)


def unsupported_claims(document: str, text: str) -> list[Claim]:
    """The numbers, dates and capitalised names of TEXT that DOCUMENT does not contain."""
    return ClaimChecker(document).unsupported(text)
