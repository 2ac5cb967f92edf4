"""`summarizer batch` measured side by side in one run (issue 11, part 5).

Run from the repository root:  python benchmarks/batch.py [--documents 200] [--latency 0.5]

- concurrency: DOCUMENTS documents through `run_batch` with --concurrency 16 against a
  local OpenAI-compatible server (tests/latency_server.py, 127.0.0.1) that waits LATENCY
  seconds and answers every request with a real recorded response: the last exchange of
  cassettes/reask-validation.yaml (SmolLM2-135M-Instruct's valid summary of the invented
  tests/data/riverton-bridge.txt). Reported: wall time / ideal (DOCUMENTS / 16 x LATENCY).
  The server runs in its own process, as a provider does: in the benchmark's process its
  threads would take the interpreter lock from the event loop being measured (that
  variant is reported too, as `in_process_server_wall_over_ideal`).
- overhead: the same server at zero latency, one document at a time: seconds per document
  through `Summarizer.summarize` vs a raw instructor call with the same response model,
  messages, sampling and response. Reported: the ratio.
- cache: the concurrency run with the response cache on, first into an empty cache, then
  RERUNS times again with --force (every document re-summarized, the cache answering; the
  median is reported, every time too: one re-run takes ~0.1 s, where a disk's journal
  commit or another process on the machine moves a single sample by a third), then again
  as the same command (resume: every document skipped). Speed-ups over the first run.
  All three write into the same output directory: the --force run re-summarizes every
  document (nothing is skipped), so it pays what a re-run of the same documents pays.
- extractive: the 84 PolNeAR dev articles (../shared/eval/polnear-dev/text) x 10 through
  `run_batch` with 1 process (in-process) and 2 processes (the process pool); documents/s
  and their ratio. Outputs and manifest are written (and fsynced) as in a real run.

Documents are the invented article with a distinct closing line each, so the recorded
quotes align in every one. Results (numbers only) go to benchmarks/results/batch.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import instructor  # noqa: E402
import openai  # noqa: E402

from summarizer import Summarizer  # noqa: E402
from summarizer._engines._llm_response import model_facing_summary  # noqa: E402
from summarizer._prompts import render_document_prompt  # noqa: E402
from summarizer.batch import BatchSettings, Document, Tally, run_batch  # noqa: E402
from tests.latency_server import LatencyServer, always  # noqa: E402

CASSETTE = ROOT / "cassettes" / "reask-validation.yaml"
ARTICLE = ROOT / "tests" / "data" / "riverton-bridge.txt"
DEV_TEXTS = ROOT.parent / "shared" / "eval" / "polnear-dev" / "text"
RESULTS = ROOT / "benchmarks" / "results" / "batch.json"
CONCURRENCY = 16
RERUNS = 5
# The settings the recorded response was recorded with (the cassette's metadata).
RECORDED = {"temperature": 0.0, "max_tokens": 2000, "max_items": 4, "reask_unverifiable": False}


def recorded_response() -> dict[str, Any]:
    cassette = yaml.safe_load(CASSETTE.read_text(encoding="utf-8"))
    body: dict[str, Any] = json.loads(cassette["interactions"][-1]["response"]["body"]["string"])
    return body


def documents(count: int) -> list[Document]:
    article = ARTICLE.read_text(encoding="utf-8")
    return [Document(f"doc-{n}", f"doc-{n}", text=f"{article}\nNote {n}.\n") for n in range(count)]


@contextmanager
def server_process(latency: float) -> Iterator[str]:
    """tests/latency_server.py in a process of its own, answering with the recorded
    response: its base URL."""
    with tempfile.TemporaryDirectory() as scratch:
        reply = Path(scratch) / "reply.json"
        reply.write_text(json.dumps(recorded_response()), encoding="utf-8")
        command = [sys.executable, "-m", "tests.latency_server", str(latency), str(reply)]
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            yield server.stdout.readline().strip()
        finally:
            server.terminate()
            server.wait(timeout=10)


def requests_made(out: str) -> int:
    """Requests the run sent: the attempts its manifest records."""
    lines = (Path(out) / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return sum(json.loads(line)["attempts"] or 0 for line in lines)


def llm_options(base_url: str, cache_dir: Path | None) -> dict[str, Any]:
    return {
        "model": "openai-compatible/smollm2-135m-instruct",
        "base_url": base_url,
        "api_key": "sk-benchmark-no-key",
        "cache": cache_dir is not None,
        "cache_dir": cache_dir,
        **RECORDED,
    }


def timed_batch(
    docs: list[Document], options: dict[str, Any], out: str | None = None, **settings: Any
) -> tuple[float, Tally]:
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        tally = run_batch(docs, out or scratch, options, settings=BatchSettings(**settings))
        return time.perf_counter() - started, tally


def in_process_server_run(docs: list[Document], latency: float) -> float:
    """The concurrency run with the server's threads in this process."""
    with LatencyServer(always(recorded_response()), latency) as server:
        seconds, _ = timed_batch(docs, llm_options(server.base_url, None), concurrency=CONCURRENCY)
    return seconds


def concurrency_and_cache(count: int, latency: float) -> dict[str, Any]:
    docs = documents(count)
    with server_process(latency) as base_url, tempfile.TemporaryDirectory() as first_out:
        Summarizer(**llm_options(base_url, None)).close()  # imports paid before the clock runs
        seconds, tally = timed_batch(
            docs, llm_options(base_url, None), first_out, concurrency=CONCURRENCY
        )
        requests = requests_made(first_out)
        with tempfile.TemporaryDirectory() as cache, tempfile.TemporaryDirectory() as out:
            options = llm_options(base_url, Path(cache))
            first, filled = timed_batch(docs, options, out, concurrency=CONCURRENCY)
            reruns = [
                timed_batch(docs, options, out, concurrency=CONCURRENCY, force=True)
                for _ in range(RERUNS)
            ]
            resumed, skipped = timed_batch(docs, options, out, concurrency=CONCURRENCY)
    again = statistics.median(seconds for seconds, _ in reruns)
    cached = reruns[-1][1]
    ideal = count / CONCURRENCY * latency
    in_process = in_process_server_run(docs, latency)
    return {
        "concurrency": {
            "documents": count,
            "latency_seconds": latency,
            "concurrency": CONCURRENCY,
            "ok": tally.ok,
            "requests": requests,
            "wall_seconds": round(seconds, 3),
            "ideal_seconds": round(ideal, 3),
            "wall_over_ideal": round(seconds / ideal, 3),
            "in_process_server_wall_seconds": round(in_process, 3),
            "in_process_server_wall_over_ideal": round(in_process / ideal, 3),
        },
        "cache": {
            "first_run_seconds": round(first, 3),
            "first_run_tokens": filled.tokens,
            "rerun_seconds": round(again, 3),
            "rerun_samples_seconds": [round(seconds, 3) for seconds, _ in reruns],
            "rerun_tokens": sum(tally.tokens for _, tally in reruns),
            "rerun_cache_hits": cached.cached,
            "speedup": round(first / again, 1),
            "resumed_rerun_seconds": round(resumed, 3),
            "resumed_rerun_skipped": skipped.skipped,
            "resumed_speedup": round(first / resumed, 1),
        },
    }


def per_document(job: Callable[[str], object], docs: list[Document], rounds: int) -> float:
    """The median over ROUNDS of the seconds per document of JOB run on every document."""
    job(docs[0].text or "")  # warm: imports, the client, the schema
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for doc in docs:
            job(doc.text or "")
        times.append((time.perf_counter() - started) / len(docs))
    return statistics.median(times)


def raw_instructor(base_url: str) -> Callable[[str], object]:
    """The same request and response model through instructor alone."""
    client = instructor.from_openai(
        openai.OpenAI(base_url=base_url, api_key="sk-benchmark-no-key", max_retries=0),
        mode=instructor.Mode.TOOLS,
    )
    response_model = model_facing_summary(RECORDED["max_items"])

    def call(text: str) -> object:
        return client.chat.completions.create(
            model="smollm2-135m-instruct",
            response_model=response_model,
            messages=render_document_prompt(text).as_dicts(),  # type: ignore[arg-type]
            max_retries=0,
            temperature=0.0,
            max_tokens=2000,
        )

    return call


def overhead(count: int, rounds: int) -> dict[str, Any]:
    docs = documents(count)
    with server_process(0.0) as base_url:
        raw = per_document(raw_instructor(base_url), docs, rounds)
        with Summarizer(**llm_options(base_url, None)) as summarizer:
            ours = per_document(summarizer.summarize, docs, rounds)
    return {
        "documents": count,
        "rounds": rounds,
        "raw_instructor_ms_per_document": round(raw * 1000, 2),
        "summarizer_ms_per_document": round(ours * 1000, 2),
        "ratio": round(ours / raw, 3),
    }


def extractive(copies: int) -> dict[str, Any]:
    articles = sorted(DEV_TEXTS.glob("*.txt"))
    texts = [(path.stem, path.read_text(encoding="utf-8")) for path in articles]
    docs = [Document(f"{name}#{k}", name, text=text) for k in range(copies) for name, text in texts]
    rates = {}
    for processes in (1, 2):
        seconds, tally = timed_batch(docs, {"model": "extractive"}, concurrency=processes)
        assert tally.ok == len(docs), tally.summary_line()
        rates[processes] = (len(docs) / seconds, seconds)
    return {
        "documents": len(docs),
        "one_process_docs_per_s": round(rates[1][0], 1),
        "one_process_seconds": round(rates[1][1], 2),
        "two_processes_docs_per_s": round(rates[2][0], 1),
        "two_processes_seconds": round(rates[2][1], 2),
        "ratio": round(rates[2][0] / rates[1][0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--overhead-documents", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10)
    args = parser.parse_args()
    results = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1min_at_start": round(os.getloadavg()[0], 2),
        },
        **concurrency_and_cache(args.documents, args.latency),
        "overhead": overhead(args.overhead_documents, args.rounds),
        "extractive": extractive(args.copies),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
