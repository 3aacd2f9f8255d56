"""The ``claimcheck conflicts`` view: each conflict as two columns, one per side."""

from __future__ import annotations

import shutil
import textwrap
from itertools import zip_longest

from checker.engine import ConflictResult, ConflictSide, Report
from checker.reporters.escape import printable_lines, visible


def _column(side: ConflictSide, width: int) -> list[str]:
    time = f"{side.time} (no as_of: publication date)" if side.time_assumed else side.time
    fields = [
        f"{side.claim}",
        f"{side.file}:{side.line}",
        f"source: {side.source} (published {side.published})",
        f"as of: {time}",
        f"value: {side.value}" + ("" if side.raw_value == side.value else f"  (written {side.raw_value})"),
        f"quote: \u201c{side.quote}\u201d",
    ]
    lines: list[str] = []
    for text in fields:  # escaped before wrapping, so the columns keep their width
        lines.extend(textwrap.wrap(visible(text), width, subsequent_indent="  ") or [""])
    return lines


def render_conflict(conflict: ConflictResult, width: int) -> list[str]:
    column = max(30, (width - 3) // 2)
    status = conflict.status.upper()
    head = f"{status} {conflict.kind} conflict: {conflict.key}"
    left, right = (_column(side, column) for side in conflict.sides)
    rows = [f"{a:<{column}} | {b}" for a, b in zip_longest(left, right, fillvalue="")]
    lines = [head, "-" * min(width, len(head)), *rows]
    if conflict.status == "acknowledged":
        lines.append(visible(f"prevails: {conflict.prevails}; reviewed by {conflict.reviewed_by} on {conflict.reviewed_on}"))
        lines.extend(textwrap.wrap(visible(f"why: {conflict.explanation}"), width))
    return lines


def render(report: Report, width: int | None = None) -> str:
    width = width or shutil.get_terminal_size((120, 24)).columns
    lines: list[str] = []
    for conflict in sorted(report.conflicts, key=lambda c: (c.status != "unreviewed", c.id)):
        lines.extend([*render_conflict(conflict, width), ""])
    c = report.counts()
    lines.append(f"{c['conflicts']} unreviewed conflicts, {c['acknowledged']} acknowledged")
    return printable_lines(lines)
