"""The check: load the registry, verify every quote, type every value, find conflicts.

``run_check(root)`` is the library's entry point; it returns a ``Report`` and
never prints. Each source is read and normalised once, however many claims
cite it.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from checker.conflicts import find_conflicts
from checker.findings import Finding
from checker.model import Claim, Registry
from checker.references import reference_findings
from checker.registry import load_registry
from checker.report import ClaimResult, EvidenceResult, Report
from checker.sources import SourceError, read_source, source_finding
from checker.sourcetext import SourceText
from checker.support import support_findings
from checker.typed import entity_index, publication_period, type_claims
from checker.verify import verify_evidence


def read_sources(root: Path, registry: Registry) -> tuple[dict[str, SourceText], dict[str, SourceError], list[Finding]]:
    texts: dict[str, SourceText] = {}
    errors: dict[str, SourceError] = {}
    findings: list[Finding] = []
    for source_id, entry in sorted(registry.sources.items()):
        try:
            texts[source_id] = read_source(root, entry)
        except SourceError as exc:
            errors[source_id] = exc
            findings.append(source_finding(entry, exc))
    return texts, errors, findings


def _check_claim(registry: Registry, claim: Claim, texts: dict[str, SourceText], errors: dict[str, SourceError]) -> tuple[list[EvidenceResult], list[Finding]]:
    results: list[EvidenceResult] = []
    findings: list[Finding] = []
    for evidence in claim.evidence:
        entry = registry.sources.get(evidence.source)
        text = texts.get(evidence.source)
        if entry is None or text is None:
            status = "unknown-source" if entry is None else "source-unreadable"
            path = None if entry is None else f"sources/{entry.path}"
            results.append(EvidenceResult(evidence.source, path, evidence.quote, evidence.line, status))
            if entry is not None:
                findings.append(Finding(claim.file, evidence.line, evidence.col, "source-unreadable",
                                        f"source `{evidence.source}` cannot be read: {errors[evidence.source].message}",
                                        claim=claim.id, source=evidence.source))
            continue
        result, evidence_findings = verify_evidence(claim, evidence, entry, text)
        results.append(result)
        findings.extend(evidence_findings)
    return results, findings


def run_check(root: Path) -> Report:
    root = Path(root)
    registry = load_registry(root)
    findings: list[Finding] = [*registry.findings, *reference_findings(registry)]
    texts, errors, source_findings = read_sources(root, registry)
    findings.extend(source_findings)

    entities = entity_index(registry)
    typed, typing_findings = type_claims(registry, entities)
    findings.extend(typing_findings)
    refs = {sid: p for sid in registry.sources if (p := publication_period(registry, sid)) is not None}

    per_claim: dict[str, list[Finding]] = defaultdict(list)
    evidence_by_claim: dict[str, list[EvidenceResult]] = {}
    for claim in registry.claims:
        results, claim_findings = _check_claim(registry, claim, texts, errors)
        evidence_by_claim.setdefault(claim.id, results)
        findings.extend(claim_findings)
        if claim.id in typed and typed[claim.id].claim is claim:
            findings.extend(support_findings(typed[claim.id], entities, refs))

    conflicts, conflict_findings = find_conflicts(registry, typed)
    findings.extend(conflict_findings)
    findings.sort()
    for finding in findings:
        if finding.claim is not None:
            per_claim[finding.claim].append(finding)

    claim_results = [
        ClaimResult(c.id, c.file, c.line, c.statement, tuple(evidence_by_claim.get(c.id, ())), tuple(per_claim.get(c.id, ())))
        for c in registry.claims
    ]
    claim_results += [
        ClaimResult(cid, file, line, None, (), tuple(per_claim.get(cid, ())))
        for cid, (file, line) in sorted(registry.broken_claims.items())
    ]
    return Report(str(root), tuple(claim_results), tuple(conflicts), tuple(findings), tuple(sorted(registry.sources)))
