"""fetch and refresh against hostile servers: compression bombs, a slow loris, names chosen by the server.

Every request goes to the test's own server on 127.0.0.1 (tests/web_server.py).
"""

from __future__ import annotations

import gzip
import json
import time
import zlib
from pathlib import Path

import pytest

from checker.cli import main
from tests.test_fetch import snapshot
from tests.test_refresh import online  # noqa: F401 (a fixture)
from tests.web_server import Page, WebServer


def gzip_bomb(size: int) -> bytes:
    """``size`` zero bytes as one gzip member (about 1,000:1), compressed a megabyte at a time."""
    deflate = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = bytes(1 << 20)
    return b"".join([*(deflate.compress(block) for _ in range(size >> 20)), deflate.flush()])


def fetch(capsys, root: Path, url: str, *extra: str) -> tuple[int, str, str]:
    code = main(["fetch", "--root", str(root), url, "--id", "new-doc", "--format", "json", *extra])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def rules(out: str) -> list[str]:
    return [f["rule"] for f in json.loads(out)["findings"]]


HOSTILE = {
    # a 200 MB answer in 200 KB, which the HTTP client would inflate whole
    "gzip-bomb": Page(gzip_bomb(200 << 20), content_type="text/html", headers={"Content-Encoding": "gzip"}),
    # each layer multiplies: 6 KB here were 8 GB of memory before
    "stacked-gzip": Page(gzip.compress(gzip_bomb(64 << 20)), content_type="text/html", headers={"Content-Encoding": "gzip, gzip"}),
    "brotli": Page(b"\x0b\x02\x80hello\x03", content_type="text/html", headers={"Content-Encoding": "br"}),
    "huge-content-length": Page(b"x" * 100, content_type="text/plain", length=False, headers={"Content-Length": str(1 << 40)}),
}
RULE = {"gzip-bomb": "link-too-large", "stacked-gzip": "link-content-type", "brotli": "link-content-type",
        "huge-content-length": "link-too-large"}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_answer_is_a_link_finding_and_writes_nothing(mini: Path, web: WebServer, capsys, case: str):
    web.pages["/doc"] = HOSTILE[case]
    before = snapshot(mini)
    code, out, _ = fetch(capsys, mini, web.url("/doc"), "--max-bytes", str(1 << 20))
    assert (code, rules(out)) == (1, [RULE[case]]), out
    assert snapshot(mini) == before


def test_a_gzip_answer_within_the_limit_is_stored_decoded(mini: Path, web: WebServer, capsys):
    body = b"A text document that the server compressed although we asked for identity.\n"
    web.pages["/doc"] = Page(gzip.compress(body), content_type="text/plain", headers={"Content-Encoding": "gzip"})
    code, out, _ = fetch(capsys, mini, web.url("/doc"))
    assert code == 0, out
    assert (mini / "sources/new-doc.txt").read_bytes() == body


def test_a_server_dripping_its_headers_is_cut_off_at_the_deadline(mini: Path, web: WebServer, capsys):
    """Each header line comes within the read timeout, so only a deadline on the whole request ends it."""
    web.pages["/loris"] = Page(header_drip=0.2)
    started = time.monotonic()
    code, out, _ = fetch(capsys, mini, web.url("/loris"), "--timeout", "1")  # connect 1 s + whole download 4 s
    assert (code, rules(out)) == (1, ["link-timeout"])
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("target", ["file:///etc/passwd", "data:text/html,<p>x</p>", "javascript:alert(1)", "gopher://127.0.0.1/x"])
def test_a_redirect_to_another_scheme_is_refused(mini: Path, web: WebServer, capsys, target: str):
    web.pages["/away"] = Page(status=302, redirect=target)
    before = snapshot(mini)
    code, out, _ = fetch(capsys, mini, web.url("/away"))
    assert (code, rules(out)) == (1, ["link-redirects"]), out
    assert snapshot(mini) == before


def test_the_server_cannot_choose_the_stored_name(mini: Path, web: WebServer, capsys, tmp_path: Path):
    web.pages["/../../escape.txt"] = web.pages["/doc"] = Page(
        b"A text document with a hostile name.\n", content_type="text/plain",
        headers={"Content-Disposition": 'attachment; filename="../../escaped.txt"; filename*=UTF-8\'\'..%2F..%2Fescaped.txt'})
    code, out, _ = fetch(capsys, mini, web.url("/doc"))
    assert code == 0, out
    assert (mini / "sources/new-doc.txt").exists()
    assert not list(tmp_path.rglob("escaped.txt")) and not list(tmp_path.rglob("escape.txt"))


@pytest.mark.parametrize("source_id", ["../escape", "sources/x", "/tmp/x", "x\n::error::y"])
def test_an_id_that_is_a_path_is_refused_before_any_request(mini: Path, web: WebServer, capsys, source_id: str):
    web.pages["/doc"] = Page(b"A text document.\n", content_type="text/plain")
    code = main(["fetch", "--root", str(mini), web.url("/doc"), "--id", source_id])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and web.requests == []
    assert "\n::" not in err


def test_refresh_of_a_gzip_bomb_keeps_the_stored_copy(online: Path, web: WebServer, capsys):  # noqa: F811
    before = snapshot(online)
    web.pages["/note"] = Page(gzip_bomb(200 << 20), content_type="text/plain", headers={"Content-Encoding": "gzip"})
    code = main(["refresh", "--root", str(online), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in out + err
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["link-too-large"]
    assert snapshot(online) == before
