"""``claimcheck conflicts``: the conflicts between claims side by side, and discovery of unregistered ones."""

from __future__ import annotations

import argparse
import json
import sys

from checker.commands.common import add_root, input_errors, registry_root
from checker.conflicts import discover
from checker.engine import run_check
from checker.reporters.conflicts import render as render_conflicts
from checker.reporters.escape import json_visible, printable_lines
from checker.reporters.json_report import conflict_dict, finding_dict
from checker.reporters.text import finding_lines

NAME = "conflicts"
HELP = "list conflicts between claims side by side"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--discover", action="store_true", help="also scan the sources for disagreements nobody registered yet (warnings, never failures)")


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    report = run_check(root)
    errors = input_errors(report, args.format)
    candidates = [c.finding() for c in discover(root, report)] if args.discover else []
    if args.format == "json":
        data = {"conflicts": [conflict_dict(c) for c in report.conflicts], "candidates": [finding_dict(f) | {"details": list(f.details)} for f in candidates],
                "input_errors": [finding_dict(f) for f in errors]}
        sys.stdout.write(json_visible(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)) + "\n")
    else:
        sys.stdout.write(render_conflicts(report))
        for finding in candidates:
            sys.stdout.write(printable_lines(finding_lines(finding)))
        if args.discover:
            sys.stdout.write(f"{len(candidates)} candidate disagreements found by discovery\n")
    if errors:
        return 2
    return 1 if report.counts()["conflicts"] else 0
