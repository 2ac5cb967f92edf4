"""The batch writers: a writer process (what a run uses), threads when it cannot start or
dies, and what the process does when its input ends or its parent is killed."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from summarizer._errors import OutputError
from summarizer.batch import BatchSettings, Document, _writer_process, _writers, run_batch
from summarizer.batch._journal import ManifestJournal
from summarizer.batch._writers import ProcessWriter, ThreadWriter, start_writer
from summarizer.batch._writing import Entry

ROOT = Path(__file__).resolve().parent.parent


def entries(out: Path, count: int) -> list[Entry]:
    return [
        Entry(str(out / f"d{n}.json"), f'{{"n": {n}}}\n'.encode(), f'{{"id": "d{n}"}}\n'.encode())
        for n in range(count)
    ]


async def write_all(writer: _writers.Writer, items: list[Entry]) -> list[str]:
    """ITEMS through WRITER; the ids whose `done` was called."""
    written: list[str] = []
    try:
        for entry in items:
            writer.submit(entry, lambda entry=entry: written.append(json.loads(entry.line)["id"]))
        await writer.at_most(0)
    finally:
        await writer.close()
    return written


async def process_writer(out: Path) -> ProcessWriter:
    """The writer a run in OUT gets: a writer process here."""
    writer = await start_writer(ManifestJournal(out / "manifest.jsonl"))
    assert isinstance(writer, ProcessWriter)
    return writer


def manifest_ids(out: Path) -> list[str]:
    lines = (out / "manifest.jsonl").read_text().splitlines()
    return sorted(json.loads(line)["id"] for line in lines)


def test_the_writer_process_writes_every_output_then_its_line(tmp_path: Path) -> None:
    async def run() -> tuple[list[str], int, int | None]:
        writer = await process_writer(tmp_path)
        pid = writer._process.pid
        written = await write_all(writer, entries(tmp_path, 40))
        return written, pid, writer._process.returncode

    written, pid, status = asyncio.run(run())
    assert pid != os.getpid() and status == 0
    assert sorted(written) == manifest_ids(tmp_path) == sorted(f"d{n}" for n in range(40))
    assert json.loads((tmp_path / "d7.json").read_text()) == {"n": 7}
    assert [name for name in os.listdir(tmp_path) if name.endswith(".tmp")] == []


def test_a_line_without_an_output_is_appended_alone(tmp_path: Path) -> None:
    failed = Entry(None, b"", b'{"id": "bad", "status": "failed"}\n')

    async def run() -> list[str]:
        writer = await start_writer(ManifestJournal(tmp_path / "manifest.jsonl"))
        return await write_all(writer, [failed])

    assert asyncio.run(run()) == ["bad"] == manifest_ids(tmp_path)
    assert os.listdir(tmp_path) == ["manifest.jsonl"]


@pytest.mark.parametrize("writer_kind", ["process", "threads"])
def test_an_output_that_cannot_be_written_raises_output_error_and_is_not_counted(
    tmp_path: Path, writer_kind: str
) -> None:
    items = entries(tmp_path, 3)
    items[1] = items[1]._replace(output_path=str(tmp_path / "missing-dir" / "d1.json"))

    async def run() -> list[str]:
        journal = ManifestJournal(tmp_path / "manifest.jsonl")
        writer = await start_writer(journal) if writer_kind == "process" else ThreadWriter(journal)
        return await write_all(writer, items)

    with pytest.raises(OutputError, match=r"missing-dir.*cannot write a batch output there"):
        asyncio.run(run())
    assert manifest_ids(tmp_path) == ["d0", "d2"]  # the others are written all the same


def test_what_a_killed_writer_process_left_unwritten_is_written_by_threads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def run() -> list[str]:
        writer = await process_writer(tmp_path)
        os.kill(writer._process.pid, signal.SIGSTOP)  # takes nothing from here on
        items = entries(tmp_path, 25)
        for entry in items[:20]:
            writer.submit(entry, lambda: None)
        os.kill(writer._process.pid, signal.SIGKILL)
        written = await write_all(writer, items[20:])
        return written

    with caplog.at_level(logging.WARNING, logger="summarizer.batch"):
        written = asyncio.run(run())
    assert "writer process stopped" in caplog.text
    assert manifest_ids(tmp_path) == sorted(f"d{n}" for n in range(25))
    assert sorted(written) == sorted(f"d{n}" for n in range(20, 25))


def test_entries_after_an_idle_writer_process_died_are_written_by_threads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async def run() -> list[str]:
        writer = await process_writer(tmp_path)
        items = entries(tmp_path, 6)
        for entry in items[:3]:
            writer.submit(entry, lambda: None)
        await writer.at_most(0)  # all three written and acknowledged: the process is idle
        writer._process.kill()
        await writer._process.wait()
        await asyncio.sleep(0)  # the acks' reader sees the end
        return await asyncio.wait_for(write_all(writer, items[3:]), 30)  # never a hang

    with caplog.at_level(logging.WARNING, logger="summarizer.batch"):
        written = asyncio.run(run())
    assert "writer process stopped" in caplog.text
    assert sorted(written) == ["d3", "d4", "d5"]
    assert manifest_ids(tmp_path) == [f"d{n}" for n in range(6)]


def test_without_a_python_to_start_the_run_writes_with_threads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-such-python"))

    async def run() -> tuple[type, list[str]]:
        writer = await start_writer(ManifestJournal(tmp_path / "manifest.jsonl"))
        return type(writer), await write_all(writer, entries(tmp_path, 5))

    kind, written = asyncio.run(run())
    assert kind is ThreadWriter
    assert sorted(written) == manifest_ids(tmp_path) == [f"d{n}" for n in range(5)]


def test_the_writer_process_runs_in_a_session_of_its_own(tmp_path: Path) -> None:
    """A terminal's Ctrl-C reaches the run's process group, never the writer: the run
    stops and the writer finishes what it took."""

    async def run() -> int:
        writer = await process_writer(tmp_path)
        session = os.getsid(writer._process.pid)
        await writer.close()
        return session

    assert asyncio.run(run()) != os.getsid(0)


def test_the_writer_process_loads_no_pydantic_and_no_engine(tmp_path: Path) -> None:
    script = _writer_process.__file__
    command = [sys.executable, "-I", "-S", "-X", "importtime", script, str(tmp_path / "m")]
    entry = entries(tmp_path, 1)[0]
    done = subprocess.run(
        command,
        input=_writer_process.frame(1, entry) + _writer_process.END,
        capture_output=True,
        timeout=60,
    )
    imported = {line.split("|")[-1].strip() for line in done.stderr.decode().splitlines()}
    assert done.returncode == 0
    assert {"summarizer._files", "summarizer.batch._journal"} <= imported
    assert not {name for name in imported if name.startswith(("pydantic", "openai", "jinja2"))}
    assert _writer_process.ACK.unpack(done.stdout[: _writer_process.ACK.size]) == (1, 0)


def test_a_writer_process_whose_parent_is_killed_stops_at_once(tmp_path: Path) -> None:
    """Its parent gone, it stops without waiting for the writes it took (the next run
    redoes them): here one would never end, an output on a FIFO nobody reads."""
    fifo = tmp_path / "blocked.json"
    os.mkfifo(fifo)
    frame = _writer_process.frame(1, Entry(str(fifo), b"{}", b"{}\n"))
    parent = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import subprocess, sys, time\n"
            f"child = subprocess.Popen([sys.executable, '-I', '-S', {_writer_process.__file__!r},"
            f" {str(tmp_path / 'm')!r}], stdin=subprocess.PIPE)\n"
            f"child.stdin.write({frame!r}); child.stdin.flush()\n"
            "print(child.pid, flush=True)\n"
            "time.sleep(60)\n",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    time.sleep(0.5)  # the child took the frame: a thread waits on the FIFO
    assert not _gone(child, within=0)
    parent.kill()
    parent.wait(timeout=30)
    assert _gone(child, within=20)


def _gone(pid: int, within: float) -> bool:
    deadline = time.monotonic() + within
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        with open(f"/proc/{pid}/stat") as stat:  # reaped by init later: a zombie is gone
            if stat.read().split(") ")[-1].startswith("Z"):
                return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


@pytest.mark.parametrize("python", ["writer-process", "no-python-to-start"])
def test_a_whole_run_writes_the_same_outputs_whichever_writer_it_gets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, python: str
) -> None:
    if python == "no-python-to-start":
        monkeypatch.setattr(sys, "executable", "")
    texts = [
        "Mayor Ana Ruiz said the ferry will sail in May.",
        'Council member Raj Patel said the budget vote "cannot wait another week".',
    ]
    documents = [Document(f"d{n}", f"d{n}.txt", text=text) for n, text in enumerate(texts)]
    settings = BatchSettings(concurrency=1)
    tally = run_batch(documents, tmp_path, {"model": "extractive"}, settings=settings)
    assert (tally.ok, tally.failed) == (2, 0)
    assert manifest_ids(tmp_path) == ["d0", "d1"]
    output = json.loads((tmp_path / "d1.json").read_text())
    assert output["document"]["text"] == texts[1] and output["summary"]["sources"]


def test_the_pipe_to_the_writer_process_holds_about_a_hundred_entries(tmp_path: Path) -> None:
    import fcntl

    async def run() -> int:
        writer = await process_writer(tmp_path)
        assert writer._process.stdin is not None
        pipe = writer._process.stdin.get_extra_info("pipe")
        size = fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ)
        await writer.close()
        return size

    assert asyncio.run(run()) == _writers.PIPE_BYTES > 100 * 9_000
