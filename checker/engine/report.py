"""What a check run produces: per-claim results, conflicts, and every finding.

The library yields these and knows nothing of output; ``reporters/`` renders
them and the pytest plugin turns them into test items.

The per-claim and per-conflict values are defined by the layers that make them
(``quotes`` and ``conflicts``) and re-exported here with the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.conflicts import ConflictResult, ConflictSide
from checker.findings import Finding
from checker.quotes import ClaimResult, EvidenceResult


@dataclass(frozen=True)
class Report:
    root: str
    claims: tuple[ClaimResult, ...]
    conflicts: tuple[ConflictResult, ...]
    findings: tuple[Finding, ...]
    """Every finding, sorted by file, line, column, rule."""
    sources: tuple[str, ...] = ()
    """Ids of every catalogued source, cited or not."""
    notes: tuple[str, ...] = field(default=())
    """What the run left out and why (e.g. --changed-since skipped claims)."""

    @property
    def exit_code(self) -> int:
        if any(f.is_input_error for f in self.findings):
            return 2
        return 1 if any(f.fails for f in self.findings) else 0

    def counts(self) -> dict[str, int]:
        return {
            "claims": len(self.claims),
            "passed": sum(1 for c in self.claims if c.status == "pass"),
            "failed": sum(1 for c in self.claims if c.status == "fail"),
            "evidence": sum(len(c.evidence) for c in self.claims),
            "conflicts": sum(1 for c in self.conflicts if c.status == "unreviewed"),
            "acknowledged": sum(1 for c in self.conflicts if c.status == "acknowledged"),
            "errors": sum(1 for f in self.findings if f.severity == "error"),
            "warnings": sum(1 for f in self.findings if f.severity == "warning"),
        }


__all__ = ["ClaimResult", "ConflictResult", "ConflictSide", "EvidenceResult", "Report"]
