"""pytest plugin: every claim is a test item, every conflict too.

A thin adapter over ``run_check``: the registry is checked once per session
(on first use) and each item only looks up its own findings. A warm run (no file
changed) reuses the item plan cached for exactly these files and checks nothing.

- ``claims/<file>.yaml`` → one item per claim (``claims/ownership.yaml::afc-wm-stake``),
  one per conflict whose first claim lives there (``::conflict:a--b``), and a
  ``[file]`` item for problems of the file itself (malformed YAML, schema errors
  outside any claim, stale acknowledgements).
- ``sources/catalog.yaml`` → one item per source (readable, UTF-8, inside
  sources/) and a ``[registry]`` item for everything that belongs to no other
  item (no claims at all, a missing catalog).
- ``claims/subjects.yaml`` and ``claims/properties.yaml`` → a ``[file]`` item each.

That is granularity ``claim``, the default up to 2,000 claims. Larger
registries, or ``claimcheck_items = file`` (``--claimcheck-items file``), get
one ``[file]`` item per file owning every finding of the file; with ``source``,
a source's item owns every claim whose first quote cites it. A grouped item's
failure lists each failing claim with its file:line (see reporters/pytest_items.py).

Results are cached in ``.claimcheck-cache/`` like the CLI's. Under
pytest-xdist (``pytest -n auto``) the controller checks the registry once
before the workers start and hands them the item plan (every item and the
failing findings it owns), so the workers neither check nor read the cache;
every item carries an ``xdist_group`` mark naming the source it depends on, so
with ``--dist loadgroup`` one source's items stay on one worker.

- ``claimcheck.toml`` → a ``[file]`` item for problems of the settings file and,
  when it sets ``[coverage] minimum``, a ``coverage`` item.

The plugin collects only in a claimcheck registry: where ``claimcheck.toml``
sits at the registry root, where the ini option ``claimcheck_root`` names one,
or with ``--claimcheck`` / ``--claimcheck-root DIR``; anywhere else it stays out
of the way. Options (``pytest --help``, group "claimcheck"): ``--claimcheck``,
``--claimcheck-root``, ``--claimcheck-no-cache`` (ini ``claimcheck_cache``) and
``--claimcheck-items`` (ini ``claimcheck_items``: ``claim``, ``file`` or ``source``), ``--claimcheck-html PATH``
(ini ``claimcheck_html``: write the HTML report of the session's check when it ends),
``--claimcheck-scheduler tcp://HOST:PORT`` (ini ``claimcheck_scheduler``: verify the sources on
a Dask cluster, as ``claimcheck check --scheduler``; the controller connects once per session).

Failures print the findings (file:line, source, quote, drift diagnosis)
without a Python traceback. Each item records its file and line as JUnit XML
properties (``--junitxml``: ``<property name="file">``, ``name="line"``).
"""

from __future__ import annotations

import os
import pickle
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checker.engine import Cluster, Fingerprint, Report, ResultCache, SchedulerError, connect, digest, run_check
from checker.findings import Finding
from checker.registry import CATALOG, CONFIG, claim_files, has_config, load_config
from checker.reporters.escape import printable_lines, visible
from checker.reporters.pytest_items import (
    CLAIM_ITEMS_MAX,
    COVERAGE_ITEM,
    GRANULARITIES,
    REGISTRY_GROUP,
    ItemPlan,
    choose_granularity,
    collected_as,
    failure_lines,
    plan_items,
)
from checker.reporters.text import finding_line

_report_key = pytest.StashKey[Report]()
_plan_key = pytest.StashKey[ItemPlan]()
_WORKER_PLAN = "claimcheck_plan"
_collecting_key = pytest.StashKey[bool]()
_cluster_key = pytest.StashKey[Cluster]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("claimcheck", "claimcheck: check a registry of claims (collected where claimcheck.toml is, or when asked)")
    group.addoption("--claimcheck", action="store_true", default=False,
                    help="collect the claimcheck registry even without a claimcheck.toml at its root")
    group.addoption("--claimcheck-root", metavar="DIR", default=None,
                    help="directory holding the registry's sources/ and claims/ (default: ini claimcheck_root, else rootdir); implies --claimcheck")
    group.addoption("--claimcheck-no-cache", action="store_true", default=None,
                    help="neither read nor write the result cache .claimcheck-cache/ (ini claimcheck_cache = false)")
    group.addoption("--claimcheck-items", choices=GRANULARITIES, default=None,
                    help=f"what one test item stands for: a claim, a claims file or a source (default: ini claimcheck_items, else claim "
                         f"up to {CLAIM_ITEMS_MAX} claims and file above)")
    parser.addini("claimcheck_root", "directory holding the registry's sources/ and claims/ (default: rootdir); setting it turns collection on", default="")
    parser.addini("claimcheck_cache", "keep check results in .claimcheck-cache/ between runs (default: true)", type="bool", default=True)
    parser.addini("claimcheck_items", f"what one test item stands for: {', '.join(GRANULARITIES)} "
                  f"(default: claim up to {CLAIM_ITEMS_MAX} claims, file above)", default="")
    group.addoption("--claimcheck-html", dest="claimcheck_html", metavar="PATH", default=None,
                    help="write claimcheck's HTML report of the registry to PATH when the session ends (ini claimcheck_html)")
    parser.addini("claimcheck_html", "write claimcheck's HTML report to this path (relative to rootdir) when the session ends", default="")
    group.addoption("--claimcheck-scheduler", dest="claimcheck_scheduler", metavar="ADDRESS", default=None,
                    help="verify the sources on the Dask cluster whose scheduler is at ADDRESS (tcp://HOST:PORT; "
                         "ini claimcheck_scheduler; needs pip install 'claimcheck[distributed]')")
    parser.addini("claimcheck_scheduler", "Dask scheduler (tcp://HOST:PORT) whose workers verify the sources", default="")


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
    """The whole report (for the HTML report): the one this session checked, else checked now (warm: from the cache)."""
    if _report_key not in config.stash:
        root = registry_root(config)
        store = ResultCache(root) if _use_cache(config) else None
        report = run_check(root, cache=store, fingerprint=None if store is None else Fingerprint.of(root, store=store),
                           cluster=config.stash.get(_cluster_key, None))
        if store is not None and report.exit_code != 2:
            store.flush()  # unusable input writes nothing, not even cache entries
        config.stash[_report_key] = report
    return config.stash[_report_key]


def _chosen_granularity(config: pytest.Config) -> str:
    return str(config.getoption("claimcheck_items") or config.getini("claimcheck_items")).strip()


def _plan(config: pytest.Config) -> ItemPlan:
    """The items and what each owns: handed over by the xdist controller, else planned here."""
    if _plan_key not in config.stash:
        handed = getattr(config, "workerinput", {}).get(_WORKER_PLAN)
        if handed is not None:
            config.stash[_plan_key] = pickle.loads(handed)  # from our own controller process, never from the registry
        else:
            config.stash[_plan_key] = _checked_plan(config)
    return config.stash[_plan_key]


def _checked_plan(config: pytest.Config) -> ItemPlan:
    """Check the registry and plan its items. With the cache on, the plan made for exactly these files
    (and this granularity) is reused: a warm run neither checks again nor assembles the report."""
    root, chosen = registry_root(config), _chosen_granularity(config)
    store = ResultCache(root) if _use_cache(config) else None
    if store is not None and store.refused:
        warnings.warn(pytest.PytestWarning(f"claimcheck: {store.refused}"), stacklevel=1)
    fingerprint = Fingerprint.of(root, store=store) if store is not None else None
    key = None if fingerprint is None else digest(fingerprint.whole_key, str(root), chosen)
    hit = None if store is None or key is None else store.get("pytest-plan", key)
    if isinstance(hit, ItemPlan):
        return hit
    report = config.stash[_report_key] = run_check(root, cache=store, fingerprint=fingerprint, cluster=config.stash.get(_cluster_key, None))
    settings = load_config(root)[0]
    extra = {CONFIG: [(COVERAGE_ITEM, settings.line("coverage.minimum"), REGISTRY_GROUP)]} if settings.coverage_minimum else {}
    plan = plan_items(report, root, _registry_home(root), choose_granularity(chosen, len(report.claims)), extra)
    if store is not None and key is not None and report.exit_code != 2:  # unusable input writes nothing
        if not store.inputs_changed:  # never when a file changed during the run
            store.put("pytest-plan", key, plan)
        store.flush()
    return plan


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "xdist_group(name): pytest-xdist keeps items of one group on one worker")
    chosen = _chosen_granularity(config)
    if chosen and chosen not in GRANULARITIES:
        raise pytest.UsageError(f"claimcheck_items = {chosen!r}: use one of {', '.join(GRANULARITIES)}")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Connect to the Dask scheduler if one is named; on an xdist controller, check and plan once before the workers start: they get the plan."""
    config = session.config
    root = registry_root(config)
    address = config.getoption("claimcheck_scheduler") or config.getini("claimcheck_scheduler")
    if address and collecting(config) and not hasattr(config, "workerinput"):  # xdist workers get the plan, never check
        try:
            config.stash[_cluster_key] = connect(address)
        except SchedulerError as exc:
            raise pytest.UsageError(f"claimcheck: --claimcheck-scheduler {address}: {exc}") from None
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput") and collecting(config) and (root / CATALOG).is_file():
        _plan(config)


def pytest_unconfigure(config: pytest.Config) -> None:
    if _cluster_key in config.stash:
        config.stash[_cluster_key].close()


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: give each worker the controller's item plan, so it does not check again."""
    if _plan_key in node.config.stash:
        node.workerinput[_WORKER_PLAN] = pickle.dumps(node.config.stash[_plan_key], protocol=pickle.HIGHEST_PROTOCOL)


def _registry_home(root: Path) -> str:
    """The file whose ``[registry]`` item reports registry-wide problems: the catalog or,
    when the catalog is missing (and so collects nothing), the first claims file."""
    files = [] if collected_as(root, root / CATALOG) == CATALOG else claim_files(root)
    return files[0] if files else CATALOG


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if (file_path.suffix not in {".yaml", ".yml"} and file_path.name != CONFIG) or not collecting(parent.config):
        return None
    rel = collected_as(registry_root(parent.config), file_path)
    if rel is None:
        return None
    if rel in (CATALOG, CONFIG) or rel.startswith("claims/"):
        return RegistryFile.from_parent(parent, path=file_path, rel=rel)
    return None


class RegistryFile(pytest.File):
    def __init__(self, *, rel: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rel = rel

    def collect(self) -> Iterator[pytest.Item]:
        for name, line, group in _plan(self.config).items_of(self.rel):
            item = RegistryItem.from_parent(self, name=name, line=line)
            item.add_marker(pytest.mark.xdist_group(group))  # one source's items on one worker
            yield item


class RegistryFailure(Exception):
    def __init__(self, findings: tuple[Finding, ...]) -> None:
        super().__init__(f"{len(findings)} findings")
        self.findings = findings


class ClaimcheckWarning(UserWarning):
    """A warning finding (unused vocabulary, a stale acknowledgement, an alias read inside a name) on an item that passes."""


class RegistryItem(pytest.Item):
    def __init__(self, *, line: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.line = line
        assert isinstance(self.parent, RegistryFile)
        self.rel = self.parent.rel
        # JUnit XML (xunit2 has no file/line attributes): CI tools read these properties instead.
        self.user_properties += [("file", Path(os.path.relpath(self.path, self.config.rootpath)).as_posix()), ("line", str(self.line))]

    def runtest(self) -> None:
        for finding in _plan(self.config).warnings.get((self.rel, self.name), ()):
            warnings.warn(ClaimcheckWarning(finding_line(finding)), stacklevel=1)  # in pytest's warnings summary; never a failure
        failing = _plan(self.config).failing.get((self.rel, self.name))
        if failing:
            raise RegistryFailure(failing)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RegistryFailure):
            plan = _plan(self.config)
            lines = failure_lines(excinfo.value.findings, plan.claim_places if plan.granularity != "claim" else None)
            return printable_lines(lines).rstrip("\n")  # escaped like the CLI's text: pytest's output is a CI log too
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        # The domain is the item's own name: pytest -v prints the node id with the domain's dots
        # turned into "::" (it expects Python's module.Class.test), which mangled "claims/x.yaml".
        return self.path, self.line - 1, self.name


# --- HTML report at the end of the session (issue 11) ---------------------------------------------
# ``pytest --claimcheck-html report.html`` (or the ini option ``claimcheck_html``) writes the same
# report as ``claimcheck report --html``, from the results this session already computed.


def _html_target(config: pytest.Config) -> Path | None:
    option = config.getoption("claimcheck_html", None)
    if option:
        return Path(option).resolve()
    configured = config.getini("claimcheck_html")
    return (config.rootpath / configured).resolve() if configured else None


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    target = _html_target(config)
    if target is None or hasattr(config, "workerinput"):  # under xdist only the controller writes it
        return
    from checker.commands.report import refusal, save  # loaded only when a report is asked for

    root = registry_root(config)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    problem = refusal(root, target) or (None if (root / CATALOG).is_file() else f"no registry at {root} ({CATALOG} missing)")
    if problem is None:
        try:
            save(root, _report(config), target)
        except OSError as exc:
            problem = f"cannot write {target} ({exc.strerror or exc})"
    if reporter is not None:
        reporter.write_line(visible(f"claimcheck: HTML report not written: {problem}" if problem else f"claimcheck: HTML report written to {target}"))
