"""What every subcommand shares: the registry root argument and the usage error."""

from __future__ import annotations

import argparse
from pathlib import Path


class UsageError(Exception):
    """Bad arguments: one line on stderr, exit 2."""


def add_root(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", help="registry root holding sources/ and claims/ (default: .)")


def registry_root(args: argparse.Namespace) -> Path:
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root}: no such directory")
    return root
