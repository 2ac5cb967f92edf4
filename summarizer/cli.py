"""The `summarizer` command: a thin layer over the Python API.

Exit codes: 0 ok; 2 bad usage or input (unreadable document, unknown model, missing or
stale cassette); 3 provider or transport failure after retries; 4 the model's output
stayed invalid after every re-ask; 5 too little of the summary is verified (nothing left
after --strict-grounding, or coverage below --min-coverage; the outputs are still written).
"""

from __future__ import annotations

import functools
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from summarizer._cache_command import cache_clear_command, cache_info_command
from summarizer._cli_options import with_options
from summarizer._errors import GroundingError, OutputError, SummarizerError
from summarizer._files import STDOUT, check_writable, write_text
from summarizer._inputs import LoadedDocument, load_document
from summarizer._options import Options
from summarizer._pipeline import Summarizer, recording, replaying
from summarizer._redaction import RedactingFilter, redact, strip_control
from summarizer._render import render_markdown
from summarizer._schema import SCHEMA_FILENAME, SummaryResult, output_json_schema_text
from summarizer.batch import batch_command
from summarizer.batch._scale_out import BatchCommand
from summarizer.compare import compare_command
from summarizer.evaluation import eval_command
from summarizer.report import PageContext, render_html
from summarizer.report._command import report_command

app = typer.Typer(
    pretty_exceptions_enable=False,  # tracebacks with locals could print API keys
    rich_markup_mode=None,  # click's plain help wraps at 80 columns; rich's boxes truncate
    add_completion=False,
    no_args_is_help=True,
    help="Validated, source-grounded structured summaries of documents.",
    epilog="Exit codes: 2 bad usage or input, 3 provider/transport failure, "
    "4 invalid model output after re-asks, 5 too little verified (outputs still written).",
)
T = TypeVar("T")
# What `summarizer schema --check` compares (`make test` runs it in the repository).
SCHEMA_CHECKED = Path("schemas") / SCHEMA_FILENAME


class OutputFormat(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"
    result = "result"  # the whole SummaryResult: summary, meta and document


def _formatted(result: SummaryResult, format: OutputFormat, page: PageContext) -> str:
    """RESULT as --format asks; the HTML brief also shows the document's text."""
    if format is OutputFormat.html:
        return render_html(result, page)
    if format is OutputFormat.markdown:
        return render_markdown(result)
    if format is OutputFormat.result:
        return result.model_dump_json(indent=2) + "\n"
    return result.summary.model_dump_json(indent=2) + "\n"


def _say(message: str) -> None:
    # The one place stderr lines are written: a provider's or document's words in MESSAGE
    # may hold a secret or a terminal escape sequence.
    typer.echo(f"summarizer: {strip_control(redact(message))}", err=True)


def _guarded(action: Callable[[], T]) -> T:
    """Run ACTION; a SummarizerError becomes one line on stderr and its exit code."""
    try:
        return action()
    except SummarizerError as error:
        _say(f"error: {error}")
        raise typer.Exit(error.exit_code) from None
    except KeyboardInterrupt:
        _say("interrupted")
        raise typer.Exit(130) from None


def _guarded_command(command: Callable[..., None]) -> Callable[..., None]:
    """COMMAND with our errors turned into one stderr line and their exit code."""

    @functools.wraps(command)
    def guarded(*args: Any, **kwargs: Any) -> None:
        _guarded(lambda: command(*args, **kwargs))

    return guarded


def _emit(text: str, output: Path | None) -> None:
    write_text(output or STDOUT, text, "--output")


def _check_outputs(outputs: dict[str, Path | None]) -> None:
    """Fail before the run, not after it with half of the outputs written."""
    for option, path in outputs.items():
        if path is not None:
            check_writable(path, option)


def _summarize(
    document: LoadedDocument, options: dict[str, Any], record: Path | None, replay: Path | None
) -> SummaryResult:
    if record is not None:
        with _cassette_saved_to(record) as staging:
            return _run(recording(staging, **options), document)
    if replay is not None:
        return _run(replaying(replay, **options), document)
    return _run(Summarizer(**options), document)


def _run(context: AbstractContextManager[Summarizer], document: LoadedDocument) -> SummaryResult:
    with context as summarizer:
        if summarizer.notice:
            _say(summarizer.notice)
        return summarizer.summarize(document)


@contextmanager
def _cassette_saved_to(record: Path) -> Iterator[Path]:
    """A private path to record to, saved to RECORD once the run is over, whatever its
    outcome (a failed run is worth a bug report). When the run failed, a cassette that
    cannot be saved is one more line: the run's own error stays the one reported."""
    with tempfile.TemporaryDirectory(prefix="summarizer-record-") as directory:
        staging = Path(directory) / "cassette.yaml"
        try:
            yield staging
        except BaseException:
            try:
                _save_cassette(staging, record)
            except OutputError as error:
                _say(f"error: {error}")
            raise
        _save_cassette(staging, record)


def _save_cassette(staging: Path, record: Path) -> None:
    if staging.exists():  # nothing was recorded when the run stopped before its engine started
        write_text(record, staging.read_text(encoding="utf-8"), "--record")


def _report(result: SummaryResult) -> None:
    meta = result.meta
    _say(meta.grounding.one_line())
    best = ", best attempt kept after re-asks ran out" if meta.best_attempt else ""
    cached = ", answered from the cache" if meta.cache == "hit" else ""
    _say(
        f"{meta.model_spec}: {meta.attempts} attempt(s), {meta.transport_retries} "
        f"transport retries, {meta.usage.total_tokens} tokens, {meta.latency_seconds:.2f} s"
        f"{best}{cached}"
    )


@app.command()
@with_options
def summarize(
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="The document: a text, HTML or PDF file, an http(s) URL, or - for stdin.",
        ),
    ],
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.json,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here (atomically; - for stdout)."),
    ] = None,
    meta: Annotated[
        Path | None, typer.Option(help="Also write the run's metadata (JSON) here.")
    ] = None,
    record: Annotated[
        Path | None, typer.Option(help="Record this run's HTTP exchange to a cassette.")
    ] = None,
    replay: Annotated[
        Path | None, typer.Option(help="Re-run offline from a recorded cassette.")
    ] = None,
    *,
    options: dict[str, Any],
) -> None:
    """Summarize one document into a validated, source-grounded structured summary."""
    if record is not None and replay is not None:
        raise typer.BadParameter("use --record or --replay, not both")

    def run() -> None:
        limits = Options(**options)  # a bad value: one line before any file is touched
        _check_outputs({"--output": output, "--meta": meta, "--record": record})
        document = load_document(
            path, max_bytes=limits.max_bytes, max_chars=limits.max_chars, timeout=limits.timeout
        )
        try:
            result = _summarize(document, options, record, replay)
        except GroundingError as error:  # the analyst gets the result to inspect, then exit 5
            write(error.result, document)
            raise
        write(result, document)

    def write(result: SummaryResult, document: LoadedDocument) -> None:
        page = PageContext(document.info.source or path, document.text)
        _emit(_formatted(result, format, page), output)
        if meta is not None:
            write_text(meta, result.meta.model_dump_json(indent=2) + "\n", "--meta")
        _report(result)

    _guarded(run)


@app.command()
def schema(
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write it here instead of printing it."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            help=f"Exit 1 if the file (-o, default {SCHEMA_CHECKED}) differs from the models."
        ),
    ] = False,
) -> None:
    """Print the JSON Schema of the structured summary (or write it with -o)."""
    text = output_json_schema_text()
    if check:
        _check_schema_file(output or SCHEMA_CHECKED, text)
    elif output is None:
        sys.stdout.write(text)
    else:
        _guarded(lambda: write_text(output, text, "--output"))
        _say(f"wrote {output}")


def _check_schema_file(path: Path, text: str) -> None:
    if not path.is_file():
        _say(f"{path}: no such file to check (run in the repository, or give -o PATH)")
        raise typer.Exit(1)
    if path.read_text(encoding="utf-8") != text:
        _say(f"{path} is out of date: run `summarizer schema -o {path}`")
        raise typer.Exit(1)


app.command("eval")(_guarded_command(eval_command))
app.command("report")(_guarded_command(report_command))
app.command("compare")(_guarded_command(compare_command))
app.command(
    "batch",
    cls=BatchCommand,
    epilog="Provider batches: summarizer batch status DIR; summarizer batch collect DIR [--wait].",
)(batch_command)

cache_app = typer.Typer(
    rich_markup_mode=None, no_args_is_help=True, help="The response cache of LLM answers."
)
cache_app.command("info")(_guarded_command(cache_info_command))
cache_app.command("clear")(_guarded_command(cache_clear_command))
app.add_typer(cache_app, name="cache")


# instructor logs every failed attempt (the CLI reports the outcome once, on one line);
# openai and httpx2 log URLs and headers at INFO/DEBUG (OPENAI_LOG=debug turns that on).
_LIBRARY_LOG_LEVELS = {
    "instructor": logging.CRITICAL,
    "openai": logging.WARNING,
    "httpx2": logging.WARNING,
    "httpcore": logging.WARNING,
    "httpcore2": logging.WARNING,
    "vcr": logging.WARNING,
    # Document readers: a malformed page or PDF is our one line, not their warnings.
    "trafilatura": logging.ERROR,
    "htmldate": logging.ERROR,
    "courlan": logging.ERROR,
    "pypdf": logging.ERROR,
}
_REDACTING_FILTER = RedactingFilter()


def _guard_logs() -> None:
    """Keep chatty libraries quiet; whatever is still logged passes the redactor.
    Call it after every handler is added."""
    # openai reads OPENAI_LOG when it is first imported (later, lazily) and would then set
    # its loggers back to DEBUG with a handler of its own.
    os.environ.pop("OPENAI_LOG", None)
    for name, level in _LIBRARY_LOG_LEVELS.items():
        logging.getLogger(name).setLevel(level)
    root, ours = logging.getLogger(), logging.getLogger("summarizer")
    for handler in [*root.handlers, *ours.handlers, logging.lastResort]:
        if handler is not None:
            handler.addFilter(_REDACTING_FILTER)


class _StderrLines(logging.Handler):
    """Our own warnings (a long retry wait: "rate limited; retrying in 60 s") as lines."""

    def emit(self, record: logging.LogRecord) -> None:
        _say(record.getMessage())


def _print_our_warnings() -> None:
    ours = logging.getLogger("summarizer")
    if not any(isinstance(handler, _StderrLines) for handler in ours.handlers):
        ours.addHandler(_StderrLines(logging.WARNING))
    ours.propagate = False  # printed once, whatever the root logger does


def main() -> None:
    _print_our_warnings()
    _guard_logs()
    app()
