"""Evaluation harness: score structured summaries against gold-v1 files and PolNeAR.

    >>> from summarizer import Summarizer
    >>> from summarizer.evaluation import run_gold_eval, run_polnear_eval
    >>> with Summarizer(model="extractive") as s:
    ...     report = run_gold_eval(["../shared/eval/gold/iraq-us-forces.gold.json"], s.summarize)
    >>> report.as_dict()["sections"]["sources"]["f1"]

Matching rules live in `_gold` (gold-v1) and `_polnear` (attributions); averaging in
`_report` (micro over documents). `eval_command` is the `summarizer eval` command.
"""

from summarizer.evaluation._command import EvalFormat, eval_command
from summarizer.evaluation._corpus import PolnearDocument, gold_document_path, polnear_documents
from summarizer.evaluation._diagnosis import SourceDiagnosis
from summarizer.evaluation._gold import (
    GOLD_FORMAT,
    GoldDocument,
    GoldItem,
    GoldScore,
    grounded_spans,
    load_gold,
    locate,
    parse_gold,
    score_gold,
)
from summarizer.evaluation._match import Counts, greedy_assign
from summarizer.evaluation._polnear import (
    Attribution,
    PolnearCounts,
    Statement,
    attribution_statements,
    parse_brat,
    read_attributions,
    score_polnear_document,
    summary_statements,
)
from summarizer.evaluation._report import AgreementReport, GoldReport, PolnearReport, RunStats
from summarizer.evaluation._runner import (
    Progress,
    SummarizeFn,
    agreement_counts,
    run_gold_eval,
    run_polnear_eval,
)
from summarizer.evaluation._table import render_tables
from summarizer.evaluation._tokens import (
    MATCH_THRESHOLD,
    NAME_THRESHOLD,
    TokenIndex,
    dice,
    name_ratio,
    names_match,
    span_dice,
    text_dice,
)

__all__ = [
    "GOLD_FORMAT",
    "MATCH_THRESHOLD",
    "NAME_THRESHOLD",
    "AgreementReport",
    "Attribution",
    "Counts",
    "EvalFormat",
    "GoldDocument",
    "GoldItem",
    "GoldReport",
    "GoldScore",
    "PolnearCounts",
    "PolnearDocument",
    "PolnearReport",
    "Progress",
    "RunStats",
    "SourceDiagnosis",
    "Statement",
    "SummarizeFn",
    "TokenIndex",
    "agreement_counts",
    "attribution_statements",
    "dice",
    "eval_command",
    "gold_document_path",
    "greedy_assign",
    "grounded_spans",
    "load_gold",
    "locate",
    "name_ratio",
    "names_match",
    "parse_brat",
    "parse_gold",
    "polnear_documents",
    "read_attributions",
    "render_tables",
    "run_gold_eval",
    "run_polnear_eval",
    "score_gold",
    "score_polnear_document",
    "span_dice",
    "summary_statements",
    "text_dice",
]
