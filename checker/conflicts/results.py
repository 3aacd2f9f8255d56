"""What a conflict between two claims is, as the report carries it (``rules`` finds them).

Its own module so that reading a stored report needs neither the rules nor the value types they compare.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ConflictSide:
    claim: str
    file: str
    line: int
    source: str
    published: str
    time: str
    time_assumed: bool
    """True when the claim has no as_of and its source's publication date stands in."""
    value: str
    raw_value: str
    quote: str


@dataclass(frozen=True)
class ConflictResult:
    kind: str
    """typed (single-valued property, overlapping times, different values) | declared (contradicts:)"""
    key: str
    """subject / property [qualifiers]"""
    sides: tuple[ConflictSide, ConflictSide]
    status: str
    """unreviewed | acknowledged"""
    explanation: str | None = None
    prevails: str | None = None
    reviewed_by: str | None = None
    reviewed_on: str | None = None

    @property
    def id(self) -> str:
        return f"{self.sides[0].claim}--{self.sides[1].claim}"
