"""Read source files safely: inside sources/, bounded in size, text only, UTF-8.

The checker only ever reads sources; nothing in this package opens a file under
sources/ for writing. A UTF-8 byte-order mark is dropped and CRLF line endings
are kept as they are (whitespace normalisation makes them match anyway);
offsets reported for a source are character offsets into its decoded text.
"""

from __future__ import annotations

from pathlib import Path

from checker.findings import Finding
from checker.model import SourceEntry
from checker.sourcetext import SourceText

MAX_SOURCE_BYTES = 64 * 1024 * 1024


class SourceError(Exception):
    def __init__(self, line: int, col: int, message: str, in_file: bool = False) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message
        self.in_file = in_file
        """True when the problem is in the file's content (point at the file), not its catalog entry."""


def resolve_source_path(root: Path, rel: str) -> Path:
    """The file for a catalog path, refusing anything that escapes sources/."""
    sources_dir = (root / "sources").resolve()
    candidate = Path(rel)
    if candidate.is_absolute() or ".." in candidate.parts:
        raise SourceError(1, 1, f"path {rel!r} must be relative and stay inside sources/")
    resolved = (sources_dir / candidate).resolve()
    if not resolved.is_relative_to(sources_dir):
        raise SourceError(1, 1, f"path {rel!r} leads outside sources/ (a symlink?); refused")
    return resolved


def decode_source(data: bytes) -> str:
    if not data.strip():
        raise SourceError(1, 1, "file is empty", in_file=True)
    if b"\x00" in data:
        at = data.index(b"\x00")
        raise SourceError(data.count(b"\n", 0, at) + 1, 1, "file is binary (contains NUL bytes), not text", in_file=True)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise SourceError(line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert it to UTF-8", in_file=True) from None


def read_source(root: Path, entry: SourceEntry) -> SourceText:
    path = resolve_source_path(root, entry.path)
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise SourceError(1, 1, f"file is {size} bytes, over the {MAX_SOURCE_BYTES}-byte limit")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SourceError(1, 1, "file not found") from None
    except IsADirectoryError:
        raise SourceError(1, 1, "is a directory, not a file") from None
    except OSError as exc:
        raise SourceError(1, 1, f"cannot read: {exc.strerror or exc}") from None
    return SourceText(entry.id, f"sources/{entry.path}", decode_source(data))


def source_finding(entry: SourceEntry, error: SourceError) -> Finding:
    """Name the source file itself when the problem is inside it, else the catalog entry."""
    if error.in_file:
        return Finding(f"sources/{entry.path}", error.line, error.col, "source-unreadable", error.message, source=entry.id)
    return Finding(entry.file, entry.line, 1, "source-unreadable", f"sources/{entry.path}: {error.message}", source=entry.id)
