"""``claimcheck check``: verify every quote, value and conflict in the registry."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from checker.commands.common import UsageError, add_root, registry_root
from checker.documents import GitError
from checker.engine import Fingerprint, ResultCache, Selector, TerminalProgress, digest, run_check
from checker.engine import wanted as progress_wanted
from checker.repair import changed_since
from checker.reporters import REPORTERS

NAME = "check"
HELP = "verify every quote, value and conflict in the registry"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("--format", choices=sorted(REPORTERS), default="text", help="output format (default: text)")
    parser.add_argument("--changed-since", metavar="REF", help="check only claims in claims files, or citing sources, changed since this git ref")
    parser.add_argument("--no-cache", action="store_true", help="recompute everything; neither read nor write .claimcheck-cache/")


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    select = None
    if args.changed_since is not None:
        try:
            select = changed_since(root, args.changed_since)
        except GitError as exc:
            raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
    exit_code, output = checked_output(root, args.format, select, use_cache=not args.no_cache)
    sys.stdout.write(output)
    return exit_code


def checked_output(root: Path, output_format: str, select: Selector | None, use_cache: bool) -> tuple[int, str]:
    """Exit code and rendered report; a whole run with nothing changed is served from the cache."""
    store = ResultCache(root) if use_cache else None
    if store is not None and store.refused:
        print(f"claimcheck: warning: {store.refused}", file=sys.stderr)
    fingerprint = Fingerprint.of(root) if store is not None else None
    key = None if fingerprint is None or select is not None else digest(fingerprint.whole_key, str(root), output_format)
    hit = None if store is None or key is None else store.get(f"output:{output_format}", key)
    if isinstance(hit, tuple):
        return hit
    progress = TerminalProgress() if progress_wanted(sys.stderr, output_format) else None
    try:
        report = run_check(root, select=select, cache=store, fingerprint=fingerprint, progress=progress)
    finally:
        if progress is not None:
            progress.finish()
    result = (report.exit_code, REPORTERS[output_format](report))
    if store is not None and key is not None and not store.inputs_changed:
        store.put(f"output:{output_format}", key, result)  # never when a file changed during the run
    if store is not None and report.exit_code != 2:
        store.flush()  # unusable input writes nothing, not even cache entries
    return result
