"""`summarizer compare RESULTS...`: read result files and batch folders, write the comparison.

Registered by the CLI with ``app.command("compare")(...)``; bad input is raised as
`InputError` (one line, exit 2) and an unwritable output as `OutputError` (exit 2).
`--cluster-issues` takes the run's LLM flags (from `Options`, those about documents and
summaries excluded); with no LLM configured it is a `ConfigurationError` (exit 2), and
a failed call is one warning line (exit 0, the wording groups kept).
"""

from __future__ import annotations

from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer._cli_options import with_options
from summarizer._errors import ConfigurationError
from summarizer._files import STDOUT, check_writable, write_text
from summarizer._pipeline import Summarizer
from summarizer._redaction import redact, strip_control
from summarizer.compare._analysis import compare
from summarizer.compare._cluster import needing_an_llm
from summarizer.compare._html import render_html
from summarizer.compare._inputs import load_inputs
from summarizer.compare._markdown import render_markdown
from summarizer.compare._model import Comparison, IssueGrouping

# Options about documents and summaries: compare reads results, its one call is no summary.
NOT_FOR_COMPARE = frozenset(
    {
        "max_bytes",
        "max_chars",
        "date",
        "include_text",
        "strict_grounding",
        "min_coverage",
        "reask_unverifiable",
        "max_items",
        "concurrency",
        "cache",
        "cache_dir",
    }
)


class CompareFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


@with_options(exclude=NOT_FOR_COMPARE)
def compare_command(
    results: Annotated[
        list[str],
        typer.Argument(
            metavar="RESULT",
            help="Result JSON files (summarize -o) or batch output folders (batch --out).",
            show_default=False,
        ),
    ],
    format: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (atomically; - for stdout)."),
    ] = None,
    cluster_issues: Annotated[
        bool,
        typer.Option(
            "--cluster-issues",
            help="Also group differently worded issues by one small LLM call (--model...).",
        ),
    ] = False,
    *,
    options: dict[str, Any],
) -> None:
    """Track positions across documents: an actor x issue matrix with timelines, shifts
    between dated documents and contradictions, each with both evidence spans."""
    if output is not None:
        check_writable(output)
    links_from = output.parent if output is not None and str(output) != STDOUT else Path.cwd()
    with _clusterer(options) if cluster_issues else nullcontext() as clusterer:
        loaded = load_inputs(results, links_from)
        for skipped in loaded.skipped:
            _say(f"skipped {skipped.file}: {skipped.reason}")
        comparison = compare(loaded, clusterer)
    _warn_if_failed(comparison.issue_grouping)
    write_text(output or STDOUT, _render(comparison, format, links_from), "--output")
    _say(
        f"compared {len(comparison.documents)} documents ({len(comparison.undated)} undated): "
        f"{len(comparison.shifts)} shifts, {len(comparison.contradictions)} contradictions"
    )


def _clusterer(options: dict[str, Any]) -> Summarizer:
    """The LLM that groups issues; its answers are never cached (one call per run). No LLM
    configured is an error before any input is read, whether or not a call would be made."""
    clusterer = Summarizer(**{**options, "cache": False})
    try:
        with needing_an_llm():
            clusterer.structured_engine()
    except ConfigurationError:
        clusterer.close()
        raise
    return clusterer


def _warn_if_failed(grouping: IssueGrouping) -> None:
    if grouping.status == "failed":
        _say(f"warning: issues not clustered, kept the wording groups: {grouping.error}")


def _render(comparison: Comparison, format: CompareFormat, links_from: Path) -> str:
    if format is CompareFormat.markdown:
        return render_markdown(comparison)
    if format is CompareFormat.html:
        return render_html(comparison, links_from)
    return comparison.model_dump_json(indent=2) + "\n"


def _say(message: str) -> None:
    typer.echo(f"summarizer: {strip_control(redact(message))}", err=True)
