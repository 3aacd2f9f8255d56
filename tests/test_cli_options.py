"""The command line: --version, checking part of a registry, quiet and severity filters, acknowledged conflicts, exit codes in --help."""

import importlib.metadata
import json
from pathlib import Path

import pytest

from checker.cli import main
from tests.conftest import replace_in
from tests.test_conflicts import ACK, OTHER_FOUNDED, add_claims

BROKEN = """claims:
  - id: other-broken
    statement: Acme Widgets holds a 56% stake in Northam.
    subject: northam
    property: ownership-share
    qualifiers: {owner: acme}
    value: 56%
    evidence:
      - source: other-paper
        quote: Acme Widgets holds a 56% stake in Northam.
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_version_is_the_installed_distributions(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"claimcheck {importlib.metadata.version('claimcheck')}"


@pytest.mark.parametrize("argv", [["--help"], ["check", "--help"], ["repin", "--help"]])
def test_exit_codes_are_in_help(capsys: pytest.CaptureFixture[str], argv: list[str]):
    with pytest.raises(SystemExit):
        main(argv)
    out = capsys.readouterr().out
    assert "exit codes:" in out and "\n  0  " in out and "\n  1  " in out and "\n  2  " in out


@pytest.fixture
def two_files(mini: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """mini with a second claims file whose one claim fails; the current directory is the registry."""
    (mini / "claims/other.yaml").write_text(BROKEN, encoding="utf-8")
    monkeypatch.chdir(mini)
    return mini


def claims_in(out: str) -> int:
    return int(out.strip().splitlines()[-1].split(" claims:")[0])


def test_check_one_file_one_folder_or_one_claim(two_files: Path, capsys: pytest.CaptureFixture[str]):
    code, out = run(capsys, "check", "claims/facts.yaml")
    assert (code, claims_in(out)) == (0, 4) and "other-broken" not in out
    code, out = run(capsys, "check", "claims/other.yaml")
    assert (code, claims_in(out)) == (1, 1) and "[quote-missing]" in out
    code, out = run(capsys, "check", "claims")
    assert (code, claims_in(out)) == (1, 5)
    code, out = run(capsys, "check", "--claim", "acme-rating")
    assert (code, claims_in(out)) == (0, 1)
    code, out = run(capsys, "check", "--claim", "other-broken", "claims/facts.yaml")
    assert (code, claims_in(out)) == (1, 5)


def test_check_paths_are_taken_from_the_current_directory(two_files: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(two_files / "claims")
    code, out = run(capsys, "check", "--root", "..", "other.yaml")
    assert (code, claims_in(out)) == (1, 1)


@pytest.mark.parametrize(("argv", "says"), [
    (["check", "claims/nope.yaml"], "no such file"),
    (["check", "sources/acme-note.txt"], "not a claims file"),
    (["check", "/"], "not inside the registry"),
    (["check", "--claim", "no-such-claim"], "no claim has this id"),
    (["check", "--changed-since", "HEAD", "claims"], "cannot be combined"),
])
def test_bad_parts_are_usage_errors(two_files: Path, capsys: pytest.CaptureFixture[str], argv: list[str], says: str):
    assert main(argv) == 2
    _, err = capsys.readouterr()
    assert err.startswith("claimcheck: error: ") and says in err and len(err.splitlines()) == 1


def test_quiet_prints_nothing_when_all_pass_and_only_failures_otherwise(two_files: Path, capsys: pytest.CaptureFixture[str]):
    add_claims(two_files, OTHER_FOUNDED + ACK)  # an acknowledged conflict: an info finding
    assert run(capsys, "check", "--quiet", "claims/facts.yaml") == (0, "")
    code, out = run(capsys, "check", "-q")
    assert code == 1
    assert [line.split("] ")[0].split("[")[-1] for line in out.splitlines() if not line.startswith("    ")] == ["quote-missing"]


def test_min_severity_hides_lower_findings_but_not_the_exit_code(mini: Path, capsys: pytest.CaptureFixture[str]):
    add_claims(mini, OTHER_FOUNDED + ACK)
    facts = mini / "claims/facts.yaml"
    replace_in(facts, "claims: [other-founded, acme-founded]", "claims: [other-founded, acme-rating]")  # stale: a warning
    replace_in(facts, "prevails: acme-founded", "prevails: acme-rating")
    code, out = run(capsys, "check", "--root", str(mini), "--show-acknowledged")
    assert "[stale-acknowledgement]" in out and "[conflict]" in out
    code_hidden, out = run(capsys, "check", "--root", str(mini), "--min-severity", "error")
    assert code_hidden == code == 1 and "[stale-acknowledgement]" not in out and "[conflict]" in out


def test_acknowledged_conflicts_are_one_line_unless_asked(mini: Path, capsys: pytest.CaptureFixture[str]):
    add_claims(mini, OTHER_FOUNDED + ACK)
    code, out = run(capsys, "check", "--root", str(mini))
    assert code == 0 and "[conflict-acknowledged]" not in out
    assert [line for line in out.splitlines() if "acknowledged" in line] == [out.splitlines()[-1]]  # only the summary line says so
    assert out.splitlines()[-1].endswith("1 acknowledged (not listed: --show-acknowledged)")
    code, out = run(capsys, "check", "--root", str(mini), "--show-acknowledged")
    assert "[conflict-acknowledged]" in out
    code, out = run(capsys, "check", "--root", str(mini), "--format", "json")
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["conflict-acknowledged"]  # JSON always has everything


def test_github_format_posts_no_notice_for_reviewed_conflicts_unless_asked(mini: Path, capsys: pytest.CaptureFixture[str]):
    add_claims(mini, OTHER_FOUNDED + ACK)
    code, out = run(capsys, "check", "--root", str(mini), "--format", "github")
    assert code == 0 and "::notice" not in out and "::" not in out
    code, out = run(capsys, "check", "--root", str(mini), "--format", "github", "--show-acknowledged")
    assert out.count("::notice ") == 1 and "claimcheck conflict-acknowledged" in out
