"""Positions across documents: `summarizer compare RESULTS...`.

Reads result JSON files and batch output folders (never summarizes), resolves actors
and issues across documents, and reports an actor x issue matrix with timelines, shifts
and contradictions (JSON, markdown or self-contained HTML). With a `Clusterer` (a
`Summarizer` with an LLM), one small validated call also merges differently worded issues.
"""

from summarizer.compare._analysis import compare
from summarizer.compare._cluster import Clusterer
from summarizer.compare._command import compare_command
from summarizer.compare._inputs import Loaded, LoadedDocument, load_inputs
from summarizer.compare._model import (
    COMPARISON_SCHEMA_FILENAME,
    Comparison,
    comparison_json_schema_text,
)

__all__ = [
    "COMPARISON_SCHEMA_FILENAME",
    "Clusterer",
    "Comparison",
    "Loaded",
    "LoadedDocument",
    "compare",
    "compare_command",
    "comparison_json_schema_text",
    "load_inputs",
]
