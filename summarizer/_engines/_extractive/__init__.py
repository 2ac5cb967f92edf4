"""The extractive engine: `--model extractive`, no LLM and no download."""

from summarizer._engines._extractive._engine import ExtractiveEngine, summarize

__all__ = ["ExtractiveEngine", "summarize"]
