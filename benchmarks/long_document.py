"""Long documents through an LLM engine, chunked (issue 12, part 3).

Run from the repository root:  python benchmarks/long_document.py [--articles 200]
    [--latency 0.5] [--concurrency 8]

- wall time: an invented document (ARTICLES short invented articles joined, about 570
  characters each: tests/scripted_long_server.py) through `Summarizer.summarize` with
  --context-size 2048 and --max-tokens 300, against a local OpenAI-compatible server
  (tests/latency_server.py on 127.0.0.1, in its own process as a provider is) that waits
  LATENCY seconds and answers with a scripted summary quoting each chunk. Reported: chunks,
  wall time, and its ratio to the ideal: ceil(chunks / CONCURRENCY) x LATENCY for the
  chunk calls plus LATENCY for the final call.
- merge time: `merge_chunks` over those chunk summaries (seconds, and per chunk).
- token estimate: estimated / real prompt tokens for every request recorded in
  cassettes/*.yaml whose real count the llama.cpp server reported (`usage.prompt_tokens`,
  or the count in its context-length error): min, median, max. Above 1 everywhere means
  the budget never lets a prompt overflow on the estimate alone.

Results (numbers only) go to benchmarks/results/long_document.json.
"""

from __future__ import annotations

import argparse
import json
import math
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer import Summarizer  # noqa: E402
from summarizer._long import summarize_document  # noqa: E402
from tests.scripted_long_server import invented_articles  # noqa: E402
from tests.test_long_budget import _measured  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "long_document.json"
SETTINGS = {"context_size": 2048, "max_tokens": 300, "cache": False, "api_key": "sk-bench"}
SERVER = """
import sys, threading
sys.path.insert(0, {root!r})
from tests.latency_server import LatencyServer
from tests.scripted_long_server import scripted_reply
with LatencyServer(scripted_reply(), {latency}) as server:
    print(server.base_url, flush=True)
    threading.Event().wait()
"""


@contextmanager
def server_process(latency: float) -> Iterator[str]:
    code = SERVER.format(root=str(ROOT), latency=latency)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def wall_time(document: str, latency: float, concurrency: int) -> dict[str, Any]:
    with server_process(latency) as url:
        options = {**SETTINGS, "base_url": url}
        with Summarizer("openai-compatible/scripted", **options) as summarizer:
            started = time.perf_counter()
            done = summarize_document(summarizer.engine, document, concurrency)
            seconds = time.perf_counter() - started
    assert done.chunks is not None, "the document must not fit the context"
    chunks = done.chunks.count
    ideal = math.ceil(chunks / concurrency) * latency + latency
    return {
        "document_chars": len(document),
        "chunks": chunks,
        "max_chunk_chars": done.chunks.max_chunk_chars,
        "calls": done.chunks.calls,
        "concurrency": concurrency,
        "latency_seconds": latency,
        "wall_seconds": round(seconds, 3),
        "ideal_seconds": round(ideal, 3),
        "wall_over_ideal": round(seconds / ideal, 3),
        "merge_seconds": round(done.merge_seconds, 4),
        "merge_ms_per_chunk": round(1000 * done.merge_seconds / chunks, 3),
    }


def token_estimate() -> dict[str, Any]:
    ratios = [estimated / real for _, estimated, real in _measured()]
    return {
        "requests": len(ratios),
        "estimated_over_real_min": round(min(ratios), 3),
        "estimated_over_real_median": round(statistics.median(ratios), 3),
        "estimated_over_real_max": round(max(ratios), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    document = invented_articles(args.articles)
    results = {
        "machine": {"python": platform.python_version(), "cpus": _cpus()},
        "wall_time": wall_time(document, args.latency, args.concurrency),
        "token_estimate": token_estimate(),
    }
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


def _cpus() -> int:
    import os

    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    main()
