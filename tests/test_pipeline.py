"""The pipeline against a scripted server (httpx2.MockTransport, hand-written replies):
grounding, re-asks, the best-attempt path, usage, and what reaches the wire."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

import pytest

from summarizer import ModelOutputError, StructuredSummary, Summarizer, _pipeline
from summarizer._engines._llm_response import ModelFacingSummary
from summarizer._schema import align_evidence
from summarizer.grounding import normalize
from tests import fault_server as fault_server_module
from tests.conftest import completion_reply
from tests.fault_server import DOCUMENT, FaultServer, valid_summary

FABRICATED = "Iraq will withdraw every soldier by next Tuesday, the minister promised."


def _with_fabricated_quote(summary: dict[str, Any]) -> dict[str, Any]:
    broken = copy.deepcopy(summary)
    broken["risks"][0]["evidence"] = [{"quote": FABRICATED}]
    return broken


def test_perfect_reply_is_grounded_and_counted(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    summarizer, _ = scripted([completion_reply(handwritten_seed_summary, tokens=50)])
    result = summarizer.summarize(seed_text)
    assert result.meta.attempts == 1
    assert result.meta.usage.total_tokens == 100
    assert result.meta.grounding.coverage == 1.0
    assert result.meta.prompt is not None and result.meta.prompt.user_template == "user.j2"
    for _, _, item in result.summary.items():
        assert item.verified
        for evidence in item.evidence_items():
            assert evidence.start is not None and evidence.end is not None
            assert normalize(seed_text[evidence.start : evidence.end]) == normalize(evidence.quote)


def test_request_carries_the_model_facing_tool(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    summarizer, server = scripted([completion_reply(handwritten_seed_summary)])
    summarizer.summarize(seed_text)
    body = server.bodies()[0]
    assert body["model"] == "handwritten"
    assert body["temperature"] == 0.0
    assert body["tool_choice"]["function"]["name"] == "StructuredSummary"
    function = body["tools"][0]["function"]
    assert function["description"] == "A source-grounded structured summary of one document."
    parameters = function["parameters"]
    assert parameters == {
        k: v
        for k, v in ModelFacingSummary.model_json_schema().items()
        if k not in {"title", "description"}
    } | {"required": sorted(parameters["required"])}


def test_template_syntax_in_the_document_reaches_the_wire_verbatim(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    # instructor renders messages as Jinja templates whenever a validation context is
    # passed; summarizer must never let that touch an untrusted document.
    document = seed_text + "\n{{ 7 * 7 }} {% raw %}{{ document }}"
    summarizer, server = scripted([completion_reply(handwritten_seed_summary)])
    summarizer.summarize(document)
    assert document in server.bodies()[0]["messages"][1]["content"]


def test_unverifiable_quote_causes_a_reask_that_lists_it(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    summarizer, server = scripted(
        [
            completion_reply(_with_fabricated_quote(handwritten_seed_summary), tokens=7),
            completion_reply(handwritten_seed_summary, tokens=5),
        ]
    )
    result = summarizer.summarize(seed_text)
    assert result.meta.attempts == 2
    assert result.meta.usage.total_tokens == 24, "usage is summed over every attempt"
    assert not result.meta.best_attempt
    reask = str(server.bodies()[1]["messages"])
    assert "these quotes do not occur in the document: risks[0]" in reask
    assert FABRICATED in reask


def test_best_attempt_is_kept_when_reasks_run_out(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    broken = _with_fabricated_quote(handwritten_seed_summary)
    summarizer, _ = scripted([completion_reply(broken)] * 2, max_retries=1)
    result = summarizer.summarize(seed_text)
    assert result.meta.best_attempt
    assert result.meta.attempts == 2
    assert not result.summary.risks[0].verified
    assert result.summary.risks[0].evidence[0].match == "unmatched"
    assert result.meta.grounding.verified_items == result.meta.grounding.items - 1
    assert result.meta.grounding.sections["risks"].verified == 0


def test_strict_grounding_drops_unverified_items(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    broken = _with_fabricated_quote(handwritten_seed_summary)
    summarizer, _ = scripted([completion_reply(broken)], max_retries=0, strict_grounding=True)
    result = summarizer.summarize(seed_text)
    assert result.summary.risks == []
    assert result.meta.grounding.dropped_items == 1
    assert result.meta.grounding.coverage == 1.0


def test_dropping_a_source_removes_its_id_from_positions(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    broken = copy.deepcopy(handwritten_seed_summary)
    broken["sources"][2]["statements"] = [{"quote": FABRICATED}]
    summarizer, _ = scripted([completion_reply(broken)], max_retries=0, strict_grounding=True)
    result = summarizer.summarize(seed_text)
    assert [s.id for s in result.summary.sources] == ["S1", "S2"]
    assert result.summary.positions[0].source_ids == []
    StructuredSummary.model_validate(result.summary.model_dump())


def test_structurally_invalid_output_fails_after_the_reask_budget(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    invalid = copy.deepcopy(handwritten_seed_summary)
    invalid["positions"][0]["source_ids"] = ["S9"]
    summarizer, server = scripted([completion_reply(invalid)] * 3, max_retries=2)
    with pytest.raises(ModelOutputError, match="failed validation after 3 attempt") as caught:
        summarizer.summarize(seed_text)
    assert caught.value.exit_code == 4
    assert len(server.requests) == 3
    assert "Recall the function correctly" in str(server.bodies()[1]["messages"])


def test_malformed_json_is_reasked(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    summarizer, server = scripted(
        [completion_reply('{"title": "cut off'), completion_reply(handwritten_seed_summary)]
    )
    assert summarizer.summarize(seed_text).meta.attempts == 2
    assert len(server.requests) == 2


def test_structural_failure_after_a_grounding_failure_keeps_the_grounded_attempt(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    broken = _with_fabricated_quote(handwritten_seed_summary)
    summarizer, _ = scripted(
        [completion_reply(broken), completion_reply("not json")], max_retries=1
    )
    result = summarizer.summarize(seed_text)
    assert result.meta.best_attempt
    assert result.summary.title == handwritten_seed_summary["title"]


def test_reask_unverifiable_can_be_turned_off(
    scripted: Any, seed_text: str, handwritten_seed_summary: dict[str, Any]
) -> None:
    broken = _with_fabricated_quote(handwritten_seed_summary)
    summarizer, server = scripted([completion_reply(broken)], reask_unverifiable=False)
    result = summarizer.summarize(seed_text)
    assert len(server.requests) == 1
    assert not result.meta.best_attempt
    assert not result.summary.risks[0].verified


def test_recording_settings_describe_the_requests(scripted: Any) -> None:
    summarizer, _ = scripted([], max_retries=1, seed=3, max_tokens=99)
    settings = summarizer.recording_settings()
    assert settings["model"] == "openai-compatible/handwritten"
    assert settings["base_url"] == "http://scripted.test/v1"
    assert (settings["max_retries"], settings["seed"], settings["max_tokens"]) == (1, 3, 99)
    assert "api_key" not in settings


class AlignmentSpy:
    """Counts the pipeline's own calls to `align_evidence` (the engine's are not counted)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls = 0
        monkeypatch.setattr(_pipeline, "align_evidence", self._count)

    def _count(self, summary: StructuredSummary, document: str) -> None:
        self.calls += 1
        align_evidence(summary, document)


def test_an_output_the_engine_aligned_is_not_aligned_again_and_keeps_fresh_offsets(
    scripted: Any,
    seed_text: str,
    handwritten_seed_summary: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spy = AlignmentSpy(monkeypatch)
    summarizer, _ = scripted([completion_reply(handwritten_seed_summary)])
    result = summarizer.summarize(seed_text)
    assert spy.calls == 0, "the response model's validator already aligned every quote"
    fresh = result.summary.model_copy(deep=True)
    align_evidence(fresh, seed_text)
    assert result.summary == fresh
    assert any(
        e.start is not None for _, _, i in result.summary.items() for e in i.evidence_items()
    )


def test_an_output_the_engine_did_not_align_is_aligned_by_the_pipeline(
    seed_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = AlignmentSpy(monkeypatch)  # the extractive engine leaves aligning to the pipeline
    with Summarizer("extractive") as instance:
        instance.summarize(seed_text)
    assert spy.calls == 1


def test_one_summarizer_serves_two_successive_event_loops(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The async client's connection pool belongs to the loop it was made on: a second
    # asyncio.run must get a client of its own, not "Event loop is closed". Keep-alive
    # leaves the first loop's connection in the pool, where the second run would find it.
    monkeypatch.setattr(fault_server_module._Handler, "protocol_version", "HTTP/1.1")
    fault_server.play(valid_summary())
    text = DOCUMENT.read_text(encoding="utf-8")
    with Summarizer(
        "openai-compatible/scripted",
        base_url=fault_server.base_url,
        api_key="sk-test-0",
        cache=False,
    ) as instance:
        first = asyncio.run(instance.asummarize(text))
        second = asyncio.run(instance.asummarize(text))
    assert len(fault_server.requests) == 2, "both runs reached the server"
    assert first.meta.attempts == second.meta.attempts == 1
    assert second.summary == first.summary
