"""Whatever the input, the extractive engine returns a valid summary grounded in it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer._engines._extractive import summarize
from summarizer._engines._extractive._build import FALLBACK_TITLE
from summarizer._schema import StructuredSummary, count_sentences

BLANK = [
    "",
    " ",
    "\n\n\n",
]
NASTY = [
    pytest.param(".", id="full-stop"),
    pytest.param('"', id="lone-double-quote"),
    pytest.param("“”", id="empty-curly-quotes"),
    pytest.param("said", id="bare-cue"),
    pytest.param("according to", id="bare-according-to"),
    pytest.param("he said", id="pronoun-and-cue"),
    pytest.param(
        "no punctuation at all just words running on and on without any end in sight",
        id="no-punctuation",
    ),
    pytest.param('"unbalanced quote that never closes, she said', id="unclosed-quote"),
    pytest.param("closing quote only” he said. “And another", id="closing-quote-only"),
    pytest.param('"""""""""""""', id="run-of-double-quotes"),
    pytest.param("''''''''''''''", id="run-of-apostrophes"),
    pytest.param("word " * 20_000, id="100-kb-of-one-word"),  # 100 KB of one word
    pytest.param("A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P.", id="initials"),
    pytest.param("Mr. Dr. Sen. Gov. said: ", id="titles-and-colon"),
    pytest.param(
        "وقال المسؤول إن المحادثات ستستأنف الأسبوع المقبل، بحسب مصادر مطلعة.", id="arabic"
    ),
    pytest.param("官员说，谈判将于下周恢复。“我们很乐观，”他说。", id="chinese-with-quotes"),
    pytest.param("“只有引号”“只有引号”“只有引号”", id="only-chinese-quotations"),
    pytest.param('"Only." "Quotes." "Here." "Nothing." "Else."', id="only-quotations"),
    pytest.param("\u200b\u200b\u00a0\u3000", id="invisible-spaces"),
    pytest.param(
        "The deal between A and B was signed by the end of February 2023 (a leap test).",
        id="end-of-february-in-a-non-leap-year",
    ),
    pytest.param(
        "The agreement expires on February 30, 2025, the ministry said.", id="impossible-date"
    ),
    pytest.param("x" * 5000, id="5000-character-word"),
    pytest.param("S" + ", said S" * 2000, id="2000-chained-cues"),
    pytest.param("\t".join(["Trump said"] * 500), id="tab-separated-cues"),
    pytest.param(
        "The US has 1,2,3,4,5,6,7,8,9,0 and 9999999999999999999999 personnel, 100% sure.",
        id="odd-numbers",
    ),
]


def titled_from_its_own_words(summary: StructuredSummary, document: str) -> None:
    """A document with any visible character is titled with its own words (the first of
    them at least, clipped with '…' when long); a blank one gets the fallback title."""
    if not document.split():
        assert summary.title == FALLBACK_TITLE
        return
    first = summary.title.split()[0]
    assert first in document or (first.endswith("…") and first[:-1] in document), summary.title


def check(document: str) -> StructuredSummary:
    summary = summarize(document)
    StructuredSummary.model_validate(summary.model_dump())
    titled_from_its_own_words(summary, document)
    assert count_sentences(summary.summary) <= 4
    for _, _, item in summary.items():
        for evidence in item.all_evidence():  # statements and mentions alike
            assert evidence.start is not None and evidence.end is not None
            assert document[evidence.start : evidence.end] == evidence.quote
    return summary


@pytest.mark.parametrize("document", NASTY)
def test_nasty_inputs_give_a_valid_grounded_summary_titled_from_the_input(document: str) -> None:
    check(document)


@pytest.mark.empty_input
@pytest.mark.parametrize("document", BLANK, ids=["empty", "one-space", "blank-lines"])
def test_blank_input_gives_the_fallback_title_and_no_items(document: str) -> None:
    summary = check(document)
    assert summary.title == FALLBACK_TITLE
    assert not any(True for _ in summary.items())


def test_many_repeated_speakers_stay_within_the_list_limits() -> None:
    document = "\n".join(f'"Point {i}," Person{i} Name said.' for i in range(300))
    summary = check(document)
    assert len(summary.sources) == 100


_NEWSY = st.sampled_from(
    [
        "said", "says", "told", "according to", "“", "”", '"', ",", ".", "\n", "\n\n", "he",
        "she", "they", "Trump", "Waad al-Qaddo", "a source", "The Washington Post", "quoted",
        "agreement", "by the end of September 2025", "fear", "could", "2,400", "opposes",
        "who", "that", "the", "Mr.", ":", "—", "―", "(R-Utah)", "officials", "adding",
    ]
)  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_NEWSY, max_size=80).map(" ".join))
def test_random_news_like_text(document: str) -> None:
    check(document)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_random_unicode_text(document: str) -> None:
    check(document)
