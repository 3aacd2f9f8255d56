"""``claimcheck check --scheduler``: the per-source work on a real Dask cluster gives a local run's output, byte for byte.

One ``distributed.LocalCluster`` for the session: two worker processes with one
thread each on 127.0.0.1, no dashboards. A scheduler plugin records every shard
task that finished and on which worker, so each test also shows that the work
really went to the cluster (a silent local fallback would pass the byte checks).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import SchedulerPlugin, WorkerPlugin

from benchmarks.corpus import Spec, generate
from checker.cli import main
from tests.conftest import FIXTURES, REPO, replace_in

SHARD = "claimcheck-shard-"


class ShardLog(SchedulerPlugin):
    """Every shard task that reached memory (finished), with the worker that ran it."""

    def __init__(self) -> None:
        self.done: list[tuple[str, str]] = []

    def transition(self, key: Any, start: str, finish: str, *args: Any, **kwargs: Any) -> None:
        if finish == "memory" and str(key).startswith(SHARD):
            self.done.append((str(key), str(kwargs.get("worker"))))


@pytest.fixture(scope="session")
def cluster() -> Iterator[tuple[str, ShardLog]]:
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address="127.0.0.1:0") as local:
        log = ShardLog()
        local.scheduler.add_plugin(log)
        yield local.scheduler_address, log


def mixed_registry(root: Path, unreadable: bool = False) -> Path:
    """Passing, drifted (a typo fixed in the source), missing, conflicting and acknowledged claims; optionally a missing source file."""
    shutil.copytree(FIXTURES / "drift", root)
    replace_in(root / "sources" / "report.txt", "emplys", "employs")
    claims = """claims:
  - id: trust-sites-closed
    statement: The trust closed all its sites in 2015.
    subject: trust
    property: chair-statement
    value: the trust closed all its sites
    evidence:
      - source: report
        quote: The trust closed all its sites in 2015
  - id: gazette-staff-2020
    statement: The gazette counted 250 staff at the trust in 2020.
    subject: trust
    property: staff
    value: 250
    as_of: "2020"
    evidence:
      - source: gazette
        quote: The gazette counted 250 staff at the trust
"""
    if unreadable:
        claims += """  - id: trust-staff-lost
    statement: The trust employed 200 staff in 2018.
    subject: trust
    property: staff
    value: 200
    as_of: "2018"
    evidence:
      - source: lost
        quote: The trust employed 200 staff
"""
        with (root / "sources" / "catalog.yaml").open("a", encoding="utf-8") as catalog:
            catalog.write('  - id: lost\n    path: lost.txt\n    title: A report nobody kept\n    publisher: Riverside Trust\n'
                          '    kind: report\n    published: "2019-01-01"\n    precision: day\n')
    (root / "claims" / "extra.yaml").write_text(claims, encoding="utf-8")
    return root


def check(capsys: pytest.CaptureFixture[str], root: Path, *options: str) -> tuple[int, str, str]:
    code = main(["check", "--root", str(root), *options])
    out, err = capsys.readouterr()
    return code, out, err


def rules(output: str) -> set[str]:
    return {f["rule"] for f in json.loads(output)["findings"]}


def remote_equals_local(capsys: pytest.CaptureFixture[str], root: Path, address: str, log: ShardLog, *options: str) -> tuple[int, str]:
    """Run locally and on the cluster (no cache either time); the two must agree byte for byte, and shards must have run."""
    local = check(capsys, root, "--no-cache", *options)
    before = len(log.done)
    remote = check(capsys, root, "--no-cache", "--scheduler", address, *options)
    assert remote == local
    assert len(log.done) > before
    return local[0], local[1]


@pytest.mark.parametrize("output_format", ["text", "json", "github"])
def test_cluster_output_is_byte_identical_to_a_local_run(tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: tuple[str, ShardLog],
                                                          output_format: str) -> None:
    root = mixed_registry(tmp_path / "mixed")
    code, out = remote_equals_local(capsys, root, *cluster, "--format", output_format)
    assert code == 1
    if output_format == "json":
        assert rules(out) >= {"quote-missing", "conflict", "conflict-acknowledged"}
        assert json.loads(out)["summary"]["passed"] > 0


def test_an_unreadable_source_is_reported_as_locally(tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: tuple[str, ShardLog]) -> None:
    code, out = remote_equals_local(capsys, mixed_registry(tmp_path / "mixed", unreadable=True), *cluster, "--format", "json")
    assert code == 2 and "source-unreadable" in rules(out)


def test_html_and_pdf_sources_are_extracted_on_the_workers_as_locally(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                      cluster: tuple[str, ShardLog]) -> None:
    root = tmp_path / "documents"
    shutil.copytree(FIXTURES / "documents", root)
    code, out = remote_equals_local(capsys, root, *cluster, "--format", "json")
    assert code == 0 and {c["status"] for c in json.loads(out)["claims"]} == {"pass"}


def test_many_shards_stream_back_and_are_gathered_by_source(tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: tuple[str, ShardLog]) -> None:
    """More shards than the window in flight (2 per worker thread): refilled as shards complete, in any order."""
    generate(Spec(sources=16, claims=160, megabytes=0.2, drift=0.1, seed=11), tmp_path / "corpus", workers=1)
    address, log = cluster
    before = len(log.done)
    code, out = remote_equals_local(capsys, tmp_path / "corpus", address, log, "--format", "json")
    assert code == 1 and "quote-missing" in rules(out)
    assert len(log.done) - before > 4


def test_outcomes_computed_remotely_go_into_the_local_cache(tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: tuple[str, ShardLog]) -> None:
    address, log = cluster
    root = mixed_registry(tmp_path / "mixed")
    first = check(capsys, root, "--scheduler", address)
    shards = len(log.done)
    # Another format misses the rendered-output cache but finds every source's outcome: nothing is sent to the cluster.
    remote_json = check(capsys, root, "--scheduler", address, "--format", "json")
    assert len(log.done) == shards
    assert check(capsys, root, "--format", "json") == remote_json
    assert first == check(capsys, root, "--no-cache")
    # A small edit of one source is verified here (the after-edit path: shipping it costs more); the rest comes from the cache.
    replace_in(root / "sources" / "gazette.txt", "every library", "each library")
    edited = check(capsys, root, "--scheduler", address, "--format", "json")
    assert len(log.done) == shards
    assert edited == check(capsys, root, "--no-cache", "--format", "json")
    # The claims changed too: a whole run, where only the sources those claims cite go to the cluster.
    replace_in(root / "claims" / "gazette.yaml", "set up in 2012.", "set up in 2012, by its own account.")
    assert check(capsys, root, "--scheduler", address, "--format", "json") == check(capsys, root, "--no-cache", "--format", "json")
    assert len(log.done) - shards == 1


class KillFirstShard(WorkerPlugin):
    """On a worker: the process exits as it starts the first shard of the run (first across workers: an O_EXCL flag file)."""

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if finish == "executing" and str(key).startswith(SHARD):
            try:
                os.close(os.open(self.flag, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return
            os._exit(1)


def test_a_worker_that_dies_mid_shard_is_replaced_and_the_output_is_unchanged(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                               cluster: tuple[str, ShardLog]) -> None:
    address, log = cluster
    root = mixed_registry(tmp_path / "mixed")
    local = check(capsys, root, "--no-cache", "--format", "json")
    flag = tmp_path / "killed"
    before = len(log.done)
    with Client(address, set_as_default=False) as client:
        register = getattr(client, "register_plugin", None) or client.register_worker_plugin  # register_plugin since 2023.9
        register(KillFirstShard(str(flag)), name="kill-first-shard")
        try:
            remote = check(capsys, root, "--no-cache", "--format", "json", "--scheduler", address)
        finally:
            client.unregister_worker_plugin("kill-first-shard")
        client.wait_for_workers(2, timeout=120)  # the nanny restarts the dead worker for the next tests
    assert flag.exists()  # a worker did die running a shard
    assert remote == local and len(log.done) > before


def test_pytest_plugin_runs_the_check_on_the_cluster(pytester: pytest.Pytester, cluster: tuple[str, ShardLog]) -> None:
    address, log = cluster
    mixed_registry(pytester.path / "reg")
    local = pytester.runpytest("--claimcheck-root", "reg", "--claimcheck-no-cache", "reg/claims", "reg/sources/catalog.yaml")
    before = len(log.done)
    remote = pytester.runpytest("--claimcheck-root", "reg", "--claimcheck-no-cache", "--claimcheck-scheduler", address,
                                "reg/claims", "reg/sources/catalog.yaml")
    assert len(log.done) > before
    assert remote.parseoutcomes() == local.parseoutcomes() and local.parseoutcomes()["failed"] > 0
    failing = sorted(line for line in local.outlines if line.startswith("FAILED"))
    assert failing and sorted(line for line in remote.outlines if line.startswith("FAILED")) == failing


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_unreachable_scheduler_is_one_located_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    address = f"tcp://127.0.0.1:{closed_port()}"
    code, out, err = check(capsys, mixed_registry(tmp_path / "mixed"), "--scheduler", address)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"claimcheck: error: --scheduler {address}: cannot reach the scheduler")
    code, out, err = check(capsys, tmp_path / "mixed", "--scheduler", "no-port-here")
    assert (code, out) == (2, "") and err.count("\n") == 1 and "--scheduler no-port-here: not a scheduler address" in err


def test_pytest_plugin_unreachable_scheduler_is_a_usage_error(pytester: pytest.Pytester) -> None:
    mixed_registry(pytester.path / "reg")
    address = f"tcp://127.0.0.1:{closed_port()}"
    result = pytester.runpytest("--claimcheck-root", "reg", "--claimcheck-scheduler", address, "reg/claims")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines([f"ERROR: claimcheck: --claimcheck-scheduler {address}: cannot reach the scheduler*"])
    assert "Traceback" not in result.stderr.str()



def test_pytest_plugin_shows_an_ini_scheduler_address_escaped(pytester: pytest.Pytester) -> None:
    """A pull request can set the ini option: its text must not reach the terminal or CI log raw."""
    mixed_registry(pytester.path / "reg")
    pytester.makeini("[pytest]\nclaimcheck_scheduler = tcp://\x1b]0;owned\x07host:1\n")
    result = pytester.runpytest("--claimcheck-root", "reg", "reg/claims")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "\x1b" not in result.stderr.str() and "\x07" not in result.stderr.str()
    result.stderr.fnmatch_lines(["ERROR: claimcheck: --claimcheck-scheduler tcp://*owned*"])

BLOCK_DASK = """
import importlib.abc, sys
class NoDask(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('dask', 'distributed'):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NoDask())
from checker.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_without_the_extra_scheduler_names_the_pip_command(tmp_path: Path) -> None:
    """As if Dask were not installed: an import hook refuses it (our code runs unchanged)."""
    root = mixed_registry(tmp_path / "mixed")
    done = subprocess.run([sys.executable, "-c", BLOCK_DASK, "check", "--root", str(root), "--scheduler", "tcp://127.0.0.1:8786"],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONUTF8": "1"}, timeout=120)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.count("\n") == 1 and "pip install 'claimcheck[distributed]'" in done.stderr
    assert done.stderr.startswith("claimcheck: error: --scheduler tcp://127.0.0.1:8786: Dask is not installed")
    # and without --scheduler, a check never needs it
    local = subprocess.run([sys.executable, "-c", BLOCK_DASK, "check", "--root", str(root), "--format", "json"],
                           capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONUTF8": "1"}, timeout=120)
    assert local.returncode == 1 and "quote-missing" in rules(local.stdout)


def test_dask_is_imported_only_with_scheduler(tmp_path: Path) -> None:
    root = mixed_registry(tmp_path / "mixed")
    probe = ("import sys, contextlib, io\nfrom checker.cli import main\nwith contextlib.redirect_stdout(io.StringIO()):\n"
             f"    main(['check', '--root', {str(root)!r}, '--no-cache'])\n"
             "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.stdout.strip() == "[]", done.stderr
