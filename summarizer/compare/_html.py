"""`summarizer compare --format html`: one self-contained page. No script, no network:
a Content-Security-Policy meta tag allows nothing but the page's own style block (by its
hash); every word of a document or a model is escaped; timelines are inline SVG, each
point a link to its document's brief (or, without one, to its result file)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from summarizer._redaction import strip_control
from summarizer._schema import Evidence
from summarizer.compare._model import Cell, Comparison, Finding, Side, StancePoint

STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
blockquote{margin:.2em 0 .2em 1.5em;color:#444}.where{color:#777;font-size:.85em}
.supports{fill:#2e7d32;color:#2e7d32}.opposes{fill:#c62828;color:#c62828}
.mixed{fill:#ef6c00;color:#ef6c00}.neutral{fill:#607d8b;color:#607d8b}
.shifting{fill:#6a1b9a;color:#6a1b9a}.unclear{fill:#bbb;color:#888}
.axis{stroke:#999;stroke-width:1}.tick{fill:#777;font-size:10px}.unverified{fill-opacity:.35}
@media print{a{color:inherit;text-decoration:none}}
"""
WIDTH, DATED_END, UNDATED_START, HEIGHT = 720, 560, 610, 44


def render_html(comparison: Comparison, links_from: Path) -> str:
    """The page; result files are linked relative to the folder LINKS_FROM."""
    body = "\n".join(_body(comparison, _Links(links_from), _names(comparison)))
    digest = base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    policy = f"default-src 'none'; style-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    title = f"Positions across {len(comparison.documents)} documents"
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
        f"<title>{title}</title><style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n"
        f"{body}\n</body></html>\n"
    )


def _h(text: str) -> str:
    return html.escape(strip_control(text), quote=True)


class _Links:
    def __init__(self, links_from: Path) -> None:
        self._from = links_from.resolve()

    def href(self, brief: str | None, file: str) -> str:
        target = brief or Path(os.path.relpath(Path(file).resolve(), self._from)).as_posix()
        return _h(quote(target, safe="/"))  # a file named "javascript:x" stays a path


def _names(comparison: Comparison) -> dict[str, str]:
    named = {actor.id: actor.name for actor in comparison.actors}
    return {**named, **{issue.id: issue.label for issue in comparison.issues}}


def _body(comparison: Comparison, links: _Links, names: dict[str, str]) -> Iterator[str]:
    yield from _documents(comparison, links)
    yield from _issues(comparison)
    yield from _matrix(comparison, names)
    yield "<h2>Shifts</h2>"
    yield from (
        _shift_or_finding(s.before, s.after, _subject(names, s.actor, s.issue), links)
        for s in comparison.shifts
    )
    yield "<h2>Contradictions</h2>"
    yield from (_finding(f, names, links) for f in comparison.contradictions)
    yield from _timelines(comparison, links, names)


def _documents(comparison: Comparison, links: _Links) -> Iterator[str]:
    yield "<h2>Documents</h2><table><tr><th>document</th><th>date</th><th>from</th></tr>"
    for ref in comparison.documents:
        date = ref.date.isoformat() if ref.date else "undated"
        link = f'<a href="{links.href(ref.brief, ref.file)}">{_h(ref.id)}</a>'
        yield f"<tr><td>{link}</td><td>{date}</td><td>{_h(ref.date_from or '')}</td></tr>"
    yield "</table>"
    for skipped in comparison.skipped:
        yield f"<p>Skipped {_h(skipped.file)}: {_h(skipped.reason)}</p>"


def _issues(comparison: Comparison) -> Iterator[str]:
    yield f"<h2>Issues</h2><p>{_h(comparison.issue_grouping.describe())}</p><ul>"
    for issue in comparison.issues:
        others = "; ".join(w for w in issue.wordings if w != issue.label)
        merged = (
            f" · merged from {len(issue.merged_keys)} wording groups" if issue.merged_keys else ""
        )
        also = f'<div class="where">{_h(others)}{merged}</div>' if others else ""
        yield f"<li><b>{issue.id} {_h(issue.label)}</b>{also}</li>"
    yield "</ul>"


def _matrix(comparison: Comparison, names: dict[str, str]) -> Iterator[str]:
    cells = {(cell.actor, cell.issue): cell for cell in comparison.matrix}
    yield "<h2>Actor × issue</h2><table><tr><th>actor</th>"
    yield "".join(f"<th>{_h(issue.label)}</th>" for issue in comparison.issues) + "</tr>"
    for actor in comparison.actors:
        aliases = (
            f'<div class="where">{_h("; ".join(actor.aliases))}</div>' if actor.aliases else ""
        )
        row = "".join(_matrix_cell(cells.get((actor.id, i.id))) for i in comparison.issues)
        yield f"<tr><th>{_h(actor.name)}{aliases}</th>{row}</tr>"
    yield "</table>"


def _matrix_cell(cell: Cell | None) -> str:
    if cell is None:
        return "<td></td>"
    stance, anchor = cell.latest_stance, f"#t-{cell.actor}-{cell.issue}"
    link = f'<a class="{stance}" href="{anchor}">{stance}</a>'
    return f"<td>{link} ({len(cell.timeline)})</td>"


def _subject(names: dict[str, str], actor: str | None, issue: str | None) -> str:
    who = f"<b>{_h(names[actor])}</b>" if actor else "<b>sources</b>"
    return who + (f" on <i>{_h(names[issue])}</i>" if issue else "")


def _shift_or_finding(first: Side, second: Side, head: str, links: _Links) -> str:
    return f"<p>{head}</p>{_side(first, links)}{_side(second, links)}"


def _finding(finding: Finding, names: dict[str, str], links: _Links) -> str:
    kind = finding.kind.replace("_", " ")
    subject = _subject(names, finding.actor, finding.issue)
    head = f"{subject} ({kind}): {_h(finding.description)}"
    return _shift_or_finding(finding.first, finding.second, head, links)


def _side(side: Side, links: _Links) -> str:
    date = side.date.isoformat() if side.date else "undated"
    stance = f' <span class="{side.stance}">{side.stance}</span>' if side.stance else ""
    said = f" · {_h(side.said_by)}" if side.said_by else ""
    document = f'<a href="{links.href(side.brief, side.file)}">{_h(side.document)}</a>'
    return f"<blockquote>{document} · {date}{said}{stance}: {_evidence(side.evidence)}</blockquote>"


def _evidence(evidence: Evidence) -> str:
    where = f", chars {evidence.start}–{evidence.end}" if evidence.start is not None else ""
    return f'“{_h(evidence.quote)}” <span class="where">({evidence.match}{where})</span>'


def _timelines(comparison: Comparison, links: _Links, names: dict[str, str]) -> Iterator[str]:
    yield "<h2>Timelines</h2>"
    scale = _Scale([d.date for d in comparison.documents if d.date is not None])
    for cell in comparison.matrix:
        yield f'<h3 id="t-{cell.actor}-{cell.issue}">{_subject(names, cell.actor, cell.issue)}</h3>'
        yield _svg(cell, scale, links)
        yield "<ul>" + "".join(f"<li>{_point_line(p, links)}</li>" for p in cell.timeline) + "</ul>"


class _Scale:
    """Dates to x: the first dated document at the left, the last at DATED_END."""

    def __init__(self, dates: list[dt.date]) -> None:
        self.first: dt.date | None = min(dates) if dates else None
        self.last: dt.date | None = max(dates) if dates else None

    def x(self, date: dt.date) -> float:
        if self.first is None or self.last is None or self.first == self.last:
            return (20 + DATED_END) / 2
        return 20 + (DATED_END - 20) * (date - self.first).days / (self.last - self.first).days


def _svg(cell: Cell, scale: _Scale, links: _Links) -> str:
    undated = [p for p in cell.timeline if p.date is None]
    marks = [_mark(p, scale.x(p.date), links) for p in cell.timeline if p.date is not None]
    marks += [_mark(p, UNDATED_START + 16 * i, links) for i, p in enumerate(undated)]
    ticks = "".join(_tick(x, text) for x, text in _labels(scale, bool(undated)))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" role="img">'
        f'<line class="axis" x1="20" y1="16" x2="{DATED_END}" y2="16"/>'
        f"{ticks}{''.join(marks)}</svg>"
    )


def _labels(scale: _Scale, undated: bool) -> list[tuple[float, str]]:
    labels = [(scale.x(d), d.isoformat()) for d in {scale.first, scale.last} if d is not None]
    return labels + ([(UNDATED_START, "undated")] if undated else [])


def _tick(x: float, text: str) -> str:
    return f'<text class="tick" x="{x:.1f}" y="40" text-anchor="middle">{_h(text)}</text>'


def _mark(point: StancePoint, x: float, links: _Links) -> str:
    faded = "" if point.verified else " unverified"
    tip = (
        f"{point.date or 'undated'} · {point.document} · {point.stance}: {point.evidence[0].quote}"
    )
    return (
        f'<a href="{links.href(point.brief, point.file)}"><circle class="{point.stance}{faded}" '
        f'cx="{x:.1f}" cy="16" r="7"><title>{_h(tip)}</title></circle></a>'
    )


def _point_line(point: StancePoint, links: _Links) -> str:
    date = point.date.isoformat() if point.date else "undated"
    flag = " ⚠ unverified" if not point.verified else ""
    document = f'<a href="{links.href(point.brief, point.file)}">{_h(point.document)}</a>'
    stance = f'<span class="{point.stance}">{point.stance}</span>'
    return f"{date} · {document} · {stance}{flag}: {_evidence(point.evidence[0])}"
