"""JSON Schema of the output (checked in under schemas/) and of what the model fills."""

from __future__ import annotations

import copy
import json
from typing import Any

from summarizer._schema._summary import SCHEMA_VERSION, StructuredSummary

SCHEMA_FILENAME = f"structured-summary.v{SCHEMA_VERSION}.json"
SCHEMA_ID = f"https://summarizer.invalid/schemas/{SCHEMA_FILENAME}"


def output_json_schema() -> dict[str, Any]:
    """The schema every `--format json` output validates against."""
    schema = StructuredSummary.model_json_schema(mode="serialization")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}


def output_json_schema_text() -> str:
    return json.dumps(output_json_schema(), indent=2, ensure_ascii=False) + "\n"


# Constrained decoders (llama.cpp grammars) unroll maxLength/maxItems into nested rules
# and crash past ~1000; tighter caps also stop a small model's runaway strings and lists.
MODEL_FACING_MAX_LENGTH = 300
MODEL_FACING_MAX_ITEMS = 8
# Items first, title and summary last: extract, then summarize. Small models that write
# the summary first tend to stop there.
MODEL_FACING_ORDER = (
    "sources",
    "positions",
    "agreements",
    "risks",
    "key_facts",
    "contradictions",
    "title",
    "summary",
)


def model_facing_schema(
    schema: dict[str, Any], max_items: int = MODEL_FACING_MAX_ITEMS
) -> dict[str, Any]:
    """The schema the model sees: no `readOnly` (pipeline) fields, every section present,
    items before the summary, sizes capped."""
    stripped = copy.deepcopy(schema)
    for node in [stripped, *stripped.get("$defs", {}).values()]:
        properties: dict[str, Any] = node.get("properties", {})
        for name in [n for n, p in properties.items() if p.get("readOnly")]:
            del properties[name]
            if name in node.get("required", []):
                node["required"].remove(name)
    top = stripped["properties"]
    stripped["properties"] = {name: top[name] for name in MODEL_FACING_ORDER if name in top}
    stripped["required"] = list(stripped["properties"])
    _cap(stripped, "maxLength", MODEL_FACING_MAX_LENGTH)
    _cap(stripped, "maxItems", min(max_items, MODEL_FACING_MAX_ITEMS))
    return stripped


def _cap(node: Any, key: str, limit: int) -> None:
    if isinstance(node, dict):
        if key in node:
            node[key] = min(node[key], limit)
        for value in node.values():
            _cap(value, key, limit)
    elif isinstance(node, list):
        for value in node:
            _cap(value, key, limit)
