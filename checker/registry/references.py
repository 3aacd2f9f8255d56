"""Cross-file checks: every id a claim mentions must exist, and ids must be unique.

Rules: ``duplicate-id`` (also across files), ``unknown-source``,
``unknown-subject``, ``unknown-property`` (also in ``comparable_with``),
``unknown-qualifier`` (a qualifier key the property does not declare),
``unknown-qualifier-value`` (a qualifier value that is neither a subject id
nor one of the property's ``qualifier_values``), ``unknown-claim`` (in
``contradicts:`` or ``acknowledged:``). Each finding names the claim's own line
so it fails that claim's pytest item.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from checker.findings import Finding
from checker.registry.layout import CATALOG, PROPERTIES, SUBJECTS
from checker.registry.model import Claim, Registry


def _suggest(name: str, known: object, where: str, broken: set[str]) -> str:
    """What to do about an unknown id: the likely intended id, or the broken file to fix first."""
    if where in broken:
        return f"; {where} has errors, fix those first"
    guess = difflib.get_close_matches(name, sorted(known), n=1)  # type: ignore[call-overload]
    return f"; did you mean `{guess[0]}`?" if guess else f"; add it to {where} or correct the id"


def reference_findings(registry: Registry) -> Iterator[Finding]:
    # A vocabulary file with input errors loses entries; say so rather than guess at a typo.
    broken = {f.file for f in registry.findings if f.file in (CATALOG, SUBJECTS, PROPERTIES) and f.is_input_error}
    first_seen: dict[str, Claim] = {}
    for claim in registry.claims:
        if claim.id in first_seen:
            other = first_seen[claim.id]
            yield Finding(claim.file, claim.line, claim.col, "duplicate-id",
                          f"claim id `{claim.id}` is already used at {other.file}:{other.line}; give each claim its own id",
                          claim=claim.id)
        else:
            first_seen[claim.id] = claim
        if claim.subject not in registry.subjects:
            yield Finding(claim.file, claim.line, claim.col, "unknown-subject",
                          f"subject `{claim.subject}` is not in {SUBJECTS}{_suggest(claim.subject, registry.subjects, SUBJECTS, broken)}",
                          claim=claim.id)
        if claim.property not in registry.properties:
            yield Finding(claim.file, claim.line, claim.col, "unknown-property",
                          f"property `{claim.property}` is not in {PROPERTIES}{_suggest(claim.property, registry.properties, PROPERTIES, broken)}",
                          claim=claim.id)
        else:
            # Qualifiers are part of the conflict key: a misspelt one would silently split a fact in two.
            prop = registry.properties[claim.property]
            for key, value in claim.qualifiers:
                if key not in prop.qualifiers:
                    hint = _suggest(key, prop.qualifiers, PROPERTIES, broken) if prop.qualifiers else f"; `{claim.property}` declares no qualifiers"
                    yield Finding(claim.file, claim.line, claim.col, "unknown-qualifier",
                                  f"qualifier `{key}` is not declared for property `{claim.property}`{hint}", claim=claim.id)
                elif value not in registry.subjects and value not in prop.declared_values(key):
                    # A free-written value ("councils-where-...") would split one fact into several keys just as a misspelt key would.
                    known = [*prop.declared_values(key), *registry.subjects]
                    hint = _suggest(value, known, PROPERTIES, broken)
                    yield Finding(claim.file, *claim.where("qualifiers"), "unknown-qualifier-value",
                                  f"qualifier `{key}: {value}` of `{claim.property}` is neither a subject id nor a declared value of `{key}`{hint}",
                                  claim=claim.id)
        for evidence in claim.evidence:
            if evidence.source not in registry.sources:
                yield Finding(claim.file, evidence.line, evidence.col, "unknown-source",
                              f"source `{evidence.source}` is not in {CATALOG}{_suggest(evidence.source, registry.sources, CATALOG, broken)}",
                              claim=claim.id, source=evidence.source)
    for prop in registry.properties.values():
        for other in prop.comparable_with:
            if other not in registry.properties:
                yield Finding(PROPERTIES, prop.line, 1, "unknown-property",
                              f"`{prop.id}` is declared comparable with unknown property `{other}`{_suggest(other, registry.properties, PROPERTIES, broken)}")
    known = set(first_seen) | set(registry.broken_claims)
    for claim in registry.claims:
        for other in claim.contradicts:
            if other not in known:
                yield Finding(claim.file, claim.line, claim.col, "unknown-claim",
                              f"contradicts unknown claim `{other}`{_suggest(other, known, 'claims/', set())}", claim=claim.id)
    for ack in registry.acknowledgements:
        for cid in ack.claims:
            if cid not in known:
                yield Finding(ack.file, ack.line, 1, "unknown-claim",
                              f"acknowledged conflict names unknown claim `{cid}`{_suggest(cid, known, 'claims/', set())}")
        if ack.prevails not in (*ack.claims, "disputed"):
            yield Finding(ack.file, ack.line, 1, "schema",
                          f"prevails must be one of {ack.claims[0]}, {ack.claims[1]} or disputed, not `{ack.prevails}`")
