"""The engine: one check run over a registry, and what it produces.

``check.run_check(root) -> Report`` loads the registry, verifies every quote
(``parallel``: by source, on every core when it pays, or on a
Dask cluster: ``distributed``), finds conflicts, and
assembles the ``Report`` (``report``); ``cache`` keeps results between runs,
keyed by file hashes and the checker's code; ``selection`` restricts a run to
what changed; ``progress`` tells a terminal how far it is; ``coverage`` counts
the sentences of each source that claims cite.

May import: every layer below it (``findings``, ``documents``, ``values``,
``registry``, ``quotes``, ``conflicts``). Knows nothing of output formats.
"""

from checker import lazy_layer
from checker.store import CACHE_DIR, Fingerprint, ResultCache, digest

__all__ = ["CACHE_DIR", "Fingerprint", "ResultCache", "digest", *lazy_layer(__name__, {
    "check": ("run_check",),
    "coverage": ("SourceCoverage", "coverage"),
    "distributed": ("INSTALL_HINT", "Cluster", "SchedulerError", "connect"),
    "edits": ("check_parts", "cycle_collector_paused"),
    "parts": ("Part", "ReportParts", "whole"),
    "progress": ("TerminalProgress", "wanted"),
    "report": ("ClaimResult", "ConflictResult", "ConflictSide", "EvidenceResult", "Report"),
    "selection": ("Selection", "Selector", "named_part"),
})]
