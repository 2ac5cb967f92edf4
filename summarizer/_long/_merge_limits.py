"""The schema's length limits, read from the models so the merge never restates them,
and how a merged list is cut to one."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TypeVar

from pydantic import BaseModel

X = TypeVar("X")


@cache
def max_length(model: type[BaseModel], field: str) -> int:
    """The `max_length` of MODEL's FIELD (a merged list or a made-up title is cut to it)."""
    for constraint in model.model_fields[field].metadata:
        limit = getattr(constraint, "max_length", None)  # pydantic's MaxLen
        if isinstance(limit, int):
            return limit
    raise LookupError(f"{model.__name__}.{field} has no max_length")


def keep_within(items: list[X], limit: int, verified: Callable[[X], bool]) -> list[X]:
    """ITEMS cut to LIMIT: verified ones kept before unverified ones, the order unchanged."""
    if len(items) <= limit:
        return items
    chosen = set(sorted(range(len(items)), key=lambda i: not verified(items[i]))[:limit])
    return [item for i, item in enumerate(items) if i in chosen]
