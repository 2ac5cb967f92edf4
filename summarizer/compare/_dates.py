"""A document's date: its metadata's, else its dateline's, else the first ISO date in it.

Datelines follow the news convention, at the start of the text: "VELDORA, March 2, 2026 —",
"VELDORA, 2 March 2026 -", "VELDORA (March 2, 2026) -", with full or abbreviated month names
("Sept. 3, 2026"). A dateline without a year ("VELDORA (March 2) -") gives no date: guessing
the year would put a document in the wrong place on every timeline.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from summarizer.compare._model import DateFrom

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})"
# Where a dateline may sit: the first line's first 120 characters.
_DATELINE_REACH = 120
_DATELINES = (
    re.compile(rf"^[^\n]{{0,80}}?[,(]\s*{_MONTH}\s+{_DAY},?\s+{_YEAR}\s*\)?\s*[-–—:]"),
    re.compile(rf"^[^\n]{{0,80}}?[,(]\s*{_DAY}\s+{_MONTH},?\s+{_YEAR}\s*\)?\s*[-–—:]"),
)
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")


def document_date(
    block: dict[str, Any], text: str | None
) -> tuple[dt.date | None, DateFrom | None]:
    """The date of a result's document and where it was found (None, None: undated)."""
    metadata = block.get("metadata")
    candidates: list[tuple[object, DateFrom]] = [(block.get("date"), "document.date")]
    if isinstance(metadata, dict):
        candidates.append((metadata.get("date"), "metadata.date"))
    for value, origin in candidates:
        date = iso_date(value)
        if date is not None:
            return date, origin
    if text:
        return _from_text(text)
    return None, None


def iso_date(value: object) -> dt.date | None:
    """VALUE's date when it starts with YYYY-MM-DD (a date or a timestamp), else None."""
    if not isinstance(value, str):
        return None
    found = _ISO_DATE.match(value.strip())
    return _date(*found.groups()) if found else None


def _from_text(text: str) -> tuple[dt.date | None, DateFrom | None]:
    date = dateline_date(text)
    if date is not None:
        return date, "dateline"
    found = _ISO_DATE.search(text)
    date = _date(*found.groups()) if found else None
    return (date, "iso_date_in_text") if date else (None, None)


def dateline_date(text: str) -> dt.date | None:
    head = text.lstrip()[:_DATELINE_REACH]
    for pattern in _DATELINES:
        found = pattern.match(head)
        if found and found["month"].lower() in _MONTHS:
            month = str(_MONTHS[found["month"].lower()])
            return _date(found["year"], month, found["day"])
    return None


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 2026-02-30: not a date, so no date
        return None
