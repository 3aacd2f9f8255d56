"""check --changed-since REF: only what a change can affect, with the full run's verdicts."""

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from checker.cli import main
from checker.documents.gitrepo import GitError
from checker.engine.check import run_check
from checker.engine.report import Report
from checker.repair import changed
from tests.conftest import FIXTURES, REPO, replace_in
from tests.test_repin import git, make_registry

REPORT_CLAIMS = {"trust-founded", "trust-staff", "trust-eastford-stake", "trust-libraries-rating", "trust-chair-savings"}
GAZETTE_CLAIMS = {"gazette-founded", "gazette-staff"}


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    return make_registry(tmp_path)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def since(root: Path, ref: str = "HEAD") -> Report:
    return run_check(root, select=changed.since(root, ref))


def assert_same_verdicts(part: Report, full: Report) -> None:
    """Every claim and conflict the partial run reports, it reports exactly as the full run does."""
    full_claims = {c.id: c for c in full.claims}
    for claim in part.claims:
        assert claim == full_claims[claim.id]
    full_conflicts = {c.id: c for c in full.conflicts}
    for conflict in part.conflicts:
        assert conflict == full_conflicts[conflict.id]
    checked = {c.id for c in part.claims}
    involved = {c.id for c in full.conflicts if checked & {s.claim for s in c.sides}}
    assert {c.id for c in part.conflicts} == involved
    expected = [f for f in full.findings if (f.claim is None and f.conflict is None) or f.claim in checked or f.conflict in involved]
    assert list(part.findings) == expected


def test_a_one_source_edit_checks_only_that_sources_claims(registry: Path):
    replace_in(registry / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    part, full = since(registry), run_check(registry)
    assert {c.id for c in part.claims} == GAZETTE_CLAIMS
    assert {c.id: c.status for c in part.claims} == {"gazette-founded": "pass", "gazette-staff": "fail"}
    assert_same_verdicts(part, full)
    # The acknowledged founding conflict involves gazette-founded, so it is checked too.
    assert [c.id for c in part.conflicts] == ["gazette-founded--trust-founded"]
    assert part.exit_code == full.exit_code == 1
    [note] = part.notes
    assert "checked 2 of 7 claims" in note and "sources/gazette.txt" in note and "skipped 5 claims and 1 source" in note


def test_the_other_source_gives_the_same_verdicts_as_a_full_run(registry: Path):
    replace_in(registry / "sources/report.txt", "concils", "councils")
    replace_in(registry / "sources/report.txt", "70% stake", "75% stake")
    part, full = since(registry), run_check(registry)
    assert {c.id for c in part.claims} == REPORT_CLAIMS
    assert {c.id for c in part.claims if c.status == "fail"} == {"trust-founded", "trust-eastford-stake"}
    assert_same_verdicts(part, full)


def test_an_edited_claims_file_checks_its_own_claims(registry: Path):
    replace_in(registry / "claims/gazette-staff.yaml", "value: 250", "value: 260")
    part = since(registry)
    assert {c.id for c in part.claims} == {"gazette-staff"}
    assert_same_verdicts(part, run_check(registry))
    assert part.exit_code == 1 and [f.rule for f in part.claims[0].findings] == ["value-unsupported"]


def test_an_untracked_claims_file_counts_as_changed(registry: Path):
    shutil.copy(registry / "claims/gazette-staff.yaml", registry / "claims/more.yaml")
    replace_in(registry / "claims/more.yaml", "id: gazette-staff", "id: gazette-staff-again")
    part = since(registry)
    assert {c.id for c in part.claims} == {"gazette-staff-again"}
    assert_same_verdicts(part, run_check(registry))


def test_committed_changes_count_against_an_older_ref(registry: Path):
    replace_in(registry / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    git(registry, "commit", "-q", "-am", "gazette corrected")
    assert {c.id for c in since(registry, "HEAD~1").claims} == GAZETTE_CLAIMS
    nothing = since(registry, "HEAD")
    assert nothing.claims == () and nothing.exit_code == 0
    assert "skipped all 7 claims" in nothing.notes[0]


def test_a_catalog_change_checks_everything(registry: Path):
    replace_in(registry / "sources/catalog.yaml", "title: Trust turns ten", "title: The trust turns ten")
    part, full = since(registry), run_check(registry)
    assert part.claims == full.claims and part.conflicts == full.conflicts and part.findings == full.findings
    assert "sources/catalog.yaml changed" in part.notes[0] and "checked everything" in part.notes[0]


def test_a_broken_file_elsewhere_is_still_bad_input(registry: Path):
    replace_in(registry / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    git(registry, "commit", "-q", "-am", "edit")
    (registry / "claims/broken.yaml").write_text("claims: [\n", encoding="utf-8")
    part = since(registry)
    assert part.exit_code == 2 and any(f.file == "claims/broken.yaml" for f in part.findings)


def test_a_registry_in_a_subdirectory_of_the_repository(tmp_path: Path):
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURES / "drift", repo / "data" / "registry")
    (repo / "README").write_text("elsewhere\n", encoding="utf-8")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "start")
    root = repo / "data" / "registry"
    replace_in(root / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    (repo / "README").write_text("changed, but outside the registry\n", encoding="utf-8")
    assert {c.id for c in since(root).claims} == GAZETTE_CLAIMS


def test_cli_says_what_was_skipped(registry: Path, capsys):
    replace_in(registry / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    code, out, _ = run(capsys, "check", "--root", str(registry), "--changed-since", "HEAD")
    assert code == 1
    assert "note: --changed-since HEAD: checked 2 of 7 claims" in out
    assert "2 claims: 1 passed, 1 failed" in out
    code, out, _ = run(capsys, "check", "--root", str(registry), "--changed-since", "HEAD", "--format", "json")
    data = json.loads(out)
    assert {c["id"] for c in data["claims"]} == GAZETTE_CLAIMS and "skipped 5 claims" in data["notes"][0]
    _, out, _ = run(capsys, "check", "--root", str(registry), "--changed-since", "HEAD", "--format", "github")
    assert "::notice::--changed-since HEAD: checked 2 of 7 claims" in out


def test_the_full_run_stays_the_default(registry: Path, capsys):
    replace_in(registry / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    code, out, _ = run(capsys, "check", "--root", str(registry))
    assert code == 1 and "7 claims: 6 passed, 1 failed" in out and "note:" not in out
    assert run_check(registry).notes == ()


@pytest.mark.parametrize("ref, message", [("no-such-branch", "unknown git ref 'no-such-branch'"), ("--output=x", "is not a git ref")])
def test_a_bad_ref_is_one_line_and_exit_2(registry: Path, capsys, ref: str, message: str):
    code, out, err = run(capsys, "check", "--root", str(registry), f"--changed-since={ref}")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err and err.startswith("claimcheck: error: --changed-since")
    assert not (registry / "x").exists()


def test_no_repository_is_one_line_and_exit_2(tmp_path: Path, capsys):
    root = make_registry(tmp_path, in_git=False)
    with pytest.raises(GitError):
        changed.since(root, "HEAD")
    code, out, err = run(capsys, "check", "--root", str(root), "--changed-since", "HEAD")
    assert code == 2 and out == "" and err.count("\n") == 1 and "not inside a git repository" in err


def test_the_pytest_plugin_still_checks_everything(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "drift", pytester.path, dirs_exist_ok=True)
    git(pytester.path, "init", "-q")
    git(pytester.path, "add", ".")
    git(pytester.path, "commit", "-q", "-m", "start")
    replace_in(pytester.path / "sources/gazette.txt", "counted 250 staff", "counted 260 staff")
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    outcomes = result.parseoutcomes()
    assert outcomes["failed"] == 1
    # Every claim of every file is an item, changed or not.
    collected = pytester.runpytest("--collect-only", "-q", "claims").outlines
    assert len([line for line in collected if "::trust-" in line or "::gazette-" in line]) == 7


def test_ci_wiring_runs_the_check_on_source_and_claim_edits():
    [hook] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["entry"], hook["language"], hook["pass_filenames"]) == ("claimcheck", "claimcheck check", "python", False)
    assert all(re.search(hook["files"], path) for path in ("sources/report.txt", "claims/trust.yaml", "sources/catalog.yaml"))
    assert not any(re.search(hook["files"], path) for path in ("README.md", "checker/cli.py", "docs/sources/x.md"))
    workflow = yaml.safe_load((REPO / ".github/workflows/claimcheck.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    for event in ("push", "pull_request"):
        assert {"sources/**", "claims/**", "checker/**"} <= set(triggers[event]["paths"])
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    assert any("pytest" in run for run in runs) and "claimcheck check --format github" in runs
