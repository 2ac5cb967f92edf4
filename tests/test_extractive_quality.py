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


# Measured values (README, Evaluation) and how far below them a guard lets a change go.
# The tolerance absorbs one item more or less on the seed (a section has 2 to 6 gold
# items) and a small drift on dev; it is not the bar, which the measured values
# clear on dev (content F1 >= 0.60, content+source by name >= 0.50). Seed sources were
# 0.714 until an attribution sentence stopped counting as its outlet's statement (the
# outlet is the quoted official's `via`; the seed gold lists it as a source): 0.615.
SEED_MEASURED = {
    "sources": 0.615,
    "positions": 0.667,
    "agreements": 1.0,
    "risks": 0.857,
    "key_facts": 1.0,
}
SEED_TOLERANCE = 0.10
DEV_MEASURED = {"content": 0.725, "content_source": 0.501, "content_source_mentions": 0.702}
DEV_TOLERANCE = 0.02


def test_seed_gold_regression_guard(cli: Any) -> None:
    report = _eval(cli, str(EVAL / "gold" / "iraq-us-forces.gold.json"))["gold"]
    sections = report["sections"]
    assert report["documents"] == 1
    for name, measured in SEED_MEASURED.items():
        assert sections[name]["f1"] >= measured - SEED_TOLERANCE, name
    assert report["stance_accuracy"] == 1.0 and report["coverage"] == 1.0


def test_polnear_dev_regression_guard(cli: Any) -> None:
    """The engine's rules were developed on this split: a guard against losing quality,
    not evidence of quality on unseen news (README, Evaluation)."""
    report = _eval(cli, "--polnear", str(EVAL / "polnear-dev"))["polnear"]
    assert report["documents"] == 84 and not report["failed"]
    for name, measured in DEV_MEASURED.items():
        assert report[name]["f1"] >= measured - DEV_TOLERANCE, name
    # Resolved pronouns ('he' -> 'Donald Trump') count as misses by name, so that score
    # stays below the mention-aware one (see README, Evaluation).
    assert report["content_source"]["f1"] < report["content_source_mentions"]["f1"]
    # Most of that gap is resolution: speakers right by mention outnumber wrong ones.
    diagnosis = report["source_diagnosis"]
    assert diagnosis["pronoun_by_mention"] + diagnosis["other_by_mention"] > diagnosis["wrong"]
    assert diagnosis["by_name"] > 2 * diagnosis["wrong"]
    assert report["coverage"] == 1.0
