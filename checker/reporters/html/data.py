"""The data the HTML report embeds: one JSON document, built from a Report, the registry and the sources.

Everything in it comes from claims and sources written by strangers: the page
inserts it as text only (see report.js), and links are kept only when they are
http(s) URLs. Built from sorted inputs, so the same registry gives the same bytes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from checker.documents import SourceEntry
from checker.engine import Report, SourceCoverage
from checker.findings import Finding
from checker.quotes import ClaimResult, Drift, EvidenceResult
from checker.registry import Claim, Registry, TypedClaim
from checker.reporters.html.documents import DocumentText, Utf16
from checker.reporters.json_report import conflict_dict


@dataclass(frozen=True)
class Inputs:
    report: Report
    registry: Registry
    typed: dict[str, TypedClaim]
    texts: dict[str, DocumentText]
    coverage: dict[str, SourceCoverage]
    version: str
    checked_at: str
    checked_at_from: str


def safe_url(value: object) -> str | None:
    """An http(s) URL, or None: a ``javascript:`` or ``data:`` link from a catalog must never reach an href."""
    if not isinstance(value, str) or any(ch.isspace() or ord(ch) < 32 for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in {"http", "https"} and parts.netloc else None


def word_segments(old: str, new: str) -> tuple[list[list[str]], list[list[str]]]:
    """Old and new text as runs of words, each tagged same / del (old side) or same / ins (new side)."""
    a, b = old.split(), new.split()
    left: list[list[str]] = []
    right: list[list[str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(["same", " ".join(a[i1:i2])])
            right.append(["same", " ".join(b[j1:j2])])
            continue
        if i2 > i1:
            left.append(["del", " ".join(a[i1:i2])])
        if j2 > j1:
            right.append(["ins", " ".join(b[j1:j2])])
    return left, right


def _near(drift: Drift | None, units: Utf16 | None, quote: str) -> dict[str, Any] | None:
    if drift is None:
        return None
    old, new = word_segments(quote, drift.text)
    span = [drift.span.start, drift.span.end] if units is None else units.span(drift.span.start, drift.span.end)
    return {"score": drift.score, "context_score": drift.context_score, "span": span, "where": drift.span.where(), "old": old, "new": new}


def _evidence(result: EvidenceResult, inputs: Inputs, link: str | None) -> dict[str, Any]:
    doc = inputs.texts.get(result.source)
    units = doc.units if doc else None
    match = elsewhere = None
    if result.span is not None and result.status == "ok":
        s = result.span
        match = {"span": units.span(s.start, s.end) if units else [s.start, s.end], "where": s.where()}
    elif result.span is not None:  # e.g. outside-main-text: found in the page's full text, not the text shown
        elsewhere = result.span.where()
    return _compact({
        "source": result.source,
        "quote": result.quote,
        "line": result.line,
        "status": result.status,
        "match": match,
        "elsewhere": elsewhere,
        "near": _near(result.drift, units, result.quote),
        "candidates": [[c.line, c.col] for c in result.candidates] or None,
        "link": safe_url(result.link) or link,
    })


def _compact(fields: dict[str, Any]) -> dict[str, Any]:
    """Fields without a value left out: 50,000 claims' worth of ``null`` is megabytes the page reads as absent anyway."""
    return {k: v for k, v in fields.items() if v is not None}


def _finding(finding: Finding) -> dict[str, Any]:
    return {"rule": finding.rule, "severity": finding.severity, "file": finding.file, "line": finding.line,
            "col": finding.col, "message": finding.message, "details": list(finding.details)}


def _claim(result: ClaimResult, claim: Claim | None, inputs: Inputs) -> dict[str, Any]:
    typed = inputs.typed.get(result.id)
    prop = inputs.registry.properties.get(claim.property) if claim else None
    links = {sid: safe_url(entry.url) for sid in {e.source for e in result.evidence} if (entry := inputs.registry.sources.get(sid))}
    return _compact({
        "id": result.id,
        "file": result.file,
        "line": result.line,
        "status": result.status,
        "statement": result.statement,
        "subject": claim.subject if claim else None,
        "property": claim.property if claim else None,
        "type": prop.type if prop else None,
        "qualifiers": [list(q) for q in claim.qualifiers] if claim else [],
        "value": None if claim is None else claim.value if isinstance(claim.value, str) else repr_value(claim.value),
        "typed": typed.value.canonical if typed else None,
        "as_of": claim.as_of if claim else None,
        "time": str(typed.time) if typed else None,
        "time_assumed": typed.time_assumed if typed else None,
        "time_note": claim.time_note if claim else None,
        "findings": [_finding(f) for f in result.findings],
        "evidence": [_evidence(e, inputs, links.get(e.source)) for e in result.evidence],
    })


def repr_value(value: Any) -> str:
    """A YAML value as YAML would show it (true, not True; lists with brackets)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(repr_value(v) for v in value) + "]"
    return str(value)


def _source(entry: SourceEntry, inputs: Inputs, index: int | None, problem: str | None) -> dict[str, Any]:
    covered = inputs.coverage.get(entry.id)
    return {
        "id": entry.id, "path": f"sources/{entry.path}", "title": entry.title, "publisher": entry.publisher, "kind": entry.kind,
        "published": entry.published, "author": entry.author, "date_note": entry.date_note,
        "url": safe_url(entry.url), "retrieved": entry.retrieved, "sha256": entry.sha256,
        "boilerplate": [[b.text, b.reason] for b in entry.boilerplate],
        "coverage": None if covered is None else {"sentences": covered.sentences, "cited": covered.cited,
                                                   "boilerplate": covered.boilerplate, "percent": covered.percent},
        "doc": index,
        "problem": problem,
    }


def build(inputs: Inputs) -> tuple[dict[str, Any], list[str]]:
    """The page's data and, in the same order as ``doc`` indices, the ids of the sources whose text is embedded."""
    registry, report = inputs.registry, inputs.report
    claims_by_id: dict[str, Claim] = {}
    for claim in registry.claims:
        claims_by_id.setdefault(claim.id, claim)
    embedded = [sid for sid in sorted(registry.sources) if sid in inputs.texts]
    doc_index = {sid: i for i, sid in enumerate(embedded)}
    conflict_ids = {c.id for c in report.conflicts}
    unreadable = {f.source: f.message for f in report.findings if f.rule == "source-unreadable"}
    data = {
        "meta": {"version": inputs.version, "checked_at": inputs.checked_at, "checked_at_from": inputs.checked_at_from,
                 "exit_code": report.exit_code, "notes": list(report.notes)},
        "summary": report.counts(),
        "sources": [_source(registry.sources[sid], inputs, doc_index.get(sid), unreadable.get(sid)) for sid in sorted(registry.sources)],
        "claims": [_claim(c, claims_by_id.get(c.id), inputs) for c in report.claims],
        "conflicts": [conflict_dict(c) for c in report.conflicts],
        "stale": [_finding(f) | {"conflict": f.conflict} for f in report.findings
                  if f.rule == "stale-acknowledgement" and f.conflict not in conflict_ids],
        "problems": [_finding(f) for f in report.findings if f.claim is None and f.conflict is None and f.severity != "info"],
    }
    return data, embedded
