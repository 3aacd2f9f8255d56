"""Absolute date forms, and parse_period over them and the relative ones.

``YYYY-NN`` is ambiguous. A field (parse) reads it as ISO year-month when NN is
01..12, because catalog and ``as_of`` dates are ISO dates cut to their precision
and a Period's own string writes months that way; prose (extract) reads it as the
financial year when NN is the next year's two digits ("2010-11" in a report is a
financial year, hardly November). Otherwise both read: NN the next year's digits
→ financial year (2013-14); NN further on → range of years (2014-18 is 2014..2018);
NN a month → that month. ``2013/14`` and ``2013/2014`` are always financial years.
"""

from __future__ import annotations

import re
from datetime import date

from checker.values.core import ParseError, Value, quoted
from checker.values.periods import MONTH_PATTERN, Period, month_number
from checker.values.relative import RELATIVE_PATTERNS, PeriodBuilder
from checker.values.scanning import Context, Form, form, parse_whole

EXPECTED = (
    "a date (expected 1 April 2014, April 2014, 2014, 2014-04-01, 2014-04, 2013/14, "
    "2014-18, 2014..2018, this year, April this year, last April …)"
)
# A bare number in prose is a year only if it looks like one: "3000 children" is no date.
PROSE_YEARS = range(1800, 2200)
MAX_YEARS_ACROSS_CENTURY = 10

_ORDINAL = r"(?:st|nd|rd|th)?"
_ISO_DAY = r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})"
_DAY_MONTH_YEAR = rf"(?P<d>\d{{1,2}}){_ORDINAL} (?:of )?(?P<mon>{MONTH_PATTERN}),? (?P<y>\d{{4}})"
_MONTH_DAY_YEAR = rf"(?P<mon>{MONTH_PATTERN}) (?P<d>\d{{1,2}}){_ORDINAL},? (?P<y>\d{{4}})"
_MONTH_YEAR = rf"(?P<mon>{MONTH_PATTERN}),? (?P<y>\d{{4}})"
_ISO_MONTH = r"(?P<y>\d{4})-(?P<m>\d{2})"
_YEAR = r"(?P<y>\d{4})"


def _calendar_date(match: re.Match[str]) -> Period:
    """Day, month or year precision, from whichever of the groups y, m/mon, d the form has."""
    groups = match.groupdict()
    year = int(groups["y"])
    month = int(groups["m"]) if groups.get("m") else month_number(groups["mon"]) if groups.get("mon") else None
    if month is None:
        return Period.of_year(year)
    if not groups.get("d"):
        return Period.of_month(year, month)
    return Period.of_day(date(year, month, int(groups["d"])))


def _bare_year(match: re.Match[str], context: Context) -> Period:
    if context.prose and int(match["y"]) not in PROSE_YEARS:
        raise ParseError(f"{quoted(match.group(0))} is an unlikely year in prose")
    return Period.of_year(int(match["y"]))


# The sides of a range: points in time, with YYYY-MM always a month (no financial years).
_POINTS = tuple(re.compile(p, re.IGNORECASE) for p in (_ISO_DAY, _DAY_MONTH_YEAR, _MONTH_DAY_YEAR, _MONTH_YEAR, _ISO_MONTH, _YEAR))
_POINT = "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", p.pattern) for p in _POINTS) + ")"


def _point(text: str) -> Period:
    for pattern in _POINTS:
        if match := pattern.fullmatch(text):
            return _calendar_date(match)
    raise ParseError(f"{quoted(text)} is not a date")  # unreachable: the range regex matched a point


def _range(match: re.Match[str], context: Context) -> Period:
    first, last = _point(match["a"]), _point(match["b"])
    if last.end < first.start:
        raise ParseError(f"{quoted(match.group(0))} ends before it starts")
    return Period.spanning(first.start, last.end)


def _two_year_end(first: int, digits: str) -> int:
    """The year that two or four digits after ``first`` name: 1999-00 ends in 2000, 1998-02 in 2002.

    Two digits go round a century only for a short span: 2018-14 is an error, not 2018..2114.
    """
    if len(digits) == 4:
        return int(digits)
    end = first - first % 100 + int(digits)
    if end < first and end + 100 - first < MAX_YEARS_ACROSS_CENTURY:
        return end + 100
    return end


def _year_dash_two_digits(match: re.Match[str], context: Context) -> Period:
    first, digits = int(match["y"]), match["yy"]
    end = _two_year_end(first, digits)
    is_month = 1 <= int(digits) <= 12
    if end == first + 1 and (context.prose or not is_month):
        return Period.of_financial_year(first)
    if is_month:
        return Period.of_month(first, int(digits))
    if end > first + 1:
        return Period.spanning(date(first, 1, 1), date(end, 12, 31))
    raise ParseError(f"{quoted(match.group(0))} is neither a month, a financial year nor a range of years (2014-18)")


def _financial_year(match: re.Match[str], context: Context) -> Period:
    first = int(match["y"])
    if _two_year_end(first, match["yy"]) != first + 1:
        raise ParseError(f"{quoted(match.group(0))} is not a financial year (expected e.g. 2013/14)")
    return Period.of_financial_year(first)


def _calendar(match: re.Match[str], context: Context) -> Period:
    return _calendar_date(match)


_ABSOLUTE_PATTERNS: tuple[tuple[str, PeriodBuilder], ...] = (
    (rf"(?:from )?(?P<a>{_POINT})(?: ?(?:\.\.|-) ?| to )(?P<b>{_POINT})", _range),
    (rf"between (?P<a>{_POINT}) and (?P<b>{_POINT})", _range),
    (_ISO_DAY, _calendar),
    (_DAY_MONTH_YEAR, _calendar),
    (_MONTH_DAY_YEAR, _calendar),
    (r"(?P<y>\d{4})-(?P<yy>\d{2})", _year_dash_two_digits),
    (r"(?:FY ?)?(?P<y>\d{4})/(?P<yy>\d{4}|\d{2})", _financial_year),
    (_MONTH_YEAR, _calendar),
    (_YEAR, _bare_year),
)


def date_value(period: Period) -> Value:
    return Value("date", str(period), period)


def _date_form(pattern: str, build: PeriodBuilder) -> Form:
    # "since 2017" states a date, 2017, as "in 2017" does; the word belongs to the span.
    return form("(?:(?:since|in) )?(?:" + pattern + ")", lambda match, context: date_value(build(match, context)))


DATE_FORMS: tuple[Form, ...] = tuple(_date_form(p, b) for p, b in (*_ABSOLUTE_PATTERNS, *RELATIVE_PATTERNS))


def parse_period(raw: str | int | date, *, ref: Period | None = None) -> Period:
    """Any date form: absolute, or relative to ref (a ParseError says when ref is needed)."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int, date)):
        raise ParseError(f"{quoted(raw)} is not {EXPECTED}")
    text = raw.isoformat()[:10] if isinstance(raw, date) else str(raw)
    period = parse_whole(DATE_FORMS, text, Context(ref, prose=False), EXPECTED).payload
    assert isinstance(period, Period)
    return period
