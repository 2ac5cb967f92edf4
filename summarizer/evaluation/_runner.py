"""Run a summarize function over gold files or a PolNeAR folder and aggregate the scores.

Every input is read and validated before the first summary is requested, so a bad gold
file or annotation fails fast instead of after an expensive run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from summarizer._documents import read_document
from summarizer._errors import InputError, ModelOutputError
from summarizer._schema import StructuredSummary, SummaryResult
from summarizer.evaluation._corpus import gold_document_path, polnear_documents
from summarizer.evaluation._gold import GoldDocument, load_gold, score_gold
from summarizer.evaluation._polnear import (
    Attribution,
    PolnearCounts,
    attribution_statements,
    read_attributions,
    score_polnear_document,
)
from summarizer.evaluation._report import AgreementReport, GoldReport, PolnearReport, RunStats

SummarizeFn = Callable[[str], SummaryResult]
Progress = Callable[[str], None]
_EMPTY = StructuredSummary(title="(no summary)", summary="The summary failed.")


def run_gold_eval(
    paths: Iterable[str | Path],
    summarize_fn: SummarizeFn,
    docs_dir: str | Path | None = None,
    progress: Progress | None = None,
) -> GoldReport:
    """Summarize the document of every gold file and score it (see `score_gold`)."""
    folder = Path(docs_dir) if docs_dir is not None else None
    jobs = [_gold_job(Path(path), folder) for path in paths]
    if not jobs:
        raise InputError("no gold files given")
    report = GoldReport()
    for number, (name, gold, document) in enumerate(jobs, 1):
        summary = _summarize(summarize_fn, document, name, report.stats)
        report.add(name, score_gold(summary or _EMPTY, document, gold))
        _tell(progress, f"[{number}/{len(jobs)}] {name}: {_status(summary)}")
    return report


def _gold_job(path: Path, docs_dir: Path | None) -> tuple[str, GoldDocument, str]:
    gold = load_gold(path)
    document = read_document(str(gold_document_path(path, gold.document, docs_dir)))
    score_gold(_EMPTY, document, gold)  # every gold quote must be found before the run
    return path.name, gold, document


def run_polnear_eval(
    directory: str | Path,
    summarize_fn: SummarizeFn,
    limit: int | None = None,
    progress: Progress | None = None,
) -> PolnearReport:
    """Summarize the first LIMIT articles and score their sources as attributions.

    The first annotator (sorted) is gold; the others, on multi-annotated articles, are
    scored against it under `inter_annotator`.
    """
    documents = polnear_documents(directory, limit)
    jobs = [
        (doc.name, read_document(str(doc.text)), [read_attributions(a) for a in doc.annotations])
        for doc in documents
    ]
    report = PolnearReport()
    for number, (name, text, (gold, *others)) in enumerate(jobs, 1):
        _add_agreement(report.inter_annotator, text, gold, others)
        summary = _summarize(summarize_fn, text, name, report.stats)
        report.add(name, score_polnear_document(summary or _EMPTY, text, gold))
        _tell(progress, f"[{number}/{len(jobs)}] {name}: {_status(summary)}")
    return report


def agreement_counts(
    text: str, gold: Sequence[Attribution], others: Sequence[Sequence[Attribution]]
) -> PolnearCounts:
    """Each other annotator's attributions scored as predictions against GOLD, summed."""
    total = PolnearCounts()
    for other in others:
        total = total + score_polnear_document(attribution_statements(other), text, gold)
    return total


def _add_agreement(
    report: AgreementReport,
    text: str,
    gold: Sequence[Attribution],
    others: Sequence[Sequence[Attribution]],
) -> None:
    if others:
        report.documents += 1
        report.pairs += len(others)
        report.counts = report.counts + agreement_counts(text, gold, others)


def _summarize(
    summarize_fn: SummarizeFn, document: str, name: str, stats: RunStats
) -> StructuredSummary | None:
    """The summary, or None when the model's output stayed invalid (recorded as failed)."""
    try:
        result = summarize_fn(document)
    except ModelOutputError as error:
        stats.failed.append(f"{name}: {error}")
        return None
    stats.add(result)
    return result.summary


def _status(summary: StructuredSummary | None) -> str:
    if summary is None:
        return "failed (scored as an empty summary)"
    return f"{len(summary.sources)} sources, {sum(1 for _ in summary.items())} items"


def _tell(progress: Progress | None, message: str) -> None:
    if progress is not None:
        progress(message)
