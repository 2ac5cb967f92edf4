"""Documents the input tests make: HTML pages and PDFs written by the tests, with invented
sentences (never text from ../shared), and a local HTTP server that serves them."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from fpdf import FPDF

HARBOR_PARAGRAPHS = (
    "Mayor Ana Ruiz said on Monday that the Millbrook ferry will sail again in May, "
    "after two years of repairs to the northern pier.",
    "The dockworkers' union warned that the repairs could slip if steel prices keep "
    "rising, and asked the council to publish the contract.",
    "The city of Millbrook and the Harbor Guild signed an agreement to rebuild the "
    "northern pier by the end of next year.",
)
NAVIGATION = "Home | Sports | Weather | Subscribe to our newsletter"
FOOTER = "Copyright Coast Ledger. All rights reserved. Cookie settings."


def harbor_page(*, date: str | None = "2026-03-14") -> str:
    """An HTML page: navigation and a footer around an article of three paragraphs."""
    dated = f'<meta property="article:published_time" content="{date}T08:00:00Z">' if date else ""
    article = "".join(f"<p>{paragraph}</p>\n" for paragraph in HARBOR_PARAGRAPHS)
    return (
        "<!doctype html>\n<html><head><title>Harbor ferry returns | Coast Ledger</title>\n"
        f'<meta name="author" content="Lena Ortiz">{dated}\n'
        '<link rel="canonical" href="https://ledger.example/ferry"></head>\n'
        f"<body><nav>{NAVIGATION}</nav>\n<article><h1>Harbor ferry returns</h1>\n"
        f"{article}</article>\n<footer>{FOOTER}</footer></body></html>\n"
    )


EMPTY_PAGE = (
    "<!doctype html><html><head><title>Loading</title><script>var a = 1;</script>"
    '</head><body><div id="app"></div><script>start(a);</script></body></html>'
)

PIER_PAGES = (
    "Council member Omar Haddad said the budget for the pier would be voted next month.",
    "The Harbor Guild and the city of Millbrook signed an agreement to rebuild the "
    "northern pier by the end of next year.",
    "The dockworkers' union warned that the repairs could slip if steel prices keep rising.",
)


def pier_report(
    pages: tuple[str, ...] = PIER_PAGES,
    *,
    created: dt.date | None = dt.date(2026, 3, 14),
    password: str | None = None,
) -> bytes:
    """A PDF with one paragraph per page, a title, and CREATED as its creation date."""
    pdf = FPDF()
    if created is not None:
        pdf.set_creation_date(dt.datetime(created.year, created.month, created.day, tzinfo=dt.UTC))
    pdf.set_title("Northern pier report")
    pdf.set_author("Harbor Office")
    if password is not None:
        pdf.set_encryption(owner_password="owner-words", user_password=password)
    pdf.set_font("helvetica", size=12)
    for text in pages:
        pdf.add_page()
        pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A PDF with a drawing and no text: what a scanner makes, to OCR first."""
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 80, 60, style="F")
    return bytes(pdf.output())


# --- a local server -----------------------------------------------------------------------

SLOW_SECONDS = 3.0  # the slow route's delay: far above the tests' 0.5 s timeout


class _Handler(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, dict[str, str], bytes]]] = {}

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]  # a query (a token) does not change the route
        if path.startswith("/slow"):
            time.sleep(SLOW_SECONDS)
        if path.startswith("/chain/"):
            return self._chain(int(path.rsplit("/", 1)[1]))
        if path == "/loop":
            return self._reply(302, {"Location": "/loop"}, b"")
        if path == "/drip":
            return self._drip()
        status, headers, body = self.routes.get(path, (404, {"Content-Type": "text/plain"}, b"no"))
        self._reply(status, headers, body)

    def _chain(self, left: int) -> None:
        if left == 0:
            status, headers, body = self.routes["/page.html"]
            return self._reply(status, headers, body)
        self._reply(302, {"Location": f"/chain/{left - 1}"}, b"")

    def _drip(self) -> None:
        """A page without Content-Length, in chunks, longer than any test's --max-bytes."""
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Connection", "close")
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # at --max-bytes
            for _ in range(64):
                self.wfile.write(b"The council met again. " * 40)

    def _reply(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        # The client may stop reading (a body over its limit): that is what is tested.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        """Quiet: the tests read what the client says."""


@contextmanager
def document_server(routes: dict[str, tuple[int, dict[str, str], bytes]]) -> Iterator[str]:
    """A threaded server on 127.0.0.1 serving ROUTES (path -> status, headers, body) and
    the fixed routes of `_Handler`; yields its base URL."""
    handler = type("Handler", (_Handler,), {"routes": routes})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
