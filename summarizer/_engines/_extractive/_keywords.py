"""One scan of the document for the trigger words of every rule-based section.

Each section keeps its own list (`KEYWORDS`, a regex alternation of word starts); one
combined pattern with a named group per section finds them all in a single pass, which
is a good part of the engine's speed on long documents.
"""

from __future__ import annotations

import re

from summarizer._engines._extractive import _agreements, _positions, _risks
from summarizer._engines._extractive._text import Span

_SECTIONS = {
    "agreements": _agreements.KEYWORDS,
    "positions": _positions.KEYWORDS,
    "risks": _risks.KEYWORDS,
}
_ALL = re.compile(
    r"\b(?:" + "|".join(f"(?P<{name}>{pattern})" for name, pattern in _SECTIONS.items()) + ")"
)


def keyword_hits(document: str) -> dict[str, list[Span]]:
    """Where each section's trigger words are, by section name, in document order."""
    hits: dict[str, list[Span]] = {name: [] for name in _SECTIONS}
    for match in _ALL.finditer(document):
        if match.lastgroup is not None:
            hits[match.lastgroup].append(match.span())
    return hits
