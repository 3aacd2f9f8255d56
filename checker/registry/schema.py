"""Validate a loaded YAML document against one of the published JSON Schemas.

The schemas in ``checker/schemas/`` are the single definition of every file
format: editors with a YAML language server validate against them as you type
(each file names its schema in a ``# yaml-language-server: $schema=`` comment),
and this module turns the same schema's errors into findings at the right line,
each one sentence that says what to change, with a "did you mean" for misspelt
keys. A misspelt required key (``qoute:``) is one finding, not two: the
"missing `quote`" that the typo causes is folded into the "did you mean".
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported when first needed: a registry that validates never pays for it
    import jsonschema

import fastjsonschema

from checker.findings import Finding
from checker.registry.yamlload import YamlDocument

_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"
_NONBLANK = "\\S"
_KINDS = {"object": "a mapping (key: value lines)", "array": "a list", "string": "text", "integer": "a whole number",
          "number": "a number", "boolean": "true or false", "null": "empty"}


def _inline_refs(node: Any, defs: dict[str, Any]) -> Any:
    """The schema with every local ``{"$ref": "#/$defs/x"}`` replaced by its definition.

    Same meaning (our schemas have no recursive definitions), but validation no
    longer resolves a reference per value: twice as fast on a large registry.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            rest = {k: v for k, v in node.items() if k != "$ref"}
            target = _inline_refs(defs[ref.removeprefix("#/$defs/")], defs)
            return {**target, **_inline_refs(rest, defs)} if rest else target
        return {k: _inline_refs(v, defs) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline_refs(v, defs) for v in node]
    return node


def _python_patterns(node: Any) -> Any:
    """The schema with each ``pattern``'s final ``$`` read as JSON Schema (ECMA-262) means it.

    In ECMA-262 ``$`` matches only at the end of the text; Python's ``re`` (which
    jsonschema and fastjsonschema use) also matches it before a final newline, so
    ``id: "x\\n"`` would pass the slug pattern and split a finding line. ``\\Z`` is
    Python's end of text. The schemas themselves avoid the other dialect gaps
    (``[0-9]``, not ``\\d``, which Python widens to every script's digits).
    """
    if isinstance(node, dict):
        return {k: (_end_of_text(v) if k == "pattern" and isinstance(v, str) else _python_patterns(v))
                for k, v in node.items()}
    if isinstance(node, list):
        return [_python_patterns(v) for v in node]
    return node


def _end_of_text(pattern: str) -> str:
    escaped = len(pattern[:-1]) - len(pattern[:-1].rstrip("\\"))  # an odd count escapes the "$"
    return pattern[:-1] + "\\Z" if pattern.endswith("$") and escaped % 2 == 0 else pattern


def _published(pattern: str) -> str:
    """The pattern as the schema file gives it: the inverse of ``_end_of_text``."""
    return pattern.removesuffix("\\Z") + "$" if pattern.endswith("\\Z") else pattern


def _pattern_message(where: str, published: str, instance: Any) -> str:
    if published == _NONBLANK:
        return f"{where} must not be empty or only whitespace; fill it in"
    if published == _SLUG:
        return f"{where} must be an id of lowercase letters, digits and single hyphens, not {_brief(instance)}"
    return f"{where} is {_brief(instance)}, not of the form the schema gives: `{published}`"


@cache
def _inlined(name: str) -> dict[str, Any]:
    schema = json.loads(resources.files("checker.schemas").joinpath(f"{name}.schema.json").read_text("utf-8"))
    inlined = _inline_refs(schema, schema.get("$defs", {}))
    return {k: v for k, v in _python_patterns(inlined).items() if k != "$defs"}


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """The full validator: its errors carry the paths and reasons findings are made of."""
    import jsonschema  # ~70 ms to import: only files the fast check rejects need it

    schema = _inlined(name)
    return jsonschema.validators.validator_for(schema)(schema)


@cache
def _fast_check(name: str) -> Callable[[Any], Any]:
    """fastjsonschema compiles the schema to Python: ~7x faster than jsonschema on a valid file.

    It only answers "valid or not"; a file it rejects goes through ``validator`` for
    the findings. Compiled as draft-07: the inlined schemas use no newer keyword.
    """
    return fastjsonschema.compile({**_first_match(_inlined(name)), "$schema": "http://json-schema.org/draft-07/schema#"})


_NUMBERS = frozenset({"number", "integer"})


def _first_match(node: Any) -> Any:
    """The schema with each ``oneOf`` whose branches take disjoint JSON types read as ``anyOf``: the same verdicts.

    No value can match two such branches, so "exactly one" is "at least one", and the
    compiled check stops at the first branch that matches. For ``oneOf`` it tries every
    branch, and a branch that does not match raises an exception whose message formats
    the function's locals: that was a third of validating a claims file (once per claim).
    """
    if isinstance(node, list):
        return [_first_match(v) for v in node]
    if not isinstance(node, dict):
        return node
    node = {k: _first_match(v) for k, v in node.items()}
    branches = node.get("oneOf")
    if isinstance(branches, list) and "anyOf" not in node:
        kinds = [_json_types(branch) for branch in branches]
        if all(kinds) and all(not (a & b) for i, a in enumerate(kinds) for b in kinds[i + 1:]):
            node["anyOf"] = node.pop("oneOf")
    return node


def _json_types(branch: Any) -> frozenset[str]:
    """The JSON types a branch can match by its ``type`` (integer counted as a number); empty if it does not say."""
    named = branch.get("type") if isinstance(branch, dict) else None
    types = frozenset([named] if isinstance(named, str) else named if isinstance(named, list) else ())
    return types | _NUMBERS if types & _NUMBERS else types


def is_valid(data: Any, name: str) -> bool:
    try:
        _fast_check(name)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def schema_findings(doc: YamlDocument, name: str) -> Iterator[tuple[tuple[str | int, ...], Finding]]:
    """Yield (path of the offending value, finding) for every schema violation."""
    if is_valid(doc.data, name):
        return
    errors = sorted(validator(name).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    typos = {(tuple(e.absolute_path), guess) for e in errors for _, guess in _unknown_keys(e) if guess}
    for error in errors:
        path = tuple(error.absolute_path)
        if error.validator == "required" and (path, _missing_field(error)) in typos:
            continue  # the misspelt key's "did you mean" already says it
        for bad_path, message in _explain(error, path):
            line, col = doc.where(bad_path)
            yield bad_path, Finding(doc.file, line, col, "schema", message)


def _unknown_keys(error: jsonschema.ValidationError) -> list[tuple[str, str | None]]:
    """For an additionalProperties error: each unknown key and its likely intended key."""
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    allowed = list(error.schema.get("properties", {}))
    unknown = sorted(str(k) for k in error.instance if k not in allowed)
    return [(key, next(iter(difflib.get_close_matches(key, allowed, n=1)), None)) for key in unknown]


def _missing_field(error: jsonschema.ValidationError) -> str:
    fields = [f for f in error.validator_value if isinstance(error.instance, dict) and f not in error.instance]
    return next((f for f in fields if repr(f) in error.message), fields[0] if fields else "?")


def _explain(error: jsonschema.ValidationError, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    where = _dotted(path)
    if "propertyNames" in error.absolute_schema_path:
        yield (*path, error.instance), f"`{error.instance}` in {where} is not a valid id; use lowercase letters, digits and single hyphens"
        return
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = ", ".join(error.schema.get("properties", {}))
        for key, guess in _unknown_keys(error):
            hint = f"did you mean `{guess}`?" if guess else f"allowed keys: {allowed}"
            yield (*path, key), f"unknown key `{key}` in {where}; {hint}"
        return
    if error.validator == "required":
        field = _missing_field(error)
        yield path, f"{where} is missing required field `{field}`; add `{field}:`"
        return
    if error.validator == "pattern":
        yield path, _pattern_message(where, _published(error.validator_value), error.instance)
        return
    if error.validator == "type":
        yield path, _wrong_type(where, error.validator_value, error.instance)
        return
    if error.validator == "oneOf":
        yield path, f"{where} has the wrong type: {_brief(error.instance)}; give one value or a list of values"
        return
    if error.validator == "enum":
        options = [str(v) for v in error.validator_value]
        guess = difflib.get_close_matches(str(error.instance), options, n=1)
        hint = f"did you mean `{guess[0]}`?" if guess else f"use one of: {', '.join(options)}"
        yield path, f"{where} is {_brief(error.instance)}, not an allowed value; {hint}"
        return
    yield path, f"{where}: {error.message}"


def _wrong_type(where: str, expected: str | list[str], instance: Any) -> str:
    if instance is None:
        return f"{where} is empty; give it a value"
    wanted = " or ".join(_KINDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    return f"{where} must be {wanted}, not {_brief(instance)}"


def _dotted(path: tuple[Any, ...]) -> str:
    if not path:
        return "the file"
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _brief(value: Any) -> str:
    text = json.dumps(value, default=str, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
