"""HTML pages through trafilatura: the main text without navigation, ads or comments,
and the page's title, author, date and canonical URL from its metadata."""

from __future__ import annotations

import datetime as dt
from typing import Any

from summarizer._documents import decode
from summarizer._errors import InputError
from summarizer._inputs._extracted import Extracted
from summarizer._inputs._sniff import SNIFF_BYTES

# Dates from the page's metadata only: htmldate's extensive search guesses from any date in
# the text, and a wrong reference date would shift every relative date of the summary.
_DATE_PARAMETERS = {"extensive_search": False, "original_date": True}


def extract_html(data: bytes, name: str, url: str | None = None) -> Extracted:
    """The main text of the page DATA (fetched from URL, if it was) and its metadata."""
    import trafilatura  # imported when needed: it takes a while, and text needs none of it

    found = trafilatura.bare_extraction(
        _as_page(_markup(data, name)),
        url=url,
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        date_extraction_params=_DATE_PARAMETERS,
    )
    text = getattr(found, "text", None) or ""
    if not text.strip():
        raise InputError(
            f"{name}: no main text found in the HTML page (empty, or only scripts and menus)"
        )
    return _with_metadata(text, found)


def _markup(data: bytes, name: str) -> str | bytes:
    """DATA as text when it is UTF-8 (or marked Unicode); else the bytes, for trafilatura
    to find the charset the page declares."""
    try:
        return decode(data, name)
    except InputError:
        return data


def _as_page(markup: str | bytes) -> str | bytes:
    """MARKUP as a whole page: a fragment (`<p>...</p>` saved as .html) in a body, which
    trafilatura needs to find any text in it."""
    if isinstance(markup, bytes):
        return markup  # a page in another charset: a whole page, by its declaration
    head = markup[:SNIFF_BYTES].lower()
    if not any(tag in head for tag in ("<html", "<body")):
        return f"<html><body>{markup}</body></html>"
    return markup


def _with_metadata(text: str, found: Any) -> Extracted:
    return Extracted(
        text=text,
        title=_field(found, "title"),
        author=_field(found, "author"),
        date=_iso_day(_field(found, "date")),
        url=_field(found, "url"),
    )


def _field(found: Any, name: str) -> str | None:
    value = getattr(found, name, None)
    return value.strip() or None if isinstance(value, str) else None


def _iso_day(value: str | None) -> str | None:
    """VALUE's day as YYYY-MM-DD (htmldate writes it so; anything else is dropped)."""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat() if value else None
    except ValueError:
        return None
