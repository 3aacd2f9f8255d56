"""The value types every module of ``checker.values`` builds and returns."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass

VALUE_TYPES = ("percent", "money", "count", "date", "rating", "boolean", "entity", "entity-set", "text")


class ParseError(ValueError):
    """A raw value or span does not read as the type asked for; the message says what was expected."""


@dataclass(frozen=True)
class Value:
    """One typed value.

    ``canonical`` is the stable display text written to JSON output; ``payload``
    is what comparisons use (a Quantity, Period, rating rank, bool, subject id,
    frozenset of ids or casefolded text), always hashable.
    """

    type: str
    canonical: str
    payload: Hashable

    def __str__(self) -> str:
        return self.canonical


@dataclass(frozen=True)
class Found:
    """A span of a text, ``text[start:end]``, that reads as ``value``."""

    start: int
    end: int
    value: Value


def quoted(raw: object) -> str:
    """How error messages show the input they reject: in double quotes, as given."""
    return f'"{raw}"'
