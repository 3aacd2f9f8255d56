"""``claimcheck refresh [ID...]``: fetch every source with a url again; report what the publisher's changes break.

Exit codes: 0 nothing broke (every source unchanged, or changed without
breaking a claim); 1 a change broke claims, or a link rotted (gone, timeout,
unreachable, changed content type, too large); 2 unusable input (the registry
does not load, an unknown id or one without a url, a file that cannot be written).
"""

from __future__ import annotations

import argparse
import sys

from checker.commands.common import UsageError, add_root, registry_root
from checker.commands.fetch import add_limits, limits_from
from checker.documents import shown
from checker.repair import CatalogEditError, ChangedUnderfoot, FetchUsageError, RefreshUsageError, refresh
from checker.reporters.refresh import RENDERERS

NAME = "refresh"
HELP = "fetch sources with a url again (conditional GET); store new versions and report the claims they break"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_root(parser)
    parser.add_argument("ids", nargs="*", metavar="ID", help="sources to refresh (default: every source with a url)")
    parser.add_argument("--dry-run", action="store_true", help="report what would change and break; write nothing")
    parser.add_argument("--format", choices=sorted(RENDERERS), default="text", help="output format (default: text)")
    add_limits(parser)


def run(args: argparse.Namespace) -> int:
    root = registry_root(args)
    try:
        report = refresh(root, tuple(args.ids), args.dry_run, limits_from(args))
    except (RefreshUsageError, FetchUsageError, CatalogEditError) as exc:
        raise UsageError(shown(str(exc), 1000)) from None
    except (OSError, ChangedUnderfoot) as exc:
        raise UsageError(f"refresh stopped before writing everything: {shown(str(exc), 1000)}") from None
    sys.stdout.write(RENDERERS[args.format](report))
    return report.exit_code
