"""Timing and memory of a command, and the machine it ran on.

``run`` starts a command, samples the proportional set size (PSS, from
``/proc/<pid>/smaps_rollup``) of it and of every process it starts, every
``SAMPLE_SECONDS``, and returns the wall time and the peak of the sum. PSS
shares a page among the processes that map it, so forked workers are not
counted twice; ``max_rss`` (from ``wait4``) is the largest single process, exact.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02


@dataclass(frozen=True)
class Run:
    seconds: float
    exit_code: int
    peak_pss: int
    """Bytes: the largest sampled sum of PSS over the process tree."""
    max_rss: int
    """Bytes: the largest resident set of one process of the tree (exact)."""
    stdout: bytes
    cpu_seconds: float = 0.0
    """User + system time of the process and every child it waited for: steadier than wall time on a shared machine."""


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    stat = handle.read()
            except OSError:
                continue
            if int(stat[stat.rindex(b")") + 2 :].split()[1]) == pid:
                found.append(int(entry))
    return found


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _tree_pss(pid: int) -> int:
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += _pss(current)
        stack.extend(_children(current))
    return total


def run(command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None, stdin: bytes | None = None,
        sample: bool = False) -> Run:
    """Run a command; with ``sample``, also sample the PSS of its process tree.

    Sampling reads /proc/<pid>/smaps_rollup (and scans /proc for children) every
    20 ms, which slows a large process by a third: timed runs are never sampled,
    memory is measured in runs of their own.
    """
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = [0]
    stop = threading.Event()

    def sample_pss() -> None:
        while not stop.is_set():
            peak[0] = max(peak[0], _tree_pss(process.pid))
            stop.wait(SAMPLE_SECONDS)

    sampler = threading.Thread(target=sample_pss, daemon=True)
    if sample:
        sampler.start()
    outputs: dict[str, bytes] = {}
    readers = [threading.Thread(target=lambda name=name, stream=stream: outputs.__setitem__(name, stream.read()))
               for name, stream in (("out", process.stdout), ("err", process.stderr))]
    for reader in readers:
        reader.start()
    if stdin is not None and process.stdin is not None:
        process.stdin.write(stdin)
        process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)  # wait4, not wait: it gives this child's own peak RSS
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    for reader in readers:
        reader.join()
    stop.set()
    if sample:
        sampler.join()
    if process.returncode not in (0, 1):
        err = outputs.get("err", b"").decode(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}: {err}")
    return Run(seconds, process.returncode, peak[0], usage.ru_maxrss * 1024, outputs.get("out", b""), usage.ru_utime + usage.ru_stime)


def medians(runs: Iterable[Run]) -> tuple[float, float]:
    """The median wall time and the median CPU seconds of some runs of one state."""
    listed = list(runs)
    return statistics.median(r.seconds for r in listed), statistics.median(r.cpu_seconds for r in listed)


def best_of(repeat: int, measure: Callable[[], float]) -> tuple[float, list[float]]:
    """Median of ``repeat`` measurements, and all of them."""
    times = [measure() for _ in range(repeat)]
    return statistics.median(times), times


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": str(os.cpu_count()), "cpu": model, "python": platform.python_version(), "system": platform.platform()}
