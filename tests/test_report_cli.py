"""``claimcheck report --html`` and ``pytest --claimcheck-html``: exit codes, refusals, reproducible bytes, safe embedding."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.reporters.html.data import safe_url
from checker.reporters.html.documents import Utf16
from tests.conftest import FIXTURES, replace_in


def embedded_data(page: str) -> dict:
    block = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert block is not None
    return json.loads(block.group(1))


def test_written_for_a_passing_and_a_failing_check_exit_0(mini: Path, tmp_path: Path, capsys):
    target = tmp_path / "ok.html"
    assert main(["report", "--root", str(mini), "--html", str(target)]) == 0
    assert embedded_data(target.read_text(encoding="utf-8"))["summary"]["failed"] == 0
    replace_in(mini / "sources/acme-note.txt", "60% stake", "65% share")
    assert main(["report", "--root", str(mini), "--html", str(target)]) == 0
    data = embedded_data(target.read_text(encoding="utf-8"))
    assert data["summary"]["failed"] == 1 and data["meta"]["exit_code"] == 1
    [claim] = [c for c in data["claims"] if c["status"] == "fail"]
    assert [f["rule"] for f in claim["findings"]] == ["quote-missing"]
    assert claim["evidence"][0]["near"]["new"] == [["same", "Northam holds a"], ["ins", "65% share"], ["same", "in the company"]]
    assert "fails" in capsys.readouterr().out


def test_unusable_input_still_writes_the_report_and_exits_2(mini: Path, tmp_path: Path, capsys):
    replace_in(mini / "claims/facts.yaml", "    quote: Northam holds", "    qoute: Northam holds")
    target = tmp_path / "bad.html"
    assert main(["report", "--root", str(mini), "--html", str(target)]) == 2
    err = capsys.readouterr().err
    assert "[schema]" in err and "Traceback" not in err
    data = embedded_data(target.read_text(encoding="utf-8"))
    assert data["meta"]["exit_code"] == 2
    assert "schema" in [f["rule"] for c in data["claims"] for f in c["findings"]] + [f["rule"] for f in data["problems"]]


@pytest.mark.parametrize("where", ["sources/report.html", "missing-dir/report.html", "."])
def test_refused_targets_exit_2_and_write_nothing(mini: Path, where: str, capsys):
    before = sorted(p.relative_to(mini) for p in mini.rglob("*"))
    target = mini / where
    assert main(["report", "--root", str(mini), "--html", str(target)]) == 2
    assert capsys.readouterr().err.startswith("claimcheck: error: --html")
    assert sorted(p.relative_to(mini) for p in mini.rglob("*")) == before


def test_missing_root_exits_2(tmp_path: Path, capsys):
    assert main(["report", "--root", str(tmp_path / "nope"), "--html", str(tmp_path / "r.html")]) == 2
    assert "no such directory" in capsys.readouterr().err


def test_same_input_same_bytes_and_a_reproducible_time(mini: Path, tmp_path: Path, monkeypatch):
    stamp = 1_700_000_000  # 2023-11-14 22:13:20 UTC
    for path in mini.rglob("*"):
        os.utime(path, (stamp, stamp))
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, copy = tmp_path / "a.html", tmp_path / "elsewhere"
    assert main(["report", "--root", str(mini), "--html", str(first)]) == 0
    shutil.copytree(mini, copy, copy_function=shutil.copy2)  # another place, same files and times
    second = tmp_path / "b.html"
    assert main(["report", "--root", str(copy), "--html", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()
    assert embedded_data(first.read_text(encoding="utf-8"))["meta"]["checked_at"] == "2023-11-14 22:13:20 UTC"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert main(["report", "--root", str(mini), "--html", str(first)]) == 0
    meta = embedded_data(first.read_text(encoding="utf-8"))["meta"]
    assert (meta["checked_at"], meta["checked_at_from"]) == ("1970-01-01 00:00:00 UTC", "SOURCE_DATE_EPOCH")


def test_untrusted_text_cannot_close_the_data_block(mini: Path, tmp_path: Path):
    hostile = "x </script><script>alert(1)</script> <!-- y"
    replace_in(mini / "claims/facts.yaml", "statement: Acme Widgets was founded in 2014.", f"statement: \"{hostile}\"")
    target = tmp_path / "r.html"
    assert main(["report", "--root", str(mini), "--html", str(target)]) == 0
    page = target.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in page and "<!-- y" not in page
    assert hostile in [c["statement"] for c in embedded_data(page)["claims"]]
    assert re.search(r"connect-src 'none'", page) and " src=" not in page  # nothing loaded from anywhere


def test_only_http_links_survive():
    assert safe_url("https://example.org/a?b=c#d") == "https://example.org/a?b=c#d"
    for bad in ("javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "https://exa mple.org", "//example.org", None, 3):
        assert safe_url(bad) is None


def test_offsets_count_utf16_units_as_javascript_does():
    text = "a😀b😀c"
    units = Utf16.of(text)
    assert [units(i) for i in range(len(text) + 1)] == [len(text[:i].encode("utf-16-le")) // 2 for i in range(len(text) + 1)]


def test_pytest_option_writes_the_report_at_the_end(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    replace_in(pytester.path / "sources/acme-note.txt", "60% stake", "65% share")
    result = pytester.runpytest("claims", "sources/catalog.yaml", "--claimcheck-html", "out.html")
    result.assert_outcomes(failed=1, passed=10)
    result.stdout.fnmatch_lines(["claimcheck: HTML report written to *out.html"])
    data = embedded_data((pytester.path / "out.html").read_text(encoding="utf-8"))
    assert [c["id"] for c in data["claims"] if c["status"] == "fail"] == ["acme-northam-stake"]


def test_pytest_ini_option_and_a_refused_target(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    pytester.makeini("[pytest]\nclaimcheck_html = sources/out.html\n")
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    result.assert_outcomes(passed=11)
    result.stdout.fnmatch_lines(["claimcheck: HTML report not written: *inside sources/*"])
    assert not (pytester.path / "sources/out.html").exists()
