"""A real HTTP server on 127.0.0.1 for the fetch and refresh tests: no test reaches any other address.

Each path serves a ``Page`` the test sets (and may change between requests):
its body, content type and validators, honouring ``If-None-Match`` and
``If-Modified-Since`` with 304; or a redirect; or a delay before the answer or
between body chunks; or a body sent without ``Content-Length``. Unknown paths
answer 404. Every request's path and headers are recorded.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Page:
    body: bytes = b""
    content_type: str | None = "text/html; charset=utf-8"
    status: int = 200
    etag: str | None = None
    last_modified: str | None = None
    redirect: str | None = None
    """A Location to send with ``status`` 301/302 instead of a body."""
    delay: float = 0.0
    """Seconds to wait before answering."""
    drip: float = 0.0
    """Seconds to wait between chunks of the body."""
    chunk: int = 1024
    """Bytes written at a time (and between two waits of ``drip``)."""
    length: bool = True
    """Send Content-Length (else the body ends when the connection closes)."""
    headers: dict[str, str] = field(default_factory=dict)
    header_drip: float = 0.0
    """Send the status line, then one header line every this many seconds, never ending the headers (a slow loris)."""


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # a test's deliberately slow answer must not hold up the next test

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that hangs up early (size limit, deadline) is the point of the test, not an error


class WebServer:
    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._server = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def requests_to(self, path: str) -> list[dict[str, str]]:
        return [headers for seen, headers in self.requests if seen == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _not_modified(page: Page, headers: dict[str, str]) -> bool:
    if page.etag is not None and "if-none-match" in headers:
        return page.etag in [tag.strip() for tag in headers["if-none-match"].split(",")]
    if page.last_modified is not None and "if-modified-since" in headers:
        try:
            return parsedate_to_datetime(page.last_modified) <= parsedate_to_datetime(headers["if-modified-since"])
        except (TypeError, ValueError):
            return False
    return False


def _handler(web: WebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # quiet test output
            pass

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            web.requests.append((self.path, headers))
            page = web.pages.get(self.path)
            if page is None:
                self._answer(404, b"not here", "text/plain", length=True)
                return
            time.sleep(page.delay)
            if page.header_drip:
                self._drip_headers(page.header_drip)
                return
            if page.redirect is not None:
                self.send_response(page.status)
                self.send_header("Location", page.redirect)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if page.status == 200 and _not_modified(page, headers):
                self.send_response(304)
                self._validators(page)
                self.end_headers()
                return
            self._answer(page.status, page.body, page.content_type, page.length, page)

        def _drip_headers(self, every: float) -> None:
            self.close_connection = True
            try:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                for _ in range(int(600 / every)):  # ends by itself after ten minutes at most
                    self.wfile.write(b"X-Drip: x\r\n")
                    self.wfile.flush()
                    time.sleep(every)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as it should

        def _validators(self, page: Page) -> None:
            if page.etag is not None:
                self.send_header("ETag", page.etag)
            if page.last_modified is not None:
                self.send_header("Last-Modified", page.last_modified)

        def _answer(self, status: int, body: bytes, content_type: str | None, length: bool, page: Page | None = None) -> None:
            self.send_response(status)
            if content_type is not None:
                self.send_header("Content-Type", content_type)
            if length:
                self.send_header("Content-Length", str(len(body)))
            else:
                self.send_header("Connection", "close")
                self.close_connection = True
            if page is not None:
                self._validators(page)
                for name, value in page.headers.items():
                    self.send_header(name, value)
            self.end_headers()
            try:
                size = page.chunk if page is not None else 1024
                for start in range(0, len(body), size):
                    self.wfile.write(body[start : start + size])
                    if page is not None and page.drip:
                        self.wfile.flush()
                        time.sleep(page.drip)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up on purpose (size limit, deadline)

    return Handler


@pytest.fixture
def web() -> Iterator[WebServer]:
    server = WebServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
