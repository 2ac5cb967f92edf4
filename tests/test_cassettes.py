"""Replays of real exchanges with a llama.cpp server (SmolLM2-135M-Instruct), recorded by
`make record-cassettes`. record_mode="none": a missing or stale cassette fails loudly."""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from pathlib import Path
from typing import Any

import jsonschema
import pydantic
import pytest
import yaml
from jinja2.utils import htmlsafe_json_dumps

import summarizer
from summarizer.grounding import normalize
from tests.conftest import CASSETTES, ROOT, SEED, SHORT
from tests.documents import oversized_document
from tests.fault_server import FAULT_OPTIONS, FaultServer, valid_summary

SEED_CASSETTE = CASSETTES / "seed-iraq-us-forces.yaml"
# The 135M model's headline for the seed article in the answer that is kept (its second).
SEED_HEADLINE = (
    "It remains unclear whether this will be achieved within two years or longer; however"
)
UNVERIFIABLE = "these quotes do not occur in the document"
UNSUPPORTED = "the title and summary name what the document does not contain"
SECTIONS = ("sources", "positions", "agreements", "risks", "key_facts", "contradictions")
SECRET_PATTERNS = [
    re.compile(
        r"^\s*-?\s*['\"]?(authorization|api-key|x-api-key|cookie|set-cookie)['\"]?\s*:", re.I | re.M
    ),
    re.compile(r"^\s*-?\s*['\"]?openai-[a-z-]+['\"]?\s*:", re.I | re.M),
    re.compile(r"\bBearer\s+[A-Za-z0-9._-]{8,}"),
    re.compile(r"\bsk-[A-Za-z0-9_-]{16,}"),
]


def _interactions(path: Path) -> list[dict[str, Any]]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["interactions"])


def _request_text(interaction: dict[str, Any]) -> str:
    return str(interaction["request"]["body"])


def _replay(cli: Any, cassette: Path, document: Path, *extra: str) -> Any:
    return cli("summarize", str(document), "--replay", str(cassette), *extra)


def test_cassettes_exist() -> None:
    names = sorted(p.name for p in CASSETTES.glob("*.yaml"))
    assert names == [
        "compare-cluster.yaml",
        "context-overflow-400.yaml",
        "long-chunked.yaml",
        "long-resplit.yaml",
        "reask-validation.yaml",
        "seed-iraq-us-forces.yaml",
        "transport-503-exhausted.yaml",
        "transport-503-then-ok.yaml",
        "validation-exhausted.yaml",
    ]


@pytest.mark.parametrize("cassette", sorted(CASSETTES.glob("*.yaml")), ids=lambda p: p.name)
def test_no_cassette_holds_a_secret(cassette: Path) -> None:
    text = cassette.read_text(encoding="utf-8")
    for pattern in SECRET_PATTERNS:
        assert not pattern.search(text), f"{cassette.name} matches {pattern.pattern}"


@pytest.mark.parametrize("cassette", sorted(CASSETTES.glob("*.yaml")), ids=lambda p: p.name)
def test_cassettes_record_the_settings_they_were_made_with(cassette: Path) -> None:
    settings = summarizer.cassette_settings(cassette)
    assert settings["model"] == "openai-compatible/smollm2-135m-instruct"
    assert settings["base_url"].startswith("http://127.0.0.1:")


def test_seed_replay_prints_schema_valid_json_with_true_offsets(cli: Any) -> None:
    result = _replay(cli, SEED_CASSETTE, SEED, "--format", "json")
    assert result.exit_code == 0, result.output
    output = json.loads(result.stdout)
    schema = json.loads((ROOT / "schemas" / "structured-summary.v2.json").read_text())
    jsonschema.validate(output, schema)
    quotes = _quotes(output)
    assert quotes, "the recorded summary has items"
    _assert_offsets_slice(SEED.read_text(encoding="utf-8"), quotes)
    assert "grounding:" in result.stderr and "attempt(s)" in result.stderr


def test_recorded_quotes_that_do_not_occur_carry_no_offsets(cli: Any) -> None:
    # Under schema v2 SmolLM2-135M invents every quote it was recorded giving: none is
    # given offsets. Offsets of aligned quotes are checked on scripted answers
    # (test_pipeline.py, test_long_merge.py) and on the extractive engine's.
    result = _replay(cli, CASSETTES / "transport-503-then-ok.yaml", SHORT, "--format", "json")
    assert result.exit_code == 0, result.output
    quotes = _quotes(json.loads(result.stdout))
    assert quotes, "the recorded summary has items with quotes"
    assert {quote["match"] for quote in quotes} == {"unmatched"}
    assert all(quote["start"] is None and quote["end"] is None for quote in quotes)
    assert not any(quote["quote"] in SHORT.read_text(encoding="utf-8") for quote in quotes)


def _quotes(output: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        evidence
        for section in SECTIONS
        for item in output[section]
        for evidence in item.get("statements", item.get("evidence", []))
    ]


def _assert_offsets_slice(document: str, quotes: list[dict[str, Any]]) -> None:
    for evidence in quotes:
        if evidence["match"] == "exact":
            assert document[evidence["start"] : evidence["end"]] == evidence["quote"]
        elif evidence["match"] == "normalized":
            span = document[evidence["start"] : evidence["end"]]
            assert normalize(span) == normalize(evidence["quote"])
        elif evidence["match"] == "fuzzy":
            assert 0 <= evidence["start"] < evidence["end"] <= len(document)


def test_seed_replay_as_markdown(cli: Any) -> None:
    result = _replay(cli, SEED_CASSETTE, SEED, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ")
    assert "grounding:" in result.stdout


def test_replay_counts_attempts_and_tokens_from_the_recording() -> None:
    interactions = _interactions(SEED_CASSETTE)
    recorded = [json.loads(i["response"]["body"]["string"])["usage"] for i in interactions]
    with summarizer.replaying(SEED_CASSETTE) as replayed:
        result = replayed.summarize(SEED.read_text(encoding="utf-8"))
    assert result.meta.attempts == len(interactions)
    assert result.meta.usage.total_tokens == sum(u["total_tokens"] for u in recorded)


async def test_async_replay_matches_sync() -> None:
    text = SEED.read_text(encoding="utf-8")
    with summarizer.replaying(SEED_CASSETTE) as replayed:
        expected = replayed.summarize(text)
    with summarizer.replaying(SEED_CASSETTE) as replayed:
        actual = await replayed.asummarize(text)
    assert actual.summary == expected.summary
    assert actual.meta.attempts == expected.meta.attempts


def test_changed_document_is_a_stale_cassette(cli: Any, tmp_path: Path) -> None:
    changed = tmp_path / "changed.txt"
    changed.write_text(SEED.read_text(encoding="utf-8") + "\nOne more line.", encoding="utf-8")
    result = _replay(cli, SEED_CASSETTE, changed)
    assert result.exit_code == 2
    assert "no recorded response matches this request" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_changed_settings_are_a_stale_cassette(cli: Any) -> None:
    result = _replay(cli, SEED_CASSETTE, SEED, "--temperature", "0.9")
    assert result.exit_code == 2
    assert "no recorded response matches" in result.stderr


def test_missing_cassette(cli: Any, tmp_path: Path) -> None:
    result = _replay(cli, tmp_path / "none.yaml", SEED)
    assert result.exit_code == 2
    assert "no such cassette" in result.stderr


def test_not_a_cassette(cli: Any, tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.yaml"
    bogus.write_text("just: a mapping\n", encoding="utf-8")
    result = _replay(cli, bogus, SEED)
    assert result.exit_code == 2
    assert "not a vcrpy cassette" in result.stderr


def test_validation_failure_is_reasked_for_real(cli: Any) -> None:
    cassette = CASSETTES / "reask-validation.yaml"
    interactions = _interactions(cassette)
    assert len(interactions) >= 2
    assert "Recall the function correctly, fix the errors" in _request_text(interactions[1])
    result = _replay(cli, cassette, SHORT)
    assert result.exit_code == 0, result.output
    assert f"{len(interactions)} attempt(s)" in result.stderr


def test_invalid_output_after_every_reask_exits_4_for_real(cli: Any) -> None:
    cassette = CASSETTES / "validation-exhausted.yaml"
    interactions = _interactions(cassette)
    assert len(interactions) == 2, "one answer and one re-ask (max_retries=1)"
    assert "Recall the function correctly, fix the errors" in _request_text(interactions[1])
    result = _replay(cli, cassette, SHORT)
    assert result.exit_code == 4
    assert "the model's output failed validation after 2 attempt(s)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unverifiable_quote_reask_and_best_attempt_for_real(cli: Any) -> None:
    # The seed recording: the small model quotes words the article does not contain, is
    # re-asked with the list, runs out of re-asks, and the best attempt is kept.
    result = _replay(cli, SEED_CASSETTE, SEED, "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "best attempt kept after re-asks ran out" in result.stderr
    assert "⚠ unverified" in result.stdout
    # None of its 6 items is verified: strict grounding leaves nothing, which exits 5
    # after printing the (empty) summary.
    strict = _replay(cli, SEED_CASSETTE, SEED, "--strict-grounding")
    assert strict.exit_code == 5, strict.output
    output = json.loads(strict.stdout)
    assert all(output[section] == [] for section in SECTIONS)
    assert "6 unverified dropped" in strict.stderr
    assert "nothing in the summary could be verified against the document" in strict.stderr


def test_seed_reasks_list_each_answers_invented_quotes_for_real() -> None:
    # Both answers parse but quote words the article does not contain: each re-ask lists
    # the previous answer's quotes, and only them (its title and summary are supported).
    first, second, third = _interactions(SEED_CASSETTE)
    for answer, reask in ((first, second), (second, third)):
        message = _last_message(reask)
        assert UNVERIFIABLE in message
        assert UNSUPPORTED not in message and "Invalid JSON" not in message
        statements = json.loads(_response_arguments(answer))["sources"][0]["statements"]
        listed = ", ".join(htmlsafe_json_dumps(s["quote"]) for s in statements)
        assert f"sources[0]: {listed};" in message


def test_seed_keeps_a_parsed_attempt_when_the_last_answer_is_invalid_for_real(cli: Any) -> None:
    # The third answer gives two sources the id S1 and cites ids no source has: it fails
    # validation with no re-ask left, so a parsed attempt is kept (both are unverified; the
    # later one wins the tie), its title and summary supported by the article.
    _, second, third = _interactions(SEED_CASSETTE)
    with pytest.raises(pydantic.ValidationError, match="source id S1 is used by several"):
        summarizer.StructuredSummary.model_validate_json(_response_arguments(third))
    with summarizer.replaying(SEED_CASSETTE) as replayed:
        result = replayed.summarize(SEED.read_text(encoding="utf-8"))
    assert (result.meta.attempts, result.meta.best_attempt) == (3, True)
    assert result.summary.title == json.loads(_response_arguments(second))["title"]
    assert result.summary.title == SEED_HEADLINE
    assert result.meta.grounding.summary_verified
    assert result.meta.grounding.unsupported_claims == []
    markdown = _replay(cli, SEED_CASSETTE, SEED, "--format", "markdown")
    assert markdown.stdout.splitlines()[0] == f"# {SEED_HEADLINE}"
    assert "claim(s) not in the document" not in markdown.stderr


def _last_message(interaction: dict[str, Any]) -> str:
    return str(json.loads(_request_text(interaction))["messages"][-1]["content"])


def _response_arguments(interaction: dict[str, Any]) -> str:
    reply = json.loads(interaction["response"]["body"]["string"])
    return str(reply["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])


def test_transport_retry_after_503_for_real(cli: Any) -> None:
    cassette = CASSETTES / "transport-503-then-ok.yaml"
    statuses = [i["response"]["status"]["code"] for i in _interactions(cassette)]
    assert statuses[0] == 503 and 200 in statuses
    result = _replay(cli, cassette, SHORT)
    assert result.exit_code == 0, result.output
    assert "1 transport retries" in result.stderr


async def test_async_transport_retry_after_503_for_real() -> None:
    with summarizer.replaying(CASSETTES / "transport-503-then-ok.yaml") as replayed:
        result = await replayed.asummarize(SHORT.read_text(encoding="utf-8"))
    assert result.meta.transport_retries == 1


def test_transport_503_exhausted_exits_3(cli: Any) -> None:
    cassette = CASSETTES / "transport-503-exhausted.yaml"
    assert [i["response"]["status"]["code"] for i in _interactions(cassette)] == [503] * 3
    result = _replay(cli, cassette, SHORT)
    assert result.exit_code == 3
    assert "answered HTTP 503" in result.stderr


def test_context_overflow_is_reported_once_without_retries() -> None:
    # The engine's view: one request, no transport retry, a ContextOverflowError (the
    # pipeline then splits the document: see tests/test_long_cassettes.py).
    cassette = CASSETTES / "context-overflow-400.yaml"
    assert len(_interactions(cassette)) == 1, "a 400 is not transient: no retry"
    with (
        summarizer.replaying(cassette) as replayed,
        pytest.raises(summarizer.ContextOverflowError) as raised,
    ):
        replayed.engine.run(oversized_document())
    assert "maximum context length is 8192 tokens" in str(raised.value)
    assert raised.value.exit_code == 3


# Recording writes through summarizer._files.write_text: never an unlink of the target.


def _record_one_exchange(fault_server: FaultServer, target: Path | str) -> None:
    fault_server.play(valid_summary())
    options = {**FAULT_OPTIONS, "base_url": fault_server.base_url, "api_key": "sk-test-record"}
    with summarizer.recording(target, "openai-compatible/x", **options) as recorder:
        recorder.summarize(SHORT.read_text(encoding="utf-8"))


def test_recording_replaces_an_existing_cassette_whole(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    cassette = tmp_path / "run.yaml"
    old = CASSETTES / "reask-validation.yaml"
    cassette.write_text(old.read_text(encoding="utf-8"), encoding="utf-8")
    assert len(_interactions(cassette)) >= 2
    _record_one_exchange(fault_server, cassette)
    interactions = _interactions(cassette)
    assert len(interactions) == 1, "the old cassette's exchanges are not kept"
    assert interactions[0]["request"]["uri"].startswith(fault_server.base_url)
    assert summarizer.cassette_settings(cassette)["base_url"] == fault_server.base_url


def test_recording_through_a_symlink_keeps_the_link(
    fault_server: FaultServer, tmp_path: Path
) -> None:
    target = tmp_path / "kept" / "run.yaml"
    target.parent.mkdir()
    target.write_text("old contents\n", encoding="utf-8")
    link = tmp_path / "run.yaml"
    link.symlink_to(target)
    _record_one_exchange(fault_server, link)
    assert link.is_symlink() and link.resolve() == target
    assert len(_interactions(target)) == 1


def test_recording_to_a_fifo_writes_into_it(fault_server: FaultServer, tmp_path: Path) -> None:
    fifo = tmp_path / "cassette.fifo"
    os.mkfifo(fifo)
    received: list[str] = []
    # A daemon: were the FIFO replaced by a file, its reader would wait forever.
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    _record_one_exchange(fault_server, fifo)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the FIFO itself, not a file in its place"
    reader.join(timeout=30)
    assert len(yaml.safe_load(received[0])["interactions"]) == 1


def test_recording_to_dev_null_leaves_the_device(
    fault_server: FaultServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Guard rails first: were the target unlinked or replaced, this test (run as root)
    # would delete the machine's /dev/null instead of failing.
    def refuse(path: Any, *args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"{path} would be unlinked or replaced")

    for name in ("unlink", "remove", "replace", "rename"):
        monkeypatch.setattr(os, name, refuse)
    monkeypatch.setattr(Path, "unlink", refuse)
    before = os.stat("/dev/null")
    _record_one_exchange(fault_server, "/dev/null")
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)
