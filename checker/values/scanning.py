"""One grammar per type, used two ways: a whole field must match a form (parse),
and running prose is scanned for every span that matches one (extract).

A form is a compiled regex plus a builder that turns its match into a Value or
raises ParseError (a month 13, a relative date without a reference date...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from checker.values.core import ParseError, Value, quoted
from checker.values.periods import Period
from checker.values.text import normalise_text

# Numbers and words must stand alone: not inside a longer word, a decimal or a
# thousands-separated number, and not after a currency sign (that is money).
START = r"(?<![\w£$€])(?<!\d[.,])"
END = r"(?!\w)(?![.,]\d)"


@dataclass(frozen=True)
class Context:
    ref: Period | None
    """What relative dates ("this year") resolve against, e.g. a source's publication date."""
    prose: bool
    """True when scanning running text, False when reading a whole field given by a person."""


Builder = Callable[[re.Match[str], Context], Value]


@dataclass(frozen=True)
class Form:
    pattern: re.Pattern[str]
    build: Builder


@dataclass(frozen=True)
class Span:
    """A value found at start..end of the normalised text."""

    start: int
    end: int
    value: Value


def form(pattern: str, build: Builder) -> Form:
    """A form whose match must stand alone (see START and END); case never matters."""
    return Form(re.compile(START + "(?:" + pattern + ")" + END, re.IGNORECASE), build)


def parse_whole(forms: Sequence[Form], raw: str, context: Context, expected: str) -> Value:
    """The value of the whole of raw; the first builder's complaint, else "is not <expected>"."""
    text = normalise_text(raw)
    complaint: ParseError | None = None
    for candidate in forms:
        match = candidate.pattern.fullmatch(text)
        if match is None:
            continue
        try:
            return candidate.build(match, context)
        except ValueError as error:  # ParseError, or datetime's "day is out of range for month"
            complaint = complaint or as_parse_error(error, raw)
    raise complaint or ParseError(f"{quoted(raw)} is not {expected}")


def as_parse_error(error: ValueError, raw: str) -> ParseError:
    return error if isinstance(error, ParseError) else ParseError(f"{quoted(raw)} is not valid: {error}")


def scan(forms: Sequence[Form], text: str, context: Context) -> list[Span]:
    """Every value in text: leftmost first, the longest where spans overlap, the earlier form on ties."""
    candidates: list[tuple[int, int, int, Value]] = []
    for rank, candidate in enumerate(forms):
        for match in candidate.pattern.finditer(text):
            try:
                value = candidate.build(match, context)
            except ValueError:
                continue  # e.g. "31 February 2014", or "this year" with no reference date
            candidates.append((match.start(), -match.end(), rank, value))
    candidates.sort(key=lambda c: c[:3])
    chosen: list[Span] = []
    for start, negative_end, _, value in candidates:
        if not chosen or start >= chosen[-1].end:
            chosen.append(Span(start, -negative_end, value))
    return chosen


def without_overlaps(spans: Iterable[Span], blockers: Sequence[Span]) -> list[Span]:
    """The spans that share no character with any blocker (the "20" of "20%" is no count)."""
    return [s for s in spans if not any(s.start < b.end and b.start < s.end for b in blockers)]
