"""SLOW (seconds, one 5 MB document): the extractive engine reads a document of any length.

The extractive engine needs no chunking: the public call, with the character limit raised,
summarizes a 5 MB document of invented news paragraphs (built at run time by
benchmarks/extractive_long.py, which measures the growth at 1, 2 and 4 MB) and every quote
it returns slices the document exactly. The ceiling is generous (the machine is shared):
it catches a quadratic stage, which would take hours at this size, not a slow machine.
"""

from __future__ import annotations

import time
from functools import cache

import pytest

import summarizer
from benchmarks.extractive_long import MB, invented_document

SIZE = 5 * MB
CEILING_SECONDS = 180.0


@cache
def five_megabytes() -> tuple[str, summarizer.SummaryResult, float]:
    text = invented_document(SIZE)
    began = time.perf_counter()
    result = summarizer.summarize(text, model="extractive", max_chars=len(text))
    return text, result, time.perf_counter() - began


def test_slow_five_megabyte_document_is_summarized_under_a_generous_ceiling() -> None:
    text, result, seconds = five_megabytes()
    assert len(text) == SIZE
    assert seconds < CEILING_SECONDS
    summary = result.summary
    for section in ("sources", "positions", "agreements", "risks", "key_facts"):
        assert getattr(summary, section), f"nothing found in {section}"
    assert result.meta.grounding.coverage == 1.0


def test_slow_five_megabyte_document_every_quote_slices_the_document() -> None:
    text, result, _ = five_megabytes()
    quotes = [e for _, _, item in result.summary.items() for e in item.all_evidence()]
    assert len(quotes) > 100
    assert all(e.match == "exact" for e in quotes)
    assert all(e.start is not None and text[e.start : e.end] == e.quote for e in quotes)
    # the engine read to the end: sources are mentioned in the last megabyte
    assert max(e.start or 0 for e in quotes) > SIZE - MB


def test_the_character_limit_refuses_a_long_document_until_it_is_raised() -> None:
    text = invented_document(1_200_000)
    with pytest.raises(summarizer.InputError, match="over the limit of 1,000,000 characters"):
        summarizer.summarize(text, model="extractive")
    raised = summarizer.summarize(text, model="extractive", max_chars=len(text))
    assert raised.summary.sources and raised.summary.risks
