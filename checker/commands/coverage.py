"""``claimcheck coverage``: per source, how many sentences some claim cites; the rest listed."""

from __future__ import annotations

import argparse
import sys

from checker.commands.common import add_root, input_errors, registry_root
from checker.engine import coverage, run_check
from checker.reporters.coverage import render_json, render_text

NAME = "coverage"
HELP = "per source, how many sentences some claim cites; list the rest"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--strict", action="store_true", help="exit 1 when any sentence is uncited")


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    report = run_check(root)
    errors = input_errors(report, args.format)
    results = coverage(root, report)
    sys.stdout.write(render_json(results, errors) if args.format == "json" else render_text(results))
    if errors:
        return 2
    return 1 if args.strict and any(r.uncited for r in results) else 0
