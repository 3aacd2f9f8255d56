"""The package's layers stay layered: every import points down, and across layers only at a layer's exports.

The order is data: a module may import its own layer and the layers listed
before it. ``findings`` is used by every layer; the faces (reporters, commands,
cli, plugin) sit on top and may import everything.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import checker

LAYERS = ("findings", "store", "documents", "values", "registry", "quotes", "conflicts", "engine", "repair", "faces")
FACES = {"reporters", "commands", "cli", "plugin", "__main__", "schemas"}
SUB_PACKAGES = ("store", "documents", "registry", "quotes", "conflicts", "engine", "repair")
PACKAGE = Path(checker.__file__).parent


def layer_of(module: str) -> str | None:
    """The layer of a dotted ``checker.…`` module name; None for the package itself."""
    parts = module.split(".")
    if parts[0] != "checker" or len(parts) < 2:
        return None
    return "faces" if parts[1] in FACES else parts[1]


def imported_modules(node: ast.AST) -> list[str]:
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        return [node.module]
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    return []


def violations(package: Path) -> list[str]:
    """Every import in ``package`` that points up a layer, or into another layer's private module."""
    found = []
    for path in sorted(package.rglob("*.py")):
        module = ".".join(("checker", *path.relative_to(package).with_suffix("").parts)).removesuffix(".__init__")
        own = layer_of(module)
        if own is None:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            for target in imported_modules(node):
                other = layer_of(target)
                if other is None or other == own:
                    continue
                where = f"{path.relative_to(package).as_posix()}:{node.lineno}"
                if LAYERS.index(other) > LAYERS.index(own):
                    found.append(f"{where}: {own} imports the higher layer {other} ({target})")
                elif other in SUB_PACKAGES and target != f"checker.{other}":
                    found.append(f"{where}: {own} imports {target}, a private module of {other}; import from checker.{other}")
    return found


def test_every_module_belongs_to_a_known_layer() -> None:
    tops = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").is_file()}
    unknown = {t for t in tops - {"__init__"} if layer_of(f"checker.{t}") not in LAYERS}
    assert not unknown


def test_every_import_points_down_and_at_exports() -> None:
    assert violations(PACKAGE) == []


def test_each_layer_says_what_it_does_and_may_import() -> None:
    for name in SUB_PACKAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / name / "__init__.py").read_text("utf-8")))
        assert doc and "May import" in doc, name


@pytest.mark.parametrize(
    ("module", "line", "expected"),
    [
        ("documents/catalog.py", "from checker.registry import Registry", "documents imports the higher layer registry"),
        ("quotes/verify.py", "from checker.engine import Report", "quotes imports the higher layer engine"),
        ("registry/model.py", "import checker.quotes.matcher", "registry imports the higher layer quotes"),
        ("engine/check.py", "from checker.quotes.matcher import locate", "a private module of quotes"),
    ],
)
def test_a_planted_bad_import_is_caught(tmp_path: Path, module: str, line: str, expected: str) -> None:
    copy = tmp_path / "checker"
    for path in PACKAGE.rglob("*.py"):
        target = copy / path.relative_to(PACKAGE)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    assert violations(copy) == []
    planted = copy / module
    planted.write_text(planted.read_text("utf-8") + f"\n\ndef _planted() -> None:\n    {line}\n", "utf-8")
    found = violations(copy)
    assert len(found) == 1 and expected in found[0] and found[0].startswith(module), found


LAZY_PROBE = """
import importlib, sys, types
first, package = sys.argv[1], sys.argv[2]
importlib.import_module(first)                     # e.g. the submodule that has an export's name, imported first
layer = importlib.import_module(package)
values = {name: getattr(layer, name) for name in layer.__all__}
print(sorted(name for name, value in values.items() if isinstance(value, types.ModuleType)))
print(sorted(set(layer.__all__) - set(dir(layer))))
try:
    layer.no_such_name
except AttributeError:
    print("AttributeError")
"""


@pytest.mark.parametrize(("first", "package"), [
    ("checker.documents.normalise", "checker.documents"),  # exports the function normalise
    ("checker.engine.coverage", "checker.engine"),  # exports the function coverage
    ("checker.conflicts.discover", "checker.conflicts"),  # exports the function discover
    ("checker.registry", "checker.registry"),
    ("checker.quotes", "checker.quotes"),
    ("checker.values", "checker.values"),
])
def test_a_lazy_layer_exports_every_name_and_never_a_submodule_in_its_place(first: str, package: str) -> None:
    """Layer packages import their exports on first use (checker.lazy_layer): each name in ``__all__`` resolves, an
    export that shares its module's name is the export even when that module was imported first, and a name the layer
    does not export is an AttributeError. In a fresh interpreter, where nothing is imported yet."""
    done = subprocess.run([sys.executable, "-c", LAZY_PROBE, first, package], capture_output=True, text=True, timeout=60, check=False)
    assert done.stderr == "" and done.stdout.splitlines() == ["[]", "[]", "AttributeError"]
