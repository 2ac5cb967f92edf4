"""`summarizer batch ... --dask`: documents over a real `distributed.LocalCluster` on
127.0.0.1 (2 single-threaded worker processes), one of them killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch import MANIFEST, BatchSettings, Document, Tally, run_batch
from summarizer.batch._dask import DaskExecutor
from tests.conftest import SHORT, handwritten_completion
from tests.fault_server import HANDWRITTEN_SUMMARY
from tests.latency_server import LatencyServer, always

distributed = pytest.importorskip("distributed")

# Invented sentences, each a document the extractive engine finds a source in.
SAID = 'Harbour master Lena Ortiz said on day {n} that the pier "opens on Friday".'


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=":0",  # any free port: never a fixed one
    ) as local:
        yield local


def worker_pids(cluster: Any) -> list[int]:
    with distributed.Client(cluster) as client:
        return sorted(client.run(os.getpid).values())


def summarizers_per_worker(cluster: Any) -> list[int]:
    from summarizer.batch import _dask

    def count() -> int:
        return len(_dask._WORKER_SUMMARIZERS)

    with distributed.Client(cluster) as client:
        return sorted(client.run(count).values())


def manifest(out: Path) -> dict[str, dict[str, Any]]:
    lines = [json.loads(line) for line in (out / MANIFEST).read_text().splitlines()]
    return {line["id"]: line for line in lines}


def test_documents_are_summarized_on_the_workers_and_written_by_the_client(
    cluster: Any, tmp_path: Path
) -> None:
    docs = [Document(f"d{n}", f"d{n}.txt", text=SAID.format(n=n)) for n in range(8)]
    options = {"model": "extractive"}
    tally = run_batch(
        docs, tmp_path / "dask", options, executor=DaskExecutor(cluster.scheduler_address)
    )
    local = run_batch(docs, tmp_path / "here", options, settings=BatchSettings(concurrency=1))
    assert (tally.ok, tally.failed, local.ok) == (8, 0, 8)
    assert summarizers_per_worker(cluster) == [1, 1]  # both worked, each built one
    for n in range(8):
        there = json.loads((tmp_path / "dask" / f"d{n}.json").read_text())
        here = json.loads((tmp_path / "here" / f"d{n}.json").read_text())
        assert there["summary"] == here["summary"] and there["summary"]["sources"]
    resumed = run_batch(
        docs, tmp_path / "dask", options, executor=DaskExecutor(cluster.scheduler_address)
    )
    assert (resumed.ok, resumed.skipped) == (0, 8)


def test_a_worker_killed_mid_run_loses_no_document(cluster: Any, tmp_path: Path) -> None:
    text = SHORT.read_text(encoding="utf-8")
    docs = [Document(f"n{k}", f"n{k}", text=f"{text}\nA note on {k}.") for k in range(10)]
    victim = worker_pids(cluster)[0]
    killed_at: list[int] = []

    def kill_after_the_first(tally: Tally) -> None:
        if tally.done >= 1 and not killed_at:
            killed_at.append(tally.done)
            os.kill(victim, signal.SIGKILL)

    reply = always(handwritten_completion(HANDWRITTEN_SUMMARY))
    with LatencyServer(reply, latency=0.3) as server:
        options = {"model": "openai-compatible/x", "base_url": server.base_url, "cache": False}
        tally = Tally(listeners=[kill_after_the_first])
        executor = DaskExecutor(cluster.scheduler_address)
        first = run_batch(docs, tmp_path, options, executor=executor, tally=tally)
        failures = {line["error_class"] for line in manifest(tmp_path).values() if line["error"]}
        resumed = run_batch(
            docs, tmp_path, options, executor=DaskExecutor(cluster.scheduler_address)
        )
    assert killed_at and killed_at[0] < len(docs)  # the kill came mid-run
    assert first.ok + first.failed == len(docs) and failures <= {"WorkerDied"}
    assert resumed.ok + resumed.skipped == len(docs) and resumed.ok == first.failed
    assert {line["status"] for line in manifest(tmp_path).values()} == {"ok"}


def test_dask_local_starts_a_cluster_for_the_run(cli: Any, tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / "in").mkdir(exist_ok=True)
        (tmp_path / "in" / f"s{n}.txt").write_text(SAID.format(n=n), encoding="utf-8")
    out = tmp_path / "out"
    result = cli(
        "batch", str(tmp_path / "in"), "--out", str(out), "--dask", "local",
        "--concurrency", "2", "--model", "extractive", "--quiet",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "3 ok, 0 failed" in result.stderr
    assert sorted(manifest(out)) == ["s0.txt", "s1.txt", "s2.txt"]


def test_an_unreachable_scheduler_is_one_line_and_exit_3(
    cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.batch import _dask

    monkeypatch.setattr(_dask, "CONNECT_TIMEOUT", 1)
    with socket.socket() as unused:  # a port nobody listens on
        unused.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{unused.getsockname()[1]}"
    (tmp_path / "a.txt").write_text(SAID.format(n=1), encoding="utf-8")
    result = cli(
        "batch", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--dask", address
    )
    assert result.exit_code == 3
    assert f"--dask {address}: cannot reach the scheduler" in result.stderr
    assert "Traceback" not in result.stderr
