"""The YAML builder claimcheck used before ``yamlevents.build``: the oracle of tests/test_yaml_builder.py.

This is the previous ``checker/registry/yamlevents.Builder`` (one method per event, every
value's position kept by path in one table, aliases replayed by recursion), reading scalars
with the same ``_scalar_value``. The property tests check that the one-loop builder gives
the same values, the same line:col for every path and the same refusals at the same marks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from checker.registry import yamlevents
from checker.registry.yamlevents import (
    _MAP_TAG,
    _SEQ_TAG,
    BuildError,
    Path_,
    _bad_tag,
    _check_characters,
    _scalar_value,
)


@dataclass
class _Anchor:
    events: list[Any] = field(default_factory=list)
    open: bool = True


@dataclass(slots=True)
class _Frame:
    container: dict[str, Any] | list[Any]
    path: Path_
    key: str | None = None
    anchor: _Anchor | None = None


class Builder:
    """Feed it every event of one document; ``data`` and ``positions`` (line, column by path) are the result."""

    def __init__(self, loader: yaml.SafeLoader) -> None:
        self.resolve = loader.resolve
        self.data: Any = None
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.stack: list[_Frame] = []
        self.anchors: dict[str, _Anchor] = {}
        self.recording: list[_Anchor] = []
        self.replaying = 0
        self.values = self.characters = self.documents = 0

    def _count(self, path: Path_, mark: yaml.Mark) -> None:
        self._bound(len(path), mark)
        self.positions.setdefault(path, (mark.line + 1, mark.column + 1))

    def _bound(self, depth: int, mark: yaml.Mark) -> None:
        self.values += 1
        if self.values > yamlevents.MAX_NODES:
            raise BuildError(mark, f"more than {yamlevents.MAX_NODES} values after expanding aliases; refused (an alias bomb, or split the file)")
        if depth > yamlevents.MAX_DEPTH:
            raise BuildError(mark, f"nested more than {yamlevents.MAX_DEPTH} levels deep after expanding aliases; refused")

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
            frame = self.stack.pop()
            if frame.anchor is not None:
                frame.anchor.open = False
                self.recording.remove(frame.anchor)
        elif kind is yaml.AliasEvent or kind is _Anchor:
            self._alias(event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                raise yaml.composer.ComposerError(None, None, "expected a single document in the stream but found another document", event.start_mark)

    def _scalar(self, event: yaml.ScalarEvent) -> None:
        if event.anchor is not None and not self.replaying:
            self.anchors[event.anchor] = _Anchor([event], open=False)
        mark = event.start_mark
        value = event.value if event.tag is None and not event.implicit[0] else _scalar_value(event, self.resolve)
        if type(value) is str:
            self.characters += len(value)
            if self.characters > yamlevents.MAX_EXPANDED_CHARS:
                raise BuildError(mark, f"more than {yamlevents.MAX_EXPANDED_CHARS} characters after expanding aliases; refused (an alias bomb?)")
            _check_characters(value, mark)
        if not self.stack:
            self._count((), mark)
            self.data = value
            return
        top = self.stack[-1]
        if isinstance(top.container, list):
            path: Path_ = (*top.path, len(top.container))
            top.container.append(value)
            self._count(path, mark)
        elif top.key is None:
            key = str(value)
            if key in top.container:
                raise BuildError(mark, f"duplicate key {key!r}; keep only one")
            self.positions[(*top.path, key)] = (mark.line + 1, mark.column + 1)
            top.key = key
        else:
            top.container[top.key] = value
            top.key = None
            self._bound(len(top.path) + 1, mark)

    def _open(self, event: yaml.CollectionStartEvent, is_mapping: bool) -> None:
        mark = event.start_mark
        path: Path_ = ()
        if self.stack:
            top = self.stack[-1]
            if isinstance(top.container, list):
                path = (*top.path, len(top.container))
            elif top.key is None:
                raise BuildError(mark, "mapping keys must be plain words, not lists or mappings")
            else:
                path = (*top.path, top.key)
        if not self.replaying and len(self.stack) >= yamlevents.MAX_DEPTH:
            raise BuildError(mark, f"nested more than {yamlevents.MAX_DEPTH} levels deep; registry files need only a few levels")
        kind = yaml.MappingNode if is_mapping else yaml.SequenceNode
        tag = event.tag if event.tag not in (None, "!") else self.resolve(kind, None, event.implicit)
        self._count(path, mark)
        if tag != (_MAP_TAG if is_mapping else _SEQ_TAG):
            raise _bad_tag(tag, mark)
        container: dict[str, Any] | list[Any] = {} if is_mapping else []
        if not self.stack:
            self.data = container
        elif isinstance(self.stack[-1].container, list):
            self.stack[-1].container.append(container)
        else:
            top = self.stack[-1]
            top.container[top.key] = container  # type: ignore[index]
            top.key = None
        anchor = None
        if event.anchor is not None and not self.replaying:
            anchor = self.anchors[event.anchor] = _Anchor([event])
            self.recording.append(anchor)
        self.stack.append(_Frame(container, path, anchor=anchor))

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
