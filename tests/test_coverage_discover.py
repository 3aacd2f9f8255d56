"""Coverage of sources by claims, and discovery of unregistered disagreements."""

import json
import textwrap
from pathlib import Path

import pytest

from checker.cli import main
from checker.conflicts.discover import find_candidates, sentence_facts
from checker.documents import split_sentences
from checker.engine.check import run_check
from checker.engine.coverage import coverage
from checker.values import EntityIndex, parse_period
from tests.conftest import replace_in


def test_sentences_keep_their_offsets():
    text = "First one. Second “quoted” one! Third?\n\n• A list item;\n• another item\n\nHeading\n\nLast."
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one.", "Second “quoted” one!", "Third?", "• A list item;", "• another item", "Heading", "Last."]
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert [s.line for s in sentences] == [1, 1, 1, 3, 4, 6, 8]


def test_a_sentence_wrapped_over_line_breaks_is_one_sentence():
    text = "Acme Widgets was founded in 2014 by the\ntowns of Northam and Southam. It is a\n“community interest company”.\n"
    sentences = split_sentences(text)
    assert [s.display for s in sentences] == ["Acme Widgets was founded in 2014 by the towns of Northam and Southam.", "It is a “community interest company”."]
    assert [s.line for s in sentences] == [1, 2]


def test_a_boilerplate_line_stands_alone_even_inside_a_paragraph():
    text = "Picture: Some Photographer\nAcme Widgets was founded in 2014.\n"
    sentences = split_sentences(text, lambda line: line.startswith("Picture:"))
    assert [s.text for s in sentences] == ["Picture: Some Photographer", "Acme Widgets was founded in 2014."]


@pytest.mark.parametrize("width", [30, 55, 200])
def test_rewrapping_a_source_changes_no_coverage_count(mini: Path, width: int):
    before = [(c.sentences, c.cited, c.boilerplate) for c in coverage(mini, run_check(mini))]
    source = mini / "sources/acme-note.txt"
    paragraphs = source.read_text(encoding="utf-8").split("\n\n")
    source.write_text("\n\n".join(p if p.startswith("Picture:") else textwrap.fill(" ".join(p.split()), width) for p in paragraphs), encoding="utf-8")
    assert run_check(mini).exit_code == 0  # the claims still verify (normalisation) ...
    assert [(c.sentences, c.cited, c.boilerplate) for c in coverage(mini, run_check(mini))] == before  # ... and coverage counts the same


def test_mini_coverage_counts_cited_and_leaves_out_boilerplate(mini: Path):
    [note, other] = coverage(mini, run_check(mini))
    assert note.source == "acme-note" and note.boilerplate == 1
    uncited = [s.text for s in note.uncited]
    assert "Acme Widgets annual note" in uncited
    assert not any("Northam holds a 60%" in s for s in uncited)
    assert other.cited == 0 and other.sentences == 2


def test_coverage_command_strict_fails_on_uncited(mini: Path, capsys):
    assert main(["coverage", "--root", str(mini)]) == 0
    assert "sources/acme-note.txt:1: uncited: Acme Widgets annual note" in capsys.readouterr().out
    assert main(["coverage", "--root", str(mini), "--strict", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["total"]["sentences"] > data["total"]["cited"]


ENTITIES = EntityIndex.from_subjects({"northam": {"name": "Northam"}, "acme": {"name": "Acme", "aliases": ["the company"]}})
REF = parse_period("2019")


def candidates(first: str, second: str):
    facts = {"a": sentence_facts("a", "a", first, ENTITIES, REF), "b": sentence_facts("b", "b", second, ENTITIES, REF)}
    return find_candidates(facts)


def test_discovery_flags_a_differing_value_said_of_the_same_thing():
    [candidate] = candidates("Northam holds a 60% stake in the company.", "Northam now holds a 65% stake in the company.")
    assert (candidate.first_value.value.canonical, candidate.second_value.value.canonical) == ("60%", "65%")
    assert candidate.finding().severity == "warning"


def test_discovery_ignores_agreement_and_unrelated_values():
    assert candidates("Northam holds a 60% stake in the company.", "Northam holds a 60 per cent stake in the company.") == []
    assert candidates("Northam holds a 60% stake in the company.", "Acme cut its staff by 65% over three years.") == []
    assert candidates("Acme was founded in 2014.", "Acme was founded on 1 April 2014.") == []


def test_discover_command_reports_candidates_as_warnings(mini: Path, capsys):
    replace_in(mini / "sources/other-paper.txt", "Northam holds a 55% stake in Acme Widgets.", "Northam holds a 55% stake in the company.")
    assert main(["conflicts", "--root", str(mini), "--discover"]) == 0
    out = capsys.readouterr().out
    assert "warning: [conflict-candidate]" in out and "60% vs 55%" in out
    assert "1 candidate disagreements found by discovery" in out
