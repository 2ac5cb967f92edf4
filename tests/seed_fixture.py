"""The hand-written summary of the seed article, built at run time from the seed itself.

The seed is a shared text that no test file may copy (tests/test_no_shared_text.py), so
tests/fixtures/handwritten_seed_summary.json stores each evidence quote as a locator
instead of the quote's words:

    {"quote": {"starts": "there has been", "ends": "a shift", "occurrence": 1,
               "chars": 22, "sha256": "0123456789ab"}}

The quote is the seed's text from the OCCURRENCE-th (1-based) occurrence of STARTS to the
end of the first occurrence of ENDS found from there (no ENDS: the quote is STARTS
itself). Anchors stay under 8 words, so the file holds no 8-word run of the seed. CHARS
and the first 12 hex digits of the slice's SHA-256 make a changed seed fail loudly,
naming the quote, instead of quietly handing the tests other words.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

SEED_SUMMARY_FIXTURE = (
    Path(__file__).resolve().parent / "fixtures" / "handwritten_seed_summary.json"
)
HASH_DIGITS = 12
STALE = "the seed changed: re-anchor this quote"


class StaleSeedLocator(AssertionError):
    """A locator of the fixture no longer finds the words it was written for."""


def digest(quote: str) -> str:
    return hashlib.sha256(quote.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def _nth_occurrence(text: str, anchor: str, occurrence: int) -> int:
    """Index of the OCCURRENCE-th (1-based) occurrence of ANCHOR in TEXT, or -1."""
    index = -1
    for _ in range(occurrence):
        index = text.find(anchor, index + 1)
        if index < 0:
            return -1
    return index


def _slice(locator: dict[str, Any], text: str, where: str) -> str:
    start = _nth_occurrence(text, locator["starts"], locator["occurrence"])
    if start < 0:
        raise StaleSeedLocator(
            f"{where}: {locator['starts']!r} has no occurrence {locator['occurrence']}; {STALE}"
        )
    ends = locator.get("ends", locator["starts"])
    end = text.find(ends, start)
    if end < 0:
        raise StaleSeedLocator(f"{where}: no {ends!r} after {locator['starts']!r}; {STALE}")
    return text[start : end + len(ends)]


def resolve_quote(locator: dict[str, Any], text: str, where: str) -> str:
    """The words of TEXT that LOCATOR points at, checked against its length and hash."""
    quote = _slice(locator, text, where)
    found, expected = (len(quote), digest(quote)), (locator["chars"], locator["sha256"])
    if found != expected:
        raise StaleSeedLocator(
            f"{where}: the slice from {locator['starts']!r} has {found[0]} chars, sha256"
            f" {found[1]}; the fixture expects {expected[0]} chars, sha256 {expected[1]};"
            f" {STALE}"
        )
    return quote


def resolve_quotes(value: Any, text: str, where: str) -> Any:
    """VALUE with every locator under a "quote" key replaced by the words it points at;
    WHERE names VALUE in error messages (a file, then JSON paths such as .risks[0])."""
    if isinstance(value, list):
        return [resolve_quotes(item, text, f"{where}[{i}]") for i, item in enumerate(value)]
    if not isinstance(value, dict):
        return value
    return {
        key: resolve_quote(item, text, f"{where}.{key}")
        if key == "quote" and isinstance(item, dict)
        else resolve_quotes(item, text, f"{where}.{key}")
        for key, item in value.items()
    }


def load_handwritten_seed_summary(seed_text: str) -> dict[str, Any]:
    """A fresh copy of the hand-written perfect summary of SEED_TEXT, quotes verbatim."""
    stored = json.loads(SEED_SUMMARY_FIXTURE.read_text(encoding="utf-8"))
    summary: dict[str, Any] = resolve_quotes(stored, seed_text, SEED_SUMMARY_FIXTURE.name)
    return summary
