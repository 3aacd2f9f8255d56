"""Checking part of a registry: which claims, which sources, and what the run then reports.

``run_check(root, select=...)`` asks a selector (e.g. ``changed.since``) for a
``Selection`` once the registry is loaded. Only the selected claims' quotes are
verified and only the sources they cite (plus the selected sources) are read;
every claim is still typed, because a conflict involving a selected claim needs
the value of the claim on its other side. ``narrow`` then keeps exactly the
findings and conflicts a full run would report about the selected part, so the
verdict on a selected claim is the full run's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from checker.engine.report import ConflictResult
from checker.findings import Finding
from checker.registry import Claim, Registry


@dataclass(frozen=True)
class Selection:
    claim_files: frozenset[str]
    """Every claim living in one of these claims files is checked."""
    source_ids: frozenset[str]
    """Every claim citing one of these sources is checked, and the sources are read even if nothing cites them."""
    notes: tuple[str, ...] = ()
    """What was skipped and why, for Report.notes."""
    named_claims: frozenset[str] = frozenset()
    """Claims checked by id (``check --claim ID``), wherever they live."""

    def includes(self, claim: Claim) -> bool:
        return claim.file in self.claim_files or claim.id in self.named_claims or any(e.source in self.source_ids for e in claim.evidence)

    def sources_to_read(self, registry: Registry) -> frozenset[str]:
        cited = {e.source for c in registry.claims if self.includes(c) for e in c.evidence}
        return frozenset((cited | self.source_ids) & registry.sources.keys())

    def claim_ids(self, registry: Registry) -> frozenset[str]:
        ids = {c.id for c in registry.claims if self.includes(c)}
        ids.update(cid for cid, (file, _) in registry.broken_claims.items() if file in self.claim_files or cid in self.named_claims)
        return frozenset(ids)

    def narrow(
        self, registry: Registry, findings: Iterable[Finding], conflicts: Iterable[ConflictResult]
    ) -> tuple[list[Finding], list[ConflictResult]]:
        """The findings and conflicts about the selected claims; those about other claims are dropped.

        A conflict stays when either side is selected or its acknowledgement lives in a
        selected claims file. Findings about no claim (a malformed file, an unreadable
        source that was read) always stay: bad input is never hidden.
        """
        ids = self.claim_ids(registry)
        acked_here = {frozenset(a.claims) for a in registry.acknowledgements if a.file in self.claim_files}
        kept_conflicts = [c for c in conflicts if ids & {s.claim for s in c.sides} or frozenset(s.claim for s in c.sides) in acked_here]
        kept_conflict_ids = {c.id for c in kept_conflicts}

        def about_selection(finding: Finding) -> bool:
            if finding.claim is not None:
                return finding.claim in ids
            if finding.conflict is not None:
                pair = frozenset(finding.conflict.split("--", 1))
                return finding.conflict in kept_conflict_ids or bool(ids & pair) or finding.file in self.claim_files
            return True

        return [f for f in findings if about_selection(f)], kept_conflicts


Selector = Callable[[Registry], Selection]
"""Chooses the part of a loaded registry to check."""


def named_part(registry: Registry, places: Iterable[str], claim_ids: Iterable[str]) -> Selection:
    """The claims in the named claims files or folders (posix, relative to the root) and the claims named by id."""
    places = [p.rstrip("/") for p in places]
    files = frozenset(f for f in registry.claim_files if any(f == p or f.startswith(f"{p}/") for p in places))
    chosen = Selection(files, frozenset(), (), frozenset(claim_ids))
    checked = sum(1 for c in registry.claims if chosen.includes(c))
    asked = ", ".join([*places, *(f"--claim {i}" for i in claim_ids)])
    note = f"checked {checked} of {len(registry.claims)} claims ({asked}) and the conflicts involving them"
    return Selection(files, frozenset(), (note,), frozenset(claim_ids))
