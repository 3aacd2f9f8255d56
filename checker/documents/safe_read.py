"""Read a registry file without trusting it: regular files only, never past a size limit.

Both the YAML loader and the source reader come through here, so a file that
is huge, a directory, a device or a named pipe (which would block a plain
``read`` forever) is refused with one message instead of being read into memory.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

LOCALE_PROBLEM = ("cannot be opened: its name is not ASCII and this Python reads file names as ASCII (a non-UTF-8 locale "
                  "such as LC_ALL=C); set PYTHONUTF8=1 or a UTF-8 locale such as C.UTF-8")
"""Why a non-ASCII name cannot be opened in-process under an ASCII locale (the command line re-runs itself in UTF-8 mode)."""


class ReadRefused(Exception):
    """The file cannot or must not be read; the message says why and what to do."""

    def __init__(self, message: str, missing: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.missing = missing


def _flags(follow_symlinks: bool) -> int:
    # O_NONBLOCK: opening a named pipe must not wait for a writer; we refuse it right after.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_symlinks:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    return flags


def inside_or_refuse(path: Path, inside: Path, where: str) -> Path:
    """``path`` resolved, when it stays inside ``inside`` (symlinks followed); else ReadRefused.

    A file that is a symlink out of the registry is refused before a byte of it is read,
    so nothing outside the registry ever reaches a finding.
    """
    try:
        resolved = path.resolve()
        boundary = inside.resolve()
    except UnicodeEncodeError:
        raise ReadRefused(LOCALE_PROBLEM) from None
    except (OSError, RuntimeError, ValueError) as exc:  # RuntimeError: a symlink loop (Python < 3.13)
        raise ReadRefused(f"cannot be resolved ({_reason(exc)}); fix the symlink") from None
    if not resolved.is_relative_to(boundary):
        raise ReadRefused(f"is a symlink to {resolved}, outside {where}; refused (copy the file into {where})")
    return resolved


def read_bounded(path: Path, limit: int, follow_symlinks: bool = True, inside: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, or ReadRefused.

    The size is checked on the open file (``fstat``) and again while reading,
    so a file that grows between the check and the read is still refused. With
    ``inside``, a path that resolves outside that directory is refused unread, and
    the resolved path is opened without following symlinks (none can be swapped in).
    """
    if inside is not None:
        path, follow_symlinks = inside_or_refuse(path, inside, "the registry"), False
    try:
        fd = os.open(path, _flags(follow_symlinks))
    except FileNotFoundError:
        raise ReadRefused("file not found", missing=True) from None
    except UnicodeEncodeError:
        raise ReadRefused(LOCALE_PROBLEM) from None
    except PermissionError as exc:
        raise ReadRefused(f"cannot open: {_reason(exc)}; make it readable by the user running the check") from None
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the name
        raise ReadRefused(f"cannot open: {_reason(exc)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadRefused("is a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ReadRefused("is not a regular file (a device, pipe or socket); refused")
        if info.st_size > limit:
            raise ReadRefused(f"file is {info.st_size:,} bytes, over the {_mib(limit)} limit; refused unread")
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise ReadRefused(f"file is over the {_mib(limit)} limit; refused")
        return b"".join(chunks)
    except OSError as exc:
        raise ReadRefused(f"cannot read: {_reason(exc)}") from None
    finally:
        os.close(fd)


def _mib(size: int) -> str:
    return f"{size / 2**20:g} MiB"


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)


def wide_encoding(data: bytes) -> str | None:
    """"UTF-16" or "UTF-32" when ``data`` starts with that encoding's byte-order mark, else None.

    Such a file is text, not binary (its NUL bytes are half of every ASCII character):
    it should be named for what it is and converted, not called binary.
    """
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return None
