"""The public API: complete `__all__`, the layering contract, sync and async entry points."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from tenacity import Retrying

import summarizer
import summarizer.evaluation
import summarizer.grounding
from tests.conftest import ROOT, SEED
from tests.documents import oversized_document
from tests.handwritten_results import quay_texts
from tests.record_cassettes import twice_over


def _public_names(module: types.ModuleType) -> set[str]:
    """Public classes and functions the package itself defines (imports from elsewhere,
    like `dataclass`, are not its API)."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and callable(value)
        and getattr(value, "__module__", "").startswith(module.__name__.split(".")[0])
    }


def test_all_is_complete_and_exact() -> None:
    for module in (summarizer, summarizer.grounding, summarizer.evaluation):
        exported = set(module.__all__)
        assert exported <= set(dir(module)), exported - set(dir(module))
        missing = _public_names(module) - exported
        assert not missing, f"{module.__name__} exports these without __all__: {missing}"


def test_layers_point_one_way() -> None:
    lint_imports = shutil.which("lint-imports", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "lint-imports"
    )
    assert lint_imports, "import-linter is part of the test extra"
    result = subprocess.run([lint_imports], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "broken" in result.stdout and "0 broken" in result.stdout


def test_summarize_function_and_reusable_summarizer_agree() -> None:
    text = SEED.read_text(encoding="utf-8")
    one_off = summarizer.summarize(text, model="extractive")
    with summarizer.Summarizer("extractive") as reusable:
        assert reusable.summarize(text).summary == one_off.summary
        assert reusable.summarize(text).summary == one_off.summary


async def test_asummarize_matches_summarize() -> None:
    text = SEED.read_text(encoding="utf-8")
    result = await summarizer.asummarize(text, model="extractive")
    assert result.summary == summarizer.summarize(text, model="extractive").summary


def test_empty_text_is_an_input_error() -> None:
    try:
        summarizer.summarize("   ", model="extractive")
    except summarizer.InputError as error:
        assert error.exit_code == 2
    else:
        raise AssertionError("blank text must be refused")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"timeout": -1}, "--timeout must be a finite number of seconds > 0, got -1"),
        ({"timeout": 0}, "--timeout must be a finite number of seconds > 0, got 0"),
        ({"timeout": math.nan}, "--timeout must be a finite number of seconds > 0, got nan"),
        ({"timeout": math.inf}, "--timeout must be a finite number of seconds > 0, got inf"),
        ({"max_retries": -1}, "--max-retries must be a whole number of re-asks >= 0, got -1"),
        (
            {"transport_retries": 0},
            "--transport-retries must be a whole number of attempts >= 1, got 0",
        ),
        ({"max_items": 0}, "--max-items must be a whole number of items >= 1, got 0"),
        ({"max_items": 2.5}, "--max-items must be a whole number of items >= 1, got 2.5"),
        ({"max_chars": 0}, "--max-chars must be a whole number of characters >= 1, got 0"),
        ({"max_tokens": 0}, "--max-tokens must be a whole number of tokens >= 1, got 0"),
        ({"context_size": 0}, "--context-size must be a whole number of tokens >= 1, got 0"),
        ({"threads": -2}, "--threads must be a whole number of threads >= 1, got -2"),
    ],
    ids=[
        "timeout-negative",
        "timeout-zero",
        "timeout-nan",
        "timeout-infinite",
        "reasks-negative",
        "transport-attempts-zero",
        "max-items-zero",
        "max-items-fraction",
        "max-chars-zero",
        "max-tokens-zero",
        "context-size-zero",
        "threads-negative",
    ],
)
def test_numeric_options_out_of_bounds_are_configuration_errors(
    options: dict[str, Any], message: str
) -> None:
    with pytest.raises(summarizer.ConfigurationError) as raised:
        summarizer.Summarizer("openai-compatible/x", base_url="http://127.0.0.1:9/v1", **options)
    assert str(raised.value) == message
    assert raised.value.exit_code == 2


def test_numeric_options_at_their_bounds_are_accepted() -> None:
    retry_policy = Retrying()
    with summarizer.Summarizer(
        "extractive",
        timeout=0.001,
        max_retries=0,
        transport_retries=1,
        max_items=1,
        max_chars=1,
        max_tokens=1,
        context_size=1,
        threads=1,
    ) as ok:
        assert ok.engine.choice.provider == "extractive"
    # A tenacity policy for a retry budget is not a number: not this table's business.
    assert summarizer.Summarizer("extractive", max_retries=retry_policy).settings.max_retries


def test_every_option_is_a_summarizer_argument() -> None:
    # One definition: each field of Options is a keyword argument of Summarizer.
    defaults = summarizer.Options()
    for name in summarizer.Options.model_fields:
        value = "extractive" if name == "model" else getattr(defaults, name)
        given = {"model": "extractive", name: value}
        with summarizer.Summarizer(**given) as made:
            assert name in made.options.model_fields_set, name
    with pytest.raises(summarizer.ConfigurationError, match="unknown option 'temprature'"):
        summarizer.Summarizer("extractive", temprature=0.5)


def test_the_missing_key_error_does_not_quote_cli_flags() -> None:
    with pytest.raises(summarizer.ConfigurationError) as raised:
        summarizer.Summarizer("openai/gpt-4.1-mini", environ={})
    message = str(raised.value)
    assert "needs an API key: set OPENAI_API_KEY" in message
    assert "--" not in message


README_PYTHON = re.compile(r"```python\n(.*?)```", re.S)


def test_the_readme_python_example_runs_as_written(tmp_path: Path) -> None:
    blocks = README_PYTHON.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert blocks, "the README shows Python usage"
    for block in blocks:
        result = subprocess.run(
            [sys.executable, "-c", block],
            cwd=tmp_path,  # outside the repository, as a reader would run it
            env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},  # no key: offline
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip(), "the example prints what it found"


CASSETTE_ROW = re.compile(r"^\| `(?P<cassette>[\w.-]+\.yaml)` \| (?P<document>[^|]+) \|", re.M)


def _documented_text(cell: str) -> str:
    if "oversized_document()" in cell:
        return oversized_document()
    if "quay_texts()" in cell:
        return quay_texts()
    path = re.fullmatch(r"`([^`]+)`( twice over)?", cell.strip())
    assert path, f"name the document as a `path` (or a `path` twice over): {cell!r}"
    text = (ROOT / path.group(1)).read_text(encoding="utf-8")
    return twice_over(text) if path.group(2) else text


def test_the_readme_names_the_document_each_cassette_was_recorded_on() -> None:
    from tests.record_cassettes import SCENARIOS

    rows = {
        m["cassette"]: m["document"]
        for m in CASSETTE_ROW.finditer((ROOT / "README.md").read_text(encoding="utf-8"))
    }
    assert sorted(rows) == sorted(p.name for p in (ROOT / "cassettes").glob("*.yaml"))
    recorded_on = {scenario.cassette: scenario.document() for scenario in SCENARIOS.values()}
    for cassette, cell in rows.items():
        assert _documented_text(cell) == recorded_on[cassette], cassette
