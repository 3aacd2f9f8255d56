"""A whole run's report in parts, one per claims file: what the store keeps and the renderers render piece by piece.

A claims file's part is its claims' results and the findings located in that file.
The rest of the report (conflicts, findings located elsewhere, broken claims, the
sources) is ``ReportParts.rest``. ``split`` cuts a report into parts, ``whole``
puts them back together; ``ReportParts.counts`` and ``exit_code`` are the whole
report's, from each part's ``Tally``, so a part left unread still counts
(``edits.py`` keeps parts in the store and re-makes only those an edit touches;
``reporters/assemble.py`` renders them).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Container, Iterable
from dataclasses import dataclass, replace

from checker.engine.report import ClaimResult, EvidenceResult, Report
from checker.engine.sourcework import Citation, SourceOutcome
from checker.findings import Finding
from checker.registry import Claim, Registry
from checker.store import ResultCache

FindingCount = tuple[str, bool, bool, int]
"""(severity, is conflict-acknowledged, is an input error, how many)"""


@dataclass(frozen=True)
class Tally:
    """What the summary counts in one part, without reading it."""

    claims: int
    passed: int
    evidence: int
    findings: tuple[FindingCount, ...]


def tally(claims: Iterable[ClaimResult], findings: Iterable[Finding]) -> Tally:
    claims = tuple(claims)
    kinds = Counter((f.severity, f.rule == "conflict-acknowledged", f.is_input_error) for f in findings)
    return Tally(len(claims), sum(1 for c in claims if c.status == "pass"), sum(len(c.evidence) for c in claims),
                 tuple(sorted((*kind, n) for kind, n in kinds.items())))


@dataclass(frozen=True)
class Part:
    file: str
    key: str
    """What the part's results depend on ("" when not stored): renderings stored under it stand."""
    tally: Tally
    claims: tuple[ClaimResult, ...] | None
    """None when the part was not read (unchanged since it was stored under ``key``)."""
    findings: tuple[Finding, ...] | None


@dataclass(frozen=True)
class ReportParts:
    """A whole report: the parts in claims order, and the rest (broken claims, conflicts, other files' findings)."""

    rest: Report
    parts: tuple[Part, ...]

    def counts(self, shown: Callable[[str, bool], bool] = lambda severity, acknowledged: True) -> dict[str, int]:
        """``Report.counts`` of the whole report, its findings narrowed to those ``shown(severity, is conflict-acknowledged)``."""
        rest = self.rest.counts()
        kinds = [(sev, ack, n) for p in self.parts for sev, ack, _, n in p.tally.findings]
        kinds += [(f.severity, f.rule == "conflict-acknowledged", 1) for f in self.rest.findings]
        claims = rest["claims"] + sum(p.tally.claims for p in self.parts)
        passed = rest["passed"] + sum(p.tally.passed for p in self.parts)
        return {
            "claims": claims,
            "passed": passed,
            "failed": claims - passed,
            "evidence": rest["evidence"] + sum(p.tally.evidence for p in self.parts),
            "conflicts": rest["conflicts"],
            "acknowledged": rest["acknowledged"],
            "errors": sum(n for sev, ack, n in kinds if sev == "error" and shown(sev, ack)),
            "warnings": sum(n for sev, ack, n in kinds if sev == "warning" and shown(sev, ack)),
        }

    def input_errors(self, shown: Callable[[str, bool], bool] = lambda severity, acknowledged: True) -> int:
        own = sum(n for p in self.parts for sev, ack, input_error, n in p.tally.findings if input_error and shown(sev, ack))
        return own + sum(1 for f in self.rest.findings if f.is_input_error and shown(f.severity, f.rule == "conflict-acknowledged"))

    @property
    def exit_code(self) -> int:
        """``Report.exit_code`` of the whole report."""
        if self.input_errors():
            return 2
        return 1 if self.counts()["errors"] else 0

    def loaded(self, part: Part, store: ResultCache | None) -> Part:
        """The part with its claims and findings, read from the store when they were left unread."""
        if part.claims is not None or store is None:
            return part
        hit = store.get(f"part:{part.file}", part.key)
        if not isinstance(hit, tuple):
            raise LookupError(f"part {part.file} is gone from the store")  # a concurrent run replaced it: the caller re-checks
        return replace(part, claims=hit[0], findings=hit[1])


Verified = dict[Citation, tuple[EvidenceResult, tuple[Finding, ...]]]


def claim_evidence(known: Container[str], index: int, claim: Claim, verified: Verified) -> tuple[list[EvidenceResult], list[Finding]]:
    """A claim's evidence results and their findings, from its sources' outcomes (``known``: the catalogued source ids)."""
    results: list[EvidenceResult] = []
    findings: list[Finding] = []
    for position, evidence in enumerate(claim.evidence):
        if evidence.source not in known:
            results.append(EvidenceResult(evidence.source, None, evidence.quote, evidence.line, "unknown-source"))
            continue
        result, evidence_findings = verified[(index, position)]
        results.append(result)
        findings.extend(evidence_findings)
    return results, findings


def by_citation(outcomes: Iterable[SourceOutcome]) -> Verified:
    return {c: (r, f) for o in outcomes for c, r, f in zip(o.citations, o.results, o.findings, strict=True)}


def split(report: Report, registry: Registry) -> ReportParts:
    """The report's parts (none when its claims are not grouped by file: then it is all ``rest``)."""
    files: list[str] = []
    grouped: dict[str, list[ClaimResult]] = {}
    for claim in report.claims[: len(registry.claims)]:
        if claim.file not in grouped:
            files.append(claim.file)
            grouped[claim.file] = []
        elif files[-1] != claim.file:
            return ReportParts(report, ())
        grouped[claim.file].append(claim)
    by_file: dict[str, list[Finding]] = {f: [] for f in files}
    rest: list[Finding] = []
    for finding in report.findings:
        by_file.get(finding.file, rest).append(finding)
    parts = tuple(Part(f, "", tally(grouped[f], by_file[f]), tuple(grouped[f]), tuple(by_file[f])) for f in files)
    return ReportParts(replace(report, claims=report.claims[len(registry.claims):], findings=tuple(rest)), parts)


def whole(parts: ReportParts) -> Report:
    """The report the parts make (every part read)."""
    claims = [c for p in parts.parts for c in p.claims or ()]
    findings = sorted([f for p in parts.parts for f in p.findings or ()] + list(parts.rest.findings))
    return replace(parts.rest, claims=(*claims, *parts.rest.claims), findings=tuple(findings))


def reachable(sources: Container[str], paths: Container[str], files: Container[str]) -> Callable[[str], bool]:
    """Which stored entries a registry of these source ids, catalog paths and claims files (with claims) can still
    read: a row named for a source, a file or a claims file that is gone is never replaced, so it is deleted
    (``ResultCache.prune``). Rows are named per source (``source:ID``, parallel.py), per catalog path
    (``extract:PATH``, documents/formats.py) and per claims file (``part:`` and ``static:``, edits.py, and
    ``render:VARIANT:FILE``, reporters/assemble.py; claims files live under ``claims/``); other names are one per
    store (the layout, outputs, the pytest plan) and replaced in place."""
    def live(name: str) -> bool:
        kind, _, rest = name.partition(":")
        if kind == "source":
            return rest in sources
        if kind == "extract":
            return rest in paths
        if kind in ("part", "static") and rest:
            return rest in files
        if kind == "render":
            return rest[rest.find(":claims/") + 1:] in files
        return True

    return live
