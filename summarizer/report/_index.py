"""The report's index page: one row per document of a batch folder, linking to its page."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from summarizer._schema import SummaryResult
from summarizer.report._html import escape, page
from summarizer.report._items import SECTION_TITLES


@dataclass(frozen=True)
class IndexRow:
    """What the index shows of one document."""

    id: str
    status: str
    failure: str | None = None
    page: str | None = None
    date: str | None = None
    counts: tuple[int, ...] = ()
    coverage: str = ""

    @classmethod
    def from_manifest(cls, entry: dict[str, Any]) -> IndexRow:
        failure = None
        if entry.get("status") != "ok":
            failure = f"{entry.get('error_class') or 'failed'}: {entry.get('error') or ''}"
        return cls(str(entry["id"]), str(entry.get("status") or "unknown"), failure)

    def with_problem(self, problem: str) -> IndexRow:
        return dataclasses.replace(
            self, failure=f"{self.failure + '; ' if self.failure else ''}{problem}"
        )

    def with_result(self, result: SummaryResult, page_name: str, date: str | None) -> IndexRow:
        counts = tuple(len(getattr(result.summary, section)) for section in SECTION_TITLES)
        grounding = result.meta.grounding
        coverage = f"{grounding.coverage:.0%}"
        if grounding.spans_by_construction:
            coverage += " (extractive: by construction)"
        return dataclasses.replace(
            self, page=page_name, date=date, counts=counts, coverage=coverage
        )


def _cells(row: IndexRow) -> str:
    name = escape(row.id)
    link = f'<a href="{escape(quote(row.page))}">{name}</a>' if row.page else name
    counts = row.counts or ("",) * len(SECTION_TITLES)
    numbers = "".join(f'<td class="num">{n}</td>' for n in counts)
    return (
        f"<td>{link}</td><td>{escape(row.date or '')}</td><td>{escape(row.status)}</td>"
        f"{numbers}<td>{escape(row.coverage)}</td><td>{escape(row.failure or '')}</td>"
    )


def render_index(folder: str, rows: list[IndexRow]) -> str:
    """The index of FOLDER's documents: date, status, counts per section, coverage, failure."""
    heads = "".join(f"<th>{escape(t)}</th>" for t in SECTION_TITLES.values())
    body_rows = "".join(
        f'<tr class="{"failed" if row.failure else "ok"}">{_cells(row)}</tr>' for row in rows
    )
    failed = sum(1 for row in rows if row.failure)
    body = (
        f"<header><h1>{escape(folder)}: {len(rows)} document(s), {failed} failed</h1></header>"
        f'<table id="documents"><thead><tr><th>document</th><th>date</th><th>status</th>{heads}'
        f"<th>coverage</th><th>failure</th></tr></thead><tbody>{body_rows}</tbody></table>"
    )
    return page(f"Report: {folder}", body)
