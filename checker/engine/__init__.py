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

from checker.engine.check import check_parts, cycle_collector_paused, run_check
from checker.engine.coverage import SourceCoverage, coverage
from checker.engine.distributed import INSTALL_HINT, Cluster, SchedulerError, connect
from checker.engine.parts import Part, ReportParts, whole
from checker.engine.progress import TerminalProgress, wanted
from checker.engine.report import ClaimResult, ConflictResult, ConflictSide, EvidenceResult, Report
from checker.engine.selection import Selection, Selector, named_part
from checker.store import CACHE_DIR, Fingerprint, ResultCache, digest

__all__ = [
    "CACHE_DIR",
    "INSTALL_HINT",
    "ClaimResult",
    "Cluster",
    "ConflictResult",
    "ConflictSide",
    "EvidenceResult",
    "Fingerprint",
    "Part",
    "Report",
    "ReportParts",
    "ResultCache",
    "SchedulerError",
    "Selection",
    "Selector",
    "SourceCoverage",
    "TerminalProgress",
    "check_parts",
    "connect",
    "coverage",
    "cycle_collector_paused",
    "digest",
    "named_part",
    "run_check",
    "wanted",
    "whole",
]
