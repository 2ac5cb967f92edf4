"""The schema's length limits, read from the models so the merge never restates them."""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel


@cache
def max_length(model: type[BaseModel], field: str) -> int:
    """The `max_length` of MODEL's FIELD (a merged list or a made-up title is cut to it)."""
    for constraint in model.model_fields[field].metadata:
        limit = getattr(constraint, "max_length", None)  # pydantic's MaxLen
        if isinstance(limit, int):
            return limit
    raise LookupError(f"{model.__name__}.{field} has no max_length")
