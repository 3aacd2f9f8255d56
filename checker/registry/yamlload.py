"""Safe YAML loading that remembers where everything came from.

``load_yaml`` composes the node tree with PyYAML's ``SafeLoader`` (no object
construction) and converts it to plain dicts, lists and scalars, recording the
1-based line and column of every value and every mapping key by its path, e.g.
``("claims", 3, "evidence", 0, "quote")``. Findings can then name the exact
line of a claim or a field.

Refused, each with a ``YamlError`` naming file:line:col and what to do:
malformed YAML; more than one document; tags other than the standard
scalar/collection tags (the ``!!python/object`` family, custom ``!tags``,
``<<`` merge keys); duplicate keys; non-scalar keys; characters YAML forbids
(also when written as escapes, e.g. ``"\\0"`` or a lone surrogate
``"\\ud800"``); files above ``MAX_YAML_BYTES``, devices and pipes; invalid
UTF-8; nesting deeper than ``MAX_DEPTH``; aliases that contain themselves; and
alias expansion past ``MAX_NODES`` values or ``MAX_EXPANDED_CHARS`` characters
(a "billion laughs" file fails fast instead of eating memory).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker.documents import ReadRefused, read_bounded

MAX_YAML_BYTES = 5 * 1024 * 1024
"""A registry YAML file may be at most 5 MiB; larger files are refused unread."""
MAX_NODES = 200_000
"""At most this many values (mappings, lists, scalars) per file, counting every alias expansion."""
MAX_EXPANDED_CHARS = MAX_YAML_BYTES
"""Characters of text per file after expanding aliases. A file without aliases can never
exceed it (its scalars are cut from its own text), so only alias bombs meet this limit."""
MAX_DEPTH = 50
"""Nesting depth of mappings and lists. Registry files need fewer than ten levels; the
bound keeps PyYAML's recursive composer, and everything after it, far from Python's stack limit."""

Path_ = tuple[str | int, ...]

_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG, _SEQ_TAG, _MERGE_TAG = f"{_STANDARD}map", f"{_STANDARD}seq", f"{_STANDARD}merge"
# What the YAML spec (and PyYAML's reader) refuses in a document; escapes must not sneak it in.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


class YamlError(Exception):
    def __init__(self, file: str, line: int, col: int, message: str) -> None:
        message = " ".join(message.split())  # one line, always: it becomes one finding line
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


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - (data.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]


def read_text(path: Path, display: str, limit: int) -> str:
    """Read a UTF-8 file (a byte-order mark is dropped) or raise YamlError."""
    try:
        data = read_bounded(path, limit)
    except ReadRefused as exc:
        raise YamlError(display, 1, 1, f"{display} {exc.message}" if exc.missing else exc.message) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise YamlError(display, line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None


def load_yaml(path: Path, display: str) -> YamlDocument:
    text = read_text(path, display, MAX_YAML_BYTES)
    return parse_yaml(text, display)


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        super().__init__()
        self.mark = mark


# libyaml's C parser when PyYAML has it (it does in every wheel): 5-10x faster than
# the pure-Python parser. Only its event stream is used; the nodes are built here,
# without recursion, so nesting depth is bounded by us and not by a C stack.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pure-Python parser says where a file goes wrong. libyaml's verdicts vary by version
# (0.2.6, bundled with PyYAML 6.0.4, stops flow nesting at 1000 levels while its scanner reads
# a line ahead, so on `[[[[…` it reports before our 50-level bound is reached); the Python
# parser has no bounds of its own, so ours always come first and the finding is the same
# whichever libyaml is installed. It reads only files libyaml refused: bad input, never the hot path.
_REFERENCE_LOADER = yaml.SafeLoader


def _composition_error(mark: yaml.Mark, problem: str) -> yaml.MarkedYAMLError:
    return yaml.composer.ComposerError(None, None, problem, mark)


def _build_nodes(loader: yaml.SafeLoader) -> yaml.Node | None:
    """The single document's node tree, from parser events, iteratively (as PyYAML's composer, bounded)."""
    anchors: dict[str, yaml.Node] = {}
    stack: list[tuple[yaml.Node, list[Any]]] = []  # open collections and the items gathered so far
    root: yaml.Node | None = None
    documents = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _composition_error(event.start_mark, "expected a single document in the stream but found another document")
            continue
        if isinstance(event, (yaml.StreamStartEvent, yaml.StreamEndEvent, yaml.DocumentEndEvent)):
            continue
        node: yaml.Node | None = None
        if isinstance(event, yaml.AliasEvent):
            if event.anchor not in anchors:
                raise _composition_error(event.start_mark, f"found undefined alias {event.anchor!r}")
            node = anchors[event.anchor]
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(yaml.ScalarNode, event.value, event.implicit)
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        elif isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) else yaml.MappingNode
            tag = event.tag if event.tag not in (None, "!") else loader.resolve(kind, None, event.implicit)
            collection = kind(tag, [], event.start_mark, None, flow_style=event.flow_style)
            if event.anchor is not None:
                anchors[event.anchor] = collection
            if len(stack) >= MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            stack.append((collection, []))
            continue
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            node, items = stack.pop()
            node.end_mark = event.end_mark
            node.value = items if isinstance(node, yaml.SequenceNode) else list(zip(items[0::2], items[1::2], strict=True))
        if node is None:
            continue
        if isinstance(event, yaml.ScalarEvent) and event.anchor is not None:
            anchors[event.anchor] = node
        if stack:
            stack[-1][1].append(node)
        else:
            root = node
    return root


def _compose(text: str, display: str) -> yaml.Node | None:
    try:
        return _compose_with(_FAST_LOADER, text, display)
    except _LibraryRefused:
        return _compose_with(_REFERENCE_LOADER, text, display)


class _LibraryRefused(Exception):
    """The fast parser refused the text; the reference parser is asked where and why."""


def _compose_with(loader_class: type[yaml.SafeLoader], text: str, display: str) -> yaml.Node | None:
    loader = None
    try:
        try:
            loader = loader_class(text)  # the pure-Python reader already refuses forbidden characters here
            return _build_nodes(loader)
        except yaml.YAMLError:
            if loader_class is _REFERENCE_LOADER:
                raise
            raise _LibraryRefused from None
    except _TooDeep as exc:
        raise YamlError(display, exc.mark.line + 1, exc.mark.column + 1,
                        f"nested more than {MAX_DEPTH} levels deep; registry files need only a few levels") from None
    except yaml.reader.ReaderError as exc:  # a forbidden character in the raw text
        line, col = _line_col(text, exc.position)
        character = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise YamlError(display, line, col, f"character U+{character:04X} is not allowed in YAML; remove it") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        raise YamlError(display, line, col, f"malformed YAML: {problem}; fix the syntax here (indentation, quotes, brackets)") from None
    except yaml.YAMLError as exc:
        raise YamlError(display, 1, 1, f"malformed YAML: {exc}") from None
    finally:
        if loader is not None:
            loader.dispose()


def parse_yaml(text: str, display: str) -> YamlDocument:
    node = _compose(text, display)
    positions: dict[Path_, tuple[int, int]] = {}
    if node is None:
        return YamlDocument(display, text, None, positions)
    converter = _Converter(display, positions)
    data = converter.convert(node, ())
    return YamlDocument(display, text, data, positions)


_SCALARS = yaml.SafeLoader("")
"""Reads plain scalars (int, bool, float, null, timestamp, str) by their resolved tag; shared and stateless in use."""


class _Converter:
    def __init__(self, file: str, positions: dict[Path_, tuple[int, int]]) -> None:
        self.file = file
        self.positions = positions
        self.visited = 0
        self.characters = 0
        self.open_nodes: set[int] = set()
        """ids of the collections being converted: meeting one again means an alias contains itself."""

    def fail(self, node: yaml.Node, message: str) -> YamlError:
        return YamlError(self.file, node.start_mark.line + 1, node.start_mark.column + 1, message)

    def convert(self, node: yaml.Node, path: Path_) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} values after expanding aliases; refused (an alias bomb, or split the file)")
        if len(path) > MAX_DEPTH:
            raise self.fail(node, f"nested more than {MAX_DEPTH} levels deep after expanding aliases; refused")
        self.positions.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node)
        if id(node) in self.open_nodes:
            raise self.fail(node, "an alias refers to a collection that contains it; recursive YAML is not allowed")
        self.open_nodes.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, path)
            if node.tag != _SEQ_TAG:
                raise self._bad_tag(node)
            return [self.convert(item, (*path, i)) for i, item in enumerate(node.value)]
        finally:
            self.open_nodes.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        if node.tag != _MAP_TAG:
            raise self._bad_tag(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node, "mapping keys must be plain words, not lists or mappings")
            key = str(self._scalar(key_node))
            if key in result:
                raise self.fail(key_node, f"duplicate key {key!r}; keep only one")
            self.positions[(*path, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*path, key))
        return result

    def _bad_tag(self, node: yaml.Node) -> YamlError:
        if node.tag == _MERGE_TAG:
            return self.fail(node, "merge keys (<<) are not supported; write the keys out")
        tag = node.tag.replace(_STANDARD, "!!", 1)
        return self.fail(node, f"tag `{tag}` is not allowed (only plain YAML is read); remove the tag")

    def _scalar(self, node: yaml.Node) -> Any:
        if node.tag not in _SCALAR_TAGS:
            raise self._bad_tag(node)
        try:
            # The tag's constructor called directly: construct_object would also remember every
            # node in the loader (for aliases we resolve ourselves), keeping them all alive.
            value = _SCALARS.yaml_constructors[node.tag](_SCALARS, node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            reason = str(exc).split(":")[0]  # the first clause; PyYAML and int() add internals after it
            raise self.fail(node, f"cannot read the value {_brief(node.value)} ({reason}); quote it to keep it as text") from None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()  # dates stay text: the value parser reads their precision
        if isinstance(value, str):
            self.characters += len(value)
            if self.characters > MAX_EXPANDED_CHARS:
                raise self.fail(node, f"more than {MAX_EXPANDED_CHARS} characters after expanding aliases; refused (an alias bomb?)")
            bad = _NON_PRINTABLE.search(value)
            if bad:
                raise self.fail(node, f"character U+{ord(bad.group()):04X} is not allowed in YAML text (an escape such as \\0 or \\ud800?); remove it")
        return value


def _brief(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
