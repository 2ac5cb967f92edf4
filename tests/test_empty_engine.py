"""An extractive engine that finds nothing fails every extractive test, except the tests
about empty input (marked `empty_input`): no test passes by asserting only absences.

The extractive test files run in a subprocess under tests/_empty_engine.py, which replaces
the engine's entry points by ones returning what the engine returns for an empty document.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests._empty_engine import REPORT_VARIABLE

ROOT = Path(__file__).resolve().parents[1]
EXTRACTIVE_TESTS = sorted((ROOT / "tests").glob("test_extractive_*.py"))


def _run_under_the_empty_engine(
    report: Path, tests: list[Path], expected_exit: int
) -> dict[str, dict[str, Any]]:
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-p", "tests._empty_engine", *map(str, tests)]
    environment = {**os.environ, REPORT_VARIABLE: str(report)}
    done = subprocess.run(  # bounded: the whole run takes ~15-30 s on 2 cores
        command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == expected_exit, done.stdout[-3000:] + done.stderr[-3000:]
    outcomes: dict[str, dict[str, Any]] = json.loads(report.read_text(encoding="utf-8"))
    return outcomes


def test_an_engine_finding_nothing_fails_every_extractive_test_but_empty_input_ones(
    tmp_path: Path,
) -> None:
    outcomes = _run_under_the_empty_engine(tmp_path / "outcomes.json", EXTRACTIVE_TESTS, 1)
    assert len(outcomes) > 300, "the extractive tests were not collected"
    assert all(entry["outcome"] != "not run" for entry in outcomes.values())
    passed = sorted(test for test, entry in outcomes.items() if entry["outcome"] == "passed")
    about_empty_input = sorted(test for test, entry in outcomes.items() if entry["empty_input"])
    assert about_empty_input, "no test is marked empty_input: the allowlist is not read"
    assert passed == about_empty_input


def test_the_empty_engine_lets_a_test_of_absences_alone_pass(tmp_path: Path) -> None:
    """The measure's own check: a test asserting only that nothing is found passes under
    the empty engine (and is reported), one asserting a find fails."""
    absences = tmp_path / "test_handwritten_absences.py"
    absences.write_text(
        "from summarizer._engines._extractive import summarize\n\n\n"
        "def test_nothing_is_found():\n"
        "    assert summarize('The lake froze early this year.').sources == []\n\n\n"
        "def test_a_speaker_is_found():\n"
        "    assert summarize('Ann Lee said that the lake froze.').sources\n",
        encoding="utf-8",
    )
    outcomes = _run_under_the_empty_engine(tmp_path / "outcomes.json", [absences], 1)
    by_name = {test.rpartition("::")[2]: entry["outcome"] for test, entry in outcomes.items()}
    assert by_name == {"test_nothing_is_found": "passed", "test_a_speaker_is_found": "failed"}
