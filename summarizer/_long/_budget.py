"""The token budget: how many characters of document one request may carry.

Token counts are estimated offline (tiktoken downloads its BPE files at run time). The
estimate is conservative: CHARS_PER_TOKEN characters per token, measured against the real
`usage.prompt_tokens` the llama.cpp server reported in cassettes/*.yaml (SmolLM2's
tokenizer: 2.9 to 4.4 characters per token over the messages; digit-heavy prose is the
densest, 2.9 in context-overflow-400.yaml's error message). 2.5 undercounts none of them,
and overcounts GPT-4o's tokenizer (about 4 characters per token on English) by a third:
a chunk too many, never a prompt too long. tests/test_long_budget.py recomputes the
ratios from the cassettes and checks that the estimate never undercounts.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarizer._engines import Engine
from summarizer._engines._llm_response import model_facing_summary
from summarizer._errors import ContextOverflowError
from summarizer._prompts import chunk_header_text, render_document_prompt

CHARS_PER_TOKEN = 2.5
# Each message's role and delimiters (chat templates add a few tokens per message).
TOKENS_PER_MESSAGE = 8
# Room for the answer when --max-tokens is not given.
DEFAULT_ANSWER_TOKENS = 2048
# The document's start, given with every chunk for context (the title and lead).
LEAD_CHARS = 300
# Below this a chunk carries too little text to be worth a request of its own.
MIN_CHUNK_CHARS = 400

# Context windows (tokens) of hosted models; the longest matching prefix wins.
KNOWN_CONTEXT_SIZES: dict[str, int] = {
    "gpt-4o-mini": 128_000,
    "gpt-4o": 128_000,
    "gpt-4.1": 1_047_576,
    "gpt-4-turbo": 128_000,
    "gpt-4": 8_192,
    "gpt-3.5-turbo": 16_385,
    "gpt-5": 400_000,
    "o1": 200_000,
    "o3": 200_000,
    "o4-mini": 200_000,
}

# Where the response schema counts as prompt tokens: OpenAI bills a tool's definition as
# prompt; llama.cpp's server turns it into a grammar (the cassettes' prompt_tokens leave
# the 10 KB schema out), and a JSON-schema response format constrains decoding.
SCHEMA_IN_PROMPT = frozenset({"openai"})


def estimate_tokens(text: str) -> int:
    """A conservative token count of TEXT (see the module's docstring)."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


def estimate_messages_tokens(messages: Sequence[dict[str, Any]]) -> int:
    return sum(estimate_tokens(str(m.get("content") or "")) + TOKENS_PER_MESSAGE for m in messages)


def known_context_size(model: str) -> int | None:
    """MODEL's context from the table (a dated or fine-tuned name matches its prefix)."""
    name = model.rsplit("/", 1)[-1].lower().removeprefix("ft:")
    matches = [prefix for prefix in KNOWN_CONTEXT_SIZES if name.startswith(prefix)]
    return KNOWN_CONTEXT_SIZES[max(matches, key=len)] if matches else None


def context_size(engine: Engine) -> int | None:
    """ENGINE's context in tokens: --context-size, llama.cpp's own n_ctx, or the table."""
    llama = getattr(engine, "llama", None)
    n_ctx = getattr(llama, "n_ctx", None)
    if callable(n_ctx):
        return int(n_ctx())
    if engine.settings.context_size is not None:
        return engine.settings.context_size
    return known_context_size(engine.choice.name)


@dataclass(frozen=True)
class Budget:
    """How much of a document one request may carry, in estimated tokens and characters."""

    context_size: int | None
    document_tokens: int | None  # None: unknown context, split only on overflow

    @property
    def max_chunk_chars(self) -> int | None:
        if self.document_tokens is None:
            return None
        return max(MIN_CHUNK_CHARS, int(self.document_tokens * CHARS_PER_TOKEN))

    def fits(self, document: str) -> bool:
        return self.document_tokens is None or estimate_tokens(document) <= self.document_tokens


def budget_for(engine: Engine) -> Budget:
    """ENGINE's budget: its context, less the prompt around a chunk and the answer's room."""
    size = context_size(engine)
    if size is None:
        return Budget(None, None)
    room = size - _answer_tokens(engine) - _prompt_overhead_tokens(engine)
    if room * CHARS_PER_TOKEN < MIN_CHUNK_CHARS:
        raise ContextOverflowError(
            f"{engine.choice.spec}: the prompt does not fit the model's context: {size} "
            f"tokens leave no room for a document after the prompt and the answer's "
            f"{_answer_tokens(engine)} tokens; raise --context-size or lower --max-tokens"
        )
    return Budget(size, room)


def _answer_tokens(engine: Engine) -> int:
    return engine.settings.generation.max_tokens or DEFAULT_ANSWER_TOKENS


def _prompt_overhead_tokens(engine: Engine) -> int:
    """The prompt around an empty chunk, header included (its lead at most LEAD_CHARS)."""
    header = chunk_header_text(999, 999, "x" * LEAD_CHARS)
    messages = render_document_prompt("").as_dicts()
    tokens = estimate_messages_tokens(messages) + estimate_tokens(header)
    if engine.choice.provider in SCHEMA_IN_PROMPT:
        schema = model_facing_summary(engine.settings.max_items).model_json_schema()
        tokens += estimate_tokens(json.dumps(schema))
    return tokens
