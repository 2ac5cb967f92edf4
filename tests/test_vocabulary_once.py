"""Each vocabulary of the extractive engine is written once: the calendar in `_calendar`,
outlets and organisations in `_lexicon`; every other list is built from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from summarizer._engines._extractive import _calendar, _lexicon, _mentions

ENGINE = Path(__file__).resolve().parents[1] / "summarizer" / "_engines" / "_extractive"
# Two names of one vocabulary next to each other (a space, '|' or quotes between them) is
# a list being written out again.
_WRITTEN_OUT = {
    "weekdays": (re.compile(r"(?i)monday\W{1,4}tuesday"), "_calendar.py"),
    "months": (re.compile(r"(?i)january\W{1,4}february"), "_calendar.py"),
    "month abbreviations": (re.compile(r"(?i)\bjan\W{1,4}feb\b"), "_calendar.py"),
    "outlets": (re.compile(r"(?i)\breuters\b"), "_lexicon.py"),
    "title abbreviations": (re.compile(r"\bSgt\W{1,4}Capt\b"), "_mentions.py"),
}


def _files_writing(pattern: re.Pattern[str]) -> list[str]:
    return sorted(
        path.name for path in ENGINE.glob("*.py") if pattern.search(path.read_text("utf-8"))
    )


@pytest.mark.parametrize("vocabulary", sorted(_WRITTEN_OUT))
def test_a_vocabulary_is_written_out_in_one_module_only(vocabulary: str) -> None:
    pattern, home = _WRITTEN_OUT[vocabulary]
    assert _files_writing(pattern) == [home]


def test_the_lists_built_from_the_calendar_hold_all_of_it() -> None:
    assert set(_calendar.WEEKDAYS) <= _lexicon.TAIL_WORDS
    assert set(_calendar.WEEKDAYS + _calendar.MONTHS) <= _lexicon.TIME_NOUNS
    assert {"Friday", "September"} <= _mentions._NOT_FIRST
    assert _calendar.MONTH_NUMBERS["sept"] == _calendar.MONTH_NUMBERS["september"] == 9
    assert _calendar.MONTH_NUMBERS["may"] == 5
    assert len(_calendar.MONTH_NUMBERS) == 12 + 12  # every month, every abbreviation


def test_a_name_ending_in_an_organisation_or_outlet_word_is_no_person() -> None:
    """`_mentions` reads organisations and outlets from `_lexicon`: 'Pentagon' and
    'Tribune' end no person's name, 'Lena Ortiz' does."""
    assert not _mentions._plausible("Harbor Pentagon")
    assert not _mentions._plausible("Valley Tribune")
    assert _mentions._plausible("Lena Ortiz")
