"""The layer's entry points: ``parse_value`` reads a registry field, ``extract`` finds values in prose, ``agree``
says whether two values state the same fact (see the package's docstring and docs/values-api.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from checker.values.core import VALUE_TYPES, Found, ParseError, Value, quoted
from checker.values.dates import DATE_FORMS, date_value, parse_period
from checker.values.dates import EXPECTED as DATE_EXPECTED
from checker.values.entities import EntityIndex
from checker.values.numbers import Quantity
from checker.values.periods import Period
from checker.values.plain import BOOLEAN_EXPECTED, BOOLEAN_FORMS, boolean_value, text_value
from checker.values.quantities import (
    COUNT_EXPECTED,
    COUNT_FORMS,
    MONEY_EXPECTED,
    MONEY_FORMS,
    PERCENT_EXPECTED,
    PERCENT_FORMS,
)
from checker.values.ratings import EXPECTED as RATING_EXPECTED
from checker.values.ratings import RATING_FORMS
from checker.values.scanning import Context, Form, Span, parse_whole, scan, without_overlaps
from checker.values.text import normalise_with_offsets

SUBJECT_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # as schema/subjects.schema.json

_GRAMMARS: dict[str, tuple[Sequence[Form], str]] = {
    "percent": (PERCENT_FORMS, PERCENT_EXPECTED),
    "money": (MONEY_FORMS, MONEY_EXPECTED),
    "count": (COUNT_FORMS, COUNT_EXPECTED),
    "date": (DATE_FORMS, DATE_EXPECTED),
    "rating": (RATING_FORMS, RATING_EXPECTED),
    "boolean": (BOOLEAN_FORMS, BOOLEAN_EXPECTED),
}
# In prose a span belongs to the strongest reading: "£2014" is money and "20%" a
# percentage before either is a date or a count, and "2014" is a date, not a count.
_YIELDS_TO: dict[str, tuple[str, ...]] = {
    "percent": ("money",),
    "date": ("money", "percent"),
    "count": ("money", "percent", "date"),
}


def _check_type(vtype: str) -> None:
    if vtype not in VALUE_TYPES:
        raise ParseError(f"{quoted(vtype)} is not a value type (expected one of {', '.join(VALUE_TYPES)})")


def _entity(raw: object, entities: EntityIndex | None) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ParseError(f"{quoted(raw)} is not a subject (expected a subject id or name)")
    if entities is None:
        if SUBJECT_ID.fullmatch(raw):
            return raw  # an id is taken on trust when there is no vocabulary to check it against
        raise ParseError(f"{quoted(raw)} is not a subject id, and no subjects (EntityIndex) were given to resolve names")
    subject_id = entities.resolve(raw)
    if subject_id is None:
        raise ParseError(f"{quoted(raw)} is not a known subject id, name or alias")
    return subject_id


def _entity_set_value(ids: frozenset[str]) -> Value:
    return Value("entity-set", ", ".join(sorted(ids)), ids)


def parse_value(
    vtype: str, raw: object, *, ref: Period | None = None, entities: EntityIndex | None = None
) -> Value:
    """Read raw (as YAML gave it: str, int, float, bool, date, or a list for entity-set) as vtype."""
    _check_type(vtype)
    if vtype == "entity":
        subject_id = _entity(raw, entities)
        return Value("entity", subject_id, subject_id)
    if vtype == "entity-set":
        members = raw if isinstance(raw, list) else [part for part in str(raw).split(",") if part.strip()]
        if not members:
            raise ParseError(f"{quoted(raw)} is not a set of subjects (expected a list of subject ids or names)")
        return _entity_set_value(frozenset(_entity(member, entities) for member in members))
    if isinstance(raw, bool):
        if vtype != "boolean":
            raise ParseError(f"{quoted(raw)} is a boolean, not {vtype}")
        return boolean_value(raw)
    if not isinstance(raw, (str, int, float, date)):
        raise ParseError(f"{quoted(raw)} is a {type(raw).__name__}, not a single {vtype}")
    if vtype == "text":
        return text_value(str(raw))
    if vtype == "date":
        return date_value(parse_period(raw, ref=ref))
    forms, expected = _GRAMMARS[vtype]
    return parse_whole(forms, str(raw), Context(ref, prose=False), expected)


def _spans(vtype: str, text: str, ref: Period | None) -> list[Span]:
    forms, _ = _GRAMMARS[vtype]
    context = Context(ref, prose=True)
    blockers = [span for stronger in _YIELDS_TO.get(vtype, ()) for span in scan(_GRAMMARS[stronger][0], text, context)]
    return without_overlaps(scan(forms, text, context), blockers)


def extract(
    vtype: str, text: str, *, ref: Period | None = None, entities: EntityIndex | None = None
) -> list[Found]:
    """Every span of text that reads as a vtype value, in text order; offsets index text as given.

    Relative dates are found only when ref is given. Entity and entity-set find every
    mention of a subject (an entity-set Found holds the one subject mentioned); text
    finds the whole text.
    """
    _check_type(vtype)
    if vtype in ("entity", "entity-set"):
        if entities is None:
            raise ParseError(f"extracting {vtype} values needs subjects (an EntityIndex)")
        make = (lambda i: Value("entity", i, i)) if vtype == "entity" else (lambda i: _entity_set_value(frozenset({i})))
        return [Found(start, end, make(subject_id)) for start, end, subject_id in entities.find(text)]
    if vtype == "text":
        return [Found(0, len(text), text_value(text))] if text.strip() else []
    normalised = normalise_with_offsets(text)
    return [
        Found(*normalised.original_span(span.start, span.end), span.value)
        for span in _spans(vtype, normalised.text, ref)
    ]


def agree(a: Value, b: Value) -> bool:
    """Do a and b state the same fact? Values of different types never do."""
    if a.type != b.type:
        return False
    if isinstance(a.payload, Period) and isinstance(b.payload, Period):
        return a.payload.contains(b.payload) or b.payload.contains(a.payload)
    if isinstance(a.payload, Quantity) and isinstance(b.payload, Quantity):
        return a.payload.agrees_with(b.payload)
    return a.payload == b.payload
