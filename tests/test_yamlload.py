import pytest

from checker.registry.yamlload import MAX_NODES, YamlError, parse_yaml


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
