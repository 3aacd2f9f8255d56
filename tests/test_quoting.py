"""Editorial quoting conventions and context anchoring, from the quote parser to a full check."""

from pathlib import Path

import pytest

from checker.documents.sourcetext import SourceText
from checker.engine.check import run_check
from checker.quotes.conventions import ELLIPSIS, INSERTION, MAX_INSERTION_GAP, has_editorial_marks, parse_quote
from checker.quotes.drift import diagnose
from checker.quotes.matcher import locate
from tests.conftest import replace_in

ARTICLE = (
    "The council met on Tuesday. After a long debate, the members agreed to set up a company\n"
    "to run the town's libraries, and the mayor said the company would save money.\n"
    "\n"
    "A second paragraph: the company would be owned by the council and run by a board.\n"
    "The board would report to the council every year.\n"
)


def source(text: str = ARTICLE) -> SourceText:
    return SourceText("a", "sources/a.txt", text)


def status(quote: str, text: str = ARTICLE, prefix: str | None = None, suffix: str | None = None) -> str:
    return locate(source(text), parse_quote(quote), prefix, suffix).status


def evidence_status(root: Path, claim_id: str) -> tuple[str, list[str]]:
    claim = next(c for c in run_check(root).claims if c.id == claim_id)
    return claim.evidence[0].status, [f.rule for f in claim.findings]


# -- ellipsis ----------------------------------------------------------------------------


@pytest.mark.parametrize("mark", ["...", "…", ". . .", "[...]", "[…]", "(...)", "(…)", "...."])
def test_every_ellipsis_form_omits_text(mark: str):
    pattern = parse_quote(f"the members agreed {mark} the mayor said the company")
    assert [f.gap_before for f in pattern.fragments] == [None, ELLIPSIS]
    assert status(f"the members agreed {mark} the mayor said the company") == "found"


def test_ellipsis_fragments_must_appear_in_order():
    assert status("the mayor said the company ... the members agreed to") == "missing"
    assert status("the members agreed to ... the mayor said the company") == "found"


def test_ellipsis_stays_within_one_paragraph():
    assert status("the members agreed to ... would be owned by the council") == "missing"
    assert status("the company would be owned ... report to the council every year") == "found"


def test_ellipsis_span_covers_the_omitted_text():
    located = locate(source(), parse_quote("The council met on Tuesday ... set up a company"))
    assert located.span is not None
    assert ARTICLE[located.span.start : located.span.end] == "The council met on Tuesday. After a long debate, the members agreed to set up a company"


def test_leading_and_trailing_ellipses_change_nothing():
    assert parse_quote("... the members agreed to set up ...").fragments == parse_quote("the members agreed to set up").fragments
    assert status("…the members agreed to set up…") == "found"


# -- [insertion] and [sic] ----------------------------------------------------------------


def test_insertion_need_not_appear_in_the_source():
    pattern = parse_quote("the mayor said [the new company] would save money")
    assert [f.text for f in pattern.fragments] == ["the mayor said", "would save money"]
    assert pattern.fragments[1].gap_before == INSERTION
    assert status("the mayor said [the new company] would save money") == "found"


def test_insertion_bridges_only_a_short_gap():
    assert status("The council met on [a day] to run the town's libraries") == "missing"


def test_insertion_does_not_cross_a_paragraph():
    text = "The members voted to close the old\n\nlibrary on the high street next year.\n"
    assert status("The members voted to close [the] library on the high street", text) == "missing"
    assert status("The members voted to close [the] library on the high street", text.replace("\n\n", "\n")) == "found"


def test_insertion_tries_later_occurrences_of_the_next_fragment():
    # The first "run by a board" after the ellipsis is too far from "every year" for an insertion;
    # the matcher must try the later one instead of giving up.
    text = "The plan said the town would be run by a board. Later on, a good deal of other text follows, and then: run by a board every year.\n"
    first = text.index("run by a board") + len("run by a board")
    assert text.index("every year") - first > MAX_INSERTION_GAP  # the first occurrence cannot be the one
    assert status("The plan said ... run by a board [which meets] every year", text) == "found"


def test_sic_is_ignored_in_any_case():
    text = "The inspectors found the service oustanding in every area they visited.\n"
    for sic in ("[sic]", "[SIC]", "[ sic ]", "[sic!]"):
        assert parse_quote(f"found the service oustanding {sic} in every area").fragments[0].text == "found the service oustanding in every area"
        assert status(f"found the service oustanding {sic} in every area", text) == "found"


def test_editorial_marks_are_recognised():
    assert has_editorial_marks("a b c ... d e f") and has_editorial_marks("a [b] c") and has_editorial_marks("typo [sic] here")
    assert not has_editorial_marks("plain text, with (parentheses) and a full stop.")
    assert parse_quote("plain text, with (parentheses)").is_verbatim
    assert not parse_quote("one two three ... four five six").is_verbatim


# -- weak fragments -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "quote, weak",
    [
        ("Because [the company] delivers these functions", ("Because",)),
        ("the members agreed ... money", ("money",)),
        ("to run ... the mayor said the company", ("to run",)),
        ("[sic] ...", ()),
    ],
)
def test_weak_fragments(quote: str, weak: tuple[str, ...]):
    assert parse_quote(quote).weak_fragments == weak


def test_a_weak_fragment_fails_the_claim_as_too_weak(mini: Path):
    facts = mini / "claims/facts.yaml"
    replace_in(facts, "quote: Northam holds a 60% stake in the company", "quote: Northam holds a 60% stake ... company")
    assert evidence_status(mini, "acme-northam-stake") == ("too-weak", ["quote-too-weak"])


def test_conventions_pass_end_to_end(mini: Path):
    facts = mini / "claims/facts.yaml"
    replace_in(facts, "quote: Acme Widgets was founded in 2014 by the towns",
               "quote: Acme Widgets was founded in 2014 ... Northam and Southam [sic]")
    replace_in(facts, "quote: Northam holds a 60% stake in the company", "quote: Northam holds a 60% stake in [Acme Widgets] and Southam holds 40%")
    report = run_check(mini)
    assert report.exit_code == 0, [f.message for f in report.findings]


# -- prefix / suffix ----------------------------------------------------------------------

TWICE = "First, the council would own the company. Second, the council would own the company outright.\n"


def test_prefix_or_suffix_singles_out_one_occurrence():
    quote = "the council would own the company"
    assert status(quote, TWICE) == "ambiguous"
    first = locate(source(TWICE), parse_quote(quote), prefix="First,")
    second = locate(source(TWICE), parse_quote(quote), suffix="outright.")
    assert first.status == second.status == "found"
    assert first.span is not None and second.span is not None and first.span.start < second.span.start
    assert status(quote, TWICE, prefix="Third,") == "context-mismatch"


def test_context_is_compared_after_normalisation():
    assert status("the council would own the company", TWICE, prefix="  Second,\n") == "found"


def test_pinned_context_ranks_drift_candidates():
    # Both sentences drifted the same way; the pinned prefix says which one the quote was.
    edited = TWICE.replace("would own", "will own")
    drift = diagnose(source(edited), "the council would own the company", prefix="Second,")
    assert drift is not None and drift.text.startswith("the council will own") and drift.span.start > len("First, the council")
    assert drift.context_score == 100


def test_context_does_not_hide_similar_text_elsewhere():
    # Context points at a dissimilar spot; the similar text elsewhere is still reported.
    text = "Second, nothing at all alike is said here. Elsewhere: the council would own the firm.\n"
    drift = diagnose(source(text), "the council would own the company", prefix="Second,")
    assert drift is not None and drift.text.startswith("the council would own") and drift.span.start > text.index("Elsewhere")
    assert drift.context_score is not None and drift.context_score < 50


# -- a deleted sentence is not re-attached -----------------------------------------------


def test_deleted_sentence_with_a_near_duplicate_fails_without_context(mini: Path):
    note = mini / "sources/acme-note.txt"
    replace_in(note, "Northam holds a 60% stake in the company and Southam holds 40%.",
               "Looking back, Northam held a 60% stake in the company, the note recalls.")
    claim_status, rules = evidence_status(mini, "acme-northam-stake")
    assert claim_status == "missing" and rules == ["quote-missing"]


def test_deleted_sentence_with_an_exact_duplicate_fails_with_context(mini: Path):
    # acme-rating pins the prefix that sets its sentence apart from the identical one after it.
    replace_in(mini / "sources/acme-note.txt", "Southam holds 40%.\nThe company’s inspectors rated its services Good in 2019.\n",
               "Southam holds 40%.\n\nA later paragraph.\n")
    claim = next(c for c in run_check(mini).claims if c.id == "acme-rating")
    assert claim.status == "fail"
    assert claim.evidence[0].status == "context-mismatch"
    assert claim.evidence[0].drift is not None and claim.evidence[0].drift.context_score is not None
    assert claim.evidence[0].drift.context_score < 100
