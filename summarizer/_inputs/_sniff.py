"""Which format a document is, from its first bytes (the extension is only a hint).

A PDF starts with `%PDF-`; an HTML page, after any byte-order mark and whitespace, with a
tag, and names `<!doctype html`, `<html`, `<head` or `<body` in its first kilobyte.
Anything else is text, read exactly as before.
"""

from __future__ import annotations

import codecs

from summarizer._schema import DocumentFormat

SNIFF_BYTES = 1024
_PDF_MAGIC = b"%PDF-"
_HTML_MARKERS = ("<!doctype html", "<html", "<head", "<body")
_MARKS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def sniff_format(data: bytes) -> DocumentFormat:
    """ "pdf", "html" or "text" for DATA (see the module's docstring)."""
    head = data[:SNIFF_BYTES]
    if head.lstrip().startswith(_PDF_MAGIC):
        return "pdf"
    return "html" if _looks_like_html(head) else "text"


def _looks_like_html(head: bytes) -> bool:
    sample = _as_ascii_text(head).lstrip().lower()
    return sample.startswith("<") and any(marker in sample for marker in _HTML_MARKERS)


def _as_ascii_text(head: bytes) -> str:
    """HEAD's ASCII letters as text, whatever the encoding (UTF-16's NULs dropped)."""
    for mark in _MARKS:
        if head.startswith(mark):
            head = head[len(mark) :]
            break
    return head.replace(b"\x00", b"").decode("ascii", errors="ignore")
