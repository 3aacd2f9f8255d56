"""What a check run produces: per-claim results, conflicts, and every finding.

The library yields these and knows nothing of output; ``reporters/`` renders
them and the pytest plugin turns them into test items.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from checker.drift import Drift
from checker.findings import Finding
from checker.sourcetext import Span


@dataclass(frozen=True)
class EvidenceResult:
    source: str
    path: str | None
    quote: str
    line: int
    status: str
    """ok | missing | ambiguous | context-mismatch | too-weak | unknown-source | source-unreadable"""
    span: Span | None = None
    drift: Drift | None = None
    candidates: tuple[Span, ...] = ()


@dataclass(frozen=True)
class ClaimResult:
    id: str
    file: str
    line: int
    statement: str | None
    evidence: tuple[EvidenceResult, ...]
    findings: tuple[Finding, ...]

    @property
    def status(self) -> str:
        return "fail" if any(f.fails for f in self.findings) else "pass"


@dataclass(frozen=True)
class ConflictSide:
    claim: str
    file: str
    line: int
    source: str
    published: str
    time: str
    time_assumed: bool
    """True when the claim has no as_of and its source's publication date stands in."""
    value: str
    raw_value: str
    quote: str


@dataclass(frozen=True)
class ConflictResult:
    kind: str
    """typed (single-valued property, overlapping times, different values) | declared (contradicts:)"""
    key: str
    """subject / property [qualifiers]"""
    sides: tuple[ConflictSide, ConflictSide]
    status: str
    """unreviewed | acknowledged"""
    explanation: str | None = None
    prevails: str | None = None
    reviewed_by: str | None = None
    reviewed_on: str | None = None

    @property
    def id(self) -> str:
        return f"{self.sides[0].claim}--{self.sides[1].claim}"


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
