"""``claimcheck init [DIR]``: scaffold a working registry in an empty directory.

Writes the settings file, a catalog with one example source, the subjects and
properties vocabularies, one claims file whose claims pass, a pre-commit config,
a GitHub Actions workflow, a ``.gitignore`` for the cache, and the JSON Schemas
under ``.claimcheck/schemas/``. The YAML files name those schemas by a relative
path, so an editor validates them wherever the registry lives, with no network.
A directory holding anything but ``.git`` is refused: init never overwrites.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from checker import __version__
from checker.commands.common import UsageError
from checker.reporters.escape import visible

NAME = "init"
HELP = "scaffold a working registry (example source and claims, settings, pre-commit, CI) in an empty directory"
SCHEMAS_DIR = ".claimcheck/schemas"
_DOT = "dot-"
"""Template names starting with this are written with a leading dot (package data globs skip dotfiles)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR", help="where to create the registry (default: .); created if missing, must be empty")


def scaffold_files() -> dict[str, str]:
    """Every file init writes, by posix path relative to the registry root."""
    files: dict[str, str] = {}
    _gather(resources.files("checker") / "scaffold", "", files)
    for schema in sorted(resources.files("checker.schemas").iterdir(), key=lambda t: t.name):
        if schema.name.endswith(".schema.json"):
            files[f"{SCHEMAS_DIR}/{schema.name}"] = schema.read_text("utf-8")
    return {path: text.replace("__VERSION__", __version__) for path, text in sorted(files.items())}


def _gather(folder: Traversable, prefix: str, files: dict[str, str]) -> None:
    for entry in folder.iterdir():
        name = "." + entry.name[len(_DOT):] if entry.name.startswith(_DOT) else entry.name
        if entry.is_dir():
            _gather(entry, f"{prefix}{name}/", files)
        elif entry.is_file():
            files[f"{prefix}{name}"] = entry.read_text("utf-8")


def run(args: argparse.Namespace) -> int:
    root = Path(args.directory)
    if root.exists() and not root.is_dir():
        raise UsageError(f"{args.directory}: not a directory")
    present = sorted(p.name for p in root.iterdir() if p.name != ".git") if root.is_dir() else []
    if present:
        raise UsageError(f"{args.directory}: not empty ({', '.join(present[:3])}{', …' if len(present) > 3 else ''}); init writes only into an empty directory")
    files = scaffold_files()
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
    where = visible(args.directory)  # a directory name can hold anything a terminal would act on
    enter = "" if root.resolve() == Path.cwd().resolve() else f"cd {where} && "
    sys.stdout.write(
        f"created a claimcheck registry in {where}: {len(files)} files\n"
        f"next: {enter}claimcheck check && python3 -m pytest\n"
        "then replace the example source and claims with your own (claimcheck help registry)\n"
    )
    return 0
