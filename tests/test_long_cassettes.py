"""A long document replayed from real exchanges with llama.cpp's server (SmolLM2-135M, a
2,048-token context): cassettes/long-chunked.yaml, recorded by `make record-long-cassettes`
on tests/data/long-articles.txt (invented articles joined), and cassettes/long-resplit.yaml,
where the real server refuses the whole document as too long for its context and the
pipeline splits it and asks again (also tested against scripted servers in
test_long_pipeline.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

import summarizer
from tests.conftest import CASSETTES, ROOT
from tests.record_cassettes import twice_over
from tests.scripted_long_server import invented_articles

DOCUMENT_PATH = ROOT / "tests" / "data" / "long-articles.txt"
DOCUMENT = DOCUMENT_PATH.read_text(encoding="utf-8")


def _interactions(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((CASSETTES / name).read_text(encoding="utf-8"))
    return list(data["interactions"])


def _replayed(name: str) -> summarizer.SummaryResult:
    with summarizer.replaying(CASSETTES / name) as replayed:
        return replayed.summarize(DOCUMENT)


def test_the_recorded_document_is_the_invented_one() -> None:
    assert invented_articles(6) == DOCUMENT


def test_a_replayed_long_document_is_merged_valid_and_grounded() -> None:
    name = "long-chunked.yaml"
    result = _replayed(name)
    chunks = result.meta.chunks
    assert chunks is not None and chunks.count >= 2 and chunks.count > chunks.failed
    assert chunks.calls == len(_interactions(name)), "every recorded exchange, no other"
    assert summarizer.SummaryResult.model_validate_json(result.model_dump_json()) == result
    # SmolLM2-135M often invents its quotes: those stay unmatched (no offsets), and
    # every offset that is set points at the document.
    quotes = [e for _, _, item in result.summary.items() for e in item.all_evidence()]
    assert quotes, "the merged summary has items with quotes"
    for evidence in quotes:
        if evidence.match == "exact":
            assert DOCUMENT[evidence.start : evidence.end] == evidence.quote
        elif evidence.start is not None and evidence.end is not None:
            assert 0 <= evidence.start < evidence.end <= len(DOCUMENT)


def test_the_budgeted_chunks_fit_the_real_server() -> None:
    statuses = [i["response"]["status"]["code"] for i in _interactions("long-chunked.yaml")]
    assert statuses and all(code == 200 for code in statuses), "no request overflowed"
    assert _replayed("long-chunked.yaml").meta.chunks.resplits == 0


def test_the_final_call_titles_the_merged_summary() -> None:
    final = [
        json.loads(i["request"]["body"])
        for i in _interactions("long-chunked.yaml")
        if "TitleAndSummary" in str(i["request"]["body"])
    ]
    assert len(final) >= 1
    result = _replayed("long-chunked.yaml")
    assert result.meta.chunks.final_call
    assert result.summary.title and result.summary.summary


def test_the_cli_replays_a_long_document(cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    result = cli(
        "summarize", str(DOCUMENT_PATH), "--replay", str(CASSETTES / "long-chunked.yaml"),
        "--format", "json", "-o", str(out),
    )  # fmt: skip
    assert result.exit_code in (0, 5), result.output  # 5: too little verified, still written
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["title"] == _replayed("long-chunked.yaml").summary.title


# cassettes/long-resplit.yaml: the same articles twice over, with --context-size claiming
# four times the server's context; the real server refuses the whole document, and the
# pipeline splits it and asks again (tests/record_cassettes.py, scenario long-resplit).
RESPLIT_DOCUMENT = twice_over(DOCUMENT)


def test_a_real_context_overflow_is_re_split_merged_and_grounded() -> None:
    name = "long-resplit.yaml"
    exchanges = _interactions(name)
    statuses = [i["response"]["status"]["code"] for i in exchanges]
    assert (
        statuses[0] == 400
        and "maximum context length" in exchanges[0]["response"]["body"]["string"]
    )
    with summarizer.replaying(CASSETTES / name) as replayed:
        result = replayed.summarize(RESPLIT_DOCUMENT)
    chunks = result.meta.chunks
    assert chunks is not None and chunks.resplits >= 1 and chunks.count >= 2
    assert chunks.calls == len(exchanges), "every recorded exchange, no other"
    assert result.meta.grounding.items >= 1
    for _, _, item in result.summary.items():
        for evidence in item.all_evidence():
            if evidence.start is not None and evidence.end is not None:
                assert evidence.match != "exact" or (
                    RESPLIT_DOCUMENT[evidence.start : evidence.end] == evidence.quote
                )
