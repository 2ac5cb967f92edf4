"""`summarizer batch INPUTS... --out DIR`: a thin layer over `arun_batch`.

Exit codes: 0 every document ok (or skipped as already done); 6 some documents failed
(their count on stderr, the reasons in DIR/manifest.jsonl); 2 bad usage (no inputs, a
bad option, an output directory that cannot be written or is in use); 130 Ctrl-C, after
the in-flight documents are cancelled and the summary line is printed.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer._cli_options import with_options
from summarizer._errors import EXIT_BATCH_FAILED, SummarizerError
from summarizer._redaction import redact, strip_control
from summarizer.batch._inputs import collect_documents
from summarizer.batch._outputs import MANIFEST
from summarizer.batch._progress import display_for
from summarizer.batch._runner import BatchSettings, Executor, Tally, arun_batch
from summarizer.batch._scale_out import Via, executor_for

EXIT_INTERRUPTED = 130


def say(message: str) -> None:
    """One line on stderr; a document's or provider's words in MESSAGE may hold a secret
    or a terminal escape sequence."""
    typer.echo(f"summarizer: {strip_control(redact(message))}", err=True)


@with_options
def batch_command(
    inputs: Annotated[
        list[str],
        typer.Argument(
            metavar="INPUTS...",
            help="Files, directories (recursive), JSONL files of {id, text} lines, "
            "or - to read input paths from stdin.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Output directory: one JSON per document + manifest.")
    ],
    glob: Annotated[
        str, typer.Option(help="In directories, summarize the files matching this.")
    ] = "*",
    force: Annotated[bool, typer.Option("--force", help="Redo documents already done.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
    via: Annotated[
        Via,
        typer.Option(help="online: ask the model now; openai-batch: as OpenAI Batch API jobs."),
    ] = Via.online,
    wait: Annotated[
        bool,
        typer.Option("--wait", help="With --via openai-batch: poll until collected."),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Over a Dask cluster: tcp://HOST:8786, or local (pip install 'summarizer[dask]').",
        ),
    ] = None,
    *,
    options: dict[str, Any],
) -> None:
    """Summarize many documents into DIR: resumable, one failure never stops the run.

    Exit 0 when every document is ok (or skipped as done), 6 when any failed (the count
    on stderr, each reason in DIR/manifest.jsonl), 2 on bad usage, 130 on Ctrl-C."""
    # --concurrency is an Options field (it also bounds a long document's chunks).
    settings = BatchSettings(options.get("concurrency"), force)
    executor = executor_for(via, wait, dask, out, force, say)
    documents = collect_documents(inputs, glob, sys.stdin)
    run_command(documents, out, options, settings, quiet, executor)


def run_command(
    documents: Any,
    out: Path,
    options: dict[str, Any],
    settings: BatchSettings,
    quiet: bool,
    executor: Executor | None = None,
) -> None:
    """Run the batch with a display, print the summary line, exit with the run's code."""
    tally = Tally(notices=say)
    display = display_for(quiet, say)
    tally.listeners.append(display)
    try:
        with display:
            run = arun_batch(
                documents, out, options, executor=executor, settings=settings, tally=tally
            )
            asyncio.run(run)
    except SummarizerError as error:  # the run could not start: a usage error
        say(f"error: {error}")
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        tally.interrupted = True
        say(tally.summary_line())
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finish(tally, out)


def finish(tally: Tally, out: Path) -> None:
    say(tally.summary_line())
    if tally.failed:
        say(f"{tally.failed} of {tally.total} documents failed: see {out / MANIFEST}")
        raise typer.Exit(EXIT_BATCH_FAILED)
