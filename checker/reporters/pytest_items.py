"""Which pytest items a report becomes, and what each one shows: the plugin's side that needs the checker.

``checker/plugin.py`` imports this module only when no plan is stored for exactly these
files, and only in the process that plans (a plain run, or the xdist controller).
``checked_plan`` checks the registry once per session and returns an ``ItemPlan``: plain
data (item names, lines, groups and the escaped failure text each item shows), which is
all an item needs and what xdist workers are handed.

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
from pathlib import Path

import pytest

from checker.engine import Fingerprint, Report, ResultCache, run_check
from checker.findings import Finding
from checker.plugin import (
    FILE_ITEM,
    PLAN_ENTRY,
    REGISTRY_GROUP,
    REGISTRY_ITEM,
    ItemPlan,
    ItemSpec,
    Owner,
    choose_granularity,
    chosen_granularity,
    cluster,
    collected_as,
    registry_root,
    use_cache,
)
from checker.registry import CATALOG, CONFIG, VOCABULARY_FILES, claim_files, load_config
from checker.reporters.escape import printable_lines, visible
from checker.reporters.text import finding_line

COVERAGE_ITEM = "coverage"
_report_key = pytest.StashKey[Report]()


def checked_plan(config: pytest.Config, store: ResultCache | None, fingerprint: Fingerprint | None, key: str | None) -> ItemPlan:
    """Check the registry and plan its items (the plugin found no plan stored under ``key``); store the plan."""
    root, chosen = registry_root(config), chosen_granularity(config)
    report = config.stash[_report_key] = run_check(root, cache=store, fingerprint=fingerprint, cluster=cluster(config))
    settings = load_config(root)[0]
    extra = {CONFIG: [(COVERAGE_ITEM, settings.line("coverage.minimum"), REGISTRY_GROUP)]} if settings.coverage_minimum else {}
    plan = plan_items(report, root, _registry_home(root), choose_granularity(chosen, len(report.claims)), extra)
    if store is not None and key is not None and report.exit_code != 2:  # unusable input writes nothing
        if not store.inputs_changed:  # never when a file changed during the run
            store.put(PLAN_ENTRY, key, plan)
        store.flush()
    return plan


def session_report(config: pytest.Config) -> Report:
    """The whole report (for the HTML report): the one this session checked, else checked now (warm: from the cache)."""
    if _report_key not in config.stash:
        root = registry_root(config)
        store = ResultCache(root) if use_cache(config) else None
        report = run_check(root, cache=store, fingerprint=None if store is None else Fingerprint.of(root, store=store), cluster=cluster(config))
        if store is not None and report.exit_code != 2:
            store.flush()  # unusable input writes nothing, not even cache entries
        config.stash[_report_key] = report
    return config.stash[_report_key]


def write_html(config: pytest.Config, target: Path) -> str:
    """Write the HTML report of the session's check to ``target``; the line to show either way."""
    from checker.commands.report import refusal, save  # loaded only when a report is asked for

    root = registry_root(config)
    problem = refusal(root, target) or (None if (root / CATALOG).is_file() else f"no registry at {root} ({CATALOG} missing)")
    if problem is None:
        try:
            save(root, session_report(config), target)
        except OSError as exc:
            problem = f"cannot write {target} ({exc.strerror or exc})"
    return visible(f"claimcheck: HTML report not written: {problem}" if problem else f"claimcheck: HTML report written to {target}")


def _registry_home(root: Path) -> str:
    """The file whose ``[registry]`` item reports registry-wide problems: the catalog or,
    when the catalog is missing (and so collects nothing), the first claims file."""
    files = [] if collected_as(root, root / CATALOG) == CATALOG else claim_files(root)
    return files[0] if files else CATALOG


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

    claim_files_by_id = {c.id: c.file for c in report.claims}
    conflict_files = {c.id: c.sides[0].file for c in report.conflicts}
    regroup = _regrouping(report, granularity)
    failing: dict[Owner, list[Finding]] = defaultdict(list)
    warned: dict[Owner, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        if not finding.fails and finding.severity != "warning":
            continue
        owner = regroup(_owner(finding, claim_files_by_id, conflict_files))
        if (owner[0] == CATALOG and home != CATALOG) or (owner[1] == FILE_ITEM and collected_as(root, root / owner[0]) != owner[0]):
            owner = (home, REGISTRY_ITEM)  # no file to collect the item from: never drop the finding
        (failing if finding.fails else warned)[owner].append(finding)
    places = {c.id: f"{c.file}:{c.line}" for c in report.claims if c.status == "fail"} if granularity != "claim" else None
    return ItemPlan(granularity, home, {k: tuple(v) for k, v in items.items()},
                    {k: printable_lines(failure_lines(tuple(v), places)).rstrip("\n") for k, v in failing.items()},
                    {k: tuple(finding_line(f) for f in v) for k, v in warned.items()})


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
