"""`Options`: one definition of every setting; its hash of what shapes a request."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr
from tenacity import Retrying, stop_after_attempt

import summarizer
from summarizer import ConfigurationError, Options
from summarizer._options import request_shaping_fields
from summarizer._schema import SCHEMA_VERSION

CANARY_KEY = "sk-canary-options-0123456789abcdef"


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"model": "openai/gpt-4.1"}, id="model"),
        pytest.param({"base_url": "http://127.0.0.1:8081/v1"}, id="base-url"),
        pytest.param({"temperature": 0.7}, id="temperature"),
        pytest.param({"top_p": 0.9}, id="top-p"),
        pytest.param({"seed": 7}, id="seed"),
        pytest.param({"max_tokens": 500}, id="max-tokens"),
        pytest.param({"frequency_penalty": 0.5}, id="frequency-penalty"),
        pytest.param({"presence_penalty": 0.5}, id="presence-penalty"),
        pytest.param({"max_retries": 0}, id="reask-budget"),
        pytest.param({"reask_unverifiable": False}, id="reask-unverifiable"),
        pytest.param({"max_items": 3}, id="max-items"),
        pytest.param({"strict_grounding": True}, id="strict-grounding"),
        pytest.param({"min_coverage": 0.5}, id="min-coverage"),
    ],
)
def test_a_shaping_setting_changes_the_hash(change: dict[str, Any]) -> None:
    base = Options(model="openai/gpt-4.1-mini")
    assert base.changed(**change).settings_hash() != base.settings_hash()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param({"api_key": CANARY_KEY}, id="api-key"),
        pytest.param({"timeout": 5}, id="timeout"),
        pytest.param({"transport_retries": 9}, id="transport-retries"),
        pytest.param({"transport_retries": Retrying()}, id="transport-retry-policy"),
        pytest.param({"cache": False}, id="cache-off"),
        pytest.param({"cache_dir": Path("/tmp/elsewhere")}, id="cache-dir"),
        pytest.param({"max_chars": 10}, id="max-chars"),
        pytest.param({"max_bytes": 10}, id="max-bytes"),
        pytest.param({"context_size": 1024}, id="context-size"),
        pytest.param({"threads": 2}, id="threads"),
        pytest.param({"base_url": "http://user:pw@127.0.0.1:8080/v1"}, id="url-credentials"),
    ],
)
def test_a_setting_that_shapes_no_request_leaves_the_hash(change: dict[str, Any]) -> None:
    base = Options(model="openai/gpt-4.1-mini", base_url="http://127.0.0.1:8080/v1")
    assert base.changed(**change).settings_hash() == base.settings_hash()


def test_the_hash_is_sorted_key_json_of_the_shaping_settings() -> None:
    options = Options(model="ollama/qwen2.5:7b", seed=3, max_items=4)
    shaping = options.shaping()
    assert sorted(shaping) == sorted([*request_shaping_fields(), "schema_version"])
    assert shaping["schema_version"] == SCHEMA_VERSION
    import hashlib

    canonical = json.dumps(shaping, sort_keys=True, separators=(",", ":"))
    assert options.settings_hash() == hashlib.sha256(canonical.encode()).hexdigest()


def test_the_hash_is_the_same_in_another_process() -> None:
    options = Options(model="openai/gpt-4.1-mini", temperature=0.3, seed=11, max_items=5)
    code = (
        "from summarizer import Options; print(Options(model='openai/gpt-4.1-mini', "
        "temperature=0.3, seed=11, max_items=5).settings_hash())"
    )
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": ""},
    )
    assert other.stdout.strip() == options.settings_hash()


def test_an_int_and_a_float_of_one_value_hash_alike() -> None:
    assert Options(temperature=0).settings_hash() == Options(temperature=0.0).settings_hash()


def test_a_retry_policy_is_accepted_but_recorded_as_null() -> None:
    policy = Retrying(stop=stop_after_attempt(2))
    options = Options(max_retries=policy, transport_retries=policy)
    assert options.max_retries is policy and options.transport_retries is policy
    assert options.public()["max_retries"] is None
    assert options.public()["transport_retries"] is None


def test_the_key_is_never_dumped_shown_or_hashed() -> None:
    options = Options(api_key=CANARY_KEY, base_url="http://me:hunter2@127.0.0.1:9/v1?key=abc")
    assert isinstance(options.api_key, SecretStr)
    assert options.api_key.get_secret_value() == CANARY_KEY
    for text in (
        repr(options),
        str(options),
        json.dumps(options.public()),
        options.model_dump_json(),
    ):
        assert CANARY_KEY not in text and "hunter2" not in text and "key=abc" not in text
    assert "api_key" not in options.public()
    assert options.public()["base_url"] == "http://127.0.0.1:9/v1?key=[redacted]"


def test_a_key_of_the_wrong_type_is_refused_without_being_shown() -> None:
    with pytest.raises(ConfigurationError) as raised:
        Options(api_key=8675309012345)  # a key pasted as a number
    assert str(raised.value) == "api_key must be a string"  # no "got 8675309012345"


def test_options_are_frozen_and_changed_validates() -> None:
    options = Options(seed=1)
    with pytest.raises(ValueError, match="frozen"):
        options.seed = 2  # type: ignore[misc]
    assert options.changed(seed=2).seed == 2 and options.seed == 1
    with pytest.raises(ConfigurationError, match="--max-items must be a whole number"):
        options.changed(max_items=0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        pytest.param(
            {"temperature": "hot"},
            "--temperature: input should be a valid number, unable to parse string as a "
            "number, got 'hot'",
            id="not-a-number",
        ),
        pytest.param(
            {"temprature": 0.2}, "unknown option 'temprature'; options are: model,", id="unknown"
        ),
        pytest.param(
            {"min_coverage": 1.5}, "min_coverage must be between 0 and 1, got 1.5", id="share"
        ),
        pytest.param({"top_p": float("inf")}, "--top-p: input should be a finite", id="infinite"),
    ],
)
def test_a_bad_value_is_one_configuration_line(values: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        Options(**values)
    assert str(raised.value).startswith(message)
    assert "\n" not in str(raised.value)


def test_old_cassette_metadata_reads_back() -> None:
    # The keys of the cassettes recorded before Options existed (cassettes/*.yaml).
    recorded = {
        "base_url": "http://127.0.0.1:43245/v1",
        "frequency_penalty": None,
        "max_items": 4,
        "max_retries": 2,
        "max_tokens": 2000,
        "model": "openai-compatible/smollm2-135m-instruct",
        "presence_penalty": None,
        "reask_unverifiable": True,
        "seed": 7,
        "temperature": 0.5,
        "top_p": None,
    }
    options = Options.from_recorded(recorded)
    assert (options.seed, options.max_items, options.temperature) == (7, 4, 0.5)
    assert options.public() | {k: v for k, v in recorded.items()} == options.public()


def test_new_metadata_round_trips_and_skips_what_this_version_does_not_know() -> None:
    options = Options(model="openai-compatible/x", base_url="http://127.0.0.1:1/v1", seed=5)
    recorded = {**options.public(), "setting_of_a_later_version": 1}
    assert Options.from_recorded(recorded) == options.changed(**options.public())


def test_the_summarizer_exposes_resolved_options_and_hashes() -> None:
    with summarizer.Summarizer(environ={}, seed=4) as chosen_for_me:
        assert chosen_for_me.options.model == "extractive"
        assert chosen_for_me.options.seed == 4
        assert chosen_for_me.settings_hash == chosen_for_me.options.settings_hash()
    with summarizer.Summarizer("extractive", options=Options(seed=4)) as explicit:
        assert explicit.settings_hash == chosen_for_me.settings_hash
        assert explicit.prompt_hash == chosen_for_me.prompt_hash
        assert len(explicit.prompt_hash) == 64


def test_keyword_arguments_override_the_options_given() -> None:
    with summarizer.Summarizer(options=Options(model="extractive", seed=1), seed=2) as made:
        assert made.options.seed == 2 and made.options.model == "extractive"


def test_the_prompt_hash_follows_every_template(monkeypatch: pytest.MonkeyPatch) -> None:
    from summarizer import _prompts

    before = summarizer.Summarizer("extractive").prompt_hash
    real = _prompts._template_source
    for name in ("system.j2", "user.j2", "unverifiable_quotes.j2", "unsupported_claims.j2"):
        monkeypatch.setattr(
            _prompts,
            "_template_source",
            lambda n, edited=name: real(n) + ("!" if n == edited else ""),
        )
        assert summarizer.Summarizer("extractive").prompt_hash != before, name
    monkeypatch.setattr(_prompts, "_template_source", real)
    assert summarizer.Summarizer("extractive").prompt_hash == before


# --- one edit: every field is a flag of each command and a key of the cassette ---------

# What a command has of its own; every other flag it takes comes from Options.
COMMAND_OWN = {
    "summarize": {"path", "format", "output", "meta", "record", "replay"},
    "eval": {"gold", "polnear", "docs", "limit", "format", "output"},
}
NOT_FLAGS = {"summarize": {"api_key"}, "eval": {"api_key", "max_bytes"}}


def _command(name: str) -> Any:
    import typer

    from summarizer.cli import app

    return typer.main.get_command(app).commands[name]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["summarize", "eval"], ids=["summarize", "eval"])
def test_every_option_is_a_flag_and_every_flag_an_option(name: str) -> None:
    params = {param.name for param in _command(name).params}
    assert params - COMMAND_OWN[name] == set(Options.model_fields) - NOT_FLAGS[name]


def test_flags_take_their_names_help_and_defaults_from_the_fields() -> None:
    params = {param.name: param for param in _command("summarize").params}
    for name, field in Options.model_fields.items():
        if name in NOT_FLAGS["summarize"]:
            continue
        assert params[name].opts == ["--" + name.replace("_", "-")], name
        assert field.description and params[name].help.startswith(field.description), name
    assert params["strict_grounding"].secondary_opts == ["--no-strict-grounding"]
    assert params["timeout"].help.endswith("[default: 120]")


def test_every_option_is_in_the_cassette_metadata(scripted: Any) -> None:
    made, _ = scripted([])
    assert set(made.recording_settings()) == set(Options.model_fields) - {"api_key"}
    # and reads back as the same options (the key aside)
    assert Options.from_recorded(made.recording_settings()) == made.options.changed(api_key=None)


def test_only_the_flags_given_reach_the_summarizer(
    cli: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from summarizer import cli as cli_module

    received: list[dict[str, Any]] = []

    def handwritten_summarize(document: str, options: dict[str, Any], *rest: Any) -> Any:
        received.append(options)
        raise ConfigurationError("stopped by the test")

    monkeypatch.setattr(cli_module, "_summarize", handwritten_summarize)
    document = tmp_path / "note.txt"
    document.write_text("The mayor said the bridge would reopen in May.", encoding="utf-8")
    given = ["--model", "extractive", "--seed", "5", "--no-cache", "--strict-grounding"]
    result = cli("summarize", str(document), *given)
    assert result.exit_code == 2 and "stopped by the test" in result.stderr
    assert received == [
        {"model": "extractive", "seed": 5, "cache": False, "strict_grounding": True}
    ]


def test_a_bad_flag_value_is_one_line_and_exit_2(cli: Any, tmp_path: Path) -> None:
    document = tmp_path / "note.txt"
    document.write_text("The mayor said the bridge would reopen in May.", encoding="utf-8")
    result = cli("summarize", str(document), "--model", "extractive", "--min-coverage", "2")
    assert result.exit_code == 2
    assert result.stderr == "summarizer: error: min_coverage must be between 0 and 1, got 2\n"
    assert result.stdout == ""
