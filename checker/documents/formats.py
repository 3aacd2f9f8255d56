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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from checker.documents.html import EXTRACTOR as HTML_EXTRACTOR
from checker.documents.html import HtmlRefused, html_layers
from checker.documents.pages import paged_layers
from checker.documents.pdf import EXTRACTOR as PDF_EXTRACTOR
from checker.documents.pdf import PdfRefused, pdf_page_lines

if TYPE_CHECKING:
    from checker.documents.catalog import SourceEntry

KINDS = {".html": "html", ".htm": "html", ".pdf": "pdf"}
EXTRACTORS = {"html": HTML_EXTRACTOR, "pdf": PDF_EXTRACTOR}
"""Name and version of each format's extractor: extracted text changes when they do."""


class DocumentRefused(Exception):
    """The file cannot be made into text; the message says why and what to do."""


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
        return (EXTRACTORS[kind], entry.extract)
    if kind == "pdf":
        return (EXTRACTORS[kind], *sorted(b.text for b in entry.boilerplate if b.per_page))
    return ()


def extract_layers(kind: str, data: bytes, entry: SourceEntry) -> Layers:
    """The text layers of an HTML or PDF file's bytes."""
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
    except (HtmlRefused, PdfRefused) as exc:
        raise DocumentRefused(str(exc)) from None
    raise ValueError(f"not an extracted kind: {kind}")


def cached_layers(kind: str, data: bytes, entry: SourceEntry, store: ExtractionStore | None) -> Layers:
    """``extract_layers``, reusing what ``store`` holds for the same bytes, extractor and options."""
    if store is None:
        return extract_layers(kind, data, entry)
    key = repr((hashlib.sha256(data).hexdigest(), extraction_options(kind, entry)))
    name = "extract:" + hashlib.sha256(key.encode()).hexdigest()
    hit = store.get(name, key)
    if isinstance(hit, Layers):
        return hit
    layers = extract_layers(kind, data, entry)
    store.put(name, key, layers)
    return layers
