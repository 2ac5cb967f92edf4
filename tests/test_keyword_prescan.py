"""The extractive engine's fast pre-scans agree with the patterns they guard.

One document scan (`_keywords`) finds where the positions and risks sections look at all,
and each position cue checks its `stems` before running its pattern. A form a pattern
matches but its pre-scan misses would be silently never found, so every form of every
guarded pattern is written out (`_forms`, a walk of the parsed regex) and checked against
the pre-scan: a trigger word the scan finds inside the form, the stems inside the form.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

import pytest

from summarizer._engines._extractive import _agreements, _calendar, _dates, _positions, _risks
from summarizer._engines._extractive._keywords import keyword_hits

_MAX_FORMS = 400  # per pattern: every alternative, with the fewest repeats that match
# What stands for a class or a category in a written-out form: a lower-case letter for \w
# (so 'escalat\w+' gives 'escalata'), a space for \s.
_CATEGORY_CHARACTER = {sre.CATEGORY_WORD: "a", sre.CATEGORY_SPACE: " ", sre.CATEGORY_DIGIT: "1"}


def _forms(parsed: Any) -> Iterator[str]:
    """The strings a parsed regex matches, one per choice of alternatives, each repeat
    taken its fewest times (at least once where a repeat of zero would drop a word)."""
    pieces = [list(_item_forms(op, argument)) for op, argument in parsed]
    for combination in itertools.islice(itertools.product(*pieces), _MAX_FORMS):
        yield "".join(combination)


def _item_forms(op: Any, argument: Any) -> Iterator[str]:
    if op is sre.LITERAL:
        yield chr(argument)
    elif op is sre.BRANCH:
        for branch in argument[1]:
            yield from _forms(branch)
    elif op is sre.SUBPATTERN:
        yield from _forms(argument[-1])
    elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        yield from _repeat_forms(*argument)
    elif op is sre.IN:
        yield _class_character(argument)
    else:  # \b, lookarounds: no characters of their own
        yield ""


def _repeat_forms(low: int, high: int, item: Any) -> Iterator[str]:
    for form in _forms(item):
        yield form * low
        if low == 0:
            yield form  # 'welcom(?:e|es)?' also as 'welcome'


def _class_character(items: Any) -> str:
    op, argument = items[0]
    if op is sre.LITERAL:
        return chr(argument)
    if op is sre.RANGE:
        return chr(argument[0])
    return _CATEGORY_CHARACTER.get(argument, "a")


def _matching_forms(pattern: re.Pattern[str]) -> list[str]:
    """The written-out forms that the pattern itself matches (a lookahead such as
    '(?!end\\b)' may refuse some), each between spaces so word boundaries hold."""
    forms = {f" {form} " for form in _forms(sre_parse.parse(pattern.pattern, pattern.flags))}
    return sorted(form for form in forms if pattern.search(form))


def _overlaps(hits: list[tuple[int, int]], match: re.Match[str]) -> bool:
    return any(start < match.end() and match.start() < end for start, end in hits)


_POSITION_CUES = [pytest.param(cue, id=f"{cue.stance}-{cue.stems[0]}") for cue in _positions._CUES]


@pytest.mark.parametrize("cue", _POSITION_CUES)
def test_every_form_of_a_position_cue_is_found_by_the_keyword_scan_and_its_stems(
    cue: Any,
) -> None:
    forms = _matching_forms(cue.pattern)
    assert forms, "no form of the pattern was written out"
    for form in forms:
        match = cue.pattern.search(form)
        assert match is not None
        assert _overlaps(keyword_hits(form)["positions"], match), form
        assert any(stem in form.casefold() for stem in cue.stems), form


@pytest.mark.parametrize(
    ("section", "pattern"),
    [
        pytest.param("risks", _risks._RISK, id="risk-cues"),
        pytest.param("agreements", _agreements._TRIGGER, id="agreement-triggers"),
    ],
)
def test_every_form_of_a_section_trigger_is_found_by_the_keyword_scan(
    section: str, pattern: re.Pattern[str]
) -> None:
    forms = _matching_forms(pattern)
    assert len(forms) > 5, "the forms were not written out"
    for form in forms:
        match = pattern.search(form)
        assert match is not None
        assert _overlaps(keyword_hits(form)[section], match), form


def test_the_check_catches_a_form_the_keyword_scan_misses() -> None:
    """The test's own check: a cue pattern with a word no keyword opens is caught."""
    handwritten_pattern = re.compile(r"\b(?:oppos(?:e|ed)|frowned upon)\b", re.IGNORECASE)
    missed = [
        form
        for form in _matching_forms(handwritten_pattern)
        if not _overlaps(keyword_hits(form)["positions"], handwritten_pattern.search(form))  # type: ignore[arg-type]
    ]
    assert missed == [" frowned upon "]


def _month_forms() -> list[str]:
    words = _calendar.MONTHS + _calendar.MONTH_ABBREVIATIONS
    return [word.capitalize() for word in words] + [f"{word.capitalize()}." for word in words]


@pytest.mark.parametrize("form", _month_forms())
def test_the_date_pattern_s_first_letter_check_lets_every_month_form_through(form: str) -> None:
    """`_dates._DATE` opens with a lookahead on the first letters of its forms; each month
    of `_calendar`, abbreviated or not, still matches whole."""
    match = _dates._DATE.search(f"signed by {form} 5, 2026 in the capital")
    assert match is not None
    assert match.group().startswith(form)
