"""pytest plugin: every claim is a test item, every conflict too.

A thin adapter over ``run_check``: the registry is checked once per session
(on first use) and each item only looks up its own findings.

- ``claims/<file>.yaml`` → one item per claim (``claims/ownership.yaml::afc-wm-stake``),
  one per conflict whose first claim lives there (``::conflict:a--b``), and a
  ``[file]`` item for problems of the file itself (malformed YAML, schema errors
  outside any claim, stale acknowledgements).
- ``sources/catalog.yaml`` → one item per source (readable, UTF-8, inside
  sources/) and a ``[registry]`` item for everything that belongs to no other
  item (no claims at all, a missing catalog).
- ``claims/subjects.yaml`` and ``claims/properties.yaml`` → a ``[file]`` item each.

Failures print the findings (file:line, source, quote, drift diagnosis)
without a Python traceback. Set the ini option ``claimcheck_root`` when the
registry is not at pytest's rootdir.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.check import run_check
from checker.findings import Finding
from checker.registry import CATALOG, VOCABULARY_FILES
from checker.report import Report
from checker.reporters.text import finding_line

FILE_ITEM = "[file]"
REGISTRY_ITEM = "[registry]"
_report_key = pytest.StashKey[Report]()
_owners_key = pytest.StashKey[dict[tuple[str, str], list[Finding]]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("claimcheck_root", "directory holding the registry's sources/ and claims/ (default: rootdir)", default="")


def registry_root(config: pytest.Config) -> Path:
    configured = config.getini("claimcheck_root")
    return (config.rootpath / configured).resolve() if configured else config.rootpath.resolve()


def _report(config: pytest.Config) -> Report:
    if _report_key not in config.stash:
        config.stash[_report_key] = run_check(registry_root(config))
    return config.stash[_report_key]


def _owned_findings(config: pytest.Config) -> dict[tuple[str, str], list[Finding]]:
    """Findings by the (file, item name) that reports them."""
    if _owners_key not in config.stash:
        report = _report(config)
        claim_files = {c.id: c.file for c in report.claims}
        conflict_files = {c.id: c.sides[0].file for c in report.conflicts}
        owners: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in report.findings:
            owners[_owner(finding, claim_files, conflict_files)].append(finding)
        config.stash[_owners_key] = owners
    return config.stash[_owners_key]


def _owner(finding: Finding, claim_files: dict[str, str], conflict_files: dict[str, str]) -> tuple[str, str]:
    if finding.claim in claim_files:
        return claim_files[finding.claim], finding.claim
    if finding.conflict in conflict_files:
        return conflict_files[finding.conflict], f"conflict:{finding.conflict}"
    if finding.source is not None:
        return CATALOG, finding.source
    if finding.file.startswith("claims/") or finding.file == CATALOG:
        return finding.file, FILE_ITEM
    return CATALOG, REGISTRY_ITEM


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in {".yaml", ".yml"}:
        return None
    root = registry_root(parent.config)
    try:
        rel = file_path.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    if rel == CATALOG or rel.startswith("claims/"):
        return RegistryFile.from_parent(parent, path=file_path, rel=rel)
    return None


class RegistryFile(pytest.File):
    def __init__(self, *, rel: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rel = rel

    def collect(self) -> Iterator[pytest.Item]:
        report = _report(self.config)
        names: list[tuple[str, int]] = [(FILE_ITEM, 1)]
        if self.rel == CATALOG:
            names.append((REGISTRY_ITEM, 1))
            catalog_lines = {f.source: f.line for f in report.findings if f.source and f.file == CATALOG}
            names += [(sid, catalog_lines.get(sid, 1)) for sid in report.sources]
        elif self.rel not in VOCABULARY_FILES:
            names += [(c.id, c.line) for c in report.claims if c.file == self.rel]
            names += [(f"conflict:{c.id}", c.sides[0].line) for c in report.conflicts if c.sides[0].file == self.rel]
        for name, line in names:
            yield RegistryItem.from_parent(self, name=name, line=line)


class RegistryFailure(Exception):
    def __init__(self, findings: list[Finding]) -> None:
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


class RegistryItem(pytest.Item):
    def __init__(self, *, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.line = line
        assert isinstance(self.parent, RegistryFile)
        self.rel = self.parent.rel

    def findings(self) -> list[Finding]:
        return _owned_findings(self.config).get((self.rel, self.name), [])

    def runtest(self) -> None:
        failing = [f for f in self.findings() if f.fails]
        if failing:
            raise RegistryFailure(failing)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RegistryFailure):
            lines: list[str] = []
            for finding in excinfo.value.findings:
                lines.append(finding_line(finding))
                lines.extend(f"    {detail}" for detail in finding.details)
            return "\n".join(lines)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.line - 1, f"{self.rel}::{self.name}"
