"""Plain text for ``claimcheck repin``: the diff (with --dry-run), one line per quote, a summary."""

from __future__ import annotations

from checker.repair import RepinPlan
from checker.reporters.escape import printable_lines


def render(plan: RepinPlan, dry_run: bool) -> str:
    lines: list[str] = []
    if dry_run:
        lines.extend(line for change in plan.changes for line in change.diff().rstrip("\n").split("\n"))
    verb = "would repin" if dry_run else "repinned"
    for repair in plan.repairs:
        lines.append(f"{repair.file}:{repair.line}:{repair.col}: {verb} {repair.claim} ({repair.source}): "
                     f"{repair.score:g}% similar, anchored by {repair.anchored_by}")
        lines.append(f"    - {repair.old}")
        lines.append(f"    + {repair.new}")
        if repair.value_text is not None:
            lines.append(f"    value_text: {repair.value_text[0]!r} -> {repair.value_text[1]!r} (the source's spelling of the value changed with it)")
    for refusal in plan.refusals:
        lines.append(f"{refusal.file}:{refusal.line}:{refusal.col}: needs a person: {refusal.claim} ({refusal.source}): {refusal.reason}")
        lines.append(f"    quote: {refusal.quote}")
    files = len(plan.changes)
    lines.append(f"repin: {len(plan.repairs)} quotes {verb} in {files} file{'s' if files != 1 else ''}"
                 f"{' (dry run: nothing written)' if dry_run else ''}; {len(plan.refusals)} need a person")
    return printable_lines(lines)
