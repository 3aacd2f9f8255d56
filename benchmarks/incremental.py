"""Warm and after-edit runs (issue 13, targets 2 and 3) of this checkout and another tree, alternating.

    git archive main | tar -x -C /tmp/base
    python3 -m benchmarks.incremental /tmp/base --sources 1000 --claims 25000 --mb 51 --repeat 5

``benchmarks.compare`` times every state and builds the store again for each round (a cold run each time);
this builds it once per tree, on a private copy of the corpus per tree (two trees' runs on one store would
replace each other's rows: the store holds one layout, and a run of another checker version makes the next
run after an edit check whole), then alternates the trees: a warm run of each, then a run of each after
appending a paragraph to the same source (a new paragraph every round). CPU seconds (user + system) are the
figures to compare on a shared machine; the floor (a process reading and decoding every source) is timed in
the same rounds. The JSON output must be the same for every run of both trees.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks import measure
from benchmarks.compare import tree_env
from benchmarks.corpus import Spec, ensure_corpus
from benchmarks.run import FLOOR_SCRIPT

EDITED = Path("sources") / "src-0001.txt"


def _check(root: Path, tree: Path | None) -> measure.Run:
    """A run of ``tree``'s checker (None: this checkout's), whatever the working directory (``compare.tree_env``)."""
    return measure.run([sys.executable, "-m", "checker", "check", "--root", str(root), "--format", "json"], env=tree_env(tree))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.incremental", description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="a tree holding the checker/ package to compare with")
    parser.add_argument("--sources", type=int, default=400)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    corpus = ensure_corpus(Spec(args.sources, args.claims, args.mb))
    trees = {"other": args.other.resolve(), "this": None}
    runs: dict[str, dict[str, list[measure.Run]]] = {name: {"warm": [], "after editing one source": []} for name in trees}
    floor: list[measure.Run] = []
    outputs: set[bytes] = set()
    with tempfile.TemporaryDirectory(prefix="claimcheck-incremental-") as tmp:
        roots = {name: Path(tmp, name) for name in trees}
        for name, tree in trees.items():
            shutil.copytree(corpus, roots[name], ignore=shutil.ignore_patterns(".claimcheck-cache"))
            outputs.add(_check(roots[name], tree).stdout)  # builds the store
        original = (corpus / EDITED).read_bytes()
        print(f"corpus {corpus} (copied per tree); this tree vs {args.other}; {args.repeat} alternating rounds")
        for round_ in range(args.repeat):
            floor.append(measure.run([sys.executable, "-c", FLOOR_SCRIPT, str(corpus)]))
            for name, tree in trees.items():
                runs[name]["warm"].append(_check(roots[name], tree))
            for name, tree in trees.items():
                (roots[name] / EDITED).write_bytes(original + f"\nA paragraph appended for the benchmark, round {round_}.\n".encode())
                runs[name]["after editing one source"].append(_check(roots[name], tree))
            outputs.update(r.stdout for by_state in runs.values() for state in by_state.values() for r in state[-1:])
    floor_s, floor_cpu = measure.medians(floor)
    print(f"floor (process reading and decoding every source): {floor_s:.3f} s, {floor_cpu:.3f} CPU-s")
    print(f"{'state':28} {'other CPU':>10} {'this CPU':>9} {'ratio':>7} {'this/floor CPU':>15} {'other s':>8} {'this s':>8}")
    for state in runs["this"]:
        (old_s, old), (new_s, new) = (measure.medians(runs[name][state]) for name in ("other", "this"))
        print(f"{state:28} {old:10.3f} {new:9.3f} {old / new:6.2f}x {new / floor_cpu:14.2f}x {old_s:8.2f} {new_s:8.2f}")
    if len(outputs) != 1:
        print("PROBLEM: the JSON output differs between the trees or between runs")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
