"""A hand-written stand-in for the OpenAI Batch API, on 127.0.0.1 only.

It implements the documented endpoints a batch run uses: `POST /v1/files` (multipart,
purpose "batch"), `GET /v1/files/{id}/content`, `POST /v1/batches`, `GET /v1/batches/{id}`,
`GET /v1/batches` (newest first), and `POST /v1/chat/completions` for the online path.
A batch is `validating`, then `in_progress` for `polls_before_end` retrievals, then ends:
each request line is answered by `answer(custom_id, body)`, a hand-written script, into the
output file (status 200) or the error file; a request the script leaves unanswered (None)
never ran, and the batch ends `expired` (or `completed` when every request was answered).
`faults` breaks chosen requests once each, to interrupt a run at a chosen step.
"""

from __future__ import annotations

import email.parser
import email.policy
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

# A scripted answer: a chat completion (output file), (status, message) (error file), or
# None (never ran).
Answer = dict[str, Any] | tuple[int, str] | None
# What a fault does to a request: "500" answers it with a 500, "drop" does the work and
# then closes the connection without answering (the answer is lost on the way).
Fault = str


@dataclass
class HandwrittenBatch:
    id: str
    input_file_id: str
    metadata: dict[str, Any]
    created_at: int
    status: str = "validating"
    polls: int = 0
    output_file_id: str | None = None
    error_file_id: str | None = None
    counts: dict[str, int] = field(
        default_factory=lambda: {"total": 0, "completed": 0, "failed": 0}
    )

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "object": "batch",
            "endpoint": "/v1/chat/completions",
            "errors": None,
            "input_file_id": self.input_file_id,
            "completion_window": "24h",
            "status": self.status,
            "output_file_id": self.output_file_id,
            "error_file_id": self.error_file_id,
            "created_at": self.created_at,
            "metadata": self.metadata,
            "request_counts": self.counts,
        }


class HandwrittenBatchServer:
    """The server's state and script; `url` is its base URL (…/v1)."""

    def __init__(self, answer: Callable[[str, dict[str, Any]], Answer]) -> None:
        self.answer = answer
        self.polls_before_end = 0
        self.faults: dict[tuple[str, str], Fault] = {}  # (method, path prefix) -> fault
        self.files: dict[str, bytes] = {}
        self.uploads: list[dict[str, Any]] = []  # purpose, filename, lines of each upload
        self.batches: list[HandwrittenBatch] = []
        self.chat_requests: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        self._http = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._http.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._http.server_address[1]}/v1"

    def start(self) -> HandwrittenBatchServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._http.shutdown()
        self._http.server_close()

    def fault(self, method: str, path: str) -> Fault | None:
        for (fault_method, prefix), fault in list(self.faults.items()):
            if fault_method == method and path.startswith(prefix):
                del self.faults[(fault_method, prefix)]
                return fault
        return None

    # --- the endpoints -------------------------------------------------------------------

    def upload(self, filename: str, purpose: str, data: bytes) -> dict[str, Any]:
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = data
        lines = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
        self.uploads.append(
            {"id": file_id, "purpose": purpose, "filename": filename, "lines": lines}
        )
        return _file_object(file_id, filename, purpose, len(data))

    def create_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        batch = HandwrittenBatch(
            id=f"batch_{len(self.batches) + 1}",
            input_file_id=request["input_file_id"],
            metadata=request.get("metadata") or {},
            created_at=len(self.batches),
        )
        assert request["completion_window"] == "24h", request
        assert request["endpoint"] == "/v1/chat/completions", request
        self.batches.append(batch)
        return batch.as_json()

    def retrieve(self, batch_id: str) -> dict[str, Any] | None:
        batch = next((b for b in self.batches if b.id == batch_id), None)
        if batch is None:
            return None
        if batch.status in ("validating", "in_progress"):
            batch.polls += 1
            batch.status = "in_progress"
            if batch.polls > self.polls_before_end:
                self._end(batch)
        return batch.as_json()

    def _end(self, batch: HandwrittenBatch) -> None:
        output, errors, never_ran = [], [], 0
        for request in _lines(self.files[batch.input_file_id]):
            answer = self.answer(request["custom_id"], request["body"])
            if answer is None:
                never_ran += 1
            elif isinstance(answer, dict):
                output.append(_output_line(request["custom_id"], 200, answer))
            else:
                errors.append(_error_line(request["custom_id"], *answer))
        batch.counts = {
            "total": len(output) + len(errors) + never_ran,
            "completed": len(output),
            "failed": len(errors),
        }
        batch.output_file_id = self._result_file(output)
        batch.error_file_id = self._result_file(errors)
        batch.status = "expired" if never_ran else "completed"

    def _result_file(self, lines: list[dict[str, Any]]) -> str | None:
        if not lines:
            return None
        file_id = f"file-{len(self.files) + 1}"
        self.files[file_id] = "".join(json.dumps(line) + "\n" for line in lines).encode()
        return file_id

    def listing(self) -> dict[str, Any]:
        newest_first = [b.as_json() for b in reversed(self.batches)]
        return {"object": "list", "data": newest_first, "has_more": False}

    def chat(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        self.chat_requests.append(body)
        answer = self.answer("online", body)
        if isinstance(answer, dict):
            return 200, answer
        status, message = answer or (500, "no answer scripted")
        return status, {"error": {"message": message, "type": "handwritten"}}


def _lines(data: bytes) -> Iterator[dict[str, Any]]:
    for line in data.decode("utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def _file_object(file_id: str, filename: str, purpose: str, size: int) -> dict[str, Any]:
    return {
        "id": file_id,
        "object": "file",
        "bytes": size,
        "created_at": 0,
        "filename": filename,
        "purpose": purpose,
        "status": "processed",
    }


def _output_line(custom_id: str, status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"batch_req_{custom_id}",
        "custom_id": custom_id,
        "response": {"status_code": status, "request_id": f"req_{custom_id}", "body": body},
        "error": None,
    }


def _error_line(custom_id: str, status: int, message: str) -> dict[str, Any]:
    error = {"message": message, "type": "handwritten", "code": None}
    return {
        "id": f"batch_req_{custom_id}",
        "custom_id": custom_id,
        "response": {
            "status_code": status,
            "request_id": f"req_{custom_id}",
            "body": {"error": error},
        },
        "error": None,
    }


def _handler_for(server: HandwrittenBatchServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            self._serve("GET")

        def do_POST(self) -> None:
            self._serve("POST")

        def _serve(self, method: str) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            path = self.path.split("?")[0]
            with server.lock:
                fault = server.fault(method, path)
                if fault == "500":
                    return self._json(500, {"error": {"message": "handwritten fault"}})
                status, answer = self._route(method, path, body)
            if fault == "drop":
                self.close_connection = True
                self.connection.close()
                return None
            if isinstance(answer, bytes):
                return self._bytes(status, answer, "application/octet-stream")
            return self._json(status, answer)

        def _route(self, method: str, path: str, body: bytes) -> tuple[int, Any]:
            parts = path.strip("/").split("/")[1:]  # without "v1"
            if method == "POST" and parts == ["files"]:
                return 200, server.upload(*_multipart(self.headers["Content-Type"], body))
            if method == "GET" and len(parts) == 3 and parts[0] == "files":
                data = server.files.get(parts[1])
                return (200, data) if data is not None else (404, _missing(path))
            if method == "POST" and parts == ["batches"]:
                return 200, server.create_batch(json.loads(body))
            if method == "GET" and parts == ["batches"]:
                return 200, server.listing()
            if method == "GET" and len(parts) == 2 and parts[0] == "batches":
                found = server.retrieve(parts[1])
                return (200, found) if found else (404, _missing(path))
            if method == "POST" and parts == ["chat", "completions"]:
                return server.chat(json.loads(body))
            return 404, _missing(path)

        def _json(self, status: int, payload: Any) -> None:
            self._bytes(status, json.dumps(payload).encode(), "application/json")

        def _bytes(self, status: int, data: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def _missing(path: str) -> dict[str, Any]:
    return {"error": {"message": f"no such thing: {path}", "type": "invalid_request_error"}}


def _multipart(content_type: str, body: bytes) -> tuple[str, str, bytes]:
    """The (filename, purpose, data) of a files.create upload."""
    head = f"Content-Type: {content_type}\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    filename, purpose, data = "", "", b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if name == "file":
            filename, data = part.get_filename() or "", payload
        elif name == "purpose":
            purpose = payload.decode()
    return filename, purpose, data
