"""The public API: complete `__all__`, the layering contract, sync and async entry points."""

from __future__ import annotations

import shutil
import subprocess
import types

import summarizer
import summarizer.evaluation
import summarizer.grounding
from tests.conftest import ROOT, SEED


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
