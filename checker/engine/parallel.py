"""Quote verification source by source: cached, and spread over every core when it pays.

The unit of work is one source with every quote that cites it: the file is read
and normalised once, each quote located (and diagnosed when missing), and the
outcome cached under the source's bytes, its catalog entry and the citing claims.
A re-run after editing one source recomputes only that source.

Sources whose outcome is not cached are shared among worker processes once they
add up to ``PARALLEL_MIN_BYTES``; below that a pool costs more than it saves.
Workers get each source's catalog entry and citing quotes pickled
(``sourcework.SourceWork``) and never touch the registry: on a cold run they are
forked before it is loaded (``start_workers``), while this process is small, and
load the claims files too, so they share none of its pages and copy none (forked
after it, every page the parent then wrote stayed behind in the workers: the
process tree held about twice the parent's memory). Outcomes are gathered by
source id, so the report never depends on which worker finished first.
"""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checker.documents import SourceEntry, SourceError, resolve_source_path
from checker.engine.extractions import ExtractionCache
from checker.engine.sourcework import Citation, SourceOutcome, SourceWork, verify_source_file
from checker.registry import ClaimsFileResult, Registry, load_claims_file
from checker.store import Fingerprint, ResultCache, code_version, digest, file_digest

if TYPE_CHECKING:  # imported at run time only with --scheduler (it brings Dask)
    from checker.engine.distributed import Cluster, ClusterRun

PARALLEL_MIN_BYTES = 8 << 20
"""Uncached source bytes above which verification is spread over processes."""
PARALLEL_MIN_YAML_BYTES = 2 << 20
"""Claims-file bytes above which the files are loaded by worker processes."""
CHUNK_BYTES = 2 << 20
"""Sources are handed to workers in batches of about this many bytes."""

_REFUSED = "refused"
verify_source = verify_source_file
"""Looked up at each call (tests count the sources verified in this process)."""


@dataclass(frozen=True)
class _Task:
    work: SourceWork
    key: str
    file_hash: str
    """The sha256 the key was made with: the outcome is cached only if the file still has it."""

    @property
    def source_id(self) -> str:
        return self.work.entry.id


def source_signature(registry: Registry, source_id: str, citations: Iterable[Citation]) -> str:
    """Everything from the YAML files that a source's outcome depends on."""
    return digest(registry.sources[source_id], [(registry.claims[ci], ei) for ci, ei in citations])


def citations_by_source(registry: Registry, claim_indices: Iterable[int]) -> dict[str, list[Citation]]:
    cited: dict[str, list[Citation]] = {}
    for ci in claim_indices:
        for ei, evidence in enumerate(registry.claims[ci].evidence):
            if evidence.source in registry.sources:
                cited.setdefault(evidence.source, []).append((ci, ei))
    return cited


def task_key(file_hash: str, signature: str, citations: tuple[Citation, ...]) -> str:
    """The key of a source's outcome: its bytes (``file_hash``), catalog entry and citing claims (``signature``)."""
    return digest(code_version(), file_hash, signature, citations)


def source_file_hash(root: Path, path: str, fingerprint: Fingerprint | None) -> str:
    """A catalog path's digest and real path, from the fingerprint when it saw the file, else read now."""
    return (fingerprint.source(path) if fingerprint is not None else None) or _file_hash(root, path)


def _file_hash(root: Path, path: str) -> str:
    """Digest and real path of a catalog path, read now; a marker when it is refused."""
    try:
        resolved = resolve_source_path(root, path)
    except SourceError:
        return _REFUSED
    return f"{file_digest(resolved)}:{os.path.realpath(resolved)}"


def _file_size(path: Path) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0


def source_size(root: Path, path: str) -> int:
    try:
        return os.stat(resolve_source_path(root, path)).st_size
    except (OSError, ValueError, SourceError):
        return 0


def still_as_hashed(root: Path, path: str, file_hash: str) -> bool:
    """Whether the file still holds the bytes ``file_hash`` (a key's) was made from (False: it changed mid-run)."""
    if file_hash == _REFUSED:
        return True
    try:
        resolved = resolve_source_path(root, path)
    except SourceError:
        return False
    # file_hash is "<digest or refusal marker>:<real path>"; a marker holds colons of its own.
    return file_hash.startswith(file_digest(resolved) + ":")


Batch = tuple[list[tuple[SourceOutcome, bool]], dict[str, Any]]
_EXTRACTIONS: dict[Path, ExtractionCache] = {}
"""In a worker: the store it reads earlier extractions from, per registry root (its own connection, never the parent's)."""


def _run_batch(root: Path, cached: bool, batch: list[_Task]) -> Batch:
    """In a worker: verify, say whether each file was unchanged, hand back new extractions. Only the parent writes the store."""
    extractions = _EXTRACTIONS.setdefault(root, ExtractionCache(ResultCache(root))) if cached else None
    done = [(verify_source(root, task.work, extractions), still_as_hashed(root, task.work.entry.path, task.file_hash)) for task in batch]
    return done, {} if extractions is None else extractions.take_fresh()


def _batches(tasks: list[_Task], sizes: dict[str, int], chunk_bytes: int = CHUNK_BYTES) -> list[list[_Task]]:
    batches: list[list[_Task]] = [[]]
    size = 0
    for task in sorted(tasks, key=lambda t: -sizes[t.source_id]):  # big first: the pool drains evenly
        if size >= chunk_bytes:
            batches.append([])
            size = 0
        batches[-1].append(task)
        size += sizes[task.source_id]
    return [b for b in batches if b]


def _fork_context() -> multiprocessing.context.BaseContext | None:
    if sys.platform != "linux" or "fork" not in multiprocessing.get_all_start_methods():
        return None  # elsewhere fork is unsafe and spawn would pay Python's start-up in every worker
    return multiprocessing.get_context("fork")


def _bytes_under(directory: Path, enough: int) -> int:
    """Bytes of the regular files under ``directory`` (symlinks not followed), counted until ``enough``."""
    total = 0
    for folder, _, names in os.walk(directory):
        for name in names:
            try:
                info = os.lstat(os.path.join(folder, name))
            except OSError:
                continue
            total += info.st_size if stat.S_ISREG(info.st_mode) else 0
            if total >= enough:
                return total
    return total


def start_workers(root: Path, workers: int | None = None) -> ProcessPoolExecutor | None:
    """Worker processes forked now, before the registry is loaded, when ``sources/`` is big enough that
    verifying it may be shared out (``SourceRun`` decides, and shuts them down either way)."""
    workers = workers or os.cpu_count() or 1
    context = _fork_context()
    if workers < 2 or context is None or _bytes_under(root / "sources", PARALLEL_MIN_BYTES) < PARALLEL_MIN_BYTES:
        return None
    pool = ProcessPoolExecutor(workers, mp_context=context)
    pool.submit(os.getpid)  # the first task forks every worker, here and now
    return pool


def load_claims_files(root: Path, files: list[str], workers: int | None = None,
                      pool: ProcessPoolExecutor | None = None) -> Iterator[ClaimsFileResult]:
    """Each claims file loaded (parsed, validated, turned into claims) by a worker, in file order.

    Loading is Python work that one core would do alone while the other waits for the
    sources; files are independent, so they are shared out when they add up to enough.
    ``pool``: workers already started (``start_workers``), used and left running.
    """
    workers = workers or os.cpu_count() or 1
    context = _fork_context()
    if workers < 2 or context is None or sum(_file_size(root / rel) for rel in files) < PARALLEL_MIN_YAML_BYTES:
        yield from (load_claims_file(root, rel) for rel in files)
        return
    chunksize = max(1, len(files) // (workers * 4))
    if pool is not None:
        yield from pool.map(partial(load_claims_file, root), files, chunksize=chunksize)
        return
    with ProcessPoolExecutor(workers, mp_context=context) as own:
        yield from own.map(partial(load_claims_file, root), files, chunksize=chunksize)


class SourceRun:
    """Verification of the chosen sources, started at once; ``outcomes()`` waits for it.

    Starting returns quickly, so the caller can type claims and find conflicts while
    the workers verify quotes.
    """

    def __init__(self, root: Path, registry: Registry, claim_indices: Iterable[int], only: frozenset[str] | None = None, *,
                 store: ResultCache | None = None, fingerprint: Fingerprint | None = None, signatures: dict[str, str] | None = None,
                 progress: Callable[[Sequence[Citation]], None] | None = None, workers: int | None = None,
                 cluster: Cluster | None = None, pool: ProcessPoolExecutor | None = None) -> None:
        """``pool``: workers started before the registry was loaded (``start_workers``); this run owns them now."""
        self.root, self.registry, self.store, self.progress = root, registry, store, progress
        self.extractions = None if store is None else ExtractionCache(store)
        cited = citations_by_source(registry, claim_indices)
        wanted = sorted(registry.sources if only is None else only & registry.sources.keys())
        self.done: dict[str, SourceOutcome] = {}
        self.signatures: dict[str, str] = {}
        """Per source, the digest of its catalog entry and citing claims (see source_signature)."""
        self.keys: dict[str, str] = {}
        """Per source, the key of its outcome in the store."""
        self.inputs: dict[str, tuple[SourceEntry, str, tuple[Citation, ...]]] = {}
        """Per source, what its key is made of besides its bytes: catalog entry, signature, citations."""
        self.pending: list[_Task] = []
        for sid in wanted:
            citations = tuple(cited.get(sid, ()))
            key, file_hash = self._key(sid, citations, fingerprint, signatures)
            hit = None if store is None else store.get(f"source:{sid}", key)
            if isinstance(hit, SourceOutcome):
                self._finish(hit)
            else:
                self.pending.append(_Task(SourceWork.of(registry, sid, citations), key, file_hash))
        self.futures: list[Future[Batch]] = []
        self.pool: ProcessPoolExecutor | None = None
        self.remote: ClusterRun | None = None
        workers = workers or os.cpu_count() or 1
        context = _fork_context()
        sizes = {t.source_id: source_size(root, registry.sources[t.source_id].path) for t in self.pending}
        if cluster is not None:
            self.remote = cluster.start(root, self.pending, sizes)  # every uncached source, however few
        elif workers > 1 and context is not None and sum(sizes.values()) >= PARALLEL_MIN_BYTES:
            self.pool = pool or ProcessPoolExecutor(workers, mp_context=context)
            self.futures = [self.pool.submit(_run_batch, root, store is not None, batch) for batch in _batches(self.pending, sizes)]
            pool = None
        if pool is not None:
            pool.shutdown(wait=False)  # not needed after all: most sources were cached, or a cluster verifies them

    def _key(self, sid: str, citations: tuple[Citation, ...], fingerprint: Fingerprint | None,
             signatures: dict[str, str] | None) -> tuple[str, str]:
        """The key of a source's outcome in the store and the file hash it was made with."""
        path = self.registry.sources[sid].path
        if self.store is None:
            return "", _REFUSED
        file_hash = source_file_hash(self.root, path, fingerprint)
        signature = signatures[sid] if signatures is not None and sid in signatures else source_signature(self.registry, sid, citations)
        self.signatures[sid] = signature
        self.keys[sid] = key = task_key(file_hash, signature, citations)
        self.inputs[sid] = (self.registry.sources[sid], signature, citations)
        return key, file_hash

    def _finish(self, outcome: SourceOutcome, task: _Task | None = None, consistent: bool = True) -> None:
        """Record an outcome; a fresh one (``task`` given) is cached unless its file changed meanwhile."""
        self.done[outcome.source_id] = outcome
        if self.store is not None and task is not None and task.file_hash != _REFUSED:
            if consistent:
                self.store.put(f"source:{task.source_id}", task.key, outcome)
            else:
                self.store.inputs_changed = True
        if self.progress is not None:
            self.progress(outcome.citations)

    def outcomes(self) -> dict[str, SourceOutcome]:
        if self.remote is not None:
            tasks = {task.source_id: task for task in self.pending}
            for outcome, consistent, extracted in self.remote.results():  # as the cluster completes them
                self._finish(outcome, tasks[outcome.source_id], consistent)
                if self.extractions is not None:
                    self.extractions.keep(extracted)
        elif self.pool is not None:
            tasks = {task.source_id: task for task in self.pending}
            try:
                for future in as_completed(self.futures):
                    done, extracted = future.result()
                    for outcome, consistent in done:
                        self._finish(outcome, tasks[outcome.source_id], consistent)
                    if self.extractions is not None:
                        self.extractions.keep(extracted)
            finally:
                self.pool.shutdown()
        else:
            for task in self.pending:
                outcome = verify_source(self.root, task.work, self.extractions)
                self._finish(outcome, task, self.store is None or still_as_hashed(self.root, task.work.entry.path, task.file_hash))
            if self.extractions is not None:
                self.extractions.keep(self.extractions.take_fresh())
        self.pending = []
        return dict(sorted(self.done.items()))
