"""Registry quality rules on fixture registries: duplicate-fact, unknown-qualifier-value,
incomparable-claims, multi-valued properties, unused vocabulary, aliases read inside other names;
in the library, the CLI and the pytest items; and the vocabulary report."""

import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine.check import run_check
from tests.conftest import FIXTURES, replace_in

SECOND_FOUNDED = """
  - id: acme-founded-again
    statement: Acme Widgets was founded in 2014 (said again).
    subject: acme
    property: founded
    value: "2014"
    evidence:
      - source: acme-note
        quote: "Acme Widgets annual note"
"""


def add_claims(root: Path, text: str) -> None:
    path = root / "claims/facts.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def add_southam(root: Path) -> None:
    """A second town, named in the fixture's text but by no claim: an unused subject."""
    path = root / "claims/subjects.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  southam:\n    name: Southam\n", encoding="utf-8")


def form_claim(claim_id: str, subject: str, value: str, source: str, quote: str) -> str:
    """A claim of the fixture's free-text property `form`, as YAML to append."""
    return (f"\n  - id: {claim_id}\n    statement: {value}.\n    subject: {subject}\n    property: form\n    value: {value}\n"
            f"    evidence:\n      - source: {source}\n        quote: {quote}\n")


def add_property(root: Path, text: str) -> None:
    path = root / "claims/properties.yaml"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def rules(root: Path, severity: str | None = None) -> list[tuple[str, str | None]]:
    return sorted((f.rule, f.claim) for f in run_check(root).findings if severity is None or f.severity == severity)


QUALITY = ("duplicate-fact", "unknown-qualifier-value", "incomparable-claims", "unused-subject", "unused-property", "alias-inside-name")


def quality(root: Path) -> list[tuple[str, str | None]]:
    return [r for r in rules(root) if r[0] in QUALITY]


def test_the_fixture_has_no_quality_finding(mini: Path):
    assert quality(mini) == []


# -- duplicate-fact ------------------------------------------------------------------------------------

def test_same_fact_from_the_same_source_twice_is_a_duplicate(mini: Path, capsys):
    add_claims(mini, SECOND_FOUNDED)
    assert ("duplicate-fact", "acme-founded-again") in quality(mini)
    assert main(["check", "--root", str(mini), "--no-cache"]) == 1
    assert "[duplicate-fact] `acme-founded-again` states the same fact as `acme-founded`" in capsys.readouterr().out


def test_the_same_value_in_another_spelling_is_still_the_same_fact(mini: Path):
    add_claims(mini, """
  - id: acme-northam-stake-again
    statement: Northam holds sixty per cent of Acme Widgets.
    subject: acme
    property: ownership-share
    qualifiers: {owner: northam}
    value: 60 per cent
    evidence:
      - source: acme-note
        quote: Northam holds a 60% stake in the company
""")
    assert ("duplicate-fact", "acme-northam-stake-again") in quality(mini)


@pytest.mark.parametrize("change", [
    ('      - source: acme-note\n        quote: "Acme Widgets annual note"',
     "      - source: other-paper\n        quote: Acme Widgets, a company founded in 2015"),
    ('value: "2014"\n    evidence:\n      - source: acme-note\n        quote: "Acme',
     'value: "2014-04"\n    evidence:\n      - source: acme-note\n        quote: "Acme'),
    ("subject: acme\n    property: founded\n    value: \"2014\"\n    evidence:\n      - source: acme-note\n        quote: \"Acme",
     "subject: northam\n    property: founded\n    value: \"2014\"\n    evidence:\n      - source: acme-note\n        quote: \"Acme"),
], ids=["other-source", "other-value", "other-subject"])
def test_a_different_source_value_or_subject_is_another_fact(mini: Path, change: tuple[str, str]):
    add_claims(mini, SECOND_FOUNDED)
    replace_in(mini / "claims/facts.yaml", *change)
    assert [r for r in quality(mini) if r[0] == "duplicate-fact"] == []


def test_time_separates_facts_unless_the_property_is_time_invariant(mini: Path):
    add_claims(mini, SECOND_FOUNDED.replace('    value: "2014"\n', '    value: "2014"\n    as_of: "2016"\n'))
    assert [r for r in quality(mini) if r[0] == "duplicate-fact"] == []  # founded is not time_invariant here: 2016 is not 2019-06-01
    replace_in(mini / "claims/properties.yaml", "type: date\n    single_valued: true\n", "type: date\n    single_valued: true\n    time_invariant: true\n")
    assert ("duplicate-fact", "acme-founded-again") in quality(mini)


def test_duplicate_fact_fails_the_claims_pytest_item(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    add_claims(pytester.path, SECOND_FOUNDED)
    result = pytester.runpytest("claims/facts.yaml")
    result.stdout.fnmatch_lines(["FAILED claims/facts.yaml::acme-founded-again*"])
    result.stdout.fnmatch_lines(["*[[]duplicate-fact[]]*`acme-founded-again` states the same fact as `acme-founded`*"])
    assert "FAILED claims/facts.yaml::acme-founded " not in result.stdout.str()  # the first claim stands; the copy fails
    assert "Traceback" not in result.stdout.str()


# -- qualifier values -------------------------------------------------------------------------------------

SERVICE_RATING = """
  - id: acme-libraries-good
    statement: Acme's libraries were rated good in 2019.
    subject: acme
    property: rating
    qualifiers: {service: libraries}
    value: good
    as_of: "2019"
    evidence:
      - source: acme-note
        quote: rated its services Good in 2019.
        prefix: "Southam holds 40%. The company's inspectors"
"""


def test_qualifier_value_must_be_a_subject_or_declared(mini: Path, capsys):
    replace_in(mini / "claims/properties.yaml", "  rating:\n    description: Inspectors' rating.\n    type: rating\n    single_valued: true\n",
               "  rating:\n    description: Inspectors' rating.\n    type: rating\n    single_valued: true\n    qualifiers: [service]\n"
               "    qualifier_values:\n      service: [children, adults]\n")
    add_claims(mini, SERVICE_RATING)
    assert ("unknown-qualifier-value", "acme-libraries-good") in quality(mini)
    assert main(["check", "--root", str(mini), "--no-cache"]) == 2  # a vocabulary reference: unusable input, like unknown-qualifier
    assert "qualifier `service: libraries` of `rating` is neither a subject id nor a declared value" in capsys.readouterr().out
    replace_in(mini / "claims/properties.yaml", "service: [children, adults]", "service: [children, adults, libraries]")
    assert [r for r in quality(mini) if r[0] == "unknown-qualifier-value"] == []


def test_a_subject_id_is_a_valid_qualifier_value_and_a_typo_is_not(mini: Path):
    assert [r for r in quality(mini) if r[0] == "unknown-qualifier-value"] == []  # owner: northam is a subject
    replace_in(mini / "claims/facts.yaml", "{owner: northam}", "{owner: nortam}")
    assert ("unknown-qualifier-value", "acme-northam-stake") in quality(mini)


# -- comparable claims -----------------------------------------------------------------------------------

def test_contradicts_between_incomparable_properties_fails(mini: Path):
    replace_in(mini / "claims/facts.yaml", "    property: form\n", "    property: form\n    contradicts: [acme-founded]\n")
    assert ("incomparable-claims", "acme-form") in quality(mini)
    assert run_check(mini).exit_code == 1


def test_declared_comparable_properties_may_contradict(mini: Path):
    replace_in(mini / "claims/facts.yaml", "    property: form\n", "    property: form\n    contradicts: [acme-founded]\n")
    replace_in(mini / "claims/properties.yaml", "    description: Organisational form.\n",
               "    description: Organisational form.\n    comparable_with: [founded]\n")
    assert [r for r in quality(mini) if r[0] == "incomparable-claims"] == []
    assert [c.kind for c in run_check(mini).conflicts] == ["declared"]


def test_comparable_with_an_unknown_property_is_an_input_error(mini: Path):
    replace_in(mini / "claims/properties.yaml", "    description: Organisational form.\n",
               "    description: Organisational form.\n    comparable_with: [fonded]\n")
    report = run_check(mini)
    assert [f.rule for f in report.findings if f.file == "claims/properties.yaml"] == ["unknown-property"]
    assert report.exit_code == 2


def test_acknowledgement_between_incomparable_claims_fails(mini: Path):
    replace_in(mini / "claims/facts.yaml", "    property: form\n", "    property: form\n    contradicts: [acme-founded]\n")
    add_claims(mini, """
acknowledged:
  - claims: [acme-form, acme-founded]
    explanation: Not a disagreement at all.
    reason: scope
    prevails: acme-form
    reviewed_by: test
    reviewed_on: "2026-11-29"
""")
    found = [(f.rule, f.file, f.claim) for f in run_check(mini).findings if f.rule == "incomparable-claims"]
    assert ("incomparable-claims", "claims/facts.yaml", None) in found  # the acknowledgement's own finding
    assert ("incomparable-claims", "claims/facts.yaml", "acme-form") in found


# -- multi-valued properties ----------------------------------------------------------------------------

OTHER_FORM = """
  - id: other-form
    statement: The Gazette says Acme Widgets is a company.
    subject: acme
    property: form
    value: company
    as_of: "2019-06-01"
    evidence:
      - source: other-paper
        quote: Acme Widgets, a company founded in 2015
"""


def test_multi_valued_property_never_conflicts_on_two_values_alone(mini: Path):
    add_claims(mini, OTHER_FORM)
    assert run_check(mini).conflicts == ()
    replace_in(mini / "claims/properties.yaml", "    description: Organisational form.\n    type: text\n    single_valued: false\n",
               "    description: Organisational form.\n    type: text\n    single_valued: true\n")
    assert [(c.kind, {s.claim for s in c.sides}) for c in run_check(mini).conflicts] == [("typed", {"acme-form", "other-form"})]


# -- unused vocabulary and aliases -----------------------------------------------------------------------

def test_unused_subjects_and_properties_are_warnings(mini: Path):
    add_southam(mini)
    add_property(mini, "  headcount:\n    description: Staff.\n    type: count\n    single_valued: true\n")
    report = run_check(mini)
    warned = sorted((f.rule, f.file, f.line) for f in report.findings if f.severity == "warning")
    assert warned == [("unused-property", "claims/properties.yaml", 19), ("unused-subject", "claims/subjects.yaml", 7)]
    assert report.exit_code == 0
    replace_in(mini / "claims/facts.yaml", "{owner: northam}", "{owner: southam}")  # a qualifier value uses a subject
    unused = [f.message for f in run_check(mini).findings if f.rule == "unused-subject"]
    assert len(unused) == 1 and "`northam`" in unused[0]


def test_warnings_show_in_pytest_without_failing(pytester: pytest.Pytester):
    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    add_southam(pytester.path)
    add_property(pytester.path, "  headcount:\n    description: Staff.\n    type: count\n    single_valued: true\n")
    result = pytester.runpytest("claims")
    result.assert_outcomes(passed=7, warnings=2)  # 4 claims and a [file] item per file; the two vocabulary [file] items warn
    result.stdout.fnmatch_lines(["*ClaimcheckWarning: claims/properties.yaml:19:1: warning: [[]unused-property[]]*headcount*",
                                 "*ClaimcheckWarning: claims/subjects.yaml:7:1: warning: [[]unused-subject[]]*southam*"])


def test_alias_read_inside_a_longer_name_is_a_warning(mini: Path):
    (mini / "sources/towns.txt").write_text("The company was set up by Northam and Southam local authorities in 2014.\n"
                                            "It serves the local authorities (LAs) of Northam and Southam.\n", encoding="utf-8")
    replace_in(mini / "sources/catalog.yaml", "  - id: other-paper", (
        "  - id: towns\n    path: towns.txt\n    title: Towns\n    publisher: P\n    kind: article\n"
        "    published: \"2019\"\n    precision: year\n  - id: other-paper"))
    add_southam(mini)
    replace_in(mini / "claims/subjects.yaml", "  southam:\n", "  councils:\n    name: Councils in general\n    aliases: [local authorities, LAs]\n  southam:\n")
    add_claims(mini, form_claim("acme-founders", "acme", "set up by two councils", "towns", "set up by Northam and Southam local authorities")
               + form_claim("acme-serves", "councils", "served by Acme", "towns", "It serves the local authorities (LAs) of Northam"))
    found = [f for f in run_check(mini).findings if f.rule == "alias-inside-name"]
    assert sorted(f.message.split("`")[1] for f in found) == ["LAs", "local authorities"]
    assert {(f.file, f.severity) for f in found} == {("claims/subjects.yaml", "warning")}
    replace_in(mini / "claims/subjects.yaml", "aliases: [local authorities, LAs]", "aliases: [councils in general]")
    assert [r for r in quality(mini) if r[0] == "alias-inside-name"] == []


def test_names_joined_by_and_are_not_flagged(mini: Path):
    """ "Northam and Southam" names two subjects side by side: neither alias stands inside the other's name."""
    add_southam(mini)
    replace_in(mini / "claims/subjects.yaml", "  northam:\n    name: Northam\n", "  northam:\n    name: Northam\n    aliases: [Northam town]\n")
    add_claims(mini, form_claim("acme-towns", "acme", "founded by two towns", "acme-note", "founded in 2014 by the towns of Northam and Southam"))
    assert [r for r in quality(mini) if r[0] == "alias-inside-name"] == []


# -- vocabulary report -----------------------------------------------------------------------------------

def test_vocabulary_report_counts_claims_and_free_text_share(mini: Path, capsys):
    add_claims(mini, OTHER_FORM)
    add_southam(mini)
    assert main(["vocabulary", "--root", str(mini), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["claims"] == 5 and data["free_text_claims"] == 2 and data["free_text_share"] == 0.4
    assert {p["id"]: p["claims"] for p in data["properties"]} == {"form": 2, "founded": 1, "ownership-share": 1, "rating": 1}
    assert {s["id"]: (s["as_subject"], s["as_reference"]) for s in data["subjects"]} == {"acme": (5, 0), "northam": (0, 1), "southam": (0, 0)}
    assert data["unused"] == {"properties": [], "subjects": ["southam"]}
    assert main(["vocabulary", "--root", str(mini)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("5 claims on 4 properties and 3 subjects; 2 claims (40.0%) on free-text properties\n")
    assert "unused subjects: southam\n" in text


def test_vocabulary_report_on_unusable_input_exits_2_with_located_lines(mini: Path, capsys):
    replace_in(mini / "claims/facts.yaml", "property: form", "property: fomr")
    assert main(["vocabulary", "--root", str(mini)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("claims/facts.yaml:11:5: [unknown-property]") and "Traceback" not in err
