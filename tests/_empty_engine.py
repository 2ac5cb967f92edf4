"""A pytest plugin that replaces the extractive engine by one that finds nothing.

    pytest -p tests._empty_engine tests/test_extractive_attribution.py

Every entry point the extractive tests reach returns what the engine returns for an empty
document: `summarize` (the package's, the engine module's, so `--model extractive` too),
`attribute`, `full_names`, `find_dates` and `reference_year`. An extractive test that still
passes asserts nothing an engine must find; only tests marked `empty_input` may.

With SUMMARIZER_EMPTY_ENGINE_REPORT=PATH set, it writes {node id: {"outcome", "empty_input"}}
as JSON to PATH (tests/test_empty_engine.py reads it).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from summarizer._engines import _extractive
from summarizer._engines._extractive import _attribution, _dates, _engine, _mentions
from summarizer._engines._extractive._state import Attributions
from summarizer._schema import StructuredSummary

REPORT_VARIABLE = "SUMMARIZER_EMPTY_ENGINE_REPORT"
_EMPTY_SUMMARY = _engine.summarize("")
_NO_ATTRIBUTIONS = _attribution.attribute("")


def _empty_summary(document: str) -> StructuredSummary:
    return _EMPTY_SUMMARY.model_copy(deep=True)


def _no_attributions(document: str) -> Attributions:
    return _NO_ATTRIBUTIONS


_REPLACEMENTS: list[tuple[object, str, object]] = [
    (_extractive, "summarize", _empty_summary),
    (_engine, "summarize", _empty_summary),
    (_attribution, "attribute", _no_attributions),
    (_mentions, "full_names", lambda masked, surnames: {}),
    (_dates, "find_dates", lambda text, start, end, year: []),
    (_dates, "reference_year", lambda document: None),
]


_OUTCOMES: dict[str, dict[str, Any]] = {}  # node id -> outcome, marked empty_input


def pytest_configure(config: pytest.Config) -> None:
    """Patch before collection, so `from ... import summarize` in a test module gets it."""
    for module, name, replacement in _REPLACEMENTS:
        assert hasattr(module, name), f"{module} has no {name}: update tests/_empty_engine.py"
        setattr(module, name, replacement)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        marked = item.get_closest_marker("empty_input") is not None
        _OUTCOMES[item.nodeid] = {"outcome": "not run", "empty_input": marked}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    entry = _OUTCOMES.get(report.nodeid)
    if entry is None:
        return
    if report.failed or report.skipped:
        entry["outcome"] = "failed" if report.failed else "skipped"
    elif report.when == "call" and entry["outcome"] == "not run":
        entry["outcome"] = "passed"


def pytest_sessionfinish() -> None:
    target = os.environ.get(REPORT_VARIABLE)
    if target:
        Path(target).write_text(json.dumps(_OUTCOMES, indent=1, sort_keys=True), encoding="utf-8")
