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
