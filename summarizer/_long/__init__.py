"""Long documents: split into chunks, summarize each, merge into one grounded summary."""

from summarizer._long._parts import ChunkPart
from summarizer._long._run import (
    LongOutput,
    asummarize_document,
    fits_one_request,
    summarize_document,
)

__all__ = [
    "ChunkPart",
    "LongOutput",
    "asummarize_document",
    "fits_one_request",
    "summarize_document",
]
