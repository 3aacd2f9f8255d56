"""One source and every quote that cites it, verified: the unit of work wherever it runs.

``verify_source_bytes(work, data)`` is a plain function of picklable values (the
source's catalog entry and the quotes citing it, in a ``SourceWork``, and the
source's stored bytes) that returns a picklable ``SourceOutcome``. The same call
serves this process, the worker processes of ``parallel.py`` and a distributed
scheduler; ``verify_source_file`` reads the file first (size-bounded, never
through a symlink). A ``SourceWork`` carries only what verification needs from
the registry, so a worker never touches (or copies) the parent's registry.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from checker.documents import SourceEntry, SourceError, SourceText, provenance_finding, read_source, source_finding, source_text
from checker.engine.extractions import ExtractionCache
from checker.engine.report import EvidenceResult
from checker.findings import Finding
from checker.quotes import CitedQuote, verify_evidence
from checker.registry import Registry

Citation = tuple[int, int]
"""(index of the claim in registry.claims, index of the evidence in claim.evidence)"""


@dataclass(frozen=True)
class SourceOutcome:
    source_id: str
    citations: tuple[Citation, ...]
    results: tuple[EvidenceResult, ...]
    """One per citation, in the same order."""
    findings: tuple[tuple[Finding, ...], ...]
    """One tuple per citation."""
    source_finding: Finding | None
    """Why the source could not be read, if it could not."""


@dataclass(frozen=True)
class SourceWork:
    """A source's catalog entry and the quotes citing it, with where each sits in the registry."""

    entry: SourceEntry
    citations: tuple[Citation, ...]
    quotes: tuple[CitedQuote, ...]
    """One per citation, in the same order."""

    @classmethod
    def of(cls, registry: Registry, source_id: str, citations: tuple[Citation, ...]) -> SourceWork:
        return cls(registry.sources[source_id], citations, tuple(CitedQuote.of(registry.claims[ci], ei) for ci, ei in citations))


def verify_text(work: SourceWork, text: SourceText) -> SourceOutcome:
    """Every quote located (and diagnosed when missing) in the source's text, read once."""
    results, findings = [], []
    for cited in work.quotes:
        result, evidence_findings = verify_evidence(cited, work.entry, text)
        results.append(result)
        findings.append(tuple(evidence_findings))
    return SourceOutcome(work.entry.id, work.citations, tuple(results), tuple(findings), provenance_finding(work.entry, text))


def _unreadable(work: SourceWork, error: SourceError) -> SourceOutcome:
    entry, results, findings = work.entry, [], []
    for cited in work.quotes:
        evidence = cited.evidence
        results.append(EvidenceResult(evidence.source, f"sources/{entry.path}", evidence.quote, evidence.line, "source-unreadable"))
        findings.append((Finding(cited.claim_file, evidence.line, evidence.col, "source-unreadable",
                                 f"source `{entry.id}` cannot be read: {error.message}", claim=cited.claim_id, source=entry.id),))
    return SourceOutcome(entry.id, work.citations, tuple(results), tuple(findings), source_finding(entry, error))


def verify_source_bytes(work: SourceWork, data: bytes, extractions: ExtractionCache | None = None) -> SourceOutcome:
    """The outcome of a source given its stored bytes (HTML and PDF extracted; ``extractions`` caches that)."""
    try:
        text = source_text(work.entry, f"sources/{work.entry.path}", data, extractions)
    except SourceError as exc:
        return _unreadable(work, exc)
    return verify_text(work, text)


def verify_source_file(root: Path, work: SourceWork, extractions: ExtractionCache | None = None) -> SourceOutcome:
    """The outcome of a source read from the registry at ``root``."""
    try:
        text = read_source(root, work.entry, extractions)
    except SourceError as exc:
        return _unreadable(work, exc)
    return verify_text(work, text)
