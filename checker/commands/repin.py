"""``claimcheck repin``: rewrite drifted quotes to the text now in their source, where that is safe."""

from __future__ import annotations

import argparse
import sys

from checker.commands.common import UsageError, add_root, registry_root
from checker.repair import RepinStopped, apply_plan, plan_repin
from checker.reporters import repin_text
from checker.reporters.text import finding_line

NAME = "repin"
HELP = "rewrite drifted quotes to the text now in their source, where that is safe"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--dry-run", action="store_true", help="print the diff it would apply; write nothing")


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    plan = plan_repin(root)
    if plan.input_errors:
        for finding in plan.input_errors:
            print(f"claimcheck: error: {finding_line(finding)}", file=sys.stderr)
        return 2
    if not args.dry_run:
        try:
            apply_plan(root, plan)
        except RepinStopped as exc:
            raise UsageError(str(exc)) from None
    sys.stdout.write(repin_text.render(plan, args.dry_run))
    return plan.exit_code
