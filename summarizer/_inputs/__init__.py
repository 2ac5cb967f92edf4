"""Real inputs: text, HTML pages and PDFs, from files, stdin or URLs, as text to summarize
plus what is known about it (`DocumentInfo`); and the reference date of the document
being summarized, for the layers that read dates."""

from summarizer._inputs._fetch import MAX_REDIRECTS, fetch, is_url
from summarizer._inputs._load import LoadedDocument, load_document, text_sha256
from summarizer._inputs._reference import dated, reference_day
from summarizer._inputs._sniff import sniff_format

__all__ = [
    "MAX_REDIRECTS",
    "LoadedDocument",
    "dated",
    "fetch",
    "is_url",
    "load_document",
    "reference_day",
    "sniff_format",
    "text_sha256",
]
