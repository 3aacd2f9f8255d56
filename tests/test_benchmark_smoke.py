"""The benchmark's corpus generator at a tiny scale: deterministic, and its planted drift is found."""

from __future__ import annotations

from pathlib import Path

from benchmarks import driftbench
from benchmarks.corpus import Spec, generate
from checker.engine.check import run_check

TINY = Spec(sources=6, claims=120, megabytes=0.3, drift=0.1, seed=7)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_same_spec_gives_the_same_bytes(tmp_path: Path) -> None:
    generate(TINY, tmp_path / "a", workers=1)
    generate(TINY, tmp_path / "b", workers=2)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    generate(Spec(6, 120, 0.3, 0.1, seed=8), tmp_path / "c", workers=1)
    assert tree(tmp_path / "c") != tree(tmp_path / "a")


def test_planted_drift_fails_and_is_diagnosed_at_the_planted_spot(tmp_path: Path) -> None:
    manifest = generate(TINY, tmp_path / "corpus", workers=1)
    planted = manifest["planted"]
    assert isinstance(planted, list) and {p["kind"] for p in planted} >= {"typo", "word", "deleted"}
    report = run_check(tmp_path / "corpus")
    assert not [f for f in report.findings if f.is_input_error]
    status = {c.id: c.status for c in report.claims}
    kinds = {p["claim"]: p["kind"] for p in planted}
    assert len(status) == manifest["claims"]
    for claim, result in status.items():
        expected = "fail" if kinds.get(claim, "rewrap") != "rewrap" else "pass"
        assert result == expected, claim
    figures = driftbench.measure(tmp_path / "corpus", planted)
    assert all(hit == total for hit, total in figures.found.values()), figures.found


def test_documents_share_builds_a_registry_that_passes(tmp_path: Path) -> None:
    from benchmarks import documents

    figures = documents.build(tmp_path / "docs", html_pages=2, pdfs=1)
    assert figures["pdf_pages"] == 3 and figures["html_bytes"] > 0
    report = run_check(tmp_path / "docs")
    assert report.exit_code == 0, [f.message for f in report.findings][:3]
    kinds = {e.path.rsplit(".", 1)[1] for c in report.claims for e in c.evidence if e.path}
    assert kinds == {"html", "pdf", "txt"}


def test_the_phase_breakdown_times_the_real_check_and_leaves_it_as_it_was(tmp_path: Path) -> None:
    import checker.engine.check as engine_check
    from benchmarks import phases
    from checker.commands.check import checked_output

    generate(TINY, tmp_path / "corpus", workers=1)
    original = engine_check.load_registry
    totals, total, output = phases.measure(tmp_path / "corpus", "json")
    assert output == checked_output(tmp_path / "corpus", "json", None, use_cache=False)[1]
    assert {"loading the registry", "typing, support, conflicts, quality", "rendering"} <= totals.keys()
    assert 0 < totals["  YAML: libyaml's events, values and positions"] <= totals["loading the registry"] <= total
    assert engine_check.load_registry is original


def test_each_tree_of_a_comparison_runs_its_own_checker(tmp_path: Path) -> None:
    """python -m puts the working directory first on sys.path: run from a checkout, both sides were that checkout."""
    import os
    import subprocess
    import sys

    from benchmarks import compare, registry_side

    other = tmp_path / "other"
    (other / "checker").mkdir(parents=True)
    (other / "checker" / "__init__.py").write_text("MARK = 'other tree'\n", encoding="utf-8")
    ask = [sys.executable, "-c", "import checker; print(getattr(checker, 'MARK', checker.__file__))"]
    for cwd in (compare.THIS_TREE, tmp_path):
        assert subprocess.run(ask, env=compare.tree_env(other), cwd=cwd, capture_output=True, text=True).stdout.strip() == "other tree"
        this = subprocess.run(ask, env=compare.tree_env(None), cwd=cwd, capture_output=True, text=True).stdout.strip()
        assert Path(this) == compare.THIS_TREE / "checker" / "__init__.py"
    assert registry_side.THIS_TREE == compare.THIS_TREE and os.path.isdir(registry_side.THIS_TREE / "checker")


def test_the_registry_side_is_timed_for_both_trees(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from benchmarks import registry_side

    generate(TINY, tmp_path / "corpus", workers=1)
    assert registry_side.main([str(tmp_path / "corpus"), str(registry_side.THIS_TREE), "--rounds", "1"]) == 0
    rows = {line.split()[0]: line.split()[1:] for line in capsys.readouterr().out.splitlines()[1:]}
    assert rows.keys() == {"load_registry", "static_results"}
    for cells in rows.values():  # "min / median" for the other tree, then this one
        assert len(cells) == 6 and cells[1] == cells[4] == "/" and all(float(cells[i]) >= 0 for i in (0, 2, 3, 5))
