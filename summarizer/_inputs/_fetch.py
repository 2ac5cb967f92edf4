"""Fetching a document by URL: bounded in time, size and redirects, typed by the server.

The URL may hold credentials (user:password@, ?token=): they go to the server and
nowhere else; every message names the URL without them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx2

from summarizer._documents import too_large
from summarizer._errors import InputError
from summarizer._redaction import register_url_secrets, url_without_credentials
from summarizer._schema import DocumentFormat

MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0  # seconds; a host that does not answer by then will not
# What a server may serve, and the format it announces.
DOCUMENT_TYPES: dict[str, DocumentFormat] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
}
_ACCEPT = "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9"


def is_url(source: str) -> bool:
    return source[:8].lower().startswith(("http://", "https://"))


@dataclass(frozen=True)
class Fetched:
    """A document's bytes, the format its server announced, and where it ended up."""

    content: bytes
    announced: DocumentFormat | None
    url: str  # after redirects, without credentials


def fetch(
    url: str, max_bytes: int, timeout: float, transport: httpx2.BaseTransport | None = None
) -> Fetched:
    """URL's document: at most MAX_BYTES, within TIMEOUT seconds in all, MAX_REDIRECTS."""
    register_url_secrets(url)  # redacted from every line and log from now on
    shown = url_without_credentials(url) or ""
    try:
        with _client(timeout, transport) as client, client.stream("GET", url) as response:
            return _received(response, shown, max_bytes, time.monotonic() + timeout)
    except httpx2.TooManyRedirects:
        raise InputError(f"{shown}: more than {MAX_REDIRECTS} redirects") from None
    except httpx2.TimeoutException:
        raise InputError(f"{shown}: timed out after {timeout:g} s (see --timeout)") from None
    except (httpx2.InvalidURL, httpx2.UnsupportedProtocol):
        raise InputError(f"{shown}: not a URL that can be fetched") from None
    except httpx2.RequestError as error:  # its text may hold the URL: the kind is enough
        raise InputError(f"{shown}: cannot fetch it ({type(error).__name__})") from None


def _client(timeout: float, transport: httpx2.BaseTransport | None) -> httpx2.Client:
    return httpx2.Client(
        transport=transport,
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx2.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
        headers={"Accept": _ACCEPT},
    )


def _received(response: httpx2.Response, shown: str, max_bytes: int, deadline: float) -> Fetched:
    if response.status_code >= 400:
        raise InputError(f"{shown}: HTTP {response.status_code} {response.reason_phrase}".strip())
    announced = _announced_format(response, shown)
    _check_length(response, shown, max_bytes)
    content = b"".join(_limited(response.iter_bytes(), shown, max_bytes, deadline))
    final = url_without_credentials(str(response.url)) or shown
    return Fetched(content, announced, final)


def _announced_format(response: httpx2.Response, shown: str) -> DocumentFormat | None:
    """The format the Content-Type names; None when there is none (the bytes will tell)."""
    header = response.headers.get("content-type", "")
    media = header.split(";", 1)[0].strip().lower()
    if not media:
        return None
    if media not in DOCUMENT_TYPES:
        raise InputError(f"{shown}: serves {media}, not a document")
    return DOCUMENT_TYPES[media]


def _check_length(response: httpx2.Response, shown: str, max_bytes: int) -> None:
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise InputError(too_large(shown, f"{int(length):,}", max_bytes))


def _limited(
    chunks: Iterator[bytes], shown: str, max_bytes: int, deadline: float
) -> Iterator[bytes]:
    """CHUNKS until MAX_BYTES (more is an error), and not past DEADLINE: a server that
    trickles a byte at a time never trips the read timeout."""
    received = 0
    for chunk in chunks:
        received += len(chunk)
        if received > max_bytes:
            raise InputError(too_large(shown, f"more than {max_bytes:,}", max_bytes))
        if time.monotonic() > deadline:
            raise httpx2.ReadTimeout("the whole download took too long")
        yield chunk
