"""Booleans and free text: values without units or scales."""

from __future__ import annotations

import re

from checker.values.core import Value
from checker.values.scanning import Context, Form, form
from checker.values.text import comparison_key, normalise_text

BOOLEAN_EXPECTED = "a boolean (expected true, false, yes or no)"
_TRUE_WORDS = frozenset({"true", "yes"})


def boolean_value(truth: bool) -> Value:
    return Value("boolean", "true" if truth else "false", truth)


def _boolean(match: re.Match[str], context: Context) -> Value:
    return boolean_value(match.group(0).casefold() in _TRUE_WORDS)


BOOLEAN_FORMS: tuple[Form, ...] = (form("true|false|yes|no", _boolean),)


def text_value(text: str) -> Value:
    """Displayed normalised, compared also casefolded."""
    return Value("text", normalise_text(text), comparison_key(text))
