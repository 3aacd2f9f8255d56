"""Quote verification on a Dask cluster: ``claimcheck check --scheduler tcp://HOST:PORT``.

The unit of work is the local pool's (parallel.py): one source with every quote
that cites it (``sourcework.SourceWork``), verified by the same function
(``verify_source_bytes``, of picklable values only). Sources are sharded into
batches of at most ``SHARD_BYTES`` (big first, as locally) and each shard is one
Dask task. This process (the client) reads every source's bytes itself, through
the same bounded, symlink-refusing read as a local run, and ships them with the
quotes that cite them: workers never open the registry's files, so
they need no shared file system and a catalog path cannot point them anywhere.
At most ``SHARDS_PER_THREAD`` shards per worker thread are in flight, so the
client holds a bounded number of shards' bytes; outcomes are handed back as the
shards complete (``as_completed``) and the caller gathers them by source id.

Dask is imported only by ``connect``, which only ``--scheduler`` calls: the
checker's start-up time does not change when the extra is installed.
"""

from __future__ import annotations

import hashlib
import socket
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.documents import SourceError, read_source_bytes
from checker.engine.extractions import ExtractionCache
from checker.engine.parallel import _REFUSED, _batches, _Task, still_as_hashed
from checker.engine.sourcework import SourceOutcome, SourceWork, verify_source_bytes, verify_source_file
from checker.store import code_version

if TYPE_CHECKING:
    from distributed import Client, Future

INSTALL_HINT = "pip install 'claimcheck[distributed]'"
CONNECT_SECONDS = 10.0
"""How long to wait for the scheduler to answer, and then for a first worker to join."""
SHARDS_PER_THREAD = 2
"""Shards in flight per worker thread: enough to keep every worker busy while results travel back."""
SHARD_BYTES = 8 << 20
"""Source bytes per shard at most; fewer when that gives each worker thread fewer than ``SHARDS_PER_THREAD * 2`` shards."""

Fresh = dict[str, tuple[str, Any]]
"""New HTML/PDF extractions a worker made (ExtractionCache.take_fresh), for the client's cache."""
Result = tuple[SourceOutcome, bool, Fresh]
"""A source's outcome, whether its file still held the bytes its cache key was made from, new extractions."""


class SchedulerError(Exception):
    """The cluster cannot be used (not installed, unreachable, no workers, a worker kept dying): one line, exit 2.

    The message does not name the address: the caller prefixes the option that gave it."""


class CodeMismatch(Exception):
    """Raised on a worker whose claimcheck differs from the client's: its results would not be ours."""


@dataclass(frozen=True)
class Shard:
    """What one task needs: each of the shard's sources with the quotes citing it, and the bytes the client read."""

    code: str
    """The client's code_version(): a worker running other code refuses the shard."""
    sources: tuple[tuple[SourceWork, bytes], ...]


def verify_shard(shard: Shard) -> list[tuple[SourceOutcome, str, Fresh]]:
    """On a worker: each source verified by the same function as a local run; its bytes' sha256 and new extractions."""
    if shard.code != code_version():
        raise CodeMismatch(f"this worker runs claimcheck code {code_version()[:12]}, the client {shard.code[:12]}")
    extractions = ExtractionCache(None)  # nothing to look up here; what is extracted goes back to the client's cache
    return [(verify_source_bytes(work, data, extractions), hashlib.sha256(data).hexdigest(), extractions.take_fresh())
            for work, data in shard.sources]


@dataclass(frozen=True)
class Cluster:
    """A connection to a running Dask scheduler with at least one worker (see ``connect``)."""

    address: str
    client: Client

    def start(self, root: Path, tasks: list[_Task], sizes: dict[str, int]) -> ClusterRun:
        return ClusterRun(self, root, tasks, sizes)

    def close(self) -> None:
        self.client.close()


class ClusterRun:
    """Shards submitted a window at a time; ``results()`` yields each source's outcome as its shard completes."""

    def __init__(self, cluster: Cluster, root: Path, tasks: list[_Task], sizes: dict[str, int]) -> None:
        import uuid

        from distributed import as_completed

        self.cluster, self.root = cluster, root
        self.prefix = f"claimcheck-shard-{uuid.uuid4().hex}"  # keys are global on the scheduler: never another run's
        self.submitted = 0
        threads = sum(w.get("nthreads", 1) for w in cluster.client.scheduler_info()["workers"].values())
        self.window = max(2, SHARDS_PER_THREAD * threads)
        # Small runs are cut finer, so that every worker gets a share; large ones into SHARD_BYTES pieces.
        shard_bytes = max(1, min(SHARD_BYTES, sum(sizes.values()) // (2 * self.window)))
        self.batches = iter(_batches(tasks, sizes, shard_bytes))
        self.running = as_completed(loop=cluster.client.loop)  # our client is not the default one: set_as_default=False
        self.shipped: dict[str, list[_Task]] = {}
        """Future key -> the tasks of its shard, in shard order."""
        self.unreadable: list[_Task] = []
        """Sources the client could not read: verified here, where the read fails the same way."""
        self._fill()

    def _fill(self) -> None:
        while self.running.count() < self.window:
            batch = next(self.batches, None)
            if batch is None:
                return
            shipped = []
            for task in batch:
                try:
                    shipped.append((task, read_source_bytes(self.root, task.work.entry)))
                except SourceError:
                    self.unreadable.append(task)
            if shipped:
                self.submitted += 1
                shard = Shard(code_version(), tuple((task.work, data) for task, data in shipped))
                future = self.cluster.client.submit(verify_shard, shard, key=f"{self.prefix}-{self.submitted}")
                self.shipped[future.key] = [task for task, _ in shipped]
                self.running.add(future)

    def results(self) -> Iterator[Result]:
        yield from self._unreadable()
        for future in self.running:
            for task, (outcome, sha256, fresh) in zip(self.shipped.pop(future.key), self._result(future), strict=True):
                consistent = task.file_hash == _REFUSED or task.file_hash.startswith(f"{sha256}:")
                yield outcome, consistent, fresh
            self._fill()
            yield from self._unreadable()

    def _unreadable(self) -> Iterator[Result]:
        while self.unreadable:
            task = self.unreadable.pop()
            yield verify_source_file(self.root, task.work), still_as_hashed(self.root, task.work.entry.path, task.file_hash), {}

    def _result(self, future: Future) -> list[tuple[SourceOutcome, str, Fresh]]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise SchedulerError(f"workers died running a shard of sources ({_one_line(exc)}); see the workers' logs") from None
        except CancelledError:
            raise SchedulerError("lost the connection to the scheduler during the run") from None
        except (CodeMismatch, ImportError, AttributeError) as exc:
            raise SchedulerError(f"a worker cannot run this claimcheck ({_one_line(exc)}); "
                                 "install the same claimcheck version on every worker") from None


def connect(address: str, timeout: float = CONNECT_SECONDS) -> Cluster:
    """A client of the scheduler at ``address`` (tcp://HOST:PORT) once a worker has joined; ``SchedulerError`` otherwise."""
    try:
        from distributed import Client
        from distributed.comm import parse_address, parse_host_port
    except ImportError as exc:
        raise SchedulerError(f"Dask is not installed ({_one_line(exc)}): {INSTALL_HINT}") from None
    try:
        scheme, location = parse_address(address)
        host, port = parse_host_port(location)
    except (ValueError, TypeError) as exc:
        raise SchedulerError(f"not a scheduler address ({_one_line(exc)}); give tcp://HOST:PORT") from None
    if scheme != "tcp":
        raise SchedulerError("only tcp:// scheduler addresses are supported")
    try:  # a refused or unroutable address fails here at once, instead of Dask retrying until its timeout
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise SchedulerError(f"cannot reach the scheduler ({_one_line(exc)})") from None
    client = _within(timeout, lambda: Client(address, timeout=timeout, set_as_default=False))
    if isinstance(client, BaseException):
        raise SchedulerError(f"cannot connect to the scheduler ({_one_line(client)})")
    if client is None:
        raise SchedulerError(f"no Dask scheduler answered there within {timeout:g} s")
    try:
        client.wait_for_workers(1, timeout=timeout)
    except (TimeoutError, OSError):
        client.close()
        raise SchedulerError(f"no worker has joined the scheduler within {timeout:g} s; "
                             f"start one with `dask worker {address}`") from None
    return Cluster(address, client)


def _within(seconds: float, make: Callable[[], Client]) -> Client | OSError | None:
    """``make()`` run in a daemon thread: its client, the connection error it raised, or None if it has not returned in ``seconds``.

    A port that accepts connections but never speaks Dask's handshake (another service
    there) would otherwise hang the client past its own timeout.
    """
    made: list[Client | OSError] = []

    def run() -> None:
        try:
            made.append(make())
        except (OSError, TimeoutError) as exc:  # TimeoutError is an OSError; named for clarity
            made.append(exc)

    thread = threading.Thread(target=run, name="claimcheck-dask-connect", daemon=True)
    thread.start()
    thread.join(seconds)
    return made[0] if made else None


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
