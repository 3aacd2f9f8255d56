"""Safe YAML loading that remembers where everything came from.

``load_yaml`` builds plain dicts, lists and scalars straight from libyaml's
event stream (see yamlevents.py; no node tree, no object construction), recording
the 1-based line and column of every value and every mapping key by its path, e.g.
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

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from checker.documents import ReadRefused, read_bounded, wide_encoding
from checker.registry.yamlevents import MAX_DEPTH, MAX_EXPANDED_CHARS, MAX_NODES, BuildError, Path_, Places, build, places_at, where

MAX_YAML_BYTES = 5 * 1024 * 1024
"""A registry YAML file may be at most 5 MiB; larger files are refused unread."""
# The bounds on what a file may expand to live with the builder that applies them.
__all__ = ["MAX_DEPTH", "MAX_EXPANDED_CHARS", "MAX_NODES", "MAX_YAML_BYTES", "Path_", "YamlDocument", "YamlError", "load_yaml", "parse_yaml"]


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
    mark: yaml.Mark | None
    """Where the value starts (None in an empty document)."""
    places: Places | None
    """Where each value inside it was written; for mapping members, their keys."""

    def where(self, path: Path_) -> tuple[int, int]:
        """The line and column of the value at ``path``, or of its nearest ancestor that is there."""
        return where(self.mark, self.places, path)

    def positions_in(self, path: Path_) -> list[tuple[str | int, int, int]]:
        """(name, line, column) of each member of the mapping or list at ``path``, in order (a list's names are its
        indices; a mapping member's position is its key's); empty if there is none."""
        places = places_at(self.places, path)
        if places is None:
            return []
        members = enumerate(places.marks) if isinstance(places.marks, list) else places.marks.items()
        return [(name, mark.line + 1, mark.column + 1) for name, mark in members]


def _line_col(data: bytes | str, offset: int) -> tuple[int, int]:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    line = data.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    return line, offset - (data.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]


def read_text(path: Path, display: str, limit: int, inside: Path | None = None) -> str:
    """Read a UTF-8 file (a byte-order mark is dropped) or raise YamlError; with ``inside``, never one outside it."""
    try:
        data = read_bounded(path, limit, inside=inside)
    except ReadRefused as exc:
        named = exc.missing or exc.message.startswith("is ")  # "claims/x.yaml is a directory, not a file"
        raise YamlError(display, 1, 1, f"{display} {exc.message}" if named else exc.message) from None
    if (wide := wide_encoding(data)) is not None:
        raise YamlError(display, 1, 1, f"file is {wide} text (it starts with a {wide} byte-order mark); save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data, exc.start)
        raise YamlError(display, line, col, f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8") from None


def load_yaml(path: Path, display: str, inside: Path | None = None) -> YamlDocument:
    text = read_text(path, display, MAX_YAML_BYTES, inside)
    return parse_yaml(text, display)


# libyaml's C parser when PyYAML has it (it does in every wheel): 5-10x faster than
# the pure-Python parser. Only its event stream is used; the values are built from it
# here (yamlevents.py), without recursion, so nesting depth is bounded by us.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The pure-Python parser says where a file goes wrong. libyaml's verdicts vary by version
# (0.2.6, bundled with PyYAML 6.0.4, stops flow nesting at 1000 levels while its scanner reads
# a line ahead, so on `[[[[…` it reports before our 50-level bound is reached); the Python
# parser has no bounds of its own, so ours always come first and the finding is the same
# whichever libyaml is installed. It reads only files libyaml refused: bad input, never the hot path.
_REFERENCE_LOADER = yaml.SafeLoader


def parse_yaml(text: str, display: str) -> YamlDocument:
    try:
        return _parse_with(_FAST_LOADER, text, display)
    except _LibraryRefused:
        return _parse_with(_REFERENCE_LOADER, text, display)


class _LibraryRefused(Exception):
    """The fast parser refused the text; the reference parser is asked where and why."""


def _parse_with(loader_class: type[yaml.SafeLoader], text: str, display: str) -> YamlDocument:
    loader = None
    try:
        try:
            loader = loader_class(text)  # the pure-Python reader already refuses forbidden characters here
            return YamlDocument(display, text, *build(loader.get_event, loader.resolve))
        except yaml.YAMLError:
            if loader_class is _REFERENCE_LOADER:
                raise
            raise _LibraryRefused from None
    except BuildError as exc:  # one of our bounds or rules: it applies whichever parser reads
        raise YamlError(display, exc.mark.line + 1, exc.mark.column + 1, exc.message) from None
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
