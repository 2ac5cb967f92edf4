"""An OpenAI-compatible chat-completions server on 127.0.0.1 that answers every request
after a configurable latency, with a reply chosen per request body: for batch tests
(concurrency, Ctrl-C, kill -9) and benchmarks/batch.py. It counts the requests it saw and
the most it was serving at once. Replies are whatever the caller hands it (hand-written
in tests, a recorded response in the benchmark).

Run as a script for a test's subprocess or a benchmark:
    python -m tests.latency_server LATENCY REPLY.json   (prints the base URL, then serves)
"""

from __future__ import annotations

import contextlib
import json
import sys
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

# (status, JSON body) for a request's JSON body.
Reply = Callable[[dict[str, Any]], tuple[int, Any]]


def always(body: Any) -> Reply:
    return lambda request: (200, body)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive, as a real server: connections are reused
    # TCP_NODELAY, as servers made for APIs set it (uvicorn, nginx): with Nagle's
    # algorithm the body, written after the headers, waits for the client's delayed ACK,
    # ~40 ms a response that no real provider adds.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        if len(raw) < length:  # the client was cancelled mid-request and hung up
            self.close_connection = True
            return
        request = json.loads(raw or b"{}")
        with self.server.serving():
            self.server.stopping.wait(self.server.latency)
            status, body = self.server.reply(request)
        data = json.dumps(body).encode()
        with contextlib.suppress(OSError):  # the client gave up (cancelled) and hung up
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    request_queue_size = 256

    def __init__(self, reply: Reply, latency: float) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.reply, self.latency = reply, latency
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        self.requests = self.in_flight = self.most_in_flight = 0

    @contextlib.contextmanager
    def serving(self) -> Iterator[None]:
        with self.lock:
            self.requests += 1
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            yield
        finally:
            with self.lock:
                self.in_flight -= 1


class LatencyServer:
    """The server in a thread: `with LatencyServer(reply, latency) as server: ...`."""

    def __init__(self, reply: Reply, latency: float = 0.0) -> None:
        self._server = _Server(reply, latency)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    @property
    def requests(self) -> int:
        return self._server.requests

    @property
    def most_in_flight(self) -> int:
        return self._server.most_in_flight

    def set_latency(self, seconds: float) -> None:
        self._server.latency = seconds

    def __enter__(self) -> LatencyServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def main() -> None:
    latency, reply_file = float(sys.argv[1]), Path(sys.argv[2])
    with LatencyServer(always(json.loads(reply_file.read_text(encoding="utf-8"))), latency) as s:
        print(s.base_url, flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()
