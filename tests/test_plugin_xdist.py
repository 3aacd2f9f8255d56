"""The plugin is a thin adapter: a project that is not a registry pays nothing for it, and under
pytest-xdist only the controller checks (the workers get the item plan and import no checker module)."""

import json
import shutil
from pathlib import Path

import pytest

import checker.plugin
from checker.registry import CATALOG, CONFIG
from tests.conftest import FIXTURES, replace_in

# Each process (controller or worker) writes which checker modules it imported when its session ends.
MODULES_PROBE = """
import json, sys

def pytest_sessionfinish(session):
    process = getattr(session.config, "workerinput", {}).get("workerid", "controller")
    loaded = sorted(m for m in sys.modules if m.startswith("checker.") and m != "checker.plugin")
    (session.config.rootpath / f"modules-{process}.json").write_text(json.dumps(loaded))
"""


def loaded_modules(root: Path) -> dict[str, list[str]]:
    return {path.stem.removeprefix("modules-"): json.loads(path.read_text()) for path in root.glob("modules-*.json")}


def test_the_plugin_names_the_registry_files_as_the_registry_does():
    assert (checker.plugin.CONFIG_NAME, checker.plugin.CATALOG_NAME) == (CONFIG, CATALOG)


def test_a_project_without_a_registry_imports_no_checker_module(pytester: pytest.Pytester):
    pytester.makeconftest(MODULES_PROBE)
    pytester.makepyfile(test_one="def test_one():\n    pass\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1)
    assert loaded_modules(pytester.path) == {"controller": []}
    pytester.runpytest_subprocess("-n", "2").assert_outcomes(passed=1)
    assert loaded_modules(pytester.path) == {"controller": [], "gw0": [], "gw1": []}


@pytest.fixture
def registry(pytester: pytest.Pytester) -> Path:
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    replace_in(pytester.path / "sources/acme-note.txt", "Northam holds a 60% stake", "Northam has a 60% stake")
    pytester.makeconftest(MODULES_PROBE)
    return pytester.path


@pytest.mark.parametrize("items", ["claim", "file"])
def test_only_the_controller_checks_and_the_workers_show_its_failures(pytester: pytest.Pytester, registry: Path, items: str):
    plain = pytester.runpytest_subprocess("--claimcheck-items", items, "claims", "sources/catalog.yaml")
    assert "checker.engine" in loaded_modules(registry)["controller"]  # a plain run checks in its only process
    warm = pytester.runpytest_subprocess("--claimcheck-items", items, "claims", "sources/catalog.yaml")
    assert warm.parseoutcomes() == plain.parseoutcomes()
    warm.stdout.fnmatch_lines(["*claims/facts.yaml:*[[]quote-missing[]]*"])
    assert all(m.startswith("checker.store") for m in loaded_modules(registry)["controller"])  # the stored plan: the store alone
    shutil.rmtree(registry / ".claimcheck-cache")
    parallel = pytester.runpytest_subprocess("--claimcheck-items", items, "-n", "2", "claims", "sources/catalog.yaml")
    assert plain.parseoutcomes() == parallel.parseoutcomes() and parallel.parseoutcomes()["failed"] == 1
    modules = loaded_modules(registry)
    assert "checker.engine" in modules["controller"]
    assert modules["gw0"] == [] and modules["gw1"] == []  # the workers neither checked nor imported the checker
    failed = "claims/facts.yaml::acme-northam-stake" if items == "claim" else "claims/facts.yaml::[[]file[]]"
    parallel.stdout.fnmatch_lines([f"*FAILED {failed}*"])
    parallel.stdout.fnmatch_lines(["*claims/facts.yaml:*[[]quote-missing[]]*"])


def test_a_session_given_only_python_tests_plans_nothing_in_a_registry(pytester: pytest.Pytester, registry: Path):
    pytester.makepyfile(**{"checks/test_one.py": "def test_one():\n    pass\n"})
    pytester.runpytest_subprocess("-n", "2", "checks").assert_outcomes(passed=1)
    assert loaded_modules(registry) == {"controller": [], "gw0": [], "gw1": []}


def test_n_auto_starts_no_workers_for_registry_items_alone(pytester: pytest.Pytester, registry: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    alone = pytester.runpytest_subprocess("-n", "auto", "claims", "sources/catalog.yaml")
    assert alone.parseoutcomes()["failed"] == 1 and "created:" not in alone.stdout.str()  # xdist prints "created: 2/2 workers"
    assert set(loaded_modules(registry)) == {"controller"}  # one process: a plain run
    for path in registry.glob("modules-*.json"):
        path.unlink()
    pytester.makepyfile(**{"checks/test_one.py": "def test_one():\n    pass\n"})
    mixed = pytester.runpytest_subprocess("-n", "auto", "claims", "sources/catalog.yaml", "checks")
    assert mixed.parseoutcomes()["failed"] == 1  # Python tests too: pytest-xdist decides
    mixed.stdout.fnmatch_lines(["created: * workers"])
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "2")  # the user's own choice of what auto means wins
    chosen = pytester.runpytest_subprocess("-n", "auto", "claims", "sources/catalog.yaml")
    assert chosen.parseoutcomes()["failed"] == 1
    chosen.stdout.fnmatch_lines(["created: 2/2 workers"])
