"""The reference date of the document being summarized, for whoever reads dates.

A context variable, not an argument: the pipeline sets it around one document's run and
every layer below reads it where dates are read (the prompt's date line, the extractive
engine's relative dates), without each engine, chunker and runner passing it along.
asyncio tasks and `asyncio.to_thread` carry it; a thread pool needs
`contextvars.copy_context().run`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_REFERENCE_DAY: ContextVar[dt.date | None] = ContextVar("reference_day", default=None)


def reference_day() -> dt.date | None:
    """The day the document being summarized is dated, when known."""
    return _REFERENCE_DAY.get()


@contextmanager
def dated(day: str | dt.date | None) -> Iterator[None]:
    """Within the block, `reference_day()` is DAY (ISO YYYY-MM-DD or a date)."""
    value = dt.date.fromisoformat(day) if isinstance(day, str) else day
    token = _REFERENCE_DAY.set(value)
    try:
        yield
    finally:
        _REFERENCE_DAY.reset(token)
