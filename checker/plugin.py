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

Results are cached in ``.claimcheck-cache/`` like the CLI's. Under
pytest-xdist (``pytest -n 2 --dist loadgroup``) the controller checks the
registry once before the workers start and hands them its fingerprint of the
files, so the workers read the results from the cache instead of reading the
sources again; every item carries an ``xdist_group`` mark naming the source it
depends on, so one source's items stay on one worker.

- ``claimcheck.toml`` → a ``[file]`` item for problems of the settings file and,
  when it sets ``[coverage] minimum``, a ``coverage`` item.

The plugin collects only in a claimcheck registry: where ``claimcheck.toml``
sits at the registry root, where the ini option ``claimcheck_root`` names one,
or with ``--claimcheck`` / ``--claimcheck-root DIR``; anywhere else it stays out
of the way. Options (``pytest --help``, group "claimcheck"): ``--claimcheck``,
``--claimcheck-root``, ``--claimcheck-no-cache`` (ini ``claimcheck_cache``) and
``--claimcheck-items`` (ini ``claimcheck_items``: ``claim``, one item per claim).

Failures print the findings (file:line, source, quote, drift diagnosis)
without a Python traceback. Each item records its file and line as JUnit XML
properties (``--junitxml``: ``<property name="file">``, ``name="line"``).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.engine import Fingerprint, Report, ResultCache, run_check
from checker.findings import Finding
from checker.registry import CATALOG, CONFIG, VOCABULARY_FILES, claim_files, has_config, load_config
from checker.reporters.text import finding_line

FILE_ITEM = "[file]"
REGISTRY_ITEM = "[registry]"
_report_key = pytest.StashKey[Report]()
_fingerprint_key = pytest.StashKey[Fingerprint]()
_WORKER_FINGERPRINT = "claimcheck_fingerprint"
REGISTRY_GROUP = "claimcheck-registry"
_items_key = pytest.StashKey[dict[str, list[tuple[str, int, str]]]]()
_owners_key = pytest.StashKey[dict[tuple[str, str], list[Finding]]]()
_home_key = pytest.StashKey[str]()
_collecting_key = pytest.StashKey[bool]()


ITEM_KINDS = ("claim",)
"""What one item stands for (``--claimcheck-items``): ``claim``, one item per claim, conflict and source."""
COVERAGE_ITEM = "coverage"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claimcheck", "claimcheck: check a registry of claims (collected where claimcheck.toml is, or when asked)")
    group.addoption("--claimcheck", action="store_true", default=False,
                    help="collect the claimcheck registry even without a claimcheck.toml at its root")
    group.addoption("--claimcheck-root", metavar="DIR", default=None,
                    help="directory holding the registry's sources/ and claims/ (default: ini claimcheck_root, else rootdir); implies --claimcheck")
    group.addoption("--claimcheck-no-cache", action="store_true", default=None,
                    help="neither read nor write the result cache .claimcheck-cache/ (ini claimcheck_cache = false)")
    group.addoption("--claimcheck-items", choices=ITEM_KINDS, default=None,
                    help="what one test item stands for (default: ini claimcheck_items, else claim)")
    parser.addini("claimcheck_root", "directory holding the registry's sources/ and claims/ (default: rootdir); setting it turns collection on", default="")
    parser.addini("claimcheck_cache", "keep check results in .claimcheck-cache/ between runs (default: true)", type="bool", default=True)
    parser.addini("claimcheck_items", f"what one test item stands for: {', '.join(ITEM_KINDS)} (default: claim)", default="claim")


def registry_root(config: pytest.Config) -> Path:
    configured = config.getoption("claimcheck_root") or config.getini("claimcheck_root")
    return (config.rootpath / configured).resolve() if configured else config.rootpath.resolve()


def collecting(config: pytest.Config) -> bool:
    """Only where a registry is configured, or when asked: other projects in the same environment are left alone."""
    if _collecting_key not in config.stash:
        asked = config.getoption("claimcheck") or config.getoption("claimcheck_root") or config.getini("claimcheck_root")
        config.stash[_collecting_key] = bool(asked) or has_config(registry_root(config))
    return config.stash[_collecting_key]


def _use_cache(config: pytest.Config) -> bool:
    return not config.getoption("claimcheck_no_cache") and bool(config.getini("claimcheck_cache"))


def _report(config: pytest.Config) -> Report:
    if _report_key not in config.stash:
        root = registry_root(config)
        if not _use_cache(config):
            config.stash[_report_key] = run_check(root)
            return config.stash[_report_key]
        handed = getattr(config, "workerinput", {}).get(_WORKER_FINGERPRINT)
        fingerprint = Fingerprint({k: tuple(v) for k, v in handed.items()}) if handed else Fingerprint.of(root)
        config.stash[_fingerprint_key] = fingerprint
        store = ResultCache(root)
        report = run_check(root, cache=store, fingerprint=fingerprint)
        if report.exit_code != 2:
            store.flush()  # unusable input writes nothing, not even cache entries
        config.stash[_report_key] = report
    return config.stash[_report_key]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "xdist_group(name): pytest-xdist keeps items of one group on one worker")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """On an xdist controller, check once before the workers start: they then read the cache."""
    config = session.config
    root = registry_root(config)
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput") and collecting(config) and (root / CATALOG).is_file():
        _report(config)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: give each worker the controller's fingerprint, so it does not hash every file again."""
    if _fingerprint_key in node.config.stash:
        node.workerinput[_WORKER_FINGERPRINT] = {k: list(v) for k, v in node.config.stash[_fingerprint_key].entries.items()}


def _registry_home(config: pytest.Config) -> str:
    """The file whose ``[registry]`` item reports registry-wide problems: the catalog or,
    when the catalog is missing (and so collects nothing), the first claims file."""
    if _home_key not in config.stash:
        root = registry_root(config)
        files = [] if (root / CATALOG).is_file() else claim_files(root)
        config.stash[_home_key] = files[0] if files else CATALOG
    return config.stash[_home_key]


def _owned_findings(config: pytest.Config) -> dict[tuple[str, str], list[Finding]]:
    """Findings by the (file, item name) that reports them."""
    if _owners_key not in config.stash:
        report = _report(config)
        claim_files = {c.id: c.file for c in report.claims}
        conflict_files = {c.id: c.sides[0].file for c in report.conflicts}
        home, root = _registry_home(config), registry_root(config)
        owners: dict[tuple[str, str], list[Finding]] = defaultdict(list)
        for finding in report.findings:
            owner = _owner(finding, claim_files, conflict_files)
            if (owner[0] == CATALOG and home != CATALOG) or (owner[1] == FILE_ITEM and not (root / owner[0]).is_file()):
                owner = (home, REGISTRY_ITEM)  # no file to collect the item from: never drop the finding
            owners[owner].append(finding)
        config.stash[_owners_key] = owners
    return config.stash[_owners_key]


def _owner(finding: Finding, claim_files: dict[str, str], conflict_files: dict[str, str]) -> tuple[str, str]:
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


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if (file_path.suffix not in {".yaml", ".yml"} and file_path.name != CONFIG) or not collecting(parent.config):
        return None
    root = registry_root(parent.config)
    try:
        rel = file_path.resolve().relative_to(root).as_posix()
    except ValueError:
        return None
    if rel in (CATALOG, CONFIG) or rel.startswith("claims/"):
        return RegistryFile.from_parent(parent, path=file_path, rel=rel)
    return None


class RegistryFile(pytest.File):
    def __init__(self, *, rel: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rel = rel

    def collect(self) -> Iterator[pytest.Item]:
        report = _report(self.config)
        names: list[tuple[str, int, str]] = [(FILE_ITEM, 1, REGISTRY_GROUP)]
        if self.rel == _registry_home(self.config) != CATALOG:
            names.append((REGISTRY_ITEM, 1, REGISTRY_GROUP))
        if self.rel == CATALOG:
            names.append((REGISTRY_ITEM, 1, REGISTRY_GROUP))
            catalog_lines = {f.source: f.line for f in report.findings if f.source and f.file == CATALOG}
            names += [(sid, catalog_lines.get(sid, 1), sid) for sid in report.sources]
        elif self.rel == CONFIG:
            settings = load_config(registry_root(self.config))[0]
            if settings.coverage_minimum:
                names.append((COVERAGE_ITEM, settings.line("coverage.minimum"), REGISTRY_GROUP))
        elif self.rel not in VOCABULARY_FILES:
            names += _items_by_file(self.config).get(self.rel, [])
        for name, line, group in names:
            item = RegistryItem.from_parent(self, name=name, line=line)
            item.add_marker(pytest.mark.xdist_group(group))  # one source's items on one worker
            yield item


def _items_by_file(config: pytest.Config) -> dict[str, list[tuple[str, int, str]]]:
    """Per claims file, its claim and conflict items as (name, line, xdist group): grouped once per session."""
    if _items_key not in config.stash:
        report = _report(config)
        by_file: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        for claim in report.claims:
            by_file[claim.file].append((claim.id, claim.line, claim.evidence[0].source if claim.evidence else REGISTRY_GROUP))
        for conflict in report.conflicts:
            by_file[conflict.sides[0].file].append((f"conflict:{conflict.id}", conflict.sides[0].line, REGISTRY_GROUP))
        config.stash[_items_key] = dict(by_file)
    return config.stash[_items_key]


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
        # JUnit XML (xunit2 has no file/line attributes): CI tools read these properties instead.
        self.user_properties += [("file", Path(os.path.relpath(self.path, self.config.rootpath)).as_posix()), ("line", str(self.line))]

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
        # The domain is the item's own name: pytest -v prints the node id with the domain's dots
        # turned into "::" (it expects Python's module.Class.test), which mangled "claims/x.yaml".
        return self.path, self.line - 1, self.name
