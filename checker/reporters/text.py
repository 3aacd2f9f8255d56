"""Plain text: one ``file:line:col: [rule] message`` line per finding, details indented, then a summary."""

from __future__ import annotations

from checker.engine import Report
from checker.findings import Finding
from checker.reporters.escape import printable_lines, visible


def finding_line(finding: Finding) -> str:
    """One line, whatever the file name or message hold (they are shown escaped)."""
    severity = "" if finding.severity == "error" else f"{finding.severity}: "
    return visible(f"{finding.file}:{finding.line}:{finding.col}: {severity}[{finding.rule}] {finding.message}")


def finding_lines(finding: Finding, details: bool = True) -> list[str]:
    """The finding's line and, indented, its details (a diff, the text now there)."""
    return [finding_line(finding), *(f"    {visible(detail)}" for detail in (finding.details if details else ()))]


def summary(report: Report) -> str:
    c = report.counts()
    parts = [
        f"{c['claims']} claims: {c['passed']} passed, {c['failed']} failed",
        f"{c['evidence']} quotes",
        f"{c['conflicts']} unreviewed conflicts, {c['acknowledged']} acknowledged",
    ]
    if c["acknowledged"] and not any(f.rule == "conflict-acknowledged" for f in report.findings):
        parts[-1] += " (not listed: --show-acknowledged)"  # the reviewed conflicts were left out of this output
    input_errors = sum(1 for f in report.findings if f.is_input_error)
    if input_errors:
        parts.append(f"{input_errors} input errors")
    return "; ".join(parts)


def _findings_lines(report: Report) -> list[str]:
    lines: list[str] = []
    for finding in report.findings:
        # The details of reviewed, passing items are for `claimcheck conflicts`.
        lines.extend(finding_lines(finding, details=finding.severity != "info"))
    return lines


def render_quiet(report: Report) -> str:
    """Only the findings: nothing at all when there are none (``check --quiet``)."""
    lines = _findings_lines(report)
    return printable_lines(lines) if lines else ""


def render(report: Report) -> str:
    lines = _findings_lines(report)
    lines.extend(f"note: {note}" for note in report.notes)
    lines.append(summary(report))
    return printable_lines(lines)
