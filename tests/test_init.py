"""``claimcheck init``: a new registry in its own git repository works at once; ``claimcheck help`` has every topic messages name."""

import ast
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from checker.cli import main
from checker.commands.help import topics
from checker.commands.init import scaffold_files
from tests.conftest import REPO

PACKAGE = REPO / "checker"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.email=t@example.org", "-c", "user.name=t", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def registry(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    root = tmp_path / "newsroom"
    root.mkdir()
    git(root, "init", "-q")
    assert main(["init", str(root)]) == 0
    assert "created a claimcheck registry" in capsys.readouterr().out
    return root


def test_init_writes_a_registry_that_passes_check(registry: Path, capsys: pytest.CaptureFixture[str]):
    for rel in ("claimcheck.toml", "sources/catalog.yaml", "sources/example.txt", "claims/subjects.yaml", "claims/properties.yaml",
                "claims/example.yaml", ".pre-commit-config.yaml", ".github/workflows/claimcheck.yml", ".gitignore", ".claimcheck/schemas/claims.schema.json"):
        assert (registry / rel).is_file(), rel
    assert main(["check", "--root", str(registry), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["claims"] == 2 and report["summary"]["passed"] == 2 and report["findings"] == []


def test_init_registry_passes_pytest_in_its_own_repository(registry: Path):
    """A separate process in the new repository, as its CI runs it: the plugin finds claimcheck.toml and collects."""
    done = subprocess.run([sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider"], cwd=registry, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:]
    assert "claims/example.yaml::example-council-31-members PASSED" in done.stdout
    assert "claimcheck.toml::coverage PASSED" in done.stdout
    assert re.search(r"\b10 passed\b", done.stdout)


def test_init_schemas_resolve_where_the_registry_lives_and_validate_offline(registry: Path):
    for path in [*registry.glob("claims/*.yaml"), registry / "sources/catalog.yaml"]:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        target = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert target.is_file() and target.is_relative_to(registry), (path, target)
        schema = json.loads(target.read_text(encoding="utf-8"))
        assert "claimcheck.invalid" not in json.dumps(schema)
        jsonschema.validate(yaml.safe_load(path.read_text(encoding="utf-8")), schema)  # local refs only: no network


def test_init_refuses_a_directory_with_files_and_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    assert main(["init", str(tmp_path)]) == 2
    assert "not empty" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_creates_a_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["init", str(tmp_path / "a" / "b")]) == 0
    assert (tmp_path / "a/b/claims/example.yaml").is_file()
    capsys.readouterr()


def test_scaffold_schemas_are_the_packages_own():
    files = scaffold_files()
    for schema in (PACKAGE / "schemas").glob("*.schema.json"):
        assert files[f".claimcheck/schemas/{schema.name}"] == schema.read_text(encoding="utf-8")


# -- documentation users have ----------------------------------------------------------
def test_every_help_topic_named_anywhere_exists(capsys: pytest.CaptureFixture[str]):
    named: set[str] = set()
    for path in [*PACKAGE.rglob("*.py"), *(p for p in (PACKAGE / "scaffold").rglob("*") if p.is_file()), *(REPO / "docs").glob("*.md")]:
        named.update(re.findall(r"claimcheck help ([a-z][a-z-]*)", path.read_text(encoding="utf-8")))
    assert named and named <= set(topics()), named - set(topics())
    for topic in sorted(named):
        assert main(["help", topic]) == 0
        assert capsys.readouterr().out.startswith("#")


def test_no_message_points_at_a_file_of_the_source_repository():
    """String constants outside docstrings (messages, help texts) never name docs/*.md."""
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings and re.search(r"docs/[a-z-]+\.md", node.value):
                offenders.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert offenders == []


def test_help_lists_topics_and_refuses_unknown_ones(capsys: pytest.CaptureFixture[str]):
    assert main(["help"]) == 0
    listed = capsys.readouterr().out
    assert "bad-input" in listed and "config" in listed and "registry" in listed
    assert main(["help", "nope"]) == 2
    assert "no help topic" in capsys.readouterr().err


# -- pre-commit, installed from this repository as its users install it -------------------
@pytest.mark.slow
def test_pre_commit_try_repo_passes_on_a_new_registry(registry: Path, tmp_path: Path):
    """`pre-commit try-repo` builds the hook's environment from a git repository of claimcheck
    (pip installs it and its dependencies from PyPI: about two minutes, so marked slow; .ci/run runs it)."""
    hooks_repo = tmp_path / "claimcheck-repo"
    for part in ("checker", "docs"):
        shutil.copytree(REPO / part, hooks_repo / part, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    for part in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy(REPO / part, hooks_repo / part)
    git(hooks_repo, "init", "-q")
    git(hooks_repo, "add", "-A")
    git(hooks_repo, "commit", "-qm", "claimcheck")
    git(registry, "add", "-A")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    done = subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hooks_repo), "claimcheck", "--all-files"],
                          cwd=registry, capture_output=True, text=True, timeout=900, env=env)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert re.search(r"claimcheck\.+Passed", done.stdout)
