"""The gold-v1 scorer on tiny hand-made documents, summaries and gold dicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from summarizer._errors import InputError
from summarizer._schema import Evidence, KeyFact, Position, Source, StructuredSummary
from summarizer.evaluation import load_gold, parse_gold, score_gold

DOC = (
    "Minister Alpha said the army will leave the northern city soon. "
    "Critics warned that prices would rise sharply next year. "
    "The treaty was signed in Geneva on Monday by both governments. "
    "Critics warned that prices would rise sharply next year."
)
WORDS = " ".join(f"w{i}" for i in range(12))
LEAVE = "the army will leave the northern city soon"
PRICES = "prices would rise sharply next year"


def ev(document: str, quote: str, occurrence: int = 0) -> Evidence:
    """Hand-made grounded evidence: the OCCURRENCE-th verbatim position of QUOTE."""
    start = -1
    for _ in range(occurrence + 1):
        start = document.index(quote, start + 1)
    return Evidence(quote=quote, start=start, end=start + len(quote), match="exact")


def source(name: str, *statements: Evidence, number: int = 1) -> Source:
    return Source(id=f"S{number}", name=name, kind="named_person", statements=list(statements))


def position(actor: str, stance: str, *evidence: Evidence, issue: str = "withdrawal") -> Position:
    return Position.model_validate(
        {
            "actor": actor,
            "actor_type": "official",
            "issue": issue,
            "stance": stance,
            "summary": f"{actor} {stance} it.",
            "evidence": list(evidence),
        }
    )


def summary(**sections: Any) -> StructuredSummary:
    return StructuredSummary(title="Handwritten", summary="A handwritten summary.", **sections)


def gold(**sections: Any) -> dict[str, Any]:
    return {"format": "gold-v1", "document": "doc.txt", **sections}


def test_exact_match_is_a_true_positive() -> None:
    predicted = summary(sources=[source("Minister Alpha", ev(DOC, LEAVE))])
    reference = gold(sources=[{"name": "Minister Alpha", "evidence": [LEAVE]}])
    counts = score_gold(predicted, DOC, reference).sections["sources"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 0, 0)
    assert counts.f1 == 1.0


def test_only_annotated_sections_are_scored() -> None:
    predicted = summary(sources=[source("Minister Alpha", ev(DOC, LEAVE))])
    score = score_gold(predicted, DOC, gold(sources=[], risks=[]))
    assert set(score.sections) == {"sources", "risks"}
    assert score.sections["sources"].fp == 1


@pytest.mark.parametrize(
    ("quote", "matches"),
    [
        ("w2 w3 w4 w5", True),  # Dice 2*2/(4+4) = 0.5: on the threshold
        ("w1 w2 w3 w4 w5", True),  # 6/9
        ("w2 w3 w4 w5 w6", False),  # 4/9: just below
        ("w4 w5 w6 w7", False),  # no overlap
    ],
)
def test_dice_threshold(quote: str, matches: bool) -> None:
    predicted = summary(key_facts=[KeyFact(fact="A fact.", evidence=[ev(WORDS, quote)])])
    reference = gold(key_facts=[{"fact": "A fact.", "evidence": ["w0 w1 w2 w3"]}])
    counts = score_gold(predicted, WORDS, reference).sections["key_facts"]
    assert counts.tp == int(matches)
    assert (counts.fp, counts.fn) == ((0, 0) if matches else (1, 1))


def test_name_matches_an_alias_by_fuzzy_ratio() -> None:
    reference = gold(
        sources=[{"name": "Minister Alpha Beta", "aliases": ["Alphonse"], "evidence": [LEAVE]}]
    )
    for name, expected in [("alphonso", 1), ("MINISTER ALPHA BETA", 1), ("Alpha", 0)]:
        predicted = summary(sources=[source(name, ev(DOC, LEAVE))])
        assert score_gold(predicted, DOC, reference).sections["sources"].tp == expected, name


def test_right_evidence_with_the_wrong_actor_does_not_match() -> None:
    predicted = summary(positions=[position("Critics", "supports", ev(DOC, LEAVE))])
    reference = gold(
        positions=[{"actor": "Minister Alpha", "stance": "supports", "evidence": [LEAVE]}]
    )
    counts = score_gold(predicted, DOC, reference).sections["positions"]
    assert (counts.tp, counts.fp, counts.fn) == (0, 1, 1)


def test_each_gold_item_matches_at_most_one_prediction() -> None:
    predicted = summary(
        sources=[
            source("Minister Alpha", ev(DOC, LEAVE), number=1),
            source("Minister Alfa", ev(DOC, "army will leave the northern city"), number=2),
        ]
    )
    reference = gold(sources=[{"name": "Minister Alpha", "evidence": [LEAVE]}])
    counts = score_gold(predicted, DOC, reference).sections["sources"]
    assert (counts.tp, counts.fp, counts.fn) == (1, 1, 0)
    assert (counts.precision, counts.recall) == (0.5, 1.0)


def test_unmatched_evidence_is_ignored_even_with_offsets() -> None:
    grounded = ev(DOC, LEAVE)
    unmatched = grounded.model_copy(update={"match": "unmatched"})
    reference = gold(sources=[{"name": "Minister Alpha", "evidence": [LEAVE]}])
    alone = summary(sources=[source("Minister Alpha", unmatched)])
    assert score_gold(alone, DOC, reference).sections["sources"].tp == 0
    no_offsets = summary(sources=[source("Minister Alpha", Evidence(quote=LEAVE))])
    assert score_gold(no_offsets, DOC, reference).sections["sources"].fp == 1
    mixed = summary(sources=[source("Minister Alpha", ev(DOC, PRICES), unmatched, grounded)])
    assert score_gold(mixed, DOC, reference).sections["sources"].tp == 1


def test_gold_quote_occurring_twice_matches_either_occurrence() -> None:
    reference = gold(risks=[{"description": "Prices.", "evidence": [PRICES]}])
    for occurrence in (0, 1):
        risk = {
            "description": "Prices rise.",
            "category": "economic",
            "evidence": [ev(DOC, PRICES, occurrence)],
        }
        predicted = summary(risks=[risk])
        assert score_gold(predicted, DOC, reference).sections["risks"].tp == 1


def test_stance_accuracy_counts_matched_positions_only() -> None:
    predicted = summary(
        positions=[
            position("Minister Alpha", "supports", ev(DOC, LEAVE), issue="leaving"),
            position("Critics", "supports", ev(DOC, PRICES), issue="prices"),
            position("Geneva", "opposes", ev(DOC, "signed in Geneva"), issue="treaty"),
        ]
    )
    reference = gold(
        positions=[
            {"actor": "Minister Alpha", "stance": "supports", "evidence": [LEAVE]},
            {"actor": "critics", "stance": "opposes", "evidence": [PRICES]},
        ]
    )
    score = score_gold(predicted, DOC, reference)
    assert score.sections["positions"].tp == 2
    assert (score.stance_matched, score.stance_correct) == (2, 1)


@pytest.mark.parametrize(
    "data",
    [
        [],
        {"format": "gold-v2", "document": "doc.txt"},
        {"format": "gold-v1"},
        gold(sources={"name": "x"}),
        gold(sources=[{"name": "x", "evidence": []}]),
        gold(sources=[{"evidence": ["a"]}]),
        gold(positions=[{"actor": "x", "aliases": "y", "evidence": ["a"]}]),
    ],
)
def test_bad_gold_format_is_an_input_error(data: object) -> None:
    with pytest.raises(InputError, match="bad gold format"):
        parse_gold(data, "g.json")


def test_gold_evidence_missing_from_the_document_is_an_input_error() -> None:
    reference = gold(key_facts=[{"fact": "x", "evidence": ["nothing like this is in the text"]}])
    with pytest.raises(InputError, match="gold evidence not found"):
        score_gold(summary(), DOC, reference)


def test_load_gold_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such gold file"):
        load_gold(tmp_path / "missing.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputError, match="not a gold-v1 JSON file"):
        load_gold(broken)
