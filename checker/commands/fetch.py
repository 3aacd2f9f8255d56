"""``claimcheck fetch URL --id ID``: store a document from the web in sources/ and catalog it.

Exit codes: 0 stored and catalogued; 1 the server refused or failed (a link
finding: gone, timeout, unreachable, too large, wrong content type, redirect
loop), nothing written; 2 unusable request (not an http(s) URL, a bad id or
file name, a source that exists without --force, an unreadable catalog).
"""

from __future__ import annotations

import argparse
import json
import sys

from checker.commands.common import UsageError, add_root, registry_root
from checker.documents import DownloadRefused, Limits, shown
from checker.findings import Finding
from checker.registry import CATALOG, load_registry
from checker.repair import CatalogEditError, Fetched, FetchUsageError, fetch_source
from checker.reporters.escape import json_visible, printable_lines
from checker.reporters.github import annotation
from checker.reporters.json_report import finding_dict
from checker.reporters.text import finding_line

NAME = "fetch"
HELP = "download a document (HTML, PDF or text) into sources/ and add its catalog entry"


def add_limits(parser: argparse.ArgumentParser) -> None:
    """Download bounds, shared with ``refresh``."""
    default = Limits()
    parser.add_argument("--timeout", type=float, default=default.read, metavar="SECONDS",
                        help=f"connect and read timeout; the whole download may take 4x this (default: {default.read:g})")
    parser.add_argument("--max-bytes", type=int, default=default.max_bytes, metavar="N",
                        help=f"largest document accepted (default: {default.max_bytes:,})")
    parser.add_argument("--max-redirects", type=int, default=default.max_redirects, metavar="N",
                        help=f"redirects followed before giving up (default: {default.max_redirects})")


def limits_from(args: argparse.Namespace) -> Limits:
    if args.timeout <= 0 or args.max_bytes <= 0 or args.max_redirects < 0:
        raise UsageError("--timeout and --max-bytes must be positive, --max-redirects zero or more")
    return Limits(connect=args.timeout, read=args.timeout, total=4 * args.timeout, max_bytes=args.max_bytes, max_redirects=args.max_redirects)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("url", help="the document's http:// or https:// address")
    parser.add_argument("--id", required=True, dest="source_id", help="the new source's id (lower-case words joined by hyphens)")
    parser.add_argument("--path", dest="name", help="file name in sources/ (default: ID plus the extension of its content type)")
    parser.add_argument("--force", action="store_true", help="replace an existing file or catalog entry of that id")
    parser.add_argument("--format", choices=["text", "json", "github"], default="text", help="output format (default: text)")
    add_limits(parser)


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    try:
        done = fetch_source(root, args.url, args.source_id, args.name, args.force, limits_from(args))
    except (FetchUsageError, CatalogEditError, OSError) as exc:
        raise UsageError(shown(str(exc), 1000)) from None
    except DownloadRefused as exc:
        finding = Finding(CATALOG, 1, 1, exc.rule, f"{exc.message}; nothing stored", source=args.source_id)
        sys.stdout.write(_render(args.format, None, [finding]))
        return 1
    # The loader's own warning, at the line of the new entry's `confirm:`: the same one `check` gives.
    warnings = [f for f in load_registry(root).findings if f.rule == "unconfirmed-metadata" and f.source == done.source]
    sys.stdout.write(_render(args.format, done, warnings))
    return 0


def _render(output_format: str, done: Fetched | None, findings: list[Finding]) -> str:
    if output_format == "json":
        data = {"stored": None if done is None else {
            "source": done.source, "path": done.path, "url": done.download.url, "requested_url": done.download.requested_url,
            "content_type": done.download.content_type, "bytes": len(done.download.body), "sha256": done.download.sha256,
            "confirm": list(done.confirm), "replaced": done.replaced}, "findings": [finding_dict(f) for f in findings]}
        return json_visible(json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))) + "\n"
    stored = []
    if done is not None:
        verb = "replaced" if done.replaced else "stored"
        stored = [f"{verb} {done.path} ({done.download.content_type}, {len(done.download.body):,} bytes, sha256 "
                  f"{done.download.sha256[:12]}) from {shown(done.download.url)}; catalogued as `{done.source}` in {CATALOG}"]
    if output_format == "github":  # only the annotations may start with "::"
        return printable_lines(stored) * bool(stored) + "".join(annotation(f) + "\n" for f in findings)
    return printable_lines([*stored, *(finding_line(f) for f in findings)])
