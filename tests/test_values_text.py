import pytest

from checker.values.text import comparison_key, normalise_text, normalise_with_offsets


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("children\u2019s services", "children's services"),
        ("\u2018good\u2019 and \u201cthorough\u201d", "'good' and \"thorough\""),
        ("2014\u201318 \u2014 AfC \u2012 x \u2212 y", "2014-18 - AfC - x - y"),
        ("  a \t b\n\nc\u00a0d  ", "a b c d"),
        ("\ufb01nance\u2026", "finance..."),  # ligature split and ellipsis expanded by NFKC
        ("plain ascii", "plain ascii"),
    ],
)
def test_normalise_text(raw, expected):
    assert normalise_text(raw) == expected


def test_comparison_key_ignores_case_and_quote_style():
    assert comparison_key("Children\u2019s  SERVICES") == comparison_key("children's services")


def test_offsets_point_back_into_the_original():
    original = "Kingston\u00a0\u00a0are rated \u2018Outstanding\u2019 \ufb01ne"
    normalised = normalise_with_offsets(original)
    assert normalised.text == normalise_text(original)
    start = normalised.text.index("'Outstanding'")
    a, b = normalised.original_span(start, start + len("'Outstanding'"))
    assert original[a:b] == "\u2018Outstanding\u2019"
    fi = normalised.text.index("fine")
    a, b = normalised.original_span(fi, fi + 4)
    assert original[a:b] == "\ufb01ne"


def test_same_result_as_the_quote_normaliser():
    from checker.documents.normalise import normalise as shared_normalise

    for sample in ["\u2018a\u2019 \u201cb\u201d \u00abc\u00bb", "x\u2013y\u2014z\u2043", " \u00a0 \u2032 \u2033 \ufb01 "]:
        assert normalise_text(sample) == shared_normalise(sample)
