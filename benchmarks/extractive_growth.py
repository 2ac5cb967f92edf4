"""How the extractive engine's time grows with the document on pathological inputs.

Run from the repository root:

    python benchmarks/extractive_growth.py                 # 100, 200, 400, 800 KB
    python benchmarks/extractive_growth.py --quick         # 25, 50, 100, 200 KB
    python benchmarks/extractive_growth.py --sizes 10 20 --shapes quoted_said
    python benchmarks/extractive_growth.py --hash          # output hash on real news only

Each shape is one document of SIZE thousand characters, built by repeating a unit and
cutting at the size: a single paragraph of quotations attributed to 'he' (the pronoun's
antecedent search once walked back over every earlier sentence), straight quotes that
pair across attributions, one sentence made of nothing but 'said', unbalanced opening
quote marks, one sentence of risk clauses, of stance verbs, of dates in an agreement
sentence, of stances inside reported speech (each cue once reread the whole sentence),
and real news flattened into one paragraph (the PolNeAR dev articles of
../shared/eval/polnear-dev, newlines removed, repeated to the size; read at run time,
never stored). The engine is called directly, so no character limit applies.

Time is process CPU time of one cold run (caches cleared). The growth exponent is the
least-squares slope of log(time) against log(size): 1 is linear, 2 quadratic. The target
is <= 1.15 for every shape. A shape stops growing once one size took longer than
--max-seconds (the exponent then comes from the sizes measured). Results (numbers only,
no news text) go to benchmarks/results/extractive_growth.json unless --no-save.

--hash prints one SHA-256 over the engine's JSON output for the seed and every dev
article, the check that a speed change leaves the output on real news byte-identical.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import platform
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
SEED = ROOT / "seeds" / "iraq-us-forces.txt"
RESULTS = ROOT / "benchmarks" / "results" / "extractive_growth.json"
TARGET_EXPONENT = 1.15
FULL_SIZES = (100, 200, 400, 800)
QUICK_SIZES = (25, 50, 100, 200)

# The repeated unit of each pathological shape (all in one paragraph, no newline).
UNITS = {
    "quoted_said": "“We will act,” he said. ",
    "straight_said": '"x," he said "',
    "said_chain": "the mayor said the council said ",
    "unbalanced_open": "“We will act, the mayor said ",
    # one sentence of cues that each reread the whole sentence (found by fuzzing)
    "risk_nouns": "a risk, ",
    "stance_verbs": "rejected x ",
    "agreement_dates": "Iran and Iraq signed a deal on May 5, 2020, by June 1, ",
    "reported_stances": "US officials said Iran rejected ",
}


def _articles() -> list[str]:
    articles = [path.read_text(encoding="utf-8") for path in sorted(TEXTS.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no articles in {TEXTS}")
    return articles


def flattened_news() -> str:
    """The dev articles as one paragraph: every line break becomes a space. It opens with
    the first article whose headline has no colon: a document opening 'Poll: ...' is one
    headline label, and with no paragraph break the label would take the whole text."""
    flat = [" ".join(filter(None, map(str.strip, text.splitlines()))) for text in _articles()]
    first = next(index for index, text in enumerate(flat) if ":" not in text.split(". ")[0])
    return " ".join(flat[first:] + flat[:first])


def document(shape: str, chars: int) -> str:
    """CHARS characters of SHAPE: its unit (or flattened news) repeated and cut."""
    unit = flattened_news() if shape == "flattened_news" else UNITS[shape]
    text = unit * (chars // len(unit) + 1)
    return text[:chars]


def _cold() -> None:
    parse_speaker.cache_clear()
    _surname_tokens.cache_clear()


def timed(job: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of JOB, cold."""
    _cold()
    cpu, wall = time.process_time(), time.perf_counter()
    job()
    return time.process_time() - cpu, time.perf_counter() - wall


def growth_exponent(sizes: list[int], seconds: list[float]) -> float | None:
    """Least-squares slope of log(seconds) against log(size)."""
    if len(sizes) < 2:
        return None
    xs = [math.log(size) for size in sizes]
    ys = [math.log(max(second, 1e-6)) for second in seconds]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return round(slope, 3)


def measure(shape: str, sizes: list[int], max_seconds: float) -> dict[str, object]:
    """Seconds per size of SHAPE and its growth exponent."""
    rows: list[dict[str, float | int]] = []
    for size in sizes:
        text = document(shape, size * 1000)
        cpu, wall = timed(lambda text=text: summarize(text))
        rows.append(
            {"kb": size, "chars": len(text), "cpu_s": round(cpu, 3), "wall_s": round(wall, 3)}
        )
        print(f"{shape:16} {size:5} KB  cpu {cpu:8.3f} s  wall {wall:8.3f} s", flush=True)
        if cpu > max_seconds:
            break
    exponent = growth_exponent([int(r["kb"]) for r in rows], [float(r["cpu_s"]) for r in rows])
    return {"runs": rows, "exponent": exponent}


def output_hash() -> tuple[str, int]:
    """SHA-256 over the engine's JSON output for the seed and every dev article."""
    digest = hashlib.sha256()
    texts = [SEED.read_text(encoding="utf-8"), *_articles()]
    for text in texts:
        digest.update(summarize(text).model_dump_json().encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest(), len(texts)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", help="sizes in thousands of chars")
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES}")
    parser.add_argument("--shapes", nargs="+", choices=[*UNITS, "flattened_news"])
    parser.add_argument("--max-seconds", type=float, default=300.0)
    parser.add_argument("--hash", action="store_true", help="print the output hash only")
    parser.add_argument("--no-save", action="store_true")
    return parser.parse_args()


def main() -> None:
    args = _arguments()
    summarize(document("quoted_said", 200))  # imports and regex compilation are not growth
    if args.hash:
        digest, count = output_hash()
        print(f"sha256 of the engine's JSON output on {count} documents: {digest}")
        return
    sizes = args.sizes or list(QUICK_SIZES if args.quick else FULL_SIZES)
    shapes = args.shapes or [*UNITS, "flattened_news"]
    measured = {shape: measure(shape, sizes, args.max_seconds) for shape in shapes}
    print(f"\n{'shape':16} exponent (target <= {TARGET_EXPONENT})")
    for shape, result in measured.items():
        print(f"{shape:16} {result['exponent']}")
    results = {
        "sizes_kb": sizes,
        "target_exponent": TARGET_EXPONENT,
        "shapes": measured,
        "environment": {
            "python": platform.python_version(),
            "machine": platform.machine(),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
    }
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
