"""End to end on the real evaluation material, with hand-written stand-ins for the model.

The `handwritten_*` functions are NOT a summarizer: they build the "prediction" from the
gold annotation itself, so the right score is known (1.0 everywhere).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from summarizer._errors import InputError, ModelOutputError
from summarizer._schema import (
    Evidence,
    StructuredSummary,
    SummaryMeta,
    SummaryResult,
    Usage,
    align_evidence,
    grounding_report,
)
from summarizer.evaluation import (
    Attribution,
    eval_command,
    read_attributions,
    render_tables,
    run_gold_eval,
    run_polnear_eval,
)
from summarizer.evaluation import _command as command_module

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval"
GOLD = EVAL / "gold" / "iraq-us-forces.gold.json"
POLNEAR = EVAL / "polnear-dev"
SEEDS = ROOT / "seeds"
POLNEAR_DOCS = {  # one with 6 annotators, both with discontinuous Content spans
    "politico_2016-09-08_flynn-says-trump-absolutely-righ",
    "breitbart_2016-09-15_pat-caddell-democrat-voters-worr",
}


def needs_material(test: Any) -> Any:
    """Real evaluation data lives in ../shared (also in CI): its absence is a failure."""

    def check_then_run(*args: Any, **kwargs: Any) -> Any:
        assert GOLD.is_file() and POLNEAR.is_dir(), "../shared/eval is missing"
        return test(*args, **kwargs)

    return functools.wraps(test)(check_then_run)


def handwritten_result(summary: StructuredSummary, document: str) -> SummaryResult:
    align_evidence(summary, document)
    meta = SummaryMeta(
        engine="handwritten",
        model="from-gold",
        attempts=1,
        latency_seconds=0.25,
        usage=Usage(total_tokens=100),
        grounding=grounding_report(summary),
    )
    return SummaryResult(summary=summary, meta=meta)


def evidence(document: str, quotes: list[str]) -> list[Evidence]:
    found = [(document.index(q), q) for q in quotes]
    return [Evidence(quote=q, start=s, end=s + len(q), match="exact") for s, q in found]


def handwritten_perfect_gold_summary(gold: dict[str, Any], document: str) -> StructuredSummary:
    """Every gold item, copied into the summary schema (the answer key as a prediction)."""

    def ev(item: dict[str, Any]) -> list[Evidence]:
        return evidence(document, item["evidence"])

    return StructuredSummary.model_validate(
        {
            "title": "Handwritten from gold",
            "summary": "Built from the gold file.",
            "sources": [
                {"id": f"S{i}", "name": s["name"], "kind": s["kind"], "statements": ev(s)}
                for i, s in enumerate(gold["sources"], 1)
            ],
            "positions": [
                {
                    "actor": p["actor"],
                    "actor_type": "other",
                    "issue": p["issue"],
                    "stance": p["stance"],
                    "summary": "A position.",
                    "evidence": ev(p),
                }
                for p in gold["positions"]
            ],
            "agreements": [
                {
                    "title": a["title"],
                    "parties": a["parties"],
                    "status": a["status"],
                    "evidence": ev(a),
                }
                for a in gold["agreements"]
            ],
            "risks": [
                {"description": r["description"], "category": r["category"], "evidence": ev(r)}
                for r in gold["risks"]
            ],
            "key_facts": [{"fact": f["fact"], "evidence": ev(f)} for f in gold["key_facts"]],
            "contradictions": [
                {"description": c["description"], "parties": ["one", "two"], "evidence": ev(c)}
                for c in gold["contradictions"]
            ],
        }
    )


def handwritten_gold_summarizer() -> Callable[[str], SummaryResult]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    return lambda text: handwritten_result(handwritten_perfect_gold_summary(gold, text), text)


def handwritten_summary_from_attributions(
    attributions: list[Attribution], document: str
) -> StructuredSummary:
    """One source per gold Source text; each Content as a statement spanning its segments."""
    sources: dict[str, tuple[str, list[Evidence]]] = {}
    for attribution in attributions:
        name = attribution.source_text or "unattributed"
        start, end = attribution.content[0][0], attribution.content[-1][1]
        statement = Evidence(quote=document[start:end], start=start, end=end, match="exact")
        sources.setdefault(name.casefold(), (name, []))[1].append(statement)
    return StructuredSummary.model_validate(
        {
            "title": "Handwritten from attributions",
            "summary": "Built from the gold annotation.",
            "sources": [
                {"id": f"S{i}", "name": name, "kind": "anonymous", "statements": statements}
                for i, (name, statements) in enumerate(sources.values(), 1)
            ],
        }
    )


def polnear_subset(tmp_path: Path) -> Path:
    """A PolNeAR folder of two real articles, linked (not copied) into a temporary dir."""
    for sub in ("text", "attributions"):
        (tmp_path / sub).mkdir()
    for name in POLNEAR_DOCS:
        (tmp_path / "text" / f"{name}.txt").symlink_to(POLNEAR / "text" / f"{name}.txt")
        for ann in (POLNEAR / "attributions").glob(f"{name}_*.ann"):
            (tmp_path / "attributions" / ann.name).symlink_to(ann)
    return tmp_path


def handwritten_attribution_summarizer(folder: Path) -> Callable[[str], SummaryResult]:
    gold = {
        (folder / "text" / f"{name}.txt").read_text(encoding="utf-8"): read_attributions(
            sorted((folder / "attributions").glob(f"{name}_*.ann"))[0]
        )
        for name in POLNEAR_DOCS
    }
    return lambda text: handwritten_result(
        handwritten_summary_from_attributions(gold[text], text), text
    )


@needs_material
def test_gold_eval_of_the_gold_itself_is_perfect() -> None:
    report = run_gold_eval([GOLD], handwritten_gold_summarizer(), docs_dir=SEEDS)
    result = report.as_dict()
    assert result["documents"] == 1
    assert set(result["sections"]) == {
        "sources",
        "positions",
        "agreements",
        "risks",
        "key_facts",
        "contradictions",
    }
    for section, counts in result["sections"].items():
        assert (counts["precision"], counts["recall"], counts["f1"]) == (1.0, 1.0, 1.0), section
    assert result["sections"]["sources"]["tp"] == 6
    assert result["stance_accuracy"] == 1.0 and result["stance_matched"] == 6
    assert result["coverage"] == 1.0
    assert (result["latency_seconds"], result["tokens"]) == (0.25, 100)


@needs_material
def test_polnear_eval_of_the_gold_attributions_is_perfect(tmp_path: Path) -> None:
    folder = polnear_subset(tmp_path)
    messages: list[str] = []
    report = run_polnear_eval(
        folder, handwritten_attribution_summarizer(folder), progress=messages.append
    )
    result = report.as_dict()
    assert result["documents"] == 2 and len(messages) == 2
    assert result["content"]["f1"] == 1.0 and result["content"]["tp"] > 10
    assert result["content_source"]["f1"] == 1.0
    assert result["content_source_mentions"]["f1"] == 1.0
    diagnosis = result["source_diagnosis"]  # every gold Source is matched by its own text
    assert diagnosis["by_name"] > 10
    assert diagnosis["pronoun_by_mention"] == diagnosis["other_by_mention"] == 0
    assert diagnosis["wrong"] == 0
    agreement = result["inter_annotator"]
    assert (agreement["documents"], agreement["annotator_pairs"]) == (1, 5)
    assert 0.5 < agreement["content"]["f1"] <= 1.0
    by_name, by_mention = agreement["content_source"], agreement["content_source_mentions"]
    assert by_mention["tp"] >= by_name["tp"]
    assert run_polnear_eval(folder, handwritten_attribution_summarizer(folder), limit=1).documents


def test_gold_document_is_found_in_a_seeds_folder(tmp_path: Path) -> None:
    (tmp_path / "gold").mkdir()
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "doc.txt").write_text("Alpha said the army will leave.", "utf-8")
    gold = {
        "format": "gold-v1",
        "document": "doc.txt",
        "key_facts": [{"fact": "Leaving.", "evidence": ["the army will leave"]}],
    }
    path = tmp_path / "gold" / "doc.gold.json"
    path.write_text(json.dumps(gold), "utf-8")

    def handwritten_failing(text: str) -> SummaryResult:
        raise ModelOutputError("still invalid after 3 attempts")

    report = run_gold_eval([path], handwritten_failing)
    assert report.sections["key_facts"].fn == 1
    assert report.stats.failed == ["doc.gold.json: still invalid after 3 attempts"]
    with pytest.raises(InputError, match=r"gold document 'doc\.txt' not found"):
        run_gold_eval([path], handwritten_failing, docs_dir=tmp_path / "gold")


def test_run_errors(tmp_path: Path) -> None:
    def unused(text: str) -> SummaryResult:
        raise AssertionError("no summary should be requested")

    with pytest.raises(InputError, match="no gold files"):
        run_gold_eval([], unused)
    with pytest.raises(InputError, match="no such gold file"):
        run_gold_eval([tmp_path / "missing.gold.json"], unused)
    with pytest.raises(InputError, match="no PolNeAR documents"):
        run_polnear_eval(tmp_path, unused)
    with pytest.raises(InputError, match="no such PolNeAR directory"):
        run_polnear_eval(tmp_path / "missing", unused)


class HandwrittenSummarizer:
    """Stands in for `Summarizer` in the command: the gold-built summary for the seed
    article, an empty summary for anything else."""

    notice = "handwritten stand-in"

    def __init__(self, model: str | None = None, base_url: str | None = None) -> None:
        self.seed = (SEEDS / "iraq-us-forces.txt").read_text(encoding="utf-8")
        self.from_gold = handwritten_gold_summarizer()

    def summarize(self, text: str) -> SummaryResult:
        if text == self.seed:
            return self.from_gold(text)
        empty = StructuredSummary(title="Handwritten", summary="Nothing.")
        return handwritten_result(empty, text)

    def __enter__(self) -> HandwrittenSummarizer:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


@needs_material
def test_eval_command_prints_json_and_tables(tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.setattr(command_module, "Summarizer", HandwrittenSummarizer)
    app = typer.Typer()
    app.command("eval")(eval_command)
    app.command("other")(lambda: None)  # keep "eval" a subcommand
    runner = CliRunner()
    base = ["eval", str(GOLD), "--docs", str(SEEDS), "--model", "extractive"]
    result = runner.invoke(app, [*base, "--format", "json"])
    assert result.exit_code == 0, result.output
    shape = json.loads(result.stdout)
    assert set(shape) == {"gold"}
    assert shape["gold"]["sections"]["positions"]["f1"] == 1.0
    assert {"stance_accuracy", "coverage", "documents"} <= set(shape["gold"])
    out = tmp_path / "report.txt"
    (tmp_path / "polnear").mkdir()
    folder = polnear_subset(tmp_path / "polnear")
    result = runner.invoke(app, [*base, "--polnear", str(folder), "--limit", "1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    table = out.read_text(encoding="utf-8")
    assert "contradictions" in table and "content+source" in table and "stance accuracy" in table
    assert "content+source (mentions)" in table
    failed = runner.invoke(app, ["eval"])
    assert isinstance(failed.exception, InputError)


def test_tables_render_without_reports() -> None:
    assert render_tables() == ""
