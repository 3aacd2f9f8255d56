"""Relative dates ("this year", "April this year", "next January"), resolved against a reference.

The reference is a Period, typically a source's publication date, and may be coarse
(only its year known). Every expression is resolved at the first and at the last
day of the reference; when the two answers differ the result spans both, so it
always contains the true date. With reference 2019 (a year): "this month" is 2019,
"last month" is 2018-12..2019-11, "next January" is 2020-01.

Month-name forms, for a reference day d and month M:

- ``last M``: the latest M that ends before d's month (d in April: "last April" is a year ago);
- ``next M``: the earliest M that starts after d's month;
- ``in M``: the earliest M not before d's month, so it may be d's own month ("in January"
  written in January means this January). With reference 2019 (a year) "in January" is
  2019-01..2020-01: an article of unknown month in 2019 may mean either.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from checker.values.core import ParseError, quoted
from checker.values.periods import (
    MONTH_PATTERN,
    Period,
    first_day_of_month,
    last_day_of_month,
    month_index,
    month_number,
)
from checker.values.scanning import Context

PeriodBuilder = Callable[[re.Match[str], Context], Period]

_OFFSETS = {"this": 0, "last": -1, "next": 1}
_ORDINAL = r"(?:st|nd|rd|th)?"
# "in April 2014" and "in April last year" are other forms: stop "in April" reading them.
_NO_YEAR_FOLLOWS = r"(?!,? (?:\d|this year|last year|next year))"


def reference(match: re.Match[str], context: Context) -> Period:
    if context.ref is None:
        raise ParseError(f"{quoted(match.group(0))} is a relative date: a reference date is needed to resolve it")
    return context.ref


def _months(first: int, last: int) -> Period:
    return Period.spanning(first_day_of_month(first), last_day_of_month(last))


def _month_offset(match: re.Match[str], context: Context) -> Period:
    ref, offset = reference(match, context), _OFFSETS[match["which"].casefold()]
    return _months(month_index(ref.start) + offset, month_index(ref.end) + offset)


def _year_offset(match: re.Match[str], context: Context) -> Period:
    ref, offset = reference(match, context), _OFFSETS[match["which"].casefold()]
    return Period.spanning(date(ref.start.year + offset, 1, 1), date(ref.end.year + offset, 12, 31))


def _named_month_of_year(match: re.Match[str], context: Context) -> Period:
    """ "[1] April this/last/next year"."""
    ref, offset = reference(match, context), _OFFSETS[match["which"].casefold()]
    month = month_number(match["mon"])
    first, last = ref.start.year + offset, ref.end.year + offset
    if match["d"] is None:
        return _months(first * 12 + month - 1, last * 12 + month - 1)
    day = int(match["d"])
    return Period.spanning(date(first, month, day), date(last, month, day))


def _year_of_named_month(anchor: date, month: int, rule: str) -> int:
    """The year of the month-M named by rule ("last", "next", "in") as seen from anchor's month."""
    if rule == "last":
        return anchor.year if anchor.month > month else anchor.year - 1
    if rule == "next":
        return anchor.year if anchor.month < month else anchor.year + 1
    return anchor.year if anchor.month <= month else anchor.year + 1


def _nearby_named_month(match: re.Match[str], context: Context) -> Period:
    """ "last April", "next January", "in January"."""
    ref, rule, month = reference(match, context), match["which"].casefold(), month_number(match["mon"])
    first = _year_of_named_month(ref.start, month, rule) * 12 + month - 1
    last = _year_of_named_month(ref.end, month, rule) * 12 + month - 1
    return _months(first, last)


RELATIVE_PATTERNS: tuple[tuple[str, PeriodBuilder], ...] = (
    (r"today|this week", reference),
    # "earlier last month" is odd English but harmless to accept.
    (r"(?:(?:earlier|later) )?(?P<which>this|last|next) month", _month_offset),
    (r"(?:(?:earlier|later) )?(?P<which>this|last|next) year", _year_offset),
    (
        rf"(?:(?P<d>\d{{1,2}}){_ORDINAL} (?:of )?)?(?P<mon>{MONTH_PATTERN}),? (?P<which>this|last|next) year",
        _named_month_of_year,
    ),
    (rf"(?P<which>last|next|in) (?P<mon>{MONTH_PATTERN}){_NO_YEAR_FOLLOWS}", _nearby_named_month),
)
