"""The registry as loaded: frozen values that know the file and line they came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.documents import SourceEntry
from checker.findings import Finding


@dataclass(frozen=True)
class Subject:
    id: str
    name: str
    kind: str | None
    aliases: tuple[str, ...]
    line: int = 1
    """Where claims/subjects.yaml defines it, for findings about the entry itself (unused, aliases)."""


@dataclass(frozen=True)
class Property:
    id: str
    description: str
    type: str
    single_valued: bool
    qualifiers: tuple[str, ...]
    time_invariant: bool = False
    """Facts about a past event (a founding date): one value for all time, so claims conflict whatever their times."""
    qualifier_values: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Per qualifier key, the values it may take besides subject ids."""
    comparable_with: tuple[str, ...] = ()
    """Other properties whose claims a claim of this one may be declared to contradict."""
    line: int = 1
    """Where claims/properties.yaml defines it."""

    def declared_values(self, qualifier: str) -> tuple[str, ...]:
        return next((values for key, values in self.qualifier_values if key == qualifier), ())


@dataclass(frozen=True, slots=True)  # no __dict__ per instance: a registry holds one per claim and quote
class Evidence:
    source: str
    quote: str
    prefix: str | None
    suffix: str | None
    value_text: str | None
    line: int
    col: int


@dataclass(frozen=True, slots=True)  # no __dict__ per instance: a registry holds one per claim and quote
class Claim:
    id: str
    statement: str
    subject: str
    property: str
    qualifiers: tuple[tuple[str, str], ...]
    value: Any
    as_of: str | None
    time_note: str | None
    contradicts: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    file: str
    line: int
    col: int
    fields: tuple[tuple[str, int, int], ...] = ()
    """Each field as written (``value``, ``as_of``, …) with its line counted from the claim's ``line`` and its column
    (relative, so claims written alike have equal tuples, which the loader shares)."""

    def where(self, field_name: str) -> tuple[int, int]:
        """Line and column of a field, or of the claim itself when the field is absent."""
        return next(((self.line + delta, col) for name, delta, col in self.fields if name == field_name), (self.line, self.col))


@dataclass(frozen=True)
class Acknowledgement:
    claims: tuple[str, str]
    explanation: str
    reason: str | None
    prevails: str
    reviewed_by: str
    reviewed_on: str
    file: str
    line: int


@dataclass(frozen=True)
class Registry:
    root: str
    sources: dict[str, SourceEntry]
    subjects: dict[str, Subject]
    properties: dict[str, Property]
    claims: tuple[Claim, ...]
    acknowledgements: tuple[Acknowledgement, ...]
    claim_files: tuple[str, ...]
    findings: tuple[Finding, ...]
    """Problems found while loading: files that could not be read or do not follow the schema."""
    broken_claims: dict[str, tuple[str, int]]
    """Claims whose entry is unusable, by id (when it could be read): file and line, so they still fail as items."""
