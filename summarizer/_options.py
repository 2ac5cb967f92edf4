"""The bounds of every numeric option, in one table, checked where the API receives them.

The CLI hands its options to the API unchanged, so a bad value gets the same one line
(a ConfigurationError, exit 2) from the command line and from Python, before any request.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from summarizer._errors import ConfigurationError


@dataclass(frozen=True)
class Bound:
    """An option's value must be a KIND at least LOWEST (above it when not INCLUSIVE)."""

    flag: str
    kind: str
    lowest: int
    inclusive: bool = True
    whole: bool = True

    def problem(self, value: int | float) -> str | None:
        """Why VALUE is out of bounds, or None."""
        finite = isinstance(value, int) or math.isfinite(value)
        too_low = value < self.lowest if self.inclusive else value <= self.lowest
        if finite and not too_low and (isinstance(value, int) or not self.whole):
            return None
        comparison = ">=" if self.inclusive else ">"
        return f"{self.flag} must be {self.kind} {comparison} {self.lowest}, got {_shown(value)}"


def _shown(value: int | float) -> str:
    """-1.0 as "-1", like the user typed it; nan and inf as such."""
    return str(value) if isinstance(value, int) else f"{value:g}"


OPTION_BOUNDS: dict[str, Bound] = {
    "timeout": Bound("--timeout", "a finite number of seconds", 0, inclusive=False, whole=False),
    "max_retries": Bound("--max-retries", "a whole number of re-asks", 0),
    # Attempts per request, the first one included: 1 means no retry.
    "transport_retries": Bound("--transport-retries", "a whole number of attempts", 1),
    "max_tokens": Bound("--max-tokens", "a whole number of tokens", 1),
    "max_items": Bound("--max-items", "a whole number of items", 1),
    "max_bytes": Bound("--max-bytes", "a whole number of bytes", 1),
    "max_chars": Bound("--max-chars", "a whole number of characters", 1),
    "context_size": Bound("--context-size", "a whole number of tokens", 1),
    "threads": Bound("--threads", "a whole number of threads", 1),
}


def check_bounds(**values: object) -> None:
    """Raise ConfigurationError for the first value outside its bound in OPTION_BOUNDS.

    None means "not set"; a value that is not a number (a tenacity `Retrying` given for
    a retry budget) is not this table's business."""
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        problem = OPTION_BOUNDS[name].problem(value)
        if problem is not None:
            raise ConfigurationError(problem)
