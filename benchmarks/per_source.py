"""The per-source pipeline alone, in CPU seconds per 100 sources: read and decode, normalise, verify quotes.

    python3 -m benchmarks.per_source ROOT          # e.g. a corpus made by benchmarks.run or benchmarks.compare
    PYTHONPATH=/tmp/base python3 benchmarks/per_source.py ROOT    # another tree's checker, for before/after

"verify quotes" includes building whatever offset maps the quotes need (all of each source's before
issue 13's lazy map, only the blocks around matches since). Each figure is the minimum of three rounds
in one process (CPU time, not wall: the machine is shared).
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

from checker.documents import SourceText
from checker.documents.catalog import decode_source
from checker.engine.parallel import citations_by_source
from checker.quotes import CitedQuote, verify_evidence
from checker.registry import load_registry


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.per_source", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    root = parser.parse_args(argv).root
    gc.disable()
    registry = load_registry(root)
    cited = citations_by_source(registry, range(len(registry.claims)))
    ids = sorted(registry.sources)
    paths = {sid: root / "sources" / registry.sources[sid].path for sid in ids}
    rounds: dict[str, list[float]] = {"read+decode": [], "normalise": [], "verify quotes": []}
    for _ in range(3):
        started = time.process_time()
        decoded = {sid: decode_source(paths[sid].read_bytes()) for sid in ids}
        rounds["read+decode"].append(time.process_time() - started)
        started = time.process_time()
        texts = {sid: SourceText(sid, sid, decoded[sid]) for sid in ids}
        rounds["normalise"].append(time.process_time() - started)
        started = time.process_time()
        for sid in ids:
            for ci, ei in cited.get(sid, ()):
                verify_evidence(CitedQuote.of(registry.claims[ci], ei), registry.sources[sid], texts[sid])
        rounds["verify quotes"].append(time.process_time() - started)
        del texts, decoded
    scale = 100 / len(ids)
    quotes = sum(len(c) for c in cited.values())
    print(", ".join(f"{name} {min(times) * scale:.3f}" for name, times in rounds.items()),
          f"CPU-s per 100 sources ({len(ids)} sources, {quotes} quotes)")


if __name__ == "__main__":
    main()
