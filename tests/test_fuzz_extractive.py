"""Fuzzing of the extractive engine, directly and through `summarizer.summarize`.

No crash, no hang (every example under the 2 s `deadline` of `fuzz_settings`): whatever
the text, the engine returns a summary that validates against the schema, every quote is
a span of the text, and the pipeline's result is grounded and reported consistently.
Blank text is the one documented failure (InputError). Strategies and settings are
shared with tests/test_fuzz_grounding.py (news-shaped pieces, derandomized).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import summarizer
from summarizer import EngineSettings, InputError, StructuredSummary
from summarizer._engines._extractive import ExtractiveEngine
from summarizer._engines._extractive import summarize as extractive_summary
from summarizer._engines._providers import resolve_model
from summarizer._schema import count_sentences
from tests.test_fuzz_grounding import (
    CLAUSES,
    CUES,
    NEWS_PIECES,
    SENTENCE_TEMPLATES,
    SPEAKERS,
    check_report,
    fuzz_settings,
    news_article,
    news_text,
)

# Units whose repetition once made rule-based engines slow (pairing quote marks across a
# paragraph, walking back for a pronoun's antecedent, chains of cues, unclosed marks).
PATHOLOGICAL_UNITS = (
    "“We will act,” he said. ",
    '"x," he said "',
    "the mayor said the council said ",
    "“We will act, the mayor said ",
    "Mr. Hale (R-Utah) said ",
    "‘it’s ",
    "( ",
    "... ",
    "Amara Quist, Tomas Reyd, ",
    "said ",
    "\n\n",
)
pathological = st.builds(
    lambda units, times: "".join(units) * times,
    st.lists(st.sampled_from(PATHOLOGICAL_UNITS), min_size=1, max_size=3),
    st.integers(20, 120),  # up to ~10 KB: a quadratic path shows, CI stays steady
)
texts = st.one_of(
    news_article(30), news_article(30), news_text(80), st.text(max_size=400),
    st.sampled_from(NEWS_PIECES),
)  # fmt: skip


def check_spans(document: str, summary: StructuredSummary) -> None:
    """Every quote (statements and mentions alike) is the text at its offsets."""
    for _, _, item in summary.items():
        for evidence in item.all_evidence():
            assert evidence.start is not None and evidence.end is not None
            assert 0 <= evidence.start < evidence.end <= len(document)
            assert document[evidence.start : evidence.end] == evidence.quote


def check_engine_output(document: str, summary: StructuredSummary) -> None:
    StructuredSummary.model_validate(summary.model_dump())
    assert count_sentences(summary.summary) <= 4
    check_spans(document, summary)


@fuzz_settings(300)
@given(texts)
def test_the_engine_summarizes_any_text_into_spans_of_it(document: str) -> None:
    summary = extractive_summary(document)
    check_engine_output(document, summary)
    assert extractive_summary(document) == summary


@fuzz_settings(25)
@given(pathological)
def test_pathological_repetitions_stay_under_the_time_ceiling(document: str) -> None:
    check_engine_output(document, extractive_summary(document))


def test_a_generated_sentence_gives_items_the_properties_check() -> None:
    """Not vacuous: a sentence of the fuzzer's pools yields a source with its statement."""
    text = SENTENCE_TEMPLATES[0].format(o="“", c=CLAUSES[1], x="”", s=SPEAKERS[0], v=CUES[0])
    result = summarize_extractive(text)
    assert [source.name for source in result.summary.sources] == ["Amara Quist"]
    assert result.summary.sources[0].statements[0].quote == "we will not sign it,"
    assert result.meta.grounding.evidence["exact"] >= 1
    check_engine_output(text, result.summary)


def extractive_engine() -> ExtractiveEngine:
    choice, _ = resolve_model("extractive", None, {})
    return ExtractiveEngine(choice, EngineSettings())


@fuzz_settings(60)
@given(texts)
def test_the_engine_object_runs_like_the_function(document: str) -> None:
    output = extractive_engine().run(document)
    assert output.summary == extractive_summary(document)
    assert output.spans_by_construction


def summarize_extractive(text: str, **options: object) -> summarizer.SummaryResult:
    return summarizer.summarize(text, model="extractive", **options)


@fuzz_settings(200)
@given(st.one_of(texts, st.sampled_from(["", " ", "\n\n", "\t \u3000"])))
def test_the_pipeline_grounds_every_quote_exactly(text: str) -> None:
    if not text.strip():
        try:
            summarize_extractive(text)
        except InputError:
            return
        raise AssertionError("blank text must raise InputError")
    result = summarize_extractive(text)
    check_engine_output(text, result.summary)
    for _, _, item in result.summary.items():
        assert item.verified
        assert all(evidence.match == "exact" for evidence in item.all_evidence())
    check_report(result)
    assert result.meta.grounding.coverage == 1.0
    assert result.meta.grounding.spans_by_construction
    again = summarize_extractive(text, strict_grounding=True)
    assert again.summary == result.summary
    assert again.meta.grounding == result.meta.grounding


# ---------------------------------------------------------------------------------------
# Regressions found by the fuzzing (random unit combinations grown from 5 to 20 KB): one long
# sentence of cues that each rescan the whole sentence. Growth, not a wall time, is checked:
# four times the text must take less than eight times the CPU time (linear: ~4, quadratic:
# ~16), the short run's best of three so that a cold cache does not count.

SHORT_CHARS, LONG_CHARS = 4_000, 16_000
MAX_GROWTH = 8.0


def _repeated(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def _cpu_seconds(document: str) -> float:
    started = time.process_time()
    check_engine_output(document, extractive_summary(document))
    return time.process_time() - started


@pytest.mark.parametrize(
    "unit",
    [
        pytest.param("he said x ", id="speech-cues"),
        pytest.param("a risk, ", id="risk-nouns"),
        pytest.param("rejected x ", id="stance-verbs"),
    ],
)
def test_one_long_sentence_of_cues_is_summarized_in_linear_time(unit: str) -> None:
    short = min(_cpu_seconds(_repeated(unit, SHORT_CHARS)) for _ in range(3))
    long = _cpu_seconds(_repeated(unit, LONG_CHARS))
    assert long < MAX_GROWTH * max(short, 0.002), (short, long)
