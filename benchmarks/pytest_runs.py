"""The benchmark's pytest figures, run in the environment a registry's own CI runs pytest in.

    python3 -m benchmarks.pytest_runs --sources 400 --claims 10000 --mb 20   # only these figures (and the CLI's they are held to)

A registry's user installs claimcheck (``pip install claimcheck``, not editable) and, for
``-n auto``, pytest-xdist: not the checker's own test extras (hypothesis, playwright,
pre-commit), whose pytest plugins would otherwise load in every run measured. So the
benchmark runs pytest with the interpreter of a virtual environment kept beside the
corpora (``<base>/pytest-env``): made once with ``pip install <this checkout> pytest-xdist``,
and this checkout reinstalled into it (``--no-deps``) on every benchmark run, so the code
measured is the code checked out. The environment variables are the benchmark's own
(on this machine ``PYTHONDONTWRITEBYTECODE=1``: pytest then re-does its assertion
rewriting of plugin packages on every run, as on a read-only site-packages).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import measure

REPO = Path(__file__).resolve().parent.parent


def user_python(base: Path) -> Path:
    """The interpreter of the registry user's environment, with this checkout installed in it."""
    venv = base / "pytest-env"
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        _pip(python, "pytest-xdist")
    with tempfile.TemporaryDirectory() as tmp:
        # A copy: pip builds a project in place, and the checkout must not gain build/ and egg-info.
        copy = Path(tmp, "claimcheck")
        shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", "build", "*.egg-info", "__pycache__", ".claimcheck-cache"))
        _pip(python, str(copy))  # its dependencies as this checkout declares them (installed ones are kept)
        _pip(python, "--no-deps", "--force-reinstall", str(copy))  # the checkout's code, even at an unchanged version
    return python


def _pip(python: Path, *args: str) -> None:
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *args], check=True)


@dataclass(frozen=True)
class PytestRuns:
    cold: measure.Run
    warm: list[measure.Run]
    xdist: list[measure.Run]
    forced: list[measure.Run]
    """``-n 2``: workers started whatever the session holds (``-n auto`` starts none for registry items alone)."""
    empty: list[measure.Run]
    empty_forced: list[measure.Run]
    """pytest and ``pytest -n 2`` on a directory of one trivial test, same environment: pytest-xdist's own start-up."""
    items: int
    differ: list[str]
    """Items whose outcome differs between ``-n auto`` and a plain run."""


def measure_pytest(root: Path, python: Path, repeat: int) -> PytestRuns:
    """A whole pytest run over the registry as its user runs it (in its directory, its own pytest.ini, the user's
    environment): with no cache yet, then warm, ``-n auto`` and ``-n 2`` warm, and pytest-xdist's own start-up on an
    directory of one trivial test (``repeat`` runs of each, alternating)."""
    with tempfile.TemporaryDirectory() as tmp:
        plain_xml, xdist_xml, forced_xml = Path(tmp, "plain.xml"), Path(tmp, "xdist.xml"), Path(tmp, "forced.xml")
        pytest = [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "console_output_style=classic", "--claimcheck"]
        shutil.rmtree(root / ".claimcheck-cache", ignore_errors=True)
        cold = measure.run(pytest, cwd=root)
        warm, xdist, forced, empty, empty_forced = [], [], [], [], []
        empty_dir = Path(tmp, "empty")  # one trivial test: pytest exits 5 when it collects nothing
        empty_dir.mkdir()
        (empty_dir / "test_nothing.py").write_text("def test_nothing():\n    pass\n", encoding="utf-8")
        for _ in range(repeat):
            warm.append(measure.run([*pytest, f"--junitxml={plain_xml}"], cwd=root))
            xdist.append(measure.run([*pytest, "-n", "auto", f"--junitxml={xdist_xml}"], cwd=root))
            forced.append(measure.run([*pytest, "-n", "2", f"--junitxml={forced_xml}"], cwd=root))
            empty.append(measure.run(pytest[:-1], cwd=empty_dir))
            empty_forced.append(measure.run([*pytest[:-1], "-n", "2"], cwd=empty_dir))
        plain_items = junit_outcomes(plain_xml)
        other_items = [junit_outcomes(xdist_xml), junit_outcomes(forced_xml)]
    differ = sorted({k for other in other_items for k in set(plain_items) | set(other) if plain_items.get(k) != other.get(k)})
    return PytestRuns(cold, warm, xdist, forced, empty, empty_forced, len(plain_items), differ)


def junit_outcomes(path: Path) -> dict[str, str]:
    outcomes = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        failed = any(child.tag in ("failure", "error") for child in case)
        name = str(case.get("name")).split("@")[0]  # loadgroup appends @group to the id
        outcomes[f"{case.get('classname')}::{name}"] = "fail" if failed else "pass"
    return outcomes


def _median(values: list[float]) -> float:
    return sorted(values)[len(values) // 2]


def add_rows(table: Any, runs: PytestRuns, cli_cold: measure.Run, cli_warm: list[measure.Run]) -> None:
    """The pytest rows of ``run.Table``: each time beside the CLI figure it is held to (wall, and CPU of all processes)."""
    warm, warm_cpu = _median([r.seconds for r in runs.warm]), _median([r.cpu_seconds for r in runs.warm])
    xdist, xdist_cpu = _median([r.seconds for r in runs.xdist]), _median([r.cpu_seconds for r in runs.xdist])
    check, check_cpu = _median([r.seconds for r in cli_warm]), _median([r.cpu_seconds for r in cli_warm])
    table.time("pytest, whole run (no cache yet)", runs.cold.seconds, runs.cold.cpu_seconds)
    table.other("  pytest cold vs claimcheck check cold", f"{runs.cold.seconds / cli_cold.seconds:.2f}x",
                f"CPU {runs.cold.cpu_seconds / cli_cold.cpu_seconds:.2f}x; target: within 3x")
    table.time("pytest, whole run (cache warm)", warm, warm_cpu)
    table.other("  pytest warm vs claimcheck check warm", f"{warm / check:.2f}x", f"CPU {warm_cpu / check_cpu:.2f}x; {runs.items} items; target: within 3x")
    table.time("pytest -n auto (cache warm)", xdist, xdist_cpu)
    table.other("  pytest -n auto vs plain pytest", f"{xdist / warm:.2f}x", f"CPU {xdist_cpu / warm_cpu:.2f}x; "
                + ("same verdicts" if not runs.differ else "VERDICTS DIFFER") + "; target: at most 1x")
    forced, forced_cpu = _median([r.seconds for r in runs.forced]), _median([r.cpu_seconds for r in runs.forced])
    table.time("pytest -n 2 (workers forced, cache warm)", forced, forced_cpu)
    table.other("  pytest -n 2 vs plain pytest", f"{forced / warm:.2f}x", f"CPU {forced_cpu / warm_cpu:.2f}x")
    empty, empty_cpu = _median([r.seconds for r in runs.empty]), _median([r.cpu_seconds for r in runs.empty])
    empty_n, empty_n_cpu = _median([r.seconds for r in runs.empty_forced]), _median([r.cpu_seconds for r in runs.empty_forced])
    table.time("pytest, one trivial test (same environment)", empty, empty_cpu)
    table.time("pytest -n 2, one trivial test (xdist's start-up)", empty_n, empty_n_cpu)
    table.other("  one trivial test: -n 2 vs plain", f"{empty_n / empty:.2f}x", f"CPU {empty_n_cpu / empty_cpu:.2f}x; +{empty_n - empty:.2f} s, "
                f"+{empty_n_cpu - empty_cpu:.2f} CPU-s")


def main(argv: list[str] | None = None) -> int:
    """Only the pytest figures, with the CLI figures they are held to: ``python3 -m benchmarks.pytest_runs``."""
    from benchmarks.corpus import Spec, default_base, ensure_corpus
    from benchmarks.run import FLOOR_SCRIPT, Table, check

    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.pytest_runs", description=main.__doc__)
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--mb", type=float, default=100.0, help="total size of the sources in MiB")
    parser.add_argument("--dir", type=Path, default=None, help=f"where corpora are kept (default: {default_base()})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per repeated figure (median)")
    parser.add_argument("--pytest-python", default=None, help="'current', a path, or by default the registry user's venv (see above)")
    args = parser.parse_args(argv)
    root = ensure_corpus(Spec(args.sources, args.claims, args.mb, 0.02, 1), args.dir)
    python = Path(sys.executable) if args.pytest_python == "current" else (Path(args.pytest_python) if args.pytest_python
                                                                           else user_python(args.dir or default_base()))
    print(f"corpus {root}; pytest runs with {python}")
    floor, _ = measure.best_of(args.repeat, lambda: measure.run([sys.executable, "-c", FLOOR_SCRIPT, str(root)]).seconds)
    shutil.rmtree(root / ".claimcheck-cache", ignore_errors=True)
    cold = check(root)
    warm = [check(root) for _ in range(args.repeat)]
    runs = measure_pytest(root, python, args.repeat)
    table = Table(floor, None)
    table.time("claimcheck check, cold (no cache yet)", cold.seconds, cold.cpu_seconds)
    table.time("claimcheck check, warm (nothing changed)", _median([r.seconds for r in warm]), _median([r.cpu_seconds for r in warm]))
    add_rows(table, runs, cold, warm)
    print(table.render())
    for key in runs.differ[:5]:
        print(f"PROBLEM: pytest -n auto and plain pytest disagree on {key}")
    return 1 if runs.differ else 0


if __name__ == "__main__":
    sys.exit(main())
