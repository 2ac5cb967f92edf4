"""`summarizer batch`: exit codes, progress on stderr, and what Ctrl-C and `kill -9` leave
behind (real subprocesses against a slow scripted server on 127.0.0.1)."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarizer.batch import MANIFEST, Tally
from summarizer.batch._progress import Bar, Display, PlainLines, display_for
from tests.conftest import ROOT, SEED, SHORT, handwritten_completion
from tests.fault_server import HANDWRITTEN_SUMMARY
from tests.latency_server import LatencyServer, always

SUMMARY_LINE = re.compile(
    r"summarizer: (\d+) ok, (\d+) failed, (\d+) skipped, (\d+) cached; \d+ tokens; [\d.]+ s"
)
Invoke = Callable[..., Any]


def corpus(root: Path, count: int) -> Path:
    """COUNT invented one-sentence articles, each quoting someone."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        text = f'Mayor Ana Ruiz said on day {n} that the ferry "will sail again in May".'
        (root / f"story-{n:02d}.txt").write_text(text, encoding="utf-8")
    return root


def counts(stderr: str) -> tuple[int, ...]:
    match = SUMMARY_LINE.search(stderr)
    assert match, stderr
    return tuple(int(group) for group in match.groups())


def test_a_clean_run_exits_0_and_writes_one_output_per_document(
    cli: Invoke, tmp_path: Path
) -> None:
    result = cli("batch", str(corpus(tmp_path / "in", 3)), "--out", str(tmp_path / "out"))
    names = sorted(os.listdir(tmp_path / "out"))
    assert result.exit_code == 0, result.stderr
    assert counts(result.stderr) == (3, 0, 0, 0)
    assert names == [
        ".lock",
        MANIFEST,
        "story-00.txt.json",
        "story-01.txt.json",
        "story-02.txt.json",
    ]


def test_a_failed_document_exits_6_with_the_count_and_the_others_are_written(
    cli: Invoke, tmp_path: Path
) -> None:
    inputs = corpus(tmp_path / "in", 2)
    (inputs / "blank.txt").write_text("   \n")
    result = cli("batch", str(inputs), "--out", str(tmp_path / "out"), "--quiet")
    assert result.exit_code == 6
    assert counts(result.stderr) == (2, 1, 0, 0)
    assert f"1 of 3 documents failed: see {tmp_path / 'out' / MANIFEST}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_rerun_reports_the_done_documents_as_skipped(cli: Invoke, tmp_path: Path) -> None:
    inputs, out = str(corpus(tmp_path / "in", 3)), str(tmp_path / "out")
    cli("batch", inputs, "--out", out, "--quiet")
    again = cli("batch", inputs, "--out", out, "--quiet")
    forced = cli("batch", inputs, "--out", out, "--quiet", "--force")
    assert counts(again.stderr) == (0, 0, 3, 0)
    assert counts(forced.stderr) == (3, 0, 0, 0)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["--concurrency", "0"], "--concurrency must be >= 1", id="zero-concurrency"),
        pytest.param(["--max-items", "0"], "--max-items", id="option-out-of-bounds"),
        pytest.param(["--model", "nosuch/x"], "nosuch", id="unknown-model"),
    ],
)
def test_usage_errors_exit_2_with_one_line(
    cli: Invoke, tmp_path: Path, args: list[str], message: str
) -> None:
    result = cli("batch", str(corpus(tmp_path / "in", 1)), "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_output_directory_that_is_a_file_exits_2(cli: Invoke, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = cli("batch", str(corpus(tmp_path / "in", 1)), "--out", str(tmp_path / "file"))
    assert result.exit_code == 2
    assert "cannot write --out there" in result.stderr


def test_the_seed_directory_example_of_the_readme(cli: Invoke, tmp_path: Path) -> None:
    result = cli("batch", str(SEED.parent), "--glob", "*.txt", "--out", str(tmp_path))
    line = json.loads((tmp_path / MANIFEST).read_text())
    assert result.exit_code == 0
    assert line["id"] == SEED.name and line["status"] == "ok" and line["model"] == "extractive"


# --- progress ----------------------------------------------------------------------------


def test_off_a_terminal_progress_is_one_line_per_tenth(cli: Invoke, tmp_path: Path) -> None:
    result = cli(
        "batch",
        str(corpus(tmp_path / "in", 20)),
        "--out",
        str(tmp_path / "o"),
        "--concurrency",
        "1",
    )
    progress = [line for line in result.stderr.splitlines() if "%)" in line]
    assert [line.split(" ")[1] for line in progress] == [f"{2 * n}/20" for n in range(1, 11)]
    assert progress[0].startswith("summarizer: 2/20 (10%): 2 ok, 0 failed")


def test_quiet_shows_no_progress_but_the_summary_line(cli: Invoke, tmp_path: Path) -> None:
    result = cli("batch", str(corpus(tmp_path / "in", 5)), "--out", str(tmp_path / "o"), "--quiet")
    assert [line for line in result.stderr.splitlines() if "%)" in line] == [], result.stderr
    assert counts(result.stderr) == (5, 0, 0, 0), result.stderr


def test_on_a_terminal_progress_is_a_bar_with_the_counts() -> None:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=160)
    display = display_for(quiet=False, say=print, console=console)
    tally = Tally(total=4, listeners=[display])
    with display:
        tally.count("ok", tokens=30)
        tally.count("failed")
    assert isinstance(display, Bar)
    assert "2/4" in screen.getvalue() and "1 ok, 1 failed" in screen.getvalue()
    assert "30 tokens" in screen.getvalue()


def test_the_display_is_plain_lines_off_a_terminal_and_nothing_when_quiet() -> None:
    console = Console(file=io.StringIO(), force_terminal=False)
    assert isinstance(display_for(quiet=False, say=print, console=console), PlainLines)
    assert type(display_for(quiet=True, say=print, console=console)) is Display


# --- Ctrl-C and kill -9 ------------------------------------------------------------------


def llm_corpus(root: Path, count: int) -> Path:
    """The invented Riverton article, made distinct per file, so the hand-written summary's
    quotes align in every one."""
    root.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (root / f"doc-{n:02d}.txt").write_text(f"{SHORT.read_text()}\nNote {n}.\n")
    return root


def start_batch(
    inputs: Path, out: Path, server: LatencyServer, home: Path
) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "OPENAI_API_KEY": "sk-test-batch-signals",
        "HOME": str(home),
        "SUMMARIZER_CACHE_DIR": str(home / "cache"),
        "PYTHONPATH": str(ROOT),
    }
    command = [
        *(sys.executable, "-m", "summarizer", "batch", str(inputs), "--out", str(out)),
        *("--model", "openai-compatible/handwritten", "--base-url", server.base_url),
        *("--concurrency", "2", "--transport-retries", "1", "--quiet"),
    ]
    return subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def wait_for_lines(manifest: Path, count: int, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if manifest.exists() and manifest.read_text().count("\n") >= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"the run never finished {count} documents")


def assert_nothing_partial(out: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Every output parses and is ok, the manifest is whole JSON lines, and each line's
    output is there (a kill between an output and its line may leave an output unlisted,
    which the next run lists). The lines and the outputs."""
    lines = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]
    outputs = sorted(name for name in os.listdir(out) if name.endswith(".json"))
    for name in outputs:
        assert json.loads((out / name).read_text())["document"]["status"] == "ok"
    assert {line["output"] for line in lines} <= set(outputs)
    return lines, outputs


def test_ctrl_c_cancels_the_documents_in_flight_and_prints_the_summary(tmp_path: Path) -> None:
    reply = always(handwritten_completion(HANDWRITTEN_SUMMARY))
    with LatencyServer(reply, latency=0.5) as server:
        inputs, out = llm_corpus(tmp_path / "in", 12), tmp_path / "out"
        process = start_batch(inputs, out, server, tmp_path)
        wait_for_lines(out / MANIFEST, 2, process)
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    lines, outputs = assert_nothing_partial(out)
    assert len(lines) == len(outputs)  # Ctrl-C lets every write under way finish
    assert process.returncode == 130
    assert "(interrupted)" in stderr and "Traceback" not in stderr
    assert counts(stderr)[0] == len(lines) < 12
    assert [name for name in os.listdir(out) if name.endswith(".tmp")] == []


def test_after_kill_9_a_rerun_skips_the_done_documents_and_finishes_the_rest(
    tmp_path: Path,
) -> None:
    reply = always(handwritten_completion(HANDWRITTEN_SUMMARY))
    with LatencyServer(reply, latency=0.3) as server:
        inputs, out = llm_corpus(tmp_path / "in", 12), tmp_path / "out"
        process = start_batch(inputs, out, server, tmp_path)
        wait_for_lines(out / MANIFEST, 3, process)
        process.kill()
        process.communicate(timeout=30)
        done = len(assert_nothing_partial(out)[1])
        rerun = start_batch(inputs, out, server, tmp_path)
        _, stderr = rerun.communicate(timeout=60)
    lines, outputs = assert_nothing_partial(out)
    assert rerun.returncode == 0, stderr
    assert counts(stderr)[:3] == (12 - done, 0, done)
    assert len(outputs) == 12 and {line["output"] for line in lines} == set(outputs)
    assert [name for name in os.listdir(out) if name.endswith(".tmp")] == []


def test_ctrl_c_stops_the_extractive_process_pool_without_a_worker_traceback(
    tmp_path: Path,
) -> None:
    inputs, out = corpus(tmp_path / "in", 400), tmp_path / "out"
    command = [sys.executable, "-m", "summarizer", "batch", str(inputs), "--out", str(out)]
    process = subprocess.Popen(
        [*command, "--model", "extractive", "--concurrency", "2", "--quiet"],
        env={**os.environ, "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)},
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    wait_for_lines(out / MANIFEST, 5, process)
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    lines, outputs = assert_nothing_partial(out)
    assert process.returncode == 130
    assert "(interrupted)" in stderr and "Traceback" not in stderr
    assert counts(stderr)[0] == len(lines) == len(outputs) < 400
