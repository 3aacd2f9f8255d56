"""Support check: a claim's value must be carried by at least one of its quotes.

For values with a surface form (percent, money, count, date, rating, entity,
entity-set), the quote is searched with the value parser's ``extract`` for a
value that agrees with the claim's, so a claim cannot say 25% while quoting
20%, nor "2015" while quoting "2014". An entity set needs every member named.
Booleans and free text have no surface form and are not checked here.

A source's own spelling (a typo such as "oustanding") can be recorded as the
evidence's ``value_text``: it must occur in the quote and either read as the
claim's value or be a near spelling of it (at most ``MAX_TYPO_DISTANCE`` edits).
"""

from __future__ import annotations

from rapidfuzz.distance import Levenshtein

from checker.documents import normalise
from checker.findings import Finding
from checker.quotes.conventions import parse_quote
from checker.registry import TypedClaim
from checker.values import EntityIndex, ParseError, Period, agree, extract, parse_value

SURFACE_TYPES = frozenset({"percent", "money", "count", "date", "rating", "entity", "entity-set"})
MAX_TYPO_DISTANCE = 2


def _spelling_supports(typed: TypedClaim, spelling: str, ref: Period, entities: EntityIndex) -> bool:
    try:
        return agree(parse_value(typed.value.type, spelling, ref=ref, entities=entities), typed.value)
    except ParseError:
        return Levenshtein.distance(spelling.casefold(), typed.value.canonical.casefold()) <= MAX_TYPO_DISTANCE


def support_findings(typed: TypedClaim, entities: EntityIndex, refs: dict[str, Period]) -> list[Finding]:
    claim, value = typed.claim, typed.value
    if value.type not in SURFACE_TYPES:
        return []
    members_seen: set[str] = set()
    carried: set[str] = set()  # every value of the type the quotes hold, for the message
    for evidence in claim.evidence:
        quote = parse_quote(evidence.quote).text
        ref = refs.get(evidence.source, typed.published)
        if evidence.value_text is not None:
            if normalise(evidence.value_text) not in quote:
                return [Finding(claim.file, evidence.line, evidence.col, "value-unsupported",
                                f"value_text {evidence.value_text!r} does not occur in the quote", claim=claim.id)]
            if _spelling_supports(typed, normalise(evidence.value_text), ref, entities):
                return []
        found = extract(value.type, quote, ref=ref, entities=entities)
        carried.update(f.value.canonical for f in found)
        if value.type == "entity-set":
            members_seen.update(m for f in found for m in f.value.canonical.split(", "))
            continue
        if any(agree(f.value, value) for f in found):
            return []
    if value.type == "entity-set":
        missing = sorted(set(value.canonical.split(", ")) - members_seen)
        if not missing:
            return []
        detail = f"members not named in any quote: {', '.join(missing)}"
    else:
        seen = sorted(carried)
        detail = f"the quotes carry {', '.join(seen)}" if seen else f"the quotes carry no {value.type} at all"
    return [Finding(claim.file, *claim.where("value"), "value-unsupported",
                    f"value {value.canonical} ({value.type}) is not in any quote: {detail}", claim=claim.id)]
