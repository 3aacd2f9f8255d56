"""The result cache: never trusted when stale, safe to delete, invisible in the output."""

from __future__ import annotations

import ast
import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine import CACHE_DIR, Fingerprint, ResultCache
from checker.engine.sourcework import SourceWork
from checker.store import DATABASE
from tests.conftest import replace_in


def check(root: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "--root", str(root), "--format", "json", *extra])
    return code, capsys.readouterr().out


def test_a_warm_run_prints_exactly_what_an_uncached_run_prints(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cold = check(mini, capsys)
    assert (mini / CACHE_DIR).is_dir()
    assert check(mini, capsys) == cold
    assert check(mini, capsys, "--no-cache") == cold
    assert cold[0] == 0


def test_editing_a_source_changes_the_verdict(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(mini, capsys)[0] == 0
    replace_in(mini / "sources" / "acme-note.txt", "founded in 2014", "founded in 2015")
    code, out = check(mini, capsys)
    assert code == 1 and '"quote-missing"' in out
    replace_in(mini / "sources" / "acme-note.txt", "founded in 2015", "founded in 2014")
    assert check(mini, capsys)[0] == 0


def test_editing_a_claims_file_changes_the_verdict(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert check(mini, capsys)[0] == 0
    replace_in(mini / "claims" / "facts.yaml", "quote: Northam holds a 60% stake in the company", "quote: Northam holds a 70% stake in the company")
    code, out = check(mini, capsys)
    assert code == 1 and "acme-northam-stake" in out


def test_deleting_the_cache_directory_is_safe(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = check(mini, capsys)
    shutil.rmtree(mini / CACHE_DIR)
    assert check(mini, capsys) == first
    assert (mini / CACHE_DIR / ".gitignore").read_text().strip().endswith("*")


def test_a_cache_entry_not_signed_with_this_users_key_is_never_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A valid pickle signed under another key (a cache that came with someone else's registry) is a miss."""
    import checker.store.signing as cache_module

    store = ResultCache(tmp_path)
    monkeypatch.setattr(cache_module, "signing_key", lambda: b"k" * 32)
    store.put("thing", "key", {"answer": 1})
    store.flush()
    assert store.get("thing", "key") == {"answer": 1}  # readable under the key that signed it
    monkeypatch.setattr(cache_module, "signing_key", lambda: b"x" * 32)
    assert store.get("thing", "key") is None


UNPICKLABLE = lambda: None  # noqa: E731 (a module-level lambda: pickle raises PicklingError for it)


def test_entries_pickled_when_kept_or_when_flushed_read_back_alike(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    store.put("later", "k1", {"answer": [1, 2]})
    store.put("now", "k2", ("registry", {"x": 1}), pickle_now=True)
    store.put("never", "k3", UNPICKLABLE, pickle_now=True)  # refused when kept: the rest is still written
    store.flush()
    again = ResultCache(tmp_path)
    assert again.get("later", "k1") == {"answer": [1, 2]}
    assert again.get("now", "k2") == ("registry", {"x": 1})
    assert again.get("never", "k3") is None
    assert again.get("now", "k1") is None  # another key: a miss


def test_a_value_that_cannot_be_pickled_at_flush_writes_nothing_of_that_flush(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    store.put("first", "k", "kept before")
    store.flush()
    store.put("a", "k", "fine")
    store.put("b", "k", UNPICKLABLE)
    store.put("c", "k", "fine too")
    store.flush()  # "a" went to SQLite before "b" failed: the transaction is rolled back
    again = ResultCache(tmp_path)
    assert again.get("first", "k") == "kept before"
    assert again.get("a", "k") is None and again.get("c", "k") is None


def rows(root: Path, table: str) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(root / CACHE_DIR / DATABASE)) as db:
        return db.execute(f"SELECT * FROM {table}").fetchall()


def tamper(root: Path, sql: str, *parameters: object) -> int:
    with contextlib.closing(sqlite3.connect(root / CACHE_DIR / DATABASE)) as db, db:
        return db.execute(sql, parameters).rowcount


@pytest.mark.parametrize("column", ["value", "key", "mac"])
def test_a_tampered_cache_entry_changes_nothing(mini: Path, capsys: pytest.CaptureFixture[str], column: str) -> None:
    first = check(mini, capsys)
    assert rows(mini, "entries")
    flip = {"value": "value = value || x'00'", "key": "key = key || '0'", "mac": "mac = zeroblob(32)"}[column]
    assert tamper(mini, f"UPDATE entries SET {flip}") > 0
    replace_in(mini / "sources" / "acme-note.txt", "founded in 2014", "founded in 2015")  # no stored output fits now
    code, out = check(mini, capsys)
    assert code == 1 and '"quote-missing"' in out
    replace_in(mini / "sources" / "acme-note.txt", "founded in 2015", "founded in 2014")
    assert check(mini, capsys) == first


def test_a_row_signed_for_another_name_is_refused(tmp_path: Path) -> None:
    """Rows are signed with their name: a valid row copied under another name is a miss."""
    store = ResultCache(tmp_path)
    store.put("source:a", "key", ("a's outcome",))
    store.put("source:b", "key", ("b's outcome",))
    store.flush()
    tamper(tmp_path, "UPDATE entries SET value = (SELECT value FROM entries WHERE name = 'source:a'), "
                     "mac = (SELECT mac FROM entries WHERE name = 'source:a') WHERE name = 'source:b'")
    assert ResultCache(tmp_path).get("source:a", "key") == ("a's outcome",)
    assert ResultCache(tmp_path).get("source:b", "key") is None


def test_an_entry_under_another_key_is_a_miss(tmp_path: Path) -> None:
    store = ResultCache(tmp_path)
    store.put("thing", "key-1", {"answer": 1})
    assert store.get("thing", "key-1") is None  # kept in memory until the run is known to be usable
    store.flush()
    assert store.get("thing", "key-1") == {"answer": 1}
    assert store.get("thing", "key-2") is None
    assert store.get("other", "key-1") is None


def test_the_fingerprint_follows_every_byte_of_sources_and_claims(mini: Path) -> None:
    before = Fingerprint.of(mini)
    replace_in(mini / "sources" / "other-paper.txt", " ", "  ")
    after = Fingerprint.of(mini)
    assert after.whole_key != before.whole_key
    assert after.yaml_key == before.yaml_key  # a source is not YAML: the registry stays cached
    replace_in(mini / "claims" / "subjects.yaml", "Northam", "North Am")
    assert Fingerprint.of(mini).yaml_key != after.yaml_key


@pytest.mark.parametrize("parallel", [False, True])
def test_after_editing_one_source_only_that_source_is_verified_again(mini: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool) -> None:
    """Per-source outcomes are cached whether they were verified here or in forked workers."""
    import checker.engine.parallel
    from checker.engine.check import run_check

    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_BYTES", 0 if parallel else 1 << 40)

    def run() -> None:
        store = ResultCache(mini)
        run_check(mini, cache=store, fingerprint=Fingerprint.of(mini))
        store.flush()

    run()
    verified: list[str] = []
    original = checker.engine.parallel.verify_source
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_BYTES", 1 << 40)  # count calls in this process
    def counting(root: Path, work: SourceWork, extractions: object = None) -> object:
        verified.append(work.entry.id)
        return original(root, work, extractions)  # type: ignore[arg-type]

    monkeypatch.setattr(checker.engine.parallel, "verify_source", counting)
    replace_in(mini / "sources" / "other-paper.txt", "founded in 2015", "founded in 2016")
    run()
    assert verified == ["other-paper"]


# -- the stat index: a file is hashed again only when its stat says it may have changed ------------------------------
@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Paths the fingerprint reads, in this process."""
    import checker.store.keys as cache_module

    seen: list[str] = []
    original = cache_module._hash

    def counting(path: Path | str) -> tuple[str, str | None]:
        seen.append(Path(path).name)
        return original(path)

    monkeypatch.setattr(cache_module, "_hash", counting)
    return seen


def fingerprint(root: Path) -> Fingerprint:
    store = ResultCache(root)
    found = Fingerprint.of(root, store=store)
    store.flush()
    return found


def test_an_unchanged_file_is_not_hashed_again(mini: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.store.keys as cache_module

    monkeypatch.setattr(cache_module, "RACY_NS", 0)  # the fixture's files were written just now
    first = fingerprint(mini)
    assert len(hashed) == len(first.entries) > 5
    hashed.clear()
    assert fingerprint(mini) == first and hashed == []
    replace_in(mini / "sources" / "other-paper.txt", "founded in 2015", "founded in 2016")
    assert fingerprint(mini).whole_key != first.whole_key and hashed == ["other-paper.txt"]
    assert Fingerprint.of(mini) == fingerprint(mini)  # the index gives what hashing every file gives


def test_a_same_size_edit_with_its_mtime_put_back_is_still_seen(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ctime changes on every write and cannot be set back: the stat differs, the file is hashed."""
    import checker.store.keys as cache_module

    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    first = fingerprint(mini)
    note = mini / "sources" / "other-paper.txt"
    before = note.stat()
    replace_in(note, "founded in 2015", "founded in 2016")
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert note.stat().st_size == before.st_size and note.stat().st_mtime_ns == before.st_mtime_ns
    assert fingerprint(mini).entries["sources/other-paper.txt"] != first.entries["sources/other-paper.txt"]


def test_a_file_written_just_before_it_was_hashed_is_hashed_again(mini: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """git's racy rule: a file modified within RACY_NS of its hashing is not trusted by its stat."""
    import checker.store.keys as cache_module

    monkeypatch.setattr(cache_module, "RACY_NS", 60 * 10**9)  # a minute: the fixture's files are all "just written"
    fingerprint(mini)
    hashed.clear()
    fingerprint(mini)
    assert sorted(hashed) == sorted(Path(p).name for p in fingerprint(mini).entries)
    assert not (mini / CACHE_DIR / DATABASE).exists()  # no row could be trusted, so none was written


def test_a_tampered_row_of_the_stat_index_is_refused(mini: Path, hashed: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import checker.store.keys as cache_module

    monkeypatch.setattr(cache_module, "RACY_NS", 0)
    first = fingerprint(mini)
    replace_in(mini / "sources" / "other-paper.txt", "founded in 2015", "founded in 2016")
    real = os.stat(mini / "sources" / "other-paper.txt")
    signature = f"{real.st_size}:{real.st_mtime_ns}:{real.st_ctime_ns}:{real.st_ino}:{real.st_dev}"
    assert tamper(mini, "UPDATE files SET stat = ? WHERE path = 'sources/other-paper.txt'", signature) == 1  # "unchanged"
    hashed.clear()
    assert fingerprint(mini).entries["sources/other-paper.txt"] != first.entries["sources/other-paper.txt"]
    assert hashed == ["other-paper.txt"]


def test_concurrent_runs_agree(mini: Path) -> None:
    """Three runs at once on one store (SQLite's locks, busy timeout): each prints what an uncached run prints."""
    command = [sys.executable, "-m", "checker", "check", "--root", str(mini), "--format", "json"]
    expected = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, timeout=120, check=False)
    for _ in range(2):  # cold, all writing; then warm, all reading
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert [(run.returncode, out, err) for run, (out, err) in zip(runs, outputs, strict=True)] == [(expected.returncode, expected.stdout, "")] * 3


def test_a_warm_run_imports_only_the_store(mini: Path) -> None:
    """Output served from the store: no engine, registry or renderer is imported (they cost more than the lookup)."""
    probe = ("import sys\nfrom checker.cli import main\ncode = main(['check', '--root', sys.argv[1], '--format', 'json'])\n"
             "sys.stdout.flush()\nprint(sorted({m.split('.')[1] for m in sys.modules if m.startswith('checker.')}), file=sys.stderr)")
    runs = [subprocess.run([sys.executable, "-c", probe, str(mini)], capture_output=True, text=True, timeout=120, check=False) for _ in range(2)]
    cold, warm = (ast.literal_eval(run.stderr.strip().splitlines()[-1]) for run in runs)
    assert {"engine", "registry", "reporters"} <= set(cold)
    assert set(warm) <= {"cli", "commands", "findings", "store"} and runs[1].stdout == runs[0].stdout


def test_a_run_after_editing_a_source_imports_no_registry_loading_typing_or_conflicts(mini: Path) -> None:
    """After an edit of a source the stored parts are re-used: the run imports what verifies a source and renders
    parts, not the typing, the value grammars, the conflict rules or the whole check (lazy layer packages)."""
    probe = ("import sys\nfrom checker.cli import main\ncode = main(['check', '--root', sys.argv[1], '--format', 'json'])\n"
             "sys.stdout.flush()\nprint(sorted(m for m in sys.modules if m.startswith('checker.')), file=sys.stderr)")
    whole_check = {"checker.engine.check", "checker.registry.typed", "checker.values.dates", "checker.conflicts.rules", "checker.quotes.support"}

    def run() -> tuple[str, set[str]]:
        done = subprocess.run([sys.executable, "-c", probe, str(mini)], capture_output=True, text=True, timeout=120, check=False)
        return done.stdout, set(ast.literal_eval(done.stderr.strip().splitlines()[-1]))

    _, cold = run()
    source = mini / "sources" / "other-paper.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA paragraph added after the store was made.\n", encoding="utf-8")
    output, edited = run()
    expected = subprocess.run([sys.executable, "-m", "checker", "check", "--root", str(mini), "--format", "json", "--no-cache"],
                              capture_output=True, text=True, timeout=120, check=False)
    assert whole_check <= cold
    assert not whole_check & edited and "checker.quotes.verify" in edited
    assert output == expected.stdout


def test_the_store_fingerprints_the_registrys_settings_file() -> None:
    from checker.registry import CONFIG
    from checker.store import CONFIG as FINGERPRINTED

    assert FINGERPRINTED == CONFIG


def test_check_offers_every_renderer() -> None:
    from checker.commands.check import FORMATS
    from checker.reporters import REPORTERS

    assert tuple(sorted(REPORTERS)) == FORMATS
