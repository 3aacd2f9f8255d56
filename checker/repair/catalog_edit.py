"""Add a source to the catalog, or change fields of one, leaving every other byte of the file as it was.

``fetch`` appends an entry; ``refresh`` sets ``retrieved``, ``sha256`` and the
validators of an entry. Both splice text at positions that ``yaml.compose``
gives, so comments, blank lines, key order, quoting and line endings survive,
and both prove the edit by parsing the result: its data must equal the old
data with exactly the intended change, or the edit is refused with a
``CatalogEditError`` and nothing is written.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import yaml

from checker.registry import CATALOG, YamlError, parse_yaml

Value = str | list[str]


class CatalogEditError(Exception):
    """The catalog cannot be edited safely; the message says what to do."""


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise CatalogEditError(f"{CATALOG} is not valid YAML ({' '.join(str(exc).split())}); fix it first") from None


def _data(text: str) -> Any:
    try:
        return parse_yaml(text, CATALOG).data
    except YamlError as exc:
        raise CatalogEditError(f"{exc.file}:{exc.line}:{exc.col}: {exc.message}") from None


def _member(node: yaml.Node | None, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        return next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)
    return None


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _scalar(value: Value) -> str:
    """A YAML rendering that reads back as exactly ``value`` (JSON strings and lists are YAML flow scalars)."""
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")


def append_entry(text: str, entry: dict[str, Value]) -> str:
    """``text`` with ``entry`` added as the last item of ``sources:``."""
    old = _data(text)
    if old is not None and not isinstance(old, dict):
        raise CatalogEditError(f"{CATALOG} is not a mapping with `sources:`; fix it first")
    nl = _newline(text)
    dumped = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    found = _member(_compose(text), "sources")
    if found is not None and isinstance(found[1], yaml.SequenceNode) and not found[1].flow_style and found[1].value:
        first = found[1].value[0]
        line_start = text.rfind("\n", 0, first.start_mark.index) + 1
        indent = " " * (text.index("-", line_start) - line_start)
        block = "".join(indent + line + nl for line in dumped.splitlines())
        new = text.rstrip("\r\n") + nl + nl + block
    else:
        block = "".join("  " + line + nl for line in dumped.splitlines())
        if found is None:
            new = text.rstrip("\r\n") + (nl if text.strip() else "") + "sources:" + nl + block
        else:  # `sources:` empty, null or a flow list: written out as a block list
            key, value = found
            if value.value:
                raise CatalogEditError(f"`sources:` in {CATALOG} is a flow list ([...]); write it as a block list first")
            start = key.end_mark.index + 1  # just past the colon
            end = value.end_mark.index if value.end_mark.index > start else start
            new = text[:start] + nl + block + text[end:].lstrip(" ").removeprefix(nl)
    expected = copy.deepcopy(old) if isinstance(old, dict) else {}
    expected["sources"] = [*(expected.get("sources") or []), entry]
    return _proved(new, expected)


def update_entry(text: str, source_id: str, changes: dict[str, Value | None]) -> str:
    """``text`` with the fields of source ``source_id`` set to the new values (None removes a field)."""
    old = _data(text)
    sources = old.get("sources") if isinstance(old, dict) else None
    index = next((i for i, s in enumerate(sources or []) if isinstance(s, dict) and s.get("id") == source_id), None)
    if index is None:
        raise CatalogEditError(f"no source `{source_id}` in {CATALOG}")
    expected = copy.deepcopy(old)
    for key, value in changes.items():
        if value is None:
            expected["sources"][index].pop(key, None)
        else:
            expected["sources"][index][key] = value
        text = _set_field(text, index, key, value)
    return _proved(text, expected)


def _set_field(text: str, index: int, key: str, value: Value | None) -> str:
    sources = _member(_compose(text), "sources")
    entry = sources[1].value[index] if sources is not None and isinstance(sources[1], yaml.SequenceNode) else None
    if not isinstance(entry, yaml.MappingNode) or entry.flow_style:
        raise CatalogEditError(f"source {index + 1} in {CATALOG} is not a block mapping; edit it by hand")
    existing = _member(entry, key)
    if existing is not None:
        key_node, value_node = existing
        if value is not None:
            return text[: value_node.start_mark.index] + _scalar(value) + text[value_node.end_mark.index :]
        line_start = text.rfind("\n", 0, key_node.start_mark.index) + 1
        line_end = text.find("\n", value_node.end_mark.index)
        return text[:line_start] + text[len(text) if line_end == -1 else line_end + 1 :]
    if value is None:
        return text
    last = next((v for _, v in reversed(entry.value) if isinstance(v, yaml.ScalarNode)), None)
    if last is None:
        raise CatalogEditError(f"source {index + 1} in {CATALOG} has no plain field to add `{key}` after; edit it by hand")
    at = last.end_mark.index
    if text[at - 1 : at] != "\n":
        newline_at = text.find("\n", at)
        at = len(text) if newline_at == -1 else newline_at + 1
    prefix = "" if text[at - 1 : at] == "\n" or at == 0 else _newline(text)
    indent = " " * entry.start_mark.column
    return text[:at] + prefix + f"{indent}{key}: {_scalar(value)}{_newline(text)}" + text[at:]


def _proved(new: str, expected: Any) -> str:
    if _data(new) != expected:
        raise CatalogEditError(f"{CATALOG} is laid out in a way this edit cannot keep intact; make the change by hand")
    return new
