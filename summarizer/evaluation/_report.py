"""What an evaluation run reports, and its JSON form.

Everything is micro-averaged over documents: TP/FP/FN are summed, then precision, recall
and F1 computed from the sums; stance accuracy is correct stances / matched positions
over all documents; coverage is verified items / items over all summaries (the pipeline's
grounding report, summed). Latency is the mean per summarized document (the total is
reported too); tokens are the total over the run. A document whose summary failed
(`ModelOutputError`) is scored as an empty summary and listed under `failed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summarizer._schema import SECTIONS, Section, SummaryResult
from summarizer.evaluation._gold import GoldScore
from summarizer.evaluation._match import Counts
from summarizer.evaluation._polnear import PolnearCounts


@dataclass
class RunStats:
    """Cost and grounding of the summaries a run produced."""

    summarized: int = 0
    latency_seconds: float = 0.0
    tokens: int = 0
    items: int = 0
    verified_items: int = 0
    failed: list[str] = field(default_factory=list)

    def add(self, result: SummaryResult) -> None:
        self.summarized += 1
        self.latency_seconds += result.meta.latency_seconds
        self.tokens += result.meta.usage.total_tokens
        self.items += result.meta.grounding.items
        self.verified_items += result.meta.grounding.verified_items

    @property
    def coverage(self) -> float:
        return self.verified_items / self.items if self.items else 1.0

    def as_dict(self) -> dict[str, Any]:
        mean = self.latency_seconds / self.summarized if self.summarized else 0.0
        return {
            "coverage": round(self.coverage, 4),
            "latency_seconds": round(mean, 3),
            "latency_seconds_total": round(self.latency_seconds, 3),
            "tokens": self.tokens,
            "failed": list(self.failed),
        }


@dataclass
class GoldReport:
    """Gold-v1 evaluation over several documents."""

    documents: list[str] = field(default_factory=list)
    sections: dict[Section, Counts] = field(default_factory=dict)
    stance_matched: int = 0
    stance_correct: int = 0
    stats: RunStats = field(default_factory=RunStats)
    per_document: dict[str, GoldScore] = field(default_factory=dict)

    def add(self, name: str, score: GoldScore) -> None:
        self.documents.append(name)
        self.per_document[name] = score
        for section, counts in score.sections.items():
            self.sections[section] = self.sections.get(section, Counts()) + counts
        self.stance_matched += score.stance_matched
        self.stance_correct += score.stance_correct

    @property
    def stance_accuracy(self) -> float | None:
        """Correct stances / matched positions; None when no position matched."""
        return _ratio(self.stance_correct, self.stance_matched)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            "sections": _sections_dict(self.sections),
            "stance_accuracy": _rounded(self.stance_accuracy),
            "stance_matched": self.stance_matched,
            **self.stats.as_dict(),
            "per_document": {
                name: {
                    "sections": _sections_dict(score.sections),
                    "stance_accuracy": _rounded(_ratio(score.stance_correct, score.stance_matched)),
                }
                for name, score in self.per_document.items()
            },
        }


@dataclass
class AgreementReport:
    """Other annotators scored against the first, on multi-annotated documents (a ceiling)."""

    documents: int = 0
    pairs: int = 0
    counts: PolnearCounts = field(default_factory=PolnearCounts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "annotator_pairs": self.pairs,
            **_polnear_metrics(self.counts),
        }


@dataclass
class PolnearReport:
    """PolNeAR attribution evaluation of the `sources` section."""

    documents: list[str] = field(default_factory=list)
    counts: PolnearCounts = field(default_factory=PolnearCounts)
    stats: RunStats = field(default_factory=RunStats)
    inter_annotator: AgreementReport = field(default_factory=AgreementReport)

    def add(self, name: str, counts: PolnearCounts) -> None:
        self.documents.append(name)
        self.counts = self.counts + counts

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": len(self.documents),
            **_polnear_metrics(self.counts),
            **self.stats.as_dict(),
            "inter_annotator": self.inter_annotator.as_dict(),
        }


def _polnear_metrics(counts: PolnearCounts) -> dict[str, Any]:
    """content; content_source (by name); content_source_mentions (by name or mention);
    source_diagnosis (why the content matches' sources are right or wrong)."""
    return {
        "content": counts.content.as_dict(),
        "content_source": counts.content_source.as_dict(),
        "content_source_mentions": counts.content_source_mentions.as_dict(),
        "source_diagnosis": counts.source_diagnosis.as_dict(),
    }


def _sections_dict(sections: dict[Section, Counts]) -> dict[str, Any]:
    return {s: sections[s].as_dict() for s in SECTIONS if s in sections}


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
