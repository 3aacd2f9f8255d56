"""``claimcheck help [TOPIC]``: the documentation, shipped inside the package.

Findings and ``--help`` point here (``claimcheck help bad-input``), never at a
file of the source repository that users of the installed package do not have.
The topics are the Markdown files of ``checker/docs/`` (the repository's
``docs/``), printed as they are.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources

from checker.commands.common import UsageError

NAME = "help"
HELP = "show documentation: claimcheck help TOPIC (no topic: list them)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("topic", nargs="?", help="a topic, e.g. bad-input, config, ci, quoting")


def topics() -> dict[str, str]:
    """Topic name -> its title (the first heading)."""
    found = {}
    for doc in resources.files("checker").joinpath("docs").iterdir():
        if doc.name.endswith(".md"):
            first = next((line for line in doc.read_text("utf-8").splitlines() if line.startswith("#")), "")
            found[doc.name[:-3]] = first.lstrip("#").strip()
    return dict(sorted(found.items()))


def run(args: argparse.Namespace) -> int:
    known = topics()
    if args.topic is None:
        width = max(map(len, known), default=0)
        sys.stdout.write("claimcheck help TOPIC shows one of:\n" + "".join(f"  {name:<{width}}  {title}\n" for name, title in known.items()))
        return 0
    if args.topic not in known:
        raise UsageError(f"no help topic {args.topic!r}; topics: {', '.join(known)}")
    sys.stdout.write(resources.files("checker").joinpath("docs", f"{args.topic}.md").read_text("utf-8"))
    return 0
