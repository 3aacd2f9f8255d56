"""The one-loop YAML builder against the builder it replaced (tests/reference_yaml_builder.py).

For any text, with libyaml and with the pure-Python parser, and with the bounds at their
real values or shrunk so that small texts meet them: the same value, the same line:column
for every path the old table held (and for paths that run past it: their nearest ancestor's),
or the same refusal at the same mark.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from unittest import mock

import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st

from checker.registry import yamlevents
from checker.registry.yamlevents import BuildError, build, where
from tests.reference_yaml_builder import Builder

PARSERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]
TOKENS = ["a", "b", "id", ":", ": ", " ", "  ", "\n", "- ", "-", "&x ", "&y ", "*x", "*y", "[", "]", "{", "}", ", ", "'q'", '"\\0"',
          '"e"', "!!str ", "!!int ", "!t ", "! ", "1", "0x1F", "2014-04-01", "yes", "true", "~", "# c", "? ", "---\n", "<<: ", "|\n  t\n", ".nan"]


def _outcome(parser: type[yaml.SafeLoader], text: str, run: Callable[[yaml.SafeLoader], Any]) -> Any:
    """What ``run`` builds from the text, or its refusal (a tuple)."""
    loader = parser(text)
    try:
        return run(loader)
    except BuildError as exc:
        return ("refused", exc.message, exc.mark.line, exc.mark.column)
    except yaml.YAMLError as exc:
        return ("malformed", str(exc))
    finally:
        loader.dispose()


def _new(parser: type[yaml.SafeLoader], text: str) -> Any:
    return _outcome(parser, text, lambda loader: list(build(loader.get_event, loader.resolve)))


def _fed(loader: yaml.SafeLoader) -> Builder:
    builder = Builder(loader)
    while loader.check_event():
        builder.feed(loader.get_event())
    return builder


def _old(parser: type[yaml.SafeLoader], text: str) -> Any:
    return _outcome(parser, text, _fed)


def _assert_same(text: str) -> None:
    for parser in PARSERS:
        old, new = _old(parser, text), _new(parser, text)
        if isinstance(old, tuple) or isinstance(new, tuple):  # refused (a list is a value, a builder the old one's)
            assert old == new
            continue
        data, mark, places = new
        assert repr(data) == repr(old.data)  # repr: a .nan equals itself there
        assert where(mark, places, ()) == old.positions.get((), (1, 1))
        for path, position in old.positions.items():
            assert where(mark, places, path) == position, path
            assert where(mark, places, (*path, "missing")) == position
            assert where(mark, places, (*path, 0, 10**6)) == where(mark, places, (*path, 0))
        assert where(mark, places, ("missing", 0)) == old.positions.get((), (1, 1))


token_soup = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


@st.composite
def dumped_with_aliases(draw: st.DrawFn) -> str:
    """YAML as a user writes it, with anchors: PyYAML's dump gives an anchor to every collection met twice."""
    collections = st.recursive(st.integers() | st.text(max_size=3),
                               lambda inner: st.lists(inner, min_size=1, max_size=3) | st.dictionaries(st.sampled_from("kjl"), inner, min_size=1, max_size=3),
                               max_leaves=6).filter(lambda value: isinstance(value, (list, dict)))
    shared = draw(st.lists(collections, min_size=1, max_size=3))
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5), st.sampled_from(shared))
    value = st.recursive(leaves, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=4), inner, max_size=4)), max_leaves=25)
    return yaml.dump(draw(value), default_flow_style=draw(st.sampled_from([False, True, None])), allow_unicode=draw(st.booleans()))


@settings(max_examples=400)
@given(st.one_of(token_soup, dumped_with_aliases()))
def test_same_values_positions_and_refusals_as_the_previous_builder(text: str) -> None:
    _assert_same(text)


@settings(max_examples=300)
@given(st.one_of(token_soup, dumped_with_aliases()), st.integers(1, 30), st.integers(1, 6), st.integers(1, 40))
@example("a: &d [[x]]\nb: [[*d]]\n", 30, 3, 40)  # deeper only once the alias is expanded
@example("a: &d [[x]]\nb: [[*d]]\n", 30, 4, 40)
@example("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", 25, 6, 40)  # a small alias bomb
@example("a: &a [xyz, xyz]\nb: [*a, *a, *a]\n", 30, 6, 12)
def test_same_refusals_when_the_bounds_are_small(text: str, nodes: int, depth: int, characters: int) -> None:
    with mock.patch.multiple(yamlevents, MAX_NODES=nodes, MAX_DEPTH=depth, MAX_EXPANDED_CHARS=characters):
        _assert_same(text)


def test_a_registry_file_with_anchors_nested_aliases_and_every_kind_of_scalar() -> None:
    text = ("claims:\n  - &c {id: a, value: 2014-04-01, n: 1.5, ok: true, no: NO, e: ~, o: 0o17}\n"
            "  - [*c, &l [x, 'y', \"z\\u00e9\"], *l]\n  - k: *l\n    1: one\n    null: |\n      block\n")
    _assert_same(text)
    data, mark, places = _new(yaml.SafeLoader, text)
    assert data["claims"][1][2] == ["x", "y", "zé"]
    assert data["claims"][2] == {"k": ["x", "y", "zé"], "1": "one", "None": "block\n"}
    assert where(mark, places, ("claims", 1, 2, 2)) == (3, 22)  # inside an alias: where the anchored text is
    assert where(mark, places, ("claims", 2, "None")) == (6, 5)
    assert where(mark, places, ("claims", 0, "o")) == (2, 67)
