"""The data contract: validators reject what an analyst would call wrong, with messages
a model can act on; the checked-in JSON Schema matches the models."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from pydantic import ValidationError

from summarizer import StructuredSummary, SummaryMeta, SummaryResult
from summarizer._engines._llm_response import ModelFacingSummary
from summarizer._schema import (
    SCHEMA_FILENAME,
    count_sentences,
    grounding_report,
    output_json_schema_text,
)
from summarizer._schema._export import MODEL_FACING_MAX_ITEMS, MODEL_FACING_MAX_LENGTH
from tests.conftest import ROOT


def _errors(data: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        StructuredSummary.model_validate(data)
    return str(caught.value)


def test_checked_in_schema_matches_the_models() -> None:
    checked_in = (ROOT / "schemas" / SCHEMA_FILENAME).read_text(encoding="utf-8")
    assert checked_in == output_json_schema_text(), "run `summarizer schema` and commit it"


def test_handwritten_summary_validates(handwritten_seed_summary: dict[str, Any]) -> None:
    summary = StructuredSummary.model_validate(handwritten_seed_summary)
    assert summary.schema_version == "2"
    assert [s.id for s in summary.sources] == ["S1", "S2", "S3"]
    assert summary.agreements[0].deadline is not None
    assert summary.agreements[0].deadline.isoformat() == "2025-09-30"


def test_round_trip_through_json(handwritten_seed_summary: dict[str, Any]) -> None:
    summary = StructuredSummary.model_validate(handwritten_seed_summary)
    again = StructuredSummary.model_validate_json(summary.model_dump_json())
    assert again == summary


def test_blank_name_is_rejected(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["sources"][0]["name"] = "   "
    assert "must not be blank" in _errors(data)


def _meta(summary: StructuredSummary) -> SummaryMeta:
    grounding = grounding_report(summary, 0)
    return SummaryMeta(engine="e", model="m", attempts=0, latency_seconds=0.0, grounding=grounding)


def test_cross_checks_run_once_per_summary_not_again_when_it_is_nested(
    handwritten_seed_summary: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[StructuredSummary] = []
    real = StructuredSummary._duplicate_problems

    def counted(self: StructuredSummary) -> Any:
        checked.append(self)
        return real(self)

    monkeypatch.setattr(StructuredSummary, "_duplicate_problems", counted)
    summary = StructuredSummary.model_validate(handwritten_seed_summary)
    assert checked == [summary]
    result = SummaryResult(summary=summary, meta=_meta(summary))
    assert result.summary is summary and checked == [summary]
    SummaryResult.model_validate_json(result.model_dump_json())
    assert len(checked) == 2, "a summary read from JSON is checked"


def test_a_nested_summary_read_from_json_is_still_cross_checked(
    handwritten_seed_summary: dict[str, Any],
) -> None:
    broken = copy.deepcopy(handwritten_seed_summary)
    broken["positions"].append(copy.deepcopy(broken["positions"][0]))
    summary = StructuredSummary.model_validate(handwritten_seed_summary)
    document = {"summary": broken, "meta": _meta(summary).model_dump(mode="json")}
    with pytest.raises(ValidationError, match=r"repeats positions\[0\]"):
        SummaryResult.model_validate(document)


def test_dangling_source_id_names_the_existing_ids(
    handwritten_seed_summary: dict[str, Any],
) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["positions"][0]["source_ids"] = ["S9"]
    message = _errors(data)
    assert "positions[0].source_ids contains S9" in message
    assert "existing ids: S1, S2, S3" in message


def test_repeated_source_id_is_rejected(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["sources"][1]["id"] = "S1"
    assert "source id S1 is used by several sources" in _errors(data)


@pytest.mark.parametrize("deadline", ["end of September 2025", "2025-13-01", "30/09/2025"])
def test_deadline_must_be_an_iso_date(
    handwritten_seed_summary: dict[str, Any], deadline: str
) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["agreements"][0]["deadline"] = deadline
    assert "is not an ISO date: write YYYY-MM-DD" in _errors(data)


@pytest.mark.parametrize("value", ["2024", "2024-09", "2024-09-15", None])
def test_date_reached_accepts_partial_iso_dates(
    handwritten_seed_summary: dict[str, Any], value: str | None
) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["agreements"][0]["date_reached"] = value
    assert StructuredSummary.model_validate(data).agreements[0].date_reached == value


def test_date_reached_rejects_prose(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["agreements"][0]["date_reached"] = "September"
    assert "write YYYY-MM-DD, YYYY-MM or YYYY" in _errors(data)


def test_duplicate_positions_are_rejected(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    twin = copy.deepcopy(data["positions"][0])
    twin["actor"] = "  coordination   FRAMEWORK "
    data["positions"].append(twin)
    assert "positions[1] repeats positions[0] (same actor and issue)" in _errors(data)


def test_item_without_evidence_is_rejected(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["risks"][0]["evidence"] = []
    assert "risks.0.evidence" in _errors(data)


def test_contradiction_needs_two_sides(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["contradictions"][0]["parties"] = ["S2"]
    assert "contradictions.0.parties" in _errors(data)


def test_unknown_stance_lists_the_allowed_ones(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["positions"][0]["stance"] = "against"
    assert "'supports', 'opposes', 'mixed', 'shifting', 'neutral' or 'unclear'" in _errors(data)


def test_long_summary_is_rejected(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["summary"] = "One. Two here. Three here. Four here. Five here."
    assert "the summary has 5 sentences: write two to four sentences" in _errors(data)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("US forces stay. Iraq objects.", 2),
        ("The U.S. forces stay in Iraq. Mr. Qaddo objects.", 2),
        ("“We stay,” he said. “We go,” she said.", 2),
        ("No terminal punctuation", 1),
    ],
)
def test_count_sentences(text: str, sentences: int) -> None:
    assert count_sentences(text) == sentences


def test_extra_fields_are_rejected(handwritten_seed_summary: dict[str, Any]) -> None:
    data = copy.deepcopy(handwritten_seed_summary)
    data["sources"][0]["confidence"] = 0.9
    assert "sources.0.confidence" in _errors(data)


def test_model_facing_schema_hides_pipeline_fields() -> None:
    schema = ModelFacingSummary.model_json_schema()
    assert schema["title"] == "StructuredSummary"
    assert "schema_version" not in schema["properties"]
    assert list(schema["$defs"]["Evidence"]["properties"]) == ["quote"]
    for name in ("Source", "Position", "Agreement", "Risk", "KeyFact", "Contradiction"):
        assert "verified" not in schema["$defs"][name]["properties"]
    lengths = [int(n) for n in _values_of(schema, "maxLength")]
    assert lengths and max(lengths) <= MODEL_FACING_MAX_LENGTH
    items = [int(n) for n in _values_of(schema, "maxItems")]
    assert items and max(items) <= MODEL_FACING_MAX_ITEMS


def test_model_facing_schema_asks_for_items_before_the_summary() -> None:
    schema = ModelFacingSummary.model_json_schema()
    assert list(schema["properties"])[-2:] == ["title", "summary"]
    assert next(iter(schema["properties"])) == "sources"
    assert set(schema["required"]) == set(schema["properties"])


def test_output_schema_marks_pipeline_fields_read_only() -> None:
    schema = json.loads(output_json_schema_text())
    evidence = schema["$defs"]["Evidence"]["properties"]
    assert all(evidence[name]["readOnly"] for name in ("start", "end", "match"))
    assert evidence["match"]["enum"] == ["exact", "normalized", "fuzzy", "unmatched"]


def _values_of(node: Any, key: str) -> list[Any]:
    if isinstance(node, dict):
        found = [node[key]] if key in node else []
        return found + [v for child in node.values() for v in _values_of(child, key)]
    if isinstance(node, list):
        return [v for child in node for v in _values_of(child, key)]
    return []
