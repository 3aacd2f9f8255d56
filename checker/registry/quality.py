"""Rules that keep a registry specific: one claim per fact, a vocabulary that is used and reads right.

- ``duplicate-fact`` (error): two claims with the same subject, property,
  qualifiers, value and time cite the same source. One document saying a fact
  twice is one claim with two evidence entries; two claims would count the
  fact twice and let the copies drift apart. Values compare as typed (``20%``
  and ``20 per cent`` are one value; ``2014`` and ``2014-04-01`` are not), times
  as periods (a claim without ``as_of`` speaks as of its source's publication
  date); for a ``time_invariant`` property the time does not matter.
- ``unused-subject``, ``unused-property`` (warnings): vocabulary entries no
  claim uses (a subject counts as used as a claim's subject, its entity value
  or a qualifier value).
- ``alias-inside-name`` (warning): an alias that, in a quote the registry
  cites, is read inside a longer name made of other subjects' names, e.g.
  "local authorities" in "Richmond and Kingston local authorities" or "LAs" in
  "the local authorities (LAs) of Kingston": such an alias makes support and
  discovery see a subject the text does not name. Found where an alias
  mention directly follows another subject's mention ("Kingston local
  authorities") or is directly followed by "(" or "of" and another subject's
  mention ("LAs) of Kingston", "local councils (Doncaster").
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from itertools import pairwise

from checker.findings import Finding
from checker.registry.layout import PROPERTIES, SUBJECTS
from checker.registry.model import Registry
from checker.registry.typed import TypedClaim
from checker.registry.usage import VocabularyUsage
from checker.values import EntityIndex
from checker.values.entities import name_key
from checker.values.text import normalise_text

_APPOSITION = re.compile(r"\s*\)?\s*(?:\(|of\s)\s*", re.IGNORECASE)
"""The gap after a generic head noun that introduces the names it stands for: "(" or "of"."""


def duplicate_facts(registry: Registry, typed: Mapping[str, TypedClaim]) -> Iterator[Finding]:
    timeless = {pid for pid, prop in registry.properties.items() if prop.time_invariant}
    first: dict[tuple[object, ...], TypedClaim] = {}
    for item in typed.values():
        claim, value = item.claim, item.value
        time = None if claim.property in timeless else (item.time.start, item.time.end)
        shown = value.payload if value.type == "text" else value.canonical  # canonical: one spelling per value, cheap to hash
        earlier = None
        for evidence in claim.evidence:
            seen = first.setdefault((claim.subject, claim.property, claim.qualifiers, value.type, shown, time, evidence.source), item)
            earlier = earlier or (seen if seen is not item else None)
        if earlier is not None:
            other = earlier.claim
            when = "" if time is None else f" as of {item.time}"
            yield Finding(claim.file, claim.line, claim.col, "duplicate-fact",
                          f"`{claim.id}` states the same fact as `{other.id}` ({other.file}:{other.line}) from the same source: "
                          f"{claim.subject} / {claim.property} = {value.canonical}{when}; merge them into one claim "
                          "with each quote as an evidence entry", claim=claim.id)


def unused_entries(usage: VocabularyUsage) -> Iterator[Finding]:
    for subject in usage.unused_subjects:
        yield Finding(SUBJECTS, subject.line, 1, "unused-subject",
                      f"no claim names subject `{subject.id}` (as subject, value or qualifier value); remove it or add its claims",
                      severity="warning")
    for prop in usage.unused_properties:
        yield Finding(PROPERTIES, prop.line, 1, "unused-property",
                      f"no claim uses property `{prop.id}`; remove it or add its claims", severity="warning")


def aliases_inside_names(registry: Registry, entities: EntityIndex) -> Iterator[Finding]:
    aliases = {name_key(alias): sid for sid, subject in registry.subjects.items() for alias in subject.aliases}
    if not aliases:
        return
    # Most quotes hold no alias at all: a search for the aliases alone spares them the full mention scan.
    any_alias = EntityIndex.from_subjects({"": {"name": "", "aliases": list(aliases)}}).pattern
    reported: set[str] = set()
    quotes = {e.quote for c in registry.claims for e in c.evidence}
    for quote in sorted(quotes):
        if any_alias is None or not any_alias.search(normalise_text(quote)):
            continue
        mentions = entities.find(quote)
        for (start, end, sid), (next_start, next_end, next_sid) in pairwise(mentions):
            if sid == next_sid:
                continue
            gap = quote[end:next_start]
            if not gap.strip():
                inside, text = next_sid, quote[next_start:next_end]  # "Kingston local authorities": the alias is the head noun
            elif _APPOSITION.fullmatch(gap):
                inside, text = sid, quote[start:end]  # "LAs) of Kingston": the alias stands for the names after it
            else:
                continue
            key = name_key(text)
            if aliases.get(key) != inside or key in reported:
                continue
            reported.add(key)
            phrase = quote[start:next_end]
            yield Finding(SUBJECTS, registry.subjects[inside].line, 1, "alias-inside-name",
                          f"alias `{text}` of `{inside}` is read inside \"{phrase}\", a name of other subjects, in a quote; "
                          "remove the alias or give the longer name to the subject it names", severity="warning")
