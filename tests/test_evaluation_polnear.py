"""Brat standoff reading and attribution scoring on hand-made documents and .ann strings."""

from __future__ import annotations

import pytest

from summarizer._errors import InputError
from summarizer._schema import Evidence, Source, StructuredSummary
from summarizer.evaluation import (
    Attribution,
    Counts,
    SourceDiagnosis,
    Statement,
    attribution_statements,
    parse_brat,
    score_polnear_document,
    summary_statements,
)
from summarizer.grounding import MatchStatus

#      0         1         2         3         4         5         6         7         8
#      0123456789012345678901234567890123456789012345678901234567890123456789012345678901234
DOC = (
    "Taxes will fall next year, the senator said, and wages will rise. "
    "It was reported that the plant will close. Critics said the plan is a fraud."
)
SAID_FALL = DOC.index("Taxes will fall next year")
WAGES = DOC.index("wages will rise")
PLANT = DOC.index("the plant will close")
FRAUD = DOC.index("the plan is a fraud")


def ann(*lines: str) -> str:
    return "\n".join(lines) + "\n"


SENATOR = DOC.index("the senator")
CRITICS = DOC.index("Critics")
ANN = ann(
    f"T1\tSource {SENATOR} {SENATOR + 11}\tthe senator",
    f"T2\tCue {SENATOR + 12} {SENATOR + 16}\tsaid",
    f"T3\tContent {SAID_FALL} {SAID_FALL + 25};{WAGES} {WAGES + 15}\t"
    "Taxes will fall next year wages will rise",
    f"T4\tAttribution {SENATOR + 12} {SENATOR + 16}\tsaid",
    "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
    f"T5\tContent {PLANT} {PLANT + 20}\tthe plant will close",
    f"T6\tCue {PLANT - 14} {PLANT - 5}\treported",
    f"T7\tAttribution {PLANT - 14} {PLANT - 5}\treported",
    "E2\tAttribution-no-source:T7 Content:T5 Cue:T6",
    f"T8\tSource {CRITICS} {CRITICS + 7}\tCritics",
    f"T9\tContent {FRAUD} {FRAUD + 19}\tthe plan is a fraud",
    "E3\tAttribution:T9 Source:T8 Content:T9",
    "T10\tDiscuss 0 5\tTaxes",
    "E4\tAttribution-no-source:T7 ",
    "A1\tNote T1 whatever",
)


def grounded(start: int, end: int) -> Evidence:
    return Evidence(quote=DOC[start:end], start=start, end=end, match="exact")


def summary(*sources: tuple[str, list[Evidence]]) -> StructuredSummary:
    return StructuredSummary(
        title="Handwritten",
        summary="A handwritten summary.",
        sources=[
            Source(id=f"S{i}", name=name, kind="anonymous", statements=statements)
            for i, (name, statements) in enumerate(sources, 1)
        ],
    )


def test_parse_brat_reads_discontinuous_spans_and_sources() -> None:
    senator, plant, critics = parse_brat(ANN)
    assert senator.content == ((SAID_FALL, SAID_FALL + 25), (WAGES, WAGES + 15))
    assert senator.source_text == "the senator"
    assert senator.cue == ((SENATOR + 12, SENATOR + 16),)
    assert plant.source is None and plant.source_text is None
    assert critics.source_text == "Critics" and critics.cue is None


def test_numbered_roles_add_to_the_content() -> None:
    text = ann(
        "T1\tContent 0 5\ta", "T2\tContent 10 12\tb", "E1\tAttribution:T1 Content:T2 Content2:T1"
    )
    (attribution,) = parse_brat(text)
    assert attribution.content == ((0, 5), (10, 12))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("T1\tContent 0 x\tx\n", "not a brat text-bound line"),
        ("T1\n", "not a brat text-bound line"),
        ("E1\n", "not a brat event line"),
        ("E1\tAttribution:T1 Content\n", "bad event argument"),
        ("E1\tAttribution:T1 Content:T9\n", "is not a text-bound annotation"),
    ],
)
def test_malformed_brat_is_an_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_brat(text, "x.ann")


def test_perfect_statements_score_one() -> None:
    predicted = summary(
        ("The senator", [grounded(SAID_FALL, WAGES + 15)]),  # covers the gap "the senator said"
        ("unattributed", [grounded(PLANT, PLANT + 20)]),
        ("the critics", [grounded(FRAUD, FRAUD + 19)]),
    )
    counts = score_polnear_document(predicted, DOC, parse_brat(ANN))
    assert counts.content.as_dict()["f1"] == 1.0
    assert counts.content_source.as_dict()["f1"] == 1.0
    assert counts.content_source_mentions.as_dict()["f1"] == 1.0  # a name match suffices


def test_discontinuous_content_scores_tokens_of_both_segments() -> None:
    gold = parse_brat(ANN)  # gold tokens: 5 in "Taxes will fall next year" + 3 in "wages will rise"
    cases = [
        ((SAID_FALL, SAID_FALL + 25), 1),  # Dice 2*5/(5+8) = 0.77
        ((WAGES, WAGES + 10), 0),  # "wages will": 2*2/(2+8) = 0.4
        ((SAID_FALL, WAGES + 15), 1),  # over the gap: 2*8/(12+8) = 0.8
    ]
    for (start, end), expected in cases:
        predicted = summary(("the senator", [grounded(start, end)]))
        assert score_polnear_document(predicted, DOC, gold).content.tp == expected, DOC[start:end]


def test_attribution_without_source_counts_for_content_only() -> None:
    gold = parse_brat(ANN)
    predicted = summary(("Officials", [grounded(PLANT, PLANT + 20)]))
    counts = score_polnear_document(predicted, DOC, gold)
    assert (counts.content.tp, counts.content.fp, counts.content.fn) == (1, 0, 2)
    cs = counts.content_source  # the prediction is neither right nor wrong on source
    assert (cs.tp, cs.fp, cs.fn) == (0, 0, 2)


def test_wrong_source_is_a_content_hit_but_a_content_source_miss() -> None:
    predicted = summary(("Donald Trump", [grounded(FRAUD, FRAUD + 19)]))
    counts = score_polnear_document(predicted, DOC, parse_brat(ANN))
    assert counts.content.tp == 1
    cs = counts.content_source
    assert (cs.tp, cs.fp, cs.fn) == (0, 1, 2)


def test_each_statement_is_a_prediction_and_matching_is_one_to_one() -> None:
    predicted = summary(
        ("critics", [grounded(FRAUD, FRAUD + 19), grounded(FRAUD + 4, FRAUD + 19)]),
    )
    assert len(summary_statements(predicted)) == 2
    counts = score_polnear_document(predicted, DOC, parse_brat(ANN))
    assert (counts.content.tp, counts.content.fp) == (1, 1)
    assert (counts.content_source.tp, counts.content_source.fp) == (1, 1)


def test_unmatched_statements_are_not_predictions() -> None:
    unmatched = Evidence(quote="the plan is a fraud", start=FRAUD, end=FRAUD + 19)
    predicted = summary(("Critics", [unmatched]))
    assert summary_statements(predicted) == []
    counts = score_polnear_document(predicted, DOC, parse_brat(ANN))
    assert (counts.content.tp, counts.content.fp, counts.content.fn) == (0, 0, 3)


def test_an_annotator_scored_against_itself_agrees_fully() -> None:
    gold = parse_brat(ANN)
    counts = score_polnear_document(attribution_statements(gold), DOC, gold)
    assert counts.content.f1 == 1.0 and counts.content_source.f1 == 1.0
    sourceless = [Statement(a.content, None) for a in gold]
    assert score_polnear_document(sourceless, DOC, gold).content_source.fp == 0


def test_attributions_are_plain_values() -> None:
    assert Attribution(((0, 1),)) == Attribution(((0, 1),), None, None, None)


PRONOUN = "Sen. Bob Ray spoke on Monday. He said the plan is a fraud. He left early."
HE = PRONOUN.index("He said")
PLAN = PRONOUN.index("the plan is a fraud")
PRONOUN_ANN = ann(
    f"T1\tSource {HE} {HE + 2}\tHe",
    f"T2\tCue {HE + 3} {HE + 7}\tsaid",
    f"T3\tContent {PLAN} {PLAN + 19}\tthe plan is a fraud",
    "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1",
)


def at(start: int, end: int, match: MatchStatus = "exact") -> Evidence:
    return Evidence(quote=PRONOUN[start:end], start=start, end=end, match=match)


def bob_ray(*mentions: Evidence) -> StructuredSummary:
    source = Source(
        id="S1",
        name="Bob Ray",
        kind="named_person",
        statements=[at(PLAN, PLAN + 19)],
        mentions=list(mentions),
    )
    return StructuredSummary(title="Handwritten", summary="A summary.", sources=[source])


def triple(counts: Counts) -> tuple[int, int, int]:
    return counts.tp, counts.fp, counts.fn


def test_a_pronoun_source_is_matched_through_a_mention_span_only() -> None:
    counts = score_polnear_document(bob_ray(at(HE, HE + 2)), PRONOUN, parse_brat(PRONOUN_ANN))
    assert triple(counts.content) == (1, 0, 0)
    assert triple(counts.content_source) == (0, 1, 1)  # 'Bob Ray' is not 'He' by name
    assert triple(counts.content_source_mentions) == (1, 0, 0)


def test_a_mention_elsewhere_or_unmatched_does_not_match() -> None:
    gold = parse_brat(PRONOUN_ANN)
    name = PRONOUN.index("Bob Ray")
    other_he = PRONOUN.index("He left")
    for mentions in (
        [at(name, name + 7)],  # the same person, named at another place
        [at(other_he, other_he + 2)],  # the same word, another place
        [at(HE, HE + 2, "unmatched")],  # not grounded
        [at(0, HE + 2)],  # covers the Source span but too widely: Dice 2*1/(7+1) < 0.5
    ):
        counts = score_polnear_document(bob_ray(*mentions), PRONOUN, gold)
        assert triple(counts.content_source_mentions) == (0, 1, 1), mentions[0].quote


def test_mentions_leave_the_name_only_metric_unchanged() -> None:
    gold = parse_brat(ANN)
    predicted = summary(
        ("The senator", [grounded(SAID_FALL, WAGES + 15)]),
        ("Donald Trump", [grounded(FRAUD, FRAUD + 19)]),
    )
    with_mentions = predicted.model_copy(deep=True)
    critics = grounded(CRITICS, CRITICS + 7)
    with_mentions.sources[1].mentions = [critics]
    plain = score_polnear_document(predicted, DOC, gold)
    mentioned = score_polnear_document(with_mentions, DOC, gold)
    assert plain.content_source == mentioned.content_source
    assert triple(plain.content_source) == (1, 1, 1)
    assert plain.content_source_mentions == plain.content_source  # no mentions: name only
    assert triple(mentioned.content_source_mentions) == (2, 0, 0)  # 'Critics', by position


def test_mention_statements_carry_the_grounded_mention_spans() -> None:
    (statement,) = summary_statements(bob_ray(at(HE, HE + 2), at(HE, HE + 2, "unmatched")))
    assert statement.mentions == (((HE, HE + 2),),)
    gold = parse_brat(ANN)
    assert [s.mentions for s in attribution_statements(gold)] == [
        (((SENATOR, SENATOR + 11),),),
        (),
        (((CRITICS, CRITICS + 7),),),
    ]
    counts = score_polnear_document(attribution_statements(gold), DOC, gold)
    assert counts.content_source_mentions.f1 == 1.0


def test_source_diagnosis_separates_resolved_pronouns_descriptions_and_wrong_speakers() -> None:
    pronoun = score_polnear_document(bob_ray(at(HE, HE + 2)), PRONOUN, parse_brat(PRONOUN_ANN))
    assert pronoun.source_diagnosis == SourceDiagnosis(pronoun_by_mention=1)
    unresolved = score_polnear_document(bob_ray(), PRONOUN, parse_brat(PRONOUN_ANN))
    assert unresolved.source_diagnosis == SourceDiagnosis(wrong=1)
    gold = parse_brat(ANN)
    predicted = summary(
        ("Bob Smith", [grounded(SAID_FALL, WAGES + 15)]),  # gold: 'the senator'
        ("Critics", [grounded(FRAUD, FRAUD + 19)]),
        ("A reporter", [grounded(PLANT, PLANT + 20)]),  # gold has no Source: not classified
    )
    predicted.sources[0].mentions = [grounded(SENATOR, SENATOR + 11)]
    counts = score_polnear_document(predicted, DOC, gold)
    assert counts.source_diagnosis == SourceDiagnosis(by_name=1, other_by_mention=1)
    total = counts + pronoun + unresolved
    assert total.source_diagnosis.as_dict() == {
        "by_name": 1,
        "pronoun_by_mention": 1,
        "other_by_mention": 1,
        "wrong": 1,
    }


# An interrupted quotation: PolNeAR marks one attribution whose content has two parts; a
# summary gives the parts as two statements of the source.
QUOTED = '"The ferry will run all winter," said Ines Moll, the harbour master. "Book early."'
FIRST = QUOTED.index("The ferry")
SECOND = QUOTED.index("Book early")
MOLL = QUOTED.index("Ines Moll")


def _moll(*statements: tuple[int, int], mention: bool = True) -> StructuredSummary:
    source = Source(
        id="S1",
        name="Ines Moll",
        kind="named_person",
        statements=[
            Evidence(quote=QUOTED[s:e], start=s, end=e, match="exact") for s, e in statements
        ],
        mentions=[Evidence(quote="Ines Moll", start=MOLL, end=MOLL + 9, match="exact")]
        if mention
        else [],
    )
    return StructuredSummary(title="Ferry", summary="A handwritten summary.", sources=[source])


@pytest.mark.parametrize(
    ("second", "mention", "joined"),
    [
        pytest.param((SECOND, SECOND + 10), True, True, id="two-parts-around-their-attribution"),
        pytest.param((SECOND, SECOND + 10), False, False, id="attribution-names-someone-else"),
        pytest.param((MOLL + 14, MOLL + 31), True, False, id="second-part-outside-quote-marks"),
    ],
)
def test_the_parts_of_an_interrupted_quotation_are_one_statement(
    second: tuple[int, int], mention: bool, joined: bool
) -> None:
    first = (FIRST, FIRST + 29)
    statements = summary_statements(_moll(first, second, mention=mention), QUOTED)
    expected = [(first, second)] if joined else [(first,), (second,)]
    assert [statement.spans for statement in statements] == expected


def test_without_the_document_each_statement_stands_alone() -> None:
    first, second = (FIRST, FIRST + 29), (SECOND, SECOND + 10)
    assert [s.spans for s in summary_statements(_moll(first, second))] == [(first,), (second,)]


def test_an_interrupted_quotation_scores_as_the_one_attribution_it_is() -> None:
    gold = [
        Attribution(
            content=((FIRST, FIRST + 29), (SECOND, SECOND + 10)),
            source=((MOLL, MOLL + 9),),
            source_text="Ines Moll",
            cue=None,
        )
    ]
    counts = score_polnear_document(_moll((FIRST, FIRST + 29), (SECOND, SECOND + 10)), QUOTED, gold)
    assert (counts.content.tp, counts.content.fp, counts.content.fn) == (1, 0, 0)
