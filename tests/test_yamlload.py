import pytest
import yaml

from checker.registry import yamlload
from checker.registry.yamlload import MAX_DEPTH, MAX_NODES, YamlError, parse_yaml


def test_positions_of_keys_and_items():
    doc = parse_yaml("claims:\n  - id: a\n    value: 2014-04-01\n", "f.yaml")
    assert doc.data == {"claims": [{"id": "a", "value": "2014-04-01"}]}
    assert doc.where(("claims", 0)) == (2, 5)
    assert doc.where(("claims", 0, "value")) == (3, 5)
    assert doc.where(("claims", 0, "nope")) == (2, 5)


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("a: [1, 2\n", 2, "malformed YAML"),
        ("a: 1\na: 2\n", 2, "duplicate key"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "not allowed"),
        ("a: !custom x\n", 1, "not allowed"),
        ("---\na: 1\n---\nb: 2\n", 3, "single document"),
    ],
)
def test_refusals_name_the_line(text, line, fragment):
    with pytest.raises(YamlError) as err:
        parse_yaml(text, "f.yaml")
    assert err.value.line == line
    assert fragment in err.value.message


def test_alias_bomb_fails_fast():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    with pytest.raises(YamlError) as err:
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert str(MAX_NODES) in err.value.message


class _EagerLimitLoader(yaml.SafeLoader):
    """A parser with a flow-nesting limit of its own, as libyaml 0.2.6 has (at 1000 levels): its
    scanner reads a line ahead, so on one line of brackets it refuses before our bound is reached."""

    def fetch_flow_collection_start(self, token_class):  # type: ignore[no-untyped-def]
        if self.flow_level >= MAX_DEPTH + 10:
            raise yaml.scanner.ScannerError("while increasing flow level", None, "exceeded maximum nesting depth", self.get_mark())
        super().fetch_flow_collection_start(token_class)


@pytest.mark.parametrize("fast_loader", [_EagerLimitLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader])
def test_our_nesting_bound_applies_before_any_parser_limit(monkeypatch, fast_loader):
    monkeypatch.setattr(yamlload, "_FAST_LOADER", fast_loader)
    with pytest.raises(YamlError) as err:
        parse_yaml("claims: " + "[" * 5000 + "]" * 5000 + "\n", "deep.yaml")
    # The document mapping is level 1, so the 50th bracket (column 9 + 49) opens level 51: our bound, not the library's.
    assert (err.value.line, err.value.col) == (1, 58)
    assert f"nested more than {MAX_DEPTH} levels" in err.value.message


@pytest.mark.parametrize("text", ["a: [1, 2\n", "\x1fa: 1\n", "a: {b: [c\n", "a:\n  - b\n - c\n", "a: 'x\n", "---\na: 1\n---\nb: 2\n"])
def test_malformed_yaml_is_reported_alike_whichever_parser_reads_first(monkeypatch, text):
    found = []
    for loader in (getattr(yaml, "CSafeLoader", yaml.SafeLoader), yaml.SafeLoader):
        monkeypatch.setattr(yamlload, "_FAST_LOADER", loader)
        with pytest.raises(YamlError) as err:
            parse_yaml(text, "f.yaml")
        found.append((err.value.line, err.value.col, err.value.message))
    assert found[0] == found[1]


def test_an_alias_is_its_anchors_value_with_the_anchors_positions_below_it():
    doc = parse_yaml("a: &x {k: 1, j: [2, 3]}\nb: *x\nc: [x, *x]\n", "f.yaml")
    assert doc.data == {"a": {"k": 1, "j": [2, 3]}, "b": {"k": 1, "j": [2, 3]}, "c": ["x", {"k": 1, "j": [2, 3]}]}
    assert doc.where(("b",)) == (2, 1)  # the key that holds the alias
    assert doc.where(("b", "j")) == (1, 14)  # inside: where the anchored text is
    assert doc.where(("c", 1, "j", 1)) == (1, 21)


@pytest.mark.parametrize(
    ("text", "line", "col", "fragment"),
    [
        ("a: &x [1, *x]\n", 1, 4, "contains it"),
        ("a: &x {k: v}\n? *x\n: 1\n", 1, 4, "plain words"),
        ("a: &s x\nb: &s [1]\nc: *s\nd: *nope\n", 4, 4, "undefined alias"),
        ("a: &d " + "[" * 30 + "]" * 30 + "\nb: " + "[" * 30 + "*d" + "]" * 30 + "\n", 1, 27, "after expanding aliases"),
    ],
)
def test_aliases_are_checked_as_the_text_they_stand_for(text, line, col, fragment):
    with pytest.raises(YamlError) as err:
        parse_yaml(text, "f.yaml")
    assert (err.value.line, err.value.col) == (line, col)
    assert fragment in err.value.message
