"""The ``claimcheck`` command: runs the library, renders its findings, sets the exit code.

Exit codes: 0 everything passes; 1 a claim or conflict fails; 2 unusable input
(a file that cannot be read or does not follow its schema) or bad usage.
``repin``: 0 every quote stands; 1 some quotes need a person; 2 unusable input,
bad usage, or a claims file that could not be written.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from checker import changed
from checker.atomic import ChangedUnderfoot
from checker.cache import Fingerprint, ResultCache, digest
from checker.check import run_check
from checker.coverage import coverage
from checker.discover import discover
from checker.gitrepo import GitError
from checker.progress import TerminalProgress
from checker.progress import wanted as progress_wanted
from checker.repin import apply_plan, plan_repin
from checker.reporters import REPORTERS, repin_text
from checker.reporters.conflicts import render as render_conflicts
from checker.reporters.coverage import render_json as render_coverage_json
from checker.reporters.coverage import render_text as render_coverage_text
from checker.reporters.json_report import conflict_dict, finding_dict
from checker.reporters.text import finding_line
from checker.selection import Selector


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
    check.add_argument("--changed-since", metavar="REF", help="check only claims in claims files, or citing sources, changed since this git ref")
    check.add_argument("--no-cache", action="store_true", help="recompute everything; neither read nor write .claimcheck-cache/")
    check.set_defaults(handler=_cmd_check)

    repin = sub.add_parser("repin", help="rewrite drifted quotes to the text now in their source, where that is safe")
    repin.add_argument("--root", default=".", help="registry root holding sources/ and claims/ (default: .)")
    repin.add_argument("--dry-run", action="store_true", help="print the diff it would apply; write nothing")
    repin.set_defaults(handler=_cmd_repin)

    conflicts = sub.add_parser("conflicts", help="list conflicts between claims side by side")
    conflicts.add_argument("--root", default=".", help="registry root (default: .)")
    conflicts.add_argument("--format", choices=["text", "json"], default="text")
    conflicts.add_argument("--discover", action="store_true",
                           help="also scan the sources for disagreements nobody registered yet (warnings, never failures)")
    conflicts.set_defaults(handler=_cmd_conflicts)

    cover = sub.add_parser("coverage", help="per source, how many sentences some claim cites; list the rest")
    cover.add_argument("--root", default=".", help="registry root (default: .)")
    cover.add_argument("--format", choices=["text", "json"], default="text")
    cover.add_argument("--strict", action="store_true", help="exit 1 when any sentence is uncited")
    cover.set_defaults(handler=_cmd_coverage)
    return parser


def _cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    select = None
    if args.changed_since is not None:
        try:
            select = changed.since(root, args.changed_since)
        except GitError as exc:
            raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
    exit_code, output = _checked_output(root, args.format, select, use_cache=not args.no_cache)
    sys.stdout.write(output)
    return exit_code


def _checked_output(root: Path, output_format: str, select: Selector | None, use_cache: bool) -> tuple[int, str]:
    """Exit code and rendered report; a whole run with nothing changed is served from the cache."""
    store = ResultCache(root) if use_cache else None
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


def _cmd_conflicts(args: argparse.Namespace) -> int:
    root = _root(args.root)
    report = run_check(root)
    candidates = [c.finding() for c in discover(root, report)] if args.discover else []
    if args.format == "json":
        data = {"conflicts": [conflict_dict(c) for c in report.conflicts], "candidates": [finding_dict(f) | {"details": list(f.details)} for f in candidates]}
        sys.stdout.write(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_conflicts(report))
        for finding in candidates:
            sys.stdout.write("\n".join([finding_line(finding), *(f"    {d}" for d in finding.details)]) + "\n")
        if args.discover:
            sys.stdout.write(f"{len(candidates)} candidate disagreements found by discovery\n")
    if any(f.is_input_error for f in report.findings):
        return 2
    return 1 if report.counts()["conflicts"] else 0


def _cmd_coverage(args: argparse.Namespace) -> int:
    root = _root(args.root)
    report = run_check(root)
    results = coverage(root, report)
    sys.stdout.write(render_coverage_json(results) if args.format == "json" else render_coverage_text(results))
    if any(f.is_input_error for f in report.findings):
        return 2
    return 1 if args.strict and any(r.uncited for r in results) else 0


def _cmd_repin(args: argparse.Namespace) -> int:
    root = _root(args.root)
    plan = plan_repin(root)
    if plan.input_errors:
        for finding in plan.input_errors:
            print(f"claimcheck: error: {finding_line(finding)}", file=sys.stderr)
        return 2
    if not args.dry_run:
        try:
            apply_plan(root, plan)
        except (OSError, ChangedUnderfoot) as exc:
            raise UsageError(f"repin stopped before writing everything: {exc}") from None
    sys.stdout.write(repin_text.render(plan, args.dry_run))
    return plan.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    parser = _build_parser()
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a non-UTF-8 terminal gets \xe9 escapes, not a crash
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    try:
        return int(args.handler(args))
    except UsageError as exc:
        print(f"claimcheck: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # last resort only: every bad input has its own finding; this is a bug
        print(f"claimcheck: internal error: {type(exc).__name__}: {' '.join(str(exc).split())} (please report this)", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
