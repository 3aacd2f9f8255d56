"""CPU seconds of the registry side of a check, this checkout against another tree, alternating.

    git archive main | tar -x -C /tmp/base
    python3 -m benchmarks.registry_side CORPUS_ROOT /tmp/base --rounds 7

Each round runs, for each tree in a fresh process with that tree first on ``PYTHONPATH``,
``load_registry`` (claims files loaded in that process: no workers) and ``static_results``
(typing, value support, conflicts, quality, the sources' signatures), each timed with
``time.process_time()``; the minimum and median of each are printed. On a shared
machine the minimum is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

THIS_TREE = Path(__file__).resolve().parents[1]
_ONE_RUN = """
import gc, json, sys, time
from pathlib import Path
gc.disable()  # as in a run (engine.check.cycle_collector_paused)
from checker.engine.check import static_results
from checker.registry import load_registry
started = time.process_time()
registry = load_registry(Path(sys.argv[1]))
loaded = time.process_time()
static_results(registry)
print(json.dumps({"load_registry": loaded - started, "static_results": time.process_time() - loaded}))
"""


def one_run(root: Path, tree: Path) -> dict[str, float]:
    env = dict(os.environ, PYTHONSAFEPATH="1", PYTHONPATH=os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH", "")])))
    done = subprocess.run([sys.executable, "-c", _ONE_RUN, str(root)], env=env, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.registry_side", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path, help="a registry (e.g. a benchmark corpus)")
    parser.add_argument("other", type=Path, help="a tree holding the checker/ package to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    trees = {"other": args.other.resolve(), "this": THIS_TREE}
    times: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    for _ in range(args.rounds):
        for name, tree in trees.items():
            for phase, seconds in one_run(args.root, tree).items():
                times[name].setdefault(phase, []).append(seconds)
    print(f"{'CPU s, min / median':24} {'other':>13} {'this':>13}")
    for phase in times["this"]:
        cells = [f"{min(times[n][phase]):5.2f} / {statistics.median(times[n][phase]):5.2f}" for n in trees]
        print(f"{phase:24} {cells[0]:>13} {cells[1]:>13}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
