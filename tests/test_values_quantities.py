from fractions import Fraction

import pytest

from checker.values import ParseError, Quantity, agree, parse_value


def amount(vtype, raw):
    value = parse_value(vtype, raw)
    assert isinstance(value.payload, Quantity)
    return value.canonical, value.payload.amount


@pytest.mark.parametrize(
    ("raw", "canonical", "exact"),
    [
        ("20%", "20%", 20), ("20 %", "20%", 20), ("20 per cent", "20%", 20), ("20 percent", "20%", 20),
        ("20 per-cent", "20%", 20), ("twenty per cent", "20%", 20), ("12.5%", "12.5%", Fraction(25, 2)),
        ("a fifth", "20%", 20), ("one fifth", "20%", 20), ("one-fifth", "20%", 20), ("two fifths", "40%", 40),
        ("one in five", "20%", 20), ("1 in 5", "20%", 20), ("3 out of 10", "30%", 30),
        ("half", "50%", 50), ("a half", "50%", 50), ("three quarters", "75%", 75), ("a quarter", "25%", 25),
        ("a third", "33.33%", Fraction(100, 3)), ("two thirds", "66.67%", Fraction(200, 3)),
        (20, "20%", 20), (12.5, "12.5%", Fraction(25, 2)), ("20", "20%", 20),
    ],
)
def test_percent_forms(raw, canonical, exact):
    assert amount("percent", raw) == (canonical, exact)


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("£1.5 million", "GBP 1500000"), ("£1.5m", "GBP 1500000"), ("£1,500,000", "GBP 1500000"),
        ("£6m", "GBP 6000000"), ("£2bn", "GBP 2000000000"), ("£300k", "GBP 300000"),
        ("$5", "USD 5"), ("€3.2m", "EUR 3200000"), ("£1.25", "GBP 1.25"), ("GBP 1500000", "GBP 1500000"),
        ("1.5 million pounds", "GBP 1500000"), (1500000, "GBP 1500000"), ("£2 billion", "GBP 2000000000"),
    ],
)
def test_money_forms(raw, canonical):
    assert parse_value("money", raw).canonical == canonical


def test_money_keeps_its_currency():
    assert not agree(parse_value("money", "£5m"), parse_value("money", "$5m"))
    assert not agree(parse_value("money", "€5m"), parse_value("money", "£5m"))


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("9", "9"), ("nine", "9"), ("Nine", "9"), ("a dozen", "12"), ("two dozen", "24"), ("two", "2"),
        ("twenty-one", "21"), ("twenty one", "21"), ("1,200", "1200"), ("one hundred and five", "105"),
        ("a hundred", "100"), ("two thousand three hundred", "2300"), ("1.2 million", "1200000"),
        ("zero", "0"), (9, "9"), (9.0, "9"),
    ],
)
def test_count_forms(raw, canonical):
    assert parse_value("count", raw).canonical == canonical


@pytest.mark.parametrize(
    ("vtype", "raw"),
    [
        ("percent", "25 pc"), ("percent", "fifth"), ("percent", "5 in 3"), ("percent", "lots"),
        ("percent", True), ("money", "£"), ("money", "£1.2.3"), ("money", "five quid"),
        ("count", "9.5"), (("count"), 9.5), ("count", "two three"), ("count", "hundred"), ("count", "twenty twenty"),
        ("count", "nine-ish"), ("count", False), ("count", ["9"]),
    ],
)
def test_garbage_is_a_parse_error_naming_the_input(vtype, raw):
    with pytest.raises(ParseError) as caught:
        parse_value(vtype, raw)
    assert str(raw) in str(caught.value)


def test_message_says_what_was_expected():
    with pytest.raises(ParseError, match="20 per cent"):
        parse_value("percent", "25 pc")


def test_equal_after_normalisation():
    assert agree(parse_value("percent", "20%"), parse_value("percent", "a fifth"))
    assert agree(parse_value("percent", "20 per cent"), parse_value("percent", "one in five"))
    assert agree(parse_value("money", "£1.5 million"), parse_value("money", "£1,500,000"))
    assert agree(parse_value("money", "£1.5m"), parse_value("money", 1500000))
    assert agree(parse_value("count", "nine"), parse_value("count", 9))


def test_rounding_agrees_at_the_coarser_step():
    assert agree(parse_value("percent", "33%"), parse_value("percent", "a third"))
    assert agree(parse_value("percent", "33.3%"), parse_value("percent", "one in three"))
    assert agree(parse_value("percent", "20%"), parse_value("percent", "20.4%"))
    assert agree(parse_value("percent", "13%"), parse_value("percent", "12.5%"))  # half rounds up
    assert agree(parse_value("money", "£1.5m"), parse_value("money", "£1,520,000"))
    assert agree(parse_value("count", "1.2 million"), parse_value("count", "1,234,567"))


def test_disagreements():
    assert not agree(parse_value("percent", "20%"), parse_value("percent", "21%"))
    assert not agree(parse_value("percent", "25%"), parse_value("percent", "12%"))
    assert not agree(parse_value("percent", "12%"), parse_value("percent", "12.5%"))
    assert not agree(parse_value("percent", "20%"), parse_value("percent", "20.5%"))
    assert not agree(parse_value("percent", "34%"), parse_value("percent", "a third"))
    assert not agree(parse_value("percent", "a fifth"), parse_value("percent", "a quarter"))
    assert not agree(parse_value("money", "£1.5m"), parse_value("money", "£1,600,000"))
    assert not agree(parse_value("money", "£6m"), parse_value("money", "£1.5m"))
    assert not agree(parse_value("count", "nine"), parse_value("count", "eight"))
    assert not agree(parse_value("count", "1,200"), parse_value("count", "1,234"))
    assert not agree(parse_value("count", "20"), parse_value("percent", "20%"))
