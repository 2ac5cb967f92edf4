"""How a batch shows its progress on stderr: a rich bar on a terminal, one plain line per
10% of the documents otherwise (a log file, CI), nothing with --quiet. Each display is a
`Tally` listener and a context manager around the run."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from summarizer.batch._runner import Tally

STEPS = 10  # plain lines: one per tenth of the documents


def counts(tally: Tally) -> str:
    return (
        f"{tally.ok} ok, {tally.failed} failed, {tally.skipped} skipped, "
        f"{tally.cached} cached, {tally.tokens} tokens"
    )


class Display:
    """Shows nothing (--quiet); the base of the other displays."""

    def __call__(self, tally: Tally) -> None:
        """TALLY changed."""

    def start(self) -> None:
        """The run begins."""

    def stop(self) -> None:
        """The run is over."""

    def __enter__(self) -> Display:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


class PlainLines(Display):
    """A line each time another tenth of the documents is done, through SAY."""

    def __init__(self, say: Callable[[str], None]) -> None:
        self.say = say
        self.shown = 0  # tenths already reported

    def __call__(self, tally: Tally) -> None:
        if not tally.total:
            return
        tenths = tally.done * STEPS // tally.total
        if tenths > self.shown:
            self.shown = tenths
            self.say(
                f"{tally.done}/{tally.total} ({tenths * STEPS}%): {counts(tally)}{_eta(tally)}"
            )


def _eta(tally: Tally) -> str:
    remaining = tally.total - tally.done
    if not remaining or not tally.done:
        return ""
    seconds = (time.monotonic() - tally.started) / tally.done * remaining
    return f"; about {seconds:.0f} s left"


class Bar(Display):
    """A rich progress bar on CONSOLE (stderr, a terminal)."""

    def __init__(self, console: Console) -> None:
        self.progress = Progress(
            TextColumn("summarizer"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=console,
            transient=False,
        )
        self.task = self.progress.add_task("batch", total=None, counts="")

    def __call__(self, tally: Tally) -> None:
        self.progress.update(
            self.task, total=tally.total, completed=tally.done, counts=counts(tally)
        )

    def start(self) -> None:
        self.progress.start()

    def stop(self) -> None:
        self.progress.stop()


def display_for(quiet: bool, say: Callable[[str], None], console: Console | None = None) -> Display:
    """The display for a run: none when QUIET, a bar on a terminal, plain lines otherwise."""
    console = console or Console(stderr=True)
    if quiet:
        return Display()
    if console.is_terminal:
        return Bar(console)
    return PlainLines(say)
