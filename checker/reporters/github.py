"""GitHub Actions workflow commands: each finding annotates its file and line in the pull request."""

from __future__ import annotations

from collections.abc import Iterable

from checker.engine import Report
from checker.findings import Finding
from checker.reporters.escape import printable_lines, visible
from checker.reporters.text import summary as text_summary

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    body = "\n".join(visible(text) for text in [finding.message, *finding.details])
    props = f"file={_escape_property(visible(finding.file))},line={finding.line},col={finding.col},title={_escape_property('claimcheck ' + finding.rule)}"
    return f"::{_LEVEL[finding.severity]} {props}::{_escape_data(body)}"


def findings_piece(findings: Iterable[Finding]) -> str:
    return "\n".join(annotation(f) for f in findings)


def assemble(pieces: Iterable[str], notes: Iterable[str], summary: str) -> str:
    lines = [p for p in pieces if p]
    lines.extend(f"::notice::{_escape_data(visible(note))}" for note in notes)
    # Only the annotations above may start with "::"; the summary goes through the common escaping.
    return "\n".join(lines) + "\n" + printable_lines([summary])


def render(report: Report) -> str:
    return assemble([findings_piece(report.findings)], report.notes, text_summary(report))
