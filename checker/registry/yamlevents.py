"""Plain data with positions, built straight from libyaml's event stream, in one pass.

There is no node tree: each scalar event becomes its value at once and each
collection event opens or closes a dict or list, so loading costs libyaml's
parse plus one small step per event (building nodes and then converting them
took twice as long in Python). The position of every value and every mapping
key comes from its event's start mark.

An alias is expanded by replaying the events recorded under its anchor, so it
passes through the same checks as the text it stands for: every value counts
towards ``MAX_NODES``, every string towards ``MAX_EXPANDED_CHARS``, depth
towards ``MAX_DEPTH``, and an alias inside the collection it names is refused.
Nothing is recorded in a file without anchors.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_NODES = 200_000
"""At most this many values (mappings, lists, scalars) per file, counting every alias expansion."""
MAX_EXPANDED_CHARS = 5 * 1024 * 1024
"""Characters of text per file after expanding aliases. A file without aliases can never
exceed it (its scalars are cut from its own text, at most MAX_YAML_BYTES), so only alias bombs meet this limit."""
MAX_DEPTH = 50
"""Nesting depth of mappings and lists. Registry files need fewer than ten levels."""

Path_ = tuple[str | int, ...]

_STANDARD = "tag:yaml.org,2002:"
_STR_TAG = f"{_STANDARD}str"
_SCALAR_TAGS = {f"{_STANDARD}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG, _SEQ_TAG, _MERGE_TAG = f"{_STANDARD}map", f"{_STANDARD}seq", f"{_STANDARD}merge"
# What the YAML spec (and PyYAML's reader) refuses in a document; escapes must not sneak it in.
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_NUMBER_TAGS = frozenset({f"{_STANDARD}int", f"{_STANDARD}float"})
_BOOL_TAG = f"{_STANDARD}bool"
_YAML12_BOOLEANS = frozenset({"true", "True", "TRUE", "false", "False", "FALSE"})
_PLAIN_DECIMAL = re.compile(r"[-+]?(?:(?:0|[1-9][0-9]*)(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_SCALARS = yaml.SafeLoader("")
"""Reads plain scalars (int, bool, float, null, timestamp) by their resolved tag; shared and stateless in use."""


class BuildError(Exception):
    """A refusal at a mark; yamlload turns it into a located YamlError."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark, self.message = mark, message


@dataclass
class _Anchor:
    events: list[Any] = field(default_factory=list)
    """The anchored value's events; an alias met inside is kept as the _Anchor it named."""
    open: bool = True
    """Still being read: an alias to it would contain itself."""


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    mark: yaml.Mark
    key: str | None = None
    """A mapping's key waiting for its value."""
    anchor: _Anchor | None = None


class Builder:
    """Feed it every event of one document (``feed``); ``data`` and ``positions`` are the result.

    This runs once per event of every registry file (~20 events per claim), so the common
    event, a scalar, is handled in one method with no further calls on the way.
    """

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.resolve = loader.resolve
        self.data: Any = None
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.recording: list[_Anchor] = []
        self.replaying = 0
        self.values = 0
        self.characters = 0
        self.documents = 0
        self.plain_values: dict[str, Any] = {}
        """The value of each untagged plain scalar text met: resolving its tag runs a regex per candidate."""

    # -- where the next value goes -------------------------------------------------
    def _place(self, mark: yaml.Mark, is_key_allowed: bool) -> tuple[Path_, bool]:
        """The path of the next value, and whether it is a mapping key."""
        if not self.stack:
            return (), False
        top = self.stack[-1]
        if isinstance(top.container, list):
            return (*top.path, len(top.container)), False
        if top.key is None:
            if not is_key_allowed:
                raise BuildError(mark, "mapping keys must be plain words, not lists or mappings")
            return top.path, True
        return (*top.path, top.key), False

    def _count(self, path: Path_, mark: yaml.Mark) -> None:
        self._bound(len(path), mark)
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))

    def _bound(self, depth: int, mark: yaml.Mark) -> None:
        """One more value, at this depth: within the bounds, or refused."""
        self.values += 1
        if self.values > MAX_NODES:
            raise BuildError(mark, f"more than {MAX_NODES} values after expanding aliases; refused (an alias bomb, or split the file)")
        if depth > MAX_DEPTH:
            raise BuildError(mark, f"nested more than {MAX_DEPTH} levels deep after expanding aliases; refused")

    def _attach(self, value: Any) -> None:
        if not self.stack:
            self.data = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            top.container.append(value)
        else:
            assert top.key is not None
            top.container[top.key] = value
            top.key = None

    # -- events ----------------------------------------------------------------------
    def feed(self, event: Any) -> None:
        if self.recording and not self.replaying:
            for anchor in self.recording:
                anchor.events.append(self.anchors[event.anchor] if type(event) is yaml.AliasEvent and event.anchor in self.anchors else event)
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self._scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._open(event, kind is yaml.MappingStartEvent)
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self._close()
        elif kind is yaml.AliasEvent or kind is _Anchor:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise yaml.composer.ComposerError(None, None, "expected a single document in the stream but found another document", event.start_mark)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if event.anchor is not None and not self.replaying:
            self.anchors[event.anchor] = _Anchor([event], open=False)
        text, mark = event.value, event.start_mark
        if event.tag is None and not event.implicit[0]:
            # Quoted or block text: PyYAML's resolver gives it the str tag (SafeLoader has no path resolvers).
            value: Any = self._text(text, mark, checked=False)
        elif event.tag is None and text in self.plain_values:  # keys, ids and vocabulary words repeat: each read once
            value = self.plain_values[text]
            if type(value) is str:
                self._text(value, mark, checked=True)
        else:
            value = self._scalar_value(self._tag(event), event)
            if event.tag is None:
                self.plain_values[text] = value
        if not self.stack:  # a document that is one scalar
            self._count((), mark)
            self.data = value
            return
        top = self.stack[-1]
        container = top.container
        if type(container) is list:
            path: Path_ = (*top.path, len(container))
            container.append(value)
            self._count(path, mark)
        elif top.key is None:  # a mapping key: its position is its value's too
            key = str(value)
            if key in container:
                raise BuildError(mark, f"duplicate key {key!r}; keep only one")
            self.positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)
            top.key = key
        else:  # a mapping value: counted, and placed already by its key
            container[top.key] = value
            top.key = None
            self._bound(len(top.path) + 1, mark)

    def _tag(self, event: yaml.ScalarEvent) -> str:
        if event.tag is not None and event.tag != "!":
            return str(event.tag)
        return str(self.resolve(yaml.ScalarNode, event.value, event.implicit))

    def _scalar_value(self, tag: str, event: yaml.ScalarEvent) -> Any:
        if (tag == _STR_TAG or (tag in _NUMBER_TAGS and not _PLAIN_DECIMAL.fullmatch(event.value))
                or (tag == _BOOL_TAG and event.value not in _YAML12_BOOLEANS)):
            # YAML 1.1 reads 02014 as octal (1036), 12:30 in base 60 (750), 1_000 as 1000, 0x1F as hex,
            # and yes/no/on/off (the country code NO too) as true/false: values nobody meant. As in
            # YAML 1.2, only plain decimals are numbers and only true/false booleans; the rest stay text.
            return self._text(event.value, event.start_mark, checked=False)
        if tag not in _SCALAR_TAGS:
            raise _bad_tag(tag, event.start_mark)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, style=event.style)
        try:
            value = _SCALARS.yaml_constructors[tag](_SCALARS, node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            reason = str(exc).split(":")[0]  # the first clause; PyYAML and int() add internals after it
            raise BuildError(event.start_mark, f"cannot read the value {_brief(event.value)} ({reason}); quote it to keep it as text") from None
        if isinstance(value, (datetime.date, datetime.datetime)):
            return value.isoformat()  # dates stay text: the value parser reads their precision
        return self._text(value, event.start_mark, checked=False) if type(value) is str else value

    def _text(self, value: str, mark: yaml.Mark, checked: bool) -> str:
        """A string value, counted towards MAX_EXPANDED_CHARS; unless ``checked`` already, refused if YAML forbids a character in it."""
        self.characters += len(value)
        if self.characters > MAX_EXPANDED_CHARS:
            raise BuildError(mark, f"more than {MAX_EXPANDED_CHARS} characters after expanding aliases; refused (an alias bomb?)")
        if not checked and not (value.isascii() and value.isprintable()):  # the common case, without a regex
            bad = _NON_PRINTABLE.search(value)
            if bad:
                raise BuildError(mark, f"character U+{ord(bad.group()):04X} is not allowed in YAML text "
                                       "(an escape such as \\0 or \\ud800?); remove it")
        return value

    def _open(self, event: yaml.CollectionStartEvent, is_mapping: bool) -> None:
        mark = event.start_mark
        path, _ = self._place(mark, False)
        if not self.replaying and len(self.stack) >= MAX_DEPTH:
            raise BuildError(mark, f"nested more than {MAX_DEPTH} levels deep; registry files need only a few levels")
        kind = yaml.MappingNode if is_mapping else yaml.SequenceNode
        tag = event.tag if event.tag not in (None, "!") else self.resolve(kind, None, event.implicit)
        self._count(path, mark)
        if tag != (_MAP_TAG if is_mapping else _SEQ_TAG):
            raise _bad_tag(tag, mark)
        container: dict[str, Any] | list[Any] = {} if is_mapping else []
        self._attach(container)
        anchor = None
        if event.anchor is not None and not self.replaying:
            anchor = self.anchors[event.anchor] = _Anchor([event])
            self.recording.append(anchor)
        self.stack.append(_Frame(container, path, mark, anchor=anchor))

    def _close(self) -> None:
        frame = self.stack.pop()
        if frame.anchor is not None:
            frame.anchor.open = False
            self.recording.remove(frame.anchor)

    def _alias(self, event: yaml.AliasEvent | _Anchor) -> None:
        if isinstance(event, _Anchor):
            anchor = event
        elif event.anchor in self.anchors:
            anchor = self.anchors[event.anchor]
        else:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        if anchor.open:
            raise BuildError(anchor.events[0].start_mark, "an alias refers to a collection that contains it; recursive YAML is not allowed")
        self.replaying += 1
        try:
            for replayed in anchor.events:
                self.feed(replayed)
        finally:
            self.replaying -= 1


def _bad_tag(tag: str, mark: yaml.Mark) -> BuildError:
    if tag == _MERGE_TAG:
        return BuildError(mark, "merge keys (<<) are not supported; write the keys out")
    shown = tag.replace(_STANDARD, "!!", 1)
    return BuildError(mark, f"tag `{shown}` is not allowed (only plain YAML is read); remove the tag")


def _brief(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
