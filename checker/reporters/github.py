"""GitHub Actions workflow commands: each finding annotates its file and line in the pull request."""

from __future__ import annotations

from checker.engine import Report
from checker.findings import Finding
from checker.reporters.escape import printable_lines, visible
from checker.reporters.text import summary

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    body = "\n".join(visible(text) for text in [finding.message, *finding.details])
    props = f"file={_escape_property(visible(finding.file))},line={finding.line},col={finding.col},title={_escape_property('claimcheck ' + finding.rule)}"
    return f"::{_LEVEL[finding.severity]} {props}::{_escape_data(body)}"


def render(report: Report) -> str:
    lines = [annotation(f) for f in report.findings]
    lines.extend(f"::notice::{_escape_data(visible(note))}" for note in report.notes)
    # Only the annotations above may start with "::"; the summary goes through the common escaping.
    return "\n".join(lines) + "\n" + printable_lines([summary(report)])
