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

from checker import lazy_layer

__all__ = lazy_layer(__name__, {
    "comparability": ("comparability_findings", "comparable"),
    "discover": ("discover",),
    "results": ("ConflictResult", "ConflictSide"),
    "rules": ("find_conflicts",),
})
