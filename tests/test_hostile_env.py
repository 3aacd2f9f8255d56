"""Issue 15, surroundings and messages: a closed pipe, a full disk, a non-UTF-8 locale, git's refusals,
repin stopping half-way, and inputs whose old message misled (UTF-16, CR-only lines, YAML 1.1 numbers).

Each ends with a clear line and the documented exit code, never a traceback or "internal error".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from checker.documents.gitrepo import earlier_version_bytes
from checker.repair import repin as repin_module
from checker.repair.atomic import write_atomic
from tests.conftest import FIXTURES, replace_in
from tests.test_bad_input import QUIET, finding_lines
from tests.test_repin import TRUST, fix_typos, git, make_registry

CHECK = [sys.executable, "-m", "checker", "check", "--no-cache", "--root"]


def assert_one_clean_error(run: subprocess.CompletedProcess[str], fragment: str) -> None:
    assert run.returncode == 2, run.stdout + run.stderr
    assert run.stderr.startswith("claimcheck: error: ") and run.stderr.count("\n") == 1, run.stderr
    assert fragment in run.stderr and "Traceback" not in run.stderr and "internal error" not in run.stderr


# -- standard output gone ---------------------------------------------------------------------
def test_a_broken_pipe_is_one_line_and_exit_2(mini: Path):
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: every write fails with EPIPE
    try:
        run = subprocess.run([*CHECK, str(mini)], stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    finally:
        os.close(write_end)
    assert_one_clean_error(subprocess.CompletedProcess(run.args, run.returncode, "", run.stderr), "Broken pipe")


def test_a_full_disk_is_one_line_and_exit_2(mini: Path):
    with open("/dev/full", "w") as full:
        run = subprocess.run([*CHECK, str(mini)], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, check=False)
    assert_one_clean_error(subprocess.CompletedProcess(run.args, run.returncode, "", run.stderr), "No space left on device")


def test_a_closed_standard_output_is_one_line_and_exit_2(mini: Path):
    run = subprocess.run(["sh", "-c", 'exec "$@" >&-', "sh", *CHECK, str(mini)], capture_output=True, text=True, timeout=60, check=False)
    assert_one_clean_error(run, "standard output is closed")


# -- a non-UTF-8 locale -----------------------------------------------------------------------
C_LOCALE = {**os.environ, "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}
for name in ("PYTHONIOENCODING", "LANG", "LC_CTYPE"):
    C_LOCALE.pop(name, None)


def non_ascii_names(root: Path) -> None:
    (root / "sources/other-paper.txt").rename(root / "sources/caf\u00e9.txt")
    replace_in(root / "sources/catalog.yaml", "path: other-paper.txt", "path: caf\u00e9.txt")
    (root / "claims/facts.yaml").rename(root / "claims/faits-caf\u00e9.yaml")


def test_the_command_reads_utf8_names_under_the_c_locale(mini: Path):
    non_ascii_names(mini)
    run = subprocess.run([*CHECK, str(mini)], capture_output=True, text=True, env=C_LOCALE, timeout=60, check=False)
    assert run.returncode == 0 and run.stderr == "", run.stdout + run.stderr
    replace_in(mini / "claims/faits-caf\u00e9.yaml", "source: acme-note\n        quote: Acme", "source: acme-not\u00e9\n        quote: Acme")
    run = subprocess.run([*CHECK, str(mini)], capture_output=True, env=C_LOCALE, timeout=60, check=False)
    assert run.returncode == 2 and run.stderr == b""
    assert b"claims/faits-caf\\xe9.yaml:9:9: [schema] " in run.stdout and b'"acme-not\\xe9"' in run.stdout  # an ASCII terminal: escapes


def test_pytest_under_the_c_locale_fails_items_with_a_clear_message(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    non_ascii_names(pytester.path)
    for name in ("PYTHONIOENCODING", "LANG", "LC_CTYPE"):
        monkeypatch.delenv(name, raising=False)
    for name in ("LC_ALL", "PYTHONUTF8", "PYTHONCOERCECLOCALE"):
        monkeypatch.setenv(name, C_LOCALE[name])
    result = pytester.run(sys.executable, "-m", "pytest", *QUIET, "--claimcheck", "-rf", "claims", "sources")
    out = result.stdout.str()
    outcomes = result.parseoutcomes()
    assert outcomes.get("errors", 0) == 0 and outcomes["failed"] >= 1
    assert "Traceback" not in out and "UnicodeEncodeError" not in out
    assert "this Python reads file names as ASCII" in out and "PYTHONUTF8=1" in out


# -- git --------------------------------------------------------------------------------------
@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", root)
    git(root, "init", "-q")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "one")
    replace_in(root / "claims/facts.yaml", "Fixture registry", "The fixture registry")
    git(root, "commit", "-q", "-am", "two")
    return root


def test_a_shallow_clone_says_so_when_the_ref_is_missing(repo: Path, tmp_path: Path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(shallow)], check=True, capture_output=True)
    run = subprocess.run([*CHECK, str(shallow), "--changed-since", "HEAD~1"], capture_output=True, text=True, timeout=60, check=False)
    assert_one_clean_error(run, "shallow clone")


def test_gits_dubious_ownership_is_passed_through(repo: Path):
    os.chown(repo, 65534, 65534) if os.geteuid() == 0 else pytest.fail("needs root to give the repository away")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    run = subprocess.run([*CHECK, str(repo), "--changed-since", "HEAD~1"], capture_output=True, text=True, timeout=60, check=False, env=env)
    assert_one_clean_error(run, "dubious ownership")
    assert "safe.directory" in run.stderr and "not inside a git repository" not in run.stderr


def test_earlier_versions_over_the_limit_are_never_read(repo: Path):
    big = "x" * 5000 + "\n"
    (repo / "sources/other-paper.txt").write_text(big, encoding="utf-8")
    git(repo, "commit", "-q", "-am", "big")
    (repo / "sources/other-paper.txt").write_text("small now\n", encoding="utf-8")
    # The index holds the committed version, so it is read once, as that commit.
    assert [len(data) for _, data in earlier_version_bytes(repo, "sources/other-paper.txt", 5, max_bytes=10_000)][:1] == [5001]
    assert all(len(data) < 4000 for _, data in earlier_version_bytes(repo, "sources/other-paper.txt", 5, max_bytes=4000))


# -- repin stopping half-way ------------------------------------------------------------------
def test_repin_stopping_half_way_says_which_files_were_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    registry = make_registry(tmp_path)
    copy = (registry / TRUST).read_text(encoding="utf-8").replace("id: trust-", "id: copy-trust-").replace("[trust-", "[copy-trust-")
    (registry / "claims/zz-copy.yaml").write_text(copy, encoding="utf-8")
    git(registry, "add", ".")
    git(registry, "commit", "-q", "-m", "a second file")
    fix_typos(registry)
    calls: list[Path] = []

    def fail_second(path: Path, data: bytes, expected: bytes | None = None) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        write_atomic(path, data, expected)

    monkeypatch.setattr(repin_module, "write_atomic", fail_second)
    assert main(["repin", "--root", str(registry)]) == 2
    err = capsys.readouterr()[1]
    assert err.count("\n") == 1
    assert "repin stopped at claims/zz-copy.yaml (" in err and "written: claims/trust.yaml; not written: claims/zz-copy.yaml" in err


# -- messages that misled -----------------------------------------------------------------------
def test_utf16_is_named_as_utf16(mini: Path, capsys: pytest.CaptureFixture[str]):
    text = (mini / "sources/other-paper.txt").read_text(encoding="utf-8")
    (mini / "sources/other-paper.txt").write_bytes(text.encode("utf-16"))
    (mini / "claims/more.yaml").write_bytes("claims: []\n".encode("utf-16"))
    assert main(["check", "--root", str(mini), "--no-cache"]) == 2
    out = capsys.readouterr()[0]
    [source] = finding_lines(out, "source-unreadable")
    [claims] = finding_lines(out, "yaml-error")
    assert source.startswith("sources/other-paper.txt:1:1: ") and "UTF-16" in source and "binary" not in source
    assert claims.startswith("claims/more.yaml:1:1: ") and "UTF-16" in claims


def test_cr_only_line_endings_give_the_lines_an_editor_shows(mini: Path, capsys: pytest.CaptureFixture[str]):
    note = mini / "sources/acme-note.txt"
    note.write_bytes(note.read_bytes().replace(b"\n", b"\r"))
    replace_in(mini / "claims/facts.yaml", "quote: Northam holds a 60% stake", "quote: Northam holds a 65% stake")
    assert main(["check", "--root", str(mini), "--no-cache", "--format", "json"]) == 1
    import json

    report = json.loads(capsys.readouterr()[0])
    [stake] = [c for c in report["claims"] if c["id"] == "acme-northam-stake"]
    lines = note.read_bytes().split(b"\r")
    expected = next(i for i, line in enumerate(lines, 1) if line.startswith(b"Northam holds"))
    assert expected > 1 and stake["evidence"][0]["near"]["span"]["line"] == expected


@pytest.mark.parametrize(("written", "kept"), [("02014", "02014"), ("12:30", "12:30"), ("1_000", "1_000"), ("0x1F", "0x1F")])
def test_yaml_11_number_forms_stay_as_written(written: str, kept: str):
    from checker.registry.yamlload import parse_yaml

    assert parse_yaml(f"value: {written}\nplain: 2014\nshare: 1.5\n", "x.yaml").data == {"value": kept, "plain": 2014, "share": 1.5}


@pytest.mark.parametrize("written", ["yes", "No", "NO", "on", "OFF", "y", "n"])
def test_yaml_11_booleans_stay_as_written(written: str):
    from checker.registry.yamlload import parse_yaml

    data = parse_yaml(f"value: {written}\nflag: true\nother: False\n", "x.yaml").data
    assert data == {"value": written, "flag": True, "other": False}


def test_the_country_code_no_is_not_false(mini: Path, capsys: pytest.CaptureFixture[str]):
    replace_in(mini / "claims/facts.yaml", 'value: "2014"', "value: no")
    assert main(["check", "--root", str(mini), "--no-cache"]) == 2
    out = capsys.readouterr()[0]
    assert "False" not in out
    assert any(line.startswith("claims/facts.yaml:7:") and "'no'" in line for line in out.splitlines()), out


def test_an_octal_looking_year_is_not_read_as_1036(mini: Path, capsys: pytest.CaptureFixture[str]):
    replace_in(mini / "claims/facts.yaml", 'value: "2014"', "value: 02014")
    main(["check", "--root", str(mini), "--no-cache"])
    out = capsys.readouterr()[0]
    assert "1036" not in out
    assert any(line.startswith("claims/facts.yaml:") and "02014" in line for line in out.splitlines()), out
