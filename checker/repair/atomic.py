"""Replace a file's bytes all at once: readers see the old file or the new one, never half of either.

The new bytes go to a temporary file in the same directory (so the final rename
never crosses file systems), are flushed and fsynced, take the old file's
permission bits, and then ``os.replace`` swaps them in, which POSIX and Windows
both make atomic. The directory is fsynced afterwards so the rename itself
survives a power cut. On any failure, at any step, the temporary file is removed
and the original is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


class ChangedUnderfoot(Exception):
    """The file no longer holds the bytes the new content was computed from."""


def write_atomic(path: Path, data: bytes, expected: bytes | None = None) -> None:
    """Replace ``path`` with ``data``; with ``expected``, only if the file still holds exactly those bytes.

    A symlink is followed: its target is replaced, the link stays.
    """
    target = Path(os.path.realpath(path))
    if expected is not None and target.read_bytes() != expected:
        raise ChangedUnderfoot(f"{path} changed while it was being edited; run again")
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        try:
            tmp = os.fdopen(fd, "wb")
        except BaseException:
            os.close(fd)
            raise
        with tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp_name, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    _sync_directory(target.parent)


def _sync_directory(directory: Path) -> None:
    """Make the rename durable; not every platform can open a directory, and that is fine."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
