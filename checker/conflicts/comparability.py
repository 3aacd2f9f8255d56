"""Which claims can disagree at all: ``incomparable-claims``.

A disagreement is about one fact, so ``contradicts:`` and ``acknowledged:``
may only pair claims whose properties can be compared: the same property, or
two properties one of which lists the other in ``comparable_with`` in
claims/properties.yaml (say, a boolean "set up in response to failure" and a
text "founding rationale"). Pairing a free-text remark with a list of founders
("AfC is part of them" against "spun out of") records a conflict the documents
do not have, and hides real ones among them.

Typed conflicts need no check here: they only ever pair claims of one property.
"""

from __future__ import annotations

from collections.abc import Iterator

from checker.findings import Finding
from checker.registry import Claim, Registry


def comparable(registry: Registry, a: Claim, b: Claim) -> bool:
    if a.property == b.property:
        return True
    first, second = registry.properties.get(a.property), registry.properties.get(b.property)
    if first is None or second is None:
        return True  # an unknown property is already an input error; do not pile a second finding on it
    return b.property in first.comparable_with or a.property in second.comparable_with


def _why(a: Claim, b: Claim) -> str:
    return (f"`{a.id}` ({a.property}) and `{b.id}` ({b.property}) are claims of properties that cannot be compared; "
            f"register both sides on one property, or declare `comparable_with` in claims/properties.yaml if they really answer one question")


def comparability_findings(registry: Registry) -> Iterator[Finding]:
    claims = {c.id: c for c in reversed(registry.claims)}  # first definition wins on duplicate ids
    for claim in registry.claims:
        for other_id in claim.contradicts:
            other = claims.get(other_id)
            if other is not None and not comparable(registry, claim, other):
                yield Finding(claim.file, *claim.where("contradicts"), "incomparable-claims",
                              f"contradicts: {_why(claim, other)}", claim=claim.id)
    for ack in registry.acknowledgements:
        first, second = (claims.get(cid) for cid in ack.claims)
        if first is not None and second is not None and not comparable(registry, first, second):
            yield Finding(ack.file, ack.line, 1, "incomparable-claims", f"acknowledged: {_why(first, second)}")
