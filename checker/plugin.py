"""pytest plugin: every claim is a test item, every conflict too.

A thin adapter over ``run_check``. pytest loads it in every session of every
project in the environment (and in every pytest-xdist worker), so at import it
needs only pytest and the standard library; the checker itself is imported
(``reporters/pytest_items.py``) only once a registry is collected, and only in
the process that plans the items. The registry is checked once per session and
each item only looks up what it owns in the item plan. A warm run (no file
changed) reuses the plan cached for exactly these files and checks nothing.

- ``claims/<file>.yaml`` → one item per claim (``claims/ownership.yaml::afc-wm-stake``),
  one per conflict whose first claim lives there (``::conflict:a--b``), and a
  ``[file]`` item for problems of the file itself (malformed YAML, schema errors
  outside any claim, stale acknowledgements).
- ``sources/catalog.yaml`` → one item per source (readable, UTF-8, inside
  sources/) and a ``[registry]`` item for everything that belongs to no other
  item (no claims at all, a missing catalog).
- ``claims/subjects.yaml`` and ``claims/properties.yaml`` → a ``[file]`` item each.
- ``claimcheck.toml`` → a ``[file]`` item for problems of the settings file and,
  when it sets ``[coverage] minimum``, a ``coverage`` item.

That is granularity ``claim``, the default up to 2,000 claims. Larger
registries, or ``claimcheck_items = file`` (``--claimcheck-items file``), get
one ``[file]`` item per file owning every finding of the file; with ``source``,
a source's item owns every claim whose first quote cites it. A grouped item's
failure lists each failing claim with its file:line (see reporters/pytest_items.py).

Results are cached in ``.claimcheck-cache/`` like the CLI's. Under
pytest-xdist (``pytest -n auto``) the controller checks the registry once
before the workers start and hands them the item plan (plain data: item names,
lines and the failure text each item shows), so the workers neither check, nor
read the cache, nor import the checker; every item carries an ``xdist_group``
mark naming the source it depends on, so with ``--dist loadgroup`` one source's
items stay on one worker.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CONFIG_NAME = "claimcheck.toml"
"""The registry's settings file, which marks a directory as a registry (``checker.registry.CONFIG``; a test keeps the
names equal). Named here because the plugin must decide whether to collect before it may import the checker."""
CATALOG_NAME = "sources/catalog.yaml"
"""``checker.registry.CATALOG``, named here for the same reason."""
COLLECTED_SUFFIXES = frozenset({".yaml", ".yml"})
GRANULARITIES = ("claim", "file", "source")
CLAIM_ITEMS_MAX = 2000
"""Above this many claims the default granularity is ``file``: pytest spends ~2 ms on each
item, so 52,000 items cost 100 s where the check itself takes seconds."""
FILE_ITEM = "[file]"
REGISTRY_ITEM = "[registry]"
REGISTRY_GROUP = "claimcheck-registry"

Owner = tuple[str, str]
"""(file the item is collected from, item name)"""
ItemSpec = tuple[str, int, str]
"""(item name, line, xdist group)"""


@dataclass(frozen=True)
class ItemPlan:
    """Every item of the session and what each shows: plain data, so that a worker (or a warm run) needs no checker."""

    granularity: str
    home: str
    """The file whose [registry] item reports registry-wide problems."""
    items: dict[str, tuple[ItemSpec, ...]]
    """Per file, its items beyond [file] (and [registry] at home)."""
    failing: dict[Owner, str]
    """The failure text of each failing item, escaped for a terminal or CI log (see reporters/pytest_items.py)."""
    warnings: dict[Owner, tuple[str, ...]]
    """Warning findings (escaped lines) by the item that shows them in pytest's warnings summary; they never fail it."""

    def items_of(self, rel: str) -> list[ItemSpec]:
        grouped = self.granularity != "claim"
        names: list[ItemSpec] = [(FILE_ITEM, 1, rel if grouped else REGISTRY_GROUP)]  # grouped: a unit of its own
        if rel == self.home:
            names.append((REGISTRY_ITEM, 1, REGISTRY_GROUP))
        return names + list(self.items.get(rel, ()))


def choose_granularity(chosen: str, claims: int) -> str:
    return chosen or ("claim" if claims <= CLAIM_ITEMS_MAX else "file")


PLAN_ENTRY = "pytest-plan"
"""The plan's name in the store."""
_plan_key = pytest.StashKey[ItemPlan]()
_WORKER_PLAN = "claimcheck_plan"
_collecting_key = pytest.StashKey[bool]()
_cluster_key = pytest.StashKey[Any]()
"""The session's ``checker.engine.Cluster`` (typed loosely: the plugin imports the checker only when it is used)."""


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
        config.stash[_collecting_key] = bool(asked) or (registry_root(config) / CONFIG_NAME).is_file()
    return config.stash[_collecting_key]


def use_cache(config: pytest.Config) -> bool:
    return not config.getoption("claimcheck_no_cache") and bool(config.getini("claimcheck_cache"))


def chosen_granularity(config: pytest.Config) -> str:
    return str(config.getoption("claimcheck_items") or config.getini("claimcheck_items")).strip()


def _plan(config: pytest.Config) -> ItemPlan:
    """The items and what each owns: handed over by the xdist controller, else planned here (the checker imported now)."""
    if _plan_key not in config.stash:
        handed = getattr(config, "workerinput", {}).get(_WORKER_PLAN)
        if handed is not None:
            config.stash[_plan_key] = pickle.loads(handed)  # from our own controller process, never from the registry
        else:
            config.stash[_plan_key] = _stored_or_checked_plan(config)
    return config.stash[_plan_key]


def _stored_or_checked_plan(config: pytest.Config) -> ItemPlan:
    """The plan stored for exactly these files and this granularity, else checked and planned now. The lookup needs
    only the store (``checker.store`` imports nothing else of claimcheck), so a warm run imports no more of the checker."""
    from checker.store import Fingerprint, ResultCache, digest

    root, chosen = registry_root(config), chosen_granularity(config)
    store = ResultCache(root) if use_cache(config) else None
    if store is not None and store.refused:
        warnings.warn(pytest.PytestWarning(f"claimcheck: {store.refused}"), stacklevel=1)
    fingerprint = Fingerprint.of(root, store=store) if store is not None else None
    key = None if fingerprint is None else digest(fingerprint.whole_key, str(root), chosen)
    hit = None if store is None or key is None else store.get(PLAN_ENTRY, key)
    if isinstance(hit, ItemPlan):
        return hit
    from checker.reporters.pytest_items import checked_plan

    return checked_plan(config, store, fingerprint, key)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "xdist_group(name): pytest-xdist keeps items of one group on one worker")
    chosen = chosen_granularity(config)
    if chosen and chosen not in GRANULARITIES:
        raise pytest.UsageError(f"claimcheck_items = {chosen!r}: use one of {', '.join(GRANULARITIES)}")


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """Connect to the Dask scheduler if one is named; on an xdist controller, check and plan once before the workers start: they get the plan."""
    config = session.config
    address = config.getoption("claimcheck_scheduler") or config.getini("claimcheck_scheduler")
    if address and collecting(config) and not hasattr(config, "workerinput"):  # xdist workers get the plan, never check
        from checker.engine import SchedulerError, connect

        try:
            config.stash[_cluster_key] = connect(address)
        except SchedulerError as exc:  # the address may come from a pull request's ini file: shown escaped
            from checker.reporters.escape import visible

            raise pytest.UsageError(visible(f"claimcheck: --claimcheck-scheduler {address}: {exc}")) from None
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput") and collecting(config) and _asks_for_registry(config):
        _plan(config)


def _session_paths(config: pytest.Config) -> list[Path]:
    base = config.rootpath if config.args_source == pytest.Config.ArgsSource.TESTPATHS else config.invocation_params.dir
    return [(base / arg.split("::")[0]).resolve() for arg in config.args]


def _in_registry(root: Path, path: Path) -> bool:
    return path.is_relative_to(root / "claims") or path.is_relative_to(root / "sources") or path == root / CONFIG_NAME


def _asks_for_registry(config: pytest.Config) -> bool:
    """Whether a path the session was given holds the registry or lies in it (``pytest -n 2 tests/`` in a
    repository that is also a registry plans nothing; were a worker to meet a registry file anyway, it plans)."""
    root = registry_root(config)
    return any(root.is_relative_to(path) or _in_registry(root, path) for path in _session_paths(config))


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` for a session of registry items alone starts no workers: the check runs once, in the controller,
    on every core (by source), and each item only looks up its outcome, so workers could add nothing but their own
    start-up (see docs/performance.md). A session given any other path, an explicit ``-n N`` and
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` are left to pytest-xdist."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS") or not collecting(config):
        return None
    root = registry_root(config)
    paths = _session_paths(config)
    return 0 if paths and all(_in_registry(root, path) for path in paths) else None


def pytest_unconfigure(config: pytest.Config) -> None:
    if _cluster_key in config.stash:
        config.stash[_cluster_key].close()


def cluster(config: pytest.Config) -> Any:
    """The session's Dask cluster, or None: the check runs here."""
    return config.stash.get(_cluster_key, None)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: give each worker the controller's item plan, so it neither checks nor imports the checker."""
    if _plan_key in node.config.stash:
        node.workerinput[_WORKER_PLAN] = pickle.dumps(node.config.stash[_plan_key], protocol=pickle.HIGHEST_PROTOCOL)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if (file_path.suffix not in COLLECTED_SUFFIXES and file_path.name != CONFIG_NAME) or not collecting(parent.config):
        return None
    rel = collected_as(registry_root(parent.config), file_path)
    if rel is None or not (rel in (CATALOG_NAME, CONFIG_NAME) or rel.startswith("claims/")):
        return None
    return RegistryFile.from_parent(parent, path=file_path, rel=rel)  # planned only when pytest collects it


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
    if rel.isascii() and rel.isprintable():  # the usual name, decided without importing the checker
        return rel
    from checker.registry import printable_name

    return rel if printable_name(rel) else None


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
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


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
        plan = _plan(self.config)
        for line in plan.warnings.get((self.rel, self.name), ()):
            warnings.warn(ClaimcheckWarning(line), stacklevel=1)  # in pytest's warnings summary; never a failure
        failing = plan.failing.get((self.rel, self.name))
        if failing:
            raise RegistryFailure(failing)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, RegistryFailure):
            return excinfo.value.text  # already escaped like the CLI's text: pytest's output is a CI log too
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
    from checker.reporters.pytest_items import write_html  # loaded only when a report is asked for

    reporter = config.pluginmanager.get_plugin("terminalreporter")
    message = write_html(config, target)
    if reporter is not None:
        reporter.write_line(message)
