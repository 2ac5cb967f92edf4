"""The CLI: bad input gets one clear line and a documented exit code; output is atomic."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.conftest import ROOT, SEED, assert_one_line_error


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
    assert_one_line_error(
        cli("summarize", str(path), "--model", "extractive"), 2, fragment, empty_stdout=True
    )


def test_missing_path(cli: Any, tmp_path: Path) -> None:
    result = cli("summarize", str(tmp_path / "nope.txt"), "--model", "extractive")
    assert_one_line_error(result, 2, "no such file", empty_stdout=True)


def test_directory(cli: Any, tmp_path: Path) -> None:
    assert_one_line_error(
        cli("summarize", str(tmp_path), "--model", "extractive"),
        2,
        "is a directory",
        empty_stdout=True,
    )


def test_document_over_the_size_limit(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 300, encoding="utf-8")
    result = cli("summarize", str(path), "--model", "extractive", "--max-bytes", "1000")
    assert_one_line_error(
        result, 2, "1,500 bytes is over the limit of 1,000 bytes", empty_stdout=True
    )


def test_stdin_over_the_size_limit(cli: Any) -> None:
    result = cli("summarize", "-", "--model", "extractive", "--max-bytes", "10", input="x" * 50)
    assert_one_line_error(
        result, 2, "stdin: more than 10 bytes is over the limit of 10 bytes", empty_stdout=True
    )


def test_empty_stdin(cli: Any) -> None:
    assert_one_line_error(
        cli("summarize", "-", "--model", "extractive", input=""), 2, "is empty", empty_stdout=True
    )


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
    assert_one_line_error(result, 2, "unknown provider 'mystery'", empty_stdout=True)


def test_model_without_provider(cli: Any) -> None:
    assert_one_line_error(
        cli("summarize", str(SEED), "--model", "gpt-4o"),
        2,
        "write provider/name",
        empty_stdout=True,
    )


def test_openai_without_key_says_how_to_configure(cli: Any) -> None:
    result = cli("summarize", str(SEED), "--model", "openai/gpt-4.1-mini")
    assert_one_line_error(result, 2, "needs an API key: set OPENAI_API_KEY", empty_stdout=True)


def test_openai_compatible_without_base_url(cli: Any) -> None:
    result = cli("summarize", str(SEED), "--model", "openai-compatible/llama")
    assert_one_line_error(result, 2, "needs --base-url", empty_stdout=True)


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
    assert_one_line_error(result, 3, "cannot reach http://127.0.0.1:9/v1", empty_stdout=True)


def test_no_provider_falls_back_to_extractive_and_says_how_to_configure(cli: Any) -> None:
    result = cli("summarize", str(SEED))
    assert result.exit_code == 0, result.output
    assert "no LLM configured, using the built-in extractive engine" in result.stderr
    assert "OPENAI_API_KEY" in result.stderr
    assert json.loads(result.stdout)["schema_version"] == "2"


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
    assert_one_line_error(
        result, 2, "cannot write --output there (no such directory", empty_stdout=True
    )


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


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--timeout", "-1", "--timeout must be a finite number of seconds > 0, got -1"),
        ("--timeout", "nan", "--timeout must be a finite number of seconds > 0, got nan"),
        ("--max-retries", "-1", "--max-retries must be a whole number of re-asks >= 0, got -1"),
        ("--max-items", "0", "--max-items must be a whole number of items >= 1, got 0"),
        ("--max-bytes", "0", "--max-bytes must be a whole number of bytes >= 1, got 0"),
        ("--max-chars", "0", "--max-chars must be a whole number of characters >= 1, got 0"),
    ],
    ids=["timeout-negative", "timeout-nan", "reasks-negative", "items-0", "bytes-0", "chars-0"],
)
def test_numeric_options_out_of_bounds(cli: Any, option: str, value: str, message: str) -> None:
    result = cli("summarize", str(SEED), "--model", "extractive", option, value)
    assert_one_line_error(result, 2, message, empty_stdout=True)


@pytest.mark.parametrize(
    "url",
    ["127.0.0.1:9/v1", "ftp://127.0.0.1/v1", "not a url", "http://127.0.0.1:99999/v1"],
    ids=["no-scheme", "ftp", "not-a-url", "port-out-of-range"],
)
def test_a_malformed_base_url_exits_2_with_no_request(cli: Any, url: str) -> None:
    result = cli(
        "summarize", str(SEED), "--model", "openai-compatible/x", "--base-url", url, "--meta", "-"
    )
    assert_one_line_error(result, 2, "is not a server URL", empty_stdout=True)
    assert "cannot reach" not in result.stderr and "retr" not in result.stderr


def test_over_max_chars_names_the_file(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("word " * 300, encoding="utf-8")
    result = cli("summarize", str(path), "--model", "extractive", "--max-chars", "1000")
    assert_one_line_error(
        result,
        2,
        f"{path}: 1,500 characters is over the limit of 1,000 characters "
        "(raise it with --max-chars)",
        empty_stdout=True,
    )
    ok = cli("summarize", str(path), "--model", "extractive", "--max-chars", "1500")
    assert ok.exit_code == 0, ok.output


def test_utf16_with_a_bom_is_summarized(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    utf16 = cli("summarize", str(path), "--model", "extractive")
    assert utf16.exit_code == 0, utf16.output
    assert utf16.stdout == cli("summarize", str(SEED), "--model", "extractive").stdout


def test_utf16_without_a_bom_says_convert_it(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "utf16le.txt"
    path.write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16-le"))
    result = cli("summarize", str(path), "--model", "extractive")
    assert_one_line_error(
        result,
        2,
        "looks like UTF-16 without a byte-order mark: convert it to UTF-8",
        empty_stdout=True,
    )


def test_a_nul_after_the_first_8_kb_is_refused(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "late-nul.txt"
    text = SEED.read_bytes() * 4
    path.write_bytes(text + b"\x00")
    result = cli("summarize", str(path), "--model", "extractive")
    assert_one_line_error(
        result, 2, f"binary file (NUL byte at offset {len(text)})", empty_stdout=True
    )


def _help(*command: str) -> str:
    import os
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "summarizer", *command, "--help"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "COLUMNS": "80", "TERM": "dumb"},
    )
    return result.stdout


@pytest.mark.parametrize("command", [(), ("summarize",), ("schema",), ("eval",)], ids=repr)
def test_help_is_readable_at_80_columns(command: tuple[str, ...]) -> None:
    text = _help(*command)
    too_wide = [line for line in text.splitlines() if len(line) > 80]
    assert not too_wide, too_wide
    assert "…" not in text, "nothing truncated"


def test_help_shows_every_option_name_whole() -> None:
    from summarizer.cli import app

    text = _help("summarize")
    command = typer.main.get_command(app).commands["summarize"]  # type: ignore[attr-defined]
    flags = [option for p in command.params for option in (*p.opts, *p.secondary_opts)]
    assert "--max-items" in flags and "--no-cache" in flags
    for flag in flags:
        if flag.startswith("--"):
            assert re.search(rf"{re.escape(flag)}\b", text), f"{flag} missing from --help"


def test_schema_prints_to_stdout_outside_the_repository(tmp_path: Path) -> None:
    import subprocess
    import sys

    def schema(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "summarizer", "schema", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=False,
        )

    printed = schema()
    assert printed.returncode == 0, printed.stderr
    assert json.loads(printed.stdout)["title"] == "StructuredSummary"
    assert list(tmp_path.iterdir()) == [], "printing writes no file"
    written = schema("-o", "out/schema.json")
    assert written.returncode == 2 and "no such directory" in written.stderr
    assert schema("-o", "schema.json").returncode == 0
    assert (tmp_path / "schema.json").read_text(encoding="utf-8") == printed.stdout
    assert schema("--check", "-o", "schema.json").returncode == 0
    missing = schema("--check")
    assert missing.returncode == 1 and "no such file to check" in missing.stderr


def test_schema_check_in_the_repository_passes(cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert cli("schema", "--check").exit_code == 0
