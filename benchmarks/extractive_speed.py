"""Throughput of the extractive engine on real news text.

Run from the repository root:  python benchmarks/extractive_speed.py [--runs N]

Input: the PolNeAR dev articles (../shared/eval/polnear-dev/text), read as UTF-8 and
concatenated with blank lines into one document (about 0.4 MB), then also summarized one
article at a time. Throughput is UTF-8 megabytes (10^6 bytes) per second of process CPU
time (wall time is reported too; on a shared machine it mostly measures the neighbours).
Caches are cleared before every run, so each run is cold. The headline is the fastest run,
as the `timeit` documentation advises: slower runs measure other processes competing for
the machine, not the code. Medians are reported next to it. Results (numbers only, no news
text) go to benchmarks/results/extractive_speed.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer._engines._extractive import summarize  # noqa: E402
from summarizer._engines._extractive._registry import _surname_tokens  # noqa: E402
from summarizer._engines._extractive._speakers import parse_speaker  # noqa: E402

TEXTS = ROOT.parent / "shared" / "eval" / "polnear-dev" / "text"
RESULTS = ROOT / "benchmarks" / "results" / "extractive_speed.json"
TARGET_MB_S = 1.0


def _cold() -> None:
    parse_speaker.cache_clear()
    _surname_tokens.cache_clear()


def _timed(job: Callable[[], object]) -> tuple[float, float]:
    _cold()
    cpu, wall = time.process_time(), time.perf_counter()
    job()
    return time.process_time() - cpu, time.perf_counter() - wall


def _rate(megabytes: float, seconds: list[float]) -> dict[str, float]:
    return {
        "seconds_median": round(statistics.median(seconds), 4),
        "mb_per_s_median": round(megabytes / statistics.median(seconds), 3),
        "mb_per_s_best": round(megabytes / min(seconds), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    articles = [path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no articles in {TEXTS}")
    joined = "\n\n".join(articles)
    megabytes = len(joined.encode("utf-8")) / 1e6
    summarize(articles[0])  # imports and regex compilation are not throughput

    def one_by_one() -> None:
        for article in articles:
            summarize(article)

    # Alternate the two modes so that both see the same neighbours on a shared machine.
    concatenated: list[tuple[float, float]] = []
    separate: list[tuple[float, float]] = []
    for _ in range(args.runs):
        concatenated.append(_timed(lambda: summarize(joined)))
        separate.append(_timed(one_by_one))
    fastest = {
        "concatenated_mb_per_s": round(megabytes / min(cpu for cpu, _ in concatenated), 3),
        "one_article_at_a_time_mb_per_s": round(megabytes / min(cpu for cpu, _ in separate), 3),
    }
    results = {
        "headline_fastest_run": fastest,
        "articles": len(articles),
        "megabytes": round(megabytes, 4),
        "runs": args.runs,
        "target_mb_per_s": TARGET_MB_S,
        "concatenated": {
            "cpu": _rate(megabytes, [cpu for cpu, _ in concatenated]),
            "wall": _rate(megabytes, [wall for _, wall in concatenated]),
        },
        "one_article_at_a_time": {
            "cpu": _rate(megabytes, [cpu for cpu, _ in separate]),
            "wall": _rate(megabytes, [wall for _, wall in separate]),
        },
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            # other processes compete for the same cores; CPU time suffers too (caches, SMT)
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
