"""Output files (-o, --meta, --record) are written safely: devices and FIFOs in place,
symlinks followed, regular files replaced atomically with the right mode, and every
refusal of the operating system one line with exit 2, checked before the run."""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer import OutputError
from summarizer._files import check_writable, write_text
from tests.conftest import CASSETTES, ROOT, SEED, SHORT, assert_one_line_error


def _summarize(cli: Any, *options: str) -> Any:
    return cli("summarize", str(SEED), "--model", "extractive", *options)


@pytest.fixture
def umask() -> Iterator[Any]:
    """Set the process umask for one test, restoring the old one after."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_dev_null_is_written_to_not_replaced(cli: Any) -> None:
    result = _summarize(cli, "-o", "/dev/null", "--meta", "/dev/null")
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dash_means_stdout(cli: Any) -> None:
    result = _summarize(cli, "-o", "-")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schema_version"] == "2"


def test_a_fifo_is_written_to_not_replaced(cli: Any, tmp_path: Path) -> None:
    fifo = tmp_path / "brief.fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read_all() -> None:
        with fifo.open("rb") as reader:
            received.append(reader.read())

    reader = threading.Thread(target=read_all, daemon=True)
    reader.start()
    result = _summarize(cli, "-o", str(fifo))
    reader.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received[0])["schema_version"] == "2"


def test_a_symlink_is_followed_and_kept(cli: Any, tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "brief.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "brief.json"
    link.symlink_to(target)
    result = _summarize(cli, "-o", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == target
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] == "2"
    assert sorted(p.name for p in (tmp_path / "real").iterdir()) == ["brief.json"]


def test_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    link = tmp_path / "brief.json"
    link.symlink_to(tmp_path / "made.json")
    write_text(link, "text\n")
    assert link.is_symlink()
    assert (tmp_path / "made.json").read_text(encoding="utf-8") == "text\n"


@pytest.mark.parametrize(
    ("mask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)], ids=["022", "077", "002"]
)
def test_a_new_file_gets_the_umask_mode(tmp_path: Path, umask: Any, mask: int, mode: int) -> None:
    umask(mask)
    target = tmp_path / "new.json"
    write_text(target, "{}\n")
    assert _mode(target) == mode


def test_an_existing_file_keeps_its_mode(tmp_path: Path, umask: Any) -> None:
    umask(0o077)
    target = tmp_path / "shared.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_text(target, "new")
    assert (_mode(target), target.read_text(encoding="utf-8")) == (0o640, "new")


def test_the_cli_keeps_an_existing_files_mode(cli: Any, tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    assert _summarize(cli, "-o", str(target)).exit_code == 0
    assert _mode(target) == 0o604


@pytest.mark.parametrize(
    ("option", "path", "reason"),
    [
        ("-o", "/proc/summarizer-test/brief.json", "No such file or directory"),
        ("--meta", "/proc/summarizer-test/meta.json", "No such file or directory"),
        ("--record", "/proc/summarizer-test.yaml", "No such file or directory"),
        ("-o", "{tmp}/file.txt/brief.json", "no such directory"),
        ("--meta", "{tmp}", "it is a directory"),
        ("-o", "{tmp}/missing/brief.json", "no such directory"),
        ("-o", "/sys/summarizer-test.json", "cannot write --output there"),
    ],
    ids=[
        "proc-dir",
        "meta-in-proc",
        "record-in-proc",
        "parent-is-a-file",
        "meta-is-a-directory",
        "missing-dir",
        "sysfs-refuses-new-files-even-to-root",
    ],
)
def test_unwritable_targets_fail_before_the_run(
    cli: Any, tmp_path: Path, option: str, path: str, reason: str
) -> None:
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    target = path.format(tmp=tmp_path)
    # --record needs a model that talks HTTP; the run must never start, so none is reached.
    model = ["--model", "openai-compatible/x", "--base-url", "http://127.0.0.1:9/v1"]
    good = tmp_path / "brief.json"
    extra = ["-o", str(good)] if option != "-o" else []
    result = cli("summarize", str(SEED), *model, option, target, *extra)
    assert_one_line_error(result, 2, reason)
    assert target in result.stderr
    assert not good.exists(), "no half-written pair of outputs"
    assert "cannot reach" not in result.stderr, "checked before any request"


def test_read_only_file_system_is_one_line_before_the_run(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root may write anywhere permission bits say no; a read-only mount is simulated where
    # the kernel would refuse: creating the file.
    real_open = os.open

    def read_only_mount(path: Any, flags: int, *args: Any) -> int:
        if flags & os.O_CREAT and str(path).startswith(str(tmp_path)):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS))
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only_mount)
    result = _summarize(cli, "-o", str(tmp_path / "brief.json"))
    assert_one_line_error(
        result, 2, "brief.json: cannot write --output there (Read-only file system)"
    )
    assert "grounding" not in result.stderr, "refused before the run"


def test_no_space_is_one_line_and_exit_2(cli: Any) -> None:
    assert_one_line_error(_summarize(cli, "-o", "/dev/full"), 2, "No space left on device")


def test_no_space_on_a_regular_file_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.json"
    target.write_text("old", encoding="utf-8")

    def full_disk(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputError, match=r"brief.json: cannot write --meta there \(No space"):
        write_text(target, "new", "--meta")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.json"], "temporary file removed"


def test_an_exception_mid_write_leaves_no_partial_target(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "brief.json"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(os, "replace", _interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_text(target, "new" * 1000)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.json"]


def _interrupt(*args: object) -> None:
    raise KeyboardInterrupt


KILLED_MID_WRITE = """
import os, signal, sys
from summarizer import _files
def die(descriptor):  # the text is in the temporary file, not yet renamed over the target
    os.kill(os.getpid(), signal.SIGKILL)
os.fsync = die
_files.write_text(sys.argv[1], "new text " * 100_000)
"""


def test_a_killed_process_leaves_the_old_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "brief.json"
    target.write_text("old", encoding="utf-8")
    process = subprocess.run(
        [sys.executable, "-c", KILLED_MID_WRITE, str(target)], cwd=ROOT, check=False, timeout=60
    )
    assert process.returncode == -9, "the writer was killed in the middle"
    assert target.read_text(encoding="utf-8") == "old"


def test_check_writable_leaves_nothing_behind(tmp_path: Path) -> None:
    check_writable(tmp_path / "brief.json")
    assert list(tmp_path.iterdir()) == []


def test_meta_is_checked_before_output_is_written(cli: Any, tmp_path: Path) -> None:
    brief = tmp_path / "brief.json"
    result = _summarize(cli, "-o", str(brief), "--meta", str(tmp_path / "no/meta.json"))
    assert_one_line_error(result, 2, "--meta")
    assert not brief.exists()


def test_record_with_the_extractive_engine_is_a_usage_error(cli: Any, tmp_path: Path) -> None:
    cassette = tmp_path / "run.yaml"
    result = _summarize(cli, "--record", str(cassette))
    assert_one_line_error(result, 2, "cannot record a cassette with the extractive engine")
    assert not cassette.exists()


def test_replay_with_the_extractive_model_is_a_usage_error(cli: Any) -> None:
    cassette = CASSETTES / "reask-validation.yaml"
    result = cli("summarize", str(SHORT), "--replay", str(cassette), "--model", "extractive")
    assert_one_line_error(result, 2, "cannot replay a cassette with the extractive engine")


def _unreachable_run_recorded_to(cli: Any, cassette: Path) -> Any:
    """A run against a closed port (connection refused, one try), recorded to CASSETTE."""
    return cli(
        "summarize",
        str(SHORT),
        "--model",
        "openai-compatible/x",
        "--base-url",
        "http://127.0.0.1:9/v1",
        "--transport-retries",
        "1",
        "--record",
        str(cassette),
    )


def test_record_writes_a_cassette_through_a_symlink(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The cassette of a failed run (connection refused) is still saved, at the link's target.
    target = tmp_path / "kept.yaml"
    link = tmp_path / "run.yaml"
    link.symlink_to(target)
    result = _unreachable_run_recorded_to(cli, link)
    assert result.exit_code == 3, result.output
    assert link.is_symlink()
    assert "interactions" in target.read_text(encoding="utf-8")


def test_a_failing_record_never_hides_the_runs_error(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summarizer.cli

    cassette = tmp_path / "run.yaml"
    real_write = summarizer.cli.write_text

    def refuse_cassettes(path: Any, text: str, what: str = "--output") -> None:
        if what == "--record":
            raise OutputError(f"{path}: cannot write --record there (No space left on device)")
        real_write(path, text, what)

    monkeypatch.setattr(summarizer.cli, "write_text", refuse_cassettes)
    result = _unreachable_run_recorded_to(cli, cassette)
    assert result.exit_code == 3, "the run's own failure decides the exit code"
    lines = result.stderr.splitlines()
    assert any("cannot write --record" in line for line in lines)
    assert "cannot reach http://127.0.0.1:9/v1" in lines[-1]


def test_eval_checks_its_report_target_before_scoring(cli: Any, tmp_path: Path) -> None:
    # The gold file does not exist either: the unwritable report is reported first.
    result = cli(
        "eval", str(tmp_path / "missing.gold.json"), "--model", "extractive", "-o", "/proc/x/r.json"
    )
    assert_one_line_error(result, 2, "/proc/x/r.json: cannot write --output there")
