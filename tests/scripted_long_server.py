"""A scripted stand-in for a model, for long-document tests and benchmarks/long_document.py.

`scripted_reply` answers a chat-completion request body the way a small, obedient model
would, without any model: a chunk's summary quotes the first sentence of the text between
the prompt's document markers (so every quote is verbatim), and the final call's title and
summary are fixed sentences. Prompts longer than `overflow_chars` characters of document
get llama.cpp's context-length error instead. Every answer is hand-written here.

`invented_articles` builds the long documents these tests use: invented towns, people and
figures, several short articles joined (nothing from ../shared).
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.latency_server import Reply

FINAL_TITLE = "Harbour towns weigh ferry, school and water plans"
FINAL_SUMMARY = (
    "Several invented towns debate ferries, schools and water. "
    "Officials disagree on costs and timing."
)
SCRIPTED_TOKENS = 7  # prompt and completion tokens each scripted answer reports
_DOCUMENT = re.compile(r'<document id="([^"]+)">\n(.*)\n</document id="\1">', re.DOTALL)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]")

TOWNS = ["Marlow Bay", "Eastbrook", "Kettering Vale", "Port Ansel", "Hollin Cross", "Dunmere"]
PEOPLE = ["Iris Okafor", "Tomas Lindqvist", "Ruth Abernathy", "Kenji Watanabe", "Lena Brandt"]
TOPICS = ["ferry service", "school roof", "water plant", "bus depot", "harbour wall"]


def invented_articles(articles: int = 12) -> str:
    """ARTICLES invented news items joined by blank lines: about 570 characters each."""
    return "\n\n".join(_article(number) for number in range(articles))


def _article(number: int) -> str:
    town, person = TOWNS[number % len(TOWNS)], PEOPLE[number % len(PEOPLE)]
    topic = TOPICS[number % len(TOPICS)]
    paragraphs = [
        f"{town} council voted on Tuesday to fund repairs to the {topic}, "
        f"at a cost of {number + 2} million crowns over {number % 4 + 2} years.",
        f'"We cannot wait another winter," said {person}, who chairs the works committee. '
        f"She said the {topic} had failed {number + 3} inspections since the spring.",
        f"Opposition members in {town} argued that the money should go to housing instead. "
        f"They warned that the {topic} project could run over budget by a third.",
        f"A public meeting on the plan is set for the first week of next month. "
        f"Residents of {town} may send written comments until then.",
    ]
    return "\n\n".join(paragraphs)


def document_of(request: dict[str, Any]) -> str | None:
    """The text between the document markers of REQUEST's messages (re-asks included)."""
    for message in request["messages"]:
        match = _DOCUMENT.search(str(message.get("content") or ""))
        if match:
            return match.group(2)
    return None


def _tool_name(request: dict[str, Any]) -> str:
    tools = request.get("tools") or [{}]
    return str(tools[0].get("function", {}).get("name", "StructuredSummary"))


def scripted_completion(name: str, arguments: dict[str, Any] | str) -> dict[str, Any]:
    """A chat completion calling NAME with ARGUMENTS (a str goes as it is: broken JSON)."""
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    call = {"id": "call_1", "type": "function", "function": {"name": name, "arguments": text}}
    message = {"role": "assistant", "content": None, "tool_calls": [call]}
    tokens = SCRIPTED_TOKENS
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": 0,
        "model": "scripted",
        "choices": [{"index": 0, "finish_reason": "tool_calls", "message": message}],
        "usage": {"prompt_tokens": tokens, "completion_tokens": tokens, "total_tokens": 2 * tokens},
    }


def scripted_chunk_summary(text: str) -> dict[str, Any]:
    """A summary of TEXT whose one key fact quotes TEXT's first sentence verbatim."""
    sentence = _SENTENCE.search(text)
    quote = sentence.group(0).strip() if sentence else text.strip()[:80]
    return {
        "title": " ".join(quote.split()[:8]),
        "summary": quote,
        "sources": [],
        "positions": [],
        "agreements": [],
        "risks": [],
        "key_facts": [{"fact": quote[:300], "evidence": [{"quote": quote}]}],
        "contradictions": [],
    }


def context_error(tokens: int) -> dict[str, Any]:
    message = (
        f"This model's maximum context length is 2048 tokens. However, you requested "
        f"{tokens} tokens. Please reduce the length of the messages or completion."
    )
    return {"error": {"message": message, "type": "invalid_request_error"}}


def scripted_reply(overflow_chars: int | None = None) -> Reply:
    """Answers as described in the module docstring."""

    def reply(request: dict[str, Any]) -> tuple[int, Any]:
        if _tool_name(request) == "TitleAndSummary":
            answer = {"title": FINAL_TITLE, "summary": FINAL_SUMMARY}
            return 200, scripted_completion("TitleAndSummary", answer)
        text = document_of(request) or ""
        if overflow_chars is not None and len(text) > overflow_chars:
            return 400, context_error(len(text))
        return 200, scripted_completion("StructuredSummary", scripted_chunk_summary(text))

    return reply
