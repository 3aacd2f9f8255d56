"""claimcheck refresh: conditional re-fetch; reports exactly the claims a publisher's change breaks; link rot.

Every request goes to the test's own server on 127.0.0.1 (tests/web_server.py).
"""

import difflib
import hashlib
import json
import socket
import subprocess
from pathlib import Path

import pytest
import yaml

from checker.cli import main
from checker.repair.catalog_edit import update_entry
from checker.repair.refresh import refresh
from tests.web_server import Page, WebServer

FAST = ("--timeout", "0.3")
"""Short timeouts for the answers meant to fail; answers meant to arrive get the defaults (a loaded machine is slow)."""
NOTE = "sources/acme-note.txt"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and ".claimcheck-cache" not in p.parts}


def catalog_entry(root: Path, source_id: str) -> dict:
    data = yaml.safe_load((root / "sources/catalog.yaml").read_text(encoding="utf-8"))
    return next(s for s in data["sources"] if s["id"] == source_id)


@pytest.fixture
def online(mini: Path, web: WebServer) -> Path:
    """The mini registry with acme-note served at /note (ETag "v1") and catalogued with its url."""
    body = (mini / NOTE).read_bytes()
    web.pages["/note"] = Page(body, content_type="text/plain; charset=utf-8", etag='"v1"', last_modified="Sat, 01 Jun 2019 09:00:00 GMT")
    catalog = mini / "sources/catalog.yaml"
    fields = {"url": web.url("/note"), "sha256": hashlib.sha256(body).hexdigest(), "content_type": "text/plain", "etag": '"v1"',
              "last_modified": "Sat, 01 Jun 2019 09:00:00 GMT", "retrieved": "2026-01-01T00:00:00Z"}
    catalog.write_text(update_entry(catalog.read_text(encoding="utf-8"), "acme-note", fields), encoding="utf-8")
    return mini


def publish(web: WebServer, old: str, new: str, etag: str = '"v2"') -> None:
    page = web.pages["/note"]
    assert old.encode() in page.body
    web.pages["/note"] = Page(page.body.replace(old.encode(), new.encode()), content_type=page.content_type, etag=etag,
                              last_modified="Mon, 02 Nov 2026 09:00:00 GMT")


def test_an_unchanged_source_is_asked_for_conditionally_and_nothing_is_written(online: Path, web: WebServer, capsys):
    before = snapshot(online)
    code, out, _ = run(capsys, "refresh", "--root", str(online))
    assert code == 0, out
    assert "[source-unchanged]" in out and "304 Not Modified" in out
    assert web.requests_to("/note")[-1]["if-none-match"] == '"v1"'
    assert web.requests_to("/note")[-1]["if-modified-since"] == "Sat, 01 Jun 2019 09:00:00 GMT"
    assert snapshot(online) == before


def test_last_modified_alone_gets_a_304_too(online: Path, web: WebServer, capsys):
    catalog = online / "sources/catalog.yaml"
    catalog.write_text(update_entry(catalog.read_text(encoding="utf-8"), "acme-note", {"etag": None}), encoding="utf-8")
    web.pages["/note"].etag = None
    code, out, _ = run(capsys, "refresh", "--root", str(online), "--format", "json")
    assert code == 0, out
    assert [(s["id"], s["status"]) for s in json.loads(out)["sources"]] == [("acme-note", "unchanged")]
    assert "if-none-match" not in web.requests_to("/note")[-1]


def test_same_bytes_without_validators_are_unchanged(online: Path, web: WebServer, capsys):
    web.pages["/note"].etag = web.pages["/note"].last_modified = None
    before = snapshot(online)
    code, out, _ = run(capsys, "refresh", "--root", str(online))
    assert code == 0 and "same sha256" in out, out
    assert snapshot(online) == before


def test_a_changed_sentence_breaks_exactly_the_claims_citing_it(online: Path, web: WebServer, capsys):
    publish(web, "Northam holds a 60% stake", "Northam holds a 65% stake")
    catalog_before = (online / "sources/catalog.yaml").read_text(encoding="utf-8")
    code, out, _ = run(capsys, "refresh", "--root", str(online), "--format", "json")
    assert code == 1, out
    report = json.loads(out)
    assert [b["id"] for b in report["broken"]] == ["acme-northam-stake"]
    assert report["broken"][0]["findings"] == ["quote-missing"]
    assert report["repairs"] == [], "a changed number is news for a person, never a repin"
    missing = next(f for f in report["findings"] if f["rule"] == "quote-missing")
    assert any("{+65%+}" in d or "[-60%-] {+65%+}" in d for d in missing["details"]), missing
    assert [(s["id"], s["status"]) for s in report["sources"]] == [("acme-note", "changed")]
    new_body = web.pages["/note"].body
    assert (online / NOTE).read_bytes() == new_body
    entry = catalog_entry(online, "acme-note")
    assert (entry["sha256"], entry["etag"]) == (hashlib.sha256(new_body).hexdigest(), '"v2"')
    assert entry["last_modified"] == "Mon, 02 Nov 2026 09:00:00 GMT" and entry["retrieved"] != "2026-01-01T00:00:00Z"
    catalog_after = (online / "sources/catalog.yaml").read_text(encoding="utf-8")
    diff = [line for line in difflib.ndiff(catalog_before.splitlines(), catalog_after.splitlines()) if line[:2] in ("- ", "+ ")]
    assert {line.split(":")[0][2:].strip() for line in diff} == {"sha256", "etag", "last_modified", "retrieved"}, diff
    code, out, _ = run(capsys, "check", "--root", str(online), "--format", "json")
    assert {c["id"] for c in json.loads(out)["claims"] if c["status"] == "fail"} == {"acme-northam-stake"}


def test_a_reworded_quote_is_reported_with_the_repair_repin_would_make(online: Path, web: WebServer, capsys):
    git = ("git", "-C", str(online), "-c", "user.name=Test", "-c", "user.email=test@example.invalid")
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "registry"], check=True)  # repin anchors by the committed version
    publish(web, "founded in 2014 by the", "founded in 2014 by teh")
    code, out, _ = run(capsys, "refresh", "--root", str(online))
    assert code == 1, out
    lines = out.splitlines()
    assert any(line.startswith("claims/facts.yaml:") and "[quote-missing]" in line for line in lines)
    repairs = [line for line in lines if "[repin-available]" in line]
    assert len(repairs) == 1 and "by teh towns" in repairs[0], out
    code, out, _ = run(capsys, "repin", "--root", str(online))
    assert code == 0 and "repinned" in out, out


def test_a_change_no_claim_cites_breaks_nothing(online: Path, web: WebServer, capsys):
    publish(web, "Acme Widgets annual note", "Acme Widgets annual note (updated)")
    code, out, _ = run(capsys, "refresh", "--root", str(online), "--format", "github")
    assert code == 0, out
    assert out.startswith("::warning file=sources/catalog.yaml,line=2,col=1,title=claimcheck source-changed::")
    assert b"(updated)" in (online / NOTE).read_bytes()


def test_dry_run_reports_the_same_breakage_and_writes_nothing(online: Path, web: WebServer, capsys):
    publish(web, "Northam holds a 60% stake", "Northam holds a 65% stake")
    before = snapshot(online)
    code, out, _ = run(capsys, "refresh", "--root", str(online), "--dry-run")
    assert code == 1, out
    assert "acme-northam-stake" in out and "dry run: nothing written" in out
    assert snapshot(online) == before
    cache = online / ".claimcheck-cache"
    assert not [p for p in cache.iterdir() if p.name.startswith("refresh-")], "the staged copy is removed"


ROT = {
    "gone": (Page(b"no", status=404), "link-gone"),
    "gone-410": (Page(b"no", status=410), "link-gone"),
    "server-error": (Page(b"oops", status=503), "link-http-error"),
    "timeout": (Page(b"late", delay=3), "link-timeout"),
    "content-type-changed": (Page(b"<html><body>now a page</body></html>", content_type="text/html"), "link-content-type"),
    "too-large": (Page(b"x" * 5000, content_type="text/plain", length=False), "link-too-large"),
    "redirect-loop": (Page(status=301, redirect="/note"), "link-redirects"),
}


@pytest.mark.parametrize("output", ["text", "json", "github"])
@pytest.mark.parametrize("case", ROT, ids=list(ROT))
def test_link_rot_is_its_own_finding_and_keeps_the_stored_copy(online: Path, web: WebServer, capsys, case: str, output: str):
    page, rule = ROT[case]
    web.pages["/note"] = page
    before = snapshot(online)
    timeout = FAST if rule == "link-timeout" else ()
    code, out, err = run(capsys, "refresh", "--root", str(online), "--format", output, *timeout, "--max-bytes", "4096")
    assert (code, err) == (1, ""), out
    assert snapshot(online) == before
    if output == "json":
        report = json.loads(out)
        assert [(s["status"], s["rule"]) for s in report["sources"]] == [("failed", rule)]
        assert report["summary"]["exit_code"] == 1
    elif output == "github":
        assert out.startswith(f"::error file=sources/catalog.yaml,line=2,col=1,title=claimcheck {rule}::")
    else:
        assert out.startswith(f"sources/catalog.yaml:2:1: [{rule}] source `acme-note`: ")


def test_only_the_named_sources_are_fetched(online: Path, web: WebServer, capsys):
    catalog = online / "sources/catalog.yaml"
    web.pages["/other"] = Page((online / "sources/other-paper.txt").read_bytes(), content_type="text/plain")
    catalog.write_text(update_entry(catalog.read_text(encoding="utf-8"), "other-paper", {"url": web.url("/other")}), encoding="utf-8")
    code, out, _ = run(capsys, "refresh", "--root", str(online), "other-paper")
    assert code == 0, out
    assert web.requests_to("/note") == [] and len(web.requests_to("/other")) == 1


@pytest.mark.parametrize("ids", [("no-such-source",), ("other-paper",)], ids=["unknown", "without-url"])
def test_unknown_ids_and_ids_without_a_url_are_usage_errors(online: Path, web: WebServer, capsys, ids):
    code, out, err = run(capsys, "refresh", "--root", str(online), *ids)
    assert code == 2 and out == "" and err.startswith("claimcheck: error: ")
    assert web.requests == []


def test_an_unusable_registry_fetches_nothing(online: Path, web: WebServer, capsys):
    facts = online / "claims/facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("statement:", "statment:", 1), encoding="utf-8")
    code, out, _ = run(capsys, "refresh", "--root", str(online))
    assert code == 2 and "[schema]" in out
    assert web.requests == []


def test_refresh_is_a_library_call_too(online: Path, web: WebServer):
    publish(web, "Northam holds a 60% stake", "Northam holds a 65% stake")
    report = refresh(online, dry_run=True)
    assert [c.id for c in report.broken] == ["acme-northam-stake"] and report.exit_code == 1
    assert [s.status for s in report.sources] == ["changed"]


def test_refresh_asks_the_requested_url_again_and_records_where_it_now_leads(mini: Path, web: WebServer, capsys):
    web.pages["/latest"] = Page(status=302, redirect="/v1")
    web.pages["/v1"] = Page(b"Version one of the notice, with several words.\n", content_type="text/plain")
    assert run(capsys, "fetch", "--root", str(mini), web.url("/latest"), "--id", "notice")[0] == 0
    web.pages["/latest"] = Page(status=302, redirect="/v2")
    web.pages["/v2"] = Page(b"Version two of the notice, with several words.\n", content_type="text/plain")
    code, out, _ = run(capsys, "refresh", "--root", str(mini), "notice")
    assert code == 0 and "[source-changed]" in out, out
    entry = catalog_entry(mini, "notice")
    assert (entry["requested_url"], entry["url"]) == (web.url("/latest"), web.url("/v2"))
    assert (mini / "sources/notice.txt").read_bytes().startswith(b"Version two")


def test_a_server_that_is_gone_is_unreachable_and_the_stored_copy_is_kept(online: Path, capsys):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = sock.getsockname()[1]  # nothing listens here once the socket is closed
    catalog = online / "sources/catalog.yaml"
    catalog.write_text(update_entry(catalog.read_text(encoding="utf-8"), "acme-note", {"url": f"http://127.0.0.1:{closed}/note"}),
                       encoding="utf-8")
    before = snapshot(online)
    code, out, _ = run(capsys, "refresh", "--root", str(online), "--format", "json")
    assert code == 1, out
    assert [(s["status"], s["rule"]) for s in json.loads(out)["sources"]] == [("failed", "link-unreachable")]
    assert snapshot(online) == before


def test_a_text_copy_of_what_is_now_served_as_html_is_a_content_type_finding(online: Path, web: WebServer, capsys):
    catalog = online / "sources/catalog.yaml"
    catalog.write_text(update_entry(catalog.read_text(encoding="utf-8"), "acme-note", {"content_type": None}), encoding="utf-8")
    web.pages["/note"] = Page(b"<html><body><p>Acme Widgets was founded in 2014.</p></body></html>", content_type="text/html")
    before = snapshot(online)
    code, out, _ = run(capsys, "refresh", "--root", str(online))
    assert code == 1 and out.startswith("sources/catalog.yaml:2:1: [link-content-type] "), out
    assert snapshot(online) == before
