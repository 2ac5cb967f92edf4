"""Grounding benchmark: summarizer.grounding vs langextract's and instructor's aligners.

Run from the repository root:  python benchmarks/grounding.py [--per-type N] [--negatives N]

Cases come from the PolNeAR dev set (../shared/eval/polnear-dev): attribution Content spans
of the first annotator, perturbed the way models perturb quotes (one perturbation per case),
plus negatives (spans from OTHER articles), plus two constructed shapes (an article that
repeats a passage with one word changed; an elision whose pieces are 600-1200 chars apart)
and elided negatives (a piece of the article elided onto words from another one). Every
system sees exactly the same
(document, quote) pairs. Results (numbers only, no news text) go to
benchmarks/results/grounding.json. langextract and instructor are optional: a system whose
package is missing is reported as absent.
"""

from __future__ import annotations

import argparse
import functools
import importlib.metadata
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from summarizer.grounding import align, align_many  # noqa: E402

DATA = ROOT.parent / "shared" / "eval" / "polnear-dev"
RESULTS = ROOT / "benchmarks" / "results" / "grounding.json"
SEED = 20240917
IOU_HIT = 0.9
MIN_WORDS = 4
PERTURBATIONS = (
    "verbatim",
    "quote_marks",
    "whitespace",
    "case",
    "punctuation",
    "elision",
    "word_substitution",
)
Span = tuple[int, int]
Aligner = Callable[[str, list[str]], list[Span | None]]


@dataclass(frozen=True)
class Case:
    kind: str  # a perturbation name, or "negative"
    document: str  # article name
    quote: str
    truth: Span | None  # None for negatives


@dataclass(frozen=True)
class Content:
    document: str
    start: int
    end: int


# ---------------------------------------------------------------- data


def load_corpus() -> tuple[dict[str, str], list[Content]]:
    texts = {path.stem: path.read_text(encoding="utf-8") for path in (DATA / "text").glob("*.txt")}
    contents: list[Content] = []
    for name in sorted(texts):
        annotations = sorted((DATA / "attributions").glob(f"{name}_*.ann"))
        if annotations:
            contents.extend(_content_spans(name, texts[name], annotations[0]))
    return texts, contents


def _content_spans(name: str, text: str, annotation: Path) -> Iterable[Content]:
    for line in annotation.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) < 3 or not fields[1].startswith("Content "):
            continue
        first_fragment = fields[1].split(" ", 1)[1].split(";")[0]
        start, end = (int(number) for number in first_fragment.split())
        if len(text[start:end].split()) >= MIN_WORDS:
            yield Content(name, start, end)


# ---------------------------------------------------------------- perturbations

_CURLY_TO_STRAIGHT = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_WORD = re.compile(r"[A-Za-z]{4,}")


def _quote_marks(text: str, rng: random.Random) -> str | None:
    """Curly quotes and apostrophes become straight, or straight ones curly."""
    straightened = text.translate(_CURLY_TO_STRAIGHT)
    if straightened != text:
        return straightened
    if "'" not in text and '"' not in text:
        return None
    pieces = text.replace("'", "\u2019").split('"')
    # Straight double quotes alternate between opening and closing curly ones.
    marks = ["\u201c" if i % 2 == 0 else "\u201d" for i in range(len(pieces) - 1)]
    return "".join(piece + mark for piece, mark in zip(pieces, [*marks, ""], strict=True))


def _whitespace(text: str, rng: random.Random) -> str | None:
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if len(spaces) < 2:
        return None
    chars = list(text)
    for i in rng.sample(spaces, max(1, len(spaces) // 3)):
        chars[i] = rng.choice(["\n", "  ", " \n", "\n\n"])
    return "".join(chars)


def _case(text: str, rng: random.Random) -> str | None:
    style = rng.choice(["lower", "upper", "first"])
    changed = {"lower": text.lower(), "upper": text.upper(), "first": text[0].swapcase() + text[1:]}
    for candidate in (changed[style], text.upper(), text.lower()):
        if candidate != text:
            return candidate
    return None


def _punctuation(text: str, rng: random.Random) -> str | None:
    if text[-1] in ".,;:!?\u201d\"'":
        return text.rstrip(".,;:!?\u201d\"'")
    return text + rng.choice([".", ",", ".\u201d", "!"])


_MARKERS = ("...", "\u2026", " ... ", " \u2026 ", " [...] ")


def _elision(text: str, rng: random.Random) -> str | None:
    cut = _elision_cut(text, rng)
    return None if cut is None else cut[0] + cut[1] + cut[2]


def _elision_cut(text: str, rng: random.Random) -> tuple[str, str, str] | None:
    """(head, marker, tail): TEXT with a middle run of its words left out."""
    words = text.split(" ")
    if len(words) < 9:
        return None
    keep_head = rng.randint(3, len(words) // 2 - 1)
    cut = rng.randint(2, max(2, len(words) // 3))
    if keep_head + cut > len(words) - 2:
        return None
    marker = rng.choice(_MARKERS)
    return " ".join(words[:keep_head]), marker, " ".join(words[keep_head + cut :])


def _word_substitution(text: str, rng: random.Random, vocabulary: list[str]) -> str | None:
    words = list(_WORD.finditer(text))
    if not words:
        return None
    target = rng.choice(words)
    replacement = rng.choice(vocabulary)
    while replacement.lower() == target[0].lower():
        replacement = rng.choice(vocabulary)
    return text[: target.start()] + replacement + text[target.end() :]


def perturb(kind: str, text: str, rng: random.Random, vocabulary: list[str]) -> str | None:
    """TEXT perturbed by KIND, or None when KIND does not apply to it."""
    if kind == "verbatim":
        return text
    if kind == "word_substitution":
        return _word_substitution(text, rng, vocabulary)
    perturbations: dict[str, Callable[[str, random.Random], str | None]] = {
        "quote_marks": _quote_marks,
        "whitespace": _whitespace,
        "case": _case,
        "punctuation": _punctuation,
        "elision": _elision,
    }
    return perturbations[kind](text, rng)


def build_cases(
    texts: dict[str, str], contents: list[Content], per_type: int, negatives: int
) -> list[Case]:
    rng = random.Random(SEED)
    vocabulary = sorted({w.lower() for t in texts.values() for w in _WORD.findall(t)})
    cases: list[Case] = []
    for kind in PERTURBATIONS:
        pool = contents[:]
        rng.shuffle(pool)
        made = 0
        for content in pool:
            if made == per_type:
                break
            quote = perturb(
                kind, texts[content.document][content.start : content.end], rng, vocabulary
            )
            if quote is not None:
                cases.append(Case(kind, content.document, quote, (content.start, content.end)))
                made += 1
    cases.extend(_negatives(texts, contents, negatives, rng))
    return cases


def _negatives(
    texts: dict[str, str], contents: list[Content], count: int, rng: random.Random
) -> list[Case]:
    names = sorted(texts)
    shingles = {name: _shingles(text) for name, text in texts.items()}
    cases: list[Case] = []
    while len(cases) < count:
        content = rng.choice(contents)
        target = rng.choice(names)
        quote = texts[content.document][content.start : content.end]
        # A quote reused across articles is not a negative: require no shared 6-word run.
        if target != content.document and not _shingles(quote) & shingles[target]:
            cases.append(Case("negative", target, quote, None))
    return cases


def _shingles(text: str, size: int = 6) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


# ---------------------------------------------------------------- constructed shapes

SHAPES = ("repeated_passage", "long_elision")
NEGATIVE_KINDS = ("negative", "elision_negative")
LONG_GAP = (600, 1200)  # chars left out between the two pieces of a long elision
MAX_GAP_BREAKS = 3  # paragraph breaks a long elision may skip (the aligner's bound)
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n")


def build_shape_cases(
    texts: dict[str, str], contents: list[Content], per_type: int
) -> tuple[dict[str, str], list[Case]]:
    """Cases on constructed articles: (extra documents by name, cases). Own RNG, so the
    perturbation cases above stay the same as before these shapes existed."""
    rng = random.Random(SEED + 2)
    vocabulary = sorted({w.lower() for t in texts.values() for w in _WORD.findall(t)})
    documents: dict[str, str] = {}
    cases: list[Case] = []
    by_article: dict[str, list[Content]] = {}
    for content in contents:
        by_article.setdefault(content.document, []).append(content)
    for kind in (*SHAPES, "elision_negative"):
        pool = contents[:]
        rng.shuffle(pool)
        made = 0
        for content in pool:
            if made == per_type:
                break
            shaped = _shape(kind, texts, content, rng, vocabulary, by_article)
            if shaped is not None:
                document, case = shaped
                if document is not None:
                    documents[case.document] = document
                cases.append(case)
                made += 1
    return documents, cases


def _shape(
    kind: str,
    texts: dict[str, str],
    content: Content,
    rng: random.Random,
    vocabulary: list[str],
    by_article: dict[str, list[Content]],
) -> tuple[str | None, Case] | None:
    if kind == "repeated_passage":
        return _repeated_passage(texts[content.document], content, rng, vocabulary)
    if kind == "long_elision":
        return _long_elision(texts[content.document], content, rng, by_article)
    return _elision_negative(texts, content, rng)


def _repeated_passage(
    text: str, content: Content, rng: random.Random, vocabulary: list[str]
) -> tuple[str | None, Case] | None:
    """The article opens with a near copy of a passage (one word changed after the elision,
    as a lede paraphrasing the quote does); an elided quote of the passage must land on
    the passage itself, its only copy that matches without a changed word."""
    passage = text[content.start : content.end]
    cut = _elision_cut(passage, rng)
    if cut is None:
        return None
    head, marker, tail = cut
    changeable = list(_WORD.finditer(passage, len(passage) - len(tail)))
    if not changeable:
        return None
    word = rng.choice(changeable)
    replacement = rng.choice([w for w in vocabulary[:2000] if w != word[0].lower()])
    near_copy = passage[: word.start()] + replacement + passage[word.end() :]
    document = near_copy + "\n\n" + text
    shift = len(near_copy) + 2
    name = f"{content.document}#repeated@{content.start}"
    truth = (content.start + shift, content.end + shift)
    return document, Case("repeated_passage", name, head + marker + tail, truth)


def _long_elision(
    text: str, content: Content, rng: random.Random, by_article: dict[str, list[Content]]
) -> tuple[str | None, Case] | None:
    """A quote joining the opening words of a span to the opening words of a span
    LONG_GAP chars later, at most MAX_GAP_BREAKS paragraph breaks away."""
    head = _opening_words(text[content.start : content.end], rng.randint(5, 8))
    head_end = content.start + len(head)
    later = [
        other
        for other in by_article[content.document]
        if LONG_GAP[0] <= other.start - head_end <= LONG_GAP[1]
        and len(_PARAGRAPH_BREAK.findall(text, head_end, other.start)) <= MAX_GAP_BREAKS
    ]
    if not later:
        return None
    other = rng.choice(later)
    tail = _opening_words(text[other.start : other.end], rng.randint(5, 10))
    if not (_once(head, text) and _once(tail, text)):
        return None
    quote = head + rng.choice(_MARKERS) + tail
    return None, Case(
        "long_elision", content.document, quote, (content.start, other.start + len(tail))
    )


def _elision_negative(
    texts: dict[str, str], content: Content, rng: random.Random
) -> tuple[str | None, Case] | None:
    """The opening words of a span in its own article, elided onto words from ANOTHER
    article that share no 4-word run with it: every piece must match, so no span."""
    text = texts[content.document]
    head = _opening_words(text[content.start : content.end], rng.randint(5, 8))
    other_name = rng.choice(sorted(texts))
    if other_name == content.document:
        return None
    other = texts[other_name]
    start = rng.randrange(len(other))
    tail = _opening_words(other[other.find(" ", start) + 1 :].split("\n")[0], rng.randint(5, 10))
    if len(tail.split()) < 5 or _shingles(tail, 4) & _article_shingles(text):
        return None
    return None, Case(
        "elision_negative", content.document, head + rng.choice(_MARKERS) + tail, None
    )


def _once(piece: str, text: str) -> bool:
    """PIECE's words occur once in TEXT (whatever the case and punctuation), and PIECE is no
    elision itself: a piece that repeats would make the truth ambiguous, one with its own
    '...' is no longer 5+ words."""
    if "..." in piece or "\u2026" in piece:
        return False
    return _article_words(text).count(f" {' '.join(_words(piece))} ") == 1


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@functools.lru_cache(maxsize=128)
def _article_words(text: str) -> str:
    return f" {' '.join(_words(text))} "


@functools.lru_cache(maxsize=128)
def _article_shingles(text: str) -> set[tuple[str, ...]]:
    return _shingles(text, 4)


def _opening_words(text: str, count: int) -> str:
    return " ".join(text.split(" ")[:count])


# ---------------------------------------------------------------- systems


def ours(document: str, quotes: list[str]) -> list[Span | None]:
    return [
        None if a.start is None or a.end is None else (a.start, a.end)
        for a in align_many(document, quotes)
    ]


def ours_per_quote(document: str, quotes: list[str]) -> list[Span | None]:
    return [
        None if a.start is None or a.end is None else (a.start, a.end)
        for a in (align(document, quote) for quote in quotes)
    ]


def langextract_aligner() -> Aligner | None:
    try:
        from absl import logging as absl_logging
        from langextract import resolver as lx_resolver
        from langextract.core import data as lx_data
    except ImportError:
        return None
    absl_logging.set_verbosity(absl_logging.ERROR)
    resolver = lx_resolver.Resolver()

    def run(document: str, quotes: list[str]) -> list[Span | None]:
        spans: list[Span | None] = []
        for quote in quotes:  # one call per quote: each is aligned on its own
            extraction = lx_data.Extraction("quote", quote)
            aligned = list(
                resolver.align(
                    [extraction],
                    document,
                    token_offset=0,
                    char_offset=0,
                    enable_fuzzy_alignment=True,
                )
            )
            interval = aligned[0].char_interval if aligned else None
            if interval is None or interval.start_pos is None or interval.end_pos is None:
                spans.append(None)
            else:
                spans.append((interval.start_pos, interval.end_pos))
        return spans

    return run


def instructor_aligner() -> Aligner | None:
    try:
        from instructor.dsl.citation import CitationMixin
    except ImportError:
        return None

    def run(document: str, quotes: list[str]) -> list[Span | None]:
        spans: list[Span | None] = []
        for quote in quotes:
            found = list(CitationMixin(substring_quotes=[quote]).get_spans(document))
            spans.append(found[0] if found else None)
        return spans

    return run


# ---------------------------------------------------------------- scoring


def iou(predicted: Span | None, truth: Span) -> float:
    if predicted is None:
        return 0.0
    overlap = max(0, min(predicted[1], truth[1]) - max(predicted[0], truth[0]))
    union = max(predicted[1], truth[1]) - min(predicted[0], truth[0])
    return overlap / union if union else 0.0


Row = dict[str, float]  # one table cell group: cases, recall or false_spans, quotes_per_s
KINDS = (*PERTURBATIONS, *SHAPES, *NEGATIVE_KINDS)


def evaluate(aligner: Aligner, texts: dict[str, str], cases: list[Case]) -> dict[str, Row]:
    """Per perturbation kind: recall (or false spans for negatives) and quotes per second."""
    rows: dict[str, Row] = {}
    total_seconds = 0.0
    for kind in KINDS:
        subset = [case for case in cases if case.kind == kind]
        predicted, seconds = _run_grouped(aligner, texts, subset)
        total_seconds += seconds
        rows[kind] = {"cases": len(subset), "quotes_per_s": round(len(subset) / seconds, 1)}
        if kind in NEGATIVE_KINDS:
            rows[kind]["false_spans"] = sum(span is not None for span in predicted)
        else:
            rows[kind]["recall"] = round(_recall(predicted, subset), 4)
    rows["all"] = {"cases": len(cases), "quotes_per_s": round(len(cases) / total_seconds, 1)}
    return rows


def _recall(predicted: list[Span | None], cases: list[Case]) -> float:
    hits = [
        case.truth is not None and iou(span, case.truth) >= IOU_HIT
        for span, case in zip(predicted, cases, strict=True)
    ]
    return sum(hits) / max(1, len(hits))


def _run_grouped(
    aligner: Aligner, texts: dict[str, str], cases: list[Case]
) -> tuple[list[Span | None], float]:
    """Predicted spans in case order, and seconds spent, quotes grouped per document."""
    groups: dict[str, list[int]] = {}
    for index, case in enumerate(cases):
        groups.setdefault(case.document, []).append(index)
    predicted: list[Span | None] = [None] * len(cases)
    began = time.perf_counter()
    for document, indexes in groups.items():
        spans = aligner(texts[document], [cases[i].quote for i in indexes])
        for index, span in zip(indexes, spans, strict=True):
            predicted[index] = span
    return predicted, max(time.perf_counter() - began, 1e-9)


# ---------------------------------------------------------------- 1 MB


def one_megabyte(
    texts: dict[str, str], contents: list[Content], runs: int = 5
) -> dict[str, object]:
    """align_many on a ~1 MB document built from the corpus, 200 quotes, half perturbed."""
    rng = random.Random(SEED + 1)
    vocabulary = sorted({w.lower() for t in texts.values() for w in _WORD.findall(t)})
    offsets: dict[str, int] = {}
    parts: list[str] = []
    length = 0
    names = sorted(texts)
    while length < 1_000_000:  # whole articles, repeated until the document reaches 1 MB
        name = names[len(parts) % len(names)]
        offsets.setdefault(name, length)
        parts.append(texts[name] + "\n\n")
        length += len(texts[name]) + 2
    document = "".join(parts)
    quotes: list[str] = []
    truths: list[Span] = []
    while len(quotes) < 200:
        content = rng.choice(contents)
        kind = "verbatim" if len(quotes) % 2 == 0 else rng.choice(PERTURBATIONS[1:])
        quote = perturb(kind, texts[content.document][content.start : content.end], rng, vocabulary)
        if quote is not None:
            quotes.append(quote)
            shift = offsets[content.document]
            truths.append((content.start + shift, content.end + shift))
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        spans = ours(document, quotes)
        timings.append(time.perf_counter() - began)
    hits = sum(iou(span, truth) >= IOU_HIT for span, truth in zip(spans, truths, strict=True))
    return {
        "document_chars": len(document),
        "quotes": len(quotes),
        "seconds_median": round(statistics.median(timings), 3),
        "seconds_max": round(max(timings), 3),
        "runs": runs,
        "recall": round(hits / len(quotes), 4),
    }


# ---------------------------------------------------------------- report


def environment() -> dict[str, object]:
    versions: dict[str, str | None] = {}
    for package in ("langextract", "instructor", "regex"):
        try:
            versions[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            versions[package] = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        # Other processes share this machine; throughput is only comparable within one run.
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "versions": versions,
    }


def print_table(results: dict[str, dict[str, Row]]) -> None:
    systems = list(results)
    print(f"{'perturbation':<18}{'cases':>6}  " + "".join(f"{name:>24}" for name in systems))
    for kind in (*KINDS, "all"):
        cells = [_cell(results[name][kind]) for name in systems]
        cases = int(results[systems[0]][kind]["cases"])
        print(f"{kind:<18}{cases:>6}  " + "".join(f"{cell:>24}" for cell in cells))


def _cell(row: Row) -> str:
    if "recall" in row:
        metric = f"R={row['recall']:.3f}"
    elif "false_spans" in row:
        metric = f"false={int(row['false_spans'])}"
    else:
        metric = ""
    return f"{metric} {row['quotes_per_s']:>9}/s"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Grounding benchmark (see module docstring).")
    parser.add_argument("--per-type", type=int, default=200, help="cases per perturbation")
    parser.add_argument("--negatives", type=int, default=300, help="negative cases")
    parser.add_argument(
        "--only-ours", action="store_true", help="skip langextract/instructor, write nothing"
    )
    return parser.parse_args()


def run_systems(
    texts: dict[str, str], cases: list[Case], only_ours: bool
) -> dict[str, dict[str, Row]]:
    systems: dict[str, Aligner | None] = {
        "summarizer": ours,
        "summarizer_per_quote": ours_per_quote,
    }
    if not only_ours:
        systems["langextract"] = langextract_aligner()
        systems["instructor"] = instructor_aligner()
    results: dict[str, dict[str, Row]] = {}
    for name, aligner in systems.items():
        if aligner is None:
            print(f"{name}: not installed, skipped")
            continue
        print(f"running {name} ...", flush=True)
        results[name] = evaluate(aligner, texts, cases)
    return results


def main() -> None:
    args = parse_args()
    texts, contents = load_corpus()
    cases = build_cases(texts, contents, args.per_type, args.negatives)
    constructed, shape_cases = build_shape_cases(texts, contents, args.per_type)
    results = run_systems({**texts, **constructed}, cases + shape_cases, args.only_ours)
    print_table(results)
    megabyte = one_megabyte(texts, contents)
    print(
        f"1 MB document, 200 quotes (align_many): median {megabyte['seconds_median']} s, "
        f"max {megabyte['seconds_max']} s, recall {megabyte['recall']}"
    )
    if args.only_ours:
        return
    report = {
        "seed": SEED,
        "iou_hit": IOU_HIT,
        "per_type": args.per_type,
        "negatives": args.negatives,
        "articles": len(texts),
        "content_spans": len(contents),
        "systems": results,
        "one_megabyte": megabyte,
        "environment": environment(),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
