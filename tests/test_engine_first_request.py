"""The first request of a run imports nothing: every other document of a batch would wait
for it (openai loads its resources, httpcore and anyio their backends, on first use)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import handwritten_completion
from tests.fault_server import DOCUMENT, HANDWRITTEN_SUMMARY

ROOT = Path(__file__).resolve().parent.parent

# Run in a fresh interpreter: this one has imported everything already.
FIRST_REQUEST = """
import asyncio, json, sys
from tests.latency_server import LatencyServer, always
import summarizer
reply = json.load(open(sys.argv[1]))
text = open(sys.argv[2], encoding="utf-8").read()
with LatencyServer(always(reply)) as server:
    options = {"base_url": server.base_url, "api_key": "sk-test-key-0000", "cache": False}
    with summarizer.Summarizer(sys.argv[3], **options) as made:
        before = set(sys.modules)
        result = asyncio.run(made.asummarize(text))
        after = set(sys.modules)
print(json.dumps({"attempts": result.meta.attempts, "imported": sorted(after - before)}))
"""


def _first_request(tmp_path: Path, model: str) -> dict[str, object]:
    reply = tmp_path / "reply.json"
    reply.write_text(json.dumps(handwritten_completion(HANDWRITTEN_SUMMARY)), encoding="utf-8")
    command = [sys.executable, "-c", FIRST_REQUEST, str(reply), str(DOCUMENT), model]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    answer: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return answer


def test_the_first_request_imports_nothing(tmp_path: Path) -> None:
    answer = _first_request(tmp_path, "openai-compatible/handwritten")
    assert answer == {"attempts": 1, "imported": []}
