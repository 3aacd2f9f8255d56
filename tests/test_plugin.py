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
