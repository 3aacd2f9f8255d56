"""The ``claimcheck`` command: runs the library, renders its findings, sets the exit code.

Exit codes: 0 everything passes; 1 a claim or conflict fails; 2 unusable input
(a file that cannot be read or does not follow its schema) or bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from checker.check import run_check
from checker.coverage import coverage
from checker.discover import discover
from checker.reporters import REPORTERS
from checker.reporters.conflicts import render as render_conflicts
from checker.reporters.coverage import render_json as render_coverage_json
from checker.reporters.coverage import render_text as render_coverage_text
from checker.reporters.json_report import conflict_dict, finding_dict
from checker.reporters.text import finding_line


class UsageError(Exception):
    """Bad arguments: one line on stderr, exit 2."""


def _root(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"--root {value}: no such directory")
    return root


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimcheck", description="Check that every claim is still backed by a verbatim quote from its source.")
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="verify every quote, value and conflict in the registry")
    check.add_argument("--root", default=".", help="registry root holding sources/ and claims/ (default: .)")
    check.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    check.set_defaults(handler=_cmd_check)

    conflicts = sub.add_parser("conflicts", help="list conflicts between claims side by side")
    conflicts.add_argument("--root", default=".", help="registry root (default: .)")
    conflicts.add_argument("--format", choices=["text", "json"], default="text")
    conflicts.add_argument("--discover", action="store_true",
                           help="also scan the sources for disagreements nobody registered yet (warnings, never failures)")
    conflicts.set_defaults(handler=_cmd_conflicts)

    cover = sub.add_parser("coverage", help="per source, how many sentences some claim cites; list the rest")
    cover.add_argument("--root", default=".", help="registry root (default: .)")
    cover.add_argument("--format", choices=["text", "json"], default="text")
    cover.add_argument("--strict", action="store_true", help="exit 1 when any sentence is uncited")
    cover.set_defaults(handler=_cmd_coverage)
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    report = run_check(_root(args.root))
    sys.stdout.write(REPORTERS[args.format](report))
    return report.exit_code


def _cmd_conflicts(args: argparse.Namespace) -> int:
    root = _root(args.root)
    report = run_check(root)
    candidates = [c.finding() for c in discover(root, report)] if args.discover else []
    if args.format == "json":
        data = {"conflicts": [conflict_dict(c) for c in report.conflicts], "candidates": [finding_dict(f) | {"details": list(f.details)} for f in candidates]}
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_conflicts(report))
        for finding in candidates:
            sys.stdout.write("\n".join([finding_line(finding), *(f"    {d}" for d in finding.details)]) + "\n")
        if args.discover:
            sys.stdout.write(f"{len(candidates)} candidate disagreements found by discovery\n")
    if any(f.is_input_error for f in report.findings):
        return 2
    return 1 if report.counts()["conflicts"] else 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    root = _root(args.root)
    report = run_check(root)
    results = coverage(root, report)
    sys.stdout.write(render_coverage_json(results) if args.format == "json" else render_coverage_text(results))
    if any(f.is_input_error for f in report.findings):
        return 2
    return 1 if args.strict and any(r.uncited for r in results) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"claimcheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
