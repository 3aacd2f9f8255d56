"""Quote verification: does each pinned quote still stand in its source?

Rules: ``quote-too-weak`` (a fragment under three words), ``quote-missing``
(not found; the finding carries the drift diagnosis), ``quote-ambiguous``
(found more than once, no context singles one out), ``quote-in-boilerplate``
(the quote sits in a line the catalog marks as not being document content).
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.documents import SourceEntry, SourceText, Span, boilerplate_reasons, normalise
from checker.findings import Finding
from checker.quotes.conventions import MIN_WORDS, parse_quote
from checker.quotes.drift import MIN_SIMILARITY, Drift, diagnose
from checker.quotes.matcher import locate
from checker.registry import Claim, Evidence


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


def _where(span: Span) -> str:
    return f"{span.line}:{span.col}"


def drift_details(drift: Drift | None, quote: str) -> tuple[str, ...]:
    if drift is None:
        return (f"quote: {quote}", f"no similar text remains in the source (nothing reaches similarity {MIN_SIMILARITY:g})")
    context = "" if drift.context_score is None else f", context {drift.context_score:g}%"
    return (
        f"quote: {quote}",
        f"nearest text, {drift.score:g}% similar{context}, at line {_where(drift.span)} (chars {drift.span.start}-{drift.span.end}):",
        f"  {' '.join(drift.text.split())}",
        f"diff: {drift.diff}",
    )


def verify_evidence(claim: Claim, evidence: Evidence, entry: SourceEntry, source: SourceText) -> tuple[EvidenceResult, list[Finding]]:
    pattern = parse_quote(evidence.quote)
    base = dict(source=evidence.source, path=source.path, quote=evidence.quote, line=evidence.line)

    def finding(rule: str, message: str, details: tuple[str, ...] = ()) -> Finding:
        return Finding(claim.file, evidence.line, evidence.col, rule, message, claim=claim.id, source=evidence.source, details=details)

    weak = pattern.weak_fragments
    if weak or not pattern.fragments:
        fragment = weak[0] if weak else evidence.quote
        return EvidenceResult(**base, status="too-weak"), [
            finding("quote-too-weak", f"quote fragment {fragment!r} has fewer than {MIN_WORDS} words; quote more of the sentence")
        ]
    located = locate(source, pattern, evidence.prefix, evidence.suffix)
    if located.status == "found":
        assert located.span is not None
        span = located.span
        findings = []
        boilerplate = boilerplate_reasons(entry)
        for line_no in range(span.line, span.end_line + 1):
            reason = boilerplate.get(normalise(source.line_text(line_no))) if boilerplate else None
            if reason is not None:
                findings.append(finding("quote-in-boilerplate", f"quote cites boilerplate line {line_no} of {source.path} ({reason})"))
        return EvidenceResult(**base, status="ok", span=span), findings
    if located.status == "ambiguous":
        places = ", ".join(_where(s) for s in located.candidates)
        return EvidenceResult(**base, status="ambiguous", candidates=located.candidates), [
            finding("quote-ambiguous", f"quote occurs {len(located.candidates)}+ times in {source.path} (at {places}); add prefix or suffix to single one out")
        ]
    drift = diagnose(source, pattern.text, evidence.prefix, evidence.suffix)
    if located.status == "context-mismatch":
        places = ", ".join(_where(s) for s in located.candidates)
        message = f"quote occurs in {source.path} (at {places}) but not with its pinned prefix/suffix"
    elif drift is None:
        message = f"quote not found in {source.path}; no similar text remains"
    else:
        message = f"quote not found in {source.path}; nearest text {drift.score:g}% similar at line {_where(drift.span)}"
    return EvidenceResult(**base, status=located.status, drift=drift, candidates=located.candidates), [
        finding("quote-missing", message, drift_details(drift, evidence.quote))
    ]
