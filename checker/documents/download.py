"""Download a document over HTTP(S) without trusting the server: bounded in time, size and redirects.

The server is a stranger: its answer may never end, be endless, redirect in a
circle, claim one content type and be another, or be slow on purpose. So every
download has a connect and a read timeout, a deadline for the whole body, a
byte limit checked on the declared ``Content-Length`` and again while the body
streams (nothing past the limit is kept), a redirect limit, and an allowed set
of content types. Every refusal is a ``DownloadRefused`` with a rule id
(``findings.LINK_RULES``) and a message that never repeats server text
unescaped.

A conditional request (``If-None-Match`` / ``If-Modified-Since`` from the
validators recorded at the last fetch) answered ``304 Not Modified`` is a
``NotModified``, not a download.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

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
    import httpx

    problem = check_url(url)
    if problem is not None:
        raise DownloadRefused("link-unreachable", problem)
    # identity: the document as the publisher stores it, and no decompression bomb to defuse.
    headers = {"User-Agent": USER_AGENT, "Accept": ", ".join([*ALLOWED_TYPES, "*/*;q=0.1"]), "Accept-Encoding": "identity"}
    if validators is not None and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators is not None and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    timeout = httpx.Timeout(connect=limits.connect, read=limits.read, write=limits.read, pool=limits.connect)
    deadline = time.monotonic() + limits.total
    try:
        with (
            httpx.Client(follow_redirects=True, max_redirects=limits.max_redirects, timeout=timeout, headers=headers) as client,
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
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limits.max_bytes:
            raise DownloadRefused("link-too-large", too_large)
        if time.monotonic() > deadline:
            raise DownloadRefused("link-timeout", f"{shown(final)} took more than {limits.total:g} s to send the document")
        chunks.append(chunk)
    return b"".join(chunks)
