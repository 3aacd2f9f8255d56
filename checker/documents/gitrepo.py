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

from checker.documents.catalog import MAX_SOURCE_BYTES

MAX_VERSION_BYTES = MAX_SOURCE_BYTES
"""An earlier version of a source larger than this is not read, as the source itself would not be."""
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
        lines = [line.strip() for line in done.stderr.decode("utf-8", "replace").strip().splitlines() if line.strip()]
        if lines and "dubious ownership" in lines[0]:
            # git's own words and its remedy, not a guess: the repository belongs to another user.
            raise DubiousOwnership(f"{lines[0].removeprefix('fatal: ')}; if you trust it: {lines[-1]}")
        raise GitError(lines[-1] if lines else f"git {args[0]} failed (exit {done.returncode})")
    return done.stdout


class DubiousOwnership(GitError):
    """git refuses a repository owned by another user (``safe.directory``)."""


def require_repository(root: Path) -> None:
    try:
        _git(root, "rev-parse", "--is-inside-work-tree")
    except DubiousOwnership:
        raise
    except GitError:
        raise GitError(f"{root} is not inside a git repository") from None


def _shallow_hint(root: Path) -> str:
    try:
        shallow = _git(root, "rev-parse", "--is-shallow-repository").strip() == b"true"
    except GitError:
        return ""
    return ("; this is a shallow clone, which holds only the newest commits: fetch more history "
            "(git fetch --unshallow, or fetch-depth: 0 in actions/checkout)") if shallow else ""


def resolve_commit(root: Path, ref: str) -> str:
    """The commit ``ref`` names; GitError when it names none."""
    require_repository(root)
    if ref.startswith("-"):
        raise GitError(f"{ref!r} is not a git ref")
    try:
        return _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"unknown git ref {ref!r}{_shallow_hint(root)}") from None


def changed_paths(root: Path, ref: str) -> frozenset[str]:
    """Files under ``root`` that differ from ``ref``: committed, staged, unstaged or untracked."""
    commit = resolve_commit(root, ref)
    tracked = _git(root, "diff", "--name-only", "--no-renames", "--relative", "-z", commit, "--")
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z")
    names = (tracked + untracked).decode("utf-8", "surrogateescape").split("\0")
    return frozenset(name for name in names if name)


def earlier_version_bytes(root: Path, rel: str, limit: int, max_bytes: int = MAX_VERSION_BYTES) -> Iterator[tuple[str, bytes]]:
    """``(label, bytes)`` of ``rel`` as staged, then as committed, newest first (at most ``limit`` commits).

    The staged version is yielded only when it differs from the last commit's (a file merely
    committed is "at commit …", not "staged"). Yields nothing outside a repository. A version
    over ``max_bytes`` is skipped: its size is asked of git first (``git cat-file -s``), so it is
    never read into memory.
    """
    try:
        require_repository(root)
        commits = _git(root, "log", f"-n{limit}", "--format=%H", "--", rel).decode().split()
    except GitError:
        return
    staged = _blob(root, f":./{rel}", max_bytes)
    newest = _blob(root, f"{commits[0]}:./{rel}", max_bytes) if commits else None
    if staged is not None and staged != newest:
        yield "as staged in git", staged
    for commit in commits:
        data = newest if commit == commits[0] else _blob(root, f"{commit}:./{rel}", max_bytes)
        if data is not None:
            yield f"at commit {commit[:10]}", data


def _blob(root: Path, spec: str, max_bytes: int) -> bytes | None:
    try:
        if int(_git(root, "cat-file", "-s", spec)) > max_bytes:
            return None
        return _git(root, "cat-file", "blob", spec)
    except (GitError, ValueError):
        return None


def earlier_versions(root: Path, rel: str, limit: int) -> Iterator[tuple[str, str]]:
    """``(label, text)`` of ``rel``, as ``earlier_version_bytes``; versions that are not UTF-8 are skipped."""
    for label, data in earlier_version_bytes(root, rel, limit):
        try:
            yield label, data.decode("utf-8-sig")
        except UnicodeDecodeError:
            continue
