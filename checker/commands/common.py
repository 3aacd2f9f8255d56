"""What every subcommand shares: the registry root argument and the usage error."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from checker.findings import Finding

if TYPE_CHECKING:
    from checker.engine import Report


class UsageError(Exception):
    """Bad arguments: one line on stderr, exit 2."""


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", help="registry root holding sources/ and claims/ (default: .)")


def registry_root(args: argparse.Namespace) -> Path:
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root}: no such directory")
    return root


def input_errors(report: Report, output_format: str) -> list[Finding]:
    """Why the input is unusable; printed first in text (``conflicts`` and ``coverage`` then exit 2).

    In JSON the caller adds them under ``input_errors``.
    """
    from checker.reporters.escape import printable_lines  # here: the renderers are not imported to parse arguments
    from checker.reporters.text import finding_line

    errors = [f for f in report.findings if f.is_input_error]
    if errors and output_format == "text":
        sys.stdout.write(printable_lines(finding_line(f) for f in errors))
    return errors
