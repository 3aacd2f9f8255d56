"""Read source files safely: inside sources/, bounded in size, text only, UTF-8.

The checker only ever reads sources; nothing in this package opens a file under
sources/ for writing. A UTF-8 byte-order mark is dropped and CRLF line endings
are kept as they are (whitespace normalisation makes them match anyway);
offsets reported for a source are character offsets into its decoded text.

Refused, each with a message that says what to do: a catalog path that is
absolute, climbs out with ``..``, or reaches outside sources/ through a
symlink; a file that is missing, not a regular file, over
``MAX_SOURCE_BYTES``, empty, binary, or not valid UTF-8.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path, PurePosixPath, PureWindowsPath

from checker.documents.formats import DocumentRefused, ExtractionStore, cached_layers, declared_contradiction, document_kind
from checker.documents.normalise import normalise
from checker.documents.safe_read import ReadRefused, inside_or_refuse, read_bounded, wide_encoding
from checker.documents.sourcetext import SourceText
from checker.findings import Finding

MAX_SOURCE_BYTES = 64 * 1024 * 1024
"""A source file may be at most 64 MiB; larger files are refused unread."""
MAX_CONTROL_SHARE = 0.01
"""A file where more than 1% of bytes are control characters (other than tab,
line breaks and form feed) is binary, even without a NUL byte."""

# Control bytes that never occur in text; tab, LF, VT, FF and CR do.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F])
_TEXT_BYTES = bytes(b for b in range(256) if b not in _CONTROL_BYTES)


@dataclass(frozen=True)
class Boilerplate:
    text: str
    reason: str
    per_page: bool = False
    """A running header or footer of a PDF: dropped from every page where it stands as a whole line,
    ``#`` in ``text`` standing for any number ("Page # of #"), so a quote may run across the page break."""


@dataclass(frozen=True)
class SourceEntry:
    id: str
    path: str
    title: str
    publisher: str
    kind: str
    published: str
    precision: str
    author: str | None
    date_note: str | None
    boilerplate: tuple[Boilerplate, ...]
    file: str
    line: int
    # Provenance: where the stored bytes came from (all optional; ``sha256`` is verified when given).
    url: str | None = None
    retrieved: str | None = None
    """When the bytes were retrieved, an ISO 8601 date-time."""
    sha256: str | None = None
    """sha256 of the stored file's bytes, lower-case hex."""
    content_type: str | None = None
    extract: str = "main"
    """HTML sources: ``main`` (the page's main text, as trafilatura finds it) or ``full`` (all visible text)."""
    requested_url: str | None = None
    """The URL asked for, when redirects led elsewhere; refresh asks for it again."""
    etag: str | None = None
    """The server's validators at the last fetch, sent back by refresh to ask "changed since?"."""
    last_modified: str | None = None
    confirm: tuple[str, ...] = ()
    """Fields ``claimcheck fetch`` guessed and a person has yet to confirm (remove each once checked)."""


class SourceError(Exception):
    def __init__(self, line: int, col: int, message: str, in_file: bool = False, names_path: bool = False) -> None:
        super().__init__(message)
        self.line, self.col, self.message = line, col, message
        self.in_file = in_file
        """True when the problem is in the file's content (point at the file), not its catalog entry."""
        self.names_path = names_path
        """True when the message quotes the catalog path itself (no need to repeat it)."""


def resolve_source_path(root: Path, rel: str) -> Path:
    """The file for a catalog path, refusing anything that escapes sources/."""
    if "\x00" in rel:
        raise SourceError(1, 1, f"path {rel!r} contains a NUL character; fix `path:` in the catalog", names_path=True)
    if PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() or rel.startswith("\\"):
        raise SourceError(1, 1, f"path {rel!r} is absolute; give a path relative to sources/", names_path=True)
    if ".." in PurePosixPath(rel.replace("\\", "/")).parts:
        raise SourceError(1, 1, f"path {rel!r} climbs out of sources/ with '..'; keep every source inside sources/", names_path=True)
    try:
        return inside_or_refuse(root / "sources" / rel, root / "sources", "sources/")
    except ReadRefused as exc:
        raise SourceError(1, 1, f"path {rel!r} {exc.message}", names_path=True) from None


def decode_source(data: bytes) -> str:
    if not data or data.isspace():  # not ``strip()``: that copies the whole file
        raise SourceError(1, 1, "file is empty (or only whitespace); restore the source's text or remove its catalog entry", in_file=True)
    if (wide := wide_encoding(data)) is not None:
        raise SourceError(1, 1, f"file is {wide} text (it starts with a {wide} byte-order mark); convert it to UTF-8", in_file=True)
    if b"\x00" in data:
        line, col = _line_col(data, data.index(b"\x00"))
        raise SourceError(line, col, "file is binary (contains NUL bytes), not text; store the source as UTF-8 plain text", in_file=True)
    controls = len(data.translate(None, _TEXT_BYTES))  # deleting every text byte leaves the control bytes
    if controls > MAX_CONTROL_SHARE * len(data):
        first = min(i for i in (data.find(bytes([b])) for b in _CONTROL_BYTES) if i != -1)
        line, col = _line_col(data, first)
        raise SourceError(line, col, f"file is binary ({controls} control bytes), not text; store the source as UTF-8 plain text", in_file=True)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise SourceError(line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); convert the file to UTF-8", in_file=True) from None


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    return data.count(b"\n", 0, offset) + 1, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def read_source(root: Path, entry: SourceEntry, store: ExtractionStore | None = None) -> SourceText:
    """A source's text, HTML and PDF extracted (``store``, when given, caches the extraction)."""
    # The bytes are passed on, not kept here: source_text drops them once decoded (a 64 MiB source's).
    return source_text(entry, f"sources/{entry.path}", read_source_bytes(root, entry), store)


def read_source_bytes(root: Path, entry: SourceEntry) -> bytes:
    """A source's stored bytes: resolved inside sources/, bounded in size, no symlink swapped in."""
    path = resolve_source_path(root, entry.path)
    try:
        # The path is resolved already: refusing a symlink now stops one swapped in since.
        return read_bounded(path, MAX_SOURCE_BYTES, follow_symlinks=False)
    except ReadRefused as exc:
        hint = "; add the file or fix `path:` in the catalog" if exc.missing else ""
        raise SourceError(1, 1, f"{exc.message}{hint}") from None


def source_text(entry: SourceEntry, display: str, data: bytes, store: ExtractionStore | None = None) -> SourceText:
    """The text every check reads, from a source's stored bytes: UTF-8 text as it is, HTML and PDF extracted."""
    digest = hashlib.sha256(data).hexdigest()
    kind = document_kind(entry.path)
    if kind == "text":
        text = decode_source(data)
        del data  # the caller's reference was handed over: normalising a large source need not hold its bytes too
        return SourceText(entry.id, display, text, url=entry.url, sha256=digest)
    problem = declared_contradiction(kind, entry.content_type)
    if problem is not None:
        raise SourceError(1, 1, problem)
    try:
        layers = cached_layers(kind, data, entry, store)
    except DocumentRefused as exc:
        raise SourceError(exc.line, 1, exc.message, in_file=True) from None
    full = None if layers.full is None else SourceText(entry.id, display, layers.full, kind, entry.url, layers.full_page_starts)
    return SourceText(entry.id, display, layers.text, kind, entry.url, layers.page_starts, full, digest)


def provenance_finding(entry: SourceEntry, text: SourceText) -> Finding | None:
    """A recorded sha256 that the stored bytes no longer have: changed without recording where from."""
    if entry.sha256 is None or text.sha256 is None or entry.sha256 == text.sha256:
        return None
    return Finding(entry.file, entry.line, 1, "source-hash-mismatch",
                   f"sources/{entry.path} has sha256 {text.sha256[:12]}…, not the {entry.sha256[:12]}… the catalog records for `{entry.id}`; "
                   "if the new bytes are right, record where they came from (url, retrieved, sha256) or run `claimcheck refresh`",
                   source=entry.id)



def source_finding(entry: SourceEntry, error: SourceError) -> Finding:
    """Name the source file itself when the problem is inside it, else the catalog entry."""
    if error.in_file:
        return Finding(f"sources/{entry.path}", error.line, error.col, "source-unreadable", error.message, source=entry.id)
    named = f"source `{entry.id}`" if error.names_path else f"source `{entry.id}` (sources/{entry.path})"
    return Finding(entry.file, entry.line, 1, "source-unreadable", f"{named}: {error.message}", source=entry.id)


@lru_cache(maxsize=1024)
def boilerplate_reasons(entry: SourceEntry) -> dict[str, str]:
    """The catalog's boilerplate lines of a source, normalised, with their reasons.

    The one rule for "not document content", used by the quote check and by
    coverage alike: a whole line of the source whose normalised text is listed.
    """
    return {normalise(item.text): item.reason for item in entry.boilerplate}


def read_sources(
    root: Path, entries: Mapping[str, SourceEntry], only: frozenset[str] | None = None
) -> tuple[dict[str, SourceText], dict[str, SourceError], list[Finding]]:
    """Every catalogued source (or those in ``only``) read once: texts, why others could not be, and findings."""
    texts: dict[str, SourceText] = {}
    errors: dict[str, SourceError] = {}
    findings: list[Finding] = []
    for source_id, entry in sorted(entries.items()):
        if only is not None and source_id not in only:
            continue
        try:
            texts[source_id] = read_source(root, entry)
        except SourceError as exc:
            errors[source_id] = exc
            findings.append(source_finding(entry, exc))
    return texts, errors, findings
