"""The ``claimcheck`` command: runs the library, renders its findings, sets the exit code.

Exit codes: 0 everything passes; 1 a claim or conflict fails; 2 unusable input
(a file that cannot be read or does not follow its schema) or bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from checker.check import run_check
from checker.reporters import REPORTERS


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
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    report = run_check(_root(args.root))
    sys.stdout.write(REPORTERS[args.format](report))
    return report.exit_code


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
