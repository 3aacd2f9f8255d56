"""Issue 15, files: nothing outside the registry is read, hashed or written; nothing in a file's place is skipped.

- the result cache never writes through a planted symlink (it wrote
  ``<entry>.<pid>.tmp`` with ``open(..., "wb")``; now its SQLite database and
  journals are never opened through one), and refuses a cache directory that is
  a symlink or someone else's, and a database that is not one (one warning, cache off);
- a claims file, the catalog or a vocabulary file that is a symlink out of the
  registry, a device, a named pipe or a directory is a finding (exit 2), and
  its content never reaches the output (a password hash leaked before; a
  symlink to /dev/null, a pipe or a directory silently dropped claims);
- the fingerprint never follows a symlink (``sources/usr -> /usr`` hashed /usr);
- unreadable directories are findings, not "internal error".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import checker
from checker.cli import main
from checker.engine import CACHE_DIR, Fingerprint, ResultCache
from checker.store import DATABASE
from tests.conftest import FIXTURES
from tests.test_bad_input import QUIET, finding_lines, snapshot

SECRET = "root:$6$hunter2hash$abcdefghijklmnopqrstuvwxyz:19000:0:99999:7:::"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the registry that must never be read nor written."""
    victim = tmp_path / "outside" / "shadow"
    victim.parent.mkdir()
    victim.write_text(f"claims:\n  - {SECRET}\n", encoding="utf-8")
    return victim


@pytest.mark.parametrize("name", [DATABASE, f"{DATABASE}-journal", f"{DATABASE}-wal"])
def test_the_store_is_never_reached_through_a_planted_symlink(name: str, mini: Path, outside: Path, capsys: pytest.CaptureFixture[str]):
    """SQLite follows symlinks: the database and its journals are lstat-checked before it opens them."""
    cache = mini / CACHE_DIR
    cache.mkdir()
    (cache / name).symlink_to(outside)
    before = outside.read_bytes()
    for _ in range(2):
        assert main(["check", "--root", str(mini)]) == 0
        err = capsys.readouterr()[1]
        assert err.count("\n") == 1 and f"{name} is a symlink" in err and "cache off" in err
    assert outside.read_bytes() == before
    assert sorted(p.name for p in cache.iterdir()) == [name]  # nothing was written beside it either


@pytest.mark.parametrize("kind", ["pipe", "not a database", "directory"])
def test_a_store_that_is_a_pipe_or_not_a_database_is_one_warning(kind: str, mini: Path):
    cache = mini / CACHE_DIR
    cache.mkdir()
    if kind == "pipe":
        os.mkfifo(cache / DATABASE)
    elif kind == "directory":
        (cache / DATABASE).mkdir()
    else:
        (cache / DATABASE).write_bytes(b"claims:\n  - not a database at all\n" * 200)
    run = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(mini)], capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0 and run.stderr.count("\n") == 1 and "cache off" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("kind", ["symlink", "foreign"])
def test_a_cache_directory_that_is_a_symlink_or_not_ours_is_refused(kind: str, mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    if kind == "symlink":
        (mini / CACHE_DIR).symlink_to(elsewhere, target_is_directory=True)
    else:
        (mini / CACHE_DIR).mkdir()
        os.chown(mini / CACHE_DIR, 65534, 65534) if os.geteuid() == 0 else pytest.fail("needs root to give the directory away")
    watched = elsewhere if kind == "symlink" else mini / CACHE_DIR
    for _ in range(2):
        assert main(["check", "--root", str(mini)]) == 0
        err = capsys.readouterr()[1]
        assert err.count("\n") == 1 and err.startswith("claimcheck: warning: ") and "cache off" in err
        assert list(watched.iterdir()) == []
    assert ResultCache(mini).refused


def test_pytest_warns_once_about_a_refused_cache_directory(pytester: pytest.Pytester, tmp_path: Path):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    (pytester.path / CACHE_DIR).symlink_to(tmp_path, target_is_directory=True)
    before = sorted(tmp_path.iterdir())
    result = pytester.runpytest(*QUIET, "claims", "sources/catalog.yaml")
    result.assert_outcomes(passed=11, warnings=1)
    result.stdout.fnmatch_lines(["*claimcheck: .claimcheck-cache is a symlink; result cache off*"])
    assert sorted(tmp_path.iterdir()) == before


def test_the_fingerprint_never_follows_a_symlink(mini: Path, tmp_path: Path):
    big = tmp_path / "usr"
    (big / "lib").mkdir(parents=True)
    for i in range(50):
        (big / "lib" / f"f{i}").write_bytes(b"x" * 1000)
    (mini / "sources" / "usr-link").symlink_to(big, target_is_directory=True)
    (mini / "sources" / "file-link").symlink_to(big / "lib" / "f0")
    entries = Fingerprint.of(mini).entries
    assert not any(k.startswith("sources/usr-link/") for k in entries)
    assert entries["sources/usr-link"][0] == f"symlink:{big}" and entries["sources/file-link"][0] == f"symlink:{big / 'lib' / 'f0'}"


def test_a_source_symlinked_inside_sources_is_still_cached_by_content(mini: Path, capsys: pytest.CaptureFixture[str]):
    note = mini / "sources" / "acme-note.txt"
    note.rename(mini / "sources" / "real-note.txt")
    note.symlink_to("real-note.txt")
    assert main(["check", "--root", str(mini)]) == 0
    (mini / "sources" / "real-note.txt").write_text("Nothing of the kind.\n", encoding="utf-8")
    assert main(["check", "--root", str(mini)]) == 1  # the change behind the link is seen: no stale cache entry
    capsys.readouterr()


# -- files in the place of claims files ------------------------------------------------------
def symlink_to(target: Callable[[Path], Path]) -> Callable[[Path, Path], None]:
    return lambda path, outside: path.symlink_to(target(outside))


REPLACEMENTS: dict[str, Callable[[Path, Path], None]] = {
    "symlink-out": symlink_to(lambda outside: outside),
    "dev-null": symlink_to(lambda outside: Path("/dev/null")),
    "fifo": lambda path, outside: os.mkfifo(path),
    "directory": lambda path, outside: path.mkdir(),
}
TARGETS = {"claims/facts.yaml": "claims/facts.yaml:1:1", "sources/catalog.yaml": "sources/catalog.yaml:1:1",
           "claims/subjects.yaml": "claims/subjects.yaml:1:1", "claims/leak.yaml": "claims/leak.yaml:1:1"}


@pytest.fixture(params=[(t, r) for t in TARGETS for r in REPLACEMENTS], ids=lambda p: f"{p[0]}-{p[1]}")
def replaced(request: pytest.FixtureRequest) -> tuple[str, str]:
    return request.param


def replace_file(root: Path, rel: str, how: str, outside: Path) -> None:
    path = root / rel
    if path.exists():
        path.unlink()
    REPLACEMENTS[how](path, outside)


def test_cli_reports_what_stands_in_a_registry_files_place(replaced: tuple[str, str], mini: Path, outside: Path):
    rel, how = replaced
    replace_file(mini, rel, how, outside)
    before = snapshot(mini)
    for extra in ([], ["--no-cache"]):  # in a subprocess: a pipe must not block anything
        run = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(mini), *extra],
                             capture_output=True, text=True, timeout=60, check=False)
        assert run.returncode == 2 and run.stderr == "", run.stdout + run.stderr
        lines = finding_lines(run.stdout, "yaml-error")
        assert [line for line in lines if line.startswith(f"{TARGETS[rel]}: [yaml-error] ")], run.stdout
        assert "hunter2" not in run.stdout
    assert snapshot(mini) == before


def test_pytest_fails_an_item_for_what_stands_in_a_claims_files_place(replaced: tuple[str, str], pytester: pytest.Pytester, outside: Path):
    rel, how = replaced
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    replace_file(pytester.path, rel, how, outside)
    result = pytester.runpytest(*QUIET, "-rf", "claims", "sources")
    outcomes = result.parseoutcomes()
    assert outcomes.get("errors", 0) == 0 and outcomes.get("failed", 0) >= 1
    result.stdout.fnmatch_lines([f"{TARGETS[rel]}: [[]yaml-error[]] *"])
    assert "hunter2" not in result.stdout.str() and "Traceback" not in result.stdout.str()


# -- unreadable directories ------------------------------------------------------------------
@pytest.fixture
def shared_registry() -> Iterator[Path]:
    """A registry another user can reach (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="claimcheck-perm-"))
    base.chmod(0o755)
    root = base / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    # The checkout may sit in a folder only root can enter: the other user runs a copy of the package.
    shutil.copytree(Path(checker.__file__).parent, base / "pkg" / "checker", ignore=shutil.ignore_patterns("__pycache__"))
    yield root
    for path in (root / "claims", root / "sources"):
        path.chmod(0o755)
    shutil.rmtree(base)


def run_as_another_user(*args: str) -> subprocess.CompletedProcess[str]:
    """As root, permissions bind nobody: run as uid 65534 (``setpriv``, util-linux); as anyone else, run as is."""
    prefix = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] if os.geteuid() == 0 else []
    base = Path(args[args.index("--root") + 1]).parent
    env = {**os.environ, "PYTHONPATH": str(base / "pkg")}
    return subprocess.run([*prefix, sys.executable, "-m", "checker", *args], capture_output=True, text=True, timeout=120, check=False, cwd=base, env=env)


@pytest.mark.parametrize(("directory", "where", "rule"), [("claims", "claims:1:1", "no-claims"), ("sources", "sources/catalog.yaml:1:1", "yaml-error")])
def test_an_unreadable_directory_is_a_finding_not_an_internal_error(directory: str, where: str, rule: str, shared_registry: Path):
    (shared_registry / directory).chmod(0)
    for command in (["check"], ["check", "--no-cache"], ["coverage"], ["conflicts"]):
        run = run_as_another_user(*command, "--root", str(shared_registry))
        assert run.returncode == 2, run.stdout + run.stderr
        assert "internal error" not in run.stderr and "Traceback" not in run.stderr
        assert any(line.startswith(f"{where}: [{rule}] ") and "ermission denied" in line for line in run.stdout.splitlines()), run.stdout
