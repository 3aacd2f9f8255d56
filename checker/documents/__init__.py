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

from checker import lazy_layer

__all__ = lazy_layer(__name__, {
    "catalog": (
        "MAX_SOURCE_BYTES",
        "Boilerplate",
        "SourceEntry",
        "SourceError",
        "boilerplate_reasons",
        "provenance_finding",
        "read_source",
        "read_source_bytes",
        "read_sources",
        "resolve_source_path",
        "source_finding",
        "source_text",
    ),
    "download": (
        "ALLOWED_TYPES",
        "Download",
        "DownloadRefused",
        "Limits",
        "NotModified",
        "Validators",
        "check_url",
        "download",
        "media_type",
    ),
    "formats": ("DocumentRefused", "Layers", "document_kind", "extract_layers", "extractor"),
    "gitrepo": ("GitError", "changed_paths", "earlier_version_bytes", "earlier_versions"),
    "links": ("link_for", "page_link", "text_fragment"),
    "normalise": ("normalise", "word_count"),
    "page_metadata": ("PageMetadata", "page_metadata"),
    "safe_read": ("LOCALE_PROBLEM", "ReadRefused", "read_bounded", "wide_encoding"),
    "sentences": ("Sentence", "source_sentences", "split_sentences"),
    "shown": ("plain_value", "shown"),
    "sourcetext": ("SourceText", "Span"),
})
