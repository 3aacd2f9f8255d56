"""Download a document over HTTP(S) without trusting the server: bounded in time, size and redirects.

The server is a stranger: its answer may never end, be endless, redirect in a
circle, claim one content type and be another, be slow on purpose, or compress
gigabytes into a few kilobytes. So every download has a connect and a read
timeout, a deadline for the whole body, a byte limit checked on the declared
``Content-Length`` and again while the body streams (nothing past the limit is
kept), a redirect limit, and an allowed set of content types. The body is read
raw and decoded here, never by the HTTP client: one layer of gzip or deflate,
inflated no further than the byte limit (a gzip bomb stops at the limit; a
stacked or other encoding is refused). And the whole request runs in a bounded
child process (``isolated``), whose wall time is the deadline for everything,
headers included: a server that drips its headers a byte at a time within the
read timeout is cut off there too. Every refusal is a ``DownloadRefused`` with
a rule id (``findings.LINK_RULES``) and a message that never repeats server
text unescaped.

A conditional request (``If-None-Match`` / ``If-Modified-Since`` from the
validators recorded at the last fetch) answered ``304 Not Modified`` is a
``NotModified``, not a download.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from checker.documents.isolated import Bounds, Exceeded, isolated
from checker.documents.shown import shown

if TYPE_CHECKING:
    import httpx

ALLOWED_TYPES: dict[str, tuple[str, ...]] = {
    "text/html": (".html", ".htm"),
    "application/xhtml+xml": (".html", ".xhtml"),
    "application/pdf": (".pdf",),
    "text/plain": (".txt",),
}
"""Content types a source may have, each with the file extensions that say so (the first is the default)."""

USER_AGENT = "claimcheck (+https://github.com/claimcheck/claimcheck; archives cited documents)"


@dataclass(frozen=True)
class Limits:
    connect: float = 10.0
    """Seconds to open the connection."""
    read: float = 30.0
    """Seconds without a byte from the server."""
    total: float = 120.0
    """Seconds for the whole download, however steadily a slow server drips."""
    max_bytes: int = 64 * 1024 * 1024
    """Largest body kept (the checker refuses larger sources anyway)."""
    max_redirects: int = 10


@dataclass(frozen=True)
class Validators:
    """What the server said identifies this version: sent back to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class Download:
    requested_url: str
    url: str
    """The final URL, after redirects."""
    content_type: str
    """The media type alone, lower case (``text/html``), parameters dropped."""
    body: bytes
    validators: Validators

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


@dataclass(frozen=True)
class NotModified:
    requested_url: str
    url: str


class DownloadRefused(Exception):
    """The download failed or was refused; ``rule`` is its link-rot rule id."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule, self.message = rule, message

    def __reduce__(self) -> tuple[type[DownloadRefused], tuple[str, str]]:  # crosses the isolated child's pipe
        return DownloadRefused, (self.rule, self.message)


def check_url(url: str) -> str | None:
    """Why ``url`` cannot be fetched (not http(s), no host, malformed), or None."""
    import httpx  # imported when first needed: 0.3 s that `claimcheck check` never pays

    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError, ValueError) as exc:
        return f"{shown(url)} is not a valid URL ({shown(str(exc))})"
    if parsed.scheme not in ("http", "https"):
        return f"{shown(url)}: only http:// and https:// URLs are fetched"
    if not parsed.host:
        return f"{shown(url)} has no host name"
    return None


def media_type(header: str | None) -> str:
    return (header or "").split(";", 1)[0].strip().lower()


def download(url: str, limits: Limits = Limits(), validators: Validators | None = None) -> Download | NotModified:
    """GET ``url``; the body if it is new, ``NotModified`` if the server says it is not, else ``DownloadRefused``."""
    problem = check_url(url)
    if problem is not None:
        raise DownloadRefused("link-unreachable", problem)
    # Room for the body three times over (chunks, joined, pickled back) and the client; CPU time is never the bound here.
    bounds = Bounds(memory=4 * limits.max_bytes + (256 << 20), cpu=int(limits.total) + 60, wall=limits.total + limits.connect)
    try:
        return isolated(lambda: _download(url, limits, validators), bounds)
    except Exceeded as exc:
        if exc.bound == "wall":
            raise DownloadRefused("link-timeout", f"{shown(url)} did not finish answering within {bounds.wall:g} s") from None
        if exc.bound == "memory":
            raise DownloadRefused("link-too-large", f"{shown(url)}: reading the answer {exc}") from None
        raise DownloadRefused("link-unreachable", f"{shown(url)}: reading the answer {exc}") from None


def _download(url: str, limits: Limits, validators: Validators | None) -> Download | NotModified:
    import httpx
    # identity: the document as the publisher stores it, and no decompression bomb to defuse.
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join([*ALLOWED_TYPES, "*/*;q=0.1"]), "Accept-Encoding": "identity"}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    timeout = httpx.Timeout(connect=limits.connect, read=limits.read, write=limits.read, pool=limits.connect)
    deadline = time.monotonic() + limits.total
    def no_other_scheme(response: httpx.Response) -> None:  # before httpx builds the next request (data:, javascript: break it)
        location = response.headers.get("location") if response.is_redirect else None
        scheme = urlsplit(location).scheme.lower() if location else ""
        if scheme not in ("", "http", "https"):
            raise DownloadRefused("link-redirects", f"{shown(url)} redirects to a {shown(scheme)}: URL; only http(s) is fetched")

    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=limits.max_redirects, timeout=timeout, headers=headers,
                         event_hooks={"response": [no_other_scheme]}) as client,
            client.stream("GET", url) as response,
        ):
            final = str(response.url)
            if response.status_code == 304:
                return NotModified(url, final)
            _check_status(response, final)
            kind = media_type(response.headers.get("content-type"))
            if kind not in ALLOWED_TYPES:
                raise DownloadRefused("link-content-type", f"{shown(final)} is {shown(kind) if kind else 'of no stated type'}, "
                                      f"not a document type claimcheck reads ({', '.join(ALLOWED_TYPES)})")
            body = _bounded_body(response, final, limits, deadline)
            found = Validators(response.headers.get("etag"), response.headers.get("last-modified"))
            return Download(url, final, kind, body, found)
    except httpx.TooManyRedirects:
        raise DownloadRefused("link-redirects", f"{shown(url)} redirects more than {limits.max_redirects} times (a loop?)") from None
    except httpx.UnsupportedProtocol as exc:
        raise DownloadRefused("link-redirects", f"{shown(url)} redirects to a URL that is not http(s) ({shown(str(exc))})") from None
    except httpx.TimeoutException:
        raise DownloadRefused("link-timeout", f"{shown(url)} did not answer in time "
                              f"(connect {limits.connect:g} s, read {limits.read:g} s)") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise DownloadRefused("link-unreachable", f"{shown(url)} cannot be reached: {shown(str(exc) or type(exc).__name__)}") from None


def _check_status(response: httpx.Response, final: str) -> None:
    code = response.status_code
    if 200 <= code < 300:
        return
    phrase = shown(response.reason_phrase or "")
    if code in (404, 410):
        raise DownloadRefused("link-gone", f"{shown(final)} answers {code} {phrase}: the document is gone from that address")
    raise DownloadRefused("link-http-error", f"{shown(final)} answers {code} {phrase}")


def _bounded_body(response: httpx.Response, final: str, limits: Limits, deadline: float) -> bytes:
    too_large = f"{shown(final)} sends more than {limits.max_bytes:,} bytes; refused (the limit keeps a runaway answer out)"
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise DownloadRefused("link-too-large", too_large)
    chunks: list[bytes] = []
    size = 0
    for chunk in _decoded(response, final, limits.max_bytes):
        size += len(chunk)
        if size > limits.max_bytes:
            raise DownloadRefused("link-too-large", too_large)
        if time.monotonic() > deadline:
            raise DownloadRefused("link-timeout", f"{shown(final)} took more than {limits.total:g} s to send the document")
        chunks.append(chunk)
    return b"".join(chunks)


def _decoded(response: httpx.Response, final: str, limit: int) -> Iterator[bytes]:
    """The body's bytes with its Content-Encoding undone, never inflating more than ``limit`` + 1 bytes.

    We ask for ``identity``; a server that compresses anyway gets one layer of gzip or
    deflate read (zlib told the most it may return per call, so a bomb stops at the limit);
    stacked or other encodings are refused rather than decoded by the client unbounded.
    """
    encoding = ",".join(part.strip() for part in response.headers.get("content-encoding", "").lower().split(",") if part.strip())
    if encoding in ("", "identity"):
        yield from response.iter_raw()
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise DownloadRefused("link-content-type", f"{shown(final)} sends the document encoded as {shown(encoding)!r}; only "
                              "uncompressed, gzip or deflate answers are read")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32)  # 32: a gzip or a zlib header, whichever the server sent
    try:
        for raw in response.iter_raw():
            yield inflater.decompress(raw, limit + 1)
            while inflater.unconsumed_tail:  # more output is waiting than one call may return: past the limit already
                yield inflater.decompress(inflater.unconsumed_tail, limit + 1)
    except zlib.error as exc:
        raise DownloadRefused("link-unreachable", f"{shown(final)} sends a body that is not valid {encoding} ({shown(str(exc))})") from None
