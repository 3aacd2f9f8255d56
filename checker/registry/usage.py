"""How the claims use the controlled vocabularies: claims per property and per subject, what is unused.

A catch-all property shows up here before it grows: its claim count stands out
and the share of claims on free-text properties (which no type check compares)
rises. ``claimcheck vocabulary`` renders this; the ``unused-subject`` and
``unused-property`` warnings come from it too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from checker.registry.model import Registry
from checker.registry.typed import entity_index
from checker.values import EntityIndex

FREE_TEXT = "text"
"""The property type whose values no type check reads or compares."""


@dataclass(frozen=True)
class PropertyUse:
    id: str
    type: str
    single_valued: bool
    claims: int
    line: int


@dataclass(frozen=True)
class SubjectUse:
    id: str
    name: str
    as_subject: int
    """Claims about it."""
    as_reference: int
    """Claims naming it as their value or a qualifier value."""
    line: int

    @property
    def used(self) -> bool:
        return self.as_subject + self.as_reference > 0


@dataclass(frozen=True)
class VocabularyUsage:
    claims: int
    properties: tuple[PropertyUse, ...]
    """Most used first."""
    subjects: tuple[SubjectUse, ...]
    """Most used first."""

    @property
    def free_text_claims(self) -> int:
        return sum(p.claims for p in self.properties if p.type == FREE_TEXT)

    @property
    def free_text_share(self) -> float:
        return self.free_text_claims / self.claims if self.claims else 0.0

    @property
    def unused_properties(self) -> tuple[PropertyUse, ...]:
        return tuple(p for p in self.properties if p.claims == 0)

    @property
    def unused_subjects(self) -> tuple[SubjectUse, ...]:
        return tuple(s for s in self.subjects if not s.used)


def _named(value: object) -> list[str]:
    """The names a raw entity or entity-set value gives: a string, or the strings of a list."""
    members = value if isinstance(value, list) else [value]
    return [m for m in members if isinstance(m, str)]


def vocabulary_usage(registry: Registry, entities: EntityIndex | None = None) -> VocabularyUsage:
    """``entities``: the registry's entity index when the caller has one (it resolves entity values written as names)."""
    by_property = Counter(c.property for c in registry.claims)
    by_subject = Counter(c.subject for c in registry.claims)
    named: list[str] = []
    if entities is None:
        entities = entity_index(registry)
    entity_properties = {pid for pid, prop in registry.properties.items() if prop.type in ("entity", "entity-set")}
    for claim in registry.claims:
        ids = {v for _, v in claim.qualifiers}  # a set: a claim naming a subject twice names it once
        if claim.property in entity_properties:
            ids.update(sid for name in _named(claim.value) if (sid := entities.resolve(name)) is not None)
        named.extend(ids)
    references = Counter(named)
    properties = sorted(
        (PropertyUse(p.id, p.type, p.single_valued, by_property[p.id], p.line) for p in registry.properties.values()),
        key=lambda use: (-use.claims, use.id),
    )
    subjects = sorted(
        (SubjectUse(s.id, s.name, by_subject[s.id], references[s.id], s.line) for s in registry.subjects.values()),
        key=lambda use: (-(use.as_subject + use.as_reference), use.id),
    )
    return VocabularyUsage(len(registry.claims), tuple(properties), tuple(subjects))
