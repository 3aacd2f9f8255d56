"""Issue 16's done-when: an HTML, a PDF and a text source served on 127.0.0.1; the publisher edits a quoted
sentence of the HTML page; refresh reports exactly the claims citing it, with a link into the live page."""

import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.repair import update_entry
from tests.conftest import FIXTURES
from tests.web_server import Page, WebServer

SERVED = {
    "gazette-2025-library-hours": ("harbour-gazette-library-hours.html", "text/html; charset=utf-8", "/news/2025/03/library-hours"),
    "northfield-2025-annual-report": ("northfield-water-annual-report.pdf", "application/pdf", "/reports/annual-report-2024-25.pdf"),
    "eastmere-2025-press-release": ("eastmere-council-press-release.txt", "text/plain; charset=utf-8", "/press/library-hours.txt"),
}
PAGE = SERVED["gazette-2025-library-hours"][2]


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().out


@pytest.fixture
def published(tmp_path: Path, web: WebServer) -> Path:
    """The documents fixture registry, each source served by the test's server and catalogued with its url."""
    root = tmp_path / "documents"
    shutil.copytree(FIXTURES / "documents", root, ignore=shutil.ignore_patterns("make_fixtures.py", ".claimcheck-cache"))
    catalog = root / "sources/catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    for source_id, (name, content_type, path) in SERVED.items():
        web.pages[path] = Page((root / "sources" / name).read_bytes(), content_type=content_type, etag=f'"{source_id}-1"')
        text = update_entry(text, source_id, {"url": web.url(path), "etag": f'"{source_id}-1"'})
    catalog.write_text(text, encoding="utf-8")
    return root


def edit_page(web: WebServer, old: bytes, new: bytes) -> None:
    page = web.pages[PAGE]
    assert page.body.count(old) == 1
    web.pages[PAGE] = Page(page.body.replace(old, new), content_type=page.content_type, etag='"gazette-2"')


def test_the_registry_passes_and_nothing_changed_upstream(published: Path, capsys):
    code, out = run(capsys, "check", "--root", str(published))
    assert code == 0, out
    code, out = run(capsys, "refresh", "--root", str(published), "--format", "json")
    assert code == 0, out
    assert sorted((s["id"], s["status"]) for s in json.loads(out)["sources"]) == sorted((i, "unchanged") for i in SERVED)


@pytest.mark.parametrize("dry_run", [False, True], ids=["write", "dry-run"])
def test_an_edited_quoted_sentence_breaks_exactly_the_claims_citing_it_with_a_link(published: Path, web: WebServer, capsys, dry_run):
    edit_page(web, b"3,412 signatures", b"3,214 signatures")
    stored = (published / "sources/harbour-gazette-library-hours.html").read_bytes()
    code, out = run(capsys, "refresh", "--root", str(published), "--format", "json", *(["--dry-run"] if dry_run else []))
    assert code == 1, out
    report = json.loads(out)
    assert [b["id"] for b in report["broken"]] == ["eastmere-petition-signatures-gazette2025"]
    [missing] = [f for f in report["findings"] if f["rule"] == "quote-missing"]
    links = [d.removeprefix("link: ") for d in missing["details"] if d.startswith("link: ")]
    assert links and links[0].startswith(web.url(PAGE) + "#:~:text="), missing["details"]
    assert sorted((s["id"], s["status"]) for s in report["sources"]) == sorted(
        (i, "changed" if i == "gazette-2025-library-hours" else "unchanged") for i in SERVED)
    on_disk = (published / "sources/harbour-gazette-library-hours.html").read_bytes()
    assert on_disk == (stored if dry_run else web.pages[PAGE].body)
    code, out = run(capsys, "check", "--root", str(published), "--format", "json")
    failed = {c["id"] for c in json.loads(out)["claims"] if c["status"] == "fail"}
    assert failed == (set() if dry_run else {"eastmere-petition-signatures-gazette2025"}), "and no sha256 mismatch after a refresh"


def test_text_and_github_output_name_the_claim_and_the_link(published: Path, web: WebServer, capsys):
    edit_page(web, b"3,412 signatures", b"3,214 signatures")
    code, out = run(capsys, "refresh", "--root", str(published), "--dry-run")
    assert code == 1
    assert "broken by the publisher's change: eastmere-petition-signatures-gazette2025" in out
    assert f"    link: {web.url(PAGE)}#:~:text=" in out
    code, out = run(capsys, "refresh", "--root", str(published), "--dry-run", "--format", "github")
    assert code == 1
    error = next(line for line in out.splitlines() if "title=claimcheck quote-missing" in line)
    assert error.startswith("::error file=claims/libraries.yaml,line=") and "%0Alink: http://127.0.0.1" in error


def test_after_a_refresh_pytest_fails_exactly_the_broken_claim(pytester: pytest.Pytester, web: WebServer, capsys):
    shutil.copytree(FIXTURES / "documents", pytester.path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("make_fixtures.py", ".claimcheck-cache"))
    catalog = pytester.path / "sources/catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    for source_id, (name, content_type, path) in SERVED.items():
        web.pages[path] = Page((pytester.path / "sources" / name).read_bytes(), content_type=content_type)
        text = update_entry(text, source_id, {"url": web.url(path)})
    catalog.write_text(text, encoding="utf-8")
    edit_page(web, b"3,412 signatures", b"3,214 signatures")
    assert run(capsys, "refresh", "--root", str(pytester.path))[0] == 1
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    result.assert_outcomes(failed=1, passed=9 + 3 + 5 + 1 - 1)  # the new version's sha256 is recorded: its catalog item passes
    result.stdout.fnmatch_lines(["*eastmere-petition-signatures-gazette2025*", f"*link: {web.url(PAGE)}#:~:text=*"])
