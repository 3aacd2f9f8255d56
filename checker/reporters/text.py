"""Plain text: one ``file:line:col: [rule] message`` line per finding, details indented, then a summary."""

from __future__ import annotations

from collections.abc import Iterable

from checker.engine import Report
from checker.findings import Finding
from checker.reporters.escape import defuse_commands, visible


def finding_line(finding: Finding) -> str:
    """One line, whatever the file name or message hold (they are shown escaped)."""
    severity = "" if finding.severity == "error" else f"{finding.severity}: "
    return visible(f"{finding.file}:{finding.line}:{finding.col}: {severity}[{finding.rule}] {finding.message}")


def finding_lines(finding: Finding, details: bool = True) -> list[str]:
    """The finding's line and, indented, its details (a diff, the text now there)."""
    return [finding_line(finding), *(f"    {visible(detail)}" for detail in (finding.details if details else ()))]


def summary(report: Report) -> str:
    return summary_line(report.counts(), any(f.rule == "conflict-acknowledged" for f in report.findings),
                        sum(1 for f in report.findings if f.is_input_error))


def summary_line(c: dict[str, int], acknowledged_listed: bool, input_errors: int) -> str:
    """The last line: counts of the report as shown (``acknowledged_listed``: its reviewed conflicts are among the findings)."""
    parts = [
        f"{c['claims']} claims: {c['passed']} passed, {c['failed']} failed",
        f"{c['evidence']} quotes",
        f"{c['conflicts']} unreviewed conflicts, {c['acknowledged']} acknowledged",
    ]
    if c["acknowledged"] and not acknowledged_listed:
        parts[-1] += " (not listed: --show-acknowledged)"  # the reviewed conflicts were left out of this output
    if input_errors:
        parts.append(f"{input_errors} input errors")
    return "; ".join(parts)


def findings_piece(findings: Iterable[Finding]) -> str:
    """The findings' lines, escaped, joined (commands are defused over the whole output by ``assemble``)."""
    # The details of reviewed, passing items are for `claimcheck conflicts`.
    return "\n".join(visible(line) for finding in findings for line in finding_lines(finding, details=finding.severity != "info"))


def assemble(pieces: Iterable[str], notes: Iterable[str], summary: str | None) -> str:
    """The output from findings pieces in order, the notes and the summary line (None: ``--quiet``, findings only)."""
    lines = [p for p in pieces if p]
    if summary is None:
        return defuse_commands("\n".join(lines)) + "\n" if lines else ""
    lines += [visible(f"note: {note}") for note in notes]
    lines.append(visible(summary))
    return defuse_commands("\n".join(lines)) + "\n"


def render_quiet(report: Report) -> str:
    """Only the findings: nothing at all when there are none (``check --quiet``)."""
    return assemble([findings_piece(report.findings)], (), None)


def render(report: Report) -> str:
    return assemble([findings_piece(report.findings)], report.notes, summary(report))
