"""The benchmark: one command, every figure of issues 6 and 13, each with its ratios to the floor and both baselines.

    python3 -m benchmarks.run                      # 2,000 sources, 100 MB, 50,000 claims
    python3 -m benchmarks.run --sources 40 --claims 1000 --mb 2   # a quick look

The corpus is generated once per parameter set (see corpus.py) under
``$XDG_CACHE_HOME/claimcheck-benchmark/`` (or ``--dir``). Every command runs as a
separate process with the page cache warm; repeated figures are medians. Ratios
are to the floor measured as a process (Python starting, then reading and
decoding every source), which is what a ``claimcheck`` run is compared with;
the in-process floor is printed too. Exit 1 if the fast path and the naive
baseline disagree on any claim, if output differs with and without the cache,
or if ``pytest -n auto`` and a plain ``pytest`` disagree on any item.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks import documents, driftbench, measure, pytest_runs
from benchmarks.corpus import Spec, default_base, ensure_corpus, load_manifest

FLOOR_SCRIPT = """
import pathlib, sys
for p in sorted(pathlib.Path(sys.argv[1], "sources").glob("*.txt")):
    p.read_bytes().decode("utf-8")
"""


def floor_in_process(root: Path) -> float:
    started = time.perf_counter()
    for path in sorted((root / "sources").glob("*.txt")):
        path.read_bytes().decode("utf-8")
    return time.perf_counter() - started


def check(root: Path, *extra: str, sample: bool = False) -> measure.Run:
    return measure.run([sys.executable, "-m", "checker", "check", "--root", str(root), "--format", "json", *extra], sample=sample)


def verdicts_from_json(output: bytes) -> dict[str, str]:
    return {c["id"]: c["status"] for c in json.loads(output)["claims"]}


def _versus(baseline: float | None, seconds: float) -> str:
    if not baseline:
        return "-"
    return f"{baseline / seconds:.1f}x faster" if baseline >= seconds else f"{seconds / baseline:.1f}x slower"


class Table:
    """Rows of figures: each time with its ratio to the floor and to both baselines."""

    HEADER = ("figure", "measured", "vs floor", "vs naive baseline", "vs plain script", "CPU s (all processes)")

    def __init__(self, floor: float, baseline: float | None, plain: float | None = None) -> None:
        self.floor, self.baseline, self.plain = floor, baseline, plain
        self.rows: list[tuple[str, ...]] = [self.HEADER]

    def time(self, label: str, seconds: float, cpu: float | None = None) -> None:
        self.rows.append((label, f"{seconds:.3f} s", f"{seconds / self.floor:.2f}x floor", _versus(self.baseline, seconds),
                          _versus(self.plain, seconds), "" if cpu is None else f"{cpu:.2f}"))

    def other(self, label: str, value: str, ratio: str = "") -> None:
        self.rows.append((label, value, ratio, "", "", ""))

    def render(self) -> str:
        widths = [max(len(r[i]) for r in self.rows) for i in range(len(self.HEADER))]
        return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in self.rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=2000)
    parser.add_argument("--claims", type=int, default=50_000)
    parser.add_argument("--mb", type=float, default=100.0, help="total size of the sources in MiB")
    parser.add_argument("--drift", type=float, default=0.02, help="share of claims whose text is edited after pinning")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--dir", type=Path, default=None, help=f"where corpora are kept (default: {default_base()})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per repeated figure (median)")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure here")
    parser.add_argument("--html-pages", type=int, default=200, help="HTML pages in the documents share (benchmarks/documents.py)")
    parser.add_argument("--pdfs", type=int, default=60, help="PDFs (3 pages each) in the documents share")
    parser.add_argument("--pytest-python", default=None, help="interpreter for the pytest figures: 'current' (this one), a path, or "
                        "by default a venv with this checkout and pytest-xdist installed, as a registry's user has it (benchmarks/pytest_runs.py)")
    args = parser.parse_args(argv)

    spec = Spec(args.sources, args.claims, args.mb, args.drift, args.seed)
    started = time.perf_counter()
    root = ensure_corpus(spec, args.dir)
    manifest = load_manifest(root)
    print(f"corpus {root} ({time.perf_counter() - started:.1f} s to generate or find)")
    print(f"{manifest['sources']} sources, {int(manifest['source_bytes']) / 2**20:.1f} MiB, {manifest['claims']} claims, "
          f"{len(manifest['planted'])} edited after pinning")  # type: ignore[arg-type]
    facts = measure.machine()
    print(f"machine: {facts['cpus']} cores, {facts['cpu']}, Python {facts['python']}")
    problems: list[str] = []
    shutil.rmtree(root / ".claimcheck-cache", ignore_errors=True)

    floor_in_process(root)  # warm the page cache
    floor, _ = measure.best_of(args.repeat, lambda: floor_in_process(root))
    floor_process, _ = measure.best_of(args.repeat, lambda: measure.run([sys.executable, "-c", FLOOR_SCRIPT, str(root)]).seconds)

    with tempfile.TemporaryDirectory() as tmp:
        verdicts_file = Path(tmp, "baseline.json")
        baseline_run = measure.run([sys.executable, "-m", "benchmarks.baseline", str(root), str(verdicts_file)])
        baseline_memory = measure.run([sys.executable, "-m", "benchmarks.baseline", str(root), str(verdicts_file)], sample=True)
        phases = json.loads(baseline_run.stdout)
        baseline_verdicts = json.loads(verdicts_file.read_text())
        plain_file = Path(tmp, "plain.json")
        plain_runs = [measure.run([sys.executable, "-m", "benchmarks.plain", str(root), str(plain_file)]) for _ in range(args.repeat)]
        plain_verdicts = json.loads(plain_file.read_text())

    cold = check(root)
    warm_runs = [check(root) for _ in range(args.repeat)]
    edited: list[tuple[Path, bytes]] = []
    edit_runs = []
    try:
        for i in range(args.repeat):
            path = root / "sources" / f"src-{i + 1:04d}.txt"
            edited.append((path, path.read_bytes()))
            path.write_bytes(edited[-1][1] + b"\nA paragraph appended for the benchmark, far from any quote.\n")
            edit_runs.append(check(root))
    finally:
        for path, data in edited:
            path.write_bytes(data)
    uncached = check(root, "--no-cache")
    shutil.rmtree(root / ".claimcheck-cache", ignore_errors=True)
    cold_memory = check(root, sample=True)  # memory in runs of their own: sampling slows a run
    uncached_memory = check(root, "--no-cache", sample=True)

    for label, run in [("warm", warm_runs[-1]), ("after an edit", edit_runs[-1]), ("--no-cache", uncached)]:
        if run.stdout != cold.stdout:
            problems.append(f"JSON output of the {label} run differs from the cold run's")
    ours = verdicts_from_json(cold.stdout)
    disagree = sorted(cid for cid in set(ours) | set(baseline_verdicts) if ours.get(cid) != baseline_verdicts.get(cid))
    if disagree:
        problems.append(f"fast path and naive baseline disagree on {len(disagree)} claims, e.g. {disagree[:5]}")
    plain_disagree = sorted(cid for cid in set(ours) | set(plain_verdicts) if ours.get(cid) != plain_verdicts.get(cid))
    if plain_disagree:
        problems.append(f"fast path and plain script disagree on {len(plain_disagree)} claims, e.g. {plain_disagree[:5]}")

    drift = driftbench.measure(root, manifest["planted"])  # type: ignore[arg-type]

    python = Path(sys.executable) if args.pytest_python == "current" else (Path(args.pytest_python) if args.pytest_python
                                                                           else pytest_runs.user_python(args.dir or default_base()))
    pytest_figures = pytest_runs.measure_pytest(root, python, args.repeat)
    if pytest_figures.differ:
        problems.append(f"pytest -n auto and plain pytest disagree on {len(pytest_figures.differ)} items, e.g. {pytest_figures.differ[:5]}")

    def median(runs: list[measure.Run]) -> float:
        return sorted(r.seconds for r in runs)[len(runs) // 2]

    def median_cpu(runs: list[measure.Run]) -> float:
        return sorted(r.cpu_seconds for r in runs)[len(runs) // 2]

    warm_check = median(warm_runs)
    plain_seconds = median(plain_runs)
    table = Table(floor_process, baseline_run.seconds, plain_seconds)
    table.time("floor: read + decode every source (process)", floor_process)
    table.other("floor: read + decode every source (in-process)", f"{floor:.3f} s", f"{floor / floor_process:.2f}x floor")
    table.time("naive baseline (process)", baseline_run.seconds, baseline_run.cpu_seconds)
    table.other("  baseline phases", ", ".join(f"{k} {v:.2f}" if isinstance(v, float) else f"{k} {v}" for k, v in phases.items()))
    table.time("plain script of issue 13 (process, one core)", plain_seconds, median_cpu(plain_runs))
    table.time("claimcheck check, cold (no cache yet)", cold.seconds, cold.cpu_seconds)
    table.time("claimcheck check --no-cache", uncached.seconds, uncached.cpu_seconds)
    table.time("claimcheck check, warm (nothing changed)", warm_check, median_cpu(warm_runs))
    table.time("claimcheck check, after editing one source", median(edit_runs), median_cpu(edit_runs))
    size = int(manifest["source_bytes"])  # type: ignore[arg-type]
    for label, run in [("cold", cold_memory), ("--no-cache", uncached_memory), ("naive baseline", baseline_memory)]:
        table.other(f"peak memory, {label} (PSS, all processes)", f"{run.peak_pss / 2**20:.0f} MiB", f"{run.peak_pss / size:.2f}x sources")
    table.other("peak memory, cold (largest process RSS)", f"{cold.max_rss / 2**20:.0f} MiB", f"{cold.max_rss / size:.2f}x sources")
    for kind, label in [("drifted", "all drifted quotes"), ("large", "drifted quotes in sources >= 90 KB")]:
        table.other(f"drift diagnosis, {label}", f"median {drift.median(kind):.3f} ms, p95 {drift.p95(kind):.3f} ms",
                    f"{len(drift.times_ms[kind])} quotes")
    for kind, (hit, total) in sorted(drift.found.items()):
        table.other(f"planted {kind}: spot found", f"{hit}/{total}", f"{100 * hit / max(total, 1):.1f}%")
    pytest_runs.add_rows(table, pytest_figures, cold, warm_runs)
    table.other("verdicts: fast path vs naive baseline", f"{len(ours) - len(disagree)}/{len(ours)} agree")
    table.other("verdicts: fast path vs plain script", f"{len(ours) - len(plain_disagree)}/{len(ours)} agree")
    table.other("cold vs plain script", _versus(plain_seconds, cold.seconds), "wall time, same run")
    for label, value in documents.rows(args.html_pages, args.pdfs):
        table.other(label, value)
    print(table.render())
    if args.json:
        args.json.write_text(json.dumps({"machine": facts, "manifest": {k: v for k, v in manifest.items() if k != "planted"},
                                         "rows": table.rows, "problems": problems}, indent=1), encoding="utf-8")
    for problem in problems:
        print(f"PROBLEM: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
