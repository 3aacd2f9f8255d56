"""Conflicts between claims: the same fact, the same time, different values.

Two claims conflict when

- **typed**: they share subject, a single-valued property and qualifiers, their
  times overlap or the property is ``time_invariant`` (a fact about a past
  event, such as a founding date, holds whenever it is stated; a claim without ``as_of`` speaks as of its source's
  publication date, and the report says so), and their values do not ``agree``
  after normalisation (so "2014" and "1 April 2014" agree, and a rating of
  2013 never meets one of 2019); or
- **declared**: one lists the other in ``contradicts:`` (disagreements no type
  system sees, e.g. about causes).

A conflict recorded in an ``acknowledged:`` entry (beside the claims, with its
explanation, the side that prevails or ``disputed``, reviewer and date) is
reported as ``conflict-acknowledged`` and does not fail. An unreviewed one fails
as ``conflict``. An acknowledgement that matches no conflict any more is
``stale-acknowledgement``.

Unlike Wikidata's single-value constraint, periods are compared by overlap,
not by identical qualifiers, and undated statements are compared as of their
publication date instead of being skipped.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import combinations

from checker.conflicts.results import ConflictResult, ConflictSide
from checker.findings import Finding
from checker.registry import Acknowledgement, Claim, Registry, TypedClaim
from checker.values import agree


def _key(claim: Claim) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    return claim.subject, claim.property, claim.qualifiers


def _key_text(claim: Claim) -> str:
    qualifiers = ", ".join(f"{k}={v}" for k, v in claim.qualifiers)
    return f"{claim.subject} / {claim.property}" + (f" [{qualifiers}]" if qualifiers else "")


def _side(registry: Registry, typed: TypedClaim | None, claim: Claim) -> ConflictSide:
    evidence = claim.evidence[0]
    entry = registry.sources.get(evidence.source)
    return ConflictSide(
        claim=claim.id,
        file=claim.file,
        line=claim.line,
        source=evidence.source,
        published=entry.published if entry else "?",
        time=str(typed.time) if typed else (claim.as_of or "?"),
        time_assumed=typed.time_assumed if typed else claim.as_of is None,
        value=typed.value.canonical if typed else str(claim.value),
        raw_value=claim.value if isinstance(claim.value, str) else json.dumps(claim.value),  # as YAML wrote it: true, not True
        quote=evidence.quote,
    )


def _typed_pairs(registry: Registry, typed: dict[str, TypedClaim]) -> list[tuple[str, str]]:
    groups: dict[tuple[str, str, tuple[tuple[str, str], ...]], list[TypedClaim]] = defaultdict(list)
    for item in typed.values():
        prop = registry.properties.get(item.claim.property)
        if prop is not None and prop.single_valued:
            groups[_key(item.claim)].append(item)
    pairs = []
    for (_, property_id, _), group in groups.items():
        timeless = registry.properties[property_id].time_invariant
        for a, b in combinations(group, 2):
            if (timeless or a.time.overlaps(b.time)) and not agree(a.value, b.value):
                pairs.append((a.claim.id, b.claim.id))
    return pairs


def find_conflicts(registry: Registry, typed: dict[str, TypedClaim]) -> tuple[list[ConflictResult], list[Finding]]:
    claims = {c.id: c for c in reversed(registry.claims)}  # first definition wins on duplicate ids
    found: dict[frozenset[str], tuple[str, tuple[str, str]]] = {}
    for pair in _typed_pairs(registry, typed):
        found.setdefault(frozenset(pair), ("typed", pair))
    for claim in registry.claims:
        for other in claim.contradicts:
            if other in claims and other != claim.id:
                found.setdefault(frozenset((claim.id, other)), ("declared", (claim.id, other)))
    acks: dict[frozenset[str], Acknowledgement] = {frozenset(a.claims): a for a in registry.acknowledgements}
    results: list[ConflictResult] = []
    findings: list[Finding] = []
    for pair_key, (kind, (first, second)) in sorted(found.items(), key=lambda kv: kv[1][1]):
        a, b = claims[first], claims[second]
        ack = acks.get(pair_key)
        result = ConflictResult(
            kind=kind,
            key=_key_text(a) if kind == "typed" else f"{_key_text(a)} vs {_key_text(b)}",
            sides=(_side(registry, typed.get(first), a), _side(registry, typed.get(second), b)),
            status="acknowledged" if ack else "unreviewed",
            explanation=ack.explanation if ack else None,
            prevails=ack.prevails if ack else None,
            reviewed_by=ack.reviewed_by if ack else None,
            reviewed_on=ack.reviewed_on if ack else None,
        )
        results.append(result)
        findings.append(_finding(result, a, ack))
    for ack in registry.acknowledgements:
        if frozenset(ack.claims) not in found and all(c in claims for c in ack.claims):
            findings.append(Finding(ack.file, ack.line, 1, "stale-acknowledgement",
                                    f"acknowledged conflict {ack.claims[0]} vs {ack.claims[1]} no longer exists; remove the entry",
                                    severity="warning", conflict=f"{ack.claims[0]}--{ack.claims[1]}"))
    return results, findings


def _finding(result: ConflictResult, first: Claim, ack: Acknowledgement | None) -> Finding:
    one, two = result.sides
    lines = tuple(
        f"{side.claim} ({side.file}:{side.line}): {side.value} as of {side.time}"
        f"{' (publication date of ' + side.source + ', no as_of)' if side.time_assumed else ''} in {side.source}: \"{side.quote}\""
        for side in result.sides
    )
    if ack is not None:
        return Finding(ack.file, ack.line, 1, "conflict-acknowledged",
                       f"acknowledged conflict {one.claim} vs {two.claim}: {one.value} vs {two.value} (prevails: {ack.prevails})",
                       severity="info", conflict=result.id, details=(*lines, f"why: {ack.explanation}"))
    what = "contradicts" if result.kind == "declared" else f"{one.value} vs {two.value} at overlapping times"
    return Finding(first.file, first.line, first.col, "conflict",
                   f"conflict on {result.key}: {one.claim} {what} {two.claim}; review it and add an acknowledged: entry, or fix a claim",
                   conflict=result.id, details=lines)
