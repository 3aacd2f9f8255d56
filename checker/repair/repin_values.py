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

from rapidfuzz.distance import Levenshtein

from checker.documents import normalise
from checker.quotes import SURFACE_TYPES, parse_quote, support_findings
from checker.registry import Claim, Evidence, TypedClaim
from checker.values import EntityIndex, ParseError, Period, extract

MAX_SPELLING_CHANGE = 2
"""Edits between a pinned value_text and the new quote's spelling of it: a fixed typo, not another word."""
_EDGE_PUNCTUATION = ".,;:!?\"'“”‘’()"


def replace_evidence(claim: Claim, evidence: Evidence, revised: Evidence) -> Claim:
    """``claim`` with one evidence replaced, the others as they are."""
    return replace(claim, evidence=tuple(revised if e is evidence else e for e in claim.evidence))


def revised_value_text(typed: TypedClaim | None, evidence: Evidence, new_quote: str, entities: EntityIndex, refs: dict[str, Period]) -> str | None:
    """The ``value_text`` to keep with ``new_quote``: unchanged while it still occurs in it; else the
    new quote's spelling that stands where the old one did (a fixed typo: "oustanding" -> "outstanding"),
    provided it still carries the claim's value; else unchanged (and the value check refuses)."""
    old = evidence.value_text
    text = parse_quote(new_quote).text
    if old is None or typed is None or normalise(old) in text:
        return old
    words = text.split()
    width = len(normalise(old).split())
    spellings = {" ".join(words[i : i + width]).strip(_EDGE_PUNCTUATION) for i in range(len(words) - width + 1)}

    def carries(spelling: str) -> bool:
        trial = replace(evidence, quote=new_quote, value_text=spelling)
        return not support_findings(replace(typed, claim=replace(typed.claim, evidence=(trial,))), entities, refs)

    carrying = [s for s in spellings if s and carries(s)]
    closest = min(carrying, key=lambda s: (Levenshtein.distance(s.casefold(), normalise(old).casefold()), s), default=None)
    if closest is None or Levenshtein.distance(closest.casefold(), normalise(old).casefold()) > MAX_SPELLING_CHANGE:
        return old
    return closest


def _values(typed: TypedClaim, evidence: Evidence, ref: Period, entities: EntityIndex) -> list[str]:
    """The values of the claim's type the evidence quotes, its pinned ``value_text`` read as the claim's value
    (that is what it pins: "oustanding" is the rating Outstanding, which no parser reads from the typo)."""
    try:
        found = sorted(f.value.canonical for f in extract(typed.value.type, parse_quote(evidence.quote).text, ref=ref, entities=entities))
    except ParseError:
        found = []
    if evidence.value_text is not None and typed.value.canonical not in found:
        alone = replace(typed, claim=replace(typed.claim, evidence=(evidence,)))
        if not support_findings(alone, entities, refs={evidence.source: ref}):
            found = sorted([*found, typed.value.canonical])
    return found


def value_refusal(typed: TypedClaim | None, evidence: Evidence, revised: Evidence, entities: EntityIndex, refs: dict[str, Period]) -> str | None:
    """Why ``revised`` (the new quote, and value_text) may not replace ``evidence`` for the claim's value; None when it may."""
    if typed is None:
        return "the claim's value cannot be read, so repin cannot tell whether the new text still carries it"
    claim = typed.claim
    alone = replace(typed, claim=replace(claim, evidence=(evidence,)))
    if not support_findings(alone, entities, refs):
        after = replace(typed, claim=replace(claim, evidence=(revised,)))
    else:
        after = replace(typed, claim=replace_evidence(claim, evidence, revised))
    problems = support_findings(after, entities, refs)
    if problems:
        return problems[0].message
    if typed.value.type in SURFACE_TYPES:
        ref = refs.get(evidence.source, typed.published)
        before, now = _values(typed, evidence, ref, entities), _values(typed, revised, ref, entities)
        if before != now:
            return f"the {typed.value.type} values it quotes changed from {', '.join(before) or 'none'} to {', '.join(now) or 'none'}"
    return None
