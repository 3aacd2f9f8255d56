"""Parts kept in the store, so that after an edit of sources only the parts it touches are made again.

A part depends on the YAML files (a claim's findings may come from conflicts with
claims elsewhere) and on the outcomes of the sources its claims cite, so its key
is the digest of the YAML key and of those sources' outcome keys. A whole run
(``remember``) keeps every part, what the YAML alone gives each (``FileStatic``),
and a ``Layout``: what each source's outcome key is made of, each part's key and
tally, and the rest of the report.

``after_edit`` reads the layout, works out which sources' keys changed (from the
fingerprint), verifies only those, and rebuilds only the parts whose claims cite
them; every other part is left unread (``Part.claims`` is None) and the
renderers use what they stored for it under its key. Anything else (no layout
for these YAML files and settings, sources over ``PARALLEL_MIN_BYTES`` to verify)
is a whole check (``check.check_parts``), split into parts and kept.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, cast

from checker.documents import SourceEntry
from checker.engine.extractions import ExtractionCache
from checker.engine.parallel import PARALLEL_MIN_BYTES, source_file_hash, source_size, still_as_hashed, task_key
from checker.engine.parts import Part, ReportParts, Verified, by_citation, claim_evidence, reachable, tally
from checker.engine.report import ClaimResult, Report
from checker.engine.sourcework import Citation, SourceOutcome, SourceWork, verify_source_file
from checker.findings import Finding
from checker.quotes import CitedQuote
from checker.registry import Claim, Registry
from checker.store import CONFIG, Fingerprint, ResultCache, code_version, cycle_collector_paused, digest

if TYPE_CHECKING:
    from checker.engine.distributed import Cluster
    from checker.engine.progress import ProgressSink


@dataclass(frozen=True)
class FileStatic:
    """What a part needs from the YAML files: its claims (by index) with their YAML-only findings, and the file's."""

    claims: tuple[tuple[int, Claim, tuple[Finding, ...]], ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Layout:
    """Everything of the last whole run that a run after an edit of sources needs, besides the parts."""

    source_inputs: dict[str, tuple[SourceEntry, str, tuple[Citation, ...]]]
    """Per source: catalog entry, signature and citations (what its outcome key is made of, besides its bytes)."""
    keys: dict[str, str]
    """Per source: the key its stored outcome has."""
    source_findings: dict[str, Finding]
    """Why a source could not be read, for each that could not."""
    cited: dict[str, tuple[str, ...]]
    """Per claims file: the sources its claims cite."""
    parts: tuple[Part, ...]
    """Unread (claims None), with key and tally."""
    rest: Report
    """Findings: those located outside claims files that depend on YAML alone (sorted)."""
    hashes: dict[str, str | None]
    """Per source: the file digest its key was made with, as the fingerprint had it (None: not there, e.g. a symlink).
    A source whose digest is the same keeps its key: 2,000 keys are not made again to find the one that changed."""


def _layout_key(fingerprint: Fingerprint) -> str:
    """The layout holds findings about claimcheck.toml too: its key covers that file besides the YAML."""
    return digest(code_version(), "layout", fingerprint.yaml_key, fingerprint.entries.get(CONFIG))


def part_key(yaml_key: str, cited: Iterable[str], keys: dict[str, str]) -> str:
    return digest(yaml_key, [(sid, keys[sid]) for sid in cited])


@dataclass(frozen=True)
class WholeRun:
    """What a whole check leaves for ``remember``."""

    registry: Registry
    outcomes: dict[str, SourceOutcome]
    keys: dict[str, str]
    inputs: dict[str, tuple[SourceEntry, str, tuple[Citation, ...]]]


def remember(store: ResultCache, fingerprint: Fingerprint, parts: ReportParts, run: WholeRun) -> ReportParts:
    """Keep a whole run's parts and layout. Not when a quote's finding lies outside its claim's file (a part's key
    would not cover it) nor when a file changed during the run: then the next run checks whole."""
    registry, outcomes = run.registry, run.outcomes
    if store.inputs_changed or set(run.keys) != set(registry.sources) or any(
            f.file != registry.claims[ci].file for o in outcomes.values() for (ci, _), fs in zip(o.citations, o.findings, strict=True) for f in fs):
        return parts
    evidence = {f for o in outcomes.values() for fs in o.findings for f in fs}
    static_by_claim: dict[str, list[Finding]] = {}
    for finding in (f for p in parts.parts for f in p.findings or ()):
        if finding.claim is not None and finding not in evidence:
            static_by_claim.setdefault(finding.claim, []).append(finding)
    for finding in parts.rest.findings:
        if finding.claim is not None:
            static_by_claim.setdefault(finding.claim, []).append(finding)
    cited: dict[str, set[str]] = {p.file: set() for p in parts.parts}
    members: dict[str, list[tuple[int, Claim, tuple[Finding, ...]]]] = {p.file: [] for p in parts.parts}
    for index, claim in enumerate(registry.claims):
        cited[claim.file].update(e.source for e in claim.evidence if e.source in registry.sources)
        members[claim.file].append((index, claim, tuple(sorted(static_by_claim.get(claim.id, ())))))
    yaml_key = fingerprint.yaml_key
    keyed = []
    for part in parts.parts:
        key = part_key(yaml_key, sorted(cited[part.file]), run.keys)
        store.put(f"part:{part.file}", key, (part.claims, part.findings))
        own = tuple(f for f in part.findings or () if f not in evidence)
        store.put(f"static:{part.file}", yaml_key, FileStatic(tuple(members[part.file]), own))
        keyed.append(replace(part, key=key))
    source_findings = {sid: o.source_finding for sid, o in outcomes.items() if o.source_finding is not None}
    rest = replace(parts.rest, findings=tuple(f for f in parts.rest.findings if f not in source_findings.values()))
    unread = tuple(replace(p, claims=None, findings=None) for p in keyed)
    hashes = {sid: fingerprint.source(entry.path) for sid, entry in registry.sources.items()}
    store.put("layout", _layout_key(fingerprint),
              Layout(run.inputs, run.keys, source_findings, {f: tuple(sorted(s)) for f, s in cited.items()}, unread, rest, hashes))
    store.prune(reachable(set(registry.sources), {entry.path for entry in registry.sources.values()}, set(cited)))
    return ReportParts(parts.rest, tuple(keyed))


def check_parts(root: Path, *, cache: ResultCache | None = None, fingerprint: Fingerprint | None = None,
                progress: ProgressSink | None = None, cluster: Cluster | None = None) -> ReportParts:
    """The whole registry's report in parts (parts.py): with ``cache``, after an edit of sources alone only the
    parts the edit touches are made again and the others are left unread in the store. An edit small enough
    for one process (below the pool's threshold) is verified here even with a ``cluster``: shipping it costs more."""
    root = Path(root)
    with cycle_collector_paused():
        if cache is not None:
            fingerprint = fingerprint or Fingerprint.of(root, store=cache)
            found = after_edit(root, cache, fingerprint)
            if found is not None:
                return found
        from checker.engine.check import _run_check  # a whole check: the registry, typing, conflicts (not needed above)

        return _run_check(root, None, cache, fingerprint, progress, cluster)[2]


def after_edit(root: Path, store: ResultCache, fingerprint: Fingerprint) -> ReportParts | None:
    """The whole report when only sources changed since the stored layout, making only the parts they touch; else None."""
    layout = store.get("layout", _layout_key(fingerprint))
    if not isinstance(layout, Layout):
        return None
    yaml_key = fingerprint.yaml_key
    hashes = {sid: source_file_hash(root, entry.path, fingerprint) for sid, (entry, _, _) in layout.source_inputs.items()}
    keys = {sid: layout.keys[sid] if layout.hashes.get(sid) == file_hash else task_key(file_hash, *layout.source_inputs[sid][1:])
            for sid, file_hash in hashes.items()}
    changed = sorted(sid for sid, key in keys.items() if key != layout.keys.get(sid))
    if sum(source_size(root, layout.source_inputs[sid][0].path) for sid in changed) >= PARALLEL_MIN_BYTES:
        return None  # worth the worker pool of a whole check
    touched = {p.file for p in layout.parts if not set(layout.cited[p.file]).isdisjoint(changed)}
    statics = {file: store.get(f"static:{file}", yaml_key) for file in sorted(touched)}
    if not all(isinstance(s, FileStatic) for s in statics.values()):
        return None
    claims = {index: claim for s in statics.values() for index, claim, _ in cast(FileStatic, s).claims}
    extractions = ExtractionCache(store)
    outcomes: dict[str, SourceOutcome] = {}
    for sid in changed:
        entry, _, citations = layout.source_inputs[sid]
        work = SourceWork(entry, citations, tuple(CitedQuote.of(claims[ci], ei) for ci, ei in citations))
        outcomes[sid] = verify_source_file(root, work, extractions)
        if not still_as_hashed(root, entry.path, hashes[sid]):
            store.inputs_changed = True  # changed while read: nothing of this run is kept
    extractions.keep(extractions.take_fresh())
    for sid in sorted({s for file in touched for s in layout.cited[file]} - set(changed)):
        hit = store.get(f"source:{sid}", keys[sid])
        if not isinstance(hit, SourceOutcome):
            return None
        outcomes[sid] = hit
    verified = by_citation(outcomes.values())
    parts = []
    for part in layout.parts:
        if part.file in touched:
            part = _rebuilt(part.file, cast(FileStatic, statics[part.file]), layout.source_inputs.keys(), verified,
                            part_key(yaml_key, layout.cited[part.file], keys))
        parts.append(part)
    source_findings = {sid: f for sid, f in layout.source_findings.items() if sid not in outcomes}
    source_findings.update({sid: o.source_finding for sid, o in outcomes.items() if o.source_finding is not None})
    rest = replace(layout.rest, findings=tuple(sorted((*layout.rest.findings, *source_findings.values()))))
    if changed and not store.inputs_changed:  # nothing changed (another format asked for): nothing to write
        for sid in changed:
            store.put(f"source:{sid}", keys[sid], outcomes[sid])
        for part in parts:
            if part.claims is not None:
                store.put(f"part:{part.file}", part.key, (part.claims, part.findings))
        unread = tuple(replace(p, claims=None, findings=None) for p in parts)
        store.put("layout", _layout_key(fingerprint), replace(layout, keys=keys, source_findings=source_findings, parts=unread, hashes=hashes))
    return ReportParts(rest, tuple(parts))


def _rebuilt(file: str, static: FileStatic, known: Container[str], verified: Verified, key: str) -> Part:
    claims: list[ClaimResult] = []
    findings = list(static.findings)
    for index, claim, own in static.claims:
        results, found = claim_evidence(known, index, claim, verified)
        findings.extend(found)
        claims.append(ClaimResult(claim.id, claim.file, claim.line, claim.statement, tuple(results), tuple(sorted((*own, *found)))))
    findings.sort()
    return Part(file, key, tally(claims, findings), tuple(claims), tuple(findings))
