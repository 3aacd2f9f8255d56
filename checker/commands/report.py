"""``claimcheck report --html PATH``: write the HTML report of a check, passing or failing.

Exit codes: 0 the report was written (whether claims pass or fail: the report shows
the failures); 2 unusable input (the report is still written and lists the unusable
files, which are also printed on stderr), bad usage, or the file could not be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.commands.common import UsageError, add_root, registry_root
from checker.engine import Report, ResultCache, run_check
from checker.repair import write_atomic
from checker.reporters.escape import printable_lines
from checker.reporters.html import render_html
from checker.reporters.text import finding_line

NAME = "report"
HELP = "write a self-contained HTML report: summary, claims, documents with highlighted quotes, conflicts"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--html", required=True, metavar="PATH", help="file to write the report to (one self-contained HTML file)")
    parser.add_argument("--no-cache", action="store_true", help="recompute everything; neither read nor write .claimcheck-cache/")


def refusal(root: Path, target: Path) -> str | None:
    """Why the report must not be written at ``target``, if it must not: sources/ changes only by fetch or refresh."""
    if target.is_dir():
        return f"--html {target}: is a directory; give a file name such as report.html"
    if not target.parent.is_dir():
        return f"--html {target}: directory {target.parent} does not exist"
    if target.resolve().is_relative_to((root / "sources").resolve()):
        return f"--html {target}: inside sources/, which only fetch and refresh may change; write the report elsewhere"
    return None


def save(root: Path, report: Report, target: Path) -> None:
    """Write the HTML report of ``report`` (a check of ``root``) to ``target``, atomically."""
    page = render_html(root, report).encode("utf-8")
    if not target.exists():
        target.touch()  # a new file gets the usual permissions (umask), which write_atomic then keeps
    write_atomic(target, page)


def write_report(root: Path, target: Path, use_cache: bool = True) -> Report:
    """Check the registry at ``root`` and write its HTML report to ``target``."""
    store = ResultCache(root) if use_cache else None
    report = run_check(root, cache=store)
    if store is not None and report.exit_code != 2:
        store.flush()  # unusable input writes nothing, not even cache entries
    save(root, report, target)
    return report


def run(args: argparse.Namespace) -> int:
    root, target = registry_root(args), Path(args.html)
    problem = refusal(root, target)
    if problem is not None:
        raise UsageError(problem)
    try:
        report = write_report(root, target, use_cache=not args.no_cache)
    except OSError as exc:
        raise UsageError(f"--html {target}: cannot write ({exc.strerror or exc})") from None
    errors = [f"claimcheck: error: {finding_line(f)}" for f in report.findings if f.is_input_error]
    if errors:
        sys.stderr.write(printable_lines(errors))
    counts = report.counts()
    verdict = {0: "passes", 1: "fails"}.get(report.exit_code, "found unusable input")
    sys.stdout.write(printable_lines([f"wrote {target}: the check {verdict} ({counts['failed']} of {counts['claims']} claims failed, "
                                      f"{counts['conflicts']} unreviewed conflicts)"]))
    return 2 if report.exit_code == 2 else 0
