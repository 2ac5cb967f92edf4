"""`compare --cluster-issues`: one small LLM call that groups issues worded differently
("harbour toll", "port levy") which wording alone keeps apart.

What is sent (prompts/issue_groups.j2): each wording group's id and its wordings as the
documents wrote them, as JSON lines inside a fenced block of data, issues in order of
first use until MAX_SENT_CHARS characters of wordings (a wording over MAX_WORDING_CHARS
is not sent; an issue left without one, or past the cap, is not sent and never merged).

The answer is validated and grounded before it is used: every id is one that was sent,
no id is in two groups, a group has at least 2 ids, and its label is, verbatim, one of
its members' wordings (the words come from the documents' own positions). A violation
is a validation error saying what to fix, so the model is re-asked within the re-ask
budget. When re-asks run out or the provider fails, the wording groups stand and
`Comparison.issue_grouping` says so (status `failed`, the reason in `error`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, Field, model_validator

from summarizer._engines._structured import Answer, Completed
from summarizer._errors import ConfigurationError, ModelOutputError, ProviderError
from summarizer._prompts import issue_groups_prompt
from summarizer._redaction import redact, strip_control
from summarizer.compare._book import IssueBook
from summarizer.compare._model import Issue, IssueGrouping

# About 5,000 tokens of wordings: a few hundred issues, well within any chat model's context.
MAX_SENT_CHARS = 20_000
MAX_WORDING_CHARS = 300
# The problems one re-ask lists (the model fixes a few, the next re-ask shows the rest).
MAX_PROBLEMS = 8
LABEL_CHOICES_SHOWN = 5


class Clusterer(Protocol):
    """What groups issues: a `Summarizer` configured with an LLM."""

    @property
    def model(self) -> str: ...

    def complete(self, answer_model: type[Answer], messages: list[dict[str, Any]]) -> Completed: ...


class IssueGroup(BaseModel):
    issues: list[str] = Field(description="The ids of the issues that are one question (2+).")
    label: str = Field(description="One of these issues' wordings, copied exactly.")


class IssueGroups(BaseModel):
    """Groups of issues that are one and the same question in different words."""

    groups: list[IssueGroup] = Field(description="Empty when no issues belong together.")
    # The issues sent (id: wordings), set on the subclass `answer_model` makes per call.
    sent: ClassVar[Mapping[str, frozenset[str]]] = {}

    @model_validator(mode="after")
    def _grounded(self) -> IssueGroups:
        problems = grouping_problems(self.groups, self.sent)
        if problems:
            raise ValueError("; ".join(problems))
        return self


def answer_model(sent: Mapping[str, Iterable[str]]) -> type[IssueGroups]:
    """`IssueGroups` checked against the issues SENT (id: wordings)."""
    known = {issue_id: frozenset(wordings) for issue_id, wordings in sent.items()}
    return type("IssueGroups", (IssueGroups,), {"sent": known, "__doc__": IssueGroups.__doc__})


def grouping_problems(groups: list[IssueGroup], sent: Mapping[str, frozenset[str]]) -> list[str]:
    """What is wrong with GROUPS, in words the model can act on (the first MAX_PROBLEMS)."""
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, group in enumerate(groups, 1):
        problems += _group_problems(number, group, sent, seen)
        if len(problems) >= MAX_PROBLEMS:
            break
    return problems[:MAX_PROBLEMS]


def _group_problems(
    number: int, group: IssueGroup, sent: Mapping[str, frozenset[str]], seen: dict[str, int]
) -> Iterator[str]:
    ids = list(dict.fromkeys(group.issues))
    unknown = [issue_id for issue_id in ids if issue_id not in sent]
    if unknown:
        yield f"group {number}: {_listed(unknown)} not an id of the issues sent; use only those ids"
    for issue_id in ids:
        if issue_id in seen:
            yield f"{issue_id} is in groups {seen[issue_id]} and {number}: one group at most"
        seen.setdefault(issue_id, number)
    if len(ids) < 2:
        yield f"group {number} has {len(ids)} issue: a group has at least 2, leave the rest out"
    yield from _label_problem(number, group.label, [sent[i] for i in ids if i in sent])


def _label_problem(number: int, label: str, wordings: list[frozenset[str]]) -> Iterator[str]:
    if any(label.strip() in member for member in wordings):
        return
    choices = [json.dumps(w, ensure_ascii=False) for member in wordings for w in sorted(member)]
    shown = ", ".join(choices[:LABEL_CHOICES_SHOWN])
    yield (
        f"group {number}: the label {json.dumps(label, ensure_ascii=False)} is not a wording "
        f"of its issues; copy one exactly ({shown})"
    )


def _listed(ids: list[str]) -> str:
    return f"{ids[0]} is" if len(ids) == 1 else ", ".join(ids) + " are"


def group_issues(book: IssueBook, clusterer: Clusterer | None) -> IssueGrouping:
    """Ask CLUSTERER which of BOOK's issues are one; merge them in BOOK when the answer
    is valid, else keep the wording groups. What happened, for the comparison."""
    if clusterer is None:
        return IssueGrouping()
    issues = book.issues()
    sent = within_cap(issues)
    counts = {"issues_sent": len(sent), "issues_not_sent": len(issues) - len(sent)}
    if len(sent) < 2:
        return IssueGrouping(**counts)  # nothing to group: no request
    try:
        done = _ask(clusterer, sent)
    except (ModelOutputError, ProviderError) as error:
        attempts = error.attempts if isinstance(error, ModelOutputError) else 0
        reason = " ".join(strip_control(redact(str(error))).split())  # one line
        return IssueGrouping(
            status="failed", model=clusterer.model, attempts=attempts, error=reason, **counts
        )
    groups = [(list(dict.fromkeys(g.issues)), g.label.strip()) for g in done.answer.groups]
    book.merge(groups)
    return IssueGrouping(
        method="llm",
        status="ok",
        model=clusterer.model,
        attempts=done.attempts,
        usage=done.usage,
        groups=len(groups),
        **counts,
    )


def _ask(clusterer: Clusterer, sent: dict[str, list[str]]) -> Completed:
    messages = [message.model_dump() for message in issue_groups_prompt(list(sent.items()))]
    with needing_an_llm():
        return clusterer.complete(answer_model(sent), messages)


@contextlib.contextmanager
def needing_an_llm() -> Iterator[None]:
    """A ConfigurationError within (no LLM configured) says what needed one."""
    try:
        yield
    except ConfigurationError as error:
        raise ConfigurationError(f"grouping issues needs an LLM: {error}") from None


def within_cap(issues: list[Issue]) -> dict[str, list[str]]:
    """The wordings of ISSUES to send, by id, within MAX_SENT_CHARS in all."""
    sent: dict[str, list[str]] = {}
    used = 0
    for issue in issues:
        wordings = [w for w in issue.wordings if len(w) <= MAX_WORDING_CHARS]
        size = sum(len(w) for w in wordings)
        if wordings and used + size <= MAX_SENT_CHARS:
            sent[issue.id] = wordings
            used += size
    return sent
