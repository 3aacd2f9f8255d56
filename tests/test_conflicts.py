"""Conflicts between claims: typed (time-aware), declared, acknowledged, stale; in the CLI, JSON and pytest."""

import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine.check import run_check
from tests.conftest import FIXTURES, replace_in

OTHER_FOUNDED = """
  - id: other-founded
    statement: Acme Widgets was founded in 2015.
    subject: acme
    property: founded
    value: "2015"
    evidence:
      - source: other-paper
        quote: Acme Widgets, a company founded in 2015
"""


def add_claims(root: Path, text: str) -> None:
    path = root / "claims/facts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def conflict_rules(root: Path) -> list[tuple[str, str | None]]:
    return [(f.rule, f.conflict) for f in run_check(root).findings if f.rule.startswith(("conflict", "stale"))]


def test_different_values_at_overlapping_times_fail_with_both_sides(mini: Path, capsys):
    add_claims(mini, OTHER_FOUNDED)
    assert main(["check", "--root", str(mini), "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    [conflict] = report["conflicts"]
    assert conflict["status"] == "unreviewed" and conflict["kind"] == "typed"
    sides = {s["claim"]: s for s in conflict["sides"]}
    assert sides["acme-founded"]["value"] == "2014" and sides["other-founded"]["value"] == "2015"
    assert sides["acme-founded"]["time"] == "2019-06-01" and sides["acme-founded"]["time_assumed"] is True
    assert sides["other-founded"]["quote"] == "Acme Widgets, a company founded in 2015"
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == ["conflict"]


def test_agreement_at_different_precision_is_not_flagged(mini: Path):
    (mini / "sources/third.txt").write_text("Acme Widgets was set up on 1 April 2014 by two towns.\n", encoding="utf-8")
    replace_in(mini / "sources/catalog.yaml", "  - id: other-paper", (
        "  - id: third\n    path: third.txt\n    title: Third\n    publisher: P\n    kind: article\n"
        "    published: \"2019-02\"\n    precision: month\n  - id: other-paper"))
    add_claims(mini, """
  - id: third-founded
    statement: Acme Widgets was set up on 1 April 2014.
    subject: acme
    property: founded
    value: 1 April 2014
    evidence:
      - source: third
        quote: Acme Widgets was set up on 1 April 2014
""")
    assert conflict_rules(mini) == []
    assert run_check(mini).exit_code == 0


def test_different_times_do_not_meet(mini: Path):
    replace_in(mini / "sources/other-paper.txt", "Northam holds a 55% stake", "In 2013 Northam held a 55% stake")
    add_claims(mini, """
  - id: other-northam-stake-2013
    statement: In 2013 Northam held a 55% stake in Acme Widgets.
    subject: acme
    property: ownership-share
    qualifiers: {owner: northam}
    value: 55%
    as_of: "2013"
    evidence:
      - source: other-paper
        quote: In 2013 Northam held a 55% stake
""")
    assert conflict_rules(mini) == []


def test_undated_claim_is_compared_at_its_publication_date(mini: Path):
    add_claims(mini, """
  - id: other-northam-stake
    statement: Northam holds a 55% stake in Acme Widgets.
    subject: acme
    property: ownership-share
    qualifiers: {owner: northam}
    value: 55%
    evidence:
      - source: other-paper
        quote: Northam holds a 55% stake in Acme Widgets.
""")
    report = run_check(mini)
    [conflict] = report.conflicts
    assert {s.time for s in conflict.sides} == {"2019-06-01", "2019"}
    assert all(s.time_assumed for s in conflict.sides)


def test_time_invariant_property_conflicts_whatever_the_times(mini: Path):
    add_claims(mini, OTHER_FOUNDED.replace('value: "2015"', 'value: "2015"\n    as_of: "2030"'))
    assert conflict_rules(mini) == []  # 2030 and 2019 never meet...
    replace_in(mini / "claims/properties.yaml", "type: date\n    single_valued: true", "type: date\n    single_valued: true\n    time_invariant: true")
    assert [rule for rule, _ in conflict_rules(mini)] == ["conflict"]  # ...but a founding year holds for all time


def test_declared_contradiction_is_a_conflict(mini: Path):
    add_claims(mini, """
  - id: other-owners-statement
    statement: Acme Widgets is owned by Northam and Southam.
    subject: acme
    property: form
    value: owned by Northam and Southam
    contradicts: [acme-form]
    evidence:
      - source: other-paper
        quote: is owned by Northam and Southam.
""")
    report = run_check(mini)
    [conflict] = report.conflicts
    assert conflict.kind == "declared" and {s.claim for s in conflict.sides} == {"acme-form", "other-owners-statement"}
    assert report.exit_code == 1


ACK = """
acknowledged:
  - claims: [other-founded, acme-founded]
    explanation: The other paper misdates the founding.
    reason: error
    prevails: acme-founded
    reviewed_by: a reviewer
    reviewed_on: "2026-11-23"
"""


def test_acknowledged_conflict_is_reported_and_passes(mini: Path):
    add_claims(mini, OTHER_FOUNDED + ACK)
    report = run_check(mini)
    assert report.exit_code == 0
    assert [(c.status, c.prevails) for c in report.conflicts] == [("acknowledged", "acme-founded")]
    assert [rule for rule, _ in conflict_rules(mini)] == ["conflict-acknowledged"]


def test_stale_acknowledgement_is_reported(mini: Path):
    add_claims(mini, OTHER_FOUNDED + ACK)
    assert [rule for rule, _ in conflict_rules(mini)] == ["conflict-acknowledged"]
    # The other paper is corrected and its claim with it: the reviewed conflict is gone.
    replace_in(mini / "sources/other-paper.txt", "founded in 2015", "founded in 2014")
    replace_in(mini / "claims/facts.yaml", 'value: "2015"', 'value: "2014"')
    replace_in(mini / "claims/facts.yaml", "a company founded in 2015", "a company founded in 2014")
    report = run_check(mini)
    assert [(f.rule, f.severity) for f in report.findings if f.rule.startswith(("conflict", "stale"))] == [("stale-acknowledgement", "warning")]
    assert report.exit_code == 0


def test_each_conflict_is_a_pytest_item(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    add_claims(pytester.path, OTHER_FOUNDED)
    result = pytester.runpytest("claims")
    result.stdout.fnmatch_lines(["FAILED claims/facts.yaml::conflict:acme-founded--other-founded*"])
    result.stdout.fnmatch_lines(["*[[]conflict[]]*acme-founded*2014 vs 2015*"])
    assert "Traceback" not in result.stdout.str()


def test_conflicts_command_shows_sides(mini: Path, capsys):
    add_claims(mini, OTHER_FOUNDED)
    assert main(["conflicts", "--root", str(mini)]) == 1
    out = capsys.readouterr().out
    assert "UNREVIEWED typed conflict: acme / founded" in out
    assert "value: 2014" in out and "value: 2015" in out


def test_misspelt_qualifier_is_refused_not_split_into_a_new_fact(mini: Path):
    replace_in(mini / "claims/facts.yaml", "qualifiers: {owner: northam}", "qualifiers: {ower: northam}")
    report = run_check(mini)
    [finding] = [f for f in report.findings if f.rule == "unknown-qualifier"]
    assert finding.claim == "acme-northam-stake" and "did you mean `owner`?" in finding.message
    assert report.exit_code == 2
