"""Periods of time: a day, month, year, UK financial year or any other span of days.

A Period's precision follows from its interval (a Period is canonical: one
interval, one precision, one string), so two Periods are equal exactly when
they cover the same days.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

MONTH_NUMBERS: dict[str, int] = {
    name.casefold(): number for number, name in enumerate(calendar.month_name) if name
} | {
    abbreviation.casefold(): number for number, abbreviation in enumerate(calendar.month_abbr) if abbreviation
} | {"sept": 9}
# Longest first so that a regex alternation prefers "march" to "mar".
MONTH_PATTERN = "(?:" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + ")"


def month_number(name: str) -> int:
    return MONTH_NUMBERS[name.casefold()]


def month_index(day: date) -> int:
    """Months since year 0, so that month arithmetic is integer arithmetic."""
    return day.year * 12 + day.month - 1


def first_day_of_month(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def last_day_of_month(index: int) -> date:
    year, month = index // 12, index % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def precision_of(start: date, end: date) -> str:
    """The one precision that names exactly the days start..end."""
    if start == end:
        return "day"
    if start.day == 1 and end == last_day_of_month(month_index(start)):
        return "month"
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return "year"
    if (start.month, start.day, end.month, end.day) == (4, 1, 3, 31) and end.year == start.year + 1:
        return "financial-year"
    return "range"


def _start_text(start: date) -> str:
    """A range's start at the coarsest precision that still names its first day."""
    if (start.month, start.day) == (1, 1):
        return f"{start.year:04d}"
    if start.day == 1:
        return f"{start.year:04d}-{start.month:02d}"
    return start.isoformat()


def _end_text(end: date) -> str:
    """A range's end at the coarsest precision that still names its last day."""
    if (end.month, end.day) == (12, 31):
        return f"{end.year:04d}"
    if end == last_day_of_month(month_index(end)):
        return f"{end.year:04d}-{end.month:02d}"
    return end.isoformat()


@dataclass(frozen=True)
class Period:
    """The days ``start`` to ``end``, both included."""

    start: date
    end: date
    precision: str

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")
        expected = precision_of(self.start, self.end)
        if self.precision != expected:
            raise ValueError(f"{self.start}..{self.end} is a {expected}, not a {self.precision}")

    @classmethod
    def spanning(cls, start: date, end: date) -> Period:
        """The period start..end with the precision that interval has."""
        return cls(start, end, precision_of(start, end))

    @classmethod
    def of_day(cls, on: date) -> Period:
        return cls(on, on, "day")

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        index = year * 12 + month - 1
        return cls(first_day_of_month(index), last_day_of_month(index), "month")

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), "year")

    @classmethod
    def of_financial_year(cls, first_year: int) -> Period:
        """The UK financial year first_year/first_year+1: 1 April to 31 March."""
        return cls(date(first_year, 4, 1), date(first_year + 1, 3, 31), "financial-year")

    def overlaps(self, other: Period) -> bool:
        """True when the two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Period) -> bool:
        """True when every day of other is a day of self."""
        return self.start <= other.start and other.end <= self.end

    def __str__(self) -> str:
        start = self.start
        if self.precision == "day":
            return start.isoformat()
        if self.precision == "month":
            return f"{start.year:04d}-{start.month:02d}"
        if self.precision == "year":
            return f"{start.year:04d}"
        if self.precision == "financial-year":
            return f"{start.year:04d}/{(start.year + 1) % 100:02d}"
        return f"{_start_text(start)}..{_end_text(self.end)}"
