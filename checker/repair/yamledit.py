"""Rewrite one scalar of a YAML file in place, every other character untouched.

``yaml.compose`` gives each node its start and end index in the text, so a
scalar can be replaced by splicing: comments, key order, indentation, line
endings and the quoting style of everything else stay as they were. The new
scalar keeps the old one's style when that style can hold the new text (plain,
'single', "double", ``|`` literal or ``>`` folded, whose header line and
indentation are kept); otherwise it falls back to single, then double quotes.
Every attempt is proved by parsing the whole edited file again: the data must
equal the old data with only that one value changed, or the attempt is dropped.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any

import yaml

from checker.documents import normalise
from checker.registry import Path_, YamlError, parse_yaml

BLOCK_WIDTH = 100
"""Column at which a rewritten block scalar (``|`` or ``>``) wraps its words."""
_NOT_SCALAR_START = ("&", "!", "*")  # an anchor, tag or alias: editing it would change other values too


@dataclass(frozen=True)
class QuoteNode:
    path: Path_
    node: yaml.ScalarNode
    value_text: QuoteNode | None = None
    """The same evidence's ``value_text`` scalar, when it has one: repin rewrites the two together."""


def quote_nodes(text: str) -> dict[tuple[int, int], QuoteNode]:
    """Each evidence quote's scalar node in a claims file, by the 1-based line:col of its evidence entry."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found: dict[tuple[int, int], QuoteNode] = {}
    for i, claim in enumerate(_sequence(_member(root, "claims"))):
        for j, evidence in enumerate(_sequence(_member(claim, "evidence"))):
            quote, spelling = _member(evidence, "quote"), _member(evidence, "value_text")
            if isinstance(quote, yaml.ScalarNode):
                where = (evidence.start_mark.line + 1, evidence.start_mark.column + 1)
                path: Path_ = ("claims", i, "evidence", j)
                pinned = QuoteNode((*path, "value_text"), spelling) if isinstance(spelling, yaml.ScalarNode) else None
                found[where] = QuoteNode((*path, "quote"), quote, pinned)
    return found


def _member(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == key), None)


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _double(value: str) -> str:
    # JSON strings are YAML double-quoted scalars; YAML also reads these three as line breaks, so escape them.
    return json.dumps(value, ensure_ascii=False).replace("\u2028", "\\L").replace("\u2029", "\\P").replace("\x85", "\\N")


def _block_parts(original: str) -> tuple[str, str, str] | None:
    """A block scalar's header line, content indentation, and the line breaks and blank lines after it."""
    header_end = original.find("\n")
    indent = re.search(r"^([ ]+)\S", original[header_end + 1 :], re.MULTILINE) if header_end != -1 else None
    if indent is None:
        return None
    return original[: header_end + 1], indent.group(1), original[len(original.rstrip()) :]


def _candidates(node: yaml.ScalarNode, original: str, value: str) -> list[str]:
    """Renderings of ``value`` to try, the node's own style first."""
    tail = ""
    own: list[str] = []
    if node.style in ("|", ">"):
        parts = _block_parts(original)
        if parts is None:
            return []
        header, indent, tail = parts
        newline = "\r\n" if header.endswith("\r\n") else "\n"
        lines = textwrap.wrap(value, max(40, BLOCK_WIDTH - len(indent)), break_long_words=False, break_on_hyphens=False)
        own = [header + newline.join(indent + line for line in lines) + tail]
    elif node.style == "'":
        own = [_single(value)]
    elif node.style == '"':
        own = [_double(value)]
    elif node.style is None:
        own = [value]
    # A block scalar ends with its line break: a quoted fallback must keep it.
    return [*own, _single(value) + tail, _double(value) + tail]


def _replaced(data: Any, path: Path_, value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (_replaced(v, rest, value) if k == head else v) for k, v in data.items()}
    return [(_replaced(v, rest, value) if i == head else v) for i, v in enumerate(data)]


def _value_at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def rewrite_scalars(text: str, edits: dict[Path_, tuple[yaml.ScalarNode, str]], display: str) -> tuple[str, frozenset[Path_]]:
    """``text`` with each scalar at a path replaced by its new value, and the paths that could not be.

    A scalar that is anchored, tagged or not a string is left alone, and so is one whose
    every rendering fails the proof: the edited file's data must equal the old data except
    at that path, where the value must normalise like the new one.
    """
    try:
        old_data = parse_yaml(text, display).data
    except YamlError:
        return text, frozenset(edits)
    refused: set[Path_] = set()
    for path, (node, value) in sorted(edits.items(), key=lambda item: -item[1][0].start_mark.index):
        start, end = node.start_mark.index, node.end_mark.index
        original = text[start:end]
        if original.startswith(_NOT_SCALAR_START) or node.tag != "tag:yaml.org,2002:str":
            refused.add(path)
            continue
        for candidate in _candidates(node, original, value):
            attempt = text[:start] + candidate + text[end:]
            new_data = _proved(attempt, old_data, path, value, display)
            if new_data is not None:
                text, old_data = attempt, new_data
                break
        else:
            refused.add(path)
    return text, frozenset(refused)


def _proved(attempt: str, old_data: Any, path: Path_, value: str, display: str) -> Any:
    """The edited file's data if only ``path`` changed, and to ``value`` (after normalisation); else None."""
    try:
        new_data = parse_yaml(attempt, display).data
        written = _value_at(new_data, path)
    except (YamlError, KeyError, IndexError, TypeError):
        return None
    if not isinstance(written, str) or normalise(written) != normalise(value):
        return None
    return new_data if _replaced(new_data, path, None) == _replaced(old_data, path, None) else None
