"""``check --changed-since REF``: check only the claims a change since REF can affect.

A claim is checked when its claims file changed, or when it cites a source
whose file changed (committed, staged, unstaged or untracked, as ``git diff
--name-only REF`` plus untracked files report them, run in the registry root).
Conflicts involving a checked claim are checked too. A change to the catalog or
to the subjects or properties vocabularies can alter any claim's verdict (a
source's path or date, a property's type), so it checks everything.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from checker.documents import changed_paths
from checker.engine import Selection, Selector
from checker.registry import CATALOG, VOCABULARY_FILES, Registry

MAX_NAMED_FILES = 5
"""Changed files named in the note; the rest are counted."""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _named(paths: list[str]) -> str:
    shown = ", ".join(paths[:MAX_NAMED_FILES])
    return shown + (f" and {len(paths) - MAX_NAMED_FILES} more" if len(paths) > MAX_NAMED_FILES else "")


def selection_for(registry: Registry, changed: frozenset[str], ref: str) -> Selection:
    """The part of ``registry`` that files ``changed`` (posix paths relative to the root) can affect."""
    global_changes = sorted(changed & {CATALOG, *VOCABULARY_FILES})
    if global_changes:
        note = f"--changed-since {ref}: {_named(global_changes)} changed, which can affect every claim: checked everything"
        return Selection(frozenset(registry.claim_files), frozenset(registry.sources), (note,))
    source_paths = {PurePosixPath("sources", entry.path).as_posix(): sid for sid, entry in registry.sources.items()}
    changed_sources = frozenset(source_paths[p] for p in changed if p in source_paths)
    claim_files = frozenset(p for p in changed if p.startswith("claims/") and p.endswith((".yaml", ".yml")))
    selection = Selection(claim_files, changed_sources)
    relevant = sorted(claim_files | {p for p in changed if p in source_paths})
    checked = sum(1 for c in registry.claims if selection.includes(c))
    read = selection.sources_to_read(registry)
    if not relevant:
        note = f"--changed-since {ref}: no claims file or catalogued source changed; skipped all {len(registry.claims)} claims"
    else:
        note = (
            f"--changed-since {ref}: checked {checked} of {len(registry.claims)} claims (in changed claims files or citing "
            f"changed sources: {_named(relevant)}) and the conflicts involving them; skipped {_count(len(registry.claims) - checked, 'claim')} "
            f"and {_count(len(registry.sources) - len(read), 'source')} that nothing changed touches"
        )
    return Selection(claim_files, changed_sources, (note,))


def since(root: Path, ref: str) -> Selector:
    """A selector for ``run_check``; asks git now, so a bad ref or a missing repository fails before any work.

    Raises ``GitError`` with a one-line message.
    """
    changed = changed_paths(root, ref)

    def select(registry: Registry) -> Selection:
        return selection_for(registry, changed, ref)

    return select
