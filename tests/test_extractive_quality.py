"""The extractive engine's measured quality, as `summarizer eval` reports it (README).

The engine is deterministic, so these are regression guards on real evaluation data in
../shared/eval (present in CI): a rule change that loses quality fails here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"


def _eval(cli: Any, *args: str) -> dict[str, Any]:
    result = cli("eval", *args, "--model", "extractive", "--format", "json")
    assert result.exit_code == 0, result.output
    parsed: dict[str, Any] = json.loads(result.stdout)
    return parsed


def test_seed_gold_first_bar(cli: Any) -> None:
    report = _eval(cli, str(EVAL / "gold" / "iraq-us-forces.gold.json"))["gold"]
    sections = report["sections"]
    assert report["documents"] == 1
    assert sections["sources"]["f1"] >= 0.7
    assert min(sections[name]["f1"] for name in ("positions", "agreements", "risks")) >= 0.6
    assert report["stance_accuracy"] == 1.0 and report["coverage"] == 1.0


def test_polnear_dev_numbers(cli: Any) -> None:
    report = _eval(cli, "--polnear", str(EVAL / "polnear-dev"))["polnear"]
    assert report["documents"] == 84 and not report["failed"]
    assert report["content"]["f1"] >= 0.70  # the bar is 0.60; 0.728 measured
    # The bar, content+source with the source judged by `name`: 0.504 measured.
    # Resolved pronouns ('he' -> 'Donald Trump') count as misses there, so it stays below
    # the mention-aware score (see README, Evaluation).
    name_only = report["content_source"]["f1"]
    assert 0.50 <= name_only < report["content_source_mentions"]["f1"]
    assert report["content_source_mentions"]["f1"] >= 0.68  # 0.705 measured
    # Most of that gap is resolution: speakers right by mention outnumber wrong ones.
    diagnosis = report["source_diagnosis"]
    assert diagnosis["pronoun_by_mention"] + diagnosis["other_by_mention"] > diagnosis["wrong"]
    assert diagnosis["by_name"] > 2 * diagnosis["wrong"]
    assert report["coverage"] == 1.0
