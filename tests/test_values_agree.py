from datetime import date

import pytest

from checker.values import Period, agree, parse_value


def d(raw, ref=None):
    return parse_value("date", raw, ref=ref)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2014", "1 April 2014"),
        ("2014", "April 2014"),
        ("April 2014", "2014-04-01"),
        ("2013/14", "1 April 2013"),
        ("2013/14", "March 2014"),
        ("2013-14", "2013/14"),
        ("2014-18", "2016"),
        ("2014..2018", "2014-2018"),
        ("2014-18", "2014/15"),
        ("since 2017", "2017"),
        ("2014", "2014"),
    ],
)
def test_dates_agree_when_one_contains_the_other(a, b):
    assert agree(d(a), d(b)) and agree(d(b), d(a))


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("2013", "2019"),
        ("2014", "2013/14"),  # overlap is not enough: neither contains the other
        ("2013/14", "April 2014"),
        ("1 April 2014", "2 April 2014"),
        ("2014-18", "2019"),
        ("March 2014", "April 2014"),
    ],
)
def test_dates_disagree(a, b):
    assert not agree(d(a), d(b)) and not agree(d(b), d(a))


def test_relative_and_absolute_dates_agree():
    ref = Period.of_year(2017)
    assert agree(d("April this year", ref), d("April 2017"))
    assert agree(d("this year", ref), d("1 April 2017"))
    assert not agree(d("last year", ref), d("2017"))
    on_day = Period.of_day(date(2019, 8, 15))
    assert agree(d("earlier this month", on_day), d("2019-08"))


def test_values_of_different_types_never_agree():
    assert not agree(parse_value("count", 2014), d("2014"))
    assert not agree(parse_value("text", "good"), parse_value("rating", "good"))
    assert not agree(parse_value("boolean", True), parse_value("text", "true"))


def test_booleans_and_entities_agree_by_equality():
    assert agree(parse_value("boolean", "yes"), parse_value("boolean", True))
    assert not agree(parse_value("boolean", "no"), parse_value("boolean", True))
    assert agree(parse_value("entity", "kingston"), parse_value("entity", "kingston"))
    assert not agree(parse_value("entity", "kingston"), parse_value("entity", "richmond"))


def test_values_are_hashable_and_canonical_is_stable():
    values = [parse_value("percent", "a fifth"), d("2013-14"), parse_value("rating", "Good"),
              parse_value("money", "£1.5m"), parse_value("text", "x"), parse_value("boolean", False)]
    assert len({*values, *values}) == len(values)
    assert [v.canonical for v in values] == ["20%", "2013/14", "good", "GBP 1500000", "x", "false"]
    assert str(values[1]) == "2013/14"
