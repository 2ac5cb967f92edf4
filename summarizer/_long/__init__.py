"""Long documents: split into chunks, summarize each, merge into one grounded summary."""

from summarizer._long._parts import ChunkPart

__all__ = ["ChunkPart"]
