"""claimcheck fetch: stores a document byte for byte and catalogs it; refuses every bad answer with a link rule.

Every request goes to the test's own server on 127.0.0.1 (tests/web_server.py).
"""

import functools
import hashlib
import json
import os
import re
import shlex
import shutil
import socket
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from checker.cli import main
from tests.conftest import FIXTURES, REPO
from tests.web_server import Page, WebServer

ARTICLE = """<!doctype html><html><head><title>Kingston children's services | News</title>
<meta property="og:title" content="Borough goes from \u2018inadequate\u2019 to \u2018outstanding\u2019">
<meta property="og:site_name" content="Community Care">
<meta name="citation_publication_date" content="2019/08/25">
<meta name="citation_author" content="A. Reporter">
</head><body><nav>Home | News</nav><article><h1>Borough goes up</h1>
<p>Kingston was rated outstanding by inspectors in 2019, six years after an inadequate rating.</p></article>
<footer>Cookies</footer></body></html>""".encode()
FAST = ("--timeout", "0.3")


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def catalog_entry(root: Path, source_id: str) -> dict:
    data = yaml.safe_load((root / "sources/catalog.yaml").read_text(encoding="utf-8"))
    return next(s for s in data["sources"] if s["id"] == source_id)


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "sources").rglob("*")) if p.is_file()}


def test_fetch_stores_the_bytes_and_catalogs_them_from_the_page_metadata(mini: Path, web: WebServer, capsys):
    web.pages["/news/kingston"] = Page(ARTICLE, etag='"v1"', last_modified="Sun, 25 Aug 2019 10:00:00 GMT")
    before = (mini / "sources/catalog.yaml").read_text(encoding="utf-8")
    code, out, err = run(capsys, "fetch", "--root", str(mini), web.url("/news/kingston"), "--id", "cc-kingston")
    assert (code, err) == (0, ""), out
    assert (mini / "sources/cc-kingston.html").read_bytes() == ARTICLE
    after = (mini / "sources/catalog.yaml").read_text(encoding="utf-8")
    assert after.startswith(before.rstrip("\n")), "the existing catalog text, comments included, is kept as it was"
    entry = catalog_entry(mini, "cc-kingston")
    assert entry["title"] == "Borough goes from \u2018inadequate\u2019 to \u2018outstanding\u2019"
    assert (entry["publisher"], entry["published"], entry["precision"], entry["kind"]) == ("Community Care", "2019-08-25", "day", "web-page")
    assert entry["sha256"] == hashlib.sha256(ARTICLE).hexdigest()
    assert (entry["url"], entry["content_type"], entry["etag"]) == (web.url("/news/kingston"), "text/html", '"v1"')
    assert entry["last_modified"] == "Sun, 25 Aug 2019 10:00:00 GMT"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["retrieved"])
    assert entry["confirm"] == ["kind"] and "requested_url" not in entry
    assert not list((mini / "sources").glob(".*")), "no temporary file is left behind"
    code, out, _ = run(capsys, "check", "--root", str(mini), "--format", "json")
    report = json.loads(out)
    assert code == 0, out
    assert [(f["rule"], f["severity"], f["source"]) for f in report["findings"]] == [("unconfirmed-metadata", "warning", "cc-kingston")]


def test_guessed_fields_are_listed_for_a_person_to_confirm(mini: Path, web: WebServer, capsys):
    web.pages["/plain"] = Page(b"<html><head><title>Just a title</title></head><body><h1>Heading</h1><p>Text of the page here.</p></body></html>")
    code, out, _ = run(capsys, "fetch", "--root", str(mini), web.url("/plain"), "--id", "plain-page")
    assert code == 0, out
    assert "[unconfirmed-metadata]" in out
    entry = catalog_entry(mini, "plain-page")
    assert entry["confirm"] == ["title", "publisher", "kind", "published", "precision"]
    assert entry["publisher"] == "127.0.0.1" and entry["published"] == entry["retrieved"][:10]
    assert "retrieval date stands in" in entry["date_note"]


def test_a_redirect_records_the_final_and_the_requested_url(mini: Path, web: WebServer, capsys):
    web.pages["/old"] = Page(status=301, redirect="/new")
    web.pages["/new"] = Page(b"Moved text of the document.\n", content_type="text/plain; charset=utf-8")
    code, out, _ = run(capsys, "fetch", "--root", str(mini), web.url("/old"), "--id", "moved", "--path", "moved-doc.txt")
    assert code == 0, out
    entry = catalog_entry(mini, "moved")
    assert (entry["url"], entry["requested_url"], entry["path"]) == (web.url("/new"), web.url("/old"), "moved-doc.txt")
    assert (mini / "sources/moved-doc.txt").read_bytes() == b"Moved text of the document.\n"


def test_a_pdf_is_stored_as_pdf_and_catalogued_from_its_information_dictionary(mini: Path, web: WebServer, capsys):
    pdf = (FIXTURES / "documents/sources/northfield-water-annual-report.pdf").read_bytes()
    web.pages["/reports/annual.pdf"] = Page(pdf, content_type="application/pdf")
    code, out, _ = run(capsys, "fetch", "--root", str(mini), web.url("/reports/annual.pdf"), "--id", "northfield-report", "--format", "json")
    assert code == 0, out
    stored = json.loads(out)["stored"]
    assert (stored["path"], stored["content_type"], stored["bytes"]) == ("sources/northfield-report.pdf", "application/pdf", len(pdf))
    assert (mini / "sources/northfield-report.pdf").read_bytes() == pdf
    entry = catalog_entry(mini, "northfield-report")
    assert (entry["title"], entry["kind"]) == ("Northfield Water Trust: Annual report 2024\u201325", "report")
    assert entry["confirm"] == ["publisher", "kind", "published", "precision"] and "creation date" in entry["date_note"]
    code, out, _ = run(capsys, "check", "--root", str(mini))
    assert code == 0, out


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


REFUSED = {
    "gone-404": ("/missing", None, "link-gone"),
    "gone-410": ("/gone", Page(b"gone", status=410), "link-gone"),
    "server-error": ("/error", Page(b"oops", status=500), "link-http-error"),
    "redirect-loop": ("/loop", Page(status=302, redirect="/loop"), "link-redirects"),
    "redirect-to-ftp": ("/ftp", Page(status=302, redirect="ftp://127.0.0.1/file.txt"), "link-redirects"),
    "slow-answer": ("/slow", Page(b"late", delay=3), "link-timeout"),
    "slow-drip": ("/drip", Page(b"x" * 3000, content_type="text/plain", drip=0.05, chunk=100), "link-timeout"),
    "declared-too-large": ("/big", Page(b"x" * 5000, content_type="text/plain"), "link-too-large"),
    "streamed-too-large": ("/stream", Page(b"x" * 5000, content_type="text/plain", length=False), "link-too-large"),
    "image": ("/picture", Page(b"GIF89a", content_type="image/gif"), "link-content-type"),
    "no-content-type": ("/untyped", Page(b"what am I", content_type=None), "link-content-type"),
    "connection-refused": (None, None, "link-unreachable"),
}


@pytest.mark.parametrize("output", ["text", "json", "github"])
@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_every_bad_answer_is_a_link_finding_and_writes_nothing(mini: Path, web: WebServer, capsys, case: str, output: str):
    path, page, rule = REFUSED[case]
    if page is not None:
        web.pages[path] = page
    url = web.url(path) if path else f"http://127.0.0.1:{_closed_port()}/doc"
    before = snapshot(mini)
    timeout = FAST if rule == "link-timeout" else ()  # answers meant to arrive get the defaults: a loaded machine is slow
    code, out, err = run(capsys, "fetch", "--root", str(mini), url, "--id", "new-doc", "--format", output, *timeout, "--max-bytes", "4096",
                         "--max-redirects", "3")
    assert (code, err) == (1, ""), out
    assert snapshot(mini) == before
    if output == "json":
        assert [f["rule"] for f in json.loads(out)["findings"]] == [rule]
        assert json.loads(out)["stored"] is None
    elif output == "github":
        assert out.startswith(f"::error file=sources/catalog.yaml,line=1,col=1,title=claimcheck {rule}::")
    else:
        assert out.startswith(f"sources/catalog.yaml:1:1: [{rule}] ")


USAGE = {
    "not-http": ("file:///etc/passwd", ("--id", "x")),
    "bad-id": ("/doc", ("--id", "Not An Id")),
    "path-with-folder": ("/doc", ("--id", "x", "--path", "sub/x.txt")),
    "path-climbing": ("/doc", ("--id", "x", "--path", "../x.txt")),
    "path-hidden": ("/doc", ("--id", "x", "--path", ".x.txt")),
    "existing-id": ("/doc", ("--id", "acme-note")),
    "existing-file": ("/doc", ("--id", "x", "--path", "other-paper.txt")),
    "extension-not-the-type": ("/doc", ("--id", "x", "--path", "x.pdf")),
}


@pytest.mark.parametrize("case", USAGE, ids=list(USAGE))
def test_an_unusable_request_is_one_line_and_exit_2_and_writes_nothing(mini: Path, web: WebServer, capsys, case: str):
    web.pages["/doc"] = Page(b"A text document with some words.\n", content_type="text/plain")
    url, extra = USAGE[case]
    before = snapshot(mini)
    code, out, err = run(capsys, "fetch", "--root", str(mini), web.url(url) if url.startswith("/") else url, *extra)
    assert code == 2 and out == ""
    assert err.startswith("claimcheck: error: ") and err.count("\n") == 1, err
    assert snapshot(mini) == before
    if case != "extension-not-the-type":
        assert web.requests == [], "refused before any request"


def test_nothing_is_written_through_a_symlinked_catalog_or_source(mini: Path, web: WebServer, tmp_path: Path, capsys):
    web.pages["/doc"] = Page(b"A text document with some words.\n", content_type="text/plain")
    outside = tmp_path / "outside.yaml"
    outside.write_bytes((mini / "sources/catalog.yaml").read_bytes())
    (mini / "sources/catalog.yaml").unlink()
    (mini / "sources/catalog.yaml").symlink_to(outside)
    before = outside.read_bytes()
    code, _, err = run(capsys, "fetch", "--root", str(mini), web.url("/doc"), "--id", "doc")
    assert code == 2 and "symlink" in err, err
    assert outside.read_bytes() == before and not (mini / "sources/doc.txt").exists()
    (tmp_path / "target.txt").write_bytes(b"outside")
    (mini / "sources/link.txt").symlink_to(tmp_path / "target.txt")
    code, _, err = run(capsys, "fetch", "--root", str(mini), web.url("/doc"), "--id", "doc", "--path", "link.txt", "--force")
    assert code == 2 and "symlink" in err, err
    assert (tmp_path / "target.txt").read_bytes() == b"outside"


def test_force_replaces_the_file_and_provenance_but_keeps_the_description(mini: Path, web: WebServer, capsys):
    web.pages["/note"] = Page(b"The new note text, as published.\n", content_type="text/plain", etag='"n2"')
    code, out, _ = run(capsys, "fetch", "--root", str(mini), web.url("/note"), "--id", "acme-note", "--force")
    assert code == 0, out
    assert out.startswith("replaced sources/acme-note.txt")
    assert (mini / "sources/acme-note.txt").read_bytes() == b"The new note text, as published.\n"
    entry = catalog_entry(mini, "acme-note")
    assert (entry["title"], entry["publisher"], entry["etag"]) == ("Acme Widgets annual note", "Acme", '"n2"')
    assert entry["sha256"] == hashlib.sha256(b"The new note text, as published.\n").hexdigest()


def test_server_text_is_escaped_in_output_and_cleaned_in_the_catalog(mini: Path, web: WebServer, capsys):
    web.pages["/evil"] = Page(b'<html><head><meta property="og:title" content="Title\x1b[31m red\x07"></head><body><p>x</p></body></html>')
    web.pages["/evil-type"] = Page(b"x", content_type="application/x-\x1b[2Jclear")
    code, out, _ = run(capsys, "fetch", "--root", str(mini), web.url("/evil"), "--id", "evil")
    assert code == 0, out
    assert "\x1b" not in (mini / "sources/catalog.yaml").read_text(encoding="utf-8")
    assert catalog_entry(mini, "evil")["title"].startswith("Title")
    code, out, _ = run(capsys, "fetch", "--root", str(mini), web.url("/evil-type"), "--id", "evil-type")
    assert code == 1 and "\x1b" not in out and "\\x1b" in out, out


def _readme_session() -> list[tuple[str, list[str]]]:
    """The README's fetch/refresh example: each ``$ command`` with the lines it printed."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Sources from the web") : readme.index("## What the checks mean")]
    steps: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```\n(\$ .*?)```", section, re.S):
        for line in block.splitlines():
            if line.startswith("$ "):
                steps.append((line[2:], []))
            else:
                steps[-1][1].append(line)
    return steps


def test_the_readme_example_is_what_a_real_run_says(tmp_path: Path, capsys):
    steps = _readme_session()
    assert sum(cmd.startswith("claimcheck ") for cmd, _ in steps) >= 4
    registry, site = tmp_path / "reg", tmp_path / "site"
    server = None
    try:
        for command, expected in steps:
            if command.startswith("cp -r tests/fixtures/mini"):
                shutil.copytree(FIXTURES / "mini", registry)
            elif command.startswith("mkdir /tmp/site && cp "):
                site.mkdir()
                for name in shlex.split(command.split("&&")[1])[1:-1]:
                    shutil.copy(REPO / name, site)
            elif command.startswith("python3 -m http.server"):
                handler = functools.partial(QuietFiles, directory=str(site))
                server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
                threading.Thread(target=server.serve_forever, daemon=True).start()
            elif command.startswith("sed -i 's/60% stake/65% stake/'"):
                page = site / "acme-note.txt"
                page.write_text(page.read_text(encoding="utf-8").replace("60% stake", "65% stake"), encoding="utf-8")
                later = page.stat().st_mtime + 10  # Last-Modified has whole seconds: make the edit visibly later
                os.utime(page, (later, later))
            elif command.startswith("claimcheck "):
                assert server is not None
                port = server.server_address[1]
                args = [arg.replace("127.0.0.1:8765", f"127.0.0.1:{port}") for arg in shlex.split(command)[1:]]
                main([*args, "--root", str(registry)])
                out = capsys.readouterr().out.replace(f"127.0.0.1:{port}", "127.0.0.1:8765")
                assert out.splitlines() == expected, command
            else:
                assert command == "cd /tmp/reg", f"the test does not know how to replay {command!r}"
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass
