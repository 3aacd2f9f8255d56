"""A registry's own settings (claimcheck.toml), and where the pytest plugin collects."""

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine import run_check
from tests.conftest import FIXTURES

QUIET = ("-p", "no:cacheprovider", "-p", "no:hypothesispytest")


def rules(root: Path) -> list[tuple[str, str, int]]:
    return [(f.rule, f.file, f.line) for f in run_check(root).findings if f.rule not in ("conflict-acknowledged",)]


def test_without_settings_coverage_is_not_required(mini: Path):
    (mini / "claimcheck.toml").unlink()
    assert rules(mini) == []


def test_coverage_minimum_fails_each_source_below_it(mini: Path, capsys: pytest.CaptureFixture[str]):
    (mini / "claimcheck.toml").write_text("[coverage]\nminimum = 100\n", encoding="utf-8")
    found = rules(mini)
    # Both sources have uncited sentences (the title line, the other paper): one finding each, at the first uncited line.
    assert found == [("coverage-below-minimum", "sources/acme-note.txt", 1), ("coverage-below-minimum", "sources/other-paper.txt", 1)]
    assert main(["check", "--root", str(mini), "--format", "json", "--no-cache"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert {f["rule"] for f in report["findings"]} == {"coverage-below-minimum"}


def test_a_lower_minimum_is_the_registrys_choice(mini: Path):
    (mini / "claimcheck.toml").write_text("[coverage]\nminimum = 0\n", encoding="utf-8")
    assert rules(mini) == []
    # acme-note cites 6 of its 8 counted sentences (75%); other-paper none of its 2.
    (mini / "claimcheck.toml").write_text("[coverage]\nminimum = 50\n", encoding="utf-8")
    assert [r[1] for r in rules(mini)] == ["sources/other-paper.txt"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("[coverage]\nminimum = 100\ncolour = 'red'\n", 3),
        ("[coverage]\nminimum = 'all'\n", 2),
        ("[coverage]\nminimum = 101\n", 2),
        ("[coverge]\nminimum = 100\n", 1),
        ("[coverage]\nminimum = \n", 2),
    ],
)
def test_bad_settings_are_one_located_input_error(mini: Path, capsys: pytest.CaptureFixture[str], text: str, line: int):
    (mini / "claimcheck.toml").write_text(text, encoding="utf-8")
    assert main(["check", "--root", str(mini), "--no-cache"]) == 2
    out, err = capsys.readouterr()
    lines = [x for x in out.splitlines() if "[config]" in x]
    assert len(lines) == 1 and lines[0].startswith(f"claimcheck.toml:{line}:") and err == ""


def test_changing_the_settings_is_not_served_from_the_cache(mini: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["check", "--root", str(mini)]) == 0
    (mini / "claimcheck.toml").write_text("[coverage]\nminimum = 100\n", encoding="utf-8")
    assert main(["check", "--root", str(mini)]) == 1
    capsys.readouterr()


# -- the pytest plugin -------------------------------------------------------------------
@pytest.fixture
def registry(pytester: pytest.Pytester) -> Path:
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    return pytester.path


def test_plugin_leaves_an_unrelated_project_alone(pytester: pytest.Pytester):
    (pytester.path / "claims").mkdir()
    (pytester.path / "claims/x.yaml").write_text("claims: [1]\n", encoding="utf-8")
    pytester.makepyfile(test_ok="def test_ok():\n    pass\n")
    result = pytester.runpytest(*QUIET)
    result.assert_outcomes(passed=1)
    assert "claims/x.yaml" not in result.stdout.str()
    asked = pytester.runpytest(*QUIET, "--claimcheck", "claims")
    assert asked.parseoutcomes().get("failed", 0) >= 1  # asked for, the plugin does collect it


def test_plugin_collects_where_the_settings_file_or_ini_root_is(pytester: pytest.Pytester, registry: Path):
    result = pytester.runpytest(*QUIET, "--collect-only", "-q", "claims")
    assert "claims/facts.yaml::acme-founded" in result.outlines
    (registry / "claimcheck.toml").unlink()
    assert "claims/facts.yaml::acme-founded" not in pytester.runpytest(*QUIET, "--collect-only", "-q", "claims").outlines
    pytester.makeini("[pytest]\nclaimcheck_root = .\n")
    assert "claims/facts.yaml::acme-founded" in pytester.runpytest(*QUIET, "--collect-only", "-q", "claims").outlines


def test_plugin_root_option_points_at_a_registry_elsewhere(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path / "registry")
    (pytester.path / "registry/claimcheck.toml").unlink()
    result = pytester.runpytest(*QUIET, "--claimcheck-root", "registry", "registry/claims")
    result.assert_outcomes(passed=7)


def test_plugin_has_its_own_option_group(pytester: pytest.Pytester):
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(["claimcheck: *", "*--claimcheck *", "*--claimcheck-root=DIR*", "*--claimcheck-no-cache*", "*--claimcheck-items=*"])
    result.stdout.fnmatch_lines(["*claimcheck_root (string):*", "*claimcheck_cache (bool):*", "*claimcheck_items (string):*"])


def test_verbose_item_names_keep_the_file_name(pytester: pytest.Pytester, registry: Path):
    result = pytester.runpytest(*QUIET, "-v", "claims", "sources/catalog.yaml", "claimcheck.toml")
    result.stdout.fnmatch_lines(["claims/facts.yaml::[[]file[]] PASSED*", "claims/facts.yaml::acme-founded PASSED*",
                                 "sources/catalog.yaml::acme-note PASSED*", "claimcheck.toml::[[]file[]] PASSED*"])
    assert "facts::yaml" not in result.stdout.str()


def test_junit_xml_records_file_and_line_of_each_claim(pytester: pytest.Pytester, registry: Path):
    xml = pytester.path / "out" / "junit.xml"
    pytester.runpytest(*QUIET, "claims", f"--junitxml={xml}", "-o", "junit_family=xunit2")
    cases = {c.get("name"): c for c in ET.parse(xml).getroot().iter("testcase")}
    props = {p.get("name"): p.get("value") for p in cases["acme-northam-stake"].iter("property")}
    assert props == {"file": "claims/facts.yaml", "line": "19"}
    assert (pytester.path / "claims/facts.yaml").read_text(encoding="utf-8").splitlines()[18].lstrip().startswith("- id: acme-northam-stake")


def test_coverage_minimum_is_a_registry_item(pytester: pytest.Pytester, registry: Path):
    (registry / "claimcheck.toml").write_text("# settings\n[coverage]\nminimum = 100\n", encoding="utf-8")
    result = pytester.runpytest(*QUIET, "-v", "claimcheck.toml")
    result.assert_outcomes(failed=1, passed=1)
    result.stdout.fnmatch_lines(["*sources/other-paper.txt:1:1: [[]coverage-below-minimum[]]*", "FAILED claimcheck.toml::coverage*"])


def test_bad_settings_fail_the_settings_file_item(pytester: pytest.Pytester, registry: Path):
    (registry / "claimcheck.toml").write_text("[coverage]\nminimum = 'all'\n", encoding="utf-8")
    result = pytester.runpytest(*QUIET, "claimcheck.toml")
    result.stdout.fnmatch_lines(["FAILED claimcheck.toml::[[]file[]]*"])


def test_cache_off_writes_no_cache(pytester: pytest.Pytester, registry: Path):
    pytester.runpytest(*QUIET, "--claimcheck-no-cache", "claims").assert_outcomes(passed=7)
    assert not (registry / ".claimcheck-cache").exists()
    pytester.runpytest(*QUIET, "claims").assert_outcomes(passed=7)
    assert (registry / ".claimcheck-cache").is_dir()
