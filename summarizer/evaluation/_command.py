"""`summarizer eval`: wire options to the library and print the report.

Registered by the CLI with ``app.command("eval")(eval_command)``; errors are raised as
`InputError`/`ConfigurationError` (one line each) for the CLI to turn into exit code 2.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer._cli_options import with_options
from summarizer._errors import InputError
from summarizer._files import check_writable, write_text
from summarizer._pipeline import Summarizer
from summarizer.evaluation._corpus import polnear_documents
from summarizer.evaluation._report import GoldReport, PolnearReport
from summarizer.evaluation._runner import SummarizeFn, run_gold_eval, run_polnear_eval
from summarizer.evaluation._table import render_tables


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


def _say(message: str) -> None:
    typer.echo(f"summarizer: {message}", err=True)


# Gold and PolNeAR files are read by the evaluation, not as documents of --max-bytes.
@with_options(exclude={"max_bytes"})
def eval_command(
    gold: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="GOLD.json...",
            help="Gold-v1 files (see ../shared/eval/README.md).",
            show_default=False,
        ),
    ] = None,
    polnear: Annotated[
        Path | None,
        typer.Option(
            help="A PolNeAR-style folder (text/, attributions/): score the sources "
            "section as attribution extraction."
        ),
    ] = None,
    docs: Annotated[
        Path | None,
        typer.Option(
            help="Folder holding the gold documents (default: next to each gold file, "
            "or a seeds/ folder)."
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N PolNeAR documents (by name).")
    ] = None,
    format: Annotated[EvalFormat, typer.Option("--format", "-f")] = EvalFormat.table,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report here (atomically).")
    ] = None,
    *,
    options: dict[str, Any],
) -> None:
    """Score the summarizer against gold-v1 files and/or a PolNeAR folder (micro-averaged)."""
    if not gold and polnear is None:
        raise InputError("nothing to evaluate: give gold files, --polnear DIR, or both")
    if polnear is not None:
        polnear_documents(polnear, limit)  # fail on a bad folder before any summary is made
    if output is not None:
        check_writable(output)  # and on a report that would have nowhere to go
    with Summarizer(**options) as summarizer:
        if summarizer.notice:
            _say(summarizer.notice)
        reports = _run(gold or [], polnear, summarizer.summarize, docs, limit)
    text = (
        json.dumps(_as_json(*reports), indent=2) + "\n"
        if format is EvalFormat.json
        else render_tables(*reports)
    )
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(output, text)


def _run(
    gold: list[Path],
    polnear: Path | None,
    summarize_fn: SummarizeFn,
    docs: Path | None,
    limit: int | None,
) -> tuple[GoldReport | None, PolnearReport | None]:
    gold_report = run_gold_eval(gold, summarize_fn, docs, progress=_say) if gold else None
    polnear_report = (
        run_polnear_eval(polnear, summarize_fn, limit, progress=_say)
        if polnear is not None
        else None
    )
    return gold_report, polnear_report


def _as_json(gold: GoldReport | None, polnear: PolnearReport | None) -> dict[str, Any]:
    shape: dict[str, Any] = {}
    if gold is not None:
        shape["gold"] = gold.as_dict()
    if polnear is not None:
        shape["polnear"] = polnear.as_dict()
    return shape
