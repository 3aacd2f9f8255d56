"""Does a rewritten quote still say what the claim says? The value half of repin's rule.

A quote that carried the claim's value on its own must still carry it on its
own; one that only helped (an entity set spread over several quotes) must leave
the claim supported as a whole. And every value of the claim's type that the
quote mentions must be the same before and after: a source that now says 65%
where the quote said 60% is news for a person, not drift to repair, even when
the claim's own value is elsewhere in the sentence.
"""

from __future__ import annotations

from dataclasses import replace

from checker.quotes import SURFACE_TYPES, parse_quote, support_findings
from checker.registry import Claim, Evidence, TypedClaim
from checker.values import EntityIndex, ParseError, Period, extract


def replace_quote(claim: Claim, evidence: Evidence, quote: str) -> Claim:
    """``claim`` with one evidence's quote replaced, the others as they are."""
    return replace(claim, evidence=tuple(replace(e, quote=quote) if e is evidence else e for e in claim.evidence))


def _values(typed: TypedClaim, quote: str, ref: Period, entities: EntityIndex) -> list[str]:
    try:
        return sorted(f.value.canonical for f in extract(typed.value.type, parse_quote(quote).text, ref=ref, entities=entities))
    except ParseError:
        return []


def value_refusal(typed: TypedClaim | None, evidence: Evidence, new_quote: str, entities: EntityIndex, refs: dict[str, Period]) -> str | None:
    """Why ``new_quote`` may not replace ``evidence.quote`` for the claim's value; None when it may."""
    if typed is None:
        return "the claim's value cannot be read, so repin cannot tell whether the new text still carries it"
    claim = typed.claim
    alone = replace(typed, claim=replace(claim, evidence=(evidence,)))
    if not support_findings(alone, entities, refs):
        after = replace(typed, claim=replace(claim, evidence=(replace(evidence, quote=new_quote),)))
    else:
        after = replace(typed, claim=replace_quote(claim, evidence, new_quote))
    problems = support_findings(after, entities, refs)
    if problems:
        return problems[0].message
    if typed.value.type in SURFACE_TYPES:
        ref = refs.get(evidence.source, typed.published)
        before, now = _values(typed, evidence.quote, ref, entities), _values(typed, new_quote, ref, entities)
        if before != now:
            return f"the {typed.value.type} values it quotes changed from {', '.join(before) or 'none'} to {', '.join(now) or 'none'}"
    return None
