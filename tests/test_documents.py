"""HTML and PDF sources end to end, through the CLI (text, JSON, github) and under pytest.

The fixture registry ``tests/fixtures/documents`` holds a publisher-shaped HTML
article, a Chromium-printed PDF report (``make_fixtures.py``) and a text press
release; every claim in it passes. Each test edits a private copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import FIXTURES, replace_in

HTML = "sources/harbour-gazette-library-hours.html"
PDF = "sources/northfield-water-annual-report.pdf"
GAZETTE_URL = "https://harbour-gazette.example/news/2025/03/eastmere-library-hours"
REPORT_URL = "https://northfield-water.example/about/reports/annual-report-2024-25.pdf"


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    root = tmp_path / "docs"
    shutil.copytree(FIXTURES / "documents", root, ignore=shutil.ignore_patterns("make_fixtures.py", ".claimcheck-cache"))
    return root


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, out


def report(capsys, root: Path) -> tuple[int, dict]:
    code, out = run(capsys, "check", "--root", str(root), "--format", "json")
    return code, json.loads(out)


def evidence_of(data: dict, claim_id: str, index: int = 0) -> dict:
    return next(c for c in data["claims"] if c["id"] == claim_id)["evidence"][index]


def add_claim(root: Path, source: str, quote: str, claim_id: str = "added-claim") -> None:
    with (root / "claims/rivers.yaml").open("a", encoding="utf-8") as handle:
        handle.write(f"""  - id: {claim_id}
    statement: An added claim.
    subject: northfield-water-trust
    property: finding
    value: {claim_id}
    evidence:
      - source: {source}
        quote: {json.dumps(quote, ensure_ascii=False)}
""")


def rules(data: dict, claim_id: str) -> list[str]:
    return next(c for c in data["claims"] if c["id"] == claim_id)["findings"]


def test_registry_with_html_pdf_and_text_sources_passes(docs: Path, capsys):
    code, out = run(capsys, "check", "--root", str(docs))
    assert code == 0, out
    assert "9 claims: 9 passed, 0 failed" in out
    code, data = report(capsys, docs)
    assert code == 0
    html = evidence_of(data, "eastmere-library-hours-28-gazette2025")
    assert html["status"] == "ok" and html["link"].startswith(GAZETTE_URL + "#:~:text=")
    pdf = evidence_of(data, "northfield-volunteer-hours-2025")
    assert (pdf["match"]["page"], pdf["link"]) == (1, REPORT_URL + "#page=1")
    text = evidence_of(data, "eastmere-budget-gap-press2025")
    assert text["status"] == "ok" and text["link"] is None and text["match"]["page"] is None


def test_edited_html_quote_fails_with_a_link_to_the_nearest_text(docs: Path, capsys):
    replace_in(docs / HTML, "from 42 to 28 hours a week", "from 42 to 30 hours a week")
    replace_in(docs / "sources/catalog.yaml", "    sha256: a3eb", "    # sha256: a3eb")
    code, data = report(capsys, docs)
    assert code == 1
    assert {c["id"] for c in data["claims"] if c["status"] == "fail"} == {"eastmere-library-hours-28-gazette2025"}
    evidence = evidence_of(data, "eastmere-library-hours-28-gazette2025")
    assert evidence["status"] == "missing"
    assert evidence["link"] == GAZETTE_URL + "#:~:text=reduce%20opening%20hours,hours%20a%20week%2C"
    assert "{+30+}" in evidence["near"]["diff"]
    code, out = run(capsys, "check", "--root", str(docs))
    assert f"    link: {evidence['link']}" in out.splitlines()
    code, out = run(capsys, "check", "--root", str(docs), "--format", "github")
    annotation = next(line for line in out.splitlines() if "quote-missing" in line)
    assert annotation.startswith("::error file=claims/libraries.yaml,line=10,")
    assert "%0Alink: " + evidence["link"].replace("%", "%25") in annotation  # workflow commands escape %


def test_quote_the_extractor_cut_is_its_own_finding_never_a_pass(docs: Path, capsys):
    # The figure caption is on the page but trafilatura leaves captions out of the main text.
    add_claim(docs, "gazette-2025-library-hours", "Eastmere Central Library will keep its Saturday hours.")
    code, data = report(capsys, docs)
    assert code == 1
    assert rules(data, "added-claim") == ["quote-outside-main-text"]
    evidence = evidence_of(data, "added-claim")
    assert evidence["status"] == "outside-main-text" and evidence["near"] is None
    assert evidence["link"] == GAZETTE_URL + "#:~:text=Eastmere%20Central%20Library%20will%20keep%20its%20Saturday%20hours."
    # Cookie banners and navigation are on the page too; a quote from there fails the same way.
    add_claim(docs, "gazette-2025-library-hours", "We use cookies to personalise content and ads", "cookie-claim")
    _, data = report(capsys, docs)
    assert rules(data, "cookie-claim") == ["quote-outside-main-text"]


def test_extract_full_quotes_all_visible_text(docs: Path, capsys):
    add_claim(docs, "gazette-2025-library-hours", "Eastmere Central Library will keep its Saturday hours.")
    replace_in(docs / "sources/catalog.yaml", "    author: Priya Lindqvist\n", "    author: Priya Lindqvist\n    extract: full\n")
    code, data = report(capsys, docs)
    assert code == 0, [f for f in data["findings"]]


def test_recorded_sha256_is_verified_at_the_catalog_line(docs: Path, capsys):
    (docs / PDF).write_bytes((docs / PDF).read_bytes() + b"\n%% appended\n")
    code, data = report(capsys, docs)
    assert code == 1
    mismatch = [f for f in data["findings"] if f["rule"] == "source-hash-mismatch"]
    assert [(f["file"], f["line"], f["source"], f["input_error"]) for f in mismatch] == [
        ("sources/catalog.yaml", 18, "northfield-2025-annual-report", False)
    ]
    assert all(c["status"] == "pass" for c in data["claims"])  # the quotes still stand; the record does not
    new = hashlib.sha256((docs / PDF).read_bytes()).hexdigest()
    replace_in(docs / "sources/catalog.yaml", "a8cf3c872245fd8b29810c1154b822cdbb95b341d752a9581c05d12a0aa6dfe6", new)
    code, data = report(capsys, docs)
    assert code == 0


def test_quote_across_a_page_break_matches_past_the_running_footer_and_header(docs: Path, capsys):
    _, data = report(capsys, docs)
    evidence = evidence_of(data, "northfield-buffer-strip-grant-2025")
    assert evidence["status"] == "ok"
    assert (evidence["match"]["page"], evidence["link"]) == (2, REPORT_URL + "#page=2")
    # The last line of page 2 and the first of page 3 hold the quote's two halves.
    assert evidence["match"]["end_line"] > evidence["match"]["line"]
    # With the running lines left in, the quote would be broken by them: it is not found in the full layer.
    add_claim(docs, "northfield-2025-annual-report", "paid for by a Northfield Water Trust", "header-inside")
    _, data = report(capsys, docs)
    assert rules(data, "header-inside") == ["quote-missing"]


def test_line_end_hyphens_rejoined_and_real_hyphens_kept(docs: Path, capsys):
    add_claim(docs, "northfield-2025-annual-report", "We also made prog-ress on the promise", "broken-word")
    add_claim(docs, "northfield-2025-annual-report", "mental and physical wellbeing", "joined-compound")
    add_claim(docs, "northfield-2025-annual-report", "an independent evaluation of our volunteer programme", "soft-hyphen")
    _, data = report(capsys, docs)
    assert rules(data, "broken-word") == ["quote-missing"]  # the text reads "progress"
    assert rules(data, "joined-compound") == ["quote-missing"]  # the text keeps "well-being"
    assert rules(data, "soft-hyphen") == []  # "eval‐⏎uation" in the PDF
    assert rules(data, "northfield-wellbeing-2025") == [] and rules(data, "northfield-step-free-reservoirs-2025") == []


def test_running_header_footer_and_page_numbers_are_not_quotable(docs: Path, capsys):
    add_claim(docs, "northfield-2025-annual-report", "Registered charity 1180442", "footer")
    add_claim(docs, "northfield-2025-annual-report", "Page 2 of 3", "page-number")
    code, data = report(capsys, docs)
    assert code == 1
    assert rules(data, "footer") == ["quote-in-boilerplate"]
    assert evidence_of(data, "footer")["match"]["page"] == 1
    assert rules(data, "page-number") == ["quote-in-boilerplate"]
    assert evidence_of(data, "page-number")["match"]["page"] == 2


def test_pdf_locations_are_page_and_line_in_text_output(docs: Path, capsys):
    replace_in(docs / "claims/rivers.yaml", "They gave 18,400 hours", "They gave 18,500 hours")
    code, out = run(capsys, "check", "--root", str(docs))
    assert code == 1
    line = next(line for line in out.splitlines() if "[quote-missing]" in line)
    assert line.endswith("at p. 1, line 8"), line  # lines counted from the page's first body line, running header excluded
    assert f"    link: {REPORT_URL}#page=1" in out.splitlines()


def test_unreadable_pdf_is_one_located_line_and_exit_2(docs: Path, capsys):
    (docs / PDF).write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    code, out = run(capsys, "check", "--root", str(docs))
    assert code == 2
    lines = [line for line in out.splitlines() if line.startswith(PDF)]
    assert len(lines) == 1 and "[source-unreadable]" in lines[0] and "Traceback" not in out


def test_html_and_pdf_under_pytest(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "documents", pytester.path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("make_fixtures.py"))
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    result.assert_outcomes(passed=9 + 3 + 5 + 1)  # claims, sources, a [file] item per YAML file, [registry]
    replace_in(pytester.path / HTML, "from 42 to 28 hours a week", "from 42 to 30 hours a week")
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 2  # the claim citing the sentence, and the catalog item of the changed source
    result.stdout.fnmatch_lines([f"*link: {GAZETTE_URL}#:~:text=reduce%20opening%20hours,hours%20a%20week%2C*", "*source-hash-mismatch*"])
    assert "Traceback" not in result.stdout.str()


def test_extraction_is_cached_by_content_hash(docs: Path, capsys, monkeypatch):
    assert run(capsys, "check", "--root", str(docs))[0] == 0  # extracts, and caches what it extracted
    replace_in(docs / "claims/rivers.yaml", "They gave 18,400 hours", "They gave 18,500 hours")  # the sources' outcomes are stale now

    def no_extraction(*args: object) -> None:
        raise AssertionError("extracted again although the bytes did not change")

    monkeypatch.setattr("checker.documents.formats.extract_layers", no_extraction)
    code, data = report(capsys, docs)
    assert code == 1 and set(rules(data, "northfield-volunteer-hours-2025")) == {"quote-missing", "value-unsupported"}
    (docs / PDF).write_bytes((docs / PDF).read_bytes() + b"\n")  # new bytes: a new key, extracted again
    assert main(["check", "--root", str(docs)]) == 2
    assert "extracted again" in capsys.readouterr().err


def test_readme_example_is_the_fixture_catalog_and_a_real_run(docs: Path, capsys):
    import re

    readme = (FIXTURES.parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### HTML and PDF: what claimcheck quotes", 1)[1].split("\n### ", 1)[0]
    entry, output = re.findall(r"```(?:yaml)?\n(.*?)```", section, re.S)
    assert entry in (docs / "sources/catalog.yaml").read_text(encoding="utf-8")
    replace_in(docs / HTML, "from 42 to 28 hours a week", "from 42 to 30 hours a week")
    code, out = run(capsys, "check", "--root", str(docs))
    assert code == 1 and out == output


def test_repin_repairs_drifted_html_and_pdf_quotes_from_git_history_and_never_writes_sources(docs: Path, capsys):
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(docs), "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args], check=True, capture_output=True)

    for sha in ("    sha256: a3eb", "    sha256: a8cf"):  # the publisher's corrections come without new provenance here
        replace_in(docs / "sources/catalog.yaml", sha, "    # sha256: " + sha.split(": ")[1])
    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "as pinned")
    # The publisher changes a word in the page, and re-issues the report with a phrase corrected.
    replace_in(docs / HTML, "delivered a petition with 3,412 signatures to the town hall", "handed a petition with 3,412 signatures to the town hall")
    shutil.copyfile(FIXTURES / "documents/northfield-water-annual-report-corrected.pdf", docs / PDF)
    stored = {path: (docs / path).read_bytes() for path in (HTML, PDF)}
    assert run(capsys, "check", "--root", str(docs))[0] == 1
    code, out = run(capsys, "repin", "--root", str(docs))
    assert code == 0, out
    assert "quote: handed a petition with 3,412 signatures to the town hall" in (docs / "claims/libraries.yaml").read_text(encoding="utf-8")
    # The PDF's earlier version in git is extracted like the current one, so the quote is anchored and repinned.
    assert "quote: They gave 18,400 hours of their time, up from 12,900 a year before" in (docs / "claims/rivers.yaml").read_text(encoding="utf-8")
    assert {path: (docs / path).read_bytes() for path in (HTML, PDF)} == stored
    assert run(capsys, "check", "--root", str(docs))[0] == 0


def test_text_command_prints_the_extracted_text_with_the_numbers_reports_use(docs: Path, capsys):
    code, out = run(capsys, "text", "northfield-2025-annual-report", "--root", str(docs))
    lines = out.splitlines()
    assert code == 0 and lines[0] == f"{PDF} (pdf, extracted by {__import__('checker.documents', fromlist=['extractor']).extractor('pdf')})"
    assert lines[1] == "--- p. 1 ---" and "--- p. 3 ---" in lines
    assert "     8  the trust. They gave 18,400 hours of their time, up from" in lines  # p. 1, line 8, as check reports
    assert not any("Registered charity" in line for line in lines)
    _, full = run(capsys, "text", "northfield-2025-annual-report", "--full", "--root", str(docs))
    assert "     1  Northfield Water Trust · Annual report 2024–25" in full.splitlines()
    # Text from a page reaches the terminal escaped, and never as a workflow command.
    replace_in(docs / HTML, "<p>The council said", "<p>::error::forged \x1b[31mred\x1b[0m</p>\n    <p>The council said")
    code, out = run(capsys, "text", "gazette-2025-library-hours", "--full", "--root", str(docs))
    assert code == 0 and "::error::forged" in out and "\x1b" not in out  # the parser drops ESC; the numbering defuses "::"
    assert not any(line.lstrip().startswith("::") for line in out.splitlines())
    assert run(capsys, "text", "no-such-source", "--root", str(docs))[0] == 2


def test_coverage_counts_pdf_sentences_across_line_and_page_breaks(docs: Path, capsys):
    _, out = run(capsys, "coverage", "--root", str(docs), "--format", "json")
    data = json.loads(out)
    pdf = next(s for s in (data["sources"] if isinstance(data, dict) else data) if s["path"] == PDF)
    assert (pdf["sentences"], pdf["cited"]) == (29, 6)  # the report's 29 sentences, not its 83 printed lines
    first = pdf["uncited"][0]
    assert (first["page"], first["page_line"]) == (1, 1) and first["text"].startswith("Annual report 2024–25 Northfield Water Trust looks after")
    _, text = run(capsys, "coverage", "--root", str(docs))
    assert f"  {PDF} p. 1, line 4: uncited: This report covers the year from 1 April 2024 to 31 March 2025." in text.splitlines()
