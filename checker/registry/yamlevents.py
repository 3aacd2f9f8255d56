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
from collections.abc import Callable
from functools import partial
from typing import Any, NamedTuple

import yaml

MAX_NODES = 200_000
"""At most this many values (mappings, lists, scalars) per file, counting every alias expansion."""
MAX_EXPANDED_CHARS = 5 * 1024 * 1024
"""Characters of text per file after expanding aliases. A file without aliases can never
exceed it (its scalars are cut from its own text, at most MAX_YAML_BYTES), so only alias bombs meet this limit."""
MAX_DEPTH = 50
"""Nesting depth of mappings and lists. Registry files need fewer than ten levels."""

Path_ = tuple[str | int, ...]
Position = tuple[int, int]
Resolve = Callable[[type[yaml.Node], Any, Any], str]

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
_SCALAR, _ALIAS, _DOCUMENT = yaml.ScalarEvent, yaml.AliasEvent, yaml.DocumentStartEvent
_MAPPING, _SEQUENCE, _MAPPING_END, _SEQUENCE_END = yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.MappingEndEvent, yaml.SequenceEndEvent


class BuildError(Exception):
    """A refusal at a mark; yamlload turns it into a located YamlError."""

    def __init__(self, mark: yaml.Mark, message: str) -> None:
        super().__init__(message)
        self.mark, self.message = mark, message


class _Anchor:
    __slots__ = ("events", "open")

    def __init__(self, event: Any, open: bool) -> None:
        self.events: list[Any] = [event]
        """The anchored value's events; an alias met inside is kept as the _Anchor it named."""
        self.open = open
        """Still being read: an alias to it would contain itself."""


class Places(NamedTuple):
    """Where the members of one mapping or list were written, alongside it (a path-keyed table cost 3x as much to fill)."""

    marks: dict[str, yaml.Mark] | list[yaml.Mark]
    """Each member's start mark: for a mapping, its key's."""
    inner: dict[str | int, Places]
    """The places inside each member that is itself a mapping or list."""


def build(get_event: Callable[[], Any], resolve: Resolve) -> tuple[Any, yaml.Mark | None, Places | None]:
    """The value of the one document ``get_event`` yields (None after the last event), its start mark and its members' places.

    This runs once per event of every registry file (~20 events per claim), so it is one
    loop with the innermost open collection in local variables and no call on the way
    of a scalar that has been met before in the file (keys, ids, vocabulary words).
    """
    data: Any = None
    top_mark: yaml.Mark | None = None
    top_places: Places | None = None
    enclosing: list[tuple[Any, Any, dict[str | int, Places], bool, _Anchor | None]] = []
    container: Any = None  # the innermost open dict or list, None at the top
    marks: Any = None  # and its members' marks
    inner: dict[str | int, Places] = {}
    in_list = False
    anchor: _Anchor | None = None  # the anchor it is recorded under
    key: str | None = None  # in a dict: the key waiting for its value
    depth = 0  # collections open
    values = characters = documents = 0
    anchors: dict[str, _Anchor] = {}
    recording: list[_Anchor] = []
    replays: list[Callable[[], Any]] = []  # the recorded events being replayed for aliases, innermost last
    next_event = get_event
    plain_values: dict[str, Any] = {}  # each untagged plain scalar's value: resolving its tag runs a regex per candidate
    untagged_allowed: set[tuple[type, bool]] = set()
    while True:
        event = next_event()
        if event is None:
            if not replays:
                return data, top_mark, top_places
            replays.pop()
            next_event = replays[-1] if replays else get_event
            continue
        kind = type(event)
        if recording and not replays:
            recorded = anchors.get(event.anchor, event) if kind is _ALIAS else event
            for open_anchor in recording:
                open_anchor.events.append(recorded)
        if kind is _SCALAR:
            mark = event.start_mark
            if event.anchor is not None and not replays:
                anchors[event.anchor] = _Anchor(event, False)
            text = event.value
            if event.tag is None and not event.implicit[0]:
                value: Any = text  # quoted or block text: PyYAML's resolver gives it the str tag
                checked = False
            elif event.tag is None and text in plain_values:
                value = plain_values[text]
                checked = True
            else:
                value = _scalar_value(event, resolve)
                checked = False
                if event.tag is None:
                    plain_values[text] = value
            if type(value) is str:
                characters += len(value)
                if characters > MAX_EXPANDED_CHARS:
                    raise BuildError(mark, f"more than {MAX_EXPANDED_CHARS} characters after expanding aliases; refused (an alias bomb?)")
                if not checked and not (value.isascii() and value.isprintable()):  # the common case, without a regex
                    _check_characters(value, mark)
            if in_list:
                container.append(value)
                marks.append(mark)
            elif key is not None:  # a mapping value: placed already by its key
                container[key] = value
                key = None
            elif container is not None:  # a mapping key: its position is its value's too
                key = value if type(value) is str else str(value)
                if key in container:
                    raise BuildError(mark, f"duplicate key {key!r}; keep only one")
                marks[key] = mark
                continue  # a key is not a value
            else:  # a document that is one scalar
                data, top_mark = value, mark
            values += 1
            if values > MAX_NODES or depth > MAX_DEPTH:
                _refuse_bound(values, depth, mark)
        elif kind is _MAPPING or kind is _SEQUENCE:
            mark = event.start_mark
            if container is not None and not in_list and key is None:
                raise BuildError(mark, "mapping keys must be plain words, not lists or mappings")
            if not replays and depth >= MAX_DEPTH:
                raise BuildError(mark, f"nested more than {MAX_DEPTH} levels deep; registry files need only a few levels")
            values += 1
            if values > MAX_NODES or depth > MAX_DEPTH:  # its depth: the collections around it
                _refuse_bound(values, depth, mark)
            if event.tag is not None or (kind, event.implicit) not in untagged_allowed:
                _check_collection_tag(event, kind is _MAPPING, resolve)
                if event.tag is None:  # resolved by kind alone (the safe loaders have no path resolvers): once per file
                    untagged_allowed.add((kind, event.implicit))
            opened: dict[str, Any] | list[Any] = {} if kind is _MAPPING else []
            places = Places({} if kind is _MAPPING else [], {})
            if in_list:
                inner[len(container)] = places
                container.append(opened)
                marks.append(mark)
            elif key is not None:
                container[key] = opened
                inner[key] = places
                key = None
            else:
                data, top_mark, top_places = opened, mark, places
            enclosing.append((container, marks, inner, in_list, anchor))
            container, in_list, anchor = opened, kind is _SEQUENCE, None
            marks, inner = places
            depth += 1
            if event.anchor is not None and not replays:
                anchor = anchors[event.anchor] = _Anchor(event, True)
                recording.append(anchor)
        elif kind is _MAPPING_END or kind is _SEQUENCE_END:
            if anchor is not None:
                anchor.open = False
                recording.remove(anchor)
            container, marks, inner, in_list, anchor = enclosing.pop()
            depth -= 1
        elif kind is _ALIAS or kind is _Anchor:
            next_event = partial(next, iter(_aliased(event, anchors).events), None)
            replays.append(next_event)
        elif kind is _DOCUMENT:
            documents += 1
            if documents > 1:
                raise yaml.composer.ComposerError(None, None, "expected a single document in the stream but found another document", event.start_mark)


def places_at(top_places: Places | None, path: Path_) -> Places | None:
    """The places of the members of the mapping or list at ``path``; None if there is none."""
    places = top_places
    for step in path:
        if places is None:
            break
        places = places.inner.get(step)
    return places


def where(top_mark: yaml.Mark | None, top_places: Places | None, path: Path_) -> Position:
    """The 1-based line and column of the value at ``path``, or of its nearest ancestor that is there."""
    mark, places = top_mark, top_places
    for step in path:
        if places is None:
            break
        marks = places.marks
        if isinstance(marks, list):
            if not isinstance(step, int) or not 0 <= step < len(marks):
                break
        elif step not in marks:
            break
        mark = marks[step]  # type: ignore[index]
        places = places.inner.get(step)
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def _refuse_bound(values: int, depth: int, mark: yaml.Mark) -> None:
    if values > MAX_NODES:
        raise BuildError(mark, f"more than {MAX_NODES} values after expanding aliases; refused (an alias bomb, or split the file)")
    raise BuildError(mark, f"nested more than {MAX_DEPTH} levels deep after expanding aliases; refused")


def _check_characters(value: str, mark: yaml.Mark) -> None:
    bad = _NON_PRINTABLE.search(value)
    if bad:
        raise BuildError(mark, f"character U+{ord(bad.group()):04X} is not allowed in YAML text (an escape such as \\0 or \\ud800?); remove it")


def _check_collection_tag(event: yaml.CollectionStartEvent, is_mapping: bool, resolve: Resolve) -> None:
    tag = event.tag if event.tag not in (None, "!") else resolve(yaml.MappingNode if is_mapping else yaml.SequenceNode, None, event.implicit)
    if tag != (_MAP_TAG if is_mapping else _SEQ_TAG):
        raise _bad_tag(tag, event.start_mark)


def _scalar_value(event: yaml.ScalarEvent, resolve: Resolve) -> Any:
    """The value of a plain or tagged scalar, read by its tag's constructor."""
    tag = str(event.tag) if event.tag is not None and event.tag != "!" else resolve(yaml.ScalarNode, event.value, event.implicit)
    if (tag == _STR_TAG or (tag in _NUMBER_TAGS and not _PLAIN_DECIMAL.fullmatch(event.value))
            or (tag == _BOOL_TAG and event.value not in _YAML12_BOOLEANS)):
        # YAML 1.1 reads 02014 as octal (1036), 12:30 in base 60 (750), 1_000 as 1000, 0x1F as hex,
        # and yes/no/on/off (the country code NO too) as true/false: values nobody meant. As in
        # YAML 1.2, only plain decimals are numbers and only true/false booleans; the rest stay text.
        return event.value
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
    return value


def _aliased(event: yaml.AliasEvent | _Anchor, anchors: dict[str, _Anchor]) -> _Anchor:
    """The anchor an alias names (recorded aliases are kept as it), if it may be expanded here."""
    anchor = event if isinstance(event, _Anchor) else anchors.get(event.anchor)
    if anchor is None:
        raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
    if anchor.open:
        raise BuildError(anchor.events[0].start_mark, "an alias refers to a collection that contains it; recursive YAML is not allowed")
    return anchor


def _bad_tag(tag: str, mark: yaml.Mark) -> BuildError:
    if tag == _MERGE_TAG:
        return BuildError(mark, "merge keys (<<) are not supported; write the keys out")
    shown = tag.replace(_STANDARD, "!!", 1)
    return BuildError(mark, f"tag `{shown}` is not allowed (only plain YAML is read); remove the tag")


def _brief(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")
