"""The readable form of evaluation reports: rich tables rendered to plain text."""

from __future__ import annotations

import io

from rich.console import Console
from rich.table import Table

from summarizer._schema import SECTIONS
from summarizer.evaluation._diagnosis import SourceDiagnosis
from summarizer.evaluation._match import Counts
from summarizer.evaluation._polnear import PolnearCounts
from summarizer.evaluation._report import GoldReport, PolnearReport, RunStats

_COLUMNS = ("P", "R", "F1", "TP", "FP", "FN")


def render_tables(gold: GoldReport | None = None, polnear: PolnearReport | None = None) -> str:
    """Plain text (no colour codes) for the terminal or a file."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=100, color_system=None, force_terminal=False)
    if gold is not None:
        console.print(_gold_table(gold))
        console.print(_stats_line(gold.stats, _stance_text(gold)), soft_wrap=True)
    if polnear is not None:
        console.print(_polnear_table(polnear))
        diagnosis = _diagnosis_text(polnear.counts.source_diagnosis)
        console.print(_stats_line(polnear.stats, diagnosis), soft_wrap=True)
    return buffer.getvalue()


def _table(title: str, first_column: str) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column(first_column)
    for column in _COLUMNS:
        table.add_column(column, justify="right")
    return table


def _row(table: Table, label: str, counts: Counts) -> None:
    table.add_row(
        label,
        f"{counts.precision:.3f}",
        f"{counts.recall:.3f}",
        f"{counts.f1:.3f}",
        *(str(n) for n in (counts.tp, counts.fp, counts.fn)),
    )


def _gold_table(report: GoldReport) -> Table:
    title = f"Gold evaluation: {len(report.documents)} document(s), micro-averaged"
    table = _table(title, "Section")
    for section in SECTIONS:
        if section in report.sections:
            _row(table, section, report.sections[section])
    return table


def _polnear_table(report: PolnearReport) -> Table:
    table = _table(
        f"PolNeAR attributions (sources section): {len(report.documents)} document(s)", "Metric"
    )
    _polnear_rows(table, "", report.counts)
    agreement = report.inter_annotator
    if agreement.documents:
        table.add_section()
        table.add_row(f"annotators: {agreement.documents} doc(s), {agreement.pairs} pair(s)")
        _polnear_rows(table, "annotators: ", agreement.counts)
    return table


def _polnear_rows(table: Table, prefix: str, counts: PolnearCounts) -> None:
    _row(table, f"{prefix}content", counts.content)
    _row(table, f"{prefix}content+source", counts.content_source)
    _row(table, f"{prefix}content+source (mentions)", counts.content_source_mentions)


def _diagnosis_text(diagnosis: SourceDiagnosis) -> str:
    return (
        f"sources of content matches: by name {diagnosis.by_name}, pronoun resolved "
        f"(by mention) {diagnosis.pronoun_by_mention}, other mention "
        f"{diagnosis.other_by_mention}, wrong {diagnosis.wrong}"
    )


def _stance_text(report: GoldReport) -> str:
    accuracy = report.stance_accuracy
    if accuracy is None:
        return "stance accuracy: n/a (no matched positions)"
    return f"stance accuracy: {accuracy:.3f} ({report.stance_correct}/{report.stance_matched})"


def _stats_line(stats: RunStats, *extra: str) -> str:
    mean = stats.latency_seconds / stats.summarized if stats.summarized else 0.0
    lines = [
        *extra,
        f"grounding coverage: {stats.coverage:.3f}",
        f"latency: {mean:.2f} s/document ({stats.latency_seconds:.2f} s total)",
        f"tokens: {stats.tokens}",
        *(f"failed: {failure}" for failure in stats.failed),
    ]
    return "\n".join(lines) + "\n"
