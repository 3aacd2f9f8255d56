from datetime import date

import pytest

from checker.values import ParseError, Period, parse_period

D = date


def test_constructors_and_canonical_text():
    assert str(Period.of_day(D(2014, 4, 1))) == "2014-04-01"
    assert str(Period.of_month(2014, 4)) == "2014-04"
    assert str(Period.of_year(2014)) == "2014"
    assert str(Period.of_financial_year(2013)) == "2013/14"
    assert str(Period.of_financial_year(1999)) == "1999/00"
    assert str(Period.spanning(D(2014, 1, 1), D(2018, 12, 31))) == "2014..2018"
    assert str(Period.spanning(D(2014, 4, 1), D(2018, 12, 31))) == "2014-04..2018"
    assert str(Period.spanning(D(2014, 4, 2), D(2015, 2, 28))) == "2014-04-02..2015-02"
    assert str(Period.spanning(D(2014, 1, 1), D(2014, 6, 3))) == "2014..2014-06-03"
    within_a_month = Period.spanning(D(2000, 1, 2), D(2000, 1, 31))
    assert str(within_a_month) == "2000-01-02..2000-01"
    assert parse_period(str(within_a_month)) == within_a_month


def test_precision_follows_the_interval():
    assert Period.spanning(D(2014, 1, 1), D(2014, 12, 31)).precision == "year"
    assert Period.spanning(D(2013, 4, 1), D(2014, 3, 31)).precision == "financial-year"
    assert Period.spanning(D(2016, 2, 1), D(2016, 2, 29)).precision == "month"
    assert Period.spanning(D(2016, 2, 1), D(2016, 2, 28)).precision == "range"
    assert Period.spanning(D(2016, 2, 1), D(2016, 2, 1)).precision == "day"
    assert Period(D(2014, 1, 1), D(2014, 12, 31), "year") == Period.of_year(2014)


@pytest.mark.parametrize(
    ("start", "end", "precision"),
    [
        (D(2014, 1, 1), D(2014, 12, 31), "range"),
        (D(2014, 1, 1), D(2014, 12, 30), "year"),
        (D(2014, 1, 2), D(2014, 1, 1), "range"),
        (D(2014, 1, 1), D(2014, 1, 1), "week"),
    ],
)
def test_inconsistent_periods_are_refused(start, end, precision):
    with pytest.raises(ValueError):
        Period(start, end, precision)


def test_overlaps_and_contains():
    year, april = Period.of_year(2014), Period.of_month(2014, 4)
    fy = Period.of_financial_year(2013)
    assert year.contains(april) and not april.contains(year)
    assert year.overlaps(fy) and fy.overlaps(year)
    assert not year.contains(fy) and not fy.contains(year)
    assert fy.contains(Period.of_month(2014, 3)) and not fy.contains(april)
    assert not Period.of_year(2013).overlaps(Period.of_year(2019))
    assert year.contains(year) and year.overlaps(year)
    assert Period.of_day(D(2014, 12, 31)).overlaps(year) and not Period.of_day(D(2015, 1, 1)).overlaps(year)


@pytest.mark.parametrize(
    ("raw", "start", "end", "precision"),
    [
        ("1 April 2014", D(2014, 4, 1), D(2014, 4, 1), "day"),
        ("25th August 2023", D(2023, 8, 25), D(2023, 8, 25), "day"),
        ("1st of April, 2014", D(2014, 4, 1), D(2014, 4, 1), "day"),
        ("April 1, 2014", D(2014, 4, 1), D(2014, 4, 1), "day"),
        ("2014-04-01", D(2014, 4, 1), D(2014, 4, 1), "day"),
        ("April 2014", D(2014, 4, 1), D(2014, 4, 30), "month"),
        ("Sept 2014", D(2014, 9, 1), D(2014, 9, 30), "month"),
        ("2014-04", D(2014, 4, 1), D(2014, 4, 30), "month"),
        ("2014", D(2014, 1, 1), D(2014, 12, 31), "year"),
        (2014, D(2014, 1, 1), D(2014, 12, 31), "year"),
        (D(2014, 4, 1), D(2014, 4, 1), D(2014, 4, 1), "day"),
        ("2013/14", D(2013, 4, 1), D(2014, 3, 31), "financial-year"),
        ("2013/2014", D(2013, 4, 1), D(2014, 3, 31), "financial-year"),
        ("2013-14", D(2013, 4, 1), D(2014, 3, 31), "financial-year"),
        ("2013\u201314", D(2013, 4, 1), D(2014, 3, 31), "financial-year"),
        ("1999/00", D(1999, 4, 1), D(2000, 3, 31), "financial-year"),
        ("2014-18", D(2014, 1, 1), D(2018, 12, 31), "range"),
        ("2014\u20132018", D(2014, 1, 1), D(2018, 12, 31), "range"),
        ("2014..2018", D(2014, 1, 1), D(2018, 12, 31), "range"),
        ("2014 to 2018", D(2014, 1, 1), D(2018, 12, 31), "range"),
        ("between April 2014 and March 2015", D(2014, 4, 1), D(2015, 3, 31), "financial-year"),
        ("2014-04..2018", D(2014, 4, 1), D(2018, 12, 31), "range"),
        ("since 2017", D(2017, 1, 1), D(2017, 12, 31), "year"),
    ],
)
def test_absolute_forms(raw, start, end, precision):
    period = parse_period(raw)
    assert (period.start, period.end, period.precision) == (start, end, precision)


def test_year_dash_two_digits_in_a_field():
    # ISO year-month wins in a field (catalog dates are ISO); the prose reading is in test_values_extract.
    assert parse_period("2011-12") == Period.of_month(2011, 12)
    assert parse_period("2010-11") == Period.of_month(2010, 11)
    assert parse_period("2008-10") == Period.of_month(2008, 10)
    assert parse_period("2010/11") == Period.of_financial_year(2010)


@pytest.mark.parametrize(
    "raw",
    ["31 February 2014", "2014/16", "2018-14", "2014-00", "2018..2014", "hello", "", "14 Smarch 2014",
     "2014-13-01", 2014.5, True, None, ["2014"]],
)
def test_garbage_is_a_parse_error_naming_the_input(raw):
    with pytest.raises(ParseError) as caught:
        parse_period(raw)
    assert str(raw) in str(caught.value)
