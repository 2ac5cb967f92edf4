"""`summarizer batch ... --via openai-batch`: the documents as OpenAI Batch API jobs.

Each pending document becomes one line of a Batch API input file: `custom_id` is the
document id, `body` the chat request the online path sends first (`Summarizer.request_body`).
The file is uploaded (`files.create(purpose="batch")`) and a batch created
(`batches.create(completion_window="24h")`); `DIR/batch-state.json` records, before and
after each of those calls, the submission, the batch id and every request (id, path,
SHA-256 of the text, metadata, and the text itself when it did not come from a file).
With `wait`, the batches are polled with exponential backoff; without, the run returns
and a later run of the same command (or `summarizer batch collect DIR`) picks them up.

An ended batch's output file and error file are both downloaded; every line goes through
`Summarizer.summarize_answer`: instructor's parser for the model's mode and the online
grounding check. Its answer goes into the response cache, as an online one does, and a
document the cache can answer is never submitted. A line that fails validation, an error
line, and a request the batch never ran (expired, failed or cancelled batch) is its
document's failure, with its reason; the next run of the same command submits those
again (an online run completes them).

Never twice: a submission is recorded before its upload and tagged with a token in the
batch's metadata, so a run stopped between `batches.create` and recording its answer finds
its batch in `batches.list` instead of creating another. A batch stays in the state until
all its documents have been handed to the runner; one whose collection was cut short is
collected again for the documents still pending (re-downloading its files).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
from collections.abc import AsyncGenerator, Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import openai

from summarizer._engines._errors import provider_error
from summarizer._engines._instructor import InstructorEngine
from summarizer._errors import ConfigurationError, OutputError, SummarizerError
from summarizer._files import write_text
from summarizer._pipeline import Summarizer
from summarizer._redaction import url_without_credentials
from summarizer.batch._documents import Document, Pending
from summarizer.batch._outputs import run_hashes
from summarizer.batch._runner import Failure, Finished, RunContext, one_line

STATE = "batch-state.json"
STATE_VERSION = 1
ENDPOINT: Final = "/v1/chat/completions"
ENDED = frozenset({"completed", "expired", "failed", "cancelled"})
# The Batch API's limits on one input file: 50,000 requests, 200 MB.
MAX_REQUESTS = 50_000
MAX_BYTES = 190_000_000
TOKEN_KEY = "summarizer_submission"
REQUEST_OVERHEAD = 40_000  # bytes of prompt and JSON schema around each document's text
LISTED_BATCHES = 1_000  # how far back `batches.list` is searched for a lost answer


@dataclass(frozen=True)
class Polling:
    """How often a batch is polled: FIRST seconds, then FACTOR times longer up to LONGEST."""

    first: float = 10.0
    longest: float = 300.0
    factor: float = 2.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(delay * self.factor, self.longest)


DEFAULT_POLLING = Polling()


class OpenAIBatchExecutor:
    """The runner's executor for provider batches (see `summarizer.batch._runner`).

    SUBMIT False collects what the state lists and submits nothing (`batch collect`);
    FORCE forgets collected batches (their documents are redone, not re-read)."""

    def __init__(
        self,
        out_dir: str | Path,
        *,
        wait: bool = False,
        submit: bool = True,
        force: bool = False,
        polling: Polling | None = None,
        say: Callable[[str], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.state_path = Path(out_dir) / STATE
        self.wait, self.submit, self.force = wait, submit, force
        self.polling = polling or DEFAULT_POLLING
        self.say = say or (lambda message: None)
        self.sleep = sleep

    async def run(
        self, pending: Iterator[Pending], context: RunContext
    ) -> AsyncGenerator[Finished, None]:
        job = _Job(context.summarizer, self.state_path, self.say)
        job.start(force=self.force)
        waiting, unassigned = job.assign({item.document.id: item for item in pending})
        unasked = []
        for item in unassigned:  # what the cache answers is not paid for twice
            done = await asyncio.to_thread(_before_submitting, job.summarizer, item)
            if done is None:
                unasked.append(item)
            else:
                yield done
        unassigned = unasked
        if self.submit:
            job.add_submissions(unassigned, waiting)
        else:
            for item in unassigned:
                yield Finished(item, failure=NOT_SUBMITTED)
        await asyncio.to_thread(job.create_submitted, waiting)
        async for finished in self._collect(job, waiting):
            yield finished

    async def _collect(
        self, job: _Job, waiting: dict[str, list[Pending]]
    ) -> AsyncGenerator[Finished, None]:
        delays = self.polling.delays()
        while True:
            for token in list(waiting):
                batch = await asyncio.to_thread(job.refreshed, job.entry(token))
                if batch["status"] in ENDED:
                    async for finished in job.ingest(batch, waiting.pop(token)):
                        yield finished
            if not waiting or not self.wait:
                break
            await self.sleep(next(delays))
        for token, items in waiting.items():
            self.say(_still_running(job.entry(token), len(items), job.state_path.parent))


NOT_SUBMITTED = Failure(
    "NotSubmitted", "not in any batch of batch-state.json (its text changed?): run the batch again"
)


def _still_running(entry: dict[str, Any], count: int, root: Path) -> str:
    return (
        f"{count} document(s) in batch {entry['id']} ({entry.get('status', 'submitted')}): "
        f"collect them later with `summarizer batch collect {root}` (or --wait)"
    )


class _Job:
    """A run's view of DIR/batch-state.json and the client that reaches the batches."""

    def __init__(self, summarizer: Summarizer, state_path: Path, say: Callable[[str], None]):
        self.summarizer = summarizer
        self.client = openai_client(summarizer)
        self.state_path = state_path
        self.say = say
        self.hashes = run_hashes(summarizer)
        self.state: dict[str, Any] = {}

    @contextlib.contextmanager
    def reaching_provider(self) -> Iterator[None]:
        """The client's failures as our ProviderError (redacted, one line)."""
        try:
            yield
        except openai.APIError as error:
            raise provider_error(error, self.summarizer.engine.choice) from None

    def start(self, force: bool) -> None:
        """Load the state; refuse one whose batches were submitted with other settings."""
        self.state = read_state(self.state_path) or self._new_state()
        if force:
            self.state["batches"] = [b for b in self.state["batches"] if not b.get("collected")]
        if self._same_settings():
            return
        outstanding = [b for b in self.state["batches"] if not b.get("collected")]
        if outstanding:
            raise ConfigurationError(
                f"{self.state_path} lists batch {outstanding[0].get('id') or '(being submitted)'} "
                "submitted with other settings: collect it first (`summarizer batch collect "
                f"{self.state_path.parent}`) or remove {STATE}"
            )
        self.state = self._new_state()  # collected with other settings: nothing to reuse

    def _new_state(self) -> dict[str, Any]:
        return {
            "version": STATE_VERSION,
            "model": self.hashes.model,
            "settings_hash": self.hashes.settings_hash,
            "prompt_hash": self.hashes.prompt_hash,
            "options": self.summarizer.options.public(),
            # Never stored, so `status` and `collect` must be given them again.
            "credentials_in_base_url": self._credentials_in_base_url(),
            "batches": [],
        }

    def _credentials_in_base_url(self) -> bool:
        base_url = self.summarizer.options.base_url
        return base_url is not None and url_without_credentials(base_url) != base_url

    def _same_settings(self) -> bool:
        return (
            self.state.get("settings_hash") == self.hashes.settings_hash
            and self.state.get("prompt_hash") == self.hashes.prompt_hash
        )

    def entry(self, token: str) -> dict[str, Any]:
        return next(b for b in self.state["batches"] if b["token"] == token)

    def assign(self, pending: dict[str, Pending]) -> tuple[dict[str, list[Pending]], list[Pending]]:
        """PENDING by the token of the batch holding each one's request, and the ones in
        none. Collected batches that hold none of them are forgotten."""
        waiting: dict[str, list[Pending]] = {}
        unassigned: list[Pending] = []
        for item in pending.values():
            token = self._holder(item)
            (unassigned if token is None else waiting.setdefault(token, [])).append(item)
        self.state["batches"] = [
            b for b in self.state["batches"] if not b.get("collected") or b["token"] in waiting
        ]
        self.save()
        return waiting, unassigned

    def _holder(self, item: Pending) -> str | None:
        """The batch to collect ITEM from: one not collected yet (submitted, or still being
        submitted), or a collected one that answered it well (the run stopped before the
        output was written)."""
        for batch in self.state["batches"]:
            request = batch["requests"].get(item.document.id)
            if request is None or request["sha256"] != item.sha256:
                continue
            if not batch.get("collected") or batch.get("outcomes", {}).get(item.document.id):
                return str(batch["token"])
        return None

    # --- submitting -------------------------------------------------------------------

    def add_submissions(self, items: list[Pending], waiting: dict[str, list[Pending]]) -> None:
        """ITEMS as new batches to submit (WAITING for them), recorded before anything
        is sent."""
        for chunk in _chunks(items):
            submission = _submission(chunk)
            self.state["batches"].append(submission)
            waiting[submission["token"]] = chunk
        self.save()

    def create_submitted(self, waiting: dict[str, list[Pending]]) -> None:
        """Send every batch not created yet (this run's, or one an earlier run stopped
        sending) with WAITING's documents, which are the ones they hold."""
        for batch in list(self.state["batches"]):
            if batch.get("id") is not None:
                continue
            items = waiting.setdefault(batch["token"], [])
            if not items:  # its documents are no longer pending
                self.state["batches"].remove(batch)
                waiting.pop(batch["token"])
                continue
            with self.reaching_provider():
                self._create(batch, items)
            self.say(f"submitted batch {batch['id']} ({len(items)} documents)")

    def _create(self, batch: dict[str, Any], items: list[Pending]) -> None:
        """Upload ITEMS' requests as BATCH and create it, recording each step; a batch an
        earlier run created but could not record is found by its token instead."""
        if batch.get("input_file_id") is None:
            batch["requests"] = {i.document.id: _request_record(i) for i in items}
            lines = "".join(_request_line(self.summarizer, item) for item in items)
            batch["input_file_id"] = self._upload(batch["token"], lines)
            self.save()
        found = self._created_earlier(batch)
        created = found or self.client.batches.create(
            input_file_id=batch["input_file_id"],
            endpoint=ENDPOINT,
            completion_window="24h",
            metadata={TOKEN_KEY: batch["token"]},
        )
        batch.update(id=created.id, status=created.status)
        self.save()

    def _upload(self, token: str, lines: str) -> str:
        data = lines.encode("utf-8")
        uploaded = self.client.files.create(
            file=(f"summarizer-{token}.jsonl", data, "application/jsonl"), purpose="batch"
        )
        return uploaded.id

    def _created_earlier(self, batch: dict[str, Any]) -> Any:
        if not batch.get("create_sent"):
            batch["create_sent"] = True
            self.save()
            return None
        for index, listed in enumerate(self.client.batches.list(limit=100)):
            metadata = listed.metadata or {}
            if metadata.get(TOKEN_KEY) == batch["token"]:
                return listed
            if index >= LISTED_BATCHES:
                break
        return None

    # --- collecting -------------------------------------------------------------------

    def refreshed(self, entry: dict[str, Any]) -> dict[str, Any]:
        """ENTRY with its batch's latest status and files (an ended batch's are final)."""
        if entry.get("status") not in ENDED:
            with self.reaching_provider():
                batch = self.client.batches.retrieve(entry["id"])
            entry.update(
                status=batch.status,
                output_file_id=batch.output_file_id,
                error_file_id=batch.error_file_id,
            )
            self.save()
        return entry

    async def ingest(
        self, batch: dict[str, Any], items: list[Pending]
    ) -> AsyncGenerator[Finished, None]:
        """ITEMS' answers from BATCH's output and error files; the rest never ran."""
        left = {item.document.id: item for item in items}
        outcomes = batch.setdefault("outcomes", {})
        for file_id in (batch.get("output_file_id"), batch.get("error_file_id")):
            for line in await asyncio.to_thread(self._download, file_id, left.keys()):
                item = left.pop(line["custom_id"])
                finished = await asyncio.to_thread(_answered, self.summarizer, item, line)
                outcomes[item.document.id] = finished.failure is None
                yield finished
        for item in left.values():
            outcomes[item.document.id] = False
            yield Finished(item, failure=_never_ran(batch))
        batch["collected"] = True
        self.save()

    def _download(self, file_id: str | None, wanted: Iterable[str]) -> list[dict[str, Any]]:
        """FILE_ID's lines for the WANTED custom ids (the first line of each)."""
        if not file_id:
            return []
        wanted, lines = set(wanted), {}
        with (
            self.reaching_provider(),
            self.client.files.with_streaming_response.content(file_id) as response,
        ):
            for raw in response.iter_lines():
                line = _json_line(raw)
                custom_id = line.get("custom_id") if line else None
                if line is not None and custom_id in wanted and custom_id not in lines:
                    lines[custom_id] = line
        return list(lines.values())

    def save(self) -> None:
        text = json.dumps(self.state, ensure_ascii=False, indent=1) + "\n"
        write_text(self.state_path, text, "the batch state")


def openai_client(summarizer: Summarizer) -> openai.OpenAI:
    engine = summarizer.engine
    if not isinstance(engine, InstructorEngine):
        raise ConfigurationError(
            f"--via openai-batch needs an OpenAI-compatible model (openai/NAME, or "
            f"openai-compatible/NAME with --base-url), not {summarizer.model}"
        )
    return engine.openai_client


def read_state(path: Path) -> dict[str, Any] | None:
    """DIR/batch-state.json, or None when there is none; a damaged one is an OutputError."""
    try:
        state = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise OutputError(f"{path}: not a batch state file ({one_line(str(error))})") from None
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        raise OutputError(f"{path}: not a batch state file of this version")
    return state


def _chunks(items: list[Pending]) -> Iterator[list[Pending]]:
    """ITEMS in chunks the Batch API takes as one input file (the request adds a few
    kilobytes of prompt and schema to each text: counted generously)."""
    chunk: list[Pending] = []
    size = 0
    for item in items:
        weight = 4 * len(item.text) + REQUEST_OVERHEAD
        if chunk and (len(chunk) >= MAX_REQUESTS or size + weight > MAX_BYTES):
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += weight
    if chunk:
        yield chunk


def _request_line(summarizer: Summarizer, item: Pending) -> str:
    body = summarizer.request_body(item.loaded)
    line = {"custom_id": item.document.id, "method": "POST", "url": ENDPOINT, "body": body}
    return json.dumps(line, ensure_ascii=False) + "\n"


def _submission(chunk: list[Pending]) -> dict[str, Any]:
    """A batch about to be submitted: its token and requests, no id yet."""
    return {
        "token": secrets.token_hex(16),
        "id": None,
        "requests": {item.document.id: _request_record(item) for item in chunk},
    }


def _request_record(item: Pending) -> dict[str, Any]:
    document = item.document
    record: dict[str, Any] = {"sha256": item.sha256, "path": document.path}
    if document.metadata:
        record["metadata"] = document.metadata
    if document.text is not None:  # a JSONL line's text: `collect` has no file to re-read
        record["text"] = document.text
    return record


def documents_in(state: dict[str, Any]) -> list[Document]:
    """The documents `batch collect` may collect: those of the batches not collected yet,
    and those a collected batch answered well (their output may have been lost). One a
    collected batch failed is left as the manifest says, for the next run to submit."""
    documents = []
    for batch in state.get("batches", []):
        for document_id, record in batch.get("requests", {}).items():
            if batch.get("collected") and not batch.get("outcomes", {}).get(document_id):
                continue
            documents.append(
                Document(
                    document_id,
                    record.get("path", document_id),
                    text=record.get("text"),
                    metadata=record.get("metadata", {}),
                )
            )
    return documents


def _json_line(raw: str) -> dict[str, Any] | None:
    with contextlib.suppress(ValueError):
        line = json.loads(raw)
        if isinstance(line, dict):
            return line
    return None


TOO_LONG = Failure(
    "DocumentTooLong",
    "longer than one request of this model holds: a provider batch sends each document "
    "whole; summarize it online (without --via openai-batch), where it is chunked",
)


def _before_submitting(summarizer: Summarizer, item: Pending) -> Finished | None:
    """ITEM's outcome without submitting it (from the cache, or too long for one
    request), or None to submit it."""
    if not summarizer.fits_one_request(item.loaded):
        return Finished(item, failure=TOO_LONG)
    return _from_cache(summarizer, item)


def _from_cache(summarizer: Summarizer, item: Pending) -> Finished | None:
    """ITEM's outcome from the response cache (an online run or an earlier batch answered
    the same request), or None to submit it."""
    try:
        result = summarizer.cached_result(item.loaded)
    except SummarizerError as error:  # a cached answer this run's grounding rejects
        return Finished(item, failure=Failure.of(error))
    return None if result is None else Finished(item, result=result)


def _answered(summarizer: Summarizer, item: Pending, line: dict[str, Any]) -> Finished:
    """ITEM's outcome from its batch LINE: a summary, or why there is none."""
    response = line.get("response") or {}
    body = response.get("body") if isinstance(response, dict) else None
    if not isinstance(response, dict) or response.get("status_code") != 200:
        return Finished(item, failure=_error_line(line, response, body))
    try:
        return Finished(item, result=summarizer.summarize_answer(item.loaded, body or {}))
    except SummarizerError as error:
        return Finished(item, failure=Failure.of(error))


def _error_line(line: dict[str, Any], response: Any, body: Any) -> Failure:
    status = response.get("status_code") if isinstance(response, dict) else None
    error = line.get("error") or (body.get("error") if isinstance(body, dict) else None) or {}
    message = error.get("message") if isinstance(error, dict) else str(error)
    said = f"HTTP {status}" if status else "an error"
    return Failure(
        "ProviderError", one_line(f"the batch answered {said}: {message or 'no reason'}")
    )


def _never_ran(batch: dict[str, Any]) -> Failure:
    status = batch.get("status")
    if status == "expired":
        return Failure("BatchExpired", f"batch expired before this request ran ({batch['id']})")
    return Failure("BatchEnded", f"batch {batch['id']} {status} without answering this request")
