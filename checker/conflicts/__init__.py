"""The conflicts layer: claims that disagree, declared or typed, and candidate disagreements nobody registered.

``rules`` finds conflicts between claims (same subject, single-valued
property, qualifiers, overlapping times, values that do not agree; or
``contradicts:``) and applies acknowledgements; ``comparability`` refuses
``contradicts:`` and acknowledgements between claims whose properties cannot
be compared; ``discover`` scans the sources
for disagreements that no claim records yet.

May import: ``checker.findings``, ``checker.documents``, ``checker.values``,
``checker.registry``, ``checker.quotes``. Knows nothing of the engine.
"""

from checker.conflicts.comparability import comparability_findings, comparable
from checker.conflicts.discover import discover
from checker.conflicts.rules import ConflictResult, ConflictSide, find_conflicts

__all__ = [
    "ConflictResult",
    "ConflictSide",
    "comparability_findings",
    "comparable",
    "discover",
    "find_conflicts",
]
