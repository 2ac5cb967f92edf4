"""PolNeAR attributions (brat standoff) and scoring the `sources` section against them.

Reading: ``T`` lines are text-bound annotations (``T3<TAB>Content 169 195;387 448<TAB>text``,
``;`` separates the segments of a discontinuous span); ``E`` lines link them
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``). Role names lose a numeric suffix,
so ``Content2`` is more of the content. Events without a Content argument (there is one in
the dev set) are skipped; other line kinds (A, R, N, #) are ignored.

Scoring: every grounded statement of every predicted source is one prediction (its span,
and the source's `name`). Content: a prediction matches a gold Content span when their
token Dice >= 0.5; one-to-one by `greedy_assign`. Content+source additionally needs the
predicted name to overlap the gold Source text (`text_dice` of case-folded token
multisets >= 0.5), with its own one-to-one assignment. Content+source (mentions) accepts
the source when its name matches as above OR one of its grounded `mentions` (where the
text names or refers to it: 'he', 'Qaddo') overlaps the gold Source span with token Dice
>= 0.5, positionally, like content; same exclusions and assignment rules. So a pronoun
source 'he' is credited to the speaker it was resolved to only where the text says 'he'.
`source_diagnosis` classifies the content matches' sources (see `_diagnosis`).
Gold attributions without a Source are scored for content only: they are left out of both
source metrics, and so is a prediction whose content match (in the content assignment) is
such an attribution and that matches nothing in the source metric — it is neither a true
nor a false positive there. Predictions without a source name (another annotator's
sourceless attributions, when measuring agreement) are likewise left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from summarizer._errors import InputError
from summarizer._schema import Evidence, StructuredSummary
from summarizer.evaluation._diagnosis import SourceDiagnosis, diagnose
from summarizer.evaluation._gold import grounded_spans
from summarizer.evaluation._match import Counts, Pair, counts_from, fieldwise_sum, greedy_assign
from summarizer.evaluation._tokens import (
    MATCH_THRESHOLD,
    Span,
    Spans,
    TokenIndex,
    TokenSet,
    dice,
    text_dice,
)

_SPANS = re.compile(r"^\d+ \d+(;\d+ \d+)*$")
_ROLE_SUFFIX = re.compile(r"\d+$")


@dataclass(frozen=True)
class TextBound:
    kind: str
    spans: Spans
    text: str


@dataclass(frozen=True)
class Attribution:
    """Who said what: the Content span, and the Source span and its text when annotated."""

    content: Spans
    source: Spans | None = None
    source_text: str | None = None
    cue: Spans | None = None


@dataclass(frozen=True)
class Statement:
    """One prediction: a (possibly discontinuous) span, who it is attributed to, and
    where the text names that source (its mention spans; for an annotator, the Source)."""

    spans: Spans
    source: str | None
    mentions: tuple[Spans, ...] = ()


@dataclass(frozen=True)
class PolnearCounts:
    content: Counts = field(default_factory=Counts)
    content_source: Counts = field(default_factory=Counts)
    content_source_mentions: Counts = field(default_factory=Counts)
    source_diagnosis: SourceDiagnosis = field(default_factory=SourceDiagnosis)

    def __add__(self, other: PolnearCounts) -> PolnearCounts:
        return fieldwise_sum(self, other)


def parse_brat(text: str, origin: str = "ann") -> list[Attribution]:
    """The attributions of a brat .ann file's text."""
    bounds: dict[str, TextBound] = {}
    events: list[tuple[int, list[tuple[str, str]]]] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("T"):
            key, bound = _text_bound(line, f"{origin}:{number}")
            bounds[key] = bound
        elif line.startswith("E"):
            events.append((number, _event_arguments(line, f"{origin}:{number}")))
    attributions = [_attribution(args, bounds, f"{origin}:{n}") for n, args in events]
    return [attribution for attribution in attributions if attribution is not None]


def _text_bound(line: str, where: str) -> tuple[str, TextBound]:
    fields = line.split("\t")
    kind, _, spans = fields[1].partition(" ") if len(fields) >= 2 else ("", "", "")
    if len(fields) < 2 or not _SPANS.match(spans):
        raise InputError(f"{where}: not a brat text-bound line: {line[:60]!r}")
    segments = tuple(_segment(part) for part in spans.split(";"))
    return fields[0], TextBound(kind, segments, fields[2] if len(fields) > 2 else "")


def _segment(part: str) -> tuple[int, int]:
    start, end = part.split()
    return int(start), int(end)


def _event_arguments(line: str, where: str) -> list[tuple[str, str]]:
    fields = line.split("\t")
    if len(fields) < 2:
        raise InputError(f"{where}: not a brat event line: {line[:60]!r}")
    arguments = []
    for argument in fields[1].split()[1:]:  # the first is the trigger, TYPE:Tn
        role, _, target = argument.partition(":")
        if not target:
            raise InputError(f"{where}: bad event argument {argument!r}")
        arguments.append((_ROLE_SUFFIX.sub("", role), target))
    return arguments


def _attribution(
    arguments: Sequence[tuple[str, str]], bounds: Mapping[str, TextBound], where: str
) -> Attribution | None:
    roles: dict[str, list[TextBound]] = {}
    for role, target in arguments:
        if target not in bounds:
            raise InputError(f"{where}: event argument {target} is not a text-bound annotation")
        roles.setdefault(role, []).append(bounds[target])
    if "Content" not in roles:
        return None
    source = roles.get("Source")
    return Attribution(
        content=_joined(roles["Content"]),
        source=_joined(source) if source else None,
        source_text=" ".join(bound.text for bound in source) if source else None,
        cue=_joined(roles["Cue"]) if "Cue" in roles else None,
    )


def _joined(bounds: Sequence[TextBound]) -> Spans:
    return tuple(sorted(segment for bound in bounds for segment in bound.spans))


def read_attributions(path: str | Path) -> list[Attribution]:
    file = Path(path)
    return parse_brat(file.read_text(encoding="utf-8"), str(file))


def summary_statements(summary: StructuredSummary, document: str = "") -> list[Statement]:
    """Every grounded statement of every source in SUMMARY, with the source's name and
    its grounded mention spans. Given the DOCUMENT, the two parts of an interrupted
    quotation are one statement, as PolNeAR marks them (see `_joined_parts`)."""
    statements: list[Statement] = []
    for source in summary.sources:
        mentions = _grounded(source.mentions)
        parts = _joined_parts(grounded_spans(source), mentions, document)
        named = tuple((span,) for span in mentions)
        statements.extend(Statement(spans, source.name, named) for spans in parts)
    return statements


def _joined_parts(spans: Sequence[Span], mentions: Sequence[Span], document: str) -> list[Spans]:
    """SPANS as statements: PolNeAR annotates an interrupted quotation as one attribution
    whose content has two parts, a summary gives each part as a statement of the source
    (the attribution between them is no one's words). Two successive spans of one source
    are one statement when only a short stretch of one paragraph that names the source
    lies between them."""
    joined: list[list[Span]] = []
    for span in sorted(spans):
        if joined and _interrupts(joined[-1][-1], span, mentions, document):
            joined[-1].append(span)
        else:
            joined.append([span])
    return [tuple(parts) for parts in joined]


# Between the parts: the first part's closing mark, the attribution, the second's opening
# mark ('," said Ann Lee, a nurse. "'); the marks may also lie inside the parts' spans.
_INTERRUPTION = re.compile(r"[,.?!…—–-]?[”\"’']*[^\n“”\"]{1,250}?[,.:;]? ?[“\"‘']*")
_CLOSING_MARKS = "”\"’'"
_OPENING_MARKS = "“\"‘'"


def _interrupts(before: Span, after: Span, mentions: Sequence[Span], document: str) -> bool:
    closes = document[before[1] - 1 : before[1] + 2]
    opens = document[max(after[0] - 2, 0) : after[0] + 1]
    if not (set(closes) & set(_CLOSING_MARKS) and set(opens) & set(_OPENING_MARKS)):
        return False  # not two parts of a quotation
    if not _INTERRUPTION.fullmatch(document, before[1], after[0]):
        return False
    return any(before[1] <= start and end <= after[0] for start, end in mentions)


def _grounded(evidence: Sequence[Evidence]) -> list[Span]:
    return [
        (e.start, e.end)
        for e in evidence
        if e.match != "unmatched" and e.start is not None and e.end is not None
    ]


def attribution_statements(attributions: Sequence[Attribution]) -> list[Statement]:
    """Another annotator's attributions as predictions (for inter-annotator agreement);
    an annotated Source span is its own mention."""
    return [
        Statement(a.content, a.source_text, (a.source,) if a.source else ()) for a in attributions
    ]


def score_polnear_document(
    summary: StructuredSummary | Sequence[Statement],
    document: str,
    attributions: Sequence[Attribution],
) -> PolnearCounts:
    """Content, content+source and content+source (mentions) counts of a summary's
    sources (or statements) vs gold."""
    predicted = (
        summary_statements(summary, document)
        if isinstance(summary, StructuredSummary)
        else list(summary)
    )
    index = TokenIndex(document)
    content_pairs = _content_pairs(index, predicted, attributions)
    content = greedy_assign(content_pairs)
    by_name, by_mention = _source_pairs(index, predicted, attributions, content_pairs)
    return PolnearCounts(
        counts_from(len(content), len(predicted), len(attributions)),
        _content_source_counts(predicted, attributions, content, greedy_assign(by_name)),
        _content_source_counts(predicted, attributions, content, greedy_assign(by_mention)),
        diagnose(
            content,
            _pair_set(by_name),
            _pair_set(by_mention),
            [attribution.source_text for attribution in attributions],
        ),
    )


def _pair_set(pairs: Sequence[Pair]) -> set[tuple[int, int]]:
    return {(p, g) for _, p, g in pairs}


def _content_pairs(
    index: TokenIndex, predicted: Sequence[Statement], attributions: Sequence[Attribution]
) -> list[Pair]:
    gold = [index.tokens(attribution.content) for attribution in attributions]
    pairs = []
    for p, statement in enumerate(predicted):
        tokens = index.tokens(statement.spans)
        for g, gold_tokens in enumerate(gold):
            overlap = dice(tokens, gold_tokens)
            if overlap >= MATCH_THRESHOLD:
                pairs.append((overlap, p, g))
    return pairs


def _source_pairs(
    index: TokenIndex,
    predicted: Sequence[Statement],
    attributions: Sequence[Attribution],
    content_pairs: Sequence[Pair],
) -> tuple[list[Pair], list[Pair]]:
    """The content pairs whose source is right by name, and by name or mention."""
    mentioned = _MentionMatcher(index, predicted, attributions)
    by_name: list[Pair] = []
    by_mention: list[Pair] = []
    for pair in content_pairs:
        if _name_matches(predicted, attributions, pair):
            by_name.append(pair)
            by_mention.append(pair)
        elif mentioned(pair):
            by_mention.append(pair)
    return by_name, by_mention


def _name_matches(
    predicted: Sequence[Statement], attributions: Sequence[Attribution], pair: Pair
) -> bool:
    """The predicted source's name overlaps the gold Source text (token Dice >= 0.5)."""
    statement, attribution = predicted[pair[1]], attributions[pair[2]]
    if statement.source is None or attribution.source_text is None:
        return False
    return text_dice(statement.source, attribution.source_text) >= MATCH_THRESHOLD


class _MentionMatcher:
    """Whether a pair's predicted source has a mention span overlapping the gold Source
    span (token Dice >= 0.5); token sets are computed once per span."""

    def __init__(
        self, index: TokenIndex, predicted: Sequence[Statement], attributions: Sequence[Attribution]
    ) -> None:
        self._index = index
        self._predicted = predicted
        self._gold = [index.tokens(a.source) if a.source else None for a in attributions]
        self._mentions: dict[Spans, TokenSet] = {}

    def __call__(self, pair: Pair) -> bool:
        statement, gold = self._predicted[pair[1]], self._gold[pair[2]]
        if statement.source is None or gold is None:
            return False
        return any(dice(self._tokens(m), gold) >= MATCH_THRESHOLD for m in statement.mentions)

    def _tokens(self, mention: Spans) -> TokenSet:
        if mention not in self._mentions:
            self._mentions[mention] = self._index.tokens(mention)
        return self._mentions[mention]


def _content_source_counts(
    predicted: Sequence[Statement],
    attributions: Sequence[Attribution],
    content: Mapping[int, int],
    with_source: Mapping[int, int],
) -> Counts:
    def excluded(p: int) -> bool:
        if predicted[p].source is None:
            return True
        return p not in with_source and p in content and attributions[content[p]].source is None

    scored = sum(not excluded(p) for p in range(len(predicted)))
    sourced = sum(attribution.source is not None for attribution in attributions)
    return counts_from(len(with_source), scored, sourced)
