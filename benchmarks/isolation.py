"""What the bounded child process costs a normal extraction: the fixture HTML page and PDF, in a child and in-process.

    python3 -m benchmarks.isolation

Each document is extracted 20 times each way; CPU is this process's and its
children's user + system time (the child's own work included), per extraction.
Only an extraction the cache does not hold pays it: a warm run forks nothing.
"""

from __future__ import annotations

import resource
import time
from pathlib import Path

from checker.documents import formats
from checker.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"
SOURCES = ("gazette-2025-library-hours", "northfield-2025-annual-report")
ROUNDS = 20


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    entries = load_registry(ROOT).sources
    for source_id in SOURCES:
        entry = entries[source_id]
        data = (ROOT / "sources" / entry.path).read_bytes()
        kind = formats.document_kind(entry.path)
        formats._extract(kind, data, entry)  # imports paid before timing
        for label, work in (("in-process", formats._extract), ("isolated", formats.extract_layers)):
            wall, cpu = time.perf_counter(), cpu_seconds()
            for _ in range(ROUNDS):
                work(kind, data, entry)
            print(f"{entry.path:40} {label:10} wall {1000 * (time.perf_counter() - wall) / ROUNDS:6.1f} ms"
                  f"  cpu {1000 * (cpu_seconds() - cpu) / ROUNDS:6.1f} ms per extraction")


if __name__ == "__main__":
    main()
