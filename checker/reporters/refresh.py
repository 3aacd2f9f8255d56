"""``claimcheck refresh`` output: text, JSON or GitHub workflow commands, from one RefreshReport.

Every finding is rendered as ``claimcheck check`` renders it (text lines with
details indented, the same JSON finding objects, the same annotations), so a
scheduled job reads refresh output with the tools it already has.
"""

from __future__ import annotations

import json
from typing import Any

from checker.repair import RefreshReport
from checker.reporters.escape import json_visible, printable_lines
from checker.reporters.github import annotation
from checker.reporters.json_report import FORMAT_VERSION, finding_dict
from checker.reporters.text import finding_lines


def counts(report: RefreshReport) -> dict[str, int]:
    statuses = [s.status for s in report.sources]
    return {
        "sources": len(statuses),
        "unchanged": statuses.count("unchanged"),
        "changed": statuses.count("changed"),
        "failed": statuses.count("failed"),
        "broken_claims": len(report.broken),
        "repairable": len(report.repairs),
        "input_errors": len(report.input_errors),
    }


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def summary(report: RefreshReport) -> str:
    c = counts(report)
    line = (f"refresh: {_count(c['sources'], 'source')}: {c['unchanged']} unchanged, {c['changed']} changed, {c['failed']} failed; "
            f"{_count(c['broken_claims'], 'claim')} broken by the changes, {_count(c['repairable'], 'quote')} repin can repair")
    if c["input_errors"]:
        line += f"; {c['input_errors']} input errors (nothing fetched)"
    if report.dry_run and c["changed"]:
        line += " (dry run: nothing written)"
    return line


def render_text(report: RefreshReport) -> str:
    lines = [line for finding in report.findings for line in finding_lines(finding)]
    lines.extend(f"{c.file}:{c.line}: broken by the publisher's change: {c.id}" for c in report.broken)
    lines.append(summary(report))
    return printable_lines(lines)


def render_github(report: RefreshReport) -> str:
    lines = [annotation(f) for f in report.findings]
    # Only the annotations may start with "::"; the summary goes through the common escaping.
    return "\n".join(lines) + "\n" + printable_lines([summary(report)])


def report_dict(report: RefreshReport) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "dry_run": report.dry_run,
        "summary": {**counts(report), "exit_code": report.exit_code},
        "sources": [
            {"id": s.source, "url": s.url, "status": s.status, "rule": s.finding.rule, "old_sha256": s.old_sha256, "new_sha256": s.new_sha256}
            for s in report.sources
        ],
        "broken": [{"id": c.id, "file": c.file, "line": c.line, "statement": c.statement, "findings": sorted({f.rule for f in c.findings if f.fails})}
                   for c in report.broken],
        "repairs": [{"claim": r.claim, "file": r.file, "line": r.line, "source": r.source, "old": r.old, "new": r.new, "score": r.score}
                    for r in report.repairs],
        "findings": [finding_dict(f) | {"details": list(f.details)} for f in report.findings],
    }


def render_json(report: RefreshReport) -> str:
    return json_visible(json.dumps(report_dict(report), sort_keys=True, ensure_ascii=False, separators=(",", ":"))) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
