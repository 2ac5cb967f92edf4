"""Cutting long documents: at paragraphs, else sentences, else words; offsets and overlap."""

from __future__ import annotations

import itertools
import time

import pytest

from summarizer._long._split import OVERLAP_CHARS, Span, halves, overlap_for, split_span
from tests.scripted_long_server import invented_articles


def _split(text: str, max_chars: int) -> list[Span]:
    return split_span(text, Span(0, len(text)), max_chars)


def _assert_covers(text: str, spans: list[Span], max_chars: int) -> None:
    """Spans in order, each within MAX_CHARS, overlapping by at most the overlap, no gap."""
    assert spans[0].start == 0 and spans[-1].end == len(text)
    for before, after in itertools.pairwise(spans):
        assert before.start < after.start
        assert text[before.end : after.start].strip() == "", "no text falls between chunks"
        assert before.end - after.start <= overlap_for(max_chars)
    assert all(0 < len(span) <= max_chars for span in spans)


def test_a_document_that_fits_is_one_span() -> None:
    text = "One short paragraph. Nothing to cut."
    assert _split(text, 1000) == [Span(0, len(text))]


def test_cuts_fall_on_paragraph_breaks_when_there_are_some() -> None:
    text = invented_articles(10)
    spans = _split(text, 1200)
    _assert_covers(text, spans, 1200)
    assert len(spans) > 3
    for span in spans[:-1]:
        assert text[span.end : span.end + 2] == "\n\n", "each chunk ends where a paragraph does"


def test_without_paragraphs_cuts_fall_after_sentences() -> None:
    text = " ".join(f"Sentence number {i} says something short." for i in range(200))
    spans = _split(text, 500)
    _assert_covers(text, spans, 500)
    assert all(text[span.end - 1] == "." for span in spans)
    # The overlap starts at a sentence: the next chunk repeats whole sentences only.
    assert all(text[span.start : span.start + 8] == "Sentence" for span in spans)


def test_without_sentences_cuts_fall_between_words() -> None:
    text = " ".join(f"word{i}" for i in range(2000))
    spans = _split(text, 300)
    _assert_covers(text, spans, 300)
    assert all(text[span.end] == " " for span in spans[:-1])


def test_a_text_without_spaces_is_cut_hard() -> None:
    text = "x" * 1000
    spans = _split(text, 300)
    assert [len(span) for span in spans] == [300, 300, 300, 100]


def test_the_overlap_is_small_and_bounded() -> None:
    assert overlap_for(100_000) == OVERLAP_CHARS
    assert overlap_for(800) == 100


def test_halves_cut_near_the_middle_at_a_boundary() -> None:
    text = invented_articles(4)
    first, second = halves(text, Span(0, len(text)))
    assert first.start == 0 and second.end == len(text)
    assert len(text) * 3 // 8 <= first.end <= len(text) * 3 // 4 + 1
    assert text[first.end : second.start].strip() == ""


def test_a_span_inside_the_document_keeps_document_offsets() -> None:
    text = invented_articles(6)
    inner = Span(500, 2500)
    spans = split_span(text, inner, 600)
    assert spans[0].start == 500 and spans[-1].end == 2500
    assert all(500 <= span.start < span.end <= 2500 for span in spans)


@pytest.mark.parametrize("megabytes", [1, 4], ids=["1-MB", "4-MB"])
def test_splitting_is_linear_in_the_document(megabytes: int) -> None:
    # A generous ceiling that only a quadratic pass would break.
    text = invented_articles(megabytes * 1_000_000 // 570)
    started = time.perf_counter()
    spans = _split(text, 4000)
    assert time.perf_counter() - started < 5 * megabytes
    assert len(spans) > megabytes * 250
