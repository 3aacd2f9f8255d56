"""``claimcheck check --scheduler`` measured: worker throughput, memory per shard, overhead against the local pool.

    python3 -m benchmarks.distributed                          # 400 sources, 20 MiB, 10,000 claims; 2 workers
    python3 -m benchmarks.distributed --workers 1 --repeat 3   # what one worker handles

Starts a scheduler and ``--workers`` worker processes (one thread each) with the
``dask scheduler`` / ``dask worker`` commands on 127.0.0.1, exactly as the README
does, and times ``claimcheck check --no-cache --format json`` locally (the forked
pool) and with ``--scheduler``, alternating, after one warm-up run on the cluster.
CPU seconds are counted per process: the client (the command), every worker
(read from the worker processes before and after each run) and the scheduler,
so the figures hold on a shared machine, where wall times swing with the load.
Also measured in this process: the peak memory (tracemalloc) of verifying one
shard of ``SHARD_BYTES`` and the pickled sizes of a shard and of its result.
Exits 1 if the cluster's JSON output differs from the local one.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from benchmarks import measure
from benchmarks.corpus import Spec, ensure_corpus
from checker.documents import read_source_bytes
from checker.engine.distributed import SHARD_BYTES, Shard, verify_shard
from checker.engine.parallel import _REFUSED, _batches, _Task, citations_by_source, source_size
from checker.engine.sourcework import SourceWork
from checker.registry import load_registry
from checker.store import code_version

MB = 1e6


def _cpu() -> float:
    import psutil

    times = psutil.Process().cpu_times()
    return float(times.user + times.system)


def _rss() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def start_cluster(workers: int, directory: Path) -> tuple[str, list[subprocess.Popen[bytes]]]:
    """``dask scheduler`` and ``dask worker`` as the README starts them (on a free port, found through a scheduler file)."""
    dask = str(Path(sys.executable).with_name("dask"))
    scheduler_file = directory / "scheduler.json"
    logs = (directory / "scheduler.log").open("wb"), (directory / "workers.log").open("wb")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}  # this checkout, as the client runs it
    scheduler = subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--dashboard-address", "127.0.0.1:0",
                                  "--scheduler-file", str(scheduler_file)], stdout=logs[0], stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 120
    while not scheduler_file.is_file() and time.monotonic() < deadline:
        time.sleep(0.2)
    address = json.loads(scheduler_file.read_text())["address"]
    worker = subprocess.Popen([dask, "worker", address, "--nworkers", str(workers), "--nthreads", "1", "--host", "127.0.0.1",
                               "--no-dashboard"], stdout=logs[1], stderr=subprocess.STDOUT, env=env)
    return address, [worker, scheduler]


def cpu_by_process(client: Any) -> dict[str, float]:
    return {"scheduler": client.run_on_scheduler(_cpu), **{f"worker {w}": cpu for w, cpu in client.run(_cpu).items()}}


def shard_memory(root: Path) -> dict[str, float]:
    """Verify the biggest shard of SHARD_BYTES in this process: peak Python allocation, pickled sizes, sources and quotes."""
    registry = load_registry(root)
    cited = citations_by_source(registry, range(len(registry.claims)))
    tasks = [_Task(SourceWork.of(registry, sid, tuple(cited.get(sid, ()))), "", _REFUSED) for sid in sorted(registry.sources)]
    sizes = {t.source_id: source_size(root, registry.sources[t.source_id].path) for t in tasks}
    batch = _batches(tasks, sizes, SHARD_BYTES)[0]
    shard = Shard(code_version(), tuple((task.work, read_source_bytes(root, task.work.entry)) for task in batch))
    verify_shard(shard)  # warm: regex classes and other per-process tables are built once, not per shard
    tracemalloc.start()
    result = verify_shard(shard)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"sources": len(batch), "quotes": sum(len(t.work.citations) for t in batch), "source_mb": sum(sizes[t.source_id] for t in batch) / MB,
            "peak_mb": peak / MB, "shard_pickle_mb": len(pickle.dumps(shard)) / MB, "result_pickle_mb": len(pickle.dumps(result)) / MB}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m benchmarks.distributed", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, default=400)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--mb", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    from distributed import Client

    root = ensure_corpus(Spec(args.sources, args.claims, args.mb))
    manifest = json.loads((root / "manifest.json").read_text())
    source_mb, quotes = manifest["source_bytes"] / MB, sum(len(c.evidence) for c in load_registry(root).claims)
    print(f"corpus {root}: {args.sources} sources, {source_mb:.1f} MB, {manifest['claims']} claims, {quotes} quotes; {args.workers} workers")
    shard = shard_memory(root)
    print(f"one shard of SHARD_BYTES: {shard['sources']} sources, {shard['source_mb']:.1f} MB, {shard['quotes']} quotes; peak allocation "
          f"{shard['peak_mb']:.1f} MB; pickled shard {shard['shard_pickle_mb']:.1f} MB, result {shard['result_pickle_mb']:.2f} MB")
    check = [sys.executable, "-m", "checker", "check", "--root", str(root), "--no-cache", "--format", "json"]
    directory = Path(tempfile.mkdtemp(prefix="claimcheck-dask-bench."))
    address, processes = start_cluster(args.workers, directory)
    figures: dict[str, Any] = {"corpus": {"sources": args.sources, "mb": source_mb, "claims": manifest["claims"], "quotes": quotes},
                               "workers": args.workers, "shard": shard, "machine": measure.machine(), "local": [], "remote": []}
    try:
        with Client(address, set_as_default=False) as client:
            client.wait_for_workers(args.workers, timeout=120)
            started = time.perf_counter()
            warm_up = measure.run([*check, "--scheduler", address])
            print(f"first run on fresh workers (imports, code hash): {time.perf_counter() - started:.1f} s")
            outputs = {warm_up.stdout}
            for _ in range(args.repeat):
                local = measure.run(check)
                before = cpu_by_process(client)
                remote = measure.run([*check, "--scheduler", address])
                after = cpu_by_process(client)
                spent = {name: after[name] - before[name] for name in after}
                workers_cpu = sum(v for k, v in spent.items() if k.startswith("worker"))
                figures["local"].append({"wall": local.seconds, "cpu": local.cpu_seconds})
                figures["remote"].append({"wall": remote.seconds, "client_cpu": remote.cpu_seconds, "workers_cpu": workers_cpu,
                                          "scheduler_cpu": spent["scheduler"]})
                outputs |= {local.stdout, remote.stdout}
                print(f"local pool: {local.seconds:.1f} s wall, {local.cpu_seconds:.1f} CPU-s | cluster: {remote.seconds:.1f} s wall, client "
                      f"{remote.cpu_seconds:.1f} + workers {workers_cpu:.1f} + scheduler {spent['scheduler']:.2f} CPU-s")
            figures["worker_rss_mb"] = {w: rss / MB for w, rss in client.run(_rss).items()}
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
        shutil.rmtree(directory, ignore_errors=True)
    workers_cpu = statistics.median(r["workers_cpu"] for r in figures["remote"])
    figures["per_worker_cpu_second"] = {"mb": source_mb / workers_cpu, "quotes": quotes / workers_cpu, "claims": manifest["claims"] / workers_cpu}
    print(f"per worker CPU-second (median of {args.repeat}): {source_mb / workers_cpu:.2f} MB of sources, {quotes / workers_cpu:.0f} quotes, "
          f"{manifest['claims'] / workers_cpu:.0f} claims")
    print(f"worker RSS after the runs: {', '.join(f'{v:.0f} MB' for v in figures['worker_rss_mb'].values())}")
    for name in ("local", "remote"):
        runs = figures[name]
        figures[f"{name}_median"] = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
    print("medians:", json.dumps({k: {m: round(v, 2) for m, v in figures[f"{k}_median"].items()} for k in ("local", "remote")}))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    if len(outputs) != 1:
        print("PROBLEM: the JSON output on the cluster differs from the local one")
        return 1
    print("JSON output: cluster = local (byte-identical)")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    sys.exit(main())
