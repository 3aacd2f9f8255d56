"""Content-hash cache of check results, in ``.claimcheck-cache/`` at the registry root.

Every entry is stored under a key that is the sha256 of everything it depends
on, so a stale entry is never used: it simply stops matching.

- ``code_version()``: the checker's version and the bytes of every module and
  schema in the package (a development edit invalidates everything too);
- ``Fingerprint``: the sha256 of every file under ``claims/`` and ``sources/``,
  read on two threads (hashlib releases the GIL). Symlinks are never followed:
  a link is fingerprinted by where it points, and a source reached through one
  is hashed on its own, after the checker has refused it if it leaves
  ``sources/`` (so ``sources/usr -> /usr`` costs nothing);
- an entry file holds ``(key, value)``; a different key is a miss.

The directory sits outside ``sources/`` and ``claims/``, ignores itself for git
and is safe to delete at any time (a missing or unreadable entry is a miss;
writes are atomic renames, so concurrent runs never see half an entry).
A registry comes from strangers, so the directory may too: it is used only when
it is a real directory owned by us (not a symlink; else the cache is off for
the run and ``ResultCache.refused`` says why), entries are read without
following symlinks and never past ``MAX_ENTRY_BYTES``, and each is written to a
temporary file created exclusively under a random name (``mkstemp``:
``O_CREAT | O_EXCL``, so no planted symlink is ever written through).
Entries are pickles signed with HMAC-SHA256 under a per-user key kept outside
the registry (``$XDG_CACHE_HOME/claimcheck/cache-key``): a cache directory that
arrived with someone else's registry fails the signature and is never unpickled.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import hmac
import os
import pickle
import posixpath
import secrets
import stat
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from checker.documents import ReadRefused, read_bounded
from checker.registry import CONFIG

CACHE_DIR = ".claimcheck-cache"
_FORMAT = b"claimcheck-cache-1"
_MAGIC = b"CCK1"
_MISSING = "missing"
_REFUSED = "not-hashed"
MAX_HASHED_BYTES = 256 << 20
"""Files above this are not hashed (the checker refuses them anyway, see documents.catalog.MAX_SOURCE_BYTES)."""
MAX_ENTRY_BYTES = 512 << 20
"""A cache entry larger than this is not read (a miss): no entry the checker writes comes near it."""
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


def _walk(directory: str, relative: str, out: list[tuple[str, str, bool]]) -> None:
    """(path, path relative to the root, is a symlink) for every entry below ``directory``.

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
                    out.append((entry.path, rel, True))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append((entry.path, rel))
                else:
                    out.append((entry.path, rel, False))
            except OSError:
                out.append((entry.path, rel, False))


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
    def of(cls, root: Path, tops: tuple[str, ...] = ("claims", "sources", CONFIG), threads: int = 2) -> Fingerprint:
        found: list[tuple[str, str, bool]] = []
        for top in tops:
            path = os.path.join(root, top)
            if os.path.isdir(path) and not os.path.islink(path):
                _walk(path, top, found)
            elif os.path.lexists(path):
                found.append((path, top, os.path.islink(path)))
        files = [path for path, _, link in found if not link]
        with ThreadPoolExecutor(threads) as pool:
            digests = iter(pool.map(file_digest, files, chunksize=16))
        return cls({rel: (_link_digest(path) if link else next(digests), "") for path, rel, link in found})

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
        fd, tmp = tempfile.mkstemp(prefix=".cache-key.", dir=base)  # exclusive, mode 0600
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
        self.refused: str | None = self._refusal()
        """Why the cache directory is not used (one line for a warning), or None."""

    def _refusal(self) -> str | None:
        """A cache directory that is a symlink, not a directory, or someone else's is never read or written."""
        try:
            info = os.lstat(self._prefix)
        except FileNotFoundError:
            return None  # created on the first write
        except OSError as exc:
            return f"{CACHE_DIR}/ cannot be examined ({exc.strerror}); result cache off"
        if stat.S_ISLNK(info.st_mode):
            return f"{CACHE_DIR} is a symlink; result cache off (delete it: claimcheck makes its own)"
        if not stat.S_ISDIR(info.st_mode):
            return f"{CACHE_DIR} is not a directory; result cache off (delete it: claimcheck makes its own)"
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return f"{CACHE_DIR}/ belongs to another user (uid {info.st_uid}); result cache off (delete it: claimcheck makes its own)"
        return None

    def _path(self, name: str) -> str:
        # Plain strings, not Path objects: this runs once per source on every run.
        return os.path.join(self._prefix, hashlib.sha256(name.encode()).hexdigest()[:32] + ".bin")

    def get(self, name: str, key: str) -> Any | None:
        signing = _signing_key()
        if signing is None or self.refused:
            return None
        try:
            data = read_bounded(Path(self._path(name)), MAX_ENTRY_BYTES, follow_symlinks=False)
        except ReadRefused:
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
        if signing is None or self.refused:
            return
        tmp = None
        try:
            payload = pickle.dumps((key, value), protocol=pickle.HIGHEST_PROTOCOL)
            self.ensure_directory()
            # A fresh file under a random name, created exclusively: a planted symlink is never written through.
            fd, tmp = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=self._prefix)
            with os.fdopen(fd, "wb") as handle:
                handle.write(_MAGIC + hmac.digest(signing, payload, "sha256") + payload)
            os.replace(tmp, self._path(name))  # replaces a symlink at that name, never its target
            tmp = None
        except (OSError, pickle.PicklingError):
            pass  # a read-only registry still checks; it just is not cached
        finally:
            if tmp is not None:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)

    def ensure_directory(self) -> None:
        """Create the cache directory if need be; OSError when it is refused (a symlink, not ours)."""
        if not os.path.lexists(self._prefix):
            with contextlib.suppress(FileExistsError):
                os.mkdir(self._prefix, 0o755)
            self.refused = self._refusal()  # whatever won a race to that name is checked like any other
        if self.refused:
            raise OSError(self.refused)
        for name, text in ((".gitignore", "# claimcheck's result cache: safe to delete\n*\n"),
                           ("CACHEDIR.TAG", "Signature: 8a477f597d28d172789f06886806bc55\n# claimcheck result cache\n")):
            with contextlib.suppress(FileExistsError), open(os.path.join(self._prefix, name), "x", encoding="utf-8") as handle:
                handle.write(text)
