"""Before and after in one run: this checkout's checker against another tree's, on one corpus.

    git archive main | tar -x -C /tmp/base         # the code to compare with
    python3 -m benchmarks.compare /tmp/base --sources 400 --claims 10000 --mb 20

On a shared machine, wall times of runs made minutes apart are not comparable;
here each state (cold, warm, after editing a source, pytest) is timed for both
trees back to back, ``--repeat`` times, alternating, and the medians and their
ratio are printed with CPU seconds beside them. The other tree's package is put
first on ``PYTHONPATH``, so both use this environment's dependencies.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from benchmarks import measure
from benchmarks.corpus import Spec, ensure_corpus

THIS_TREE = Path(__file__).resolve().parents[1]


def tree_env(tree: Path | None) -> dict[str, str]:
    """The environment that runs ``tree``'s checker (None: this checkout's).

    ``python -m`` puts the working directory first on ``sys.path``, ahead of ``PYTHONPATH``:
    run from a checkout, both trees would import that checkout's package (and an editable
    install may point at yet another). PYTHONSAFEPATH keeps the working directory off the
    path, so the tree named first on PYTHONPATH is the one that runs.
    """
    env = dict(os.environ, PYTHONSAFEPATH="1")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tree or THIS_TREE), env.get("PYTHONPATH", "")]))
    return env


def _states(root: Path, tree: Path | None, pytest_args: list[str]) -> dict[str, measure.Run]:
    env = tree_env(tree)
    check = [sys.executable, "-m", "checker", "check", "--root", str(root), "--format", "json"]
    shutil.rmtree(root / ".claimcheck-cache", ignore_errors=True)
    runs = {"cold": measure.run(check, env=env), "warm": measure.run(check, env=env)}
    source = root / "sources" / "src-0001.txt"
    original = source.read_bytes()
    try:
        source.write_bytes(original + b"\nA paragraph appended for the benchmark, far from any quote.\n")
        runs["after editing one source"] = measure.run(check, env=env)
    finally:
        source.write_bytes(original)
    runs["--no-cache"] = measure.run([*check, "--no-cache"], env=env)
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--claimcheck", *pytest_args, str(root)]
    runs["pytest (cache warm)"] = measure.run(pytest, cwd=root, env=env)
    return runs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="a tree holding the checker/ package to compare with")
    parser.add_argument("--sources", type=int, default=400)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--pytest-args", default="", help="extra pytest arguments for both trees, e.g. '-n auto'")
    args = parser.parse_args(argv)
    root = ensure_corpus(Spec(args.sources, args.claims, args.mb))
    print(f"corpus {root}; this tree vs {args.other}; {args.repeat} alternating rounds")
    results: dict[str, dict[str, list[measure.Run]]] = {"this": {}, "other": {}}
    outputs: set[bytes] = set()
    for _ in range(args.repeat):
        for name, tree in (("other", args.other.resolve()), ("this", None)):
            for state, run in _states(root, tree, args.pytest_args.split()).items():
                results[name].setdefault(state, []).append(run)
                if not state.startswith("pytest") and state != "after editing one source":
                    outputs.add(run.stdout)
    print(f"{'state':28} {'other s':>9} {'this s':>9} {'ratio':>7} {'other CPU':>10} {'this CPU':>9}")
    for state in results["this"]:
        (old, old_cpu), (new, new_cpu) = (measure.medians(results[name][state]) for name in ("other", "this"))
        print(f"{state:28} {old:9.2f} {new:9.2f} {old / new:6.2f}x {old_cpu:10.2f} {new_cpu:9.2f}")
    if len(outputs) != 1:
        print("PROBLEM: the JSON output differs between the trees or between cold, warm and --no-cache runs")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
