"""`ExtractiveEngine`: a structured summary from rules alone, grounded by construction."""

from __future__ import annotations

from summarizer._engines._base import Engine, EngineOutput
from summarizer._engines._extractive._agreements import agreements
from summarizer._engines._extractive._attribution import attribute
from summarizer._engines._extractive._build import assemble, build_sources
from summarizer._engines._extractive._contradictions import contradictions
from summarizer._engines._extractive._dates import reference_year
from summarizer._engines._extractive._facts import key_facts
from summarizer._engines._extractive._keywords import keyword_hits
from summarizer._engines._extractive._lead import title_and_summary
from summarizer._engines._extractive._positions import positions
from summarizer._engines._extractive._risks import risks
from summarizer._engines._extractive._text import SentenceIndex
from summarizer._schema import StructuredSummary


def summarize(document: str) -> StructuredSummary:
    """The extractive summary of DOCUMENT; every evidence is an exact span of it."""
    found = attribute(document)
    title, summary = title_and_summary(document, found.paragraphs, found.sentences)
    sources, ids = build_sources(document, found.records)
    # Sections below read sentences as written, split even inside quotations.
    body = found.plain_sentences
    locate = SentenceIndex(document, body)  # shared: clauses are split once per sentence
    hits = keyword_hits(document)
    position_items = positions(document, found, locate, ids, hits["positions"])
    return assemble(
        title,
        summary,
        sources=sources,
        positions=position_items,
        agreements=agreements(document, locate, reference_year(document), hits["agreements"]),
        risks=risks(document, locate, hits["risks"]),
        key_facts=key_facts(document, body, (s for c in found.claims for s in c.contents)),
        contradictions=contradictions(position_items),
    )


class ExtractiveEngine(Engine):
    """Deterministic, offline, no model: quotes, cues and dates found by rules."""

    def run(self, document: str) -> EngineOutput:
        return EngineOutput(
            summary=summarize(document), attempts=1, prompt=None, spans_by_construction=True
        )
