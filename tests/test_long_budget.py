"""The token budget: the offline estimate against real token counts, context sizes, fits."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml

import summarizer
from summarizer._engines import EngineSettings, GenerationSettings, ModelChoice
from summarizer._engines._instructor import InstructorEngine
from summarizer._long._budget import (
    CHARS_PER_TOKEN,
    budget_for,
    context_size,
    estimate_messages_tokens,
    known_context_size,
)
from tests.conftest import CASSETTES

# "you requested 23571 tokens (21571 in the messages, ...)": a server's own count.
_MESSAGES_TOKENS = re.compile(r"\((\d+) in the messages")


def _measured() -> list[tuple[str, int, int]]:
    """(cassette, estimated, real) prompt tokens of every recorded request whose real
    count the server reported: in `usage.prompt_tokens`, or in a context-length error."""
    rows = []
    for path in sorted(CASSETTES.glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]:
            real = _real_prompt_tokens(interaction["response"]["body"]["string"])
            if real is not None:
                messages = json.loads(interaction["request"]["body"])["messages"]
                rows.append((path.name, estimate_messages_tokens(messages), real))
    return rows


def _real_prompt_tokens(body: str) -> int | None:
    try:
        data: Any = json.loads(body)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("usage"), dict):
        return int(data["usage"]["prompt_tokens"])
    match = _MESSAGES_TOKENS.search(body)
    return int(match.group(1)) if match else None


def test_the_estimate_never_undercounts_a_recorded_prompt() -> None:
    rows = _measured()
    assert len(rows) >= 8, "the cassettes hold real token counts to calibrate against"
    undercounted = [row for row in rows if row[1] < row[2]]
    assert undercounted == []
    # ...and stays within a factor of two (conservative, not useless).
    assert all(estimated <= 2 * real for _, estimated, real in rows), rows


def test_the_densest_recorded_text_sets_the_ratio() -> None:
    # Characters per real token over the messages: the estimate's ratio is below them all.
    ratios = []
    for path in sorted(CASSETTES.glob("*.yaml")):
        for interaction in yaml.safe_load(path.read_text(encoding="utf-8"))["interactions"]:
            real = _real_prompt_tokens(interaction["response"]["body"]["string"])
            if real is not None:
                messages = json.loads(interaction["request"]["body"])["messages"]
                ratios.append(sum(len(m["content"] or "") for m in messages) / real)
    assert min(ratios) > CHARS_PER_TOKEN


@pytest.mark.parametrize(
    ("model", "tokens"),
    [
        pytest.param("gpt-4o-mini", 128_000, id="exact-name"),
        pytest.param("gpt-4o-mini-2024-07-18", 128_000, id="dated-name"),
        pytest.param("gpt-4.1-mini", 1_047_576, id="longest-prefix-wins"),
        pytest.param("gpt-4", 8_192, id="short-name"),
        pytest.param("smollm2-135m-instruct", None, id="unknown-model"),
    ],
)
def test_known_context_sizes(model: str, tokens: int | None) -> None:
    assert known_context_size(model) == tokens


def _engine(model: str = "openai-compatible/x", **settings: Any) -> InstructorEngine:
    provider, name = model.split("/", 1)
    choice = ModelChoice(provider, name, "http://127.0.0.1:9/v1", "sk-test")
    return InstructorEngine(choice, EngineSettings(**settings))


def test_context_size_prefers_the_option_over_the_table() -> None:
    assert context_size(_engine("openai/gpt-4o")) == 128_000
    assert context_size(_engine("openai/gpt-4o", context_size=4096)) == 4096
    assert context_size(_engine()) is None


def test_an_unknown_context_fits_anything_and_splits_only_on_overflow() -> None:
    budget = budget_for(_engine())
    assert budget.context_size is None and budget.max_chunk_chars is None
    assert budget.fits("word " * 1_000_000)


def test_a_known_context_leaves_room_for_prompt_and_answer() -> None:
    engine = _engine(context_size=2048, generation=GenerationSettings(max_tokens=300))
    budget = budget_for(engine)
    assert budget.document_tokens is not None
    assert 0 < budget.document_tokens < 2048 - 300
    assert budget.fits("x" * int(budget.document_tokens * CHARS_PER_TOKEN))
    assert not budget.fits("x" * int(budget.document_tokens * CHARS_PER_TOKEN + 10))


def test_openai_counts_the_response_schema_into_the_prompt() -> None:
    local = budget_for(_engine(context_size=32_000)).document_tokens
    hosted = budget_for(_engine("openai/some-model", context_size=32_000)).document_tokens
    assert local is not None and hosted is not None
    assert hosted < local - 1000


def test_a_context_too_small_for_the_prompt_is_an_overflow_no_split_can_cure() -> None:
    engine = _engine(context_size=900, generation=GenerationSettings(max_tokens=300))
    with pytest.raises(summarizer.ContextOverflowError, match="raise --context-size"):
        budget_for(engine)
