"""`summarizer compare --format markdown`: every document and model word escaped by
summarizer._render.escape (no HTML, no markdown structure, no terminal sequences)."""

from __future__ import annotations

from collections.abc import Iterator

from summarizer._render import escape
from summarizer._schema import Evidence
from summarizer.compare._model import Cell, Comparison, Finding, Shift, Side, StancePoint

NO_STANCE = "·"


def render_markdown(comparison: Comparison) -> str:
    lines = [f"# Positions across {len(comparison.documents)} documents", "", _counts(comparison)]
    for section in (_documents, _actors, _issues, _matrix, _shifts, _contradictions, _timelines):
        lines += ["", *section(comparison)]
    return "\n".join(lines).rstrip() + "\n"


def _counts(comparison: Comparison) -> str:
    return (
        f"*{len(comparison.documents)} documents ({len(comparison.undated)} undated), "
        f"{len(comparison.actors)} actors, {len(comparison.issues)} issues, "
        f"{len(comparison.shifts)} shifts, {len(comparison.contradictions)} contradictions*"
    )


def _documents(comparison: Comparison) -> Iterator[str]:
    yield from ["## Documents", "", "| document | date | date from | file |", "|---|---|---|---|"]
    for ref in comparison.documents:
        date = ref.date.isoformat() if ref.date else "undated"
        yield f"| {escape(ref.id)} | {date} | {ref.date_from or NO_STANCE} | {escape(ref.file)} |"
    if comparison.undated:
        yield ""
        yield "Undated (on no timeline's dated part, in no shift): " + ", ".join(
            escape(d) for d in comparison.undated
        )
    for skipped in comparison.skipped:
        yield f"- skipped {escape(skipped.file)}: {escape(skipped.reason)}"


def _actors(comparison: Comparison) -> Iterator[str]:
    yield from ["## Actors", ""]
    for actor in comparison.actors:
        aliases = ", ".join(f"“{escape(alias)}”" for alias in actor.aliases)
        yield f"- **{actor.id} {escape(actor.name)}**" + (f" (also: {aliases})" if aliases else "")


def _issues(comparison: Comparison) -> Iterator[str]:
    yield from ["## Issues", "", escape(comparison.issue_grouping.describe()), ""]
    for issue in comparison.issues:
        others = ", ".join(f"“{escape(w)}”" for w in issue.wordings if w != issue.label)
        merged = (
            f"; merged from {len(issue.merged_keys)} wording groups" if issue.merged_keys else ""
        )
        also = f" (also: {others}{merged})" if others else ""
        yield f"- **{issue.id} {escape(issue.label)}**{also}"


def _matrix(comparison: Comparison) -> Iterator[str]:
    cells = {(cell.actor, cell.issue): cell for cell in comparison.matrix}
    issues = comparison.issues
    yield from ["## Actor × issue (latest stance, points)", ""]
    yield "| actor | " + " | ".join(f"{i.id} {escape(i.label)}" for i in issues) + " |"
    yield "|---|" + "---|" * len(issues)
    for actor in comparison.actors:
        row = [_matrix_cell(cells.get((actor.id, issue.id))) for issue in issues]
        yield f"| {escape(actor.name)} | " + " | ".join(row) + " |"


def _matrix_cell(cell: Cell | None) -> str:
    return f"{cell.latest_stance} ({len(cell.timeline)})" if cell else NO_STANCE


def _shifts(comparison: Comparison) -> Iterator[str]:
    yield from ["## Shifts", ""]
    names = _names(comparison)
    for shift in comparison.shifts:
        yield f"- {_subject(names, shift)}: {_side_head(shift.before)} → {_side_head(shift.after)}"
        yield from (_side_quote(side) for side in (shift.before, shift.after))
    if not comparison.shifts:
        yield "None found."


def _contradictions(comparison: Comparison) -> Iterator[str]:
    yield from ["## Contradictions", ""]
    names = _names(comparison)
    for finding in comparison.contradictions:
        yield f"- {_subject(names, finding)} ({finding.kind.replace('_', ' ')}): " + escape(
            finding.description
        )
        yield from (_side_quote(side) for side in (finding.first, finding.second))
    if not comparison.contradictions:
        yield "None found."


def _timelines(comparison: Comparison) -> Iterator[str]:
    yield from ["## Timelines", ""]
    names = _names(comparison)
    for cell in comparison.matrix:
        yield f"### {_subject(names, cell)}"
        yield ""
        yield from (_point(point) for point in cell.timeline)
        yield ""


def _names(comparison: Comparison) -> dict[str, str]:
    named = {actor.id: actor.name for actor in comparison.actors}
    return {**named, **{issue.id: issue.label for issue in comparison.issues}}


def _subject(names: dict[str, str], item: Cell | Shift | Finding) -> str:
    actor = f"**{escape(names[item.actor])}**" if item.actor else "**(sources)**"
    issue = f" on *{escape(names[item.issue])}*" if item.issue else ""
    return actor + issue


def _side_head(side: Side) -> str:
    return f"{side.stance} ({escape(side.document)}, {_date(side)})"


def _side_quote(side: Side) -> str:
    said = f"{escape(side.said_by)}, " if side.said_by else ""
    return f"  > {escape(side.document)} ({said}{_date(side)}): {_evidence(side.evidence)}"


def _point(point: StancePoint) -> str:
    flag = "" if point.verified else " ⚠ unverified"
    date = point.date.isoformat() if point.date else "undated"
    quote = _evidence(point.evidence[0])
    return f"- {date} · {escape(point.document)} · **{point.stance}**{flag}: {quote}"


def _evidence(evidence: Evidence) -> str:
    where = f", chars {evidence.start}–{evidence.end}" if evidence.start is not None else ""
    return f"“{escape(evidence.quote)}” ({evidence.match}{where})"


def _date(side: Side) -> str:
    return side.date.isoformat() if side.date else "undated"
