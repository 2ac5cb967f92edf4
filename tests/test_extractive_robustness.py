"""Whatever the input, the extractive engine returns a valid summary grounded in it."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer._engines._extractive import summarize
from summarizer._schema import StructuredSummary, count_sentences

NASTY = [
    "",
    " ",
    "\n\n\n",
    ".",
    '"',
    "“”",
    "said",
    "according to",
    "he said",
    "no punctuation at all just words running on and on without any end in sight",
    '"unbalanced quote that never closes, she said',
    "closing quote only” he said. “And another",
    '"""""""""""""',
    "''''''''''''''",
    "word " * 20_000,  # 100 KB of one word
    "A. B. C. D. E. F. G. H. I. J. K. L. M. N. O. P.",
    "Mr. Dr. Sen. Gov. said: ",
    "وقال المسؤول إن المحادثات ستستأنف الأسبوع المقبل، بحسب مصادر مطلعة.",
    "官员说，谈判将于下周恢复。“我们很乐观，”他说。",
    "“只有引号”“只有引号”“只有引号”",
    '"Only." "Quotes." "Here." "Nothing." "Else."',
    "\u200b\u200b\u00a0\u3000",
    "The deal between A and B was signed by the end of February 2023 (a leap test).",
    "The agreement expires on February 30, 2025, the ministry said.",
    "x" * 5000,
    "S" + ", said S" * 2000,
    "\t".join(["Trump said"] * 500),
    "The US has 1,2,3,4,5,6,7,8,9,0 and 9999999999999999999999 personnel, 100% sure.",
]


def check(document: str) -> StructuredSummary:
    summary = summarize(document)
    StructuredSummary.model_validate(summary.model_dump())
    assert count_sentences(summary.summary) <= 4
    for _, _, item in summary.items():
        for evidence in item.all_evidence():  # statements and mentions alike
            assert evidence.start is not None and evidence.end is not None
            assert document[evidence.start : evidence.end] == evidence.quote
    return summary


@pytest.mark.parametrize("document", NASTY, ids=range(len(NASTY)))
def test_nasty_inputs_give_a_valid_grounded_summary(document: str) -> None:
    check(document)


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
