"""Dates as written in news copy, normalised to ISO against the text's own years.

"no later than the end of September 2025" -> deadline 2025-09-30 (the end of a month is
its last day); "September 2024" -> "2024-09"; "Sept. 30" takes the year the document
mentions most, because a bare month and day in news copy means the current year.
With a reference day (the document's date, `summarizer._inputs.reference_day`), that
year is the reference day's, "in September" gets it too, and "next month", "this year",
"by the end of next year" are read against it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from summarizer._engines._extractive import _calendar as cal
from summarizer._inputs import reference_day

_MONTHS = cal.MONTH_NUMBERS
_MONTH = (
    "(?:" + "|".join(word.capitalize() for word in cal.MONTHS + cal.MONTH_ABBREVIATIONS) + r")\.?"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
_DATE = re.compile(
    rf"\b(?=[JFMASONDte0-9])(?:(?:the )?end of )?"
    rf"(?:{_MONTH} {_DAY}(?:, {_YEAR})?|{_DAY} {_MONTH}(?: {_YEAR})?"
    rf"|{_MONTH},? {_YEAR}|{_MONTH}|{_YEAR})(?![\w-])"
)
_PART_MONTH = re.compile(r"[A-Z][a-z]+")
_PART_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_PART_DAY = re.compile(r"\b\d{1,2}(?=\D|$)")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>0[1-9]|1[0-2])-(?P<day>[0-2]\d|3[01])\b")
# Years 19xx and 20xx, one pattern per century: a pattern opening with literal text
# lets the regex engine jump from one '19' to the next (a leading \b or a choice of
# prefixes would make it try every position); `_word_start` checks the \b before.
_CENTURIES = (re.compile(r"19\d\d\b"), re.compile(r"20\d\d\b"))
_DEADLINE_CUE = re.compile(
    r"\b(?:no later than|not later than|by|until|before|deadline(?: of| for)?|due)\W{0,3}$",
    re.IGNORECASE,
)
_CUE_WINDOW = 40
_RELATIVE = re.compile(r"\b(?:(?:the )?end of )?(next|this|last) (month|year)\b", re.IGNORECASE)
_RELATIVE_STEP = {"next": 1, "this": 0, "last": -1}


@dataclass(frozen=True)
class DateMention:
    """One date in the text: where, as written, and how precise."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    end_of: bool

    def partial_iso(self) -> str | None:
        """YYYY-MM-DD, YYYY-MM or YYYY; None without a year."""
        if self.year is None:
            return None
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def as_deadline(self) -> dt.date | None:
        """A day: the last one of the month or year when only those are given."""
        if self.year is None:
            return None
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        try:
            return dt.date(self.year, month, day)
        except ValueError:
            return None


def reference_year(document: str) -> int | None:
    """The reference day's year, else the year the document mentions most (ties: the
    latest), or None."""
    day = reference_day()
    if day is not None:
        return day.year
    years = Counter(
        int(match.group())
        for century in _CENTURIES
        for match in century.finditer(document)
        if _word_start(document, match.start())
    )
    if not years:
        return None
    return max(years.items(), key=lambda item: (item[1], item[0]))[0]


def _word_start(text: str, position: int) -> bool:
    """Whether a word starts at POSITION (a word character there): what \\b tests, as the
    regex engine defines word characters (alphanumeric or underscore)."""
    return position == 0 or not (text[position - 1].isalnum() or text[position - 1] == "_")


def find_dates(text: str, start: int, end: int, year: int | None) -> list[DateMention]:
    """Dates in text[start:end]; a month without a year borrows YEAR only with a day."""
    iso = [_from_iso(m) for m in _ISO.finditer(text, start, end)]
    written = (_from_match(match, year) for match in _DATE.finditer(text, start, end))
    found = iso + list(_outside(iso, (mention for mention in written if mention is not None)))
    return sorted(found + _relative_dates(text, start, end), key=lambda mention: mention.start)


def _relative_dates(text: str, start: int, end: int) -> list[DateMention]:
    """Relative dates ("next month", "the end of this year") in text[start:end], read
    against the reference day; none without one."""
    day = reference_day()
    if day is None:
        return []
    return [_from_relative(match, day) for match in _RELATIVE.finditer(text, start, end)]


def _from_relative(match: re.Match[str], day: dt.date) -> DateMention:
    step = _RELATIVE_STEP[match[1].lower()]
    end_of = "end of" in match.group().lower()
    if match[2].lower() == "year":
        return DateMention(match.start(), match.end(), day.year + step, None, None, end_of)
    months = day.year * 12 + day.month - 1 + step
    return DateMention(match.start(), match.end(), months // 12, months % 12 + 1, None, end_of)


def _outside(
    spans: Sequence[DateMention], mentions: Iterable[DateMention]
) -> Iterator[DateMention]:
    """MENTIONS (in order) that start inside none of SPANS (disjoint, in order), in one
    walk: a sentence of a thousand dates would otherwise check each against all before.
    Written dates never overlap one another, so only an ISO date can hold one."""
    index = 0
    for mention in mentions:
        while index < len(spans) and spans[index].end <= mention.start:
            index += 1
        if index == len(spans) or mention.start < spans[index].start:
            yield mention


def _from_iso(match: re.Match[str]) -> DateMention:
    return DateMention(
        match.start(),
        match.end(),
        int(match["year"]),
        int(match["month"]),
        int(match["day"]),
        end_of=False,
    )


def _from_match(match: re.Match[str], year: int | None) -> DateMention | None:
    text = match.group()
    end_of = "end of" in text
    month_word = next((w for w in _PART_MONTH.findall(text) if w.casefold() in _MONTHS), None)
    month = _MONTHS[month_word.casefold()] if month_word else None
    year_match = _PART_YEAR.search(text)
    explicit = int(year_match.group()) if year_match else None
    day_match = _PART_DAY.search(_PART_YEAR.sub(" ", text))
    day = int(day_match.group()) if day_match and month else None
    if month_word == "May" and not (day or explicit):
        return None  # the modal verb at a sentence start, not the month
    if explicit is None and month is not None and day is None:
        reference = reference_day()  # "in September": the reference day's year, if known
        bare_year = reference.year if reference else None
        return DateMention(match.start(), match.end(), bare_year, month, None, end_of)
    chosen = explicit if explicit is not None else year
    return DateMention(match.start(), match.end(), chosen, month, day, end_of)


def deadline_in(text: str, dates: list[DateMention]) -> dt.date | None:
    """The first date preceded by a deadline cue ('no later than', 'by', 'until')."""
    for mention in dates:
        before = text[max(0, mention.start - _CUE_WINDOW) : mention.start]
        before = before.replace("“", " ").replace('"', " ")
        if _DEADLINE_CUE.search(before.rstrip() + " ") or _DEADLINE_CUE.search(before):
            deadline = mention.as_deadline()
            if deadline is not None:
                return deadline
    return None
