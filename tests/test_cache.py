"""The result cache: never trusted when stale, safe to delete, invisible in the output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine.cache import CACHE_DIR, Fingerprint, ResultCache
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
    import checker.engine.cache as cache_module

    store = ResultCache(tmp_path)
    monkeypatch.setattr(cache_module, "_signing_key", lambda: b"k" * 32)
    store.put("thing", "key", {"answer": 1})
    store.flush()
    assert store.get("thing", "key") == {"answer": 1}  # readable under the key that signed it
    monkeypatch.setattr(cache_module, "_signing_key", lambda: b"x" * 32)
    assert store.get("thing", "key") is None


def test_a_tampered_cache_entry_changes_nothing(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = check(mini, capsys)
    for entry in (mini / CACHE_DIR).glob("*.bin"):
        data = bytearray(entry.read_bytes())
        data[-1] ^= 0xFF
        entry.write_bytes(bytes(data))
    assert check(mini, capsys) == first


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
    def counting(root: Path, registry: object, sid: str, citations: object, extractions: object = None) -> object:
        verified.append(sid)
        return original(root, registry, sid, citations, extractions)  # type: ignore[arg-type]

    monkeypatch.setattr(checker.engine.parallel, "verify_source", counting)
    replace_in(mini / "sources" / "other-paper.txt", "founded in 2015", "founded in 2016")
    run()
    assert verified == ["other-paper"]
