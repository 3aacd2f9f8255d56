"""Any source file to one ``SourceText``: plain text as it is, HTML and PDF through their extractors.

This is the one mechanism by which documents reach the rest of the checker:
quotes, drift, coverage, support, conflicts and repin all work on the
``SourceText`` made here and never see a format. API (for readers, fetch and refresh):

- ``document_kind(path) -> "text" | "html" | "pdf"``: by the file's suffix
  (``.html``/``.htm``, ``.pdf``; anything else is UTF-8 text);
- ``extract_layers(kind, data, entry) -> Layers``: the extracted text of the
  bytes (``text``), the whole layer it was selected from (``full``, or None), and
  page starts; raises ``DocumentRefused`` with a message that says what to do;
- ``cached_layers(kind, data, entry, store)``: the same, looked up first in an
  ``ExtractionStore`` (the engine's cache, keyed by the bytes' sha256 and
  ``extraction_options``: the extractor's name and version and the options used);
- ``source_text(entry, display, data, store=None) -> SourceText`` and
  ``read_source(root, entry, store=None)`` (in ``catalog.py``): the above made
  into the text every check reads.

Offsets, lines and columns reported for an HTML or PDF source are into its
extracted text, which ``claimcheck text ID`` prints; PDF spans also carry the
page and the line within the page.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, Protocol

from checker.documents.html import HtmlRefused, html_layers
from checker.documents.isolated import EXTRACTION, Exceeded, isolated
from checker.documents.pages import paged_layers
from checker.documents.pdf import PdfRefused, pdf_page_lines

if TYPE_CHECKING:
    from checker.documents.catalog import SourceEntry

KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
KIND_NAMES = {"html": "an HTML page", "pdf": "a PDF", "text": "a text file"}
CONTENT_TYPES = {"html": ("text/html", "application/xhtml+xml"), "pdf": ("application/pdf",)}
"""The content types a catalog entry may record for a file of each extracted kind."""
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--(?:[^-]|-(?!->))*-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)
_EXTRACTOR_PACKAGES = {"html": "trafilatura", "pdf": "pypdfium2"}


@cache
def extractor(kind: str) -> str | None:
    """Name and version of the kind's extractor (None: not extracted): extracted text changes when they do.
    Looked up only here, when asked: ``importlib.metadata`` costs more to import than reading a text source."""
    package = _EXTRACTOR_PACKAGES.get(kind)
    if package is None:
        return None
    from importlib.metadata import version

    return f"{package} {version(package)}"


class DocumentRefused(Exception):
    """The file cannot be made into text; the message says why and what to do, ``line`` where (1: the file as a whole)."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.message, self.line = message, line

    def __reduce__(self) -> tuple[type[DocumentRefused], tuple[str, int]]:  # crosses the isolated child's pipe
        return DocumentRefused, (self.message, self.line)


@dataclass(frozen=True)
class Layers:
    text: str
    """The quotable text."""
    full: str | None = None
    """The whole text layer, when ``text`` leaves part of it out."""
    page_starts: tuple[int, ...] = ()
    full_page_starts: tuple[int, ...] = ()
    furniture: tuple[str, ...] = ()
    """PDF: the running header and footer lines dropped from every page."""


class ExtractionStore(Protocol):
    """Where extracted layers are kept between runs (``engine/extractions.py``); a miss is None."""

    def get(self, name: str, key: str) -> Any | None: ...

    def put(self, name: str, key: str, value: Any) -> None: ...


def document_kind(path: str) -> str:
    dot = path.rfind(".")
    return KINDS.get(path[dot:].lower(), "text") if dot != -1 else "text"


def extraction_options(kind: str, entry: SourceEntry) -> tuple[str, ...]:
    """What in the catalog entry changes the extracted text (with the extractor's version: the cache key)."""
    if kind == "html":
        return (str(extractor(kind)), entry.extract)
    if kind == "pdf":
        return (str(extractor(kind)), *sorted(b.text for b in entry.boilerplate if b.per_page))
    return ()


def sniffed_kind(data: bytes) -> str | None:
    """What the bytes themselves say they are: "pdf" (a %PDF- header), "html" (a doctype or an html,
    head or body tag first), or None (no telling)."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    return "html" if _HTML_START.match(data[:4096]) else None


def bytes_contradiction(kind: str, data: bytes) -> str | None:
    """Why the file's bytes say it is another format than its name does, or None."""
    found = sniffed_kind(data)
    if found is None or found == kind:
        return None
    suffix = ".pdf" if found == "pdf" else ".html"
    return (f"the file is {KIND_NAMES[found]} (by its first bytes), but its name says {KIND_NAMES[kind]}; "
            f"rename it to end in {suffix} and fix `path:` in the catalog")


def declared_contradiction(kind: str, content_type: str | None) -> str | None:
    """Why the catalog's ``content_type`` is not a type of the format the file is read as, or None."""
    declared = (content_type or "").split(";", 1)[0].strip().lower()
    if declared and kind in CONTENT_TYPES and declared not in CONTENT_TYPES[kind]:
        return (f"content_type {declared!r} is recorded, but the file's name makes it read as {KIND_NAMES[kind]}; "
                "fix content_type or the file name")
    return None


def extract_layers(kind: str, data: bytes, entry: SourceEntry) -> Layers:
    """The text layers of an HTML or PDF file's bytes, extracted in a bounded child process (``isolated``)."""
    problem = bytes_contradiction(kind, data)
    if problem is not None:
        raise DocumentRefused(problem)
    _prepared(kind)
    try:
        return isolated(lambda: _extract(kind, data, entry), EXTRACTION)
    except DocumentRefused:
        raise
    except Exceeded as exc:
        raise DocumentRefused(f"extracting the text of this {kind.upper()} file {exc}; refused (a damaged or hostile file? "
                              "store the document as the publisher served it, or quote a text copy)") from None


_TRUSTED_PAGE = b"<html><head><title>t</title></head><body><article><p>A paragraph, to warm the extractor.</p></article></body></html>"


@cache
def _prepared(kind: str) -> None:
    """Import and initialise the extractor once in this process, on our own constant input, before any child forks.

    A forked child inherits what the parent has loaded; without this every child
    imported trafilatura or pypdfium2 and built their lazy state again: 240 ms per
    HTML page instead of 20, 150 ms per PDF instead of 60 (measured in the benchmark's
    documents share). Only the constant page runs in this process, never a stranger's bytes.
    """
    if kind == "html":
        html_layers(_TRUSTED_PAGE)
    elif kind == "pdf":
        import pypdfium2

        pypdfium2.PdfDocument.new().close()


def _extract(kind: str, data: bytes, entry: SourceEntry) -> Layers:
    try:
        if kind == "html":
            layers = html_layers(data)
            if entry.extract == "full":
                return Layers(layers.full)
            if not layers.main:  # trafilatura found no main text: every quote is "cut by the extractor"
                return Layers("", layers.full)
            return Layers(layers.main, layers.full)
        if kind == "pdf":
            paged = paged_layers(pdf_page_lines(data), tuple(b.text for b in entry.boilerplate if b.per_page))
            if not paged.full.text.strip():
                raise DocumentRefused("the PDF has no text layer (a scan?); quote a version with text, or run OCR and store its text as a .txt source")
            return Layers(paged.main.text, paged.full.text, paged.main.page_starts, paged.full.page_starts, paged.furniture)
    except HtmlRefused as exc:
        raise DocumentRefused(exc.message, exc.line) from None
    except PdfRefused as exc:
        raise DocumentRefused(str(exc)) from None
    except DocumentRefused:
        raise
    except Exception as exc:  # trafilatura, lxml or PDFium failing on a stranger's bytes: the file's finding, not an internal error
        raise DocumentRefused(f"the {kind.upper()} extractor failed on this file ({type(exc).__name__}); store the document as the "
                              "publisher served it, or quote a text copy") from None
    raise ValueError(f"not an extracted kind: {kind}")


def cached_layers(kind: str, data: bytes, entry: SourceEntry, store: ExtractionStore | None) -> Layers:
    """``extract_layers``, reusing what ``store`` holds for the same bytes, extractor and options."""
    if store is None:
        return extract_layers(kind, data, entry)
    key = repr((hashlib.sha256(data).hexdigest(), extraction_options(kind, entry)))
    name = f"extract:{entry.path}"  # one row per file, replaced when its bytes change (the key holds their digest)
    hit = store.get(name, key)
    if isinstance(hit, Layers):
        return hit
    layers = extract_layers(kind, data, entry)
    store.put(name, key, layers)
    return layers
