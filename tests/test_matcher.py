from checker.documents.sourcetext import SourceText
from checker.quotes.conventions import ELLIPSIS, INSERTION, parse_quote
from checker.quotes.drift import MIN_SIMILARITY, diagnose, word_diff
from checker.quotes.matcher import locate

TEXT = (
    "Kingston was rated inadequate in 2013. It then worked with Richmond.\n"
    "The two councils set up a company in 2014 to run their services.\n\n"
    "A new paragraph says the company is owned by the councils.\n"
    "The company is owned by the councils.\n"
)


def source(text: str = TEXT) -> SourceText:
    return SourceText("s", "sources/s.txt", text)


def test_parse_quote_conventions():
    pattern = parse_quote("one two three ... four five six [sic] [the firm] seven eight nine")
    assert [f.text for f in pattern.fragments] == ["one two three", "four five six", "seven eight nine"]
    assert [f.gap_before for f in pattern.fragments] == [None, ELLIPSIS, INSERTION]
    assert parse_quote("Because [the company] delivers these functions").weak_fragments == ("Because",)


def test_found_once_with_position():
    located = locate(source(), parse_quote("set up a company in 2014"))
    assert located.status == "found"
    assert (located.span.line, located.span.col) == (2, 18)
    assert TEXT[located.span.start : located.span.end] == "set up a company in 2014"


def test_ambiguous_without_context_and_singled_out_with_it():
    pattern = parse_quote("is owned by the councils")
    assert locate(source(), pattern).status == "ambiguous"
    located = locate(source(), pattern, prefix="The company")
    assert located.status == "found" and located.span.line == 5
    assert locate(source(), pattern, suffix="nothing like this").status == "context-mismatch"


def test_ellipsis_stays_within_a_paragraph():
    assert locate(source(), parse_quote("Kingston was rated ... set up a company")).status == "found"
    assert locate(source(), parse_quote("Kingston was rated ... A new paragraph says")).status == "missing"


def test_insertion_bridges_a_short_gap_only():
    assert locate(source(), parse_quote("The two councils set up [their firm] in 2014 to run")).status == "found"
    assert locate(source(), parse_quote("Kingston was rated [x] to run their services")).status == "missing"


def test_drift_finds_the_edited_sentence_and_diffs_words():
    edited = TEXT.replace("set up a company in 2014", "set up a firm in 2015")
    drift = diagnose(source(edited), "The two councils set up a company in 2014 to run their services.")
    assert drift is not None and drift.span.line == 2
    assert "[-company-]" in drift.diff and "{+firm+}" in drift.diff and "{+2015+}" in drift.diff
    assert drift.score < 100


def test_drift_says_nothing_similar_when_text_is_gone():
    assert diagnose(source(), "an utterly different sentence about zebras and their stripes") is None
    assert MIN_SIMILARITY > 0


def test_word_diff():
    assert word_diff("a b c", "a x c") == "a [-b-] {+x+} c"


def test_word_diff_ignores_attached_punctuation():
    assert word_diff("Eastford holds a 70% stake in the trust and Westford", "Eastford holds a 75% stake in the trust, and Westford") == (
        "Eastford holds a [-70%-] {+75%+} stake in the trust, and Westford")
    assert word_diff("rated it “Good”", "rated it Good.") == "rated it Good."
    assert word_diff("a – b", "a b") == "a [-–-] b"


def test_a_quote_is_never_found_inside_one_characters_expansion():
    # NFKC turns "ﬁ" into "fi": the "i" in it is no text of the source, so only the real "i" counts.
    source = SourceText("s", "s.txt", "i ﬁ ﬁ ﬁ ")
    located = locate(source, parse_quote("i ﬁ"))
    assert located.status == "found" and located.span is not None
    assert (located.span.start, located.span.end) == (0, 3)
    assert locate(source, parse_quote("i")).status == "found"
