"""Which pytest items a report becomes, and which failing findings each one owns.

The plan is computed once per session from the report (see ``checker/plugin.py``) and is
all an item needs: under pytest-xdist the controller checks, plans and hands
the plan to every worker, which then neither checks nor reads the cache.

Granularity:

- ``claim``: an item per claim and per unreviewed conflict in its claims file,
  an item per source in the catalog, a ``[file]`` item per file for the
  file's own problems, a ``coverage`` item in claimcheck.toml when it sets a
  minimum, and a ``[registry]`` item for the rest;
- ``file``: only the ``[file]`` and ``[registry]`` items; a file's item owns
  every finding of the file (its claims, its conflicts, itself);
- ``source``: as ``claim``, but a source's item owns every claim whose first
  quote cites it, and claims have no items of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from checker.engine import Report
from checker.findings import Finding
from checker.registry import CATALOG, CONFIG, VOCABULARY_FILES, printable_name
from checker.reporters.escape import visible
from checker.reporters.text import finding_line

FILE_ITEM = "[file]"
REGISTRY_ITEM = "[registry]"
COVERAGE_ITEM = "coverage"
REGISTRY_GROUP = "claimcheck-registry"
GRANULARITIES = ("claim", "file", "source")
CLAIM_ITEMS_MAX = 2000
"""Above this many claims the default granularity is ``file``: pytest spends ~2 ms on each
item, so 52,000 items cost 100 s where the check itself takes seconds."""

Owner = tuple[str, str]
"""(file the item is collected from, item name)"""
ItemSpec = tuple[str, int, str]
"""(item name, line, xdist group)"""


@dataclass(frozen=True)
class ItemPlan:
    granularity: str
    home: str
    """The file whose [registry] item reports registry-wide problems."""
    items: dict[str, tuple[ItemSpec, ...]]
    """Per file, its items beyond [file] (and [registry] at home)."""
    failing: dict[Owner, tuple[Finding, ...]]
    claim_places: dict[str, str] = field(default_factory=dict)
    """file:line of every claim that fails, for grouped items' failure text."""
    warnings: dict[Owner, tuple[Finding, ...]] = field(default_factory=dict)
    """Warning findings by the item that shows them (pytest's warnings summary; they never fail it)."""

    def items_of(self, rel: str) -> list[ItemSpec]:
        grouped = self.granularity != "claim"
        names: list[ItemSpec] = [(FILE_ITEM, 1, rel if grouped else REGISTRY_GROUP)]  # grouped: a unit of its own
        if rel == self.home:
            names.append((REGISTRY_ITEM, 1, REGISTRY_GROUP))
        return names + list(self.items.get(rel, ()))


def choose_granularity(chosen: str, claims: int) -> str:
    return chosen or ("claim" if claims <= CLAIM_ITEMS_MAX else "file")


def plan_items(report: Report, root: Path, home: str, granularity: str, extra: dict[str, list[ItemSpec]] | None = None) -> ItemPlan:
    """``extra``: further items by file (claimcheck.toml's coverage item), kept unless items are per file."""
    items: dict[str, list[ItemSpec]] = defaultdict(list)
    if granularity != "file":
        for rel, specs in (extra or {}).items():
            items[rel] += specs
        catalog_lines = {f.source: f.line for f in report.findings if f.source and f.file == CATALOG}
        items[CATALOG] += [(sid, catalog_lines.get(sid, 1), sid) for sid in report.sources]
    if granularity == "claim":
        for claim in report.claims:
            if claim.file not in VOCABULARY_FILES:
                items[claim.file].append((claim.id, claim.line, claim.evidence[0].source if claim.evidence else REGISTRY_GROUP))
    if granularity != "file":
        for conflict in report.conflicts:
            items[conflict.sides[0].file].append((f"conflict:{conflict.id}", conflict.sides[0].line, REGISTRY_GROUP))

    claim_files = {c.id: c.file for c in report.claims}
    conflict_files = {c.id: c.sides[0].file for c in report.conflicts}
    regroup = _regrouping(report, granularity)
    failing: dict[Owner, list[Finding]] = defaultdict(list)
    warned: dict[Owner, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if not finding.fails and finding.severity != "warning":
            continue
        owner = regroup(_owner(finding, claim_files, conflict_files))
        if (owner[0] == CATALOG and home != CATALOG) or (owner[1] == FILE_ITEM and collected_as(root, root / owner[0]) != owner[0]):
            owner = (home, REGISTRY_ITEM)  # no file to collect the item from: never drop the finding
        (failing if finding.fails else warned)[owner].append(finding)
    places = {c.id: f"{c.file}:{c.line}" for c in report.claims if c.status == "fail"}
    return ItemPlan(granularity, home, {k: tuple(v) for k, v in items.items()}, {k: tuple(v) for k, v in failing.items()}, places,
                    {k: tuple(v) for k, v in warned.items()})


def collected_as(root: Path, file_path: Path) -> str | None:
    """The registry path a file is collected under, or None when it is not collected (a finding about
    it then fails the ``[registry]`` item): not a regular file, outside the registry through a symlink,
    or a name that pytest would print raw (control, bidi or invisible characters; the loader reports it)."""
    try:
        if not file_path.is_file():
            return None
        rel = file_path.resolve().relative_to(root).as_posix()
    except (OSError, ValueError):
        return None
    return rel if printable_name(rel) else None


def _owner(finding: Finding, claim_files: dict[str, str], conflict_files: dict[str, str]) -> Owner:
    """The item that owns a finding at granularity ``claim``."""
    if finding.rule == "coverage-below-minimum":
        return CONFIG, COVERAGE_ITEM
    if finding.claim in claim_files:
        return claim_files[finding.claim], finding.claim
    if finding.conflict in conflict_files:
        return conflict_files[finding.conflict], f"conflict:{finding.conflict}"
    if finding.source is not None:
        return CATALOG, finding.source
    if finding.file.startswith("claims/") or finding.file in (CATALOG, CONFIG):
        return finding.file, FILE_ITEM
    return CATALOG, REGISTRY_ITEM


def _regrouping(report: Report, granularity: str) -> Callable[[Owner], Owner]:
    """From the per-claim item that owns a finding to the item that owns it at ``granularity``."""
    if granularity == "file":
        return lambda owner: owner if owner[1] == REGISTRY_ITEM else (owner[0], FILE_ITEM)
    if granularity == "claim":
        return lambda owner: owner
    known = set(report.sources)
    first_source = {c.id: c.evidence[0].source if c.evidence and c.evidence[0].source in known else None for c in report.claims}

    def by_source(owner: Owner) -> Owner:
        if owner[1] not in first_source or owner[0] == CATALOG:
            return owner  # not a claim's item
        source = first_source[owner[1]]
        return (CATALOG, source) if source is not None else (owner[0], FILE_ITEM)

    return by_source


def failure_lines(findings: tuple[Finding, ...], claim_places: dict[str, str] | None) -> list[str]:
    """The findings as text; for a grouped item (``claim_places`` given), under a heading per failing claim.

    Values are shown escaped, as in the CLI's text: pytest's output is a CI log too (join with
    ``escape.printable_lines``)."""
    by_claim: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_claim[finding.claim if claim_places is not None else None].append(finding)
    lines: list[str] = []
    for claim, owned in by_claim.items():
        indent = ""
        if claim is not None and claim_places is not None:
            lines.append(f"claim {claim} ({claim_places.get(claim, owned[0].file)}) fails:")
            indent = "  "
        for finding in owned:
            lines.append(indent + finding_line(finding))
            lines.extend(f"{indent}    {visible(detail)}" for detail in finding.details)
    return lines
