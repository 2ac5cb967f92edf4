"""The calendar's words, written once: every weekday and month list of the engine is
built from these (a leaf module, so `_text` and `_dates` can use it as well as `_lexicon`).
"""

from __future__ import annotations

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# Abbreviations as news copy writes them ('Sept. 30', 'Jan. 1'); 'may' needs none. A
# longer form comes before its prefix ('sept' before 'sep'), for regex alternations.
MONTH_ABBREVIATIONS = (
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sept", "sep", "oct", "nov", "dec",
)  # fmt: skip
# 1 for 'january' and 'jan': the first three letters tell every month apart
MONTH_NUMBERS = {
    word: 1 + [month[:3] for month in MONTHS].index(word[:3])
    for word in MONTHS + MONTH_ABBREVIATIONS
}


def capitalised(words: tuple[str, ...]) -> frozenset[str]:
    """'Monday' ... for a word list written in lower case."""
    return frozenset(word.capitalize() for word in words)
