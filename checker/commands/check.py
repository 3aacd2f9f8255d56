"""``claimcheck check``: verify every quote, value and conflict in the registry."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from checker.commands.common import UsageError, add_root, registry_root
from checker.findings import SEVERITIES, Shown
from checker.store import Fingerprint, ResultCache, digest, keep_output, stored_output

if TYPE_CHECKING:
    from checker.engine import Cluster, Selection, Selector
    from checker.registry import Registry

# A run whose output is stored (nothing changed) needs only the store: the engine, the registry
# and the renderers are imported inside the functions that use them, after that lookup missed.

FORMATS = ("github", "json", "text")
"""The keys of ``reporters.REPORTERS`` (named here so that parsing the arguments imports no renderer)."""

NAME = "check"
HELP = "verify every quote, value and conflict in the registry"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("paths", nargs="*", metavar="PATH", help="check only the claims in these claims files or folders (and the conflicts involving them)")
    parser.add_argument("--claim", action="append", default=[], metavar="ID", help="check only this claim (repeatable; with PATHs, both)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--changed-since", metavar="REF", help="check only claims in claims files, or citing sources, changed since this git ref")
    parser.add_argument("--no-cache", action="store_true", help="recompute everything; neither read nor write .claimcheck-cache/")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only failing findings: no info, warnings, notes or summary")
    parser.add_argument("--min-severity", choices=SEVERITIES, default="info", help="hide findings below this severity (text and github; default: info)")
    parser.add_argument("--show-acknowledged", action="store_true",
                        help="list each acknowledged (reviewed) conflict; by default the summary counts them, and github format posts no notices for them")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="verify the sources on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:PORT); "
                             "same output as a local run; needs pip install 'claimcheck[distributed]'")


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    select = None
    if args.changed_since is not None:
        if args.paths or args.claim:
            raise UsageError("--changed-since cannot be combined with PATHs or --claim")
        from checker.documents import GitError
        from checker.repair import changed_since

        try:
            select = changed_since(root, args.changed_since)
        except GitError as exc:
            raise UsageError(f"--changed-since {args.changed_since}: {exc}") from None
    elif args.paths or args.claim:
        select = _named_selector([_claims_place(root, p) for p in args.paths], args.claim)
    shown = Shown("error" if args.quiet else args.min_severity, args.show_acknowledged, args.quiet)
    if args.scheduler is None:
        exit_code, output = checked_output(root, args.format, select, use_cache=not args.no_cache, shown=shown)
    else:
        exit_code, output = _on_cluster(args.scheduler, lambda cluster: checked_output(root, args.format, select, not args.no_cache, shown, cluster))
    sys.stdout.write(output)
    return exit_code


def _on_cluster(address: str, check: Callable[[Cluster], tuple[int, str]]) -> tuple[int, str]:
    """``check`` with a connection to the scheduler, made before anything is loaded: an unreachable
    scheduler fails in seconds, not after the registry. Dask is imported only here."""
    from checker.engine import SchedulerError, connect

    try:
        cluster = connect(address)
        try:
            return check(cluster)
        finally:
            cluster.close()
    except SchedulerError as exc:
        raise UsageError(f"--scheduler {address}: {exc}") from None


def _claims_place(root: Path, given: str) -> str:
    """A PATH argument (relative to the current directory, as pytest takes it) as a posix path under the root's claims/."""
    path = Path(given)
    try:
        rel = path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise UsageError(f"{given}: not inside the registry at {root}") from None
    if not path.exists():
        raise UsageError(f"{given}: no such file or directory")
    if rel != "claims" and not rel.startswith("claims/"):
        raise UsageError(f"{given}: not a claims file or folder (they live under claims/)")
    return rel


def _named_selector(places: list[str], claim_ids: list[str]) -> Selector:
    from checker.engine import named_part

    def select(registry: Registry) -> Selection:
        known = {c.id for c in registry.claims} | registry.broken_claims.keys()
        unknown = [i for i in claim_ids if i not in known]
        if unknown:
            raise UsageError(f"--claim {unknown[0]}: no claim has this id")
        return named_part(registry, places, claim_ids)

    return select


def checked_output(root: Path, output_format: str, select: Selector | None, use_cache: bool, shown: Shown | None = None,
                   cluster: Cluster | None = None) -> tuple[int, str]:
    """Exit code and rendered report; a whole run with nothing changed is served from the store, and after an
    edit of sources only what it touched is made again (engine.check_parts, reporters.assemble). ``cluster``:
    the sources are verified on a Dask cluster (--scheduler)."""
    shown = shown or Shown()
    store = ResultCache(root) if use_cache else None
    if store is not None and store.refused:
        print(f"claimcheck: warning: {store.refused}", file=sys.stderr)
    fingerprint = Fingerprint.of(root, store=store) if store is not None else None
    key = None if fingerprint is None or select is not None else digest(fingerprint.whole_key, str(root), output_format, repr(shown))
    hit = None if store is None or key is None else stored_output(store, f"output:{output_format}", key)
    if hit is not None:
        return hit
    from checker.engine import ReportParts, TerminalProgress, check_parts, cycle_collector_paused
    from checker.engine import wanted as progress_wanted
    from checker.reporters.assemble import render_parts

    progress = TerminalProgress() if progress_wanted(sys.stderr, output_format) else None
    with cycle_collector_paused():  # rendering builds pieces per claim and finding; the heap then holds the whole run
        try:
            if select is None:
                parts = check_parts(root, cache=store, fingerprint=fingerprint, progress=progress, cluster=cluster)
            else:
                from checker.engine import run_check  # the registry, typing and conflicts: not needed after an edit

                parts = ReportParts(run_check(root, select=select, cache=store, fingerprint=fingerprint, progress=progress, cluster=cluster), ())
        finally:
            if progress is not None:
                progress.finish()
        try:
            pieces = render_parts(parts, output_format, shown, store)
        except LookupError:  # a concurrent run replaced a part this one left unread: check whole, without the store
            store = None
            parts = check_parts(root)
            pieces = render_parts(parts, output_format, shown, None)
    result = (parts.exit_code, "".join(text for _, text in pieces))
    if store is not None and key is not None and not store.inputs_changed:  # never when a file changed during the run
        keep_output(store, f"output:{output_format}", key, parts.exit_code, pieces)
    # The store's rows are all that still needs the parts and the pieces: flush releases each once written (pickling a
    # string caches its UTF-8 form on it, so a piece kept alive here would be held twice until the end).
    del parts, pieces
    if store is not None and result[0] != 2:
        store.flush()  # unusable input writes nothing, not even cache entries
    return result
