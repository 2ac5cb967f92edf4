"""The CLI: bad input gets one clear line and a documented exit code; output is atomic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SEED


def _one_line_error(result: Any, code: int, fragment: str) -> None:
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert lines[0].startswith("summarizer: error: ")
    assert fragment in lines[0]
    assert "Traceback" not in result.output
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "is empty"),
        (b"  \n\t \n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (NUL byte at offset 8)"),
        (b"caf\xc3\xa9 ok, then bad: \xff\xfe", "not valid UTF-8 (byte 0xff at offset 20)"),
    ],
)
def test_unusable_documents(cli: Any, tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    _one_line_error(cli("summarize", str(path), "--model", "extractive"), 2, fragment)


def test_missing_path(cli: Any, tmp_path: Path) -> None:
    result = cli("summarize", str(tmp_path / "nope.txt"), "--model", "extractive")
    _one_line_error(result, 2, "no such file")


def test_directory(cli: Any, tmp_path: Path) -> None:
    _one_line_error(cli("summarize", str(tmp_path), "--model", "extractive"), 2, "is a directory")


def test_document_over_the_size_limit(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 300, encoding="utf-8")
    result = cli("summarize", str(path), "--model", "extractive", "--max-bytes", "1000")
    _one_line_error(result, 2, "1,500 bytes is over the limit of 1,000 bytes")


def test_stdin_over_the_size_limit(cli: Any) -> None:
    result = cli("summarize", "-", "--model", "extractive", "--max-bytes", "10", input="x" * 50)
    _one_line_error(result, 2, "stdin: more than 10 bytes is over the limit of 10 bytes")


def test_empty_stdin(cli: Any) -> None:
    _one_line_error(cli("summarize", "-", "--model", "extractive", input=""), 2, "is empty")


def test_stdin_document(cli: Any) -> None:
    text = SEED.read_text(encoding="utf-8")
    result = cli("summarize", "-", "--model", "extractive", input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"]


def test_bom_is_dropped(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    result = cli("summarize", str(path), "--model", "extractive")
    assert result.exit_code == 0, result.output


def test_unknown_provider(cli: Any) -> None:
    result = cli("summarize", str(SEED), "--model", "mystery/model-1")
    _one_line_error(result, 2, "unknown provider 'mystery'")


def test_model_without_provider(cli: Any) -> None:
    _one_line_error(cli("summarize", str(SEED), "--model", "gpt-4o"), 2, "write provider/name")


def test_openai_without_key_says_how_to_configure(cli: Any) -> None:
    result = cli("summarize", str(SEED), "--model", "openai/gpt-4.1-mini")
    _one_line_error(result, 2, "needs an API key: set OPENAI_API_KEY")


def test_openai_compatible_without_base_url(cli: Any) -> None:
    result = cli("summarize", str(SEED), "--model", "openai-compatible/llama")
    _one_line_error(result, 2, "needs --base-url")


def test_unreachable_server_exits_3(cli: Any) -> None:
    result = cli(
        "summarize",
        str(SEED),
        "--model",
        "openai-compatible/x",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--transport-retries",
        "1",
    )
    _one_line_error(result, 3, "cannot reach http://127.0.0.1:9/v1")


def test_no_provider_falls_back_to_extractive_and_says_how_to_configure(cli: Any) -> None:
    result = cli("summarize", str(SEED))
    assert result.exit_code == 0, result.output
    assert "no LLM configured, using the built-in extractive engine" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr
    assert json.loads(result.stdout)["schema_version"] == "1"


def test_record_and_replay_together_is_bad_usage(cli: Any, tmp_path: Path) -> None:
    result = cli(
        "summarize",
        str(SEED),
        "--record",
        str(tmp_path / "a.yaml"),
        "--replay",
        str(tmp_path / "b.yaml"),
    )
    assert result.exit_code == 2


def test_output_is_written_atomically(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    target.write_text("old", encoding="utf-8")
    meta = tmp_path / "meta.json"
    result = cli(
        "summarize", str(SEED), "--model", "extractive", "-o", str(target), "--meta", str(meta)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(target.read_text(encoding="utf-8"))["title"]
    assert json.loads(meta.read_text(encoding="utf-8"))["engine"] == "extractive"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meta.json", "out.json"]


def test_output_into_missing_directory(cli: Any, tmp_path: Path) -> None:
    result = cli("summarize", str(SEED), "--model", "extractive", "-o", str(tmp_path / "x/y.md"))
    _one_line_error(result, 2, "cannot write --output there (no such directory")


def test_markdown_format(cli: Any) -> None:
    result = cli("summarize", str(SEED), "--model", "extractive", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# ")
    assert "## Sources" in result.stdout
    assert "grounding:" in result.stderr


def test_schema_check_detects_drift(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "schema.json"
    assert cli("schema", "--output", str(path)).exit_code == 0
    assert cli("schema", "--output", str(path), "--check").exit_code == 0
    path.write_text("{}", encoding="utf-8")
    assert cli("schema", "--output", str(path), "--check").exit_code == 1


def test_python_dash_m_entry_point() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "summarizer", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "summarize" in result.stdout and "eval" in result.stdout
