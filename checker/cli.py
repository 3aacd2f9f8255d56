"""The ``claimcheck`` command: builds the parser from ``checker.commands`` and dispatches.

Exit codes: 0 everything passes; 1 a claim or conflict fails; 2 unusable input
(a file that cannot be read or does not follow its schema) or bad usage.
``repin``: 0 every quote stands; 1 some quotes need a person; 2 unusable input,
bad usage, or a claims file that could not be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from checker.commands import check, conflicts, coverage, fetch, refresh, repin, report, text, vocabulary
from checker.commands.common import UsageError
from checker.reporters.escape import visible

COMMANDS = (check, repin, conflicts, coverage, fetch, refresh, text, vocabulary, report)
"""Every subcommand, in the order ``--help`` lists them."""


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="claimcheck", description="Check that every claim is still backed by a verbatim quote from its source.")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in COMMANDS:
        command.add_arguments(sub.add_parser(command.NAME, help=command.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _build_parser().parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 terminal gets \xe9 escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = next(c for c in COMMANDS if args.command == c.NAME)
    try:
        return int(command.run(args))
    except UsageError as exc:
        print(visible(f"claimcheck: error: {exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort only: every bad input has its own finding; this is a bug
        print(visible(f"claimcheck: internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (please report this)"), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
