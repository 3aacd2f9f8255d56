"""The check: load the registry, verify every quote, type every value, find conflicts.

``run_check(root)`` is the library's entry point; it returns a ``Report`` and
never prints. Each source is read and normalised once, however many claims
cite it (see parallel.py: by source, cached, on every core when it pays).

With a ``ResultCache`` (the CLI and the pytest plugin pass one), everything that
depends only on the YAML files (the registry, typing, support, conflicts) is
cached under their content hash, and each source's outcome under its own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from checker.conflicts import comparability_findings, find_conflicts
from checker.engine.coverage import coverage, coverage_findings
from checker.engine.edits import WholeRun, remember
from checker.engine.parallel import SourceRun, citations_by_source, load_claims_files, source_signature, start_workers
from checker.engine.parts import ReportParts, by_citation, claim_evidence, split
from checker.engine.progress import ProgressSink
from checker.engine.report import ClaimResult, ConflictResult, EvidenceResult, Report
from checker.engine.selection import Selector
from checker.findings import Finding
from checker.quotes import support_findings
from checker.registry import (
    CONFIG,
    Registry,
    RegistryConfig,
    aliases_inside_names,
    duplicate_facts,
    entity_index,
    load_config,
    load_registry,
    publication_periods,
    reference_findings,
    type_claims,
    unused_entries,
    vocabulary_usage,
)
from checker.store import Fingerprint, ResultCache, cycle_collector_paused

if TYPE_CHECKING:
    from checker.engine.distributed import Cluster


@dataclass(frozen=True)
class StaticResults:
    """Everything that depends on the YAML files alone, not on source text: cached as one."""

    registry: Registry
    loading: tuple[Finding, ...]
    """Problems found loading the files, and ids that point nowhere."""
    typing: tuple[Finding, ...]
    quality: tuple[Finding, ...]
    """Registry quality: duplicate facts, incomparable contradictions, unused vocabulary, aliases inside names."""
    support: dict[int, tuple[Finding, ...]]
    """value-unsupported findings by claim index."""
    conflicts: tuple[ConflictResult, ...]
    conflict_findings: tuple[Finding, ...]
    signatures: dict[str, str]
    """Per source, the digest of what its outcome depends on in the YAML (parallel.source_signature)."""


def static_results(registry: Registry, signatures: dict[str, str] | None = None) -> StaticResults:
    loading = (*registry.findings, *reference_findings(registry))
    entities = entity_index(registry)
    typed, typing_findings = type_claims(registry, entities)
    refs = publication_periods(registry)
    support: dict[int, tuple[Finding, ...]] = {}
    for index, claim in enumerate(registry.claims):
        if claim.id in typed and typed[claim.id].claim is claim and (found := support_findings(typed[claim.id], entities, refs)):
            support[index] = tuple(found)
    conflicts, conflict_findings = find_conflicts(registry, typed)
    quality = (*duplicate_facts(registry, typed), *comparability_findings(registry),
               *unused_entries(vocabulary_usage(registry, entities)), *aliases_inside_names(registry, entities))
    if signatures is None:
        cited = citations_by_source(registry, range(len(registry.claims)))
        signatures = {sid: source_signature(registry, sid, cited.get(sid, ())) for sid in registry.sources}
    return StaticResults(registry, loading, tuple(typing_findings), quality, support, tuple(conflicts), tuple(conflict_findings), signatures)


def run_check(root: Path, select: Selector | None = None, *, cache: ResultCache | None = None,
              fingerprint: Fingerprint | None = None, progress: ProgressSink | None = None, cluster: Cluster | None = None) -> Report:
    """Check the whole registry, or only the part ``select`` chooses (see selection.py).

    ``cache`` reuses results whose inputs are unchanged (``fingerprint``, when the
    caller already took it, saves hashing the files twice); ``progress`` hears
    about every source done; ``cluster`` (``distributed.connect``) verifies the
    sources on a Dask cluster instead of this machine's cores.
    """
    with cycle_collector_paused():
        return _run_check(Path(root), select, cache, fingerprint, progress, cluster)[0]


def _run_check(root: Path, select: Selector | None, cache: ResultCache | None, fingerprint: Fingerprint | None,
               progress: ProgressSink | None, cluster: Cluster | None) -> tuple[Report, Registry, ReportParts]:
    """The report, the registry, and for a whole run its parts (stored, with their keys, when ``cache`` is given)."""
    if cache is not None and fingerprint is None:
        fingerprint = Fingerprint.of(root, store=cache)
    yaml_key = None if cache is None or fingerprint is None else fingerprint.yaml_key
    hit = None if cache is None or yaml_key is None else cache.get("static", yaml_key)
    static = hit if isinstance(hit, StaticResults) else None
    # Loading from YAML means a cold run or edited claims: fork the workers while this process is small.
    pool = start_workers(root) if static is None else None
    try:
        registry = static.registry if static is not None else load_registry(root, partial(load_claims_files, pool=pool))
        selection = None if select is None else select(registry)
        chosen = [i for i, c in enumerate(registry.claims) if selection is None or selection.includes(c)]
        only = None if selection is None else selection.sources_to_read(registry)
        if progress is not None:
            wanted = registry.sources.keys() if only is None else only
            progress.start(len(wanted), {i: sum(1 for e in registry.claims[i].evidence if e.source in wanted) for i in chosen})
        run = SourceRun(root, registry, chosen, only, store=cache, fingerprint=fingerprint, signatures=None if static is None else static.signatures,
                        progress=None if progress is None else progress.source_done, cluster=cluster, pool=pool)
    except BaseException:
        if pool is not None:  # SourceRun did not take it over
            pool.shutdown(wait=False, cancel_futures=True)
        raise
    if static is None:
        signatures = {} if cache is None else run.signatures if selection is None else None  # only the cache needs them
        static = static_results(registry, signatures)  # while the workers, if any, verify quotes
        if cache is not None and yaml_key is not None:
            if Fingerprint.yaml_key_now(root) == yaml_key:
                cache.put("static", yaml_key, static, pickle_now=True)  # while the workers verify, and before the report exists
            else:
                cache.inputs_changed = True
    outcomes = run.outcomes()
    findings: list[Finding] = [*static.loading, *(o.source_finding for o in outcomes.values() if o.source_finding is not None), *static.typing, *static.quality]
    verified = by_citation(outcomes.values())

    per_claim: dict[str, list[Finding]] = defaultdict(list)
    evidence_by_claim: dict[str, list[EvidenceResult]] = {}
    for index in chosen:
        claim = registry.claims[index]
        results, claim_findings = claim_evidence(registry.sources, index, claim, verified)
        evidence_by_claim.setdefault(claim.id, results)
        findings.extend(claim_findings)
        findings.extend(static.support.get(index, ()))

    conflicts = list(static.conflicts)
    findings.extend(static.conflict_findings)
    if selection is not None:
        findings, conflicts = selection.narrow(registry, findings, conflicts)
    findings.sort()
    for finding in findings:
        if finding.claim is not None:
            per_claim[finding.claim].append(finding)

    claim_results = [
        ClaimResult(c.id, c.file, c.line, c.statement, tuple(evidence_by_claim.get(c.id, ())), tuple(per_claim.get(c.id, ())))
        for c in registry.claims
        if selection is None or selection.includes(c)
    ]
    claim_results += [
        ClaimResult(cid, file, line, None, (), tuple(per_claim.get(cid, ())))
        for cid, (file, line) in sorted(registry.broken_claims.items())
        if selection is None or file in selection.claim_files
    ]
    notes = () if selection is None else selection.notes
    report = Report(str(root), tuple(claim_results), tuple(conflicts), tuple(findings), tuple(sorted(registry.sources)), notes)
    config, config_findings = load_config(root)
    report = _with_registry_requirements(root, registry, report, config, config_findings, whole_run=selection is None)
    parts = split(report, registry) if selection is None else ReportParts(report, ())
    if cache is not None and fingerprint is not None and selection is None and not config.coverage_minimum and report.exit_code != 2:
        # coverage needs every source's text: a registry with a minimum is checked whole every time
        parts = remember(cache, fingerprint, parts, WholeRun(registry, outcomes, run.keys, run.inputs))
    return report, registry, parts


def _with_registry_requirements(root: Path, registry: Registry, report: Report, config: RegistryConfig, findings: list[Finding],
                                whole_run: bool) -> Report:
    """The registry's own requirements (claimcheck.toml): checked on whole runs, where they mean something."""
    notes = report.notes
    if config.coverage_minimum:
        if whole_run:
            findings += coverage_findings(coverage(root, report, registry), config)
        else:
            notes = (*notes, f"coverage minimum ({CONFIG}) not checked: it applies to whole runs")
    if not findings and notes == report.notes:
        return report
    return replace(report, findings=tuple(sorted((*report.findings, *findings))), notes=notes)
