"""Typing reads each distinct value once per run: every claim still gets what reading it alone gives."""

from __future__ import annotations

from pathlib import Path

from checker.registry import entity_index, load_registry, publication_periods, type_claims
from checker.values import ParseError, parse_period, parse_value

# (property, value as written, as_of as written): the same text under several YAML types, repeated.
CASES = [("founded", "2014", None), ("founded", "2014", "2015"), ("founded", "true", None), ("founded", "'2014'", "'2015'"),
         ("form", "true", None), ("form", "'true'", None), ("form", "'True'", None), ("founded", "1.0", None), ("founded", "1", None),
         ("founded", "2014.0", None), ("form", "1", None),
         ("ownership-share", "60%", "this year"), ("ownership-share", "60%", "this year"), ("form", "'true'", "2013/14"), ("founded", "'2014'", "2013/14")]


def _claims_yaml(cases: list[tuple[str, str, str | None]]) -> str:
    entries = []
    for i, (prop, value, as_of) in enumerate(cases):
        qualifiers = "    qualifiers: {owner: northam}\n" if prop == "ownership-share" else ""
        entries.append(f"  - id: case-{i}\n    statement: A case.\n    subject: acme\n    property: {prop}\n{qualifiers}    value: {value}\n"
                       + (f"    as_of: {as_of}\n" if as_of else "") + "    evidence:\n      - source: acme-note\n        quote: Acme Widgets\n")
    return "claims:\n" + "".join(entries)


def test_each_claim_is_typed_as_reading_it_alone_gives(mini: Path) -> None:
    (mini / "claims" / "facts.yaml").write_text(_claims_yaml(CASES + CASES[::-1]), encoding="utf-8")
    registry = load_registry(mini)
    entities = entity_index(registry)
    typed, findings = type_claims(registry, entities)
    refused = {f.claim for f in findings if f.rule == "bad-value"}
    published = publication_periods(registry)["acme-note"]
    assert len(registry.claims) == 2 * len(CASES)
    for claim in registry.claims:
        kind = registry.properties[claim.property].type
        try:
            alone = (parse_value(kind, claim.value, ref=published, entities=entities),
                     published if claim.as_of is None else parse_period(claim.as_of, ref=published))
        except ParseError:
            assert claim.id in refused and claim.id not in typed
            continue
        assert (typed[claim.id].value, typed[claim.id].time) == alone
    assert {"case-2", "case-4"} <= refused  # true is a boolean: neither a date nor text, though "true" reads as text
    assert "case-5" in typed and "case-1" in typed
