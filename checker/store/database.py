"""The check's store: one SQLite database, ``.claimcheck-cache/store.sqlite`` at the registry root.

Two tables, every row signed (HMAC-SHA256 under a per-user key kept outside the
registry, ``$XDG_CACHE_HOME/claimcheck/cache-key``), so a store that arrived with
someone else's registry is never trusted and nothing in it is ever unpickled:

- ``entries``: a value (a pickle) by name, stored with the key it was made under
  (the sha256 of everything it depends on, see cache.py); a different key is a miss;
- ``files``: the stat index of the fingerprint (size, mtime, ctime, inode, device
  and the sha256 then read), so a file whose stat is unchanged is not hashed again.

What it relies on. SQLite writes a transaction atomically through its rollback
journal (``store.sqlite-journal``): a run that dies half way leaves the previous
rows, and concurrent runs take SQLite's file locks (a reader or writer that finds
the database locked waits up to ``BUSY_TIMEOUT_S``, then treats it as a miss or
writes nothing). SQLite follows symlinks and Python cannot ask it not to, so the
database is never reached through one: the directory must be ours and writable by
no one else (so no one else can swap a name in it), and ``store.sqlite`` and its
journal names are examined with ``lstat`` before SQLite opens them: each must be
absent or a regular file of ours. Anything else, and a file that is not a database
of ours, turns the store off for the run with one warning (``refused``); every
other failure is a miss, never an error. A value over ``MAX_ENTRY_BYTES`` is never
read. Nothing is written until ``flush`` (the caller skips it for unusable input).
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import sqlite3
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.store import signing
from checker.store.signing import mac, signed

CACHE_DIR = ".claimcheck-cache"
DATABASE = "store.sqlite"
_JOURNALS = ("-journal", "-wal", "-shm")
_FORMAT = 1
"""``PRAGMA user_version`` of the database; a store of another format is emptied and rebuilt."""
MAX_ENTRY_BYTES = 512 << 20
"""A stored value larger than this is not read (a miss): no value the checker writes comes near it."""
MAX_FILE_ROWS = 1 << 20
"""At most this many rows of the stat index are read."""
BUSY_TIMEOUT_S = 30.0
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS entries (name TEXT PRIMARY KEY, key TEXT NOT NULL, mac BLOB NOT NULL, value BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS files (path TEXT PRIMARY KEY, stat TEXT NOT NULL, digest TEXT NOT NULL, mac BLOB NOT NULL)",
)
_OFF = "result cache off (delete it: claimcheck makes its own)"

FileRow = tuple[str, str]
"""(stat signature, digest) of one file in the stat index."""


def _ours(path: str, kind: int) -> str | None:
    """Why ``path`` must not be used (a symlink, another kind of file, someone else's), or None (absent or fine)."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(info.st_mode):
        return "is a symlink"
    if stat.S_IFMT(info.st_mode) != kind:
        return "is not a directory" if kind == stat.S_IFDIR else "is not a regular file"
    if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
        return f"belongs to another user (uid {info.st_uid})"
    if kind == stat.S_IFDIR and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "is writable by other users"
    return None


class ResultCache:
    """The store of one registry; every failure is a miss, never an error."""

    def __init__(self, root: Path) -> None:
        self.directory = Path(root) / CACHE_DIR
        self._prefix = str(self.directory)
        self._database = os.path.join(self._prefix, DATABASE)
        self._pending: dict[str, tuple[str, Any]] = {}
        self._files: dict[str, FileRow] = {}
        self._present: set[str] | None = None
        self._reachable: Callable[[str], bool] | None = None
        self._connection: sqlite3.Connection | None = None
        self.inputs_changed = False
        """Set when a file changed while it was being checked: the run's results must not be stored whole."""
        self.refused: str | None = self._refusal()
        """Why the store is not used (one line for a warning), or None."""
        if self.refused is None and os.path.lexists(self._database):
            self._connect()

    def _refusal(self) -> str | None:
        """A directory or database that is a symlink, not what it should be, or someone else's is never used."""
        why = _ours(self._prefix, stat.S_IFDIR)
        if why is not None:
            return f"{CACHE_DIR} {why}; {_OFF}"
        for suffix in ("", *_JOURNALS):
            why = _ours(self._database + suffix, stat.S_IFREG)
            if why is not None:
                return f"{CACHE_DIR}/{DATABASE}{suffix} {why}; {_OFF}"
        return None

    def _connect(self) -> sqlite3.Connection | None:
        if self._connection is not None or self.refused:
            return self._connection
        self.refused = self._refusal()  # again, just before SQLite opens the names
        if self.refused:
            return None
        try:
            connection = sqlite3.connect(self._database, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            try:
                version = connection.execute("PRAGMA user_version").fetchone()[0]
                if version != _FORMAT:
                    self._create(connection, version)
            except BaseException:
                connection.close()
                raise
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                return None  # another run holds it for longer than the busy timeout: a miss this time
            self.refused = f"{CACHE_DIR}/{DATABASE} cannot be used ({exc}); {_OFF}"
            return None
        except sqlite3.Error as exc:  # not a database, corrupt: someone else's file
            self.refused = f"{CACHE_DIR}/{DATABASE} is not a usable database ({exc}); {_OFF}"
            return None
        self._connection = connection
        return connection

    @staticmethod
    def _create(connection: sqlite3.Connection, version: int) -> None:
        """Make the tables; a store of another format (an older claimcheck's) is emptied first."""
        connection.execute("BEGIN IMMEDIATE")
        try:
            if connection.execute("PRAGMA user_version").fetchone()[0] != _FORMAT:  # another run may have done it
                if version != 0:
                    for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall():
                        connection.execute(f'DROP TABLE "{table}"')
                for statement in _SCHEMA:
                    connection.execute(statement)
                connection.execute(f"PRAGMA user_version = {_FORMAT}")
            connection.execute("COMMIT")
        except BaseException:
            connection.execute("ROLLBACK")
            raise

    def _query(self, sql: str, parameters: tuple[object, ...]) -> list[tuple[Any, ...]]:
        connection = self._connect()
        if connection is None:
            return []
        try:
            return connection.execute(sql, parameters).fetchall()
        except sqlite3.Error:
            return []

    def get(self, name: str, key: str) -> Any | None:
        rows = self._query("SELECT key, mac, value FROM entries WHERE name = ? AND length(value) <= ?", (name, MAX_ENTRY_BYTES))
        if not rows:
            return None
        stored_key, mac, value = rows[0]
        if stored_key != key or not isinstance(value, bytes) or not signed(mac, name, key, value):
            return None
        try:
            with cycle_collector_paused():  # unpickling many small objects triggers needless collections
                return pickle.loads(value)
        except Exception:
            return None

    def put(self, name: str, key: str, value: Any, *, pickle_now: bool = False) -> None:
        """Keep an entry for ``flush``: nothing is written until the run is known to be usable.

        ``pickle_now``: pickled here, not in ``flush``. Pickling a large object graph holds a memo of every object in
        it (the registry of 10,000 claims: +22 MB for a 6.3 MB pickle); done while the process is still small, and
        while it waits for its workers anyway, that no longer adds to the peak at the end of the run."""
        if pickle_now:
            try:
                with cycle_collector_paused():
                    value = _Pickled(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
            except pickle.PicklingError:
                return  # never stored, as flush would have dropped it
        self._pending[name] = (key, value)

    def known_files(self) -> dict[str, FileRow]:
        """The stat index: by path relative to the root, what a file's stat and sha256 were when it was hashed."""
        rows = self._query("SELECT path, stat, digest, mac FROM files LIMIT ?", (MAX_FILE_ROWS,))
        return {path: (signature, digest) for path, signature, digest, mac in rows
                if isinstance(path, str) and isinstance(signature, str) and isinstance(digest, str) and signed(mac, path, signature, digest)}

    def record_files(self, rows: dict[str, FileRow], present: Iterable[str] | None = None) -> None:
        """Keep fresh rows of the stat index for ``flush``; ``present``: every path now there, when rows of
        files that are gone should be dropped."""
        self._files.update(rows)
        if present is not None:
            self._present = set(present)

    def prune(self, reachable: Callable[[str], bool]) -> None:
        """At ``flush``, delete every entry whose name ``reachable`` rejects: rows of claims files and sources that are
        gone (their names never come back, so nothing would replace them). The caller knows what its names mean."""
        self._reachable = reachable

    def flush(self) -> None:
        """Write what was kept, in one transaction. Callers skip this when the input was unusable (exit 2).

        Each entry is pickled just before SQLite takes it, and dropped from memory once taken (``_rows``): a cold
        run's entries pickled all at once had been the largest step of its peak memory (+66 MB at 10,000 claims)."""
        pending, self._pending = self._pending, {}
        files, self._files = self._files, {}
        present, self._present = self._present, None
        reachable, self._reachable = self._reachable, None
        if not pending and not files and present is None and reachable is None:
            return
        if signing.signing_key() is None:
            return  # no signing key: nothing could be trusted later
        file_rows = [(path, signature, digest, mac(path, signature, digest)) for path, (signature, digest) in sorted(files.items())]
        try:
            self.ensure_directory()
        except OSError:
            return  # a read-only registry still checks; it just is not stored
        connection = self._connect()
        if connection is None:
            return
        try:
            connection.execute("BEGIN IMMEDIATE")
            try:
                with cycle_collector_paused():  # pickling a large registry would otherwise set off collection after collection
                    connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)", _rows(pending))
                connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?)", file_rows)
                if present is not None:
                    stored = {path for (path,) in connection.execute("SELECT path FROM files LIMIT ?", (MAX_FILE_ROWS,))}
                    connection.executemany("DELETE FROM files WHERE path = ?", ((p,) for p in sorted(stored - present)))
                if reachable is not None:  # names alone, from the primary key's index: about 1 ms for 1,000 sources
                    names = [name for (name,) in connection.execute("SELECT name FROM entries")]
                    connection.executemany("DELETE FROM entries WHERE name = ?", ((n,) for n in names if not reachable(n)))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        except (sqlite3.Error, pickle.PicklingError, _Unsigned):
            pass  # locked past the timeout, disk full, read-only, a value that cannot be pickled: this run is just not stored

    def ensure_directory(self) -> None:
        """Create the directory if need be; OSError when it is refused (a symlink, not ours)."""
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
        with contextlib.suppress(FileExistsError):  # ours alone, before SQLite would create it 0644
            os.close(os.open(self._database, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600))


@contextlib.contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """A run allocates millions of small objects, none in reference cycles. Python's cycle
    collector would re-scan all of them again and again as they pile up (loading 50,000
    claims took 3x longer with it; pickling and unpickling a registry, the same); reference
    counting still frees everything."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True)
class _Pickled:
    """A value ``put`` pickled at once (``pickle_now``)."""

    data: bytes


class _Unsigned(Exception):
    """The signing key went away during the flush: nothing of it may be written."""


def _rows(pending: dict[str, tuple[str, Any]]) -> Iterator[tuple[str, str, bytes, bytes]]:
    """The entries' rows in name order, each pickled only when SQLite asks for it and then released (popped)."""
    for name in sorted(pending):
        key, value = pending.pop(name)
        data = value.data if isinstance(value, _Pickled) else pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        del value
        signature = mac(name, key, data)
        if signature is None:
            raise _Unsigned(name)
        yield name, key, signature, data
