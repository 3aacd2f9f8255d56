"""Issue 15, hostile quotes: the fragment search is bounded in operations, never recursive, and right.

- the reproductions: an ellipsis quote against a paragraph repeating its words
  3,000 times (23.6 s, 60 s and 300 s before), a quote of 1,500 fragments
  (``RecursionError`` before), a quote entirely in [brackets];
- a property-based test: random quotes with ellipses, insertions, brackets and
  control characters against random repetitive sources; every search stays
  within ``max_steps`` operations, and on sources small enough to search
  exhaustively it agrees with a brute-force reading of the quoting rules.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.cli import main
from checker.documents.sourcetext import SourceText
from checker.quotes.conventions import ELLIPSIS, MAX_FRAGMENTS, MAX_INSERTION_GAP, QuotePattern, parse_quote
from checker.quotes.matcher import MAX_OCCURRENCES, locate, max_steps
from tests.conftest import FIXTURES
from tests.test_bad_input import QUIET

REPEATED = "one two three four " * 3000


def add_claim(root: Path, claim_id: str, quote: str, source: str = "other-paper") -> None:
    quoted = quote.replace("\\", "\\\\").replace('"', '\\"')
    with open(root / "claims/facts.yaml", "a", encoding="utf-8") as handle:
        handle.write(f"""  - id: {claim_id}
    statement: A quote from a stranger.
    subject: acme
    property: form
    value: what {claim_id} says
    evidence:
      - source: {source}
        quote: "{quoted}"
""")


def rules_of(out: str) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: (?:\w+: )?\[([a-z-]+)\]", out, re.M)


@pytest.mark.parametrize("fragments", [3, 4, 6])
def test_ellipsis_quotes_against_repeated_words_take_bounded_steps(fragments: int):
    source = SourceText("s", "s.txt", REPEATED)
    pattern = parse_quote(" ... ".join(["one two three"] * (fragments - 1) + ["zzz yyy xxx"]))
    located = locate(source, pattern)
    assert located.status == "missing"
    assert located.steps <= max_steps(fragments)


def test_insertion_quotes_against_repeated_words_take_bounded_steps():
    source = SourceText("s", "s.txt", REPEATED)
    pattern = parse_quote(" [x] ".join(["one two three four"] * 6))
    located = locate(source, pattern)
    assert located.status == "ambiguous" and located.steps <= max_steps(6)


def test_a_fragment_found_too_often_is_too_complex_not_passed():
    text = "alpha beta gamma. " * (MAX_OCCURRENCES + 5) + "\n\nalpha beta gamma ... the one true ending here.\n"
    located = locate(SourceText("s", "s.txt", text), parse_quote("alpha beta gamma ... the one true ending"))
    assert located.status == "too-complex" and "occurs more than" in located.reason


def test_too_many_fragments_is_too_complex():
    located = locate(SourceText("s", "s.txt", REPEATED), parse_quote(" ... ".join(["one two three"] * (MAX_FRAGMENTS + 1))))
    assert located.status == "too-complex" and located.steps == 0


def test_cli_reports_repeated_word_quotes_and_a_1500_fragment_quote(mini: Path, capsys: pytest.CaptureFixture[str]):
    (mini / "sources/other-paper.txt").write_text("Title\n\n" + REPEATED + "\n", encoding="utf-8")
    add_claim(mini, "hostile-three", "one two three ... one two three ... zzz yyy xxx")
    add_claim(mini, "hostile-six", " ... ".join(["one two three"] * 5 + ["zzz yyy xxx"]))
    add_claim(mini, "hostile-many", " ... ".join(["one two three"] * 1500))
    assert main(["check", "--root", str(mini), "--no-cache"]) == 1
    out, err = capsys.readouterr()
    assert err == "" and "internal error" not in out
    assert sorted(rules_of(out)) == ["quote-missing", "quote-missing", "quote-too-complex"]


def test_pytest_fails_the_1500_fragment_claim_without_collection_error(pytester: pytest.Pytester):
    import shutil

    shutil.copytree(FIXTURES / "mini", pytester.path, dirs_exist_ok=True)
    add_claim(pytester.path, "hostile-many", " ... ".join(["one two three"] * 1500))
    result = pytester.runpytest(*QUIET, "claims", "sources/catalog.yaml")
    result.assert_outcomes(passed=11, failed=1)
    result.stdout.fnmatch_lines(["*[[]quote-too-complex[]]*1500 fragments*"])
    assert "RecursionError" not in result.stdout.str()


def test_a_quote_entirely_in_brackets_gets_its_own_message(mini: Path, capsys: pytest.CaptureFixture[str]):
    add_claim(mini, "hostile-brackets", "[the council said so]")
    assert main(["check", "--root", str(mini), "--no-cache"]) == 1
    out = capsys.readouterr()[0]
    assert rules_of(out) == ["quote-too-weak"]
    assert "square brackets" in out and "fewer than" not in out


# -- property: bounded in operations, and right ------------------------------------------------
WORDS = ["one", "two", "three", "four", "Ab", "x\u202ey", "zw\u200bj", "esc\x1b[2J"]
BREAKS = [" ... ", " [x] ", " [...] ", " \u2026 ", " [", "] ", " [\x1b]0;title\x07] ", " "]


@st.composite
def repetitive_sources(draw: st.DrawFn) -> str:
    unit = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5)))
    pieces = []
    for _ in range(draw(st.integers(1, 6))):
        pieces.append(" ".join([unit] * draw(st.integers(1, 40))))
        pieces.append(draw(st.sampled_from([" ", "\n", "\n\n", "\r\r", "\x0c", " \u2028 "])))
    return "".join(pieces)


@st.composite
def hostile_quotes(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        parts.append(" ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=5))))
        parts.append(draw(st.sampled_from(BREAKS)))
    return "".join(parts[:-1])


def brute_force(source: SourceText, pattern: QuotePattern) -> tuple[list[tuple[int, int]], int]:
    """Every start the quoting rules allow, with its earliest-ending chain (all chains tried,
    memoised), and the most occurrences any fragment has."""
    norm = source.norm
    originals = [source.to_original(n) for n in range(len(norm) + 1)]
    breaks = [m.start() for m in re.finditer(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)", source.text)]
    occurrences = [[m.start() for m in re.finditer(f"(?={re.escape(f.text)})", norm)] for f in pattern.fragments]

    def paragraph_end(offset: int) -> int:
        following = [b for b in breaks if b >= originals[offset]]
        return len(norm) if not following else bisect_left(originals, following[0], lo=offset)

    @cache
    def complete(index: int, end: int) -> int | None:
        if index == len(pattern.fragments):
            return end
        fragment = pattern.fragments[index]
        limit = paragraph_end(end)
        for q in occurrences[index]:
            fits = q >= end and q + len(fragment.text) <= limit
            if fits and (fragment.gap_before == ELLIPSIS or q <= end + MAX_INSERTION_GAP + 2):
                done = complete(index + 1, q + len(fragment.text))
                if done is not None:
                    return done
        return None

    spans = []
    for start in occurrences[0]:
        end = complete(1, start + len(pattern.fragments[0].text))
        if end is not None:
            spans.append((start, end))
    return spans, max(len(o) for o in occurrences)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=repetitive_sources(), quote=hostile_quotes())
def test_random_quotes_on_repetitive_sources_stay_bounded_and_agree_with_brute_force(text: str, quote: str):
    source = SourceText("s", "s.txt", text)
    pattern = parse_quote(quote)
    located = locate(source, pattern)
    assert located.steps <= max_steps(len(pattern.fragments))
    if not pattern.fragments or len(pattern.fragments) > MAX_FRAGMENTS:
        return
    expected, most = brute_force(source, pattern)
    if located.status == "too-complex":  # only when a fragment is that common, and never hiding an ambiguity
        assert most > MAX_OCCURRENCES and len(expected) <= 1
        return
    status = {0: "missing", 1: "found"}.get(len(expected), "ambiguous")
    assert located.status == status, (expected, located)
    if status == "found":
        assert located.span == source.span(*expected[0])
    if status == "ambiguous":
        assert [(c.start, c.end) for c in located.candidates] == [(s.start, s.end) for s in (source.span(*e) for e in expected[:5])]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit=st.lists(st.sampled_from(WORDS), min_size=3, max_size=6), quote=hostile_quotes(), repeats=st.integers(1500, 4000))
def test_random_quotes_on_long_repetitive_sources_stay_within_the_step_bound(unit: list[str], quote: str, repeats: int):
    source = SourceText("s", "s.txt", " ".join([" ".join(unit)] * repeats))
    pattern = parse_quote(quote)
    assert locate(source, pattern).steps <= max_steps(len(pattern.fragments))
