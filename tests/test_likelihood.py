"""Risks' likelihood as ICD 203 estimative terms: each stated term must rest on a hedge
cue from the risk's own quotes (a model is re-asked otherwise), and v1 results, with
low/medium/high/unclear, still load (invented texts)."""

from __future__ import annotations

import copy
import itertools
import json
import time
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import ValidationError

from summarizer import SCHEMA_VERSION, StructuredSummary, render_markdown
from summarizer._engines._extractive._risks import LIKELIHOOD_CUES, estimated_likelihood
from summarizer._schema import LIKELIHOOD_RANGES, Likelihood, Risk, SummaryResult
from summarizer._schema._export import output_json_schema
from tests.conftest import completion_reply

DOCUMENT = (
    "Harbor officials in Port Valen said a dock strike is expected to halt grain exports "
    "next month. The union called the threat of layoffs very real."
)
EXPECTED = "a dock strike is expected to halt grain exports next month"
START = DOCUMENT.index(EXPECTED)


def _risk(**changes: Any) -> dict[str, Any]:
    risk = {
        "description": "A dock strike may halt grain exports.",
        "category": "economic",
        "likelihood": "likely",
        "hedge_cue": "expected to",
        "evidence": [{"quote": EXPECTED}],
    }
    return {**risk, **changes}


def _summary(*risks: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": "Port Valen braces for a dock strike",
        "summary": "Harbor officials in Port Valen expect a dock strike to halt grain exports.",
        "risks": list(risks),
    }


def test_every_stated_term_has_its_icd_203_range_in_the_schema() -> None:
    field = output_json_schema()["$defs"]["Risk"]["properties"]["likelihood"]
    stated = [term for term in get_args(Likelihood) if term != "unstated"]
    assert list(LIKELIHOOD_RANGES) == stated
    assert field["enum"] == [*stated, "unstated"]
    for term, chances in LIKELIHOOD_RANGES.items():
        assert f"{term} ({chances})" in field["description"]


def test_the_ranges_rise_without_gaps() -> None:
    bounds = [tuple(int(n) for n in r.rstrip("%").split("-")) for r in LIKELIHOOD_RANGES.values()]
    assert bounds[0][0] == 1 and bounds[-1][1] == 99
    assert all(low == previous[1] for previous, (low, _) in itertools.pairwise(bounds))


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({}, id="cue-in-quote"),
        pytest.param({"hedge_cue": "EXPECTED  TO"}, id="case-and-spacing-ignored"),
        pytest.param({"likelihood": "unstated", "hedge_cue": None}, id="unstated-needs-no-cue"),
        pytest.param({"likelihood": "unstated", "hedge_cue": "fear of"}, id="unstated-any-cue"),
    ],
)
def test_a_likelihood_resting_on_its_quotes_is_accepted(changes: dict[str, Any]) -> None:
    assert Risk.model_validate(_risk(**changes)).likelihood == _risk(**changes)["likelihood"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"hedge_cue": None}, "hedge_cue is empty", id="no-cue"),
        pytest.param({"hedge_cue": "   "}, "hedge_cue is empty", id="blank-cue"),
        pytest.param(
            {"likelihood": "almost certain", "hedge_cue": "almost certainly"},
            "hedge_cue 'almost certainly' does not occur in this risk's evidence quotes",
            id="cue-not-in-quotes",
        ),
    ],
)
def test_a_likelihood_without_its_cue_is_rejected(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Risk.model_validate(_risk(**changes))
    assert message in str(caught.value)
    assert "or set likelihood to 'unstated'" in str(caught.value)


def test_a_v1_word_is_no_v2_likelihood() -> None:
    with pytest.raises(ValidationError, match="likelihood"):
        StructuredSummary.model_validate(_summary(_risk(likelihood="medium")))


V1_CASES = [
    pytest.param("low", "expected to", "unlikely", id="low-reads-unlikely"),
    pytest.param("medium", "expected to", "roughly even chance", id="medium-reads-even-chance"),
    pytest.param("high", "expected to", "likely", id="high-reads-likely"),
    pytest.param("unclear", "expected to", "unstated", id="unclear-reads-unstated"),
    pytest.param("high", "surely", "unstated", id="cue-not-in-quotes-reads-unstated"),
    pytest.param("medium", None, "unstated", id="no-cue-reads-unstated"),
]


def _handwritten_v1_result(likelihood: str, cue: str | None) -> str:
    """A result file as schema v1 wrote it (hand-made)."""
    risk = _risk(likelihood=likelihood, hedge_cue=cue)
    end = START + len(EXPECTED)
    risk["evidence"] = [{"quote": EXPECTED, "start": START, "end": end, "match": "exact"}]
    summary = {"schema_version": "1", **_summary(risk)}
    meta = {
        "engine": "extractive",
        "model": "",
        "attempts": 1,
        "latency_seconds": 0.1,
        "grounding": {
            "items": 1,
            "verified_items": 1,
            "coverage": 1.0,
            "evidence": {"exact": 1, "normalized": 0, "fuzzy": 0, "unmatched": 0},
            "sections": {},
        },
    }
    return json.dumps({"summary": summary, "meta": meta})


@pytest.mark.parametrize(("v1", "cue", "v2"), V1_CASES)
def test_a_v1_result_file_loads_with_icd_203_terms(v1: str, cue: str | None, v2: str) -> None:
    result = SummaryResult.model_validate_json(_handwritten_v1_result(v1, cue))
    assert result.summary.schema_version == SCHEMA_VERSION == "2"
    (risk,) = result.summary.risks
    assert (risk.likelihood, risk.hedge_cue) == (v2, cue)
    assert risk.evidence[0].start == START


def test_a_v1_summary_with_no_risks_loads() -> None:
    summary = StructuredSummary.model_validate({"schema_version": "1", **_summary()})
    assert summary.risks == []


def test_an_unknown_schema_version_is_rejected() -> None:
    with pytest.raises(ValidationError, match="schema_version"):
        StructuredSummary.model_validate({"schema_version": "0", **_summary()})


def test_a_model_is_reasked_when_its_cue_is_not_in_the_quotes(scripted: Any) -> None:
    unsupported = _risk(likelihood="very likely", hedge_cue="all but certain")
    server_replies = [
        completion_reply(_summary(unsupported)),
        completion_reply(_summary(_risk())),
    ]
    engine, server = scripted(server_replies)
    result = engine.summarize(DOCUMENT)
    assert result.meta.attempts == 2
    (risk,) = result.summary.risks
    assert (risk.likelihood, risk.hedge_cue, risk.verified) == ("likely", "expected to", True)
    reask = json.dumps(server.bodies()[1]["messages"])
    assert "hedge_cue 'all but certain' does not occur in this risk's evidence quotes" in reask


def test_the_prompt_asks_for_the_term_and_its_cue(scripted: Any) -> None:
    engine, server = scripted([completion_reply(_summary(copy.deepcopy(_risk())))])
    engine.summarize(DOCUMENT)
    system = server.bodies()[0]["messages"][0]["content"]
    assert "roughly even chance 45-55%" in system
    assert "copied into `hedge_cue`" in system


# The extractive engine's cue table (its cases on invented sentences: test_extractive_likelihood.py)


def test_the_table_covers_every_stated_term() -> None:
    stated = {term for term in get_args(Likelihood) if term != "unstated"}
    assert {term for term, _ in LIKELIHOOD_CUES} == stated


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        pytest.param(
            "Unrest is LIKELY to spread.", ("likely", "LIKELY"), id="case-kept-as-written"
        ),
        pytest.param(
            "It is unlikely now, but likely next year.", ("unlikely", "unlikely"), id="first-cue"
        ),
        pytest.param("The county is unremarkable.", ("unstated", None), id="no-cue"),
        pytest.param("Talks may fail.", ("unstated", None), id="may-is-no-likelihood"),
    ],
)
def test_estimated_likelihood_reads_the_first_cue(
    quote: str, expected: tuple[str, str | None]
) -> None:
    assert estimated_likelihood(quote) == expected


def test_a_long_text_of_cues_is_read_in_linear_time() -> None:
    # A generous ceiling: it catches a regex that backtracks over the whole text.
    text = "a remote village, nearly done, very late, not here, " * 20_000
    started = time.perf_counter()
    assert estimated_likelihood(text) == ("unstated", None)
    assert time.perf_counter() - started < 5.0


def test_compare_reads_a_v1_result_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "v1-result.json"
    path.write_text(_handwritten_v1_result("high", "expected to"), encoding="utf-8")
    result = cli("compare", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [d["file"] for d in json.loads(result.stdout)["documents"]] == [str(path)]


def test_markdown_of_a_v1_result_shows_the_icd_203_term() -> None:
    result = SummaryResult.model_validate_json(_handwritten_v1_result("high", "expected to"))
    assert "likelihood: likely" in render_markdown(result)
