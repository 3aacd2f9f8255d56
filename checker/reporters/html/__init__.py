"""The HTML report: one self-contained file a person opens from disk (``claimcheck report --html``).

``render_html(root, report)`` gathers what the page shows that a ``Report`` does not
carry (each claim's subject, property and typed value, the documents' text and
coverage, the catalog's provenance) and returns the page. The page is the same
bytes for the same inputs: see ``checked_at`` for how the time stays reproducible.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from checker import __version__
from checker.documents import SourceError, resolve_source_path
from checker.engine import Report, coverage
from checker.registry import CATALOG, entity_index, load_registry, type_claims
from checker.reporters.html.data import Inputs, build
from checker.reporters.html.documents import document_block, read_texts
from checker.reporters.html.page import render_page


def checker_version() -> str:
    try:
        return version("claimcheck")
    except PackageNotFoundError:
        return __version__


def checked_at(root: Path, source_paths: list[str], claim_files: list[str]) -> tuple[str, str]:
    """When the check ran, reproducibly: ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds
    convention), else the newest modification time of the registry's inputs (the catalog, the
    claims files, the catalogued sources): the state of the registry the report describes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return _iso(int(epoch)), "SOURCE_DATE_EPOCH"
    newest = 0.0
    paths = [root / CATALOG, *(root / f for f in claim_files)]
    for rel in source_paths:
        try:
            paths.append(resolve_source_path(root, rel))  # never a file outside sources/
        except SourceError:
            continue
    for path in paths:
        try:
            newest = max(newest, path.stat().st_mtime)
        except OSError:
            continue
    return _iso(int(newest)), "newest input file"


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def render_html(root: Path, report: Report) -> str:
    registry = load_registry(root)
    typed, _ = type_claims(registry, entity_index(registry))
    texts = read_texts(root, registry.sources)
    covered = {c.source: c for c in coverage(root, report, registry)}
    stamp, stamp_from = checked_at(root, [e.path for e in registry.sources.values()], list(registry.claim_files))
    data, embedded = build(Inputs(report, registry, typed, texts, covered, checker_version(), stamp, stamp_from))
    documents = [document_block(registry.sources[sid], texts[sid], covered.get(sid)) for sid in embedded]
    return render_page("claimcheck report", data, documents)
