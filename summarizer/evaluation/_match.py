"""Counts, precision/recall/F1 and the one-to-one assignment shared by every scorer.

Averaging is micro: counts are summed over documents (`Counts.__add__`), then precision,
recall and F1 are computed once from the sums. A ratio whose denominator is zero is 1.0
when there was nothing to find and nothing was predicted (tp = fp = fn = 0) and 0.0
otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Pair = tuple[float, int, int]  # (score, predicted index, gold index)
Summed = TypeVar("Summed", bound="DataclassInstance")


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives of one section or metric."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return fieldwise_sum(self, other)

    @property
    def precision(self) -> float:
        return self._ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return self._ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return self._ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def _ratio(self, numerator: int, denominator: int) -> float:
        if denominator:
            return numerator / denominator
        return 1.0 if self.tp == self.fp == self.fn == 0 else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def fieldwise_sum(first: Summed, second: Summed) -> Summed:
    """A dataclass of counts plus another of the same kind, field by field (micro-averaging
    sums every count over documents)."""
    return replace(
        first, **{f.name: getattr(first, f.name) + getattr(second, f.name) for f in fields(first)}
    )


def counts_from(matches: int, predicted: int, gold: int) -> Counts:
    return Counts(tp=matches, fp=predicted - matches, fn=gold - matches)


def greedy_assign(pairs: Iterable[Pair]) -> dict[int, int]:
    """One-to-one matching, predicted index -> gold index.

    Greedy by best score: pairs are taken in descending score (ties: lower predicted index,
    then lower gold index) and kept when neither side is already matched. Callers pass
    only the pairs that qualify (Dice >= 0.5, names matching).
    """
    matched: dict[int, int] = {}
    taken: set[int] = set()
    for _, predicted, gold in sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2])):
        if predicted not in matched and gold not in taken:
            matched[predicted] = gold
            taken.add(gold)
    return matched
