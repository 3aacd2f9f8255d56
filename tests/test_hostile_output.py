"""Issue 15, output: nothing from a claim, a file name or a source is obeyed by a terminal or a CI log.

Every renderer (text, github, json, conflicts, coverage, repin) and the pytest
plugin's failure text show control characters, bidi controls and invisible
characters as escapes, and no line but the github format's own annotations
starts with ``::`` (or ``##[``), leading blanks aside.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.reporters.escape import defuse_commands, json_visible, visible
from tests.conftest import FIXTURES, replace_in
from tests.test_bad_input import QUIET
from tests.test_conflicts import OTHER_FOUNDED, add_claims

INJECTED = "\\n::error file=README.md,line=1::owned"
"""As written inside a double-quoted YAML scalar: a newline, then a workflow command."""
HOSTILE_SOURCE = (
    "Acme Widgets, a company founded in 2015, is owned by Northam and Southam.\n"
    "Northam holds a 55% stake in Acme Widgets.\n\n"
    "The board met on Tuesday \x1b]0;owned\x07and 6\u200b0% of it \u202eagreed\u202c to the plan.\n"
    "::warning::a line of the source itself, and more words after it.\n"
)
COMMAND_LINE = re.compile(r"^\s*(::|##\[)", re.M)


def assert_inert(out: str) -> None:
    """Nothing a terminal or a CI log acts on: no control or invisible characters but line ends, no command lines."""
    assert all(visible(line) == line for line in out.split("\n")), [line for line in out.split("\n") if visible(line) != line]
    assert not COMMAND_LINE.search(out), COMMAND_LINE.findall(out)


def hostile_registry(root: Path) -> None:
    (root / "sources/other-paper.txt").write_text(HOSTILE_SOURCE, encoding="utf-8")
    add_claims(root, f'''
  - id: hostile-injected
    statement: A quote that carries a workflow command.
    subject: acme
    property: form
    value: community interest company
    evidence:
      - source: other-paper
        quote: "The board met on Tuesday{INJECTED}"
  - id: hostile-drifted
    statement: A quote whose source now holds controls and invisible characters.
    subject: acme
    property: form
    value: a company whose board agreed to the plan
    evidence:
      - source: other-paper
        quote: "The board met on Tuesday and 60% of it agreed to the plan"
''')


def test_visible_escapes_controls_bidi_and_invisibles_only():
    assert visible("caf\u00e9 \u00a0 \u201cquoted\u201d \u2014 60%") == "caf\u00e9 \u00a0 \u201cquoted\u201d \u2014 60%"
    assert visible("a\nb\r\x1b[31m\x9b\u202e\u2066\u200b\u200d\u00ad\u2028\ufeff\U000e0041\udcff") == (
        "a\\nb\\r\\x1b[31m\\x9b\\u202e\\u2066\\u200b\\u200d\\xad\\u2028\\ufeff\\U000e0041\\udcff")
    assert defuse_commands("ok\n  ::error::x\n##[error]y\na::b") == "ok\n  \\x3a:error::x\n\\x23#[error]y\na::b"
    text = json.dumps({"q": "\u202e\x1b\U000e0041\n"}, ensure_ascii=False)
    assert json.loads(json_visible(text)) == {"q": "\u202e\x1b\U000e0041\n"} and visible(json_visible(text)) == json_visible(text)


def test_json_visible_escapes_hidden_characters_anywhere_in_a_long_text():
    # Long texts are looked at in chunks: hidden characters at either side of every chunk boundary are escaped too.
    hidden = "\u202e\x1b\u00a0\U000e0041\u200b"
    data = {"quotes": [f"{'x' * n}{hidden}\u201cq\u201d" for n in range(0, 140_000, 997)]}
    text = json.dumps(data, ensure_ascii=False)
    shown = json_visible(text)
    assert json.loads(shown) == data and visible(shown) == shown and "\\u202e" in shown


@pytest.mark.parametrize("output_format", ["text", "github", "json"])
def test_check_output_is_inert(output_format: str, mini: Path, capsys: pytest.CaptureFixture[str]):
    hostile_registry(mini)
    assert main(["check", "--root", str(mini), "--no-cache", "--format", output_format]) == 1
    out = capsys.readouterr()[0]
    if output_format == "github":
        annotations = [line for line in out.split("\n") if line.startswith("::")]
        assert len(annotations) == 2 and all(re.match(r"::error file=claims/facts\.yaml,line=\d+,col=\d+,title=", a) for a in annotations)
        out = "\n".join(line for line in out.split("\n") if not line.startswith("::"))
        assert "README.md" not in out
    assert_inert(out)
    if output_format == "json":
        report = json.loads(out)
        quotes = [e["quote"] for c in report["claims"] for e in c["evidence"]]
        assert "The board met on Tuesday\n::error file=README.md,line=1::owned" in quotes  # the data itself is unchanged
    if output_format == "text":
        assert "\\x1b]0;owned\\x07" in out and "\\u202e" in out and "6\\u200b0%" in out  # shown, escaped


def test_conflicts_and_coverage_are_inert(mini: Path, capsys: pytest.CaptureFixture[str]):
    hostile_registry(mini)
    add_claims(mini, OTHER_FOUNDED + f'''
acknowledged:
  - claims: [other-founded, acme-founded]
    explanation: "The other paper misdates it.{INJECTED} \\u202eand more\\u200b"
    reason: error
    prevails: acme-founded
    reviewed_by: "a reviewer\\u202e"
    reviewed_on: "2026-11-23"
''')
    for command in (["conflicts"], ["conflicts", "--format", "json"], ["conflicts", "--discover"], ["coverage"], ["coverage", "--format", "json"]):
        main([*command, "--root", str(mini)])
        out = capsys.readouterr()[0]
        assert_inert(out)
        if "json" in command:
            json.loads(out)
    main(["conflicts", "--root", str(mini)])
    out = capsys.readouterr()[0]
    assert "\\u202eand" in out and "reviewer\\u202e" in out


def test_repin_output_is_inert(mini: Path, capsys: pytest.CaptureFixture[str]):
    replace_in(mini / "sources/acme-note.txt", "Northam holds a 60% stake in the company", "Northam holds a 60% stake\x1b[2J in the company")
    quote = "quote: Northam holds a 60% stake in the company"
    replace_in(mini / "claims/facts.yaml", quote, f"{quote}\n        suffix: and Southam holds")
    for args in (["--dry-run"], []):
        main(["repin", "--root", str(mini), *args])
        out, err = capsys.readouterr()
        assert_inert(out)
        assert_inert(err)


def test_pytest_output_is_inert(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    hostile_registry(pytester.path)
    result = pytester.runpytest(*QUIET, "-v", "-rf", "claims", "sources/catalog.yaml")
    result.assert_outcomes(passed=11, failed=2)
    out = result.stdout.str()
    assert "::error file=README.md" in out.replace("\\x3a:", "::")  # it is there, but escaped...
    assert_inert(out)  # ...and never at the start of a line


def test_a_claims_file_name_with_a_newline_is_refused_and_inert(mini: Path, capsys: pytest.CaptureFixture[str]):
    name = mini / "claims" / "a\n::error file=x::owned.yaml"
    name.write_text("claims: []\n", encoding="utf-8")
    assert main(["check", "--root", str(mini), "--no-cache"]) == 2
    out = capsys.readouterr()[0]
    assert_inert(out)
    assert re.search(r"^claims/a\\n::error file=x::owned\.yaml:1:1: \[yaml-error\] ", out, re.M)


def test_pytest_refuses_a_claims_file_name_with_a_newline(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    (pytester.path / "claims" / "a\n::error file=x::owned.yaml").write_text("claims: []\n", encoding="utf-8")
    result = pytester.runpytest(*QUIET, "-v", "-rf", "claims", "sources/catalog.yaml")
    outcomes = result.parseoutcomes()
    assert outcomes.get("errors", 0) == 0 and outcomes["failed"] == 1
    result.stdout.fnmatch_lines(["claims/a\\n::error file=x::owned.yaml:1:1: [[]yaml-error[]] *", "FAILED sources/catalog.yaml::[[]registry[]]*"])
    assert_inert(result.stdout.str())
