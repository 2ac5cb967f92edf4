"""Tokens, Dice, name matching, counts and the one-to-one assignment."""

from __future__ import annotations

import pytest

from summarizer.evaluation import (
    Counts,
    TokenIndex,
    dice,
    greedy_assign,
    name_ratio,
    names_match,
    span_dice,
    text_dice,
)

WORDS = " ".join(f"w{i}" for i in range(10))  # "w0 w1 ... w9", each token 2 chars + space


def span(first: int, last: int) -> tuple[int, int]:
    """The char span of tokens w{first}..w{last} of WORDS."""
    return 3 * first, 3 * last + 2


def test_tokens_lie_wholly_inside_the_span() -> None:
    index = TokenIndex("Iraq\u2019s army, 2,400 troops")
    assert len(index) == 6  # "Iraq", "s"; "2,400" -> "2", "400"
    assert index.tokens([(0, 4)]) == {0}
    assert index.tokens([(1, 4)]) == set()  # "Iraq" is cut: not inside
    assert index.tokens([(0, 3)]) == set()


def test_tokens_are_unicode_words() -> None:
    index = TokenIndex("Müller sagte: «Straße» — العراق")
    assert len(index) == 4


def test_discontinuous_spans_take_the_union_of_their_segments() -> None:
    index = TokenIndex(WORDS)
    assert index.tokens([span(0, 1), span(5, 6)]) == {0, 1, 5, 6}


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (span(0, 3), 1.0),
        (span(2, 5), 0.5),  # 2 common of 4 + 4
        (span(2, 6), 4 / 9),  # 2 common of 4 + 5: just below
        (span(1, 5), 6 / 9),
        (span(6, 9), 0.0),
    ],
)
def test_span_dice(predicted: tuple[int, int], expected: float) -> None:
    assert span_dice(WORDS, [predicted], [span(0, 3)]) == pytest.approx(expected)


def test_dice_of_two_empty_sets_is_zero() -> None:
    assert dice(frozenset(), frozenset()) == 0.0


def test_text_dice_compares_case_folded_token_multisets() -> None:
    assert text_dice("The New York Post", "the post") == pytest.approx(2 * 2 / 6)
    assert text_dice("Clinton", "Hillary Clinton") == pytest.approx(2 / 3)
    assert text_dice("he", "Donald Trump") == 0.0
    assert text_dice("a a b", "a b b") == pytest.approx(2 * 2 / 6)


def test_name_ratio_ignores_case_spacing_and_apostrophe_style() -> None:
    assert name_ratio("Sudani\u2019s  GOVERNMENT", "sudani's government") == 1.0


def test_names_match_at_ratio_0_8() -> None:
    assert name_ratio("abcd", "abce") == pytest.approx(0.75)
    assert name_ratio("abcde", "abcdx") == pytest.approx(0.8)
    assert names_match("abcdx", ["zzz", "abcde"])
    assert not names_match("abce", ["abcd"])


def test_counts_precision_recall_f1() -> None:
    counts = Counts(tp=2, fp=2, fn=1)
    assert counts.precision == 0.5
    assert counts.recall == pytest.approx(2 / 3)
    assert counts.f1 == pytest.approx(4 / 7)
    assert Counts(1, 0, 0) + Counts(0, 1, 2) == Counts(1, 1, 2)


def test_counts_with_nothing_to_find_and_nothing_found_are_perfect() -> None:
    assert Counts().as_dict()["f1"] == 1.0
    assert Counts(fp=1).recall == 0.0
    assert Counts(fn=1).precision == 0.0


def test_greedy_assignment_is_one_to_one_by_best_score() -> None:
    assert greedy_assign([(0.6, 0, 0), (0.9, 1, 0), (0.7, 0, 1)]) == {1: 0, 0: 1}
    assert greedy_assign([(0.9, 0, 0), (0.8, 1, 0)]) == {0: 0}
