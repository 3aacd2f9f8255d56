import importlib
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, replace_in


@pytest.fixture
def registry(pytester: pytest.Pytester) -> Path:
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    return pytester.path


def test_every_claim_is_an_item(pytester: pytest.Pytester, registry: Path):
    result = pytester.runpytest("--collect-only", "-q", "claims", "sources/catalog.yaml")
    ids = [line for line in result.outlines if "::" in line]
    assert "claims/facts.yaml::acme-northam-stake" in ids
    assert "sources/catalog.yaml::acme-note" in ids
    assert len([i for i in ids if i.startswith("claims/facts.yaml::acme-")]) == 4


def test_broken_quote_fails_like_a_test_without_traceback(pytester: pytest.Pytester, registry: Path):
    replace_in(registry / "sources/acme-note.txt", "Northam holds a 60% stake", "Northam has a 60% stake")
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    result.assert_outcomes(failed=1, passed=10)
    result.stdout.fnmatch_lines(["*claims/facts.yaml:*[[]quote-missing[]]*", "*diff:*[[]-holds-[]]*{+has+}*"])
    assert "Traceback" not in result.stdout.str()
    result.stdout.fnmatch_lines(["FAILED claims/facts.yaml::acme-northam-stake*"])


def test_registry_problems_fail_as_items_not_collection_errors(pytester: pytest.Pytester, registry: Path):
    replace_in(registry / "claims/facts.yaml", "source: acme-note\n        quote: Acme", "source: acme-notes\n        quote: Acme")
    (registry / "claims/broken.yaml").write_text("claims: [\n", encoding="utf-8")
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    outcomes = result.parseoutcomes()
    assert outcomes.get("errors", 0) == 0
    result.stdout.fnmatch_lines(["FAILED claims/broken.yaml::[[]file[]]*", "FAILED claims/facts.yaml::acme-founded*"])
    result.stdout.fnmatch_lines(["*[[]unknown-source[]]*did you mean `acme-note`?*"])


def _break_two_quotes(registry: Path) -> None:
    replace_in(registry / "sources/acme-note.txt", "Northam holds a 60% stake", "Northam has a 60% stake")
    replace_in(registry / "sources/acme-note.txt", "founded in 2014 by", "founded in 2015 by")


def test_items_per_file_list_every_failing_claim_with_its_line(pytester: pytest.Pytester, registry: Path):
    _break_two_quotes(registry)
    pytester.makeini("[pytest]\nclaimcheck_items = file\n")
    collected = pytester.runpytest("--collect-only", "-q", "claims", "sources/catalog.yaml")
    ids = [line for line in collected.outlines if "::" in line]
    assert "claims/facts.yaml::[file]" in ids and "sources/catalog.yaml::[file]" in ids
    assert not [i for i in ids if "acme-" in i]  # no item per claim, none per source
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    result.assert_outcomes(failed=1, passed=len(ids) - 1)
    result.stdout.fnmatch_lines(["FAILED claims/facts.yaml::[[]file[]]*"])
    result.stdout.fnmatch_lines(["claim acme-founded (claims/facts.yaml:3) fails:", "  claims/facts.yaml:*[[]quote-missing[]]*"])
    result.stdout.fnmatch_lines(["claim acme-northam-stake (claims/facts.yaml:19) fails:", "  claims/facts.yaml:*[[]quote-missing[]]*"])


def test_items_per_source_on_the_command_line(pytester: pytest.Pytester, registry: Path):
    _break_two_quotes(registry)
    pytester.makeini("[pytest]\nclaimcheck_items = claim\n")  # the command line wins over the ini file
    result = pytester.runpytest("--claimcheck-items", "source", "claims", "sources/catalog.yaml")
    result.stdout.fnmatch_lines(["FAILED sources/catalog.yaml::acme-note*"])
    assert "FAILED claims/" not in result.stdout.str()
    result.stdout.fnmatch_lines(["claim acme-founded (claims/facts.yaml:3) fails:"])
    result.stdout.fnmatch_lines(["claim acme-northam-stake (claims/facts.yaml:19) fails:"])
    assert result.parseoutcomes()["failed"] == 1


def test_large_registries_get_one_item_per_file(pytester: pytest.Pytester, registry: Path, monkeypatch: pytest.MonkeyPatch):
    import checker.plugin

    monkeypatch.setattr(checker.plugin, "CLAIM_ITEMS_MAX", 3)  # the fixture has more claims than this
    result = pytester.runpytest("--collect-only", "-q", "claims")
    ids = [line for line in result.outlines if "::" in line]
    assert ids == ["claims/facts.yaml::[file]", "claims/properties.yaml::[file]", "claims/subjects.yaml::[file]"]


def test_an_unknown_granularity_is_a_usage_error(pytester: pytest.Pytester, registry: Path):
    pytester.makeini("[pytest]\nclaimcheck_items = sentence\n")
    result = pytester.runpytest("claims")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*claimcheck_items*sentence*claim, file, source*"])


def test_items_per_file_agree_under_xdist(pytester: pytest.Pytester, registry: Path):
    _break_two_quotes(registry)
    plain = pytester.runpytest("--claimcheck-items", "file", "claims", "sources/catalog.yaml")
    parallel = pytester.runpytest_subprocess("--claimcheck-items", "file", "-n", "2", "claims", "sources/catalog.yaml")
    assert plain.parseoutcomes() == parallel.parseoutcomes()
    parallel.stdout.fnmatch_lines(["*FAILED claims/facts.yaml::[[]file[]]*"])


def test_a_warm_run_reuses_the_plan_and_an_edit_is_seen(pytester: pytest.Pytester, registry: Path, monkeypatch: pytest.MonkeyPatch):
    # From sys.modules: pytester restores sys.modules after each in-process run, so a package attribute can name
    # an earlier copy of the module than the one the plugin imports.
    pytest_items = importlib.import_module("checker.reporters.pytest_items")
    checks: list[Path] = []
    original = pytest_items.run_check

    def counting(root: Path, **kwargs: object) -> object:
        checks.append(root)
        return original(root, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pytest_items, "run_check", counting)
    assert pytester.runpytest("claims", "sources/catalog.yaml").ret == 0
    assert pytester.runpytest("claims", "sources/catalog.yaml").ret == 0
    assert len(checks) == 1  # the second run used the cached plan
    _break_two_quotes(registry)
    result = pytester.runpytest("claims", "sources/catalog.yaml")
    assert len(checks) == 2
    result.stdout.fnmatch_lines(["FAILED claims/facts.yaml::acme-northam-stake*"])
    assert pytester.runpytest("--claimcheck-items", "file", "claims", "sources/catalog.yaml").parseoutcomes()["failed"] == 1
    assert len(checks) == 3  # another granularity is another plan
