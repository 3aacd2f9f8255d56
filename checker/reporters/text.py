"""Plain text: one ``file:line:col: [rule] message`` line per finding, details indented, then a summary."""

from __future__ import annotations

from checker.engine import Report
from checker.findings import Finding


def finding_line(finding: Finding) -> str:
    severity = "" if finding.severity == "error" else f"{finding.severity}: "
    return f"{finding.file}:{finding.line}:{finding.col}: {severity}[{finding.rule}] {finding.message}"


def summary(report: Report) -> str:
    c = report.counts()
    parts = [
        f"{c['claims']} claims: {c['passed']} passed, {c['failed']} failed",
        f"{c['evidence']} quotes",
        f"{c['conflicts']} unreviewed conflicts, {c['acknowledged']} acknowledged",
    ]
    input_errors = sum(1 for f in report.findings if f.is_input_error)
    if input_errors:
        parts.append(f"{input_errors} input errors")
    return "; ".join(parts)


def render(report: Report) -> str:
    lines: list[str] = []
    for finding in report.findings:
        lines.append(finding_line(finding))
        if finding.severity != "info":  # the details of reviewed, passing items are for `claimcheck conflicts`
            lines.extend(f"    {detail}" for detail in finding.details)
    lines.extend(f"note: {note}" for note in report.notes)
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
