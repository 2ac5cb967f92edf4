"""`summarizer compare RESULTS...`: read result files and batch folders, write the comparison.

Registered by the CLI with ``app.command("compare")(...)``; bad input is raised as
`InputError` (one line, exit 2) and an unwritable output as `OutputError` (exit 2).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from summarizer._files import STDOUT, check_writable, write_text
from summarizer._redaction import redact, strip_control
from summarizer.compare._analysis import compare
from summarizer.compare._html import render_html
from summarizer.compare._inputs import load_inputs
from summarizer.compare._markdown import render_markdown
from summarizer.compare._model import Comparison


class CompareFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


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
) -> None:
    """Track positions across documents: an actor x issue matrix with timelines, shifts
    between dated documents and contradictions, each with both evidence spans."""
    if output is not None:
        check_writable(output)
    links_from = output.parent if output is not None and str(output) != STDOUT else Path.cwd()
    loaded = load_inputs(results, links_from)
    for skipped in loaded.skipped:
        _say(f"skipped {skipped.file}: {skipped.reason}")
    comparison = compare(loaded)
    write_text(output or STDOUT, _render(comparison, format, links_from), "--output")
    _say(
        f"compared {len(comparison.documents)} documents ({len(comparison.undated)} undated): "
        f"{len(comparison.shifts)} shifts, {len(comparison.contradictions)} contradictions"
    )


def _render(comparison: Comparison, format: CompareFormat, links_from: Path) -> str:
    if format is CompareFormat.markdown:
        return render_markdown(comparison)
    if format is CompareFormat.html:
        return render_html(comparison, links_from)
    return comparison.model_dump_json(indent=2) + "\n"


def _say(message: str) -> None:
    typer.echo(f"summarizer: {strip_control(redact(message))}", err=True)
