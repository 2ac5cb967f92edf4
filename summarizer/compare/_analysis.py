"""Positions across documents: the matrix, its timelines, shifts and contradictions.

A shift is a stance that differs between two consecutive dated documents, the later one
dated after the earlier (`unclear` and `shifting` say nothing to compare). A
contradiction is one actor both supporting and opposing one issue where no date orders
the two (one document, one day, or two undated documents), or a contradiction a summary
itself reports. Only verified positions (evidence found in the document) take part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from summarizer._schema import Contradiction, Evidence, Position
from summarizer.compare._book import ActorBook, IssueBook
from summarizer.compare._cluster import Clusterer, group_issues
from summarizer.compare._inputs import Loaded, LoadedDocument
from summarizer.compare._model import Cell, Comparison, Finding, Shift, Side, StancePoint

COMPARABLE = frozenset({"supports", "opposes", "mixed", "neutral"})
OPPOSITE = {"supports": "opposes", "opposes": "supports"}


def compare(loaded: Loaded, clusterer: Clusterer | None = None) -> Comparison:
    """The comparison of LOADED's documents. With CLUSTERER (a `Summarizer` with an LLM),
    issues worded differently are grouped by one small call first (see _cluster)."""
    documents = sorted(loaded.documents, key=_chronological)
    actors = ActorBook(documents)
    issues = IssueBook(p.issue for d in documents for p in d.summary.positions)
    grouping = group_issues(issues, clusterer)
    matrix = _matrix(documents, actors, issues)
    return Comparison(
        documents=[d.ref for d in documents],
        undated=[d.ref.id for d in documents if d.ref.date is None],
        skipped=loaded.skipped,
        actors=actors.actors(),
        issues=issues.issues(),
        matrix=matrix,
        shifts=[shift for cell in matrix for shift in shifts(cell)],
        contradictions=[
            *(finding for cell in matrix for finding in opposite_stances(cell)),
            *(finding for d in documents for finding in _reported(d, actors, issues)),
        ],
        issue_grouping=grouping,
    )


def _matrix(documents: list[LoadedDocument], actors: ActorBook, issues: IssueBook) -> list[Cell]:
    """One cell per actor and issue (in order of ids), its points in document order."""
    cells: dict[tuple[str, str], list[StancePoint]] = defaultdict(list)
    for document in documents:
        for position in document.summary.positions:
            actor = actors.resolve(document.ref.id, position.actor, position.actor_type)
            cells[actor, issues.id_of(position.issue)].append(_point(document, position))
    ordered = sorted(cells.items(), key=_cell_order)
    return [_cell(actor, issue, points) for (actor, issue), points in ordered]


def _chronological(document: LoadedDocument) -> tuple[bool, str]:
    date = document.ref.date
    return date is None, date.isoformat() if date else ""


def _cell_order(item: tuple[tuple[str, str], list[StancePoint]]) -> tuple[int, int]:
    actor, issue = item[0]
    return int(actor[1:]), int(issue[1:])


def _point(document: LoadedDocument, position: Position) -> StancePoint:
    return StancePoint(
        **document.ref.located(),
        stance=position.stance,
        actor_as_written=position.actor,
        issue_as_written=position.issue,
        summary=position.summary,
        verified=position.verified,
        evidence=position.evidence,
    )


def _cell(actor: str, issue: str, points: list[StancePoint]) -> Cell:
    dated = [point for point in points if point.date is not None]
    latest = (dated or points)[-1].stance
    return Cell(actor=actor, issue=issue, latest_stance=latest, timeline=points)


@dataclass
class _DocumentStance:
    """What one document says of one actor on one issue: its verified points by stance."""

    document: str
    points: dict[str, StancePoint]

    @property
    def single(self) -> StancePoint | None:
        return next(iter(self.points.values())) if len(self.points) == 1 else None


def _by_document(points: Sequence[StancePoint]) -> list[_DocumentStance]:
    grouped: dict[str, _DocumentStance] = {}
    for point in points:
        if point.verified and point.stance in COMPARABLE:
            entry = grouped.setdefault(point.document, _DocumentStance(point.document, {}))
            entry.points.setdefault(point.stance, point)
    return list(grouped.values())


def shifts(cell: Cell) -> Iterator[Shift]:
    """Changes between consecutive dated documents that say one thing each."""
    dated = [p for p in cell.timeline if p.date is not None]
    previous: StancePoint | None = None
    for entry in _by_document(dated):
        point = entry.single
        if point is None:
            continue  # both sides in one document: a contradiction, not a stance
        if previous is not None and previous.stance != point.stance and _before(previous, point):
            yield Shift(
                actor=cell.actor, issue=cell.issue, before=_side(previous), after=_side(point)
            )
        previous = point


def _before(earlier: StancePoint, later: StancePoint) -> bool:
    return earlier.date is not None and later.date is not None and earlier.date < later.date


def opposite_stances(cell: Cell) -> Iterator[Finding]:
    """Supports against opposes within a document, within a day, or among undated ones."""
    first_by_bucket: dict[object, dict[str, StancePoint]] = defaultdict(dict)
    for entry in _by_document(cell.timeline):
        polar = [entry.points[s] for s in ("supports", "opposes") if s in entry.points]
        if len(polar) == 2:
            yield _opposed(cell, polar[0], polar[1], "in one document")
        first = first_by_bucket[polar[0].date if polar else None]
        for point in polar:
            other = first.get(OPPOSITE[point.stance])
            if other is not None and other.document != point.document:
                yield _opposed(cell, other, point, _when(point))
        for point in polar:
            first.setdefault(point.stance, point)


def _when(point: StancePoint) -> str:
    return f"on {point.date.isoformat()}" if point.date else "in undated documents"


def _opposed(cell: Cell, first: StancePoint, second: StancePoint, where: str) -> Finding:
    return Finding(
        kind="opposite_stances",
        actor=cell.actor,
        issue=cell.issue,
        description=f"{first.stance} and {second.stance} {where}",
        first=_side(first),
        second=_side(second),
    )


def _side(point: StancePoint, said_by: str | None = None) -> Side:
    return Side(
        document=point.document,
        file=point.file,
        date=point.date,
        brief=point.brief,
        stance=point.stance,
        said_by=said_by or point.actor_as_written,
        evidence=_grounded(point.evidence),
    )


def _grounded(evidence: Sequence[Evidence]) -> Evidence:
    return next((e for e in evidence if e.match != "unmatched"), evidence[0])


def _reported(document: LoadedDocument, actors: ActorBook, issues: IssueBook) -> Iterator[Finding]:
    """The contradictions a document's summary lists, its first two quotes as the sides."""
    names = {source.id: source.name for source in document.summary.sources}
    for item in document.summary.contradictions:
        parties = [names.get(party, party) for party in item.parties]
        yield Finding(
            kind="reported",
            actor=None,
            issue=issues.find(item.description),
            description=item.description,
            first=_reported_side(document, item, 0, parties),
            second=_reported_side(document, item, 1, parties),
        )


def _reported_side(
    document: LoadedDocument, item: Contradiction, index: int, parties: list[str]
) -> Side:
    return Side(
        **document.ref.located(),
        said_by=parties[index] if index < len(parties) else None,
        evidence=item.evidence[index],
    )
