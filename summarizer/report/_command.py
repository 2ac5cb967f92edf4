"""`summarizer report DIR [-o OUTDIR]`: a thin layer over `write_report`.

Exit codes: 0 the report was written (failed documents are listed in it, not an error);
2 DIR is not a readable batch output folder, or OUTDIR cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from summarizer._redaction import strip_control
from summarizer.report._folder import write_report


def report_command(
    directory: Annotated[
        Path,
        typer.Argument(metavar="DIR", help="A `summarizer batch` output folder."),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Where to write the pages (default DIR/report/)."),
    ] = None,
) -> None:
    """Render a batch output folder as HTML: an index page and one brief per document."""
    tally = write_report(directory, output)
    without_text = (
        f", {tally.without_text} without the document's text" if tally.without_text else ""
    )
    line = f"wrote {tally.index}: {tally.pages} page(s), {tally.failed} failed{without_text}"
    typer.echo(f"summarizer: {strip_control(line)}", err=True)
