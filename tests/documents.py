"""Documents the tests and the cassette recorder build the same way, byte for byte."""

from __future__ import annotations


def oversized_document(paragraphs: int = 600) -> str:
    """About 60 KB of plain prose: more tokens than the recording server's 8192 context."""
    return "\n".join(
        f"Item {i}: the committee reviewed line {i} of the budget and noted that "
        f"spending on roads rose by {i % 17} percent compared with the previous year."
        for i in range(1, paragraphs + 1)
    )
