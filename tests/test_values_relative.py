from datetime import date

import pytest

from checker.values import ParseError, Period, parse_period, parse_value

DAY = Period.of_day(date(2019, 8, 15))
MONTH = Period.of_month(2019, 8)
YEAR = Period.of_year(2019)


def p(text, ref):
    return str(parse_period(text, ref=ref))


@pytest.mark.parametrize(
    ("text", "on_day", "in_month", "in_year"),
    [
        ("today", "2019-08-15", "2019-08", "2019"),
        ("this week", "2019-08-15", "2019-08", "2019"),
        ("this year", "2019", "2019", "2019"),
        ("earlier this year", "2019", "2019", "2019"),
        ("last year", "2018", "2018", "2018"),
        ("next year", "2020", "2020", "2020"),
        ("this month", "2019-08", "2019-08", "2019"),
        ("earlier this month", "2019-08", "2019-08", "2019"),
        ("last month", "2019-07", "2019-07", "2018-12..2019-11"),
        ("next month", "2019-09", "2019-09", "2019-02..2020-01"),
        ("April this year", "2019-04", "2019-04", "2019-04"),
        ("April last year", "2018-04", "2018-04", "2018-04"),
        ("1 April next year", "2020-04-01", "2020-04-01", "2020-04-01"),
        ("last April", "2019-04", "2019-04", "2018-04..2019-04"),
        ("last September", "2018-09", "2018-09", "2018-09..2019-09"),
        ("next January", "2020-01", "2020-01", "2020-01"),
        ("next September", "2019-09", "2019-09", "2019-09..2020-09"),
        ("in January", "2020-01", "2020-01", "2019..2020-01"),  # a range starts at its coarsest
        ("in August", "2019-08", "2019-08", "2019-08..2020-08"),
        ("in December", "2019-12", "2019-12", "2019-12"),
        ("since April this year", "2019-04", "2019-04", "2019-04"),
    ],
)
def test_relative_forms_against_day_month_and_year_references(text, on_day, in_month, in_year):
    assert (p(text, DAY), p(text, MONTH), p(text, YEAR)) == (on_day, in_month, in_year)


def test_examples_from_the_brief():
    assert parse_period("this year", ref=Period.of_year(2017)) == Period.of_year(2017)
    assert parse_period("April this year", ref=Period.of_year(2017)) == Period.of_month(2017, 4)
    assert parse_period("next January", ref=Period.of_year(2019)) == Period.of_month(2020, 1)


def test_last_and_next_month_names_skip_the_reference_month():
    in_april = Period.of_day(date(2017, 4, 20))
    assert parse_period("last April", ref=in_april) == Period.of_month(2016, 4)
    assert parse_period("next April", ref=in_april) == Period.of_month(2018, 4)
    assert parse_period("in April", ref=in_april) == Period.of_month(2017, 4)


def test_a_relative_date_always_contains_the_truth_for_a_coarse_reference():
    for day_of_2019 in (date(2019, 1, 1), date(2019, 6, 30), date(2019, 12, 31)):
        exact = Period.of_day(day_of_2019)
        for text in ("last month", "next month", "last April", "next January", "in January", "this month"):
            assert parse_period(text, ref=YEAR).contains(parse_period(text, ref=exact)), (text, day_of_2019)


def test_month_arithmetic_crosses_year_ends():
    january = Period.of_day(date(2020, 1, 10))
    assert parse_period("last month", ref=january) == Period.of_month(2019, 12)
    assert parse_period("next month", ref=Period.of_month(2019, 12)) == Period.of_month(2020, 1)


def test_financial_year_reference_spans_its_calendar_years():
    assert p("this year", Period.of_financial_year(2013)) == "2013..2014"


@pytest.mark.parametrize("text", ["this year", "April this year", "last April", "in January", "today", "last month"])
def test_relative_without_reference_says_a_reference_is_needed(text):
    with pytest.raises(ParseError, match="reference date") as caught:
        parse_period(text)
    assert text in str(caught.value)
    with pytest.raises(ParseError, match="reference date"):
        parse_value("date", text)


def test_relative_value_resolves_through_parse_value():
    assert parse_value("date", "last year", ref=Period.of_year(2019)).canonical == "2018"


def test_in_month_with_a_year_is_absolute():
    assert parse_period("in April 2014", ref=YEAR) == Period.of_month(2014, 4)
