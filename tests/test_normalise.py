from checker.documents.normalise import normalise, word_count
from checker.documents.sourcetext import SourceText


def test_quotes_dashes_and_whitespace_unify():
    assert normalise("children\u2019s  \u201cgood\u201d\u00a0\u2013\n rating") == "children's \"good\" - rating"


def test_nfkc_expands_ellipsis_and_ligatures():
    assert normalise("e\ufb03cient \u2026") == "efficient ..."


def test_case_is_kept():
    assert normalise("Good") != normalise("good")


def test_word_count_ignores_punctuation():
    assert word_count("a - b ... c") == 3


def test_span_maps_back_to_original_across_wrapped_lines():
    text = "First line.\n\nAcme  Widgets was\nfounded in \u201c2014\u201d."
    source = SourceText("s", "s.txt", text)
    quote = normalise('Widgets was founded in "2014"')
    start = source.norm.index(quote)
    span = source.span(start, start + len(quote))
    assert text[span.start : span.end] == "Widgets was\nfounded in \u201c2014\u201d"
    assert (span.line, span.col) == (3, 7)
    assert (span.end_line, span.end_col) == (4, 17)


def test_span_after_expanding_characters_is_exact():
    text = "The \ufb01rst e\u0301te\u0301 \u2026 and then the quote we want here."
    source = SourceText("s", "s.txt", text)
    quote = "the quote we want"
    start = source.norm.index(quote)
    span = source.span(start, start + len(quote))
    assert text[span.start : span.end] == quote


def test_a_mark_above_the_common_blocks_still_maps_back():
    """Half-width katakana with a combining voiced mark (U+3099, above the class of common stable
    characters): NFKC merges the two, and the span must still start at the letter, not after it."""
    source = SourceText("x", "x.txt", "a \uff76\u3099 a a a ")
    assert source.norm == "a \u30ac a a a"
    span = source.span(2, 9)
    assert (span.start, span.end) == (2, 10)
    assert source.span(4, 9).start == 5  # "a a a" after the merged letter
