"""Extracted text of HTML and PDF sources, cached by content hash in ``.claimcheck-cache/``.

Extraction (trafilatura, PDFium) costs far more than reading a text file, and
its result depends only on the file's bytes, the extractor's name and version
and the catalog options that shape it (``documents.formats.extraction_options``):
so a source whose bytes did not change is extracted once, however often the
claims citing it change. The documents layer asks through ``get``/``put``; the
key adds the checker's code version, so a change to our own extraction code
never reuses old text. New entries are kept in ``fresh`` and written by the
parent process with the rest of the run's cache (workers never write).
"""

from __future__ import annotations

from typing import Any

from checker.store import ResultCache, code_version, digest


class ExtractionCache:
    def __init__(self, store: ResultCache | None) -> None:
        """``store`` None: nothing to look up (a Dask worker), new entries still kept for ``take_fresh``."""
        self.store = store
        self.fresh: dict[str, tuple[str, Any]] = {}

    def get(self, name: str, key: str) -> Any | None:
        return None if self.store is None else self.store.get(name, digest(code_version(), key))

    def put(self, name: str, key: str, value: Any) -> None:
        self.fresh[name] = (digest(code_version(), key), value)

    def take_fresh(self) -> dict[str, tuple[str, Any]]:
        """The entries made since the last call (a worker sends them to the parent)."""
        fresh, self.fresh = self.fresh, {}
        return fresh

    def keep(self, fresh: dict[str, tuple[str, Any]]) -> None:
        """Hand entries made here or in a worker to the store, written when the run is flushed."""
        for name, (key, value) in fresh.items():
            if self.store is not None:
                self.store.put(name, key, value)
