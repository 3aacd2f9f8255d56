"""The ``claimcheck`` command: builds the parser from ``checker.commands`` and dispatches.

Exit codes: 0 everything passes; 1 a claim or conflict fails; 2 unusable input
(a file that cannot be read or does not follow its schema), bad usage, or a
report that could not be written (standard output closed, a broken pipe, a full disk).
``repin``: 0 every quote stands; 1 some quotes need a person; 2 unusable input,
bad usage, or a claims file that could not be written.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from checker import __version__
from checker.commands.common import UsageError

COMMANDS = ("check", "repin", "conflicts", "coverage", "fetch", "refresh", "text", "vocabulary", "report", "init", "help")
"""Every subcommand (its module in ``checker.commands``), in the order ``--help`` lists them. Only the one
being run is imported: ``claimcheck check`` with its output stored imports little but the store."""


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"checker.commands.{name}")


def _visible(text: str) -> str:
    from checker.reporters.escape import visible  # only on the way out with an error

    return visible(text)


EXIT_CODES = """exit codes:
  0  everything passes (repin: every quote stands)
  1  a claim, conflict or registry requirement fails (repin: some quotes need a person)
  2  unusable input (a file that cannot be read or breaks its schema) or bad usage
documentation: claimcheck help (topics), or the README"""


def _build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every subcommand, or of ``only`` (the one named first on the command line: the same parse)."""
    parser = argparse.ArgumentParser(prog="claimcheck", description="Check that every claim is still backed by a verbatim quote from its source.",
                                     epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"claimcheck {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    for command in map(command_module, COMMANDS if only is None else (only,)):
        command.add_arguments(sub.add_parser(command.NAME, help=command.HELP, description=command.HELP[:1].upper() + command.HELP[1:] + ".",
                                             epilog=EXIT_CODES, formatter_class=argparse.RawDescriptionHelpFormatter))
    return parser


_OUTPUT_ERRORS = frozenset({errno.EPIPE, errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT})


def _utf8_mode(argv: Sequence[str] | None) -> None:
    """Run again in Python's UTF-8 mode when the locale is not UTF-8 (``LC_ALL=C``).

    A registry's file names and text are UTF-8 whatever the locale; under an ASCII locale
    Python would read the name ``café.yaml`` as undecodable bytes and could not open
    ``sources/café.txt`` at all. Only as the command itself (``argv`` None), never inside
    another program; output keeps the terminal's encoding, non-ASCII shown as escapes.
    """
    if argv is not None or sys.flags.utf8_mode or sys.getfilesystemencoding().lower().replace("-", "") == "utf8":
        return
    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": os.environ.get("PYTHONIOENCODING") or f"{encoding}:backslashreplace"}
    os.execve(sys.executable, [sys.executable, "-X", "utf8", *sys.orig_argv[1:]], env)


def _output_lost(exc: OSError) -> int:
    """Standard output went away (``| head``, ``>&-``) or filled up (``>/dev/full``): say so on stderr, exit 2."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)  # nothing more to flush at exit, so no second complaint
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass
    print(f"claimcheck: error: could not write the report to standard output ({exc.strerror or exc})", file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    _utf8_mode(argv)
    given = sys.argv[1:] if argv is None else list(argv)
    args = _build_parser(given[0] if given and given[0] in COMMANDS else None).parse_args(given)
    if sys.stdout is None:  # started with standard output closed (>&-)
        print("claimcheck: error: standard output is closed; nowhere to write the report", file=sys.stderr)
        return 2
    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 terminal gets \xe9 escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    command = command_module(args.command)
    try:
        code = int(command.run(args))
        sys.stdout.flush()
        return code
    except OSError as exc:
        if exc.errno not in _OUTPUT_ERRORS:
            return _internal_error(exc)
        return _output_lost(exc)
    except UsageError as exc:
        print(_visible(f"claimcheck: error: {exc}"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort only: every bad input has its own finding; this is a bug
        return _internal_error(exc)


def _internal_error(exc: Exception) -> int:
    print(_visible(f"claimcheck: internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (please report this)"), file=sys.stderr)
    return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
