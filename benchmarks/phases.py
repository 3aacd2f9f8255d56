"""Where the CPU of one ``claimcheck check`` goes, phase by phase (issue 13's breakdown).

    python3 -m benchmarks.phases ROOT                       # --no-cache, worker pools off: every cost in one process
    python3 -m benchmarks.phases ROOT --cache --workers     # a real cold run: the parent's phases, the workers' total

Runs ``checked_output`` (what ``claimcheck check`` runs) in this process with the
engine's phases wrapped by timers of ``time.process_time()`` (CPU seconds of this
process, every thread). A nested phase is listed under its parent, indented, and is
part of its time. With the pools off, the per-source work and the loading of claims
files run here too, so every cost can be attributed; with ``--workers`` the workers'
CPU is printed as one total. The wrappers are removed afterwards.
"""

from __future__ import annotations

import argparse
import functools
import resource
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import checker.commands.check as check_command
import checker.engine.check as engine_check
import checker.engine.parallel as parallel
import checker.registry.load as registry_load
import checker.reporters.assemble as assemble
import checker.store.database as database

# (module, attribute, label): a label with leading spaces is part of the phase above it.
PHASES: list[tuple[Any, str, str]] = [
    (engine_check, "load_registry", "loading the registry"),
    (registry_load, "load_yaml", "  YAML: libyaml's events, values and positions"),
    (registry_load, "_claim", "  the model (Claim, Evidence, positions)"),
    (engine_check, "static_results", "typing, support, conflicts, quality"),
    (engine_check, "type_claims", "  typing"),
    (engine_check, "support_findings", "  value support"),
    (engine_check, "find_conflicts", "  conflict rules"),
    (engine_check, "duplicate_facts", "  duplicate facts"),
    (engine_check, "vocabulary_usage", "  vocabulary usage"),
    (parallel.SourceRun, "__init__", "source keys (SourceRun start)"),
    (parallel.SourceRun, "outcomes", "per-source work (or waiting for its workers)"),
    (engine_check, "split", "report assembly: parts"),
    (engine_check, "claim_evidence", "report assembly: evidence by claim"),
    (engine_check, "_with_registry_requirements", "report assembly: registry requirements"),
    (assemble, "render_parts", "rendering"),
    (database.ResultCache, "get", "store: reading"),
    (database.ResultCache, "put", "store: keeping"),
    (database.ResultCache, "flush", "store: writing"),
]


def _timed(totals: dict[str, float], label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.process_time() - started

    return timed


@contextmanager
def instrumented(workers: bool) -> Iterator[dict[str, float]]:
    """Every phase of PHASES timed into the dict yielded; with ``workers`` False, no worker pool starts."""
    totals: dict[str, float] = defaultdict(float)
    with ExitStack() as patches:
        for owner, name, label in PHASES:
            if hasattr(owner, name):
                patches.enter_context(mock.patch.object(owner, name, _timed(totals, label, getattr(owner, name))))
        if not workers:
            patches.enter_context(mock.patch.object(parallel, "_fork_context", lambda: None))
        yield totals


def measure(root: Path, output_format: str = "json", cache: bool = False, workers: bool = False) -> tuple[dict[str, float], float, str]:
    """CPU seconds per phase, in all, and the output: of one check of ``root`` from an empty cache (or none)."""
    if cache:
        shutil.rmtree(root / ".claimcheck-cache", ignore_errors=True)
    with instrumented(workers) as totals:
        started = time.process_time()
        _, output = check_command.checked_output(root, output_format, None, use_cache=cache)
        total = time.process_time() - started
    return dict(totals), total, output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.phases", description=__doc__.split("\n\n")[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--format", default="json", choices=("json", "text", "github"))
    parser.add_argument("--cache", action="store_true", help="a cold run with the store (its directory is deleted first)")
    parser.add_argument("--workers", action="store_true", help="let the worker pools start, as a real run does")
    args = parser.parse_args(argv)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    totals, total, _ = measure(args.root, args.format, args.cache, args.workers)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _, _, label in PHASES:
        if label in totals:
            print(f"{totals[label]:8.2f}  {label}")
    print(f"{total:8.2f}  this process in all")
    worker_cpu = children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime
    if args.workers:
        print(f"{worker_cpu:8.2f}  worker processes in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
