"""Where a batch runs beyond this process: `--via openai-batch [--wait]`, `--dask ADDRESS`,
and the subcommands `summarizer batch status DIR` and `summarizer batch collect DIR`.

`batch` stays one command (`summarizer batch INPUTS... --out DIR` as ever): a first
argument `status` or `collect` names the subcommand instead (an input file of that name is
written `./status`).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import openai
import typer
from typer import _click as click  # typer vendors its own click: its Context and Command
from typer.core import TyperCommand

from summarizer._cli_options import with_options
from summarizer._engines._errors import provider_error
from summarizer._errors import EXIT_USAGE, ConfigurationError, SummarizerError
from summarizer._options import Options
from summarizer._pipeline import Summarizer
from summarizer._redaction import url_without_credentials
from summarizer.batch._dask import DaskExecutor
from summarizer.batch._openai_batch import (
    STATE,
    OpenAIBatchExecutor,
    documents_in,
    openai_client,
    read_state,
)
from summarizer.batch._runner import BatchSettings, Executor


class Via(StrEnum):
    online = "online"
    openai_batch = "openai-batch"


def executor_for(
    via: Via, wait: bool, dask: str | None, out: Path, force: bool, say: Any
) -> Executor | None:
    """The executor the flags ask for (None: the runner's default); a conflict is a usage
    error: one line through SAY, exit 2."""
    problem = None
    if via is Via.openai_batch and dask:
        problem = "--dask and --via openai-batch do not mix: a provider batch runs at the provider"
    elif wait and via is not Via.openai_batch:
        problem = "--wait goes with --via openai-batch (an online run always waits)"
    if problem is not None:
        say(f"error: {problem}")
        raise typer.Exit(EXIT_USAGE)
    if via is Via.openai_batch:
        return OpenAIBatchExecutor(out, wait=wait, force=force, say=say)
    return DaskExecutor(dask) if dask else None


# What `status` and `collect` may be told again: the rest is what the batches were made
# with (DIR/batch-state.json), and credentials in a base URL are never stored there.
_GIVEN_AGAIN = frozenset({"base_url"})
_RECORDED_ONLY = [name for name in Options.model_fields if name not in _GIVEN_AGAIN]


@with_options(exclude=_RECORDED_ONLY)
def status_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A batch's --out directory.")],
    options: dict[str, Any],
) -> None:
    """Show the provider batches of DIR (from DIR/batch-state.json): status and counts."""
    from summarizer.batch._command import say

    try:
        for line in _status_lines(directory, options):
            typer.echo(line)
    except SummarizerError as error:
        say(f"error: {error}")
        raise typer.Exit(error.exit_code) from None


def _status_lines(directory: Path, given: dict[str, Any]) -> list[str]:
    state = _state_in(directory)
    lines = []
    with Summarizer(options=recorded_options(directory, state, given)) as summarizer:
        client = openai_client(summarizer)
        for batch in state["batches"]:
            try:
                lines.append(_status_line(client, batch))
            except openai.APIError as error:
                raise provider_error(error, summarizer.engine.choice) from None
    return lines or [f"{directory}: no batches outstanding"]


def _status_line(client: Any, batch: dict[str, Any]) -> str:
    documents = f"{len(batch['requests'])} documents"
    if batch.get("id") is None:
        return f"(not created yet): {documents}; the next run or collect sends it"
    if batch.get("collected"):
        return f"{batch['id']}: collected ({documents})"
    found = client.batches.retrieve(batch["id"])
    counts = found.request_counts
    done = f", {counts.completed}/{counts.total} done, {counts.failed} failed" if counts else ""
    return f"{batch['id']}: {found.status}{done} ({documents})"


@with_options(exclude=_RECORDED_ONLY)
def collect_command(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A batch's --out directory.")],
    options: dict[str, Any],
    wait: Annotated[
        bool, typer.Option("--wait", help="Poll until every batch has ended, then collect.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display.")] = False,
) -> None:
    """Collect DIR's ended provider batches into DIR (outputs and manifest), with the
    settings they were submitted with. Exit 0, or 6 when a document failed."""
    from summarizer.batch._command import run_command, say

    try:
        state = _state_in(directory)
        recorded = {"options": recorded_options(directory, state, options)}
    except SummarizerError as error:
        say(f"error: {error}")
        raise typer.Exit(error.exit_code) from None
    executor = OpenAIBatchExecutor(directory, wait=wait, submit=False, say=say)
    run_command(documents_in(state), directory, recorded, BatchSettings(), quiet, executor)


def recorded_options(directory: Path, state: dict[str, Any], given: dict[str, Any]) -> Options:
    """The options DIR's batches were made with, and the base URL GIVEN again: the state
    stores it without credentials, so one that had them must be given again (the same
    URL: batches live where they were sent)."""
    recorded = dict(state["options"])
    stored = recorded.get("base_url")
    base_url = given.get("base_url")
    if base_url is None and state.get("credentials_in_base_url"):
        raise ConfigurationError(
            f"{directory}: its batches were sent to {stored}, whose credentials are never "
            "stored: give that base URL again with --base-url"
        )
    if base_url is not None and url_without_credentials(base_url) != stored:
        raise ConfigurationError(
            f"--base-url {url_without_credentials(base_url)} is not where the batches of "
            f"{directory} were sent ({stored})"
        )
    return Options.from_recorded({**recorded, "base_url": base_url or stored})


def _state_in(directory: Path) -> dict[str, Any]:
    state = read_state(directory / STATE)
    if state is None:
        raise ConfigurationError(f"{directory}: no {STATE} (nothing was submitted from there)")
    return state


SUBCOMMANDS = {"status": status_command, "collect": collect_command}


class BatchCommand(TyperCommand):
    """`summarizer batch`, whose first argument may name a subcommand (status, collect)."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        if args and args[0] in SUBCOMMANDS:
            command = _click_command(args[0])
            name = f"{info_name} {args[0]}"
            return command.make_context(name, args[1:], parent=parent, **extra)
        return super().make_context(info_name, args, parent=parent, **extra)


def _click_command(name: str) -> click.Command:
    app = typer.Typer(rich_markup_mode=None, add_completion=False)
    app.command(name)(SUBCOMMANDS[name])
    return typer.main.get_command(app)
