"""The few git questions claimcheck asks, answered by the ``git`` command.

Used by ``check --changed-since`` (which files changed since a ref) and by
``repin`` (earlier versions of a source, to learn the text that surrounded a
quote when it still stood). Every question runs in the registry root, so the
registry may sit anywhere inside a repository; paths are posix and relative to
the root. Nothing here changes the repository.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

GIT_TIMEOUT = 60
"""Seconds before a git command is abandoned (a hung credential prompt, a huge repository)."""


class GitError(Exception):
    """A git question that cannot be answered; the message is one line for people."""


def _git(root: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed (needed to find what changed)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took more than {GIT_TIMEOUT}s") from None
    if done.returncode != 0:
        lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(lines[-1] if lines else f"git {args[0]} failed (exit {done.returncode})")
    return done.stdout


def require_repository(root: Path) -> None:
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except GitError:
        raise GitError(f"{root} is not inside a git repository") from None


def resolve_commit(root: Path, ref: str) -> str:
    """The commit ``ref`` names; GitError when it names none."""
    require_repository(root)
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a git ref")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown git ref {ref!r}") from None


def changed_paths(root: Path, ref: str) -> frozenset[str]:
    """Files under ``root`` that differ from ``ref``: committed, staged, unstaged or untracked."""
    commit = resolve_commit(root, ref)
    tracked = _git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", commit, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    names = (tracked + untracked).decode("utf-8", "surrogateescape").split("\0")
    return frozenset(name for name in names if name)


def earlier_version_bytes(root: Path, rel: str, limit: int) -> Iterator[tuple[str, bytes]]:
    """``(label, bytes)`` of ``rel`` as staged, then as committed, newest first (at most ``limit`` commits).

    Yields nothing outside a repository.
    """
    try:
        require_repository(root)
        commits = _git(root, "log", f"-n{limit}", "--format=%H", "--", rel).decode().split()
    except GitError:
        return
    for label, spec in (("as staged in git", f":./{rel}"), *((f"at commit {c[:10]}", f"{c}:./{rel}") for c in commits)):
        try:
            yield label, _git(root, "show", spec)
        except GitError:
            continue


def earlier_versions(root: Path, rel: str, limit: int) -> Iterator[tuple[str, str]]:
    """``(label, text)`` of ``rel``, as ``earlier_version_bytes``; versions that are not UTF-8 are skipped."""
    for label, data in earlier_version_bytes(root, rel, limit):
        try:
            yield label, data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
