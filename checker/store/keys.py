"""Keys of the check's store: what every stored result depends on, as sha256 digests.

Every stored value is kept under a key that is the sha256 of everything it
depends on, so a stale value is never used: it simply stops matching.

- ``code_version()``: the checker's version and the bytes of every module and
  schema in the package (a development edit invalidates everything too);
- ``Fingerprint``: the sha256 of every file under ``claims/`` and ``sources/``.
  Symlinks are never followed: a link is fingerprinted by where it points, and a
  source reached through one is hashed on its own, after the checker has refused
  it if it leaves ``sources/`` (so ``sources/usr -> /usr`` costs nothing).

A file is hashed again only when it may have changed, as git's index decides:
the store keeps each file's (size, mtime, ctime, inode, device) from when it was
hashed, and a file whose stat is the same is taken to hold the same bytes. Any
write changes ctime (which no one can set back), so that can fail only for a
write in the same clock tick as the hashing: a file modified less than
``RACY_NS`` before it was hashed ("racily clean", in git's words) is never
trusted that way and is hashed again on every run until it is older.
Files are hashed on two threads (hashlib releases the GIL).
"""

from __future__ import annotations

import hashlib
import os
import posixpath
import stat
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from checker.store.database import FileRow, ResultCache

CONFIG = "claimcheck.toml"
"""The registry's settings file, fingerprinted with the YAML (``registry.CONFIG``; named here: the store imports no other layer)."""

_FORMAT = b"claimcheck-cache-1"
_MISSING = "missing"
_REFUSED = "not-hashed"
MAX_HASHED_BYTES = 256 << 20
"""Files above this are not hashed (the checker refuses them anyway, see documents.catalog.MAX_SOURCE_BYTES)."""
RACY_NS = 2_000_000_000
"""A file modified (mtime or ctime) less than this before it was hashed is hashed again next time:
covers coarse file-system timestamps (FAT: 2 s) and the kernel's coarse clock."""
_SYMLINK = "symlink"


def digest(*parts: object) -> str:
    """A stable key from strings, bytes and nested tuples/lists of them."""
    h = hashlib.sha256()
    h.update(_FORMAT)
    for part in parts:
        h.update(repr(part).encode("utf-8", "surrogatepass") if not isinstance(part, bytes) else part)
        h.update(b"\x00")
    return h.hexdigest()


@cache
def code_version() -> str:
    """The checker version and a hash of the package's own files: results depend on the code."""
    import checker

    package = Path(checker.__file__).parent
    h = hashlib.sha256(checker.__version__.encode())
    for path in sorted(p for p in package.rglob("*") if p.suffix in {".py", ".json"} and "__pycache__" not in p.parts):
        h.update(path.relative_to(package).as_posix().encode() + b"\x00" + path.read_bytes())
    return h.hexdigest()


def file_digest(path: Path | str) -> str:
    """sha256 of a regular file's bytes; a fixed marker for anything else (then the checker reports why)."""
    return _hash(path)[0]


def _stat_signature(info: os.stat_result) -> str:
    return f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_dev}"


def _hash(path: Path | str) -> tuple[str, str | None]:
    """The digest, and the stat signature when it can go into the index (unchanged while read, not racy).

    Opened non-blocking and checked with fstat first: a named pipe or a device
    among the sources must not block or flood the fingerprint.
    """
    started = time.time_ns()
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return _MISSING, None
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HASHED_BYTES:
                return f"{_REFUSED}:{stat.S_IFMT(info.st_mode)}:{info.st_size}", None
            found = hashlib.file_digest(handle, "sha256").hexdigest()
            after = os.fstat(fd)
        except OSError:
            return _MISSING, None
    signature = _stat_signature(info)
    settled = max(info.st_mtime_ns, info.st_ctime_ns) + RACY_NS <= started
    return found, signature if settled and _stat_signature(after) == signature else None


def _hash_all(paths: list[str], threads: int) -> list[tuple[str, str | None]]:
    """``_hash`` of each file, on ``threads`` threads (hashlib releases the GIL) when there is more than one."""
    if len(paths) <= 1:  # a warm run hashes nothing, a run after an edit one file: no pool, not even its import
        return [_hash(path) for path in paths]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(_hash, paths, chunksize=16))


Walked = tuple[str, str, "os.stat_result | None"]
"""(path, path relative to the root, lstat; None for a symlink)"""


def _walk(directory: str, relative: str, out: list[Walked]) -> None:
    """Every entry below ``directory``, with its lstat.

    Symlinks are never followed (into a directory or to a file): nothing outside
    the registry is listed or hashed, and a loop cannot form.
    """
    pending = [(directory, relative)]
    while pending:
        here, rel_here = pending.pop()
        try:
            entries = sorted(os.scandir(here), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            rel = f"{rel_here}/{entry.name}"
            try:
                if entry.is_symlink():
                    out.append((entry.path, rel, None))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, rel))
                else:
                    out.append((entry.path, rel, entry.stat(follow_symlinks=False)))
            except OSError:
                out.append((entry.path, rel, os.stat_result((0,) * 10)))  # hashed, which says why it cannot be read


def _link_digest(path: str) -> str:
    try:
        return f"{_SYMLINK}:{os.readlink(path)}"
    except OSError:
        return _MISSING


@dataclass(frozen=True)
class Fingerprint:
    """What the registry's files held when the run started."""

    entries: dict[str, tuple[str, str]]
    """By path relative to the root (posix): (sha256, or ``symlink:<target>`` for a link; "")."""

    @classmethod
    def of(cls, root: Path, tops: tuple[str, ...] = ("claims", "sources", CONFIG), threads: int = 2,
           store: ResultCache | None = None) -> Fingerprint:
        """With a ``store``, a file whose stat matches its row in the stat index is not read; fresh rows are
        kept in the store for its flush."""
        found: list[Walked] = []
        for top in tops:
            path = os.path.join(root, top)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISDIR(info.st_mode):
                _walk(path, top, found)
            else:
                found.append((path, top, None if stat.S_ISLNK(info.st_mode) else info))
        known = {} if store is None else store.known_files()
        entries: dict[str, tuple[str, str]] = {}
        unknown: list[tuple[str, str]] = []
        for path, rel, info in found:
            if info is None:
                entries[rel] = (_link_digest(path), "")
                continue
            row = known.get(rel)
            if row is not None and stat.S_ISREG(info.st_mode) and row[0] == _stat_signature(info):
                entries[rel] = (row[1], "")
            else:
                unknown.append((path, rel))
        hashed = _hash_all([path for path, _ in unknown], threads)
        fresh: dict[str, FileRow] = {}
        for (_, rel), (found_digest, signature) in zip(unknown, hashed, strict=True):
            entries[rel] = (found_digest, "")
            if signature is not None:
                fresh[rel] = (signature, found_digest)
        if store is not None and (fresh or known.keys() - entries.keys()):
            store.record_files(fresh, entries.keys() if known.keys() - entries.keys() else None)
        return cls({rel: entries[rel] for _, rel, _ in found})

    @classmethod
    def yaml_key_now(cls, root: Path) -> str:
        """``yaml_key`` as the files are now: to check that nothing changed during a run."""
        return cls.of(root, ("claims", "sources/catalog.yaml")).yaml_key

    def source(self, catalog_path: str) -> str | None:
        """Digest and real path of a catalog path as fingerprinted; None if it was not seen."""
        found = self.entries.get(posixpath.normpath(f"sources/{catalog_path}"))
        # A symlink's target was not hashed: the caller hashes the file itself, once it is known to be inside sources/.
        return None if found is None or found[0].startswith(_SYMLINK) else f"{found[0]}:{found[1]}"

    @property
    def yaml_key(self) -> str:
        """Everything the registry loader reads: claims/ and the catalog."""
        return digest(code_version(), sorted((k, v) for k, v in self.entries.items() if k.startswith("claims/") or k == "sources/catalog.yaml"))

    @property
    def whole_key(self) -> str:
        return digest(code_version(), sorted(self.entries.items()))
