"""Validate a loaded YAML document against one of the published JSON Schemas.

The schemas in ``checker/schemas/`` are the single definition of every file
format: editors with a YAML language server validate against them as you type
(each file names its schema in a ``# yaml-language-server: $schema=`` comment),
and this module turns the same schema's errors into findings at the right line,
with a "did you mean" for misspelt keys.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from checker.findings import Finding
from checker.yamlload import YamlDocument


@cache
def validator(name: str) -> jsonschema.protocols.Validator:
    text = resources.files("checker.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    schema = json.loads(text)
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema)


def schema_findings(doc: YamlDocument, name: str) -> Iterator[tuple[tuple[str | int, ...], Finding]]:
    """Yield (path of the offending value, finding) for every schema violation."""
    errors = sorted(validator(name).iter_errors(doc.data), key=lambda e: [str(p) for p in e.absolute_path])
    for error in errors:
        path = tuple(error.absolute_path)
        for bad_path, message in _explain(error, path):
            line, col = doc.where(bad_path)
            yield bad_path, Finding(doc.file, line, col, "schema", message)


def _explain(error: jsonschema.ValidationError, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    where = _dotted(path)
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(error.schema.get("properties", {}))
        for key in sorted(k for k in error.instance if k not in allowed):
            guess = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean `{guess[0]}`?" if guess else f"; allowed: {', '.join(allowed)}"
            yield (*path, key), f"unknown key `{key}` in {where}{hint}"
        return
    if error.validator == "required":
        yield path, f"{where} is missing required field {error.message.split(' is a required')[0]}"
        return
    if error.validator == "pattern" and error.validator_value == "\\S":
        yield path, f"{where} must not be empty"
        return
    if error.validator == "oneOf":
        yield path, f"{where} has the wrong type: {_brief(error.instance)}"
        return
    yield path, f"{where}: {error.message}"


def _dotted(path: tuple[Any, ...]) -> str:
    if not path:
        return "the file"
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _brief(value: Any) -> str:
    text = json.dumps(value, default=str)
    return text if len(text) <= 60 else text[:57] + "..."
