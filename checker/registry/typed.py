"""Read every claim's value and time through its property's type.

A claim's time is its ``as_of`` when given, otherwise its first source's
publication date (``time_assumed`` says which, so reports can tell the user).
Relative dates in ``as_of`` or in a value ("this year") resolve against that
publication date. Problems are ``bad-value`` findings at the claim's line.
"""

from __future__ import annotations

from dataclasses import dataclass

from checker.findings import Finding
from checker.registry.model import Claim, Registry
from checker.values import EntityIndex, ParseError, Period, Value, parse_period, parse_value


@dataclass(frozen=True)
class TypedClaim:
    claim: Claim
    value: Value
    time: Period
    time_assumed: bool
    published: Period


def entity_index(registry: Registry) -> EntityIndex:
    return EntityIndex.from_subjects(
        {sid: {"name": s.name, "aliases": list(s.aliases)} for sid, s in registry.subjects.items()}
    )


def publication_period(registry: Registry, source_id: str) -> Period | None:
    entry = registry.sources.get(source_id)
    if entry is None:
        return None
    try:
        return parse_period(entry.published)
    except ParseError:
        return None


def publication_periods(registry: Registry) -> dict[str, Period]:
    """Each source's publication date as a period, for the sources whose date reads."""
    return {sid: p for sid in registry.sources if (p := publication_period(registry, sid)) is not None}


class _Readings:
    """Values and times read once per distinct input: claims repeat them ("see the quote", a year, an as_of).

    Both readers are pure functions of their arguments (a read value is frozen), and within
    one typing run the entity index is fixed, so a reading depends only on what is in its key.
    Only successes are kept; a value that does not read is read again (and reported) each time.
    """

    def __init__(self, entities: EntityIndex) -> None:
        self.entities = entities
        self.values: dict[tuple[str, type, object, Period], Value] = {}
        self.times: dict[tuple[str, Period], Period] = {}

    def value(self, vtype: str, raw: object, ref: Period) -> Value:
        if type(raw) not in _KEYABLE:  # a list (entity-set): read each time
            return parse_value(vtype, raw, ref=ref, entities=self.entities)
        key = (vtype, type(raw), raw, ref)  # the type too: True == 1 and 1 == 1.0 as keys
        if (value := self.values.get(key)) is None:
            value = self.values[key] = parse_value(vtype, raw, ref=ref, entities=self.entities)
        return value

    def time(self, text: str, ref: Period) -> Period:
        if (period := self.times.get((text, ref))) is None:
            period = self.times[(text, ref)] = parse_period(text, ref=ref)
        return period


_KEYABLE = frozenset({str, int, float, bool})


def type_claims(registry: Registry, entities: EntityIndex) -> tuple[dict[str, TypedClaim], list[Finding]]:
    typed: dict[str, TypedClaim] = {}
    findings: list[Finding] = []
    published = publication_periods(registry)  # once per source, not once per claim citing it
    readings = _Readings(entities)
    for claim in registry.claims:
        result = _type_claim(registry, readings, published, claim)
        if isinstance(result, TypedClaim):
            typed.setdefault(claim.id, result)
        else:
            findings.extend(result)
    return typed, findings


def _type_claim(registry: Registry, readings: _Readings, periods: dict[str, Period], claim: Claim) -> TypedClaim | list[Finding]:
    prop = registry.properties.get(claim.property)
    published = next((periods[e.source] for e in claim.evidence if e.source in periods), None)
    if prop is None or published is None:
        return []  # unknown property or source: already reported by references.py
    problems: list[tuple[str, str]] = []  # (field, message)
    try:
        value = readings.value(prop.type, claim.value, published)
    except ParseError as exc:
        problems.append(("value", f"value {claim.value!r} is not a valid {prop.type} for `{prop.id}`: {exc}"))
    try:
        time = published if claim.as_of is None else readings.time(claim.as_of, published)
    except ParseError as exc:
        problems.append(("as_of", f"as_of {claim.as_of!r} is not a date or period: {exc}"))
    if problems:
        return [Finding(claim.file, *claim.where(name), "bad-value", message, claim=claim.id) for name, message in problems]
    return TypedClaim(claim, value, time, claim.as_of is None, published)
