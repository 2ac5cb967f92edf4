"""How the extractive engine's time grows on long documents (1, 2, 4 MB by default).

Run from the repository root:

    python benchmarks/extractive_long.py                 # 1, 2, 4 MB of invented news
    python benchmarks/extractive_long.py --sizes 0.5 1   # other sizes, in MB
    python benchmarks/extractive_long.py --news          # ../shared/eval news, read at run time

A document is news-like paragraphs made at run time: invented sentences (named people,
anonymous officials, relayed quotes, positions, agreements with dates, risks with hedge
words, figures) drawn from templates with a seeded RNG, so every run measures the same
text. `--news` instead repeats the PolNeAR dev articles of ../shared/eval/polnear-dev
(read at run time, never stored) to the size.

Each size is timed twice, cold: the engine alone (`_engines._extractive.summarize`) and
the whole public call (`summarizer.summarize(..., model="extractive")`: reading, engine,
grounding report), with the character limit raised to the document. Time is process CPU
time; the growth exponent is the least-squares slope of log(time) against log(size)
(1 is linear, 2 quadratic). Results (numbers only) go to
benchmarks/results/extractive_long.json unless --no-save.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import summarizer  # noqa: E402
from benchmarks.extractive_growth import growth_exponent, timed  # noqa: E402
from summarizer._engines._extractive import summarize as engine_summarize  # noqa: E402

NEWS = ROOT.parent / "shared" / "eval" / "polnear-dev" / "text"
RESULTS = ROOT / "benchmarks" / "results" / "extractive_long.json"
SIZES_MB = (1.0, 2.0, 4.0)
MB = 1_000_000

FIRST = [
    "Ana",
    "Tomas",
    "Lena",
    "Omar",
    "Petra",
    "Kofi",
    "Ines",
    "Marek",
    "Yuki",
    "Sven",
    "Hanne",
    "Rafael",
    "Dita",
    "Joel",
    "Mira",
]
LAST = [
    "Ruiz",
    "Halvorsen",
    "Okafor",
    "Brandt",
    "Mirza",
    "Castell",
    "Novak",
    "Tanaka",
    "Lund",
    "Ferreira",
    "Vidal",
    "Sato",
]
ROLES = ["Mayor", "Senator", "Minister", "Governor", "Councillor", "Judge"]
TOWNS = ["Millbrook", "Carrow", "Eastmere", "Dunwick", "Selby Cross", "Harlow Bay", "Tarnby"]
THINGS = ["the ferry", "the bridge repair", "the school budget", "the water plan", "the rail link"]
OUTLETS = ["the Carrow Courier", "Radio Eastmere", "the Dunwick Gazette"]
MONTHS = ["March", "April", "May", "June", "September", "October"]
TEMPLATES = [
    "{person} said on Monday that {thing} in {town} “will be finished by {month}”.",
    "An unnamed official in {town} told {outlet} that {n} workers could lose their jobs.",
    "The council of {town} and the regional board signed an agreement on {thing} on "
    "{month} {day}, 2025.",
    "Residents fear that {thing} may be delayed again because steel prices keep rising.",
    "“We reject any new tax for {thing},” said {name}, a trader in {town}.",
    "{name} opposes the plan to close {thing}, according to {outlet}.",
    "The project will cost {n} million crowns, twice the first estimate.",
    "There is a risk that floods could damage {thing} before {month}.",
    "{person} supports the deal, but critics warn it could collapse by {month}.",
]


def invented_document(chars: int, seed: int = 7) -> str:
    """CHARS characters of invented news paragraphs (3-6 sentences, blank lines between)."""
    rng = random.Random(seed)
    paragraphs, total = [], 0
    while total < chars:
        paragraph = " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 2
    return "\n\n".join(paragraphs)[:chars]


def _sentence(rng: random.Random) -> str:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    return rng.choice(TEMPLATES).format(
        person=f"{rng.choice(ROLES)} {name}",
        name=name,
        town=rng.choice(TOWNS),
        thing=rng.choice(THINGS),
        outlet=rng.choice(OUTLETS),
        month=rng.choice(MONTHS),
        day=rng.randint(1, 28),
        n=rng.randint(2, 900),
    )


def news_document(chars: int) -> str:
    """The dev articles, paragraphs kept, repeated and cut to CHARS characters."""
    articles = [path.read_text(encoding="utf-8") for path in sorted(NEWS.glob("*.txt"))]
    if not articles:
        raise SystemExit(f"no articles in {NEWS}")
    joined = "\n\n".join(articles) + "\n\n"
    return (joined * (chars // len(joined) + 1))[:chars]


def measure(text: str) -> dict[str, float | int]:
    """CPU seconds of the engine and of the public call on TEXT, and what was found."""
    engine_cpu, _ = timed(lambda: engine_summarize(text))
    found: list[summarizer.SummaryResult] = []
    api_cpu, api_wall = timed(
        lambda: found.append(summarizer.summarize(text, model="extractive", max_chars=len(text)))
    )
    summary = found[0].summary
    return {
        "chars": len(text),
        "engine_cpu_s": round(engine_cpu, 3),
        "api_cpu_s": round(api_cpu, 3),
        "api_wall_s": round(api_wall, 3),
        "items": sum(1 for _ in summary.items()),
        "coverage": found[0].meta.grounding.coverage,
    }


def _line(size: float, row: dict[str, float | int]) -> str:
    per_mb = float(row["api_cpu_s"]) / size
    return (
        f"{size:5} MB  engine {row['engine_cpu_s']:7.2f} s  public call {row['api_cpu_s']:7.2f}"
        f" s cpu ({per_mb:.2f} s/MB; wall {row['api_wall_s']:.2f} s)  items {row['items']}"
        f"  coverage {row['coverage']:.2f}"
    )


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", help="sizes in MB (10^6 chars)")
    parser.add_argument("--news", action="store_true", help="repeat ../shared dev articles")
    parser.add_argument("--no-save", action="store_true")
    return parser.parse_args()


def _report(sizes: list[float], rows: list[dict[str, float | int]]) -> dict[str, float | None]:
    exponents = {
        key: growth_exponent(sizes, [float(row[f"{key}_cpu_s"]) for row in rows])
        for key in ("engine", "api")
    }
    print(f"growth exponent: engine {exponents['engine']}, public call {exponents['api']}")
    return exponents


def main() -> None:
    args = _arguments()
    sizes = list(args.sizes or SIZES_MB)
    make = news_document if args.news else invented_document
    engine_summarize(make(20_000))  # imports and regex compilation are not growth
    rows = []
    for size in sizes:
        row = {"mb": size, **measure(make(int(size * MB)))}
        rows.append(row)
        print(_line(size, row), flush=True)
    results = {
        "document": "news" if args.news else "invented",
        "runs": rows,
        "exponent": _report(sizes, rows),
        "environment": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
        },
    }
    if not args.no_save:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
