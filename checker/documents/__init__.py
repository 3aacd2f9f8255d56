"""The documents layer: reading a source safely and turning it into quotable text.

A source file is read with a size bound (``safe_read``), located through its
catalog entry (``catalog``), normalised once (``normalise``: NFKC, quotes,
dashes, white space) into a ``SourceText`` that maps every normalised offset
back to the original (``sourcetext``), cut into sentences (``sentences``), and
its earlier versions read from git when a drifted quote needs context
(``gitrepo``). HTML and PDF sources are extracted to text here (``formats``:
``html`` with trafilatura, ``pdf`` with pypdfium2 and ``pages``), and ``links``
makes the text-fragment and ``#page=N`` links into the published document.

May import: ``checker.findings`` and the standard library and third-party
packages only. Knows nothing of claims, quotes, conflicts or the engine.
"""

from checker.documents.catalog import (
    MAX_SOURCE_BYTES,
    Boilerplate,
    SourceEntry,
    SourceError,
    boilerplate_reasons,
    provenance_finding,
    read_source,
    read_source_bytes,
    read_sources,
    resolve_source_path,
    source_finding,
    source_text,
)
from checker.documents.download import ALLOWED_TYPES, Download, DownloadRefused, Limits, NotModified, Validators, check_url, download, media_type
from checker.documents.formats import EXTRACTORS, DocumentRefused, Layers, document_kind, extract_layers
from checker.documents.gitrepo import GitError, changed_paths, earlier_version_bytes, earlier_versions
from checker.documents.links import link_for, page_link, text_fragment
from checker.documents.normalise import normalise, word_count
from checker.documents.page_metadata import PageMetadata, page_metadata
from checker.documents.safe_read import LOCALE_PROBLEM, ReadRefused, read_bounded, wide_encoding
from checker.documents.sentences import Sentence, source_sentences, split_sentences
from checker.documents.shown import plain_value, shown
from checker.documents.sourcetext import SourceText, Span

__all__ = [
    "ALLOWED_TYPES",
    "EXTRACTORS",
    "LOCALE_PROBLEM",
    "MAX_SOURCE_BYTES",
    "Boilerplate",
    "DocumentRefused",
    "Download",
    "DownloadRefused",
    "GitError",
    "Layers",
    "Limits",
    "NotModified",
    "PageMetadata",
    "ReadRefused",
    "Sentence",
    "SourceEntry",
    "SourceError",
    "SourceText",
    "Span",
    "Validators",
    "boilerplate_reasons",
    "changed_paths",
    "check_url",
    "document_kind",
    "download",
    "earlier_version_bytes",
    "earlier_versions",
    "extract_layers",
    "link_for",
    "media_type",
    "normalise",
    "page_link",
    "page_metadata",
    "plain_value",
    "provenance_finding",
    "read_bounded",
    "read_source",
    "read_source_bytes",
    "read_sources",
    "resolve_source_path",
    "shown",
    "source_finding",
    "source_sentences",
    "source_text",
    "split_sentences",
    "text_fragment",
    "wide_encoding",
    "word_count",
]
