"""Write a document into sources/: atomically, never outside it, never over a file unless told.

Every write goes to a temporary file created with ``O_EXCL`` in sources/ itself
(``tempfile.mkstemp``), is fsynced, and then takes its place in one step: a new
source with ``os.link``, which fails rather than replace a file that appeared
meanwhile; a replacement with ``os.replace``. A reader sees the old bytes or
the new ones, never a mix, and a crash leaves no half-written source.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path, PurePosixPath

from checker.repair.atomic import write_atomic

MAX_NAME = 200
"""Longest file name accepted for a source."""


class StoreRefused(Exception):
    """The file cannot be written where asked; the message says what to do."""


def check_name(name: str) -> str | None:
    """Why ``name`` is not a plain file name for sources/, or None."""
    if not name or name in (".", "..") or name != PurePosixPath(name).name or "\\" in name:
        return f"{name!r} is not a plain file name (no folders, '..' or slashes): sources are stored directly in sources/"
    if name.startswith(".") or len(name) > MAX_NAME or not name.isprintable():
        return f"{name!r} is hidden, longer than {MAX_NAME} characters, or has control characters; choose a plain name"
    return None


def source_file(root: Path, name: str) -> Path:
    """The path sources/``name`` after checking that it stays in sources/ and is no symlink."""
    problem = check_name(name)
    if problem is not None:
        raise StoreRefused(problem)
    sources = (root / "sources").resolve()
    path = sources / name
    if path.is_symlink():
        raise StoreRefused(f"sources/{name} is a symlink; refusing to write through it (remove it first)")
    if path.exists() and not path.is_file():
        raise StoreRefused(f"sources/{name} exists and is not a regular file")
    return path


def store_new(path: Path, data: bytes) -> None:
    """Create ``path`` holding ``data``; FileExistsError (and nothing written) if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # atomic and never replaces: fails if the name is taken
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)


def store_replacing(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` (or create it) with ``data``; with ``expected``, only if it still holds those bytes."""
    if path.is_symlink():
        raise StoreRefused(f"{path.name} is a symlink; refusing to write through it")
    if not path.exists():
        store_new(path, data)
        return
    write_atomic(path, data, expected=expected)
