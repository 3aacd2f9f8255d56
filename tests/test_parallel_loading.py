"""Claims files loaded by worker processes give exactly the registry and report a single process gives."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import checker.engine.parallel
from checker.engine.check import run_check
from checker.engine.parallel import load_claims_files
from checker.registry import load_registry
from tests.conftest import FIXTURES


@pytest.fixture
def many_files(tmp_path: Path) -> Path:
    """The mini registry with its claims spread over several files, one broken and one with a bad claim."""
    root = tmp_path / "reg"
    shutil.copytree(FIXTURES / "mini", root)
    facts = (root / "claims" / "facts.yaml").read_text(encoding="utf-8")
    head, *claims = facts.split("\n  - id: ")
    for index, claim in enumerate(claims):
        (root / "claims" / f"part-{index}.yaml").write_text(f"{head}\n  - id: {claim}\n", encoding="utf-8")
    (root / "claims" / "facts.yaml").unlink()
    (root / "claims" / "zz-broken.yaml").write_text("claims: [\n", encoding="utf-8")
    (root / "claims" / "zz-bad-claim.yaml").write_text("claims:\n  - id: lonely\n    statement: no evidence\n", encoding="utf-8")
    return root


def test_loading_in_workers_gives_the_same_registry(many_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_YAML_BYTES", 0)
    in_workers = load_registry(many_files, lambda root, files: load_claims_files(root, files, workers=2))
    here = load_registry(many_files)
    assert len(here.claims) > 3 and here.broken_claims and here.findings
    assert in_workers == here
    assert [c.file for c in in_workers.claims] == sorted(c.file for c in in_workers.claims)  # file order, whoever finished first


def test_a_check_with_workers_reports_what_one_process_reports(many_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_YAML_BYTES", 1 << 40)
    alone = run_check(many_files)
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_YAML_BYTES", 0)
    assert run_check(many_files) == alone


def test_a_cold_run_forks_one_pool_before_loading_and_it_loads_and_verifies(many_files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers are forked while the parent is small (no registry yet), load the claims files and verify the sources:
    one pool, and the report a single process gives."""
    from concurrent.futures import ProcessPoolExecutor

    import checker.engine.check

    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_YAML_BYTES", 1 << 40)
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_BYTES", 1 << 40)
    alone = run_check(many_files)
    events: list[str] = []
    original_load = checker.engine.check.load_registry

    def loading(*args: object, **kwargs: object) -> object:
        events.append("load")
        return original_load(*args, **kwargs)  # type: ignore[arg-type]

    class Pool(ProcessPoolExecutor):
        def __init__(self, *args: object, **kwargs: object) -> None:
            events.append("pool")
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

        def submit(self, fn, /, *args, **kwargs):  # type: ignore[no-untyped-def]
            events.append(getattr(fn, "__name__", "map"))
            return super().submit(fn, *args, **kwargs)

    monkeypatch.setattr(checker.engine.check, "load_registry", loading)
    monkeypatch.setattr(checker.engine.parallel, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_YAML_BYTES", 0)
    monkeypatch.setattr(checker.engine.parallel, "PARALLEL_MIN_BYTES", 0)
    assert run_check(many_files) == alone
    assert events[:2] == ["pool", "getpid"] and events[2] == "load" and events.count("pool") == 1
    assert "_run_batch" in events[3:]
