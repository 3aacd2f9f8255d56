"""JSON with stable keys (sorted, documented in the README), for machines.

Paths are relative to the registry root so output is identical on every machine.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from checker.documents import Span
from checker.engine import ClaimResult, ConflictResult, EvidenceResult, Report
from checker.findings import Finding
from checker.quotes import Drift
from checker.reporters.escape import json_visible

FORMAT_VERSION = 1


def span_dict(span: Span | None) -> dict[str, int | None] | None:
    if span is None:
        return None
    return {"start": span.start, "end": span.end, "line": span.line, "col": span.col, "end_line": span.end_line, "end_col": span.end_col,
            "page": span.page, "page_line": span.page_line}


def drift_dict(drift: Drift | None) -> dict[str, Any] | None:
    if drift is None:
        return None
    return {"score": drift.score, "context_score": drift.context_score, "span": span_dict(drift.span), "text": drift.text, "diff": drift.diff}


def evidence_dict(result: EvidenceResult) -> dict[str, Any]:
    return {
        "source": result.source,
        "path": result.path,
        "quote": result.quote,
        "line": result.line,
        "status": result.status,
        "match": span_dict(result.span),
        "near": drift_dict(result.drift),
        "candidates": [span_dict(s) for s in result.candidates],
        "link": result.link,
    }


def finding_dict(finding: Finding) -> dict[str, Any]:
    return {
        "rule": finding.rule,
        "severity": finding.severity,
        "file": finding.file,
        "line": finding.line,
        "col": finding.col,
        "message": finding.message,
        "claim": finding.claim,
        "source": finding.source,
        "conflict": finding.conflict,
        "input_error": finding.is_input_error,
    }


def conflict_dict(conflict: ConflictResult) -> dict[str, Any]:
    return {
        "id": conflict.id,
        "kind": conflict.kind,
        "key": conflict.key,
        "status": conflict.status,
        "explanation": conflict.explanation,
        "prevails": conflict.prevails,
        "reviewed_by": conflict.reviewed_by,
        "reviewed_on": conflict.reviewed_on,
        "sides": [
            {
                "claim": s.claim, "file": s.file, "line": s.line, "source": s.source, "published": s.published,
                "time": s.time, "time_assumed": s.time_assumed, "value": s.value, "raw_value": s.raw_value, "quote": s.quote,
            }
            for s in conflict.sides
        ],
    }


def claim_dict(claim: ClaimResult) -> dict[str, Any]:
    return {
        "id": claim.id, "file": claim.file, "line": claim.line, "status": claim.status, "statement": claim.statement,
        "evidence": [evidence_dict(e) for e in claim.evidence],
        "findings": [f.rule for f in claim.findings],
    }


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "summary": {**report.counts(), "exit_code": report.exit_code},
        "claims": [claim_dict(c) for c in report.claims],
        "conflicts": [conflict_dict(c) for c in report.conflicts],
        "findings": [finding_dict(f) for f in report.findings],
        "notes": list(report.notes),
    }


def _dumps(value: object) -> str:
    # Compact: with ``indent`` the json module falls back to its pure-Python encoder, ~10x slower
    # (7 s for 50,000 claims); pipe through ``python3 -m json.tool`` or ``jq`` to read it.
    # Controls, bidi and invisible characters as \u escapes: the same data, nothing a terminal acts on.
    return json_visible(json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")))


def pieces(claims: Iterable[ClaimResult], findings: Iterable[Finding]) -> tuple[str, str]:
    """The JSON of some claims and of some findings, each a list's items without the brackets."""
    return ",".join(_dumps(claim_dict(c)) for c in claims), ",".join(_dumps(finding_dict(f)) for f in findings)


def assemble(summary: dict[str, int], claims: Iterable[str], conflicts: Iterable[ConflictResult], findings: Iterable[str], notes: Iterable[str]) -> list[str]:
    """The document ``render`` writes, from pieces (keys in sorted order, as ``sort_keys`` puts them), as the strings
    it is made of in order: each non-empty piece is one of them, the very object given (``reporters.assemble`` tells
    the stored ones apart by that, rather than searching 40 MB of output for them)."""
    return ['{"claims":[', *_items(claims), f'],"conflicts":{_dumps([conflict_dict(c) for c in conflicts])},"findings":[', *_items(findings),
            f'],"notes":{_dumps(list(notes))},"summary":{_dumps(summary)},"version":{_dumps(FORMAT_VERSION)}}}\n']


def _items(pieces: Iterable[str]) -> list[str]:
    """The non-empty pieces with a comma between each two."""
    items: list[str] = []
    for piece in pieces:
        if piece:
            items += [",", piece] if items else [piece]
    return items


def render(report: Report) -> str:
    claims, findings = pieces(report.claims, report.findings)
    return "".join(assemble({**report.counts(), "exit_code": report.exit_code}, [claims], report.conflicts, [findings], report.notes))
