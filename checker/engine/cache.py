"""Content-hash cache of check results, in ``.claimcheck-cache/`` at the registry root.

Every entry is stored under a key that is the sha256 of everything it depends
on, so a stale entry is never used: it simply stops matching.

- ``code_version()``: the checker's version and the bytes of every module and
  schema in the package (a development edit invalidates everything too);
- ``Fingerprint``: the sha256 of every file under ``claims/`` and ``sources/``,
  read on two threads (hashlib releases the GIL), keyed by real path;
- an entry file holds ``(key, value)``; a different key is a miss.

The directory sits outside ``sources/`` and ``claims/``, ignores itself for git
and is safe to delete at any time (a missing or unreadable entry is a miss;
writes are atomic renames, so concurrent runs never see half an entry).
Entries are pickles signed with HMAC-SHA256 under a per-user key kept outside
the registry (``$XDG_CACHE_HOME/claimcheck/cache-key``): a cache directory that
arrived with someone else's registry fails the signature and is never unpickled.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import os
import pickle
import posixpath
import secrets
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.registry import CONFIG

CACHE_DIR = ".claimcheck-cache"
_FORMAT = b"claimcheck-cache-1"
_MAGIC = b"CCK1"
_MISSING = "missing"
_REFUSED = "not-hashed"
MAX_HASHED_BYTES = 256 << 20
"""Files above this are not hashed (the checker refuses them anyway, see documents.catalog.MAX_SOURCE_BYTES)."""


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
    """sha256 of a regular file's bytes; a fixed marker for anything else (then the checker reports why).

    Opened non-blocking and checked with fstat first: a named pipe or a device
    among the sources must not block or flood the fingerprint.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return _MISSING
    with os.fdopen(fd, "rb") as handle:
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_HASHED_BYTES:
                return f"{_REFUSED}:{stat.S_IFMT(info.st_mode)}:{info.st_size}"
            return hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:
            return _MISSING


def _walk(directory: str, relative: str, linked: bool, seen: set[str], out: list[tuple[str, str, bool]]) -> None:
    """(path, path relative to the root, reached through a symlink) for every file below ``directory``.

    Symlinks are followed, each real directory visited once (a loop ends).
    """
    real = os.path.realpath(directory)
    if real in seen:
        return
    seen.add(real)
    try:
        entries = sorted(os.scandir(directory), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        rel = f"{relative}/{entry.name}"
        try:
            through_link = linked or entry.is_symlink()
            if entry.is_dir():
                _walk(entry.path, rel, through_link, seen, out)
            else:
                out.append((entry.path, rel, through_link))
        except OSError:
            out.append((entry.path, rel, True))


@dataclass(frozen=True)
class Fingerprint:
    """What the registry's files held when the run started."""

    entries: dict[str, tuple[str, str]]
    """By path relative to the root (posix): (sha256, real path when reached through a symlink, else "")."""

    @classmethod
    def of(cls, root: Path, tops: tuple[str, ...] = ("claims", "sources", CONFIG), threads: int = 2) -> Fingerprint:
        found: list[tuple[str, str, bool]] = []
        seen: set[str] = set()
        for top in tops:
            path = os.path.join(root, top)
            if os.path.isdir(path):
                _walk(path, top, os.path.islink(path), seen, found)
            elif os.path.lexists(path):
                found.append((path, top, os.path.islink(path)))
        with ThreadPoolExecutor(threads) as pool:
            digests = list(pool.map(file_digest, [f[0] for f in found], chunksize=16))
        return cls({rel: (d, os.path.realpath(path) if linked else "") for (path, rel, linked), d in zip(found, digests, strict=True)})

    @classmethod
    def yaml_key_now(cls, root: Path) -> str:
        """``yaml_key`` as the files are now: to check that nothing changed during a run."""
        return cls.of(root, ("claims", "sources/catalog.yaml")).yaml_key

    def source(self, catalog_path: str) -> str | None:
        """Digest and real path of a catalog path as fingerprinted; None if it was not seen."""
        found = self.entries.get(posixpath.normpath(f"sources/{catalog_path}"))
        return None if found is None else f"{found[0]}:{found[1]}"

    @property
    def yaml_key(self) -> str:
        """Everything the registry loader reads: claims/ and the catalog."""
        return digest(code_version(), sorted((k, v) for k, v in self.entries.items() if k.startswith("claims/") or k == "sources/catalog.yaml"))

    @property
    def whole_key(self) -> str:
        return digest(code_version(), sorted(self.entries.items()))


@cache
def _signing_key() -> bytes | None:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "claimcheck"
    path = base / "cache-key"
    try:
        key = path.read_bytes()
        if len(key) == 32:
            return key
    except OSError:
        pass
    try:
        base.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(32)
        tmp = path.with_name(f".cache-key.{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(key)
        os.replace(tmp, path)
        return path.read_bytes()  # another process may have won the race: use what is there
    except OSError:
        return None


class ResultCache:
    """Entries by name in ``<root>/.claimcheck-cache``; every failure is a miss, never an error."""

    def __init__(self, root: Path) -> None:
        self.directory = Path(root) / CACHE_DIR
        self._prefix = str(self.directory)
        self._pending: dict[str, tuple[str, Any]] = {}
        self.inputs_changed = False
        """Set when a file changed while it was being checked: the run's results must not be cached whole."""

    def _path(self, name: str) -> str:
        # Plain strings, not Path objects: this runs once per source on every run.
        return os.path.join(self._prefix, hashlib.sha256(name.encode()).hexdigest()[:32] + ".bin")

    def get(self, name: str, key: str) -> Any | None:
        signing = _signing_key()
        if signing is None:
            return None
        try:
            with open(self._path(name), "rb") as handle:
                data = handle.read()
        except OSError:
            return None
        mac, payload = data[len(_MAGIC) : len(_MAGIC) + 32], data[len(_MAGIC) + 32 :]
        if not data.startswith(_MAGIC) or not hmac.compare_digest(mac, hmac.digest(signing, payload, "sha256")):
            return None
        enabled = gc.isenabled()
        gc.disable()  # unpickling many small objects triggers needless collections
        try:
            stored_key, value = pickle.loads(payload)
        except Exception:
            return None
        finally:
            if enabled:
                gc.enable()
        return value if stored_key == key else None

    def put(self, name: str, key: str, value: Any) -> None:
        """Keep an entry for ``flush``: nothing is written until the run is known to be usable."""
        self._pending[name] = (key, value)

    def flush(self) -> None:
        """Write the kept entries. Callers skip this when the input was unusable (exit 2): then nothing is written."""
        pending, self._pending = self._pending, {}
        enabled = gc.isenabled()
        gc.disable()  # pickling a large registry would otherwise set off collection after collection
        try:
            for name, (key, value) in sorted(pending.items()):
                self._write(name, key, value)
        finally:
            if enabled:
                gc.enable()

    def _write(self, name: str, key: str, value: Any) -> None:
        signing = _signing_key()
        if signing is None:
            return
        try:
            payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
            self.ensure_directory()
            path = self._path(name)
            tmp = f"{path}.{os.getpid()}.tmp"
            with open(tmp, "wb") as handle:
                handle.write(_MAGIC + hmac.digest(signing, payload, "sha256") + payload)
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError):
            pass  # a read-only registry still checks; it just is not cached

    def ensure_directory(self) -> None:
        if not self.directory.is_dir():
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / ".gitignore").write_text("# claimcheck's result cache: safe to delete\n*\n", encoding="utf-8")
            (self.directory / "CACHEDIR.TAG").write_text("Signature: 8a477f597d28d172789f06886806bc55\n# claimcheck result cache\n", encoding="utf-8")
