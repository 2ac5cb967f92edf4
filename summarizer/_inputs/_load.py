"""A document from a path, a URL or a string, as text plus what is known about it.

The format comes from the content (`_sniff`), helped by what the server announced or an
`.html` name; text files are read exactly as `read_document` reads them. Whatever the
format, the extracted text is what the summary's offsets index and what `sha256` hashes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import PurePath

import httpx2

from summarizer._documents import check_text, decode, read_bytes
from summarizer._errors import InputError
from summarizer._inputs._extracted import Extracted
from summarizer._inputs._fetch import fetch, is_url
from summarizer._inputs._html import extract_html
from summarizer._inputs._pdf import extract_pdf
from summarizer._inputs._sniff import sniff_format
from summarizer._options import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, DEFAULT_TIMEOUT, check_bounds
from summarizer._redaction import url_without_credentials
from summarizer._schema import DocumentFormat, DocumentInfo

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})


@dataclass(frozen=True)
class LoadedDocument:
    """TEXT to summarize and INFO about it (format, source, title, date, pages...)."""

    text: str
    info: DocumentInfo

    @classmethod
    def from_text(
        cls,
        text: str,
        *,
        source: str | None = None,
        title: str | None = None,
        author: str | None = None,
        date: str | None = None,
        url: str | None = None,
    ) -> LoadedDocument:
        """TEXT given as a string (Python, a JSONL line) with what is known of it; DATE
        may be a day or an ISO date and time."""
        day = _day(date, source or "document")
        known = Extracted(text, title=title, author=author, date=day, url=url)
        return cls(text, _info("text", text, source, known))


def text_sha256(text: str) -> str:
    """The document's identity: SHA-256 of its (extracted) text as UTF-8."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_document(
    source: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    timeout: float = DEFAULT_TIMEOUT,
    transport: httpx2.BaseTransport | None = None,
) -> LoadedDocument:
    """The document at SOURCE: a path, "-" for stdin, or an http(s) URL (fetched within
    TIMEOUT seconds, through TRANSPORT if given). Unusable input raises InputError."""
    check_bounds(max_bytes=max_bytes, max_chars=max_chars, timeout=timeout)
    if is_url(source):
        fetched = fetch(source, max_bytes, timeout, transport)
        shown = _shown_url(source)
        return _loaded(fetched.content, shown, shown, fetched.announced, max_chars, fetched.url)
    name = "stdin" if source == "-" else source
    hint: DocumentFormat | None = (
        "html" if PurePath(source).suffix.lower() in _HTML_SUFFIXES else None
    )
    data = read_bytes(source, max_bytes)
    return _loaded(data, name, None if source == "-" else source, hint, max_chars)


def _shown_url(url: str) -> str:
    return url_without_credentials(url) or ""


def _loaded(
    data: bytes,
    name: str,
    source: str | None,
    announced: DocumentFormat | None,
    max_chars: int | None,
    page_url: str | None = None,
) -> LoadedDocument:
    kind = _format(data, announced)
    extracted = _extract(kind, data, name, page_url)
    text = check_text(extracted.text, name, max_chars)
    return LoadedDocument(text, _info(kind, text, source, extracted, page_url))


def _format(data: bytes, announced: DocumentFormat | None) -> DocumentFormat:
    """What the bytes say; what was announced when they say nothing (plain text), but an
    announced page must at least open with a tag."""
    sniffed = sniff_format(data)
    if sniffed != "text" or announced is None:
        return sniffed
    if announced == "html" and not data.lstrip().startswith(b"<"):
        return "text"
    return announced


def _extract(kind: DocumentFormat, data: bytes, name: str, url: str | None) -> Extracted:
    if kind == "pdf":
        return extract_pdf(data, name)
    if kind == "html":
        return extract_html(data, name, url)
    return Extracted(decode(data, name))


def _info(
    kind: DocumentFormat,
    text: str,
    source: str | None,
    extracted: Extracted,
    page_url: str | None = None,
) -> DocumentInfo:
    return DocumentInfo(
        format=kind,
        source=source,
        title=extracted.title,
        author=extracted.author,
        date=extracted.date,
        url=extracted.url or page_url,
        sha256=text_sha256(text),
        chars=len(text),
        pages=extracted.pages,
    )


def _day(value: str | None, name: str) -> str | None:
    """VALUE (a day or an ISO date and time) as YYYY-MM-DD; a bad date is bad input."""
    if value is None:
        return None
    try:
        return dt.datetime.fromisoformat(value).date().isoformat()
    except (TypeError, ValueError):
        raise InputError(f"{name}: date {value!r} is not an ISO date (YYYY-MM-DD)") from None
