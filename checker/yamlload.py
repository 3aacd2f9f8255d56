"""Safe YAML loading that remembers where everything came from.

``load_yaml`` composes the node tree with PyYAML's ``SafeLoader`` (no object
construction) and converts it to plain dicts, lists and scalars, recording the
1-based line and column of every value and every mapping key by its path, e.g.
``("claims", 3, "evidence", 0, "quote")``. Findings can then name the exact
line of a claim or a field.

Refused, each with a ``YamlError`` naming file:line:col: malformed YAML, more
than one document, tags other than the standard scalar/collection tags (the
``!!python/object`` family and custom ``!tags``), duplicate keys, non-scalar
keys, files above ``MAX_YAML_BYTES``, invalid UTF-8, and alias expansion past
``MAX_NODES`` nodes (a "billion laughs" file fails fast instead of eating memory).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

MAX_YAML_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000

Path_ = tuple[str | int, ...]

_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG, _SEQ_TAG = f"{_STANDARD}map", f"{_STANDARD}seq"


class YamlError(Exception):
    def __init__(self, file: str, line: int, col: int, message: str) -> None:
        super().__init__(f"{file}:{line}:{col}: {message}")
        self.file, self.line, self.col, self.message = file, line, col, message


@dataclass(frozen=True)
class YamlDocument:
    file: str
    text: str
    data: Any
    positions: dict[Path_, tuple[int, int]]
    """Line and column of each value by path; for mapping members, of the key."""

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


def read_text(path: Path, display: str, limit: int) -> str:
    """Read a UTF-8 file (a byte-order mark is dropped) or raise YamlError."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise YamlError(display, 1, 1, f"cannot read: {exc.strerror or exc}") from None
    if size > limit:
        raise YamlError(display, 1, 1, f"file is {size} bytes, over the {limit}-byte limit")
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlError(display, line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None


def load_yaml(path: Path, display: str) -> YamlDocument:
    text = read_text(path, display, MAX_YAML_BYTES)
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> YamlDocument:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise YamlError(display, line, col, f"malformed YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlError(display, 1, 1, f"malformed YAML: {exc}") from None
    positions: dict[Path_, tuple[int, int]] = {}
    if node is None:
        return YamlDocument(display, text, None, positions)
    converter = _Converter(display, positions)
    data = converter.convert(node, ())
    return YamlDocument(display, text, data, positions)


class _Converter:
    def __init__(self, file: str, positions: dict[Path_, tuple[int, int]]) -> None:
        self.file = file
        self.positions = positions
        self.visited = 0
        self.scalars = yaml.SafeLoader("")

    def fail(self, node: yaml.Node, message: str) -> YamlError:
        return YamlError(self.file, node.start_mark.line + 1, node.start_mark.column + 1, message)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} values after expanding aliases; refusing (alias bomb?)")
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP_TAG:
                raise self.fail(node, f"tag {node.tag!r} is not allowed; only plain YAML is read")
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain scalars")
                key = str(self._scalar(key_node))
                if key in result:
                    raise self.fail(key_node, f"duplicate key {key!r}")
                self.positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ_TAG:
                raise self.fail(node, f"tag {node.tag!r} is not allowed; only plain YAML is read")
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self.fail(node, f"tag {node.tag!r} is not allowed; only plain YAML is read")
        try:
            value = self.scalars.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            raise self.fail(node, f"bad scalar: {exc}") from None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()  # dates stay text: the value parser reads their precision
        return value
